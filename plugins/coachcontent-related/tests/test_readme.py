"""The README's worked example is what the code computes."""

from __future__ import annotations

from pathlib import Path

import coachcontent_related as related
from related_testkit import post, site_of

README = Path(__file__).parents[1] / "README.md"


def test_the_worked_example_prints_what_the_readme_shows() -> None:
    tree = [("sales", None), ("pricing", "sales"), ("proposals", "sales"), ("people", None)]
    posts = [
        post(
            "anchor-pricing",
            title="Anchor your price",
            tags=["negotiation", "leadership"],
            categories=["pricing"],
            body="<p>Name the price first and the anchor holds.</p>",
            day=9,
        ),
        post(
            "the-first-offer",
            title="The first offer",
            tags=["negotiation", "leadership", "podcast"],
            categories=["proposals"],
            body="<p>Whoever names the first price sets the anchor.</p>",
            day=8,
        ),
        post("p3", tags=["leadership"], categories=["sales"], body="<p>price</p>", day=1),
        post("p4", tags=["leadership"], categories=["sales"], day=2),
        post("p5", tags=["leadership", "podcast"], categories=["people"], day=3),
        post("p6", tags=["leadership", "podcast"], categories=["people"], day=4),
        post("p7", categories=["people"], day=5),
        post("p8", categories=["people"], body="<p>anchor</p>", day=6),
        post("p9", categories=["people"], day=7),
        post("p10", categories=["people"], day=0),
    ]
    site = site_of(posts, categories=tree)
    why = related.explain(site, site.post("anchor-pricing"), site.post("the-first-offer"))
    printed = related.format_explanation(site, why)
    assert printed in README.read_text(encoding="utf-8")
    assert why.score == related.rank(site, site.post("anchor-pricing"))[0].score
