"""The hook implementations: the entry point ``readingtime`` in the ``coachcontent`` group.

Three hooks make the whole plugin:

* ``coachcontent_config_sections`` declares ``[readingtime]`` so the core
  checks it (unknown keys, types, :func:`~coachcontent_readingtime.settings`
  validation) and reports problems with ``site.toml``'s line;
* ``coachcontent_template_context`` adds ``reading_minutes`` to post pages
  (and a ``reading_time(entry)`` function to every template), deferred: the
  words are counted only when a template shows them;
* ``coachcontent_outputs`` adds ``events.ics`` when a published post has an
  ``event:``.  Its renderer is a module-level function, so it pickles by
  name and runs in worker processes too.
"""

from __future__ import annotations

import weakref
from collections.abc import Iterator, Mapping, Sequence
from functools import partial
from typing import Any

from coachcontent import (
    BuildContext,
    ConfigSection,
    Deferred,
    LinkTag,
    Output,
    Page,
    Post,
    Site,
    View,
    hookimpl,
)
from coachcontent_readingtime.events import calendar, site_events
from coachcontent_readingtime.settings import SECTION, Settings
from coachcontent_readingtime.words import reading_minutes, word_count


def reading_time(site: Site, entry: Post | Page) -> int:
    """Minutes to read ``entry`` at the site's ``words_per_minute``."""
    return reading_minutes(word_count(entry.body), Settings.of(site).words_per_minute)


@hookimpl
def coachcontent_config_sections() -> Sequence[ConfigSection]:
    """``[readingtime]`` in ``site.toml``."""
    return [SECTION]


@hookimpl
def coachcontent_template_context(site: Site, view: View) -> Mapping[str, Any]:
    """``reading_minutes`` and ``reading_words`` for a post (and, if asked, a page);
    ``reading_time(entry)`` for listings in every template."""
    settings = Settings.of(site)
    context: dict[str, Any] = {"reading_time": partial(reading_time, site)}
    entry = view.post if view.kind == "post" else view.page if view.kind == "page" and settings.pages else None
    if entry is not None:
        # Deferred: the words are counted only if a template shows them.
        words = Deferred(partial(word_count, entry.body))
        context["reading_words"] = words
        context["reading_minutes"] = Deferred(lambda: reading_minutes(words.value, settings.words_per_minute))
    return context


def render_calendar(context: BuildContext) -> bytes:
    """The renderer of ``events.ics``: module-level, so it pickles by reference."""
    site = context.site
    return calendar(site_events(site), name=Settings.of(site).calendar_name)


@hookimpl
def coachcontent_outputs(site: Site) -> Iterator[Output]:
    """``events.ics`` when the calendar is on and a published post has an event.

    The events are read here, before anything is rendered, so a malformed
    ``event:`` stops the build with the file and the key: the core turns the
    :class:`~coachcontent_readingtime.EventError` into a
    :class:`~coachcontent.BuildError` that names this plugin.
    """
    settings = Settings.of(site)
    if settings.calendar and site_events(site):
        yield Output(path=settings.calendar_path, media_type="text/calendar", renderer=render_calendar)


_EVENTS: weakref.WeakKeyDictionary[Site, bool] = weakref.WeakKeyDictionary()


def _has_events(site: Site) -> bool:
    # Asked once per page: remember the answer per site, or every page scans every post.
    if site not in _EVENTS:
        _EVENTS[site] = any("event" in post.extra for post in site.posts_newest_first())
    return _EVENTS[site]


@hookimpl
def coachcontent_head_metadata(site: Site) -> Sequence[LinkTag]:
    """A ``<link rel="alternate" type="text/calendar">`` to the feed on every page that has one."""
    settings = Settings.of(site)
    if not settings.calendar or not _has_events(site):
        return ()
    return (
        LinkTag(
            rel="alternate",
            type="text/calendar",
            href="/" + settings.calendar_path,
            title=settings.calendar_name,
        ),
    )


__all__: list[str] = [
    "coachcontent_config_sections",
    "coachcontent_head_metadata",
    "coachcontent_outputs",
    "coachcontent_template_context",
    "reading_time",
    "render_calendar",
]
