"""Explanations: what each shared term and word added, summing to the score."""

from __future__ import annotations

import coachcontent_related as related
import pytest
from related_testkit import post, random_site, site_of


def test_explanations_sum_to_the_scores_of_the_ranking() -> None:
    site = random_site(seed=21, posts=200, related={"recency_weight": 0.2})
    checked = 0
    for item in site.posts_newest_first():
        for relation in related.rank(site, item):
            why = related.explain(site, item, relation.post)
            assert why.score == relation.score  # the same sum, bit for bit
            assert why.relevance == relation.relevance
            assert why.total() == pytest.approx(why.score, rel=1e-12, abs=1e-15)
            assert why.total() - why.total("recency") == pytest.approx(why.relevance, rel=1e-12)
            assert why.shown and why.rank is not None
            checked += 1
    assert checked > 500


def test_an_explanation_names_terms_words_and_what_each_added() -> None:
    posts = [
        post(
            "a",
            tags=["trust", "feedback"],
            categories=["coaching"],
            body="<p>Candour needs trust; candour is a habit.</p>",
            day=1,
        ),
        post("b", tags=["trust"], categories=["coaching"], body="<p>Candour, always.</p>", day=2),
        post("c", tags=["feedback"], day=3),
        post("d", body="<p>A habit of candour</p>", day=4),
    ]
    site = site_of(posts, related={"threshold": 0.0})
    why = related.explain(site, site.post("a"), site.post("b"))
    found = {(c.signal, c.taxonomy, c.feature) for c in why.contributions}
    assert found == {
        ("tree", "categories", "coaching"),
        ("terms", "tags", "trust"),
        ("text", "", "candour"),
    }
    for contribution in why.contributions:
        assert contribution.value > 0
        assert "idf" in contribution.detail
    candour = next(c for c in why.contributions if c.feature == "candour")
    assert candour.detail.startswith("tf 2 and 1,")
    assert why.status == "shown at place 1 of 5 (scored)"


def test_explanations_of_what_is_not_shown() -> None:
    posts = [post(f"p{i}", tags=["trust"], day=i) for i in range(5)]
    posts.append(post("loner", tags=["pricing"], day=9))
    posts.append(post("z", tags=["pricing"], day=10))
    site = site_of(posts, related={"limit": 2})
    start = site.post("p0")
    beyond = related.explain(site, start, site.post("p2"))
    assert not beyond.shown and beyond.rank == 3
    assert beyond.status == "ranked 3, beyond the limit of 2"
    below = related.explain(site, start, site.post("loner"))
    assert below.rank is None and "below the threshold" in below.status
    assert below.contributions == () and below.score == 0.0
    itself = related.explain(site, start, start)
    assert itself.status == "it is the post itself"


def test_the_report_prints_every_contribution() -> None:
    posts = [
        post("a", tags=["trust"], title="Slow trust", day=1),
        post("b", tags=["trust"], title="Fast trust", day=2),
    ]
    site = site_of(posts)
    text = related.format_explanation(site, related.explain(site, posts[0], posts[1]))
    assert text.splitlines()[0] == "Why 'Fast trust' (b) for 'Slow trust' (a):"
    lines = text.splitlines()
    assert "tags         +1.0000  trust  (in 2 of 2 posts, idf 0.693; weight 1 × 1.000 × 1.000)" in lines[3]
    # "trust" is in both titles (so 3 times each); "slow" and "fast" are in one post
    # each, so they cannot be keywords: "trust" is each post's only one.
    assert lines[4] == (
        "      words        +1.0000  trust  (tf 3 and 3, in 2 of 2 posts, idf 0.693; weight 1 × 1.000 × 1.000)"
    )
    assert lines[-1] == "  relevance 2.0000 + recency 0.0000 = score 2.0000"
