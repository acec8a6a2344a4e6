"""Dates as each format wants them: RFC 822 in RSS, RFC 3339 in Atom and JSON Feed."""

from __future__ import annotations

from datetime import datetime, timedelta, tzinfo

_DAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
# "-0600" by UTC offset: a site has one or two offsets, and formatting one is
# a third of the cost of a date.
_RFC822_ZONES: dict[timedelta | None, str] = {}


def _rfc822_zone(offset: timedelta | None) -> str:
    zone = _RFC822_ZONES.get(offset)
    if zone is None:
        minutes = round(offset.total_seconds() / 60) if offset is not None else 0
        sign = "-" if minutes < 0 else "+"
        hours, minutes = divmod(abs(minutes), 60)
        zone = _RFC822_ZONES[offset] = f"{sign}{hours:02d}{minutes:02d}"
    return zone


def rfc822(moment: datetime, zone: tzinfo) -> str:
    """``Tue, 05 Mar 2024 09:30:00 -0600``: English names and a numeric zone, as RSS 2.0 wants.

    Written out rather than with :func:`email.utils.format_datetime`, which is
    several times slower and would be called once per entry of every feed.
    """
    local = moment.astimezone(zone)
    return "%s, %02d %s %04d %02d:%02d:%02d %s" % (  # noqa: UP031 (twice as fast as an f-string with formats)
        _DAYS[local.weekday()],
        local.day,
        _MONTHS[local.month - 1],
        local.year,
        local.hour,
        local.minute,
        local.second,
        _rfc822_zone(local.utcoffset()),
    )


def rfc3339(moment: datetime, zone: tzinfo) -> str:
    """``2024-03-05T09:30:00-06:00``: seconds and an offset, as Atom and JSON Feed want."""
    return moment.astimezone(zone).isoformat(timespec="seconds")
