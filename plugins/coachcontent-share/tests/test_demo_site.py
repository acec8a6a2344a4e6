"""The bundled demo site: share links, Open Graph and JSON-LD of every post and page."""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import parse_qsl, urlsplit

import coachcontent_share
import pytest

import coachcontent
from coachcontent import JsonLd, MetaTag, Site, View


@pytest.fixture(scope="module")
def demo() -> Site:
    return coachcontent.load_site(coachcontent.demo_path(), selection=coachcontent.PluginSelection(enabled=["share"]))


def _head(site: Site, view: View) -> tuple[dict[str, list[str]], list[dict[str, Any]]]:
    meta: dict[str, list[str]] = {}
    objects = []
    for element in coachcontent_share.head_metadata(site, view):
        if isinstance(element, MetaTag):
            meta.setdefault(element.key, []).append(element.content)
        elif isinstance(element, JsonLd):
            objects.append(json.loads(coachcontent_share.jsonld_script(element)))
    return meta, objects


def test_every_post_shares_its_title_and_url(demo: Site) -> None:
    posts = demo.posts_newest_first()
    assert posts
    for post in posts:
        url = demo.absolute_url(demo.url_for(post))
        links = coachcontent_share.share_links(demo, post)
        assert [link.network for link in links] == list(coachcontent_share.DEFAULT_NETWORKS)
        for link in links:
            split = urlsplit(link.url)
            assert split.scheme in {"https", "mailto"}
            params = dict(parse_qsl(split.query, strict_parsing=True))
            assert link.rel == "noopener"
            if link.network == "x":
                assert (params["text"], params["url"]) == (post.title, url)
            if link.network == "email":
                assert params["subject"] == post.title
                assert params["body"].endswith(url)
            if link.network in {"bluesky", "mastodon"}:
                assert params["text"].startswith(f"{post.title}")
                assert url in params["text"]


def test_every_post_page_has_open_graph_and_blog_posting(demo: Site) -> None:
    for post in demo.posts_newest_first():
        view = View(kind="post", url=demo.url_for(post), post=post)
        meta, objects = _head(demo, view)
        for key in ("og:title", "og:type", "og:url", "og:site_name", "og:locale"):
            assert key in meta, (post.slug, key)
        assert meta["og:type"] == ["article"]
        assert meta["og:url"] == [demo.absolute_url(view.url)]
        for image in meta.get("og:image", []):
            assert image.startswith("https://")
        for author in meta["article:author"]:
            assert author.startswith(demo.base_url + "/author/")
        posting = objects[0]
        assert posting["@type"] == "BlogPosting"
        for field in (
            "headline",
            "datePublished",
            "dateModified",
            "author",
            "mainEntityOfPage",
            "publisher",
            "url",
        ):
            assert posting[field], (post.slug, field)
        assert posting["headline"] == post.title
        assert all(person["@type"] == "Person" for person in posting["author"])
        crumbs = objects[-1]
        assert crumbs["@type"] == "BreadcrumbList"
        assert crumbs["itemListElement"][-1]["item"] == demo.absolute_url(view.url)


def test_every_page_has_a_web_page(demo: Site) -> None:
    for node in demo.page_tree():
        stack = [node]
        while stack:
            current = stack.pop()
            stack.extend(current.children)
            page = current.page
            view = View(kind="page", url=demo.url_for(page), page=page)
            meta, objects = _head(demo, view)
            assert meta["og:url"] == [demo.absolute_url(view.url)]
            web_page, crumbs = objects
            assert (web_page["@type"], web_page["name"]) == ("WebPage", page.title)
            assert [item["position"] for item in crumbs["itemListElement"]] == list(
                range(1, len(crumbs["itemListElement"]) + 1)
            )


def test_demo_home_and_follow_links(demo: Site) -> None:
    meta, (website,) = _head(demo, View(kind="home", url="/"))
    assert meta["og:url"] == [demo.base_url + "/"]
    assert website["@type"] == "WebSite"
    assert website["potentialAction"]["@type"] == "SearchAction"
    follow = coachcontent_share.follow_links(demo)
    assert [link.network for link in follow] == [profile.network for profile in demo.social]
    mastodon = [link for link in follow if link.network == "mastodon"]
    assert mastodon
    assert all("me" in link.rel.split() for link in mastodon)
