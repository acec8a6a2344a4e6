"""The hook implementations: the entry point ``feeds`` in the ``coachcontent`` group."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from functools import partial

from coachcontent import BuildContext, ConfigSection, LinkTag, Output, Site, View, hookimpl, output_path
from coachcontent_feeds.items import check_episodes
from coachcontent_feeds.render import render_feed_output, stylesheet
from coachcontent_feeds.scopes import (
    MEDIA_TYPES,
    FeedScope,
    feed_links,
    feed_path,
    feed_scopes,
    podcast_of,
    scope_formats,
    scope_posts,
)
from coachcontent_feeds.settings import SECTION, feed_settings


@hookimpl
def coachcontent_config_sections() -> Sequence[ConfigSection]:
    """The ``[feeds]`` section of ``site.toml``."""
    return [SECTION]


@hookimpl
def coachcontent_outputs(build: BuildContext, site: Site) -> Iterable[Output]:
    """Every feed of the site, its terms and authors, and the XSLT stylesheet when asked for.

    Settings and every episode are checked here, before anything renders, so a
    bad ``[feeds]`` value or an enclosure without a length stops the build with
    one message listing every problem.
    """
    settings = feed_settings(site)
    check_episodes(site)
    outputs = []
    for scope in feed_scopes(site, settings):
        posts = scope_posts(site, settings, scope)
        if settings.limit and podcast_of(settings, scope) is None:
            posts = posts[: settings.limit]
        # A feed shows its posts whole: it is rendered again when one of them changes.
        items = tuple(build.entry_digest(post) for post in posts)
        for fmt in scope_formats(settings, scope):
            outputs.append(
                Output(
                    path=output_path(feed_path(site, settings, scope, fmt)),
                    media_type=MEDIA_TYPES[fmt],
                    renderer=partial(
                        render_feed_output, kind=scope.kind, taxonomy=scope.taxonomy, slug=scope.slug, format=fmt
                    ),
                    fingerprint=build.fingerprint("coachcontent-feeds", scope, fmt, items),
                )
            )
    if settings.stylesheet:
        outputs.append(Output(path=output_path(settings.stylesheet), media_type="text/xsl", content=stylesheet()))
    return outputs


@hookimpl
def coachcontent_head_metadata(site: Site, view: View) -> Sequence[LinkTag]:
    """``<link rel="alternate">`` for the site's feeds on every page, and for the
    term's or author's feeds on its archive pages (feed autodiscovery)."""
    scopes = [FeedScope.for_site()]
    if view.kind == "term" and view.term is not None:
        scopes.append(FeedScope.for_term(view.term.taxonomy, view.term.slug))
    elif view.kind == "author" and view.author is not None:
        scopes.append(FeedScope.for_author(view.author.slug))
    return [
        LinkTag(rel="alternate", href=link.url, type=link.media_type, title=link.title)
        for scope in scopes
        for link in feed_links(site, scope)
    ]
