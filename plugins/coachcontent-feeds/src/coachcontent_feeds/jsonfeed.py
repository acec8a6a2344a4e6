"""JSON Feed 1.1 (https://www.jsonfeed.org/version/1.1/)."""

from __future__ import annotations

import json
from typing import Any

from coachcontent_feeds.dates import rfc3339
from coachcontent_feeds.documents import FeedDocument
from coachcontent_feeds.items import FeedItem, Person
from coachcontent_feeds.markup import plain_text

VERSION = "https://jsonfeed.org/version/1.1"


def _author(person: Person) -> dict[str, str]:
    data = {"name": person.name}
    if person.url:
        data["url"] = person.url
    if person.avatar:
        data["avatar"] = person.avatar
    return data


def _item(doc: FeedDocument, item: FeedItem) -> dict[str, Any]:
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
    data["date_published"] = rfc3339(item.published, doc.zone)
    data["date_modified"] = rfc3339(item.updated, doc.zone)
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
    feed["items"] = [_item(doc, item) for item in doc.items]
    return (json.dumps(feed, ensure_ascii=False, indent=1) + "\n").encode("utf-8")
