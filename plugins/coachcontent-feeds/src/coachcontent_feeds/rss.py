"""RSS 2.0, with ``atom:link rel="self"``, ``dc:creator``, ``content:encoded`` and the iTunes tags of podcasts."""

from __future__ import annotations

from coachcontent_feeds.dates import rfc822
from coachcontent_feeds.documents import GENERATOR, FeedDocument
from coachcontent_feeds.items import FeedItem
from coachcontent_feeds.podcast import Podcast
from coachcontent_feeds.xmlwriting import Writer, empty_element, html_text, text_element, xml_document

ATOM = "http://www.w3.org/2005/Atom"
CONTENT = "http://purl.org/rss/1.0/modules/content/"
DC = "http://purl.org/dc/elements/1.1/"
ITUNES = "http://www.itunes.com/dtds/podcast-1.0.dtd"
MEDIA = "http://search.yahoo.com/mrss/"

_ATOM_LINK = f"{{{ATOM}}}link"
_CREATOR = f"{{{DC}}}creator"
_ENCODED = f"{{{CONTENT}}}encoded"
_THUMBNAIL = f"{{{MEDIA}}}thumbnail"
_NOT_PERMALINK = {"isPermaLink": "false"}


def _it(name: str) -> str:
    return f"{{{ITUNES}}}{name}"


def _flag(value: bool) -> str:
    return "true" if value else "false"


def _channel_podcast(xf: Writer, podcast: Podcast) -> None:
    text_element(xf, _it("author"), podcast.author)
    with xf.element(_it("owner")):
        text_element(xf, _it("name"), podcast.owner_name)
        text_element(xf, _it("email"), podcast.owner_email)
    empty_element(xf, _it("image"), {"href": podcast.image})
    for category, subcategory in podcast.categories:
        with xf.element(_it("category"), {"text": category}):
            if subcategory:
                empty_element(xf, _it("category"), {"text": subcategory})
    text_element(xf, _it("explicit"), _flag(podcast.explicit))
    text_element(xf, _it("type"), podcast.type)
    if podcast.complete:
        text_element(xf, _it("complete"), "Yes")
    if podcast.block:
        text_element(xf, _it("block"), "Yes")


def _item(xf: Writer, doc: FeedDocument, item: FeedItem) -> None:
    # The hot loop of a large feed: lxml's element() and write() bound once.
    element, write = xf.element, xf.write
    with element("item"):
        with element("title"):
            write(item.title)
        with element("link"):
            write(item.url)
        with element("guid", _NOT_PERMALINK):
            write(item.id)
        with element("pubDate"):
            write(rfc822(item.published, doc.zone))
        wrote_author = False
        for author in item.authors:
            # RSS 2.0's <author> must be an e-mail address; dc:creator carries a name.
            if author.email and not wrote_author:
                with element("author"):
                    write(f"{author.email} ({author.name})")
                wrote_author = True
            else:
                with element(_CREATOR):
                    write(author.name)
        for category in item.categories:
            with element("category", {"domain": category.scheme}):
                write(category.name)
        description = item.summary_html or item.content_html
        if description:
            with element("description"):
                write(html_text(description))
        if item.content_html:
            with element(_ENCODED):
                write(html_text(item.content_html))
        episode = item.episode
        if episode is not None:
            empty_element(xf, "enclosure", {"url": episode.url, "length": str(episode.length), "type": episode.type})
        if item.image:
            empty_element(xf, _THUMBNAIL, {"url": item.image})
        if doc.podcast is not None and episode is not None:
            _item_podcast(xf, item)
    write("\n")


def _item_podcast(xf: Writer, item: FeedItem) -> None:
    episode = item.episode
    assert episode is not None
    if episode.duration is not None:
        text_element(xf, _it("duration"), str(episode.duration))
    if episode.explicit is not None:
        text_element(xf, _it("explicit"), _flag(episode.explicit))
    if episode.episode is not None:
        text_element(xf, _it("episode"), str(episode.episode))
    if episode.season is not None:
        text_element(xf, _it("season"), str(episode.season))
    if episode.episode_type is not None:
        text_element(xf, _it("episodeType"), episode.episode_type)
    if item.image and item.image.split("?", 1)[0].lower().endswith((".jpg", ".jpeg", ".png")):
        empty_element(xf, _it("image"), {"href": item.image})


def write_rss(doc: FeedDocument) -> bytes:
    """The RSS 2.0 document of ``doc``."""
    nsmap = {"atom": ATOM, "content": CONTENT, "dc": DC, "media": MEDIA}
    if doc.podcast is not None:
        nsmap["itunes"] = ITUNES
    with (
        xml_document(doc.stylesheet) as (xf, data),
        xf.element("rss", {"version": "2.0"}, nsmap=nsmap),
        xf.element("channel"),
    ):
        xf.write("\n")
        text_element(xf, "title", doc.title)
        text_element(xf, "link", doc.home_url)
        text_element(xf, "description", doc.description or doc.title)
        empty_element(xf, _ATOM_LINK, {"href": doc.self_url, "rel": "self", "type": "application/rss+xml"})
        for hub in doc.hubs:
            empty_element(xf, _ATOM_LINK, {"href": hub, "rel": "hub"})
        text_element(xf, "language", doc.language)
        if doc.copyright:
            text_element(xf, "copyright", doc.copyright)
        text_element(xf, "lastBuildDate", rfc822(doc.updated, doc.zone))
        text_element(xf, "generator", GENERATOR)
        text_element(xf, "docs", "https://www.rssboard.org/rss-specification")
        if doc.image:
            with xf.element("image"):
                text_element(xf, "url", doc.image)
                text_element(xf, "title", doc.title)
                text_element(xf, "link", doc.home_url)
        if doc.podcast is not None:
            _channel_podcast(xf, doc.podcast)
        xf.write("\n")
        for item in doc.items:
            _item(xf, doc, item)
    return data()
