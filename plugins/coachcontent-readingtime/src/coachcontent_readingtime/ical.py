"""Writing iCalendar (RFC 5545) content lines: escaping, folding, dates.

Every line ends in CRLF; lines longer than 75 octets are folded (a CRLF
and one space), never inside a UTF-8 sequence (RFC 5545 §3.1).  TEXT values
escape backslash, semicolon, comma and line breaks (§3.3.11).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import UTC, date, datetime

CRLF = b"\r\n"
#: Octets of one content line before it must be folded (the CRLF not counted).
LINE_OCTETS = 75
# Control characters other than tab may not appear in a TEXT value.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
# Parameter values are quoted when they hold one of these (§3.2).
_NEEDS_QUOTES = re.compile(r"[:;,]")


def escape_text(value: str) -> str:
    r"""``value`` as an iCalendar TEXT value.

    >>> escape_text('Room 4; "North", 2nd floor\\back\nbring a pen')
    'Room 4\\; "North"\\, 2nd floor\\\\back\\nbring a pen'
    """
    value = value.replace("\r\n", "\n").replace("\r", "\n")
    value = _CONTROL.sub("", value)
    return value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")


def parameter_value(value: str) -> str:
    """A parameter value, quoted when it must be (double quotes are not allowed at all)."""
    value = _CONTROL.sub("", value.replace('"', "'").replace("\r", " ").replace("\n", " "))
    return f'"{value}"' if _NEEDS_QUOTES.search(value) else value


def fold(line: str) -> bytes:
    """One content line as UTF-8 with its CRLF, folded at 75 octets.

    Continuation lines start with a space, which counts toward their 75
    octets; a multi-octet character is never split.
    """
    data = line.encode("utf-8")
    if b"\r" in data or b"\n" in data:
        raise ValueError(f"a content line cannot contain a line break: {line[:40]!r}")
    pieces: list[bytes] = []
    start = 0
    limit = LINE_OCTETS
    while len(data) - start > limit:
        end = start + limit
        while data[end] & 0xC0 == 0x80:  # a UTF-8 continuation octet: back up to the character's start
            end -= 1
        pieces.append(data[start:end])
        start = end
        limit = LINE_OCTETS - 1
    pieces.append(data[start:])
    return b"\r\n ".join(pieces) + CRLF


def content_line(name: str, value: str, parameters: Iterable[tuple[str, str]] = ()) -> bytes:
    """``NAME;PARAM=value:value`` folded; ``value`` must already be escaped for its type."""
    params = "".join(f";{key}={parameter_value(param)}" for key, param in parameters)
    return fold(f"{name}{params}:{value}")


def utc_datetime(moment: datetime) -> str:
    """An aware ``moment`` as a UTC DATE-TIME, e.g. ``20250312T230000Z``."""
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError(f"{moment!r} has no timezone")
    utc = moment.astimezone(UTC)
    return f"{date_value(utc)}T{utc.hour:02d}{utc.minute:02d}{utc.second:02d}Z"


def date_value(day: date) -> str:
    """A DATE value, e.g. ``20250312``."""
    return f"{day.year:04d}{day.month:02d}{day.day:02d}"
