"""Every feed validates against the schemas and parses with feedparser, with the site's own values."""

from __future__ import annotations

import io
import json
import re
from collections.abc import Callable
from datetime import datetime
from email.utils import parsedate_to_datetime
from pathlib import Path

import coachcontent_feeds
import feedparser
import pytest
from lxml import etree

import coachcontent
from coachcontent import Site

RFC822 = re.compile(
    r"^(Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d\d (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{4} \d\d:\d\d:\d\d [+-]\d{4}$"
)
RFC3339 = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:Z|[+-]\d\d:\d\d)$")
ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.fixture(scope="module")
def demo_site() -> Site:
    return coachcontent.load_site(coachcontent.demo_path())


def test_every_feed_of_the_test_site_is_valid(site: Site, build: Callable[..., Path], check_feeds) -> None:
    found = check_feeds(build(site))
    scopes = coachcontent_feeds.feed_scopes(site)
    assert {len(paths) for paths in found.values()} == {len(scopes)}
    # site, business, sales, closing, leadership, trust, listening, the-quiet-hour, maren, theo
    assert len(scopes) == 10


def test_every_feed_of_the_demo_is_valid(demo_site: Site, build: Callable[..., Path], check_feeds) -> None:
    out = build(demo_site)
    found = check_feeds(out)
    assert (
        len(found["rss"]) == len(found["atom"]) == len(found["json"]) == len(coachcontent_feeds.feed_scopes(demo_site))
    )
    assert (out / "feed.xml").is_file() and (out / "atom.xml").is_file() and (out / "feed.json").is_file()


def _expected_categories(site: Site, post: coachcontent.Post) -> list[str]:
    return [site.term(t.name, slug).name for t in site.taxonomies for slug in post.terms_of(t.name)]


@pytest.mark.parametrize("fmt", ["rss", "atom"])
def test_demo_site_feed_parses_to_the_sites_values(demo_site: Site, fmt: str) -> None:
    parsed = feedparser.parse(coachcontent_feeds.render_feed(demo_site, format=fmt))
    posts = demo_site.posts_newest_first()[:20]
    assert parsed.feed.title == demo_site.title
    assert [entry.title for entry in parsed.entries] == [post.title for post in posts]
    assert [entry.link for entry in parsed.entries] == [demo_site.absolute_url(demo_site.url_for(p)) for p in posts]
    for entry, post in zip(parsed.entries, posts, strict=True):
        # feedparser gives the date in UTC
        assert tuple(entry.published_parsed[:6]) == post.date.utctimetuple()[:6]
        assert [tag.term for tag in entry.tags] == _expected_categories(demo_site, post)
        assert entry.id == coachcontent_feeds.entry_id(demo_site, post)


def test_json_feed_of_the_demo_has_the_sites_values(demo_site: Site) -> None:
    data = json.loads(coachcontent_feeds.render_feed(demo_site, format="json"))
    posts = demo_site.posts_newest_first()[:20]
    assert [item["title"] for item in data["items"]] == [post.title for post in posts]
    for item, post in zip(data["items"], posts, strict=True):
        assert item.get("tags", []) == _expected_categories(demo_site, post)
        assert item["url"] == demo_site.absolute_url(demo_site.url_for(post))
        assert datetime.fromisoformat(item["date_published"]) == post.date
        assert RFC3339.match(item["date_published"]) and RFC3339.match(item["date_modified"])


def test_rss_dates_are_rfc822_with_a_zone(site: Site) -> None:
    root = etree.fromstring(coachcontent_feeds.render_feed(site, format="rss"))
    dates = [element.text for element in root.iter("pubDate", "lastBuildDate")]
    assert len(dates) == 6  # lastBuildDate and five published posts
    for text in dates:
        assert RFC822.match(text), text
        assert parsedate_to_datetime(text).utcoffset() is not None
    item_dates = [parsedate_to_datetime(e.text) for e in root.iter("pubDate")]
    assert item_dates == [post.date for post in site.posts_newest_first()]


def test_atom_dates_are_rfc3339_with_an_offset(site: Site) -> None:
    root = etree.fromstring(coachcontent_feeds.render_feed(site, format="atom"))
    dates = [element.text for element in root.iter(f"{ATOM}updated", f"{ATOM}published")]
    assert len(dates) == 11  # the feed's updated, and published and updated of five entries
    for text in dates:
        assert RFC3339.match(text), text
        assert datetime.fromisoformat(text).utcoffset() is not None


def test_lxml_element_writers_can_be_entered_again() -> None:
    # The RSS and Atom writers make the writers of repeating tags once per
    # document and enter them for every entry; this is the lxml behaviour they rely on.
    buffer = io.BytesIO()
    with etree.xmlfile(buffer, encoding="utf-8") as xf, xf.element("root", {"v": "2"}):
        tag = xf.element("x", {"a": "1 & 2"})
        for text in ("one", "two <3"):
            with tag:
                xf.write(text)
    assert buffer.getvalue() == b'<root v="2"><x a="1 &amp; 2">one</x><x a="1 &amp; 2">two &lt;3</x></root>'
