"""RSS 2.0, with ``atom:link rel="self"``, ``dc:creator``, ``content:encoded`` and the iTunes tags of podcasts."""

from __future__ import annotations

from datetime import tzinfo

from lxml import etree

from coachcontent_feeds.dates import rfc822
from coachcontent_feeds.documents import GENERATOR, FeedDocument
from coachcontent_feeds.items import Category, FeedItem
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


def item_date(item: FeedItem, zone: tzinfo) -> str:
    """``pubDate`` of ``item`` in RFC 822 (made once per entry and zone)."""
    key = ("rfc822", zone)
    date: str | None = item.formatted.get(key)
    if date is None:
        date = item.formatted[key] = rfc822(item.published, zone)
    return date


def _category_element(category: Category) -> etree._Element:
    element = etree.Element("category", {"domain": category.scheme})
    element.text = category.name
    return element


def _items(xf: Writer, doc: FeedDocument) -> None:
    """Write the items of ``doc``: the hot loop of a large feed.

    Start and end tags that repeat in every item are written by element
    writers made once per document (the context managers ``xf.element()``
    returns write the same tag each time they are entered), and a category,
    the same in many items, is one element made once per document and
    serialised by libxml2; the loop itself reads locals only.
    """
    element, write = xf.element, xf.write
    item_tag, title_tag, link_tag = element("item"), element("title"), element("link")
    guid_tag, date_tag, author_tag = element("guid", _NOT_PERMALINK), element("pubDate"), element("author")
    creator_tag, description_tag, encoded_tag = element(_CREATOR), element("description"), element(_ENCODED)
    categories: dict[int, etree._Element] = {}  # by id(): a document's items keep their categories alive
    zone, podcast = doc.zone, doc.podcast
    for item in doc.items:
        with item_tag:
            with title_tag:
                write(item.title)
            with link_tag:
                write(item.url)
            with guid_tag:
                write(item.id)
            with date_tag:
                write(item_date(item, zone))
            wrote_author = False
            for author in item.authors:
                # RSS 2.0's <author> must be an e-mail address; dc:creator carries a name.
                if author.email and not wrote_author:
                    with author_tag:
                        write(f"{author.email} ({author.name})")
                    wrote_author = True
                else:
                    with creator_tag:
                        write(author.name)
            for category in item.categories:
                category_element = categories.get(id(category))
                if category_element is None:
                    category_element = categories[id(category)] = _category_element(category)
                write(category_element)
            content = html_text(item.content_html) if item.content_html else None
            if item.summary_html:
                with description_tag:
                    write(html_text(item.summary_html))
            elif content is not None:
                with description_tag:
                    write(content)
            if content is not None:
                with encoded_tag:
                    write(content)
            episode = item.episode
            if episode is not None:
                empty_element(
                    xf, "enclosure", {"url": episode.url, "length": str(episode.length), "type": episode.type}
                )
            if item.image:
                empty_element(xf, _THUMBNAIL, {"url": item.image})
            if podcast is not None and episode is not None:
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
        _items(xf, doc)
    return data()
