"""Dates as each format wants them: RFC 822 in RSS, RFC 3339 in Atom and JSON Feed."""

from __future__ import annotations

from datetime import datetime, tzinfo

_DAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def rfc822(moment: datetime, zone: tzinfo) -> str:
    """``Tue, 05 Mar 2024 09:30:00 -0600``: English names and a numeric zone, as RSS 2.0 wants.

    Written out rather than with :func:`email.utils.format_datetime`, which is
    several times slower and would be called once per entry of every feed.
    """
    local = moment.astimezone(zone)
    offset = local.utcoffset()
    minutes = round(offset.total_seconds() / 60) if offset is not None else 0
    sign = "-" if minutes < 0 else "+"
    hours, minutes = divmod(abs(minutes), 60)
    return (
        f"{_DAYS[local.weekday()]}, {local.day:02d} {_MONTHS[local.month - 1]} {local.year:04d} "
        f"{local.hour:02d}:{local.minute:02d}:{local.second:02d} {sign}{hours:02d}{minutes:02d}"
    )


def rfc3339(moment: datetime, zone: tzinfo) -> str:
    """``2024-03-05T09:30:00-06:00``: seconds and an offset, as Atom and JSON Feed want."""
    return moment.astimezone(zone).replace(microsecond=0).isoformat()
