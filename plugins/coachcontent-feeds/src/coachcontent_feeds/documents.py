"""A feed as data: everything a writer needs, taken from the site and ``[feeds]``."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from attrs import frozen

from coachcontent import Site
from coachcontent_feeds.items import FeedItem, Person, feed_items, person
from coachcontent_feeds.podcast import Podcast
from coachcontent_feeds.scopes import (
    FeedScope,
    feed_path,
    podcast_of,
    scope_description,
    scope_page_url,
    scope_posts,
    scope_title,
)
from coachcontent_feeds.settings import Format, feed_settings
from coachcontent_feeds.text import xml_safe

#: ``updated`` of a feed with no entry at all (a site without posts): fixed, never the clock.
EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
GENERATOR = "coachcontent"
GENERATOR_URI = "https://pypi.org/project/coachcontent-feeds/"


@frozen(kw_only=True)
class FeedDocument:
    """One feed file, ready to write.

    :param id: the feed's own id (Atom): the absolute URL of this very file,
        so no two feeds share one.
    :param self_url: the absolute URL of this file (``rel="self"``).
    :param home_url: the absolute URL of the HTML page the feed stands for.
    :param updated: the newest ``updated`` of its entries (content, not the clock).
    :param author: the feed-level author: the site, or the author of an author feed.
    :param stylesheet: site path of the XSLT stylesheet, when one is referenced.
    :param podcast: the iTunes settings, when the scope is a podcast.
    """

    scope: FeedScope
    format: Format
    id: str
    title: str
    description: str
    language: str
    zone: ZoneInfo
    home_url: str
    self_url: str
    updated: datetime
    author: Person
    hubs: tuple[str, ...]
    stylesheet: str | None
    copyright: str
    image: str | None
    podcast: Podcast | None
    items: tuple[FeedItem, ...]


def feed_document(site: Site, scope: FeedScope, fmt: Format) -> FeedDocument:
    """The ``fmt`` feed of ``scope``."""
    settings = feed_settings(site)
    podcast = podcast_of(settings, scope)
    posts = scope_posts(site, settings, scope)
    chosen = posts
    if podcast is not None and podcast.episodes_only and fmt == "rss":
        chosen = tuple(post for post in posts if post.extra.get("audio") is not None)
    if settings.limit:
        chosen = chosen[: settings.limit]
    items = feed_items(site, chosen)
    if items:
        updated = max(item.updated for item in items)
    elif posts:
        updated = max(item.updated for item in feed_items(site, posts))
    else:
        updated = EPOCH
    if scope.kind == "author":
        assert scope.slug is not None
        author = person(site, scope.slug)
    else:
        author = Person(name=xml_safe(site.title, where="site.toml", field="site.title"), url=site.base_url + "/")
    title = scope_title(site, scope)
    description = scope_description(site, scope)
    if podcast is not None:
        title = podcast.title or title
        description = podcast.description or description
    self_url = site.absolute_url(feed_path(site, settings, scope, fmt))
    return FeedDocument(
        scope=scope,
        format=fmt,
        id=self_url,
        title=xml_safe(title, where="site.toml", field="feed title"),
        description=xml_safe(description, where="site.toml", field="feed description"),
        language=site.language,
        zone=site.zone,
        home_url=site.absolute_url(scope_page_url(site, scope)),
        self_url=self_url,
        updated=updated,
        author=author,
        hubs=settings.hubs,
        stylesheet=settings.stylesheet,
        copyright=xml_safe(settings.copyright, where="site.toml", field="feeds.copyright"),
        image=settings.image,
        podcast=podcast,
        items=items,
    )
