"""Podcast episodes and feeds: enclosures with lengths, the iTunes tags Apple requires, clear errors."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import coachcontent_feeds
import feedparser
import pytest
from coachcontent_feeds import FeedError, FeedScope
from lxml import etree

import coachcontent

ITUNES = "{http://www.itunes.com/dtds/podcast-1.0.dtd}"
ATOM = "{http://www.w3.org/2005/Atom}"
SERIES = FeedScope.for_term("series", "the-quiet-hour")


def test_a_post_with_audio_has_an_enclosure_in_every_format(site) -> None:
    rss = etree.fromstring(coachcontent_feeds.render_feed(site, SERIES, "rss"))
    enclosures = [dict(e.attrib) for e in rss.iter("enclosure")]
    assert enclosures == [
        {"url": "https://cdn.coach.example/quiet-hour-2.m4a", "length": "31337", "type": "audio/x-m4a"},
        {"url": "https://coach.example/media/quiet-hour-1.mp3", "length": "24986239", "type": "audio/mpeg"},
    ]
    atom = feedparser.parse(coachcontent_feeds.render_feed(site, SERIES, "atom"))
    assert [(e.enclosures[0].href, e.enclosures[0].length) for e in atom.entries] == [
        ("https://cdn.coach.example/quiet-hour-2.m4a", "31337"),
        ("https://coach.example/media/quiet-hour-1.mp3", "24986239"),
    ]
    data = json.loads(coachcontent_feeds.render_feed(site, SERIES, "json"))
    assert data["items"][1]["attachments"] == [
        {
            "url": "https://coach.example/media/quiet-hour-1.mp3",
            "mime_type": "audio/mpeg",
            "size_in_bytes": 24986239,
            "duration_in_seconds": 2467,
        }
    ]
    assert "None" not in coachcontent_feeds.render_feed(site, SERIES, "rss").decode()


def test_a_term_declared_a_podcast_has_the_itunes_tags(make_site, podcast_table: dict[str, Any]) -> None:
    site = make_site(feeds={"podcasts": {"series": {"the-quiet-hour": {**podcast_table, "title": "The Quiet Hour"}}}})
    channel = etree.fromstring(coachcontent_feeds.render_feed(site, SERIES, "rss")).find("channel")
    assert channel.findtext("title") == "The Quiet Hour"
    assert channel.findtext("language") == "en"
    assert channel.find(f"{ITUNES}image").get("href") == "https://coach.example/images/quiet-hour.jpg"
    categories = [
        (c.get("text"), [s.get("text") for s in c.findall(f"{ITUNES}category")])
        for c in channel.findall(f"{ITUNES}category")
    ]
    assert categories == [("Business", ["Management"]), ("Education", [])]
    assert channel.findtext(f"{ITUNES}explicit") == "false"
    assert channel.findtext(f"{ITUNES}author") == "Maren Okafor-Lind"
    assert channel.findtext(f"{ITUNES}owner/{ITUNES}name") == "Maren Okafor-Lind"
    assert channel.findtext(f"{ITUNES}owner/{ITUNES}email") == "podcast@coach.example"
    assert channel.findtext(f"{ITUNES}type") == "episodic"
    first, second = channel.findall("item")
    assert first.findtext(f"{ITUNES}duration") == "1805"
    assert first.findtext(f"{ITUNES}explicit") == "true"
    assert second.findtext(f"{ITUNES}duration") == "2467"
    assert second.findtext(f"{ITUNES}episode") == "1"
    assert second.findtext(f"{ITUNES}season") == "1"
    assert second.findtext(f"{ITUNES}episodeType") == "full"
    assert second.find(f"{ITUNES}image").get("href") == "https://coach.example/images/quiet-hour-1.jpg"
    parsed = feedparser.parse(etree.tostring(channel.getparent()))
    assert parsed.bozo == 0
    assert [tag.term for tag in parsed.feed.tags] == ["Business", "Management", "Education"]
    assert parsed.entries[0].enclosures[0].length == "31337"


def test_the_site_declared_a_podcast_lists_episodes_only_in_rss(make_site, podcast_table) -> None:
    site = make_site(feeds={"podcast": {**podcast_table, "explicit": True, "type": "serial"}})
    channel = etree.fromstring(coachcontent_feeds.render_feed(site, format="rss")).find("channel")
    assert channel.findtext(f"{ITUNES}explicit") == "true"
    assert channel.findtext(f"{ITUNES}type") == "serial"
    assert channel.findtext("title") == "Coach & Partners"
    assert [t.text for t in channel.findall("item/title")] == ["The Quiet Hour, episode 2", "The Quiet Hour, episode 1"]
    # Atom and JSON Feed are not podcast feeds: every post stays in them
    assert len(feedparser.parse(coachcontent_feeds.render_feed(site, format="atom")).entries) == 5
    everything = make_site(feeds={"podcast": {**podcast_table, "episodes_only": False}})
    assert len(etree.fromstring(coachcontent_feeds.render_feed(everything, format="rss")).findall("channel/item")) == 5


def test_a_podcast_gets_rss_even_when_rss_is_switched_off(make_site, podcast_table, build) -> None:
    site = make_site(feeds={"rss": False, "podcasts": {"series": {"the-quiet-hour": podcast_table}}})
    out = build(site)
    assert (out / "series/the-quiet-hour/feed.xml").is_file()
    assert not (out / "feed.xml").exists()
    assert [link.format for link in coachcontent_feeds.feed_urls(site, taxonomy="series", term="the-quiet-hour")] == [
        "rss",
        "atom",
        "json",
    ]


def test_an_enclosure_without_a_length_is_an_error_naming_the_file_and_field(make_site, make_post, tmp_path) -> None:
    posts = (
        make_post(slug="a", source_path="content/posts/a.md", extra={"audio": {"url": "/a.mp3"}}),
        make_post(slug="b", source_path="content/posts/b.md", extra={"audio": {"url": "/b.mp3", "length": None}}),
        make_post(slug="c", source_path="content/posts/c.md", extra={"audio": {"url": "/c.xyz", "length": 10}}),
    )
    site = make_site(posts=posts)
    with pytest.raises(coachcontent.BuildError) as caught:
        coachcontent.build_site(site, tmp_path / "out", selection=coachcontent.PluginSelection(enabled=["feeds"]))
    error = caught.value.__cause__
    assert isinstance(error, FeedError)
    assert "content/posts/a.md: audio.length: missing" in str(caught.value)
    assert error.problems == (
        "content/posts/a.md: audio.length: missing; an enclosure needs the file's size in bytes (e.g. length: 24986239)",
        "content/posts/b.md: audio.length: expected the file's size in bytes (a positive integer), got None",
        "content/posts/c.md: audio.type: missing and not known from the file name; write e.g. type: audio/mpeg",
    )
    assert not (tmp_path / "out").exists()


def test_podcast_settings_are_checked(make_site) -> None:
    site = make_site(
        feeds={
            "podcast": {"image": "/cover.gif", "category": "Business/Cooking", "explicit": "no"},
            "podcasts": {"tags": {"missing": {"image": "/c.png"}}, "topics": {"x": {}}},
        }
    )
    with pytest.raises(FeedError) as caught:
        coachcontent_feeds.feed_settings(site)
    assert caught.value.problems == (
        "[feeds.podcast].image: Apple Podcasts needs a JPEG or PNG file, got '/cover.gif'",
        "[feeds.podcast].category: 'Cooking' is not a subcategory of 'Business' "
        "(allowed: Careers, Entrepreneurship, Investing, Management, Marketing, Non-Profit)",
        "[feeds.podcast].explicit: expected true or false, got 'no'",
        "[feeds.podcast].owner_email: required: the address Apple Podcasts uses to verify the owner",
        "[feeds.podcasts.tags.missing]: no term with the slug 'missing' in 'tags'",
        "[feeds.podcasts.topics.x]: no taxonomy 'topics' (declared: categories, series, tags)",
    )


def test_a_podcast_from_a_site_folder(tmp_path: Path, build: Callable[..., Path]) -> None:
    folder = tmp_path / "site"
    (folder / "content/posts").mkdir(parents=True)
    (folder / "site.toml").write_text(
        """
[site]
title = "Quiet Hour"
url = "https://quiet.example"

[[authors]]
slug = "ana"
name = "Ana Reyes"

[feeds.podcast]
image = "/cover.png"
category = "Business/Management"
owner_email = "ana@quiet.example"
""",
        encoding="utf-8",
    )
    (folder / "content/posts/2024-05-01-pilot.md").write_text(
        """---
title: Pilot
author: ana
audio:
  url: /media/pilot.mp3
  length: 1234567
  duration: "12:30"
---
The first episode.
""",
        encoding="utf-8",
    )
    site = coachcontent.load_site(folder, selection=coachcontent.PluginSelection(enabled=["feeds"]))
    out = build(site)
    channel = etree.parse(str(out / "feed.xml")).getroot().find("channel")
    assert channel.find("item/enclosure").attrib == {
        "url": "https://quiet.example/media/pilot.mp3",
        "length": "1234567",
        "type": "audio/mpeg",
    }
    assert channel.findtext(f"item/{ITUNES}duration") == "750"
    assert channel.findtext(f"{ITUNES}owner/{ITUNES}email") == "ana@quiet.example"
    assert channel.findtext("item/guid") == "tag:quiet.example,2024-05-01:posts/2024-05-01-pilot"
