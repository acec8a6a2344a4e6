"""The public API: feed URLs for themes, head links, settings checks, picklable outputs."""

from __future__ import annotations

import pickle
from pathlib import Path

import coachcontent_feeds
import pytest
from coachcontent_feeds import FeedError, FeedLink

import coachcontent
from coachcontent import LinkTag, TermRef, View


def test_feed_urls_of_the_site_a_term_and_an_author(site) -> None:
    assert coachcontent_feeds.feed_urls(site) == (
        FeedLink(format="rss", url="/feed.xml", media_type="application/rss+xml", title="Coach & Partners (RSS)"),
        FeedLink(format="atom", url="/atom.xml", media_type="application/atom+xml", title="Coach & Partners (Atom)"),
        FeedLink(
            format="json", url="/feed.json", media_type="application/feed+json", title="Coach & Partners (JSON Feed)"
        ),
    )
    sales = coachcontent_feeds.feed_urls(site, taxonomy="categories", term="sales")
    assert [link.url for link in sales] == [
        "/category/business/sales/feed.xml",
        "/category/business/sales/atom.xml",
        "/category/business/sales/feed.json",
    ]
    assert sales[0].title == "Coach & Partners – Category: Sales Conversations (RSS)"
    assert coachcontent_feeds.feed_urls(site, author="theo")[0].url == "/author/theo/feed.xml"


def test_feed_paths_formats_and_scopes_are_configurable(make_site, build) -> None:
    site = make_site(
        feeds={
            "site_rss_path": "/feed/rss.xml",
            "atom_file": "feed/atom.xml",
            "json": False,
            "tags": False,
            "authors": False,
        }
    )
    assert [link.url for link in coachcontent_feeds.feed_urls(site)] == ["/feed/rss.xml", "/atom.xml"]
    assert [link.url for link in coachcontent_feeds.feed_urls(site, taxonomy="categories", term="closing")] == [
        "/category/business/sales/closing/feed.xml",
        "/category/business/sales/closing/feed/atom.xml",
    ]
    assert coachcontent_feeds.feed_urls(site, taxonomy="tags", term="trust") == ()
    assert coachcontent_feeds.feed_urls(site, author="maren") == ()
    out = build(site)
    written = sorted(
        p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file() and not p.name.startswith(".")
    )
    assert "feed/rss.xml" in written and "category/business/sales/closing/feed/atom.xml" in written
    assert not any(name.endswith(".json") or name.startswith(("tag/", "author/")) for name in written)


def test_terms_without_posts_get_no_feed(site) -> None:
    assert coachcontent_feeds.feed_urls(site, taxonomy="categories", term="unused") == ()
    scopes = coachcontent_feeds.feed_scopes(site)
    assert ("categories", "unused") not in {(s.taxonomy, s.slug) for s in scopes}


def test_head_metadata_links_site_feeds_everywhere_and_term_feeds_on_term_pages(site) -> None:
    pm = coachcontent.make_plugin_manager(coachcontent.PluginSelection(enabled=["feeds"]))
    home = [
        tag
        for result in pm.hook.coachcontent_head_metadata(site=site, view=View(kind="home", url="/"))
        for tag in result
    ]
    assert home == [
        LinkTag(rel="alternate", href="/feed.xml", type="application/rss+xml", title="Coach & Partners (RSS)"),
        LinkTag(rel="alternate", href="/atom.xml", type="application/atom+xml", title="Coach & Partners (Atom)"),
        LinkTag(rel="alternate", href="/feed.json", type="application/feed+json", title="Coach & Partners (JSON Feed)"),
    ]
    view = View(kind="term", url="/tag/trust/", term=TermRef(taxonomy="tags", slug="trust"))
    tags = [tag for result in pm.hook.coachcontent_head_metadata(site=site, view=view) for tag in result]
    assert [tag.href for tag in tags[3:]] == ["/tag/trust/feed.xml", "/tag/trust/atom.xml", "/tag/trust/feed.json"]
    author = View(kind="author", url="/author/theo/", author=site.author("theo"))
    links = [tag for result in pm.hook.coachcontent_head_metadata(site=site, view=author) for tag in result]
    assert links[3].title == "Coach & Partners – Theo Vance (RSS)"


def test_outputs_pickle_for_worker_processes(site, tmp_path: Path) -> None:
    pm = coachcontent.make_plugin_manager(coachcontent.PluginSelection(enabled=["feeds"]))
    context = coachcontent.BuildContext(site, coachcontent.PluginSelection(enabled=["feeds"]), pm)
    outputs = [o for result in pm.hook.coachcontent_outputs(build=context, site=site) for o in result]
    assert len(outputs) == 30
    for output in outputs:
        clone = pickle.loads(pickle.dumps(output.renderer))
        assert clone(context) == output.render(context)


@pytest.mark.parametrize(
    ("feeds", "message"),
    [
        ({"limit": -1}, "[feeds] limit: must be 0 (every post) or more"),
        ({"content": "teaser"}, "[feeds] content: expected one of 'full', 'summary', got 'teaser'"),
        ({"site_rss_path": "feed.xml"}, "[feeds] site_rss_path: 'feed.xml' must be a site path of a file"),
        ({"rss_file": "../x.xml"}, "[feeds] rss_file: '../x.xml' must not contain empty, . or .. segments"),
        ({"atom_file": "feed.xml"}, "[feeds] rss_file: the RSS, Atom and JSON feeds of a term need three different"),
        ({"hubs": ["ftp://hub"]}, "[feeds] hubs: item 1: 'ftp://hub' is not an http(s) URL"),
        ({"authority": "Coach Example"}, "[feeds] authority: 'Coach Example' is neither a lowercase host name"),
        ({"colour": "red"}, "[feeds] colour: unknown key in [feeds]"),
    ],
)
def test_bad_settings_are_reported(make_site, feeds, message) -> None:
    with pytest.raises(FeedError) as caught:
        coachcontent_feeds.feed_settings(make_site(feeds=feeds))
    assert str(caught.value).startswith(message)


def test_the_loader_checks_the_feeds_section_with_its_line(tmp_path: Path) -> None:
    (tmp_path / "site.toml").write_text(
        '[site]\ntitle = "T"\nurl = "https://t.example"\n\n[feeds]\nlimit = "ten"\n', encoding="utf-8"
    )
    with pytest.raises(coachcontent.ContentErrors) as caught:
        coachcontent.load_site(tmp_path, selection=coachcontent.PluginSelection(enabled=["feeds"]))
    assert [str(e) for e in caught.value.errors] == ["site.toml:6: feeds.limit: expected an integer, got 'ten'"]


def test_every_key_is_documented_in_the_readme() -> None:
    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
    for key in coachcontent_feeds.SECTION.keys:
        assert f"| `{key.name}` |" in readme, key.name
