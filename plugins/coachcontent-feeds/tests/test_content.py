"""What entries carry: absolute links, full text or summaries, authors, categories, clean text."""

from __future__ import annotations

import json
import logging
from collections.abc import Callable
from datetime import UTC, date, datetime
from pathlib import Path

import coachcontent_feeds
import feedparser
import lxml.html
import pytest
from coachcontent_feeds import FeedScope
from lxml import etree

from coachcontent import Site

ATOM = "{http://www.w3.org/2005/Atom}"
CONTENT = "{http://purl.org/rss/1.0/modules/content/}encoded"
DC = "{http://purl.org/dc/elements/1.1/}creator"


def _rss(site: Site, scope: FeedScope | None = None) -> etree._Element:
    return etree.fromstring(coachcontent_feeds.render_feed(site, scope, "rss"))


def test_relative_links_and_image_sources_become_absolute(site: Site) -> None:
    item = _rss(site).find("channel/item")
    body = lxml.html.fragment_fromstring(item.findtext(CONTENT), create_parent="div")
    hrefs = [a.get("href") for a in body.iter("a")]
    assert hrefs == [
        "https://coach.example/about/",
        "https://coach.example/2024/03/listening-first/notes/",
        "https://coach.example/2024/03/listening-first/#part-2",
        "mailto:hi@coach.example",
        "https://elsewhere.example/x",
    ]
    image = next(body.iter("img"))
    assert image.get("src") == "https://coach.example/2024/03/listening-first/chart.png"
    assert image.get("srcset") == (
        "https://coach.example/2024/03/listening-first/chart.png 1x, https://coach.example/img/chart@2x.png 2x"
    )
    assert "Elsewhere</a> &amp; more." in item.findtext(CONTENT)
    summary = lxml.html.fragment_fromstring(item.findtext("description"), create_parent="div")
    assert [a.get("href") for a in summary.iter("a")] == ["https://coach.example/about/"]


def test_html_without_relative_links_is_passed_through_unparsed(make_site, make_post) -> None:
    body = "<p>Go to <a href='https://a.example/'>A</a>.<br/>Odd   spacing kept</p>"
    site = make_site(posts=(make_post(body=body),))
    assert _rss(site).findtext(f"channel/item/{CONTENT}") == body


@pytest.mark.parametrize(
    ("body", "absolute"),
    [
        ('<p><A HREF="/contact/">Contact</A></p>', "https://coach.example/contact/"),
        ('<p><a href = "notes/">Notes</a></p>', "https://coach.example/2024/03/listening-first/notes/"),
        ("<p><img src=chart.png alt=Chart></p>", "https://coach.example/2024/03/listening-first/chart.png"),
        ('<p><video poster="/v.jpg" src="https://cdn.example/v.mp4"></video></p>', "https://coach.example/v.jpg"),
        # a srcset whose first candidate is absolute still has its others resolved
        (
            '<p><img src="https://cdn.example/a.png" srcset="https://cdn.example/a.png 1x, /b.png 2x"></p>',
            "https://coach.example/b.png 2x",
        ),
        ('<p><img src="https://cdn.example/a.png" SRCSET  =  "a.png 1x"></p>', "/listening-first/a.png 1x"),
        ('<p style="background: URL(/bg.png)">Styled</p>', "URL(https://coach.example/bg.png)"),
        ('<style>@import "/print.css";</style><p>Printed</p>', '@import "https://coach.example/print.css"'),
        ('<svg><a xlink:href="/diagram/">Diagram</a></svg>', "https://coach.example/diagram/"),
    ],
)
def test_links_a_quick_look_could_miss_are_made_absolute(make_site, make_post, body: str, absolute: str) -> None:
    site = make_site(posts=(make_post(body=body),))
    content = _rss(site).findtext(f"channel/item/{CONTENT}")
    assert absolute in content
    json_content = json.loads(coachcontent_feeds.render_feed(site, format="json"))["items"][0]["content_html"]
    assert json_content == content


