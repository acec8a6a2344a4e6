"""Reading loosely typed values (front matter, site.toml) into what the models need."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, time
from typing import Any
from zoneinfo import ZoneInfo

_DATE_SHAPE = re.compile(r"^\d{4}-\d{2}-\d{2}(?:[T ]|$)")
#: Dates outside these years are refused: they overflow on the way to UTC or in a feed's format.
FIRST_YEAR, LAST_YEAR = 1000, 9998
#: Characters a text may not hold: C0 and C1 controls (tab and line ends aside), DEL,
#: lone surrogates and the noncharacters U+FFFE/U+FFFF.  XML 1.0 refuses most of
#: them outright, so one of them in a title would break every feed.
CONTROL_CHARACTERS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")


def show(value: Any, limit: int = 60) -> str:
    """``repr(value)`` cut to ``limit`` characters, for messages about values that may be huge."""
    if isinstance(value, set | frozenset):
        value = sorted(value, key=repr)  # a set's repr changes from run to run
    text = repr(value.isoformat()) if isinstance(value, date) else repr(value)
    return text if len(text) <= limit else text[: limit - 3] + "..."


def control_character_problem(text: str) -> str | None:
    """Why ``text`` may not be used as text (it holds a control character), or ``None``."""
    match = CONTROL_CHARACTERS.search(text)
    if match is None:
        return None
    return f"contains the control character U+{ord(match.group()):04X} (only tab and line breaks are allowed in text)"


def to_datetime(value: Any, zone: ZoneInfo) -> datetime:
    """An aware ``datetime`` from a YAML/TOML date, datetime or ISO 8601 string.

    Naive values are read in ``zone``; a date alone means midnight there.
    Raises :class:`ValueError` with the expected forms.
    """
    if isinstance(value, datetime):
        moment = value
    elif isinstance(value, date):
        moment = datetime.combine(value, time())
    elif isinstance(value, str) and value.strip():
        text = value.strip()
        if text.endswith(("Z", "z")):
            text = text[:-1] + "+00:00"
        try:
            moment = datetime.fromisoformat(text)
        except ValueError as error:
            if _DATE_SHAPE.match(text) and "isoformat" not in str(error):
                raise ValueError(f"{show(value)} is not a date that exists ({error})") from None
            raise ValueError(
                f"cannot read {show(value)} as a date "
                "(expected YYYY-MM-DD, YYYY-MM-DD HH:MM[:SS] or ISO 8601 with an offset)"
            ) from None
    else:
        raise ValueError(f"expected a date, got {show(value)}")
    if moment.tzinfo is None or moment.utcoffset() is None:
        moment = moment.replace(tzinfo=zone)
    try:
        in_range = all(FIRST_YEAR <= m.year <= LAST_YEAR for m in (moment, moment.astimezone(UTC)))
    except OverflowError:
        in_range = False
    if not in_range:
        raise ValueError(f"{show(value)} is outside the years {FIRST_YEAR} to {LAST_YEAR}")
    return moment


def to_text(value: Any) -> str:
    """A string from a string or a number (``title: 2024`` is a fine title)."""
    if isinstance(value, bool) or value is None:
        raise ValueError(f"expected text, got {show(value)}")
    if isinstance(value, str | int | float):
        return str(value)
    raise ValueError(f"expected text, got {type(value).__name__}")


def to_text_list(value: Any, *, split_commas: bool = False) -> list[str]:
    """A list of strings from a list, or from one string (comma-separated when asked)."""
    if value is None:
        return []
    if isinstance(value, str):
        items = value.split(",") if split_commas else [value]
        return [item.strip() for item in items if item.strip()]
    if isinstance(value, list | tuple):
        result = []
        for item in value:
            text = to_text(item).strip()
            if text:
                result.append(text)
        return result
    raise ValueError(f"expected a list of text, got {show(value)}")


def to_bool(value: Any) -> bool:
    """``true`` or ``false`` only: ``draft: "no"`` is a mistake worth reporting."""
    if isinstance(value, bool):
        return value
    raise ValueError(f"expected true or false, got {show(value)}")


def to_int(value: Any, *, minimum: int | None = None) -> int:
    """An integer (not a boolean), at least ``minimum`` when given."""
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValueError(f"expected an integer, got {show(value)}")
    if minimum is not None and value < minimum:
        raise ValueError(f"expected an integer of at least {minimum}, got {show(value)}")
    return value
