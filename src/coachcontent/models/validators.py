"""Validators for the invariants every model keeps: slugs, URLs, dates."""

from __future__ import annotations

import re
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

SLUG_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
ALLOWED_SCHEMES = ("http", "https", "mailto")
_CONTROL_OR_SPACE = re.compile(r"[\x00-\x20\x7f]")
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
_SCHEME_RE = re.compile(r"^([a-zA-Z][a-zA-Z0-9+.\-]*):")


def is_slug(value: object) -> bool:
    """Whether ``value`` is a slug: lowercase ASCII letters and digits joined by single hyphens."""
    return isinstance(value, str) and SLUG_RE.match(value) is not None


def slug_problem(value: object) -> str | None:
    """Why ``value`` is not a slug, or ``None`` when it is one."""
    if is_slug(value):
        return None
    return f"{value!r} is not a slug (lowercase letters, digits and single hyphens)"


def url_problem(value: object, *, relative: bool = True) -> str | None:
    """Why ``value`` is not an allowed link, or ``None`` when it is one.

    Allowed: absolute ``http``, ``https`` and ``mailto`` URLs and, when
    ``relative`` is true, site-relative paths starting with a single ``/``.
    Control characters and whitespace are refused outright: browsers drop
    them inside schemes, which is how ``java\\tscript:`` slips past naive checks.
    """
    if not isinstance(value, str) or not value:
        return "expected a non-empty URL"
    # Control characters anywhere, and whitespace at either end (a space inside is
    # reported below, with how to encode it).
    if _CONTROL.search(value) or value != value.strip():
        return f"{value!r} contains whitespace or control characters"
    if value.startswith("/"):
        if value.startswith("//"):
            return f"{value!r} is a protocol-relative URL; write https:// in full"
        if not relative:
            return f"{value!r} must be an absolute http, https or mailto URL"
        if "\\" in value:
            return f"{value!r} contains a backslash"
        return None
    match = _SCHEME_RE.match(value)
    if match is None:
        return f"{value!r} is neither an absolute http/https/mailto URL nor a site path starting with /"
    scheme = match.group(1).lower()
    if scheme not in ALLOWED_SCHEMES:
        return f"URL scheme {scheme!r} is not allowed (only http, https and mailto)"
    rest = value[match.end() :]
    if scheme in ("http", "https") and (not rest.startswith("//") or len(rest) <= 2):
        return f"{value!r} has no host"
    if " " in value:
        return f"{value!r} contains a space; percent-encode it as %20"
    return None


def site_path_problem(value: object) -> str | None:
    """Why ``value`` is not a clean site-relative path (used for aliases)."""
    if not isinstance(value, str) or not value.startswith("/") or value.startswith("//"):
        return f"{value!r} must be a site path starting with a single /"
    if _CONTROL_OR_SPACE.search(value) or "\\" in value:
        return f"{value!r} contains whitespace, control characters or a backslash"
    path = value.split("?", 1)[0].split("#", 1)[0]
    if any(part in (".", "..") for part in path.split("/")):
        return f"{value!r} contains . or .. segments"
    return None


def timezone_problem(value: object) -> str | None:
    """Why ``value`` is not an IANA timezone name, or ``None`` when it is one."""
    if not isinstance(value, str) or not value:
        return "expected an IANA timezone name such as 'Europe/Berlin'"
    try:
        ZoneInfo(value)
    except (ZoneInfoNotFoundError, ValueError):
        return f"unknown timezone {value!r} (expected an IANA name such as 'America/New_York')"
    return None


# attrs validators ---------------------------------------------------------


def _raise(problem: str | None, attribute: Any) -> None:
    if problem is not None:
        raise ValueError(f"{attribute.name}: {problem}")


def slug(_instance: object, attribute: Any, value: Any) -> None:
    """attrs validator: ``value`` is a slug."""
    _raise(slug_problem(value), attribute)


def optional_slug(_instance: object, attribute: Any, value: Any) -> None:
    """attrs validator: ``value`` is ``None`` or a slug."""
    if value is not None:
        _raise(slug_problem(value), attribute)


def url(_instance: object, attribute: Any, value: Any) -> None:
    """attrs validator: an allowed absolute URL or site path."""
    _raise(url_problem(value), attribute)


def optional_url(_instance: object, attribute: Any, value: Any) -> None:
    """attrs validator: ``None`` or an allowed absolute URL or site path."""
    if value is not None:
        _raise(url_problem(value), attribute)


def optional_absolute_url(_instance: object, attribute: Any, value: Any) -> None:
    """attrs validator: ``None`` or an absolute http/https/mailto URL."""
    if value is not None:
        _raise(url_problem(value, relative=False), attribute)


def site_paths(_instance: object, attribute: Any, value: Any) -> None:
    """attrs validator: every item is a clean site path."""
    for item in value:
        _raise(site_path_problem(item), attribute)


def aware(_instance: object, attribute: Any, value: Any) -> None:
    """attrs validator: a timezone-aware ``datetime``."""
    if not isinstance(value, datetime):
        raise TypeError(f"{attribute.name}: expected a datetime, got {type(value).__name__}")
    if value.tzinfo is None or value.utcoffset() is None:
        raise ValueError(f"{attribute.name}: datetime must be timezone-aware")


def optional_aware(instance: object, attribute: Any, value: Any) -> None:
    """attrs validator: ``None`` or a timezone-aware ``datetime``."""
    if value is not None:
        aware(instance, attribute, value)


def non_empty(_instance: object, attribute: Any, value: Any) -> None:
    """attrs validator: a string with something other than whitespace."""
    if not isinstance(value, str) or not value.strip():
        raise ValueError(f"{attribute.name}: must not be empty")


def timezone(_instance: object, attribute: Any, value: Any) -> None:
    """attrs validator: an IANA timezone name."""
    _raise(timezone_problem(value), attribute)