def test_full_content_by_default_and_summaries_when_asked(make_site) -> None:
    full = make_site()
    short = make_site(feeds={"content": "summary"})
    assert _rss(full).find(f"channel/item/{CONTENT}") is not None
    item = _rss(short).find("channel/item")
    assert item.find(CONTENT) is None
    assert "first" in item.findtext("description")
    atom = etree.fromstring(coachcontent_feeds.render_feed(short, format="atom"))
    assert atom.find(f"{ATOM}entry/{ATOM}content") is None
    assert atom.find(f"{ATOM}entry/{ATOM}summary").get("type") == "html"
    data = json.loads(coachcontent_feeds.render_feed(short, format="json"))
    assert data["items"][0]["content_html"].startswith("<p>Why the <em>first</em>")
    assert data["items"][0]["summary"] == "Why the first ten minutes matter."


def test_item_limit(make_site) -> None:
    assert len(_rss(make_site(feeds={"limit": 2})).findall("channel/item")) == 2
    assert len(_rss(make_site(feeds={"limit": 0})).findall("channel/item")) == 5


def test_drafts_and_future_posts_stay_out(site: Site) -> None:
    titles = [title.text for title in _rss(site).iter("title")]
    assert "Unfinished thoughts" not in titles
    assert "From the future" not in titles
    sales = _rss(site, FeedScope.for_term("categories", "sales"))
    assert [t.text for t in sales.findall("channel/item/title")] == [
        "Listening First",
        "Closing <without> \"pressure\" & 'tricks' 🎯",
    ]


def test_category_feed_includes_descendants_unless_switched_off(make_site) -> None:
    scope = FeedScope.for_term("categories", "business")
    with_children = make_site()
    without = make_site(feeds={"descendants": False})
    assert len(_rss(with_children, scope).findall("channel/item")) == 2
    # business itself has no post of its own: without descendants it gets no feed
    assert coachcontent_feeds.feed_urls(without, taxonomy="categories", term="business") == ()
    assert len(_rss(without, FeedScope.for_term("categories", "sales")).findall("channel/item")) == 1


def test_authors_with_and_without_email(site: Site) -> None:
    items = {item.findtext("title"): item for item in _rss(site).iter("item")}
    shared = items["A Board That Listens"]
    assert shared.findtext("author") == "maren@coach.example (Maren Okafor-Lind)"
    assert [e.text for e in shared.findall(DC)] == ["Theo Vance"]
    theo_only = items["Closing <without> \"pressure\" & 'tricks' 🎯"]
    assert theo_only.find("author") is None
    assert theo_only.findtext(DC) == "Theo Vance"
    atom = etree.fromstring(coachcontent_feeds.render_feed(site, format="atom"))
    entry = atom.findall(f"{ATOM}entry")[2]
    authors = [
        (a.findtext(f"{ATOM}name"), a.findtext(f"{ATOM}uri"), a.findtext(f"{ATOM}email"))
        for a in entry.findall(f"{ATOM}author")
    ]
    assert authors == [
        ("Maren Okafor-Lind", "https://coach.example/about/", "maren@coach.example"),
        ("Theo Vance", None, None),
    ]


def test_categories_carry_their_taxonomys_scheme(site: Site) -> None:
    item = _rss(site).find("channel/item")
    assert [(c.text, c.get("domain")) for c in item.findall("category")] == [
        ("Sales Conversations", "https://coach.example/category/"),
        ("trust", "https://coach.example/tag/"),
    ]
    parsed = feedparser.parse(coachcontent_feeds.render_feed(site, format="atom"))
    episode = next(e for e in parsed.entries if e.title == "The Quiet Hour, episode 1")
    assert [(t.term, t.scheme) for t in episode.tags] == [
        ("Leadership", "https://coach.example/category/"),
        ("The Quiet Hour", "https://coach.example/series/"),
    ]


