"""JSON Feed 1.1 (https://www.jsonfeed.org/version/1.1/)."""

from __future__ import annotations

import json
from datetime import tzinfo
from typing import Any

from coachcontent import plain_text
from coachcontent_feeds.dates import rfc3339
from coachcontent_feeds.documents import FeedDocument
from coachcontent_feeds.items import FeedItem, Person

VERSION = "https://jsonfeed.org/version/1.1"
# How json.dumps(indent=1) ends a feed whose "items" (its last key) is empty.
_NO_ITEMS = "[]\n}"


def _author(person: Person) -> dict[str, str]:
    data = {"name": person.name}
    if person.url:
        data["url"] = person.url
    if person.avatar:
        data["avatar"] = person.avatar
    return data


def _item(item: FeedItem, zone: tzinfo) -> dict[str, Any]:
    data: dict[str, Any] = {"id": item.id, "url": item.url}
    if item.external_url:
        data["external_url"] = item.external_url
    data["title"] = item.title
    data["content_html"] = item.content_html or item.summary_html
    summary = plain_text(item.summary_html)
    if summary:
        data["summary"] = summary
    if item.image:
        data["image"] = item.image
    data["date_published"] = rfc3339(item.published, zone)
    data["date_modified"] = rfc3339(item.updated, zone)
    if item.authors:
        data["authors"] = [_author(person) for person in item.authors]
    tags = list(dict.fromkeys(category.name for category in item.categories))
    if tags:
        data["tags"] = tags
    if item.episode is not None:
        attachment: dict[str, Any] = {
            "url": item.episode.url,
            "mime_type": item.episode.type,
            "size_in_bytes": item.episode.length,
        }
        if item.episode.duration is not None:
            attachment["duration_in_seconds"] = item.episode.duration
        data["attachments"] = [attachment]
    return data


def item_json(item: FeedItem, zone: tzinfo) -> bytes:
    """The JSON of ``item`` as it stands in a feed's ``items`` list, in UTF-8 (made once per entry and zone).

    ``json.dumps`` with an indent runs in Python, and a post is in many
    feeds: each entry is encoded once and the feeds are put together from
    the pieces, indented two levels deeper as ``json.dumps`` would.
    (JSON strings hold no raw newline, so every newline is indentation.)
    The pieces are kept as bytes: a text with one character beyond Latin-1
    takes two or four bytes for each of its characters.
    """
    key = ("json", zone)
    data: bytes | None = item.formatted.get(key)
    if data is None:
        text = json.dumps(_item(item, zone), ensure_ascii=False, indent=1).replace("\n", "\n  ")
        data = item.formatted[key] = text.encode("utf-8")
    return data


def write_json(doc: FeedDocument) -> bytes:
    """The JSON Feed 1.1 document of ``doc``."""
    feed: dict[str, Any] = {
        "version": VERSION,
        "title": doc.title,
        "home_page_url": doc.home_url,
        "feed_url": doc.self_url,
    }
    if doc.description:
        feed["description"] = doc.description
    if doc.image:
        feed["icon"] = doc.image
    feed["authors"] = [_author(doc.author)]
    feed["language"] = doc.language
    if doc.hubs:
        feed["hubs"] = [{"type": "WebSub", "url": hub} for hub in doc.hubs]
    feed["items"] = []  # the last key: the entries take the place of the empty list
    text = json.dumps(feed, ensure_ascii=False, indent=1)
    if not doc.items:
        return (text + "\n").encode("utf-8")
    assert text.endswith(_NO_ITEMS)
    entries = b",\n  ".join([item_json(item, doc.zone) for item in doc.items])
    return b"".join((text[: -len(_NO_ITEMS)].encode("utf-8"), b"[\n  ", entries, b"\n ]\n}\n"))
