"""Atom 1.0 (RFC 4287): one id per feed, ``rel="self"``, authors, categories with a scheme, enclosures."""

from __future__ import annotations

from datetime import tzinfo

from coachcontent_feeds.dates import rfc3339
from coachcontent_feeds.documents import GENERATOR, GENERATOR_URI, FeedDocument
from coachcontent_feeds.items import FeedItem, Person
from coachcontent_feeds.xmlwriting import Writer, empty_element, html_text, text_element, xml_document

ATOM = "http://www.w3.org/2005/Atom"
MEDIA = "http://search.yahoo.com/mrss/"
# Spelled out: xmlfile would bind the XML namespace to a made-up prefix, which XML forbids.
XML_LANG = "xml:lang"


def _a(name: str) -> str:
    return f"{{{ATOM}}}{name}"


_ID, _TITLE, _LINK, _UPDATED, _PUBLISHED = _a("id"), _a("title"), _a("link"), _a("updated"), _a("published")
_CATEGORY, _SUMMARY, _CONTENT, _ENTRY = _a("category"), _a("summary"), _a("content"), _a("entry")
_AUTHOR, _NAME, _URI, _EMAIL = _a("author"), _a("name"), _a("uri"), _a("email")
_THUMBNAIL = f"{{{MEDIA}}}thumbnail"
_TEXT = {"type": "text"}
_HTML = {"type": "html"}


def _person(xf: Writer, tag: str, person: Person) -> None:
    with xf.element(_a(tag)):
        text_element(xf, _a("name"), person.name)
        if person.url:
            text_element(xf, _a("uri"), person.url)
        if person.email:
            text_element(xf, _a("email"), person.email)


def entry_dates(item: FeedItem, zone: tzinfo) -> tuple[str, str]:
    """``published`` and ``updated`` of ``item`` in RFC 3339 (made once per entry and zone)."""
    key = ("rfc3339", zone)
    dates: tuple[str, str] | None = item.formatted.get(key)
    if dates is None:
        published = rfc3339(item.published, zone)
        updated = published if item.updated == item.published else rfc3339(item.updated, zone)
        dates = item.formatted[key] = (published, updated)
    return dates


def _entries(xf: Writer, doc: FeedDocument) -> None:
    """Write the entries of ``doc``: the hot loop of a large feed.

    Start and end tags that repeat in every entry are written by element
    writers made once per document (the context managers ``xf.element()``
    returns write the same tag each time they are entered), which halves
    the cost of an element; the loop itself reads locals only.
    """
    element, write = xf.element, xf.write
    entry_tag, id_tag, title_tag = element(_ENTRY), element(_ID), element(_TITLE, _TEXT)
    published_tag, updated_tag = element(_PUBLISHED), element(_UPDATED)
    author_tag, name_tag, uri_tag, email_tag = element(_AUTHOR), element(_NAME), element(_URI), element(_EMAIL)
    summary_tag, content_tag = element(_SUMMARY, _HTML), element(_CONTENT, _HTML)
    category_tags: dict[int, Writer] = {}  # by id(): a document's entries keep their categories alive
    link = {"rel": "alternate", "type": "text/html", "href": ""}
    zone = doc.zone
    for item in doc.items:
        published, updated = entry_dates(item, zone)
        with entry_tag:
            with id_tag:
                write(item.id)
            with title_tag:
                write(item.title)
            link["href"] = item.url
            with element(_LINK, link):
                pass
            if item.external_url:
                empty_element(xf, _LINK, {"rel": "related", "type": "text/html", "href": item.external_url})
            episode = item.episode
            if episode is not None:
                empty_element(
                    xf,
                    _LINK,
                    {"rel": "enclosure", "type": episode.type, "length": str(episode.length), "href": episode.url},
                )
            with published_tag:
                write(published)
            with updated_tag:
                write(updated)
            for author in item.authors:
                with author_tag:
                    with name_tag:
                        write(author.name)
                    if author.url:
                        with uri_tag:
                            write(author.url)
                    if author.email:
                        with email_tag:
                            write(author.email)
            for category in item.categories:
                category_tag = category_tags.get(id(category))
                if category_tag is None:
                    category_tag = category_tags[id(category)] = element(
                        _CATEGORY, {"term": category.name, "scheme": category.scheme}
                    )
                with category_tag:
                    pass
            if item.summary_html:
                with summary_tag:
                    write(html_text(item.summary_html))
            if item.content_html:
                with content_tag:
                    write(html_text(item.content_html))
            if item.image:
                empty_element(xf, _THUMBNAIL, {"url": item.image})
        write("\n")


def write_atom(doc: FeedDocument) -> bytes:
    """The Atom 1.0 document of ``doc``."""
    with (
        xml_document(doc.stylesheet) as (xf, data),
        xf.element(_a("feed"), {XML_LANG: doc.language}, nsmap={None: ATOM, "media": MEDIA}),
    ):
        xf.write("\n")
        text_element(xf, _ID, doc.id)
        text_element(xf, _TITLE, doc.title, _TEXT)
        if doc.description:
            text_element(xf, _a("subtitle"), doc.description, _TEXT)
        text_element(xf, _UPDATED, rfc3339(doc.updated, doc.zone))
        empty_element(xf, _LINK, {"rel": "alternate", "type": "text/html", "href": doc.home_url})
        empty_element(xf, _LINK, {"rel": "self", "type": "application/atom+xml", "href": doc.self_url})
        for hub in doc.hubs:
            empty_element(xf, _LINK, {"rel": "hub", "href": hub})
        # The feed-level author stands in for entries without one (RFC 4287, 4.1.1).
        _person(xf, "author", doc.author)
        text_element(xf, _a("generator"), GENERATOR, {"uri": GENERATOR_URI})
        if doc.image:
            text_element(xf, _a("logo"), doc.image)
        if doc.copyright:
            text_element(xf, _a("rights"), doc.copyright, _TEXT)
        xf.write("\n")
        _entries(xf, doc)
    return data()
