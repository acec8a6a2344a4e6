"""coachcontent-feeds: RSS 2.0, Atom 1.0 and JSON Feed 1.1 for a coachcontent site.

Feeds for the site, each category (with the posts of its subcategories),
tag, term of a declared taxonomy and author; podcast episodes and iTunes
tags; entry ids that survive a new slug or URL; no clock anywhere.

Public names for themes and applications:

- :func:`feed_urls` — the feeds of the site, a term or an author (site paths, media types, titles);
- :func:`render_feed` — one feed's bytes, without a build;
- :func:`entry_id` — a post's permanent entry id;
- :func:`feed_settings` — ``[feeds]`` read and checked.
"""

from __future__ import annotations

from coachcontent import Post, Site
from coachcontent_feeds.errors import FeedError
from coachcontent_feeds.ids import entry_id as _entry_id
from coachcontent_feeds.items import FeedItem, feed_item
from coachcontent_feeds.podcast import ITUNES_CATEGORIES, Episode, Podcast
from coachcontent_feeds.render import render_feed, stylesheet
from coachcontent_feeds.scopes import FeedLink, FeedScope, feed_scopes, feed_urls
from coachcontent_feeds.settings import SECTION, FeedSettings, feed_settings
from coachcontent_feeds.text import logger

__version__ = "0.1.0"


def entry_id(site: Site, post: Post) -> str:
    """The permanent id of ``post`` in every feed (see :mod:`coachcontent_feeds.ids` for the rule)."""
    return _entry_id(post, feed_settings(site).authority)


__all__ = [
    "ITUNES_CATEGORIES",
    "SECTION",
    "Episode",
    "FeedError",
    "FeedItem",
    "FeedLink",
    "FeedScope",
    "FeedSettings",
    "Podcast",
    "__version__",
    "entry_id",
    "feed_item",
    "feed_scopes",
    "feed_settings",
    "feed_urls",
    "logger",
    "render_feed",
    "stylesheet",
]
