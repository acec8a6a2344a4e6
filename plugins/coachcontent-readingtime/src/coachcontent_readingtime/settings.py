"""The ``[readingtime]`` section of ``site.toml``."""

from __future__ import annotations

import weakref
from collections.abc import Iterator, Mapping
from typing import Any

from attrs import frozen

from coachcontent import ConfigKey, ConfigSection, Site


def _validate(values: Mapping[str, Any]) -> Iterator[tuple[str, str]]:
    if values["words_per_minute"] < 1:
        yield "words_per_minute", f"expected a positive integer, got {values['words_per_minute']!r}"
    path = values["calendar_path"]
    if path.startswith("/") or not path.endswith(".ics") or any(part in ("", ".", "..") for part in path.split("/")):
        yield "calendar_path", f"expected a relative path ending in .ics, such as 'events.ics', got {path!r}"


SECTION = ConfigSection(
    name="readingtime",
    description="Reading-time estimates for posts and the iCalendar feed of event posts.",
    keys=(
        ConfigKey(
            name="words_per_minute",
            type=int,
            default=220,
            description="Reading speed used for the estimate (words of body text per minute).",
        ),
        ConfigKey(
            name="pages",
            type=bool,
            default=False,
            description="Also estimate the reading time of pages, not only of posts.",
        ),
        ConfigKey(
            name="calendar",
            type=bool,
            default=True,
            description="Write the iCalendar feed when at least one published post has an event.",
        ),
        ConfigKey(
            name="calendar_path",
            type=str,
            default="events.ics",
            description="Where the iCalendar feed is written, relative to the output folder.",
        ),
        ConfigKey(
            name="calendar_name",
            type=str,
            default="",
            description="The calendar's name in calendar apps; empty uses the site's title.",
        ),
    ),
    validate=_validate,
)


@frozen(kw_only=True)
class Settings:
    """``[readingtime]`` with defaults applied; see :data:`SECTION` for each key."""

    words_per_minute: int
    pages: bool
    calendar: bool
    calendar_path: str
    calendar_name: str

    @classmethod
    def of(cls, site: Site) -> Settings:
        """The settings of ``site`` (defaults for every key it does not set).

        Resolved once per site: every page asks (for its head and its variables).
        """
        kept = _RESOLVED.get(site)
        if kept is not None:
            return kept
        values = SECTION.resolve(site.config_section("readingtime"))
        settings = cls(
            words_per_minute=int(values["words_per_minute"]),
            pages=bool(values["pages"]),
            calendar=bool(values["calendar"]),
            calendar_path=str(values["calendar_path"]),
            calendar_name=str(values["calendar_name"]) or site.title,
        )
        _RESOLVED[site] = settings
        return settings


#: The settings of each site still in use (a site is compared by identity; an entry
#: goes with its site, so a dev server's earlier sites are not kept alive).
_RESOLVED: weakref.WeakKeyDictionary[Site, Settings] = weakref.WeakKeyDictionary()