def test_canonical_original_is_linked(site: Site) -> None:
    data = json.loads(coachcontent_feeds.render_feed(site, format="json"))
    item = next(i for i in data["items"] if i["title"] == "A Board That Listens")
    assert item["external_url"] == "https://journal.example/boards-that-listen"
    parsed = feedparser.parse(coachcontent_feeds.render_feed(site, format="atom"))
    entry = next(e for e in parsed.entries if e.title == "A Board That Listens")
    assert [(link.rel, link.href) for link in entry.links] == [
        ("alternate", "https://coach.example/2023/11/a-board-that-listens/"),
        ("related", "https://journal.example/boards-that-listen"),
    ]


def test_tricky_title_round_trips_and_control_characters_are_removed_with_a_warning(
    make_site, make_post, caplog: pytest.LogCaptureFixture
) -> None:
    title = 'Risk <b> & "reward" – it\'s 🎯\x07done\x1b'
    post = make_post(title=title, body="<p>Tab\tand bell\x07 and \ufffe</p>", source_path="content/posts/risky.md")
    site = make_site(posts=(post,))
    with caplog.at_level(logging.WARNING, logger="coachcontent.feeds"):
        outputs = {fmt: coachcontent_feeds.render_feed(site, format=fmt) for fmt in ("rss", "atom", "json")}
    expected = 'Risk <b> & "reward" – it\'s 🎯done'
    for fmt in ("rss", "atom"):
        parsed = feedparser.parse(outputs[fmt])
        assert parsed.bozo == 0
        assert parsed.entries[0].title == expected
    assert json.loads(outputs["json"])["items"][0]["title"] == expected
    assert etree.fromstring(outputs["rss"]).findtext(f"channel/item/{CONTENT}") == "<p>Tab\tand bell and </p>"
    messages = sorted(r.getMessage() for r in caplog.records if r.name == "coachcontent.feeds")
    assert messages == [
        "content/posts/risky.md: body: removed 2 character(s) that XML cannot carry (control characters)",
        "content/posts/risky.md: title: removed 2 character(s) that XML cannot carry (control characters)",
    ]


def test_updated_comes_from_the_content_never_the_clock(site: Site, build: Callable[..., Path]) -> None:
    out = build(site)
    rss = etree.parse(str(out / "feed.xml")).getroot()
    assert rss.findtext("channel/lastBuildDate") == "Mon, 01 Apr 2024 03:00:00 -0500"
    atom = etree.parse(str(out / "atom.xml")).getroot()
    assert atom.findtext(f"{ATOM}updated") == "2024-04-01T03:00:00-05:00"
    assert atom.findtext(f"{ATOM}entry/{ATOM}updated") == "2024-04-01T03:00:00-05:00"
    assert atom.findtext(f"{ATOM}entry/{ATOM}published") == "2024-03-05T09:30:00-06:00"
    theo = etree.parse(str(out / "author/theo/atom.xml")).getroot()
    assert theo.findtext(f"{ATOM}updated") == "2024-02-10T09:00:00-06:00"
    today = {date.today().isoformat(), datetime.now(UTC).date().isoformat()}
    for path in out.rglob("*"):
        if path.is_file() and path.name != ".coachcontent-manifest.json":
            text = path.read_text(encoding="utf-8")
            assert not any(day in text for day in today), path


def test_two_builds_are_byte_identical(make_site, build: Callable[..., Path]) -> None:
    first, second = build(make_site()), build(make_site())
    files = sorted(p.relative_to(first) for p in first.rglob("*") if p.is_file())
    assert len(files) > 30
    assert files == sorted(p.relative_to(second) for p in second.rglob("*") if p.is_file())
    for name in files:
        assert (first / name).read_bytes() == (second / name).read_bytes(), name


