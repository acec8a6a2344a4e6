"""Small pieces the import's planning steps share: warnings, text from HTML, dates, slugs."""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Iterable
from datetime import UTC, datetime, tzinfo
from email.utils import parsedate_to_datetime
from typing import TypeVar
from urllib.parse import unquote
from zoneinfo import ZoneInfo

from coachcontent.importers.report import ImportWarning
from coachcontent.importers.wxr import ItemRecord
from coachcontent.models.validators import is_slug, url_problem
from coachcontent.slugs import make_slug, unique_slugs

K = TypeVar("K")

_TAG = re.compile(r"<(?=[A-Za-z/!?])[^>]*>")
_WP_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2}):(\d{2})")
#: A name path joins levels with "/"; a "/" inside a name becomes this look-alike.
DIVISION_SLASH = "\u2215"


class Warnings:
    """Collects :class:`ImportWarning` objects; the report sorts them by line."""

    def __init__(self) -> None:
        self._items: set[ImportWarning] = set()

    def add(self, line: int, subject: str, message: str) -> None:
        """Record a warning about ``subject`` (its item starting on ``line``)."""
        self._items.add(ImportWarning(line=line, subject=subject, message=message))

    def bind(self, line: int, subject: str) -> Callable[[str], None]:
        """A ``warn(message)`` function for one item."""
        return lambda message: self.add(line, subject, message)

    def sorted(self) -> tuple[ImportWarning, ...]:
        """Every warning, by line, then subject, then message."""
        return tuple(sorted(self._items))


def html_to_text(value: str) -> str:
    """Plain text of a WordPress title or name (tags removed, entities decoded).

    ``<`` only starts a tag when a letter, ``/``, ``!`` or ``?`` follows, as in
    PHP's ``strip_tags``, so "5 < 6" stays.
    """
    return html.unescape(_TAG.sub("", value))


def name_for_path(name: str) -> str:
    """``name`` made safe to be one level of a "/"-joined name path."""
    return name.replace("/", DIVISION_SLASH)


def wp_slug(value: str) -> str:
    """A WordPress slug as text: percent-encoded UTF-8 is decoded (``%c3%bc`` → ``ü``)."""
    return unquote(value.strip())


def slug_of(wordpress_slug: str, fallback_text: str, fallback: str) -> tuple[str, bool]:
    """(our slug, whether it is WordPress's own): WordPress's when it is already a clean slug."""
    decoded = wp_slug(wordpress_slug).lower()
    if is_slug(decoded) and len(decoded) <= 200:
        return decoded, True
    return make_slug(decoded or fallback_text, fallback=fallback), False


def assign_slugs(
    wanted: Iterable[tuple[K, str, bool]],
    on_clash: Callable[[K, str], None],
    *,
    taken: Iterable[str] = (),
) -> dict[K, str]:
    """Unique slugs for ``wanted`` ``(key, slug, explicit)``; keys must sort.

    Explicit slugs are kept; when two explicit slugs clash the later key (in
    sort order) is treated as derived, gets a ``-2`` suffix and ``on_clash``
    is called for it.
    """
    owners: set[str] = set()
    fixed: list[tuple[K, str, bool]] = []
    for key, slug, explicit in sorted(wanted, key=lambda item: item[0]):  # type: ignore[arg-type,return-value]
        if explicit and slug in owners:
            on_clash(key, slug)
            explicit = False
        elif explicit:
            owners.add(slug)
        fixed.append((key, slug, explicit))
    result, _ = unique_slugs(fixed, taken=taken)
    return result


def parse_wp_date(value: str, zone: tzinfo | None) -> datetime | None:
    """A ``YYYY-MM-DD HH:MM:SS`` WordPress date in ``zone`` (UTC when ``None``).

    WordPress writes ``0000-00-00 00:00:00`` for "no date"; that gives ``None``.
    """
    match = _WP_DATE.match(value.strip())
    if match is None:
        return None
    year, month, day, hour, minute, second = (int(part) for part in match.groups())
    if year < 1:
        return None
    try:
        return datetime(year, month, day, hour, minute, second, tzinfo=zone or UTC)
    except ValueError:
        return None


def parse_rss_date(value: str) -> datetime | None:
    """An RFC 822 ``<pubDate>``; the 1970 and year -1 dates of unpublished items give ``None``."""
    if not value.strip():
        return None
    try:
        moment = parsedate_to_datetime(value.strip())
    except (TypeError, ValueError, IndexError):
        return None
    if moment.tzinfo is None or moment.year <= 1970:
        return None
    return moment


def as_int(value: str) -> int | None:
    """The number in ``value`` when it is a plain non-negative integer, else ``None``."""
    value = value.strip()
    return int(value) if value.isdigit() else None


def id_key(record: ItemRecord) -> tuple[int, int]:
    """Sort key of an item: its WordPress id (numerically), then its place in the export."""
    number = as_int(record.post_id)
    return (number if number is not None else 1 << 62, record.index)


def absolute_http(value: str) -> str | None:
    """``value`` when it is a usable absolute http(s) URL (``//host`` gets https), else ``None``."""
    value = value.strip()
    if value.startswith("//"):
        value = "https:" + value
    return value if value.startswith(("http://", "https://")) and not url_problem(value) else None


def item_date(item: ItemRecord, zone: ZoneInfo) -> datetime | None:
    """When the item was published: ``post_date_gmt``, else ``post_date`` in ``zone``, else ``pubDate``."""
    gmt = parse_wp_date(item.post_date_gmt, UTC) if item.post_date_gmt else None
    if gmt is not None:
        return gmt.astimezone(zone)
    local = parse_wp_date(item.post_date, zone)
    if local is not None:
        return local
    rss = parse_rss_date(item.pub_date)
    return rss.astimezone(zone) if rss is not None else None


def item_updated(item: ItemRecord, zone: ZoneInfo) -> datetime | None:
    """When the item was last changed, if the export says."""
    gmt = parse_wp_date(item.post_modified_gmt, UTC)
    if gmt is not None:
        return gmt.astimezone(zone)
    return parse_wp_date(item.post_modified, zone)
