"""Dates as the theme shows them: English names, no dependence on the locale."""

from __future__ import annotations

from datetime import datetime

MONTHS = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


def format_date(moment: datetime, pattern: str) -> str:
    """``moment`` written with ``pattern``, e.g. ``"{month_name} {day}, {year}"``.

    Fields: ``year``, ``month`` (two digits), ``month_name``, ``month_abbr``,
    ``day``, ``day2`` (two digits), ``weekday``, ``weekday_abbr``.
    """
    return pattern.format(
        year=f"{moment.year:04d}",
        month=f"{moment.month:02d}",
        month_name=MONTHS[moment.month - 1],
        month_abbr=MONTHS[moment.month - 1][:3],
        day=str(moment.day),
        day2=f"{moment.day:02d}",
        weekday=WEEKDAYS[moment.weekday()],
        weekday_abbr=WEEKDAYS[moment.weekday()][:3],
    )


def month_name(month: int) -> str:
    """The English name of ``month`` (1 to 12)."""
    return MONTHS[month - 1]
