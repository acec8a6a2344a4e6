"""Feed ids are distinct; entry ids survive rebuilds, new slugs, new URL patterns and timezones."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import attrs
import coachcontent_feeds
import feedparser
from lxml import etree

from coachcontent import Site, UrlScheme

ATOM = "{http://www.w3.org/2005/Atom}"


def test_every_atom_feed_has_its_own_id_and_self_link(site: Site, build: Callable[..., Path]) -> None:
    out = build(site)
    ids, selves = [], []
    for path in sorted(out.rglob("atom.xml")):
        root = etree.parse(str(path)).getroot()
        ids.append(root.findtext(f"{ATOM}id"))
        self_link = root.find(f"{ATOM}link[@rel='self']").get("href")
        assert self_link == site.absolute_url("/" + path.relative_to(out).as_posix())
        selves.append(self_link)
    assert len(ids) == 10
    assert len(set(ids)) == len(ids)
    assert len(set(selves)) == len(selves)


def test_every_rss_and_json_feed_names_itself(site: Site, build: Callable[..., Path]) -> None:
    out = build(site)
    for path in sorted(out.rglob("feed.xml")):
        url = site.absolute_url("/" + path.relative_to(out).as_posix())
        links = feedparser.parse(path.read_bytes()).feed.links
        assert [link.href for link in links if link.rel == "self"] == [url]
    for path in sorted(out.rglob("feed.json")):
        url = site.absolute_url("/" + path.relative_to(out).as_posix())
        assert json.loads(path.read_text(encoding="utf-8"))["feed_url"] == url


def test_entry_ids_are_tag_uris_of_the_host_and_first_publication(site: Site) -> None:
    post = site.post("listening-first")
    assert coachcontent_feeds.entry_id(site, post) == "tag:coach.example,2024-03-05:posts/2024-03-05-listening-first"


def test_entry_id_survives_a_new_slug_and_a_new_url_pattern(site: Site, make_site) -> None:
    before = {post.slug: coachcontent_feeds.entry_id(site, post) for post in site.posts}
    renamed = tuple(attrs.evolve(post, slug=f"{post.slug}-renamed") for post in site.posts)
    moved = make_site(posts=renamed, urls=UrlScheme(post="/blog/{slug}/"))
    after = {post.slug.removesuffix("-renamed"): coachcontent_feeds.entry_id(moved, post) for post in moved.posts}
    assert after == before
    parsed = feedparser.parse(coachcontent_feeds.render_feed(moved, format="atom"))
    assert parsed.entries[0].link == "https://coach.example/blog/listening-first-renamed/"
    assert parsed.entries[0].id == before["listening-first"]


def test_entry_id_does_not_depend_on_the_sites_timezone(site: Site, make_site) -> None:
    elsewhere = make_site(timezone="Pacific/Auckland")
    assert [coachcontent_feeds.entry_id(elsewhere, p) for p in elsewhere.posts] == [
        coachcontent_feeds.entry_id(site, p) for p in site.posts
    ]


def test_explicit_ids_and_authority(make_site, make_post) -> None:
    posts = (
        make_post(slug="a", id="https://old-blog.example/?p=12"),
        make_post(slug="b", id="episode 7/final"),
        make_post(slug="c", source_path=None),
    )
    site = make_site(posts=posts, feeds={"authority": "old-coach.example"})
    ids = [coachcontent_feeds.entry_id(site, post) for post in posts]
    assert ids == [
        "https://old-blog.example/?p=12",
        "tag:old-coach.example,2024-03-05:episode%207/final",
        "tag:old-coach.example,2024-03-05:c",
    ]


def test_the_same_post_has_the_same_id_in_every_format(site: Site) -> None:
    rss = feedparser.parse(coachcontent_feeds.render_feed(site, format="rss"))
    atom = feedparser.parse(coachcontent_feeds.render_feed(site, format="atom"))
    data = json.loads(coachcontent_feeds.render_feed(site, format="json"))
    expected = [coachcontent_feeds.entry_id(site, post) for post in site.posts_newest_first()]
    assert [e.id for e in rss.entries] == [e.id for e in atom.entries] == [i["id"] for i in data["items"]] == expected
    assert len(set(expected)) == len(expected)
