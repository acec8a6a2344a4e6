"""Open Graph, X card and schema.org JSON-LD for post, page, home, author and term views."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import coachcontent_share
import pytest

from coachcontent import JsonLd, MetaTag, Page, Post, Site, TermRef, View

POST_URL = "https://coach.example/2024/03/listening-first/"


def _meta(elements: tuple[object, ...]) -> list[tuple[str, str, str]]:
    return [(e.attribute, e.key, e.content) for e in elements if isinstance(e, MetaTag)]


def _jsonld(elements: tuple[object, ...]) -> list[dict[str, Any]]:
    return [json.loads(coachcontent_share.jsonld_script(e)) for e in elements if isinstance(e, JsonLd)]


def _post_view(site: Site) -> View:
    post = site.posts_newest_first()[0]
    return View(kind="post", url=site.url_for(post), title=post.title, post=post)


def test_post_open_graph_and_x_card(site: Site) -> None:
    elements = coachcontent_share.head_metadata(site, _post_view(site))
    assert _meta(elements) == [
        ("property", "og:title", "Listening First"),
        ("property", "og:type", "article"),
        ("property", "og:url", POST_URL),
        ("property", "og:description", "Why the first ten minutes decide & shape the rest."),
        ("property", "og:site_name", "Coach & Partners"),
        ("property", "og:locale", "en_US"),
        ("property", "og:image", "https://coach.example/images/listening.jpg"),
        ("property", "og:image:secure_url", "https://coach.example/images/listening.jpg"),
        ("property", "og:image:width", "1200"),
        ("property", "og:image:height", "630"),
        ("property", "og:image:alt", "Two chairs"),
        ("property", "article:published_time", "2024-03-05T09:30:00-06:00"),
        ("property", "article:author", "https://coach.example/author/maren/"),
        ("property", "article:section", "Sales Conversations"),
        ("property", "article:tag", "executive coaching"),
        ("property", "article:tag", "listening"),
        ("property", "article:tag", "Influence & Coalitions"),
        ("name", "twitter:card", "summary_large_image"),
        ("name", "twitter:site", "@coach_example"),
        ("name", "twitter:creator", "@maren_ol"),
        ("name", "twitter:image:alt", "Two chairs"),
    ]


def test_post_modified_time_and_multiple_authors(
    make_site: Callable[..., Site], make_post: Callable[..., Post]
) -> None:
    from datetime import UTC, datetime

    post = make_post(authors=("theo", "maren"), updated=datetime(2024, 4, 1, 12, 0, tzinfo=UTC))
    site = make_site(posts=(post,))
    meta = _meta(coachcontent_share.head_metadata(site, _post_view(site)))
    assert ("property", "article:modified_time", "2024-04-01T07:00:00-05:00") in meta
    assert [content for _, key, content in meta if key == "article:author"] == [
        "https://coach.example/author/theo/",
        "https://coach.example/author/maren/",
    ]
    # Theo has no X profile: the first author who has one is the creator.
    assert ("name", "twitter:creator", "@maren_ol") in meta
    (posting, _crumbs) = _jsonld(coachcontent_share.head_metadata(site, _post_view(site)))
    assert posting["dateModified"] == "2024-04-01T07:00:00-05:00"
    assert [a["name"] for a in posting["author"]] == ["Theo Vance", "Maren Okafor-Lind"]


def test_post_json_ld(site: Site) -> None:
    posting, crumbs = _jsonld(coachcontent_share.head_metadata(site, _post_view(site)))
    assert posting == {
        "@context": "https://schema.org",
        "@type": "BlogPosting",
        "headline": "Listening First",
        "url": POST_URL,
        "mainEntityOfPage": {"@type": "WebPage", "@id": POST_URL},
        "datePublished": "2024-03-05T09:30:00-06:00",
        "dateModified": "2024-03-05T09:30:00-06:00",
        "inLanguage": "en",
        "description": "Why the first ten minutes decide & shape the rest.",
        "author": [
            {
                "@type": "Person",
                "name": "Maren Okafor-Lind",
                "url": "https://coach.example/author/maren/",
            }
        ],
        "image": {
            "@type": "ImageObject",
            "url": "https://coach.example/images/listening.jpg",
            "width": 1200,
            "height": 630,
            "caption": "Two chairs",
        },
        "publisher": {
            "@type": "Organization",
            "name": "Coach & Partners",
            "url": "https://coach.example/",
            "logo": {"@type": "ImageObject", "url": "https://coach.example/images/logo.png"},
        },
        "isPartOf": {"@id": "https://coach.example/#website"},
        "articleSection": "Sales Conversations",
        "keywords": ["executive coaching", "listening", "Influence & Coalitions"],
    }
    assert crumbs == {
        "@context": "https://schema.org",
        "@type": "BreadcrumbList",
        "itemListElement": [
            {"@type": "ListItem", "position": 1, "name": "Home", "item": "https://coach.example/"},
            {
                "@type": "ListItem",
                "position": 2,
                "name": "Business Development",
                "item": "https://coach.example/category/business/",
            },
            {
                "@type": "ListItem",
                "position": 3,
                "name": "Sales Conversations",
                "item": "https://coach.example/category/business/sales/",
            },
            {"@type": "ListItem", "position": 4, "name": "Listening First", "item": POST_URL},
        ],
    }


def test_excerpt_points_at_the_full_article(make_site: Callable[..., Site], make_post: Callable[..., Post]) -> None:
    post = make_post(canonical_url="https://journal.example/articles/listening-first")
    site = make_site(posts=(post,))
    posting, _ = _jsonld(coachcontent_share.head_metadata(site, _post_view(site)))
    assert posting["isBasedOn"] == "https://journal.example/articles/listening-first"


def test_page_metadata(site: Site) -> None:
    page = site.page("about/contact")
    view = View(kind="page", url=site.url_for(page), page=page)
    elements = coachcontent_share.head_metadata(site, view)
    meta = _meta(elements)
    assert ("property", "og:type", "website") in meta
    assert ("property", "og:url", "https://coach.example/about/contact/") in meta
    assert ("name", "twitter:card", "summary") in meta
    assert not [key for _, key, _ in meta if key.startswith(("article:", "og:image"))]
    web_page, crumbs = _jsonld(elements)
    assert web_page == {
        "@context": "https://schema.org",
        "@type": "WebPage",
        "name": "Contact",
        "url": "https://coach.example/about/contact/",
        "description": "Write to us.",
        "inLanguage": "en",
        "isPartOf": {"@id": "https://coach.example/#website"},
        "datePublished": "2023-01-02T03:00:00-06:00",
        "dateModified": "2024-02-03T04:00:00-06:00",
    }
    assert [item["name"] for item in crumbs["itemListElement"]] == ["Home", "About", "Contact"]


def test_home_metadata_with_search_action(site: Site) -> None:
    elements = coachcontent_share.head_metadata(site, View(kind="home", url="/"))
    assert _meta(elements) == [
        ("property", "og:title", "Coach & Partners"),
        ("property", "og:type", "website"),
        ("property", "og:url", "https://coach.example/"),
        ("property", "og:description", "Executive coaching for leaders."),
        ("property", "og:site_name", "Coach & Partners"),
        ("property", "og:locale", "en_US"),
        ("name", "twitter:card", "summary"),
        ("name", "twitter:site", "@coach_example"),
    ]
    (website,) = _jsonld(elements)
    assert website["@type"] == "WebSite"
    assert website["@id"] == "https://coach.example/#website"
    assert website["url"] == "https://coach.example/"
    assert website["potentialAction"] == {
        "@type": "SearchAction",
        "target": {
            "@type": "EntryPoint",
            "urlTemplate": "https://coach.example/search/?q={search_term_string}",
        },
        "query-input": "required name=search_term_string",
    }


def test_search_action_configurable_or_absent(make_site: Callable[..., Site]) -> None:
    site = make_site(share={"search_url": "https://search.example/find?site=coach&q={search_term_string}"})
    (website,) = _jsonld(coachcontent_share.head_metadata(site, View(kind="home", url="/")))
    assert website["potentialAction"]["target"]["urlTemplate"] == (
        "https://search.example/find?site=coach&q={search_term_string}"
    )
    site = make_site(share={"search_url": ""})
    (website,) = _jsonld(coachcontent_share.head_metadata(site, View(kind="home", url="/")))
    assert "potentialAction" not in website


def test_author_view(site: Site) -> None:
    author = site.author("maren")
    view = View(kind="author", url=site.url_for(author), author=author)
    elements = coachcontent_share.head_metadata(site, view)
    meta = _meta(elements)
    assert ("property", "og:type", "profile") in meta
    assert ("property", "og:title", "Maren Okafor-Lind") in meta
    assert ("property", "og:description", "Coach to chief executives.") in meta
    assert ("property", "profile:first_name", "Maren") in meta
    assert ("property", "profile:last_name", "Okafor-Lind") in meta
    assert ("name", "twitter:creator", "@maren_ol") in meta
    person, crumbs = _jsonld(elements)
    assert person == {
        "@context": "https://schema.org",
        "@type": "Person",
        "name": "Maren Okafor-Lind",
        "url": "https://coach.example/author/maren/",
        "description": "Coach to chief executives.",
        "image": "https://coach.example/images/maren.jpg",
        "sameAs": ["https://maren.example/", "https://x.com/maren_ol", "https://hachyderm.io/@maren"],
    }
    assert crumbs["itemListElement"][-1]["item"] == "https://coach.example/author/maren/"


def test_term_and_archive_views(site: Site) -> None:
    term = TermRef(taxonomy="categories", slug="sales")
    view = View(kind="term", url=site.term_url("categories", "sales"), term=term)
    elements = coachcontent_share.head_metadata(site, view)
    assert ("property", "og:title", "Sales Conversations") in _meta(elements)
    collection, crumbs = _jsonld(elements)
    assert (collection["@type"], collection["url"]) == (
        "CollectionPage",
        "https://coach.example/category/business/sales/",
    )
    assert [item["name"] for item in crumbs["itemListElement"]] == [
        "Home",
        "Business Development",
        "Sales Conversations",
    ]
    archive = View(kind="archive", url="/2024/", title="Posts of 2024", year=2024)
    (collection,) = _jsonld(coachcontent_share.head_metadata(site, archive))
    assert (collection["name"], collection["url"]) == ("Posts of 2024", "https://coach.example/2024/")


def test_not_found_has_no_url_and_no_json_ld(site: Site) -> None:
    elements = coachcontent_share.head_metadata(site, View(kind="not-found", url="/404.html"))
    assert "og:url" not in [key for _, key, _ in _meta(elements)]
    assert _jsonld(elements) == []


def test_every_url_in_metadata_is_absolute(site: Site) -> None:
    for view in (
        _post_view(site),
        View(kind="home", url="/"),
        View(kind="page", url="/about/", page=site.page("about")),
        View(kind="author", url="/author/maren/", author=site.author("maren")),
    ):
        for _, key, content in _meta(coachcontent_share.head_metadata(site, view)):
            if key in {"og:url", "og:image", "og:image:secure_url", "article:author"}:
                assert content.startswith("https://coach.example/")


def test_parts_can_be_turned_off(make_site: Callable[..., Site]) -> None:
    site = make_site(share={"open_graph": False, "json_ld": False})
    elements = coachcontent_share.head_metadata(site, _post_view(site))
    assert {key.split(":")[0] for _, key, _ in _meta(elements)} == {"twitter"}
    assert _jsonld(elements) == []


def test_default_image_and_facebook_app_id(make_site: Callable[..., Site], make_post: Callable[..., Post]) -> None:
    post = make_post(image=None)
    site = make_site(
        posts=(post,),
        share={
            "default_image": "https://cdn.example/card.png",
            "default_image_width": 1200,
            "default_image_height": 630,
            "default_image_alt": "Logo on blue",
            "facebook_app_id": "987",
            "twitter_site": "@other_site",
        },
    )
    meta = _meta(coachcontent_share.head_metadata(site, _post_view(site)))
    assert ("property", "og:image", "https://cdn.example/card.png") in meta
    assert ("property", "og:image:width", "1200") in meta
    assert ("property", "og:image:alt", "Logo on blue") in meta
    assert ("property", "fb:app_id", "987") in meta
    assert ("name", "twitter:site", "@other_site") in meta


def test_svg_image_is_not_a_preview(make_site: Callable[..., Site], make_post: Callable[..., Post]) -> None:
    post = make_post(image="/images/diagram.svg")
    site = make_site(posts=(post,))
    meta = _meta(coachcontent_share.head_metadata(site, _post_view(site)))
    assert "og:image" not in [key for _, key, _ in meta]
    assert ("name", "twitter:card", "summary") in meta


@pytest.mark.parametrize(
    ("language", "locale"),
    [
        ("en", "en_US"),
        ("en-GB", "en_GB"),
        ("en-gb", "en_GB"),
        ("de", "de_DE"),
        ("de-CH", "de_CH"),
        ("de_AT", "de_AT"),
        ("pt", "pt_PT"),
        ("pt-BR", "pt_BR"),
        ("zh-Hant-TW", "zh_TW"),
        ("es-419", "es_ES"),
        ("tlh", None),
        ("", None),
    ],
)
def test_og_locale(language: str, locale: str | None) -> None:
    assert coachcontent_share.og_locale(language) == locale


def test_configured_locale_wins(make_site: Callable[..., Site]) -> None:
    site = make_site(language="tlh", share={"locale": "en_GB"})
    meta = _meta(coachcontent_share.head_metadata(site, View(kind="home", url="/")))
    assert ("property", "og:locale", "en_GB") in meta
    site = make_site(language="tlh")
    assert "og:locale" not in [
        key for _, key, _ in _meta(coachcontent_share.head_metadata(site, View(kind="home", url="/")))
    ]


def test_long_description_is_cut_at_a_word(make_site: Callable[..., Site], make_post: Callable[..., Post]) -> None:
    post = make_post(summary="<p>" + "word " * 100 + "</p>")
    site = make_site(posts=(post,), share={"description_length": 50})
    elements = coachcontent_share.head_metadata(site, _post_view(site))
    meta = {key: content for _, key, content in _meta(elements)}
    assert len(meta["og:description"]) <= 50
    assert meta["og:description"].endswith("word…")


def test_description_falls_back_to_body(make_site: Callable[..., Site], make_post: Callable[..., Post]) -> None:
    post = make_post(summary="", body="<h2>Start</h2><p>Then the <b>body</b>.</p>")
    site = make_site(posts=(post,))
    meta = _meta(coachcontent_share.head_metadata(site, _post_view(site)))
    assert ("property", "og:description", "Start Then the body.") in meta


def test_plain_text() -> None:
    assert (
        coachcontent_share.plain_text(
            "<p>One &amp; <em>two</em></p><p>Three<!-- note --> four</p><script>x()</script><ul><li>a</li></ul>"
        )
        == "One & two Three four a"
    )
    assert coachcontent_share.plain_text("") == ""


def test_metadata_is_deterministic(make_site: Callable[..., Site]) -> None:
    first, second = make_site(), make_site()
    for view_of in (_post_view, lambda s: View(kind="home", url="/")):
        a = coachcontent_share.head_metadata(first, view_of(first))
        b = coachcontent_share.head_metadata(second, view_of(second))
        assert a == b
        assert [coachcontent_share.jsonld_script(e) for e in a if isinstance(e, JsonLd)] == [
            coachcontent_share.jsonld_script(e) for e in b if isinstance(e, JsonLd)
        ]


def test_page_view_without_page_date(site: Site) -> None:
    page: Page = site.page("about")
    (web_page, _crumbs) = _jsonld(coachcontent_share.head_metadata(site, View(kind="page", url="/about/", page=page)))
    assert "datePublished" not in web_page
