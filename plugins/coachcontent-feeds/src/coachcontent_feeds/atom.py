"""Atom 1.0 (RFC 4287): one id per feed, ``rel="self"``, authors, categories with a scheme, enclosures."""

from __future__ import annotations

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


def _entry(xf: Writer, doc: FeedDocument, item: FeedItem) -> None:
    # The hot loop of a large feed: lxml's element() and write() bound once.
    element, write = xf.element, xf.write
    with element(_ENTRY):
        with element(_ID):
            write(item.id)
        with element(_TITLE, _TEXT):
            write(item.title)
        with element(_LINK, {"rel": "alternate", "type": "text/html", "href": item.url}):
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
        published = rfc3339(item.published, doc.zone)
        with element(_PUBLISHED):
            write(published)
        with element(_UPDATED):
            write(published if item.updated == item.published else rfc3339(item.updated, doc.zone))
        for author in item.authors:
            with element(_AUTHOR):
                with element(_NAME):
                    write(author.name)
                if author.url:
                    with element(_URI):
                        write(author.url)
                if author.email:
                    with element(_EMAIL):
                        write(author.email)
        for category in item.categories:
            with element(_CATEGORY, {"term": category.name, "scheme": category.scheme}):
                pass
        if item.summary_html:
            with element(_SUMMARY, _HTML):
                write(html_text(item.summary_html))
        if item.content_html:
            with element(_CONTENT, _HTML):
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
        for item in doc.items:
            _entry(xf, doc, item)
    return data()
