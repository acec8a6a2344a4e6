"""Text that XML can carry: characters XML 1.0 forbids are removed, with a warning."""

from __future__ import annotations

import logging
import re

#: The logger every warning of the feeds plugin goes to.
logger = logging.getLogger("coachcontent.feeds")

# XML 1.0 allows tab, newline and carriage return of the C0 controls, nothing
# of U+FFFE/U+FFFF and no lone surrogate (Python strings can hold those).
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")
# Every byte to itself but the C0 controls XML forbids: translating with it
# returns the very same bytes object when there is none (CPython), which
# compares equal at once.
_C0 = bytes(range(0x09)) + b"\x0b\x0c" + bytes(range(0x0E, 0x20))
_FLAG_C0 = bytes(0x20 if byte in _C0 else byte for byte in range(256))


def has_illegal_characters(value: str) -> bool:
    """Whether ``value`` holds a character XML 1.0 cannot carry.

    Translating the UTF-8 encoding with a table that changes only the C0
    controls is several times faster than searching with a regular
    expression, and entry bodies are long.
    """
    try:
        data = value.encode("utf-8")
    except UnicodeEncodeError:  # a lone surrogate
        return True
    if data.translate(_FLAG_C0) != data:
        return True
    return len(data) != len(value) and ("\ufffe" in value or "\uffff" in value)


def xml_safe(value: str, *, where: str, field: str) -> str:
    """``value`` without the characters XML cannot carry.

    Each removal is logged as a warning on ``coachcontent.feeds`` naming
    ``where`` (a post's source file, ``site`` ...) and ``field``, so the
    author can fix the source; the feed stays well-formed either way.
    """
    if not has_illegal_characters(value):
        return value
    cleaned, count = _NOT_XML.subn("", value)
    logger.warning(
        "%s: %s: removed %d character(s) that XML cannot carry (control characters)",
        where,
        field,
        count,
    )
    return cleaned
