"""The subscribe widget and feed autodiscovery link the feeds coachcontent-feeds really writes."""

from __future__ import annotations

import coachcontent_feeds

import coachcontent

SUBSCRIBE = "//section[contains(@class,'widget-subscribe')]"
SITE_FEEDS = f"{SUBSCRIBE}/ul[@class='feed-links']//a/@href"
SCOPE_FEEDS = f"{SUBSCRIBE}/ul[contains(@class,'feed-links-scope')]//a/@href"


def alternates(doc) -> list[tuple[str, str, str]]:
    return [
        (link.get("href"), link.get("type"), link.get("title")) for link in doc.xpath("//head/link[@rel='alternate']")
    ]


def test_default_feed_urls_are_the_feeds_plugins_default_paths(site_factory, build, parse) -> None:
    # Without the feeds plugin, feed_links = "always" links the configured feeds, whose
    # defaults are the paths coachcontent-feeds writes by default.
    site = site_factory(config={"html": {"feed_links": "always"}})
    doc = parse(build(site), "/")
    assert doc.xpath(SITE_FEEDS) == ["/feed.xml", "/atom.xml", "/feed.json"]
    assert [feed.url for feed in coachcontent_feeds.feed_urls(site)] == ["/feed.xml", "/atom.xml", "/feed.json"]
    assert alternates(doc) == [
        ("/feed.xml", "application/rss+xml", "Northbridge Test Partners – RSS"),
        ("/atom.xml", "application/atom+xml", "Northbridge Test Partners – Atom"),
        ("/feed.json", "application/feed+json", "Northbridge Test Partners – JSON"),
    ]


def test_with_the_feeds_plugin_the_theme_links_the_feeds_it_writes(site_factory, build, parse) -> None:
    site = site_factory(config={"feeds": {"site_rss_path": "/news.xml", "json": False}})
    out = build(site, enabled=["html", "feeds"])
    written = coachcontent_feeds.feed_urls(site)
    assert [feed.url for feed in written] == ["/news.xml", "/atom.xml"]
    home = parse(out, "/")
    assert home.xpath(SITE_FEEDS) == ["/news.xml", "/atom.xml"]
    assert home.xpath(f"{SUBSCRIBE}//a/text()") == ["RSS feed", "Atom feed"]
    assert home.xpath(SCOPE_FEEDS) == []
    # One <link rel="alternate"> per feed, although the feeds plugin answers the
    # head-metadata hook with the same feeds.
    assert alternates(home) == [(feed.url, feed.media_type, feed.title) for feed in written]
    for feed in written:
        assert (out / feed.url.lstrip("/")).is_file()

    # A category archive adds the category's own feeds, in the widget and the head.
    category = parse(out, "/category/business/sales/")
    sales = coachcontent_feeds.feed_urls(site, taxonomy="categories", term="sales")
    assert [feed.url for feed in sales] == ["/category/business/sales/feed.xml", "/category/business/sales/atom.xml"]
    assert category.xpath(SITE_FEEDS) == ["/news.xml", "/atom.xml"]
    assert category.xpath(f"string({SUBSCRIBE}/h3)") == "Category: Sales Conversations"
    assert category.xpath(SCOPE_FEEDS) == [feed.url for feed in sales]
    hrefs = [href for href, _, _ in alternates(category)]
    assert hrefs == ["/news.xml", "/atom.xml", *[feed.url for feed in sales]]
    # ...and so does an author's page.
    author = parse(out, "/author/theo/")
    assert author.xpath(f"string({SUBSCRIBE}/h3)") == "Articles by Theo Vance"
    assert author.xpath(SCOPE_FEEDS) == ["/author/theo/feed.xml", "/author/theo/atom.xml"]
    assert len(alternates(author)) == len(set(alternates(author))) == 4
    # A post page links the site's feeds only.
    post = parse(out, "/2024/03/calendar-strategy/")
    assert [href for href, _, _ in alternates(post)] == ["/news.xml", "/atom.xml"]
    for url in (*home.xpath(SITE_FEEDS), *category.xpath(SCOPE_FEEDS), *author.xpath(SCOPE_FEEDS)):
        assert (out / coachcontent.output_path(url)).is_file(), url


def test_feeds_switched_off_in_the_plugin_are_not_linked(site_factory, build, parse) -> None:
    site = site_factory(config={"feeds": {"categories": False, "authors": False, "tags": False}})
    out = build(site, enabled=["html", "feeds"])
    category = parse(out, "/category/business/sales/")
    assert category.xpath(SITE_FEEDS) == ["/feed.xml", "/atom.xml", "/feed.json"]
    assert category.xpath(SCOPE_FEEDS) == []
    assert [href for href, _, _ in alternates(category)] == ["/feed.xml", "/atom.xml", "/feed.json"]
    assert not (out / "category" / "business" / "sales" / "feed.xml").exists()


def test_html_feeds_setting_wins_over_the_plugin(site_factory, build, parse) -> None:
    feeds = [{"title": "Newsletter", "url": "https://feeds.example.org/northbridge", "type": "application/rss+xml"}]
    out = build(site_factory(config={"html": {"feeds": feeds}}), enabled=["html", "feeds"])
    home = parse(out, "/")
    assert home.xpath(SITE_FEEDS) == ["https://feeds.example.org/northbridge"]
    assert home.xpath(f"{SUBSCRIBE}//a/text()") == ["Newsletter feed"]
    hrefs = [href for href, _, _ in alternates(home)]
    # The feeds plugin still announces the feeds it writes; nothing is linked twice.
    assert hrefs[0] == "https://feeds.example.org/northbridge"
    assert sorted(hrefs[1:]) == ["/atom.xml", "/feed.json", "/feed.xml"]


def test_feed_links_never_hides_the_subscribe_widget(site_factory, build, parse) -> None:
    out = build(site_factory(config={"html": {"feed_links": "never"}}), enabled=["html", "feeds"])
    for url in ("/", "/category/business/sales/", "/author/theo/"):
        assert parse(out, url).xpath(SUBSCRIBE) == []
