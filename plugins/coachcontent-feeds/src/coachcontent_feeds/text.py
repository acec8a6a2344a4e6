"""Text that XML can carry: characters XML 1.0 forbids are removed, with a warning."""

from __future__ import annotations

import logging
import re

#: The logger every warning of the feeds plugin goes to.
logger = logging.getLogger("coachcontent.feeds")

# XML 1.0 allows tab, newline and carriage return of the C0 controls, nothing
# of U+FFFE/U+FFFF and no lone surrogate (Python strings can hold those).
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")
_C0_BYTES = bytes(range(0x09)) + b"\x0b\x0c" + bytes(range(0x0E, 0x20))


def has_illegal_characters(value: str) -> bool:
    """Whether ``value`` holds a character XML 1.0 cannot carry.

    Deleting the C0 bytes from the UTF-8 encoding is several times faster
    than searching with a regular expression, and entry bodies are long.
    """
    try:
        data = value.encode("utf-8")
    except UnicodeEncodeError:  # a lone surrogate
        return True
    if len(data.translate(None, _C0_BYTES)) != len(data):
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
