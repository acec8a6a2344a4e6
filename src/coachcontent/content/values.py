"""Reading loosely typed values (front matter, site.toml) into what the models need."""

from __future__ import annotations

from datetime import date, datetime, time
from typing import Any
from zoneinfo import ZoneInfo


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
        except ValueError:
            raise ValueError(
                f"cannot read {value!r} as a date "
                "(expected YYYY-MM-DD, YYYY-MM-DD HH:MM[:SS] or ISO 8601 with an offset)"
            ) from None
    else:
        raise ValueError(f"expected a date, got {value!r}")
    if moment.tzinfo is None or moment.utcoffset() is None:
        moment = moment.replace(tzinfo=zone)
    return moment


def to_text(value: Any) -> str:
    """A string from a string or a number (``title: 2024`` is a fine title)."""
    if isinstance(value, bool) or value is None:
        raise ValueError(f"expected text, got {value!r}")
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
    raise ValueError(f"expected a list of text, got {value!r}")


def to_bool(value: Any) -> bool:
    """``true`` or ``false`` only: ``draft: "no"`` is a mistake worth reporting."""
    if isinstance(value, bool):
        return value
    raise ValueError(f"expected true or false, got {value!r}")


def to_int(value: Any, *, minimum: int | None = None) -> int:
    """An integer (not a boolean), at least ``minimum`` when given."""
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValueError(f"expected an integer, got {value!r}")
    if minimum is not None and value < minimum:
        raise ValueError(f"expected an integer of at least {minimum}, got {value}")
    return value