def test_parallel_build_equals_serial_build(site: Site, make_site, build: Callable[..., Path]) -> None:
    serial = build(site)
    parallel = build(make_site(), jobs=2)
    for path in serial.rglob("*.xml"):
        assert path.read_bytes() == (parallel / path.relative_to(serial)).read_bytes()


def test_websub_hubs_in_every_format(make_site) -> None:
    hub = "https://hub.example/"
    site = make_site(feeds={"hubs": [hub]})
    for fmt in ("rss", "atom"):
        links = feedparser.parse(coachcontent_feeds.render_feed(site, format=fmt)).feed.links
        assert [link.href for link in links if link.rel == "hub"] == [hub]
    assert json.loads(coachcontent_feeds.render_feed(site, format="json"))["hubs"] == [{"type": "WebSub", "url": hub}]


def test_stylesheet_instruction_and_file(make_site, build: Callable[..., Path]) -> None:
    site = make_site(feeds={"stylesheet": True})
    out = build(site)
    xslt = etree.XSLT(etree.parse(str(out / "feed.xsl")))
    for name, title in (("feed.xml", "Listening First"), ("atom.xml", "Listening First")):
        raw = (out / name).read_bytes()
        assert raw.startswith(
            b"<?xml version='1.0' encoding='utf-8'?>\n<?xml-stylesheet type=\"text/xsl\" href=\"/feed.xsl\"?>"
        )
        page = str(xslt(etree.fromstring(raw)))
        assert "<h1>Coach &amp; Partners</h1>" in page
        assert f'<a href="https://coach.example/2024/03/listening-first/">{title}</a>' in page
    assert not (build(make_site()) / "feed.xsl").exists()


def _entries(feed: bytes, fmt: str) -> dict[str, bytes]:
    root = etree.fromstring(feed)
    if fmt == "rss":
        return {item.findtext("guid"): etree.tostring(item) for item in root.iter("item")}
    return {entry.findtext(f"{ATOM}id"): etree.tostring(entry) for entry in root.iter(f"{ATOM}entry")}


@pytest.mark.parametrize("fmt", ["rss", "atom"])
def test_a_post_is_the_same_entry_in_every_feed_it_is_in(site: Site, fmt: str) -> None:
    # Entries are prepared once per site and shared by every feed: the site's,
    # each term's and each author's, written in any order, say the same.
    scopes = coachcontent_feeds.feed_scopes(site)
    seen: dict[str, bytes] = {}
    for scope in (*scopes, *reversed(scopes)):
        for entry_id, entry in _entries(coachcontent_feeds.render_feed(site, scope, fmt), fmt).items():
            assert seen.setdefault(entry_id, entry) == entry, (scope, entry_id)
    assert len(seen) == len(site.posts_newest_first())


def test_json_feed_is_laid_out_as_json_dumps_lays_it_out(site: Site, make_site) -> None:
    # Entries are encoded once and feeds put together from the pieces.
    for scoped_site, scope in (
        (site, FeedScope.for_site()),
        (site, FeedScope.for_term("categories", "business")),
        (site, FeedScope.for_author("theo")),
        (make_site(posts=()), FeedScope.for_site()),
    ):
        raw = coachcontent_feeds.render_feed(scoped_site, scope, "json")
        data = json.loads(raw)
        assert raw == (json.dumps(data, ensure_ascii=False, indent=1) + "\n").encode("utf-8")
    assert len(json.loads(coachcontent_feeds.render_feed(site, format="json"))["items"]) == 5


def test_json_feed_summary_keeps_paragraphs_apart(make_site, make_post) -> None:
    # A summary of two paragraphs reads "…matter. Then…", never "…matter.Then…".
    post = make_post(summary="<p>Why the <em>first</em> minutes matter.</p><p>Then&nbsp;listen.</p><!-- note -->")
    data = json.loads(coachcontent_feeds.render_feed(make_site(posts=(post,)), format="json"))
    assert data["items"][0]["summary"] == "Why the first minutes matter. Then listen."
