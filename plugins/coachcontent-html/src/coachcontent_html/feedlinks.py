"""The feeds the theme links: those coachcontent-feeds really writes, else the ``[html] feeds``.

``coachcontent_feeds`` is imported here, lazily, and only when the plugin named
``feeds`` taking part in the build is that package: the theme works without it.
"""

from __future__ import annotations

import pluggy
from attrs import frozen

from coachcontent import Site, View

#: The plugin name whose feeds the theme links (``feed_links = "auto"``).
FEEDS_PLUGIN = "feeds"

#: Short names of the feeds plugin's formats, for the subscribe widget.
FORMAT_LABELS = {"rss": "RSS", "atom": "Atom", "json": "JSON"}


@frozen(kw_only=True)
class Feed:
    """A feed the theme links to.

    :param title: its short name in the subscribe widget ("RSS", "Atom").
    :param head_title: the ``title`` of its ``<link rel="alternate">``; empty
        uses "Site title – title".
    """

    title: str
    url: str
    type: str = "application/rss+xml"
    head_title: str = ""


@frozen(kw_only=True)
class FeedGroup:
    """The feeds of the archive being shown (a category's, an author's)."""

    label: str
    feeds: tuple[Feed, ...]


def feeds_package_plugin(plugin_manager: pluggy.PluginManager) -> bool:
    """Whether the plugin named ``feeds`` in this build is coachcontent-feeds (whose
    :func:`coachcontent_feeds.feed_urls` then says which feeds exist)."""
    plugin = plugin_manager.get_plugin(FEEDS_PLUGIN)
    return plugin is not None and str(getattr(plugin, "__name__", "")).startswith("coachcontent_feeds")


def plugin_feeds(
    site: Site,
    *,
    taxonomy: str | None = None,
    term: str | None = None,
    author: str | None = None,
) -> tuple[Feed, ...]:
    """The feeds coachcontent-feeds writes for the site, a term or an author, RSS first."""
    import coachcontent_feeds  # only when the feeds plugin takes part

    return tuple(
        Feed(
            title=FORMAT_LABELS.get(link.format, link.format.upper()),
            url=link.url,
            type=link.media_type,
            head_title=link.title,
        )
        for link in coachcontent_feeds.feed_urls(site, taxonomy=taxonomy, term=term, author=author)
    )


def archive_feeds(site: Site, view: View) -> FeedGroup | None:
    """The feeds of the term or author archive ``view`` shows, when the feeds plugin writes some."""
    if view.kind == "term" and view.term is not None:
        taxonomy = site.taxonomy(view.term.taxonomy)
        feeds = plugin_feeds(site, taxonomy=taxonomy.name, term=view.term.slug)
        label = f"{taxonomy.singular or taxonomy.display_label}: {site.term(taxonomy.name, view.term.slug).name}"
    elif view.kind == "author" and view.author is not None:
        feeds = plugin_feeds(site, author=view.author.slug)
        label = f"Articles by {view.author.name}"
    else:
        return None
    return FeedGroup(label=label, feeds=feeds) if feeds else None
