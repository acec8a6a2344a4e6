"""Events announced by posts (``event:`` in front matter) and the iCalendar feed of them.

A post announces an event with a table in its front matter::

    event:
      start: 2025-03-12 18:00      # a date and time, or a date for an all-day event
      end: 2025-03-12 20:00        # optional; for all-day events the last day
      location: "Northbridge office, 200 Lake Street, Chicago"

The core keeps unknown front-matter keys in ``post.extra``, so the plugin
reads ``post.extra["event"]``.  Times without a timezone are read in the
site's timezone; the feed writes every time in UTC, so it needs no
``VTIMEZONE`` component.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from datetime import UTC, date, datetime, timedelta
from typing import Any
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

from attrs import frozen

from coachcontent import Post, Site
from coachcontent_readingtime import ical
from coachcontent_readingtime.words import html_text

#: The keys of an ``event:`` table.
EVENT_KEYS = ("start", "end", "location")
#: ``PRODID`` of the written calendars (RFC 5545 §3.7.3).
PRODUCT_ID = "-//coachcontent//coachcontent-readingtime//EN"
_DATE_ONLY = re.compile(r"^\d{4}-\d{2}-\d{2}$")


class EventError(ValueError):
    """A post's ``event:`` front matter is not usable.

    Printed as ``file: event.key: message`` (the file relative to the site folder).
    """

    def __init__(self, source: str, key: str, message: str) -> None:
        self.source = source
        self.key = key
        self.message = message
        super().__init__(f"{source}: {key}: {message}")


@frozen(kw_only=True)
class Event:
    """One event of the calendar, taken from a post.

    :param uid: the event's permanent id: the post's ``id`` (or slug) at the site's host.
    :param post: the slug of the post announcing it.
    :param title: the post's title.
    :param start: an aware datetime, or a date for an all-day event.
    :param end: the end (exclusive; for all-day events the day after the last), if known.
    :param location: where it takes place, plain text.
    :param description: the post's summary as plain text.
    :param url: the post's absolute URL.
    :param stamp: the post's last change (``updated``, else ``date``): the ``DTSTAMP``.
    :param categories: the names of the post's categories.
    """

    uid: str
    post: str
    title: str
    start: datetime | date
    end: datetime | date | None
    location: str
    description: str
    url: str
    stamp: datetime
    categories: tuple[str, ...] = ()

    @property
    def all_day(self) -> bool:
        """Whether the event is given by dates rather than times."""
        return not isinstance(self.start, datetime)

    def sort_key(self, zone: ZoneInfo) -> tuple[datetime, str]:
        """Order of the calendar: by start (all-day events at midnight in ``zone``), then uid."""
        start = self.start
        if not isinstance(start, datetime):
            start = datetime(start.year, start.month, start.day, tzinfo=zone)
        return (start.astimezone(UTC), self.uid)


def _moment(value: Any, zone: ZoneInfo, source: str, key: str) -> datetime | date:
    if isinstance(value, str):
        text = value.strip()
        try:
            value = date.fromisoformat(text) if _DATE_ONLY.match(text) else datetime.fromisoformat(text)
        except ValueError:
            raise EventError(
                source, key, f"expected a date (2025-03-12) or a date and time (2025-03-12 18:00), got {text!r}"
            ) from None
    if isinstance(value, datetime):
        return value if value.tzinfo is not None and value.utcoffset() is not None else value.replace(tzinfo=zone)
    if isinstance(value, date):
        return value
    raise EventError(source, key, f"expected a date or a date and time, got {value!r}")


def event_of(site: Site, post: Post) -> Event | None:
    """The event ``post`` announces, or ``None`` when its front matter has no ``event``.

    :raises EventError: when the ``event`` table is malformed.
    """
    raw = post.extra.get("event")
    if raw is None:
        return None
    source = post.source_path or f"post {post.slug}"
    if not isinstance(raw, Mapping):
        raise EventError(source, "event", f"expected a table with {', '.join(EVENT_KEYS)}, got {raw!r}")
    unknown = sorted(set(raw) - set(EVENT_KEYS))
    if unknown:
        raise EventError(source, f"event.{unknown[0]}", f"unknown key (accepted: {', '.join(EVENT_KEYS)})")
    if "start" not in raw:
        raise EventError(source, "event.start", "missing (every event needs a start)")
    zone = site.zone
    start = _moment(raw["start"], zone, source, "event.start")
    end: datetime | date | None = None
    if raw.get("end") is not None:
        end = _moment(raw["end"], zone, source, "event.end")
        if isinstance(start, datetime) != isinstance(end, datetime):
            raise EventError(source, "event.end", "start and end must both be dates or both be dates with times")
        if isinstance(start, datetime) and isinstance(end, datetime):
            if end <= start:
                raise EventError(source, "event.end", f"must be after the start ({start.isoformat()})")
        elif end < start:
            raise EventError(source, "event.end", f"the last day must not be before the first ({start.isoformat()})")
        else:
            end = end + timedelta(days=1)  # DTEND of an all-day event is the day after the last
    location = raw.get("location", "")
    if not isinstance(location, str):
        raise EventError(source, "event.location", f"expected text, got {location!r}")
    host = urlsplit(site.base_url).hostname or "localhost"
    return Event(
        uid=f"{post.id or post.slug}@{host}",
        post=post.slug,
        title=post.title,
        start=start,
        end=end,
        location=location.strip(),
        description=html_text(post.summary),
        url=site.absolute_url(site.url_for(post)),
        stamp=post.updated or post.date,
        categories=tuple(site.term("categories", slug).name for slug in post.categories),
    )


def site_events(site: Site) -> tuple[Event, ...]:
    """The events of the site's published posts, by start, then uid.

    Drafts and posts dated after ``site.as_of`` are left out, like everywhere else.

    :raises EventError: for the first post whose ``event`` is malformed.
    """
    events = [event for post in site.posts_newest_first() if (event := event_of(site, post)) is not None]
    return tuple(sorted(events, key=lambda event: event.sort_key(site.zone)))


def _event_lines(event: Event) -> Iterable[bytes]:
    yield ical.content_line("BEGIN", "VEVENT")
    yield ical.content_line("UID", ical.escape_text(event.uid))
    yield ical.content_line("DTSTAMP", ical.utc_datetime(event.stamp))
    if isinstance(event.start, datetime):
        yield ical.content_line("DTSTART", ical.utc_datetime(event.start))
        if isinstance(event.end, datetime):
            yield ical.content_line("DTEND", ical.utc_datetime(event.end))
    else:
        yield ical.content_line("DTSTART", ical.date_value(event.start), [("VALUE", "DATE")])
        end = event.end if event.end is not None else event.start + timedelta(days=1)
        yield ical.content_line("DTEND", ical.date_value(end), [("VALUE", "DATE")])
    yield ical.content_line("SUMMARY", ical.escape_text(event.title))
    if event.description:
        yield ical.content_line("DESCRIPTION", ical.escape_text(event.description))
    if event.location:
        yield ical.content_line("LOCATION", ical.escape_text(event.location))
    if event.categories:
        yield ical.content_line("CATEGORIES", ",".join(ical.escape_text(name) for name in event.categories))
    yield ical.content_line("URL", event.url)
    yield ical.content_line("END", "VEVENT")


def calendar(events: Iterable[Event], *, name: str) -> bytes:
    """A complete ``VCALENDAR`` of ``events`` (in the order given), as bytes.

    Needs at least one event: RFC 5545 requires a calendar to hold a component.
    The bytes depend only on the events and ``name``, never on the clock.
    """
    events = tuple(events)
    if not events:
        raise ValueError("a calendar needs at least one event")
    lines = [
        ical.content_line("BEGIN", "VCALENDAR"),
        ical.content_line("VERSION", "2.0"),
        ical.content_line("PRODID", PRODUCT_ID),
        ical.content_line("CALSCALE", "GREGORIAN"),
        ical.content_line("METHOD", "PUBLISH"),
        ical.content_line("NAME", ical.escape_text(name)),  # RFC 7986
        ical.content_line("X-WR-CALNAME", ical.escape_text(name)),  # what older clients read
    ]
    for event in events:
        lines.extend(_event_lines(event))
    lines.append(ical.content_line("END", "VCALENDAR"))
    return b"".join(lines)
