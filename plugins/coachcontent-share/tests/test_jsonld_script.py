"""JSON-LD written inside <script> cannot end the element, and parses back to the same data."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import coachcontent_share
import lxml.html
import pytest

from coachcontent import FrozenDict, JsonLd, Post, Site, View

HOSTILE = [
    "</script><script>alert(1)</script>",
    "</SCRIPT ><img src=x onerror=alert(1)>",
    "<!--<script>",
    "a & b > c < d",
    "line\u2028separator\u2029paragraph",
    'quote " and backslash \\',
    "emoji 🚀 and العربية",
]


def _page_with(script_json: str) -> str:
    return (
        "<!DOCTYPE html><html><head><title>t</title>"
        f'<script type="application/ld+json">{script_json}</script>'
        "</head><body><p>after</p></body></html>"
    )


@pytest.mark.parametrize("text", HOSTILE)
def test_value_cannot_end_the_script(text: str) -> None:
    obj = {"@context": "https://schema.org", "@type": "BlogPosting", "headline": text}
    document = lxml.html.document_fromstring(_page_with(coachcontent_share.jsonld_script(obj)))
    scripts = document.xpath("//script")
    assert len(scripts) == 1
    assert document.xpath("//img") == []
    assert json.loads(scripts[0].text) == obj
    assert [p.text for p in document.xpath("//body/p")] == ["after"]


def test_escapes_are_exactly_the_dangerous_characters() -> None:
    text = coachcontent_share.jsonld_script({"b": "</script>&\u2028", "a": "é"})
    assert text == '{"a": "é", "b": "\\u003c/script\\u003e\\u0026\\u2028"}'


def test_post_with_hostile_title_through_head_metadata(
    make_site: Callable[..., Site], make_post: Callable[..., Post]
) -> None:
    title = "</script><script>alert(1)</script>"
    post = make_post(title=title)
    site = make_site(posts=(post,))
    view = View(kind="post", url=site.url_for(post), post=post)
    scripts = [
        coachcontent_share.jsonld_script(e)
        for e in coachcontent_share.head_metadata(site, view)
        if isinstance(e, JsonLd)
    ]
    html = "".join(f'<script type="application/ld+json">{s}</script>' for s in scripts)
    document = lxml.html.document_fromstring(f"<html><head>{html}</head><body></body></html>")
    parsed: list[dict[str, Any]] = [json.loads(s.text) for s in document.xpath("//script")]
    assert len(parsed) == len(scripts) == 2
    assert parsed[0]["headline"] == title
    assert parsed[1]["itemListElement"][-1]["name"] == title
    assert all("<" not in script and ">" not in script for script in scripts)


def test_accepts_jsonld_frozen_and_plain_mappings_alike() -> None:
    data = {"@type": "Thing", "nested": {"z": 1, "a": [1, {"k": "v"}]}}
    as_jsonld = coachcontent_share.jsonld_script(JsonLd(data=data))
    assert as_jsonld == coachcontent_share.jsonld_script(data)
    assert as_jsonld == coachcontent_share.jsonld_script(FrozenDict(data))
    assert json.loads(as_jsonld) == data


def test_sorted_keys_make_output_independent_of_insertion_order() -> None:
    one = coachcontent_share.jsonld_script({"b": 1, "a": {"d": 2, "c": 3}})
    two = coachcontent_share.jsonld_script({"a": {"c": 3, "d": 2}, "b": 1})
    assert one == two == '{"a": {"c": 3, "d": 2}, "b": 1}'
