"""URL patterns: where each kind of page lives on the site."""

from __future__ import annotations

import string
from typing import Any

from attrs import field, frozen

_FIELDS: dict[str, frozenset[str]] = {
    "post": frozenset({"year", "month", "day", "slug"}),
    "page": frozenset({"path", "slug"}),
    "category": frozenset({"path", "slug", "taxonomy"}),
    "tag": frozenset({"path", "slug", "taxonomy"}),
    "term": frozenset({"path", "slug", "taxonomy"}),
    "author": frozenset({"slug"}),
    "year": frozenset({"year"}),
    "month": frozenset({"year", "month"}),
    "pagination": frozenset({"n"}),
}


def pattern_problem(kind: str, pattern: object) -> str | None:
    """Why ``pattern`` is not a usable URL pattern for ``kind``, or ``None``."""
    if not isinstance(pattern, str):
        return "expected a string"
    allowed = _FIELDS[kind]
    if kind == "pagination":
        if pattern.startswith("/") or not pattern.endswith("/"):
            return f"{pattern!r} must be relative (no leading /) and end with /"
    elif not (pattern.startswith("/") and pattern.endswith("/")):
        return f"{pattern!r} must start and end with /"
    try:
        names = {name for _, name, _, _ in string.Formatter().parse(pattern) if name is not None}
    except ValueError as error:
        return f"{pattern!r}: {error}"
    unknown = names - allowed
    if unknown:
        return f"{pattern!r} uses unknown placeholder(s) {sorted(unknown)}; allowed: {sorted(allowed)}"
    if ".." in pattern.split("/"):
        return f"{pattern!r} contains a .. segment"
    return None


def _check(instance: Any, attribute: Any, value: object) -> None:
    problem = pattern_problem(attribute.name, value)
    if problem is not None:
        raise ValueError(f"urls.{attribute.name}: {problem}")


@frozen(kw_only=True)
class UrlScheme:
    """URL patterns with WordPress-like defaults; every URL is a folder.

    Placeholders: ``{year}``, ``{month}``, ``{day}`` (zero-padded, in the
    site's timezone) and ``{slug}`` for posts; ``{path}`` (the tree path) for
    pages and terms; ``{taxonomy}`` for terms of declared taxonomies.
    """

    post: str = field(default="/{year}/{month}/{slug}/", validator=_check)
    page: str = field(default="/{path}/", validator=_check)
    category: str = field(default="/category/{path}/", validator=_check)
    tag: str = field(default="/tag/{slug}/", validator=_check)
    term: str = field(default="/{taxonomy}/{path}/", validator=_check)
    author: str = field(default="/author/{slug}/", validator=_check)
    year: str = field(default="/{year}/", validator=_check)
    month: str = field(default="/{year}/{month}/", validator=_check)
    pagination: str = field(default="page/{n}/", validator=_check)


def output_path(url: str) -> str:
    """The file that serves a site path: ``/a/b/`` → ``a/b/index.html``; ``/x.xml`` → ``x.xml``.

    Percent-encoded characters are decoded, as a web server does before it
    looks for the file: ``/caf%C3%A9/`` is served from ``café/index.html``.
    """
    path = url.split("?", 1)[0].split("#", 1)[0]
    if "%" in path:  # (urllib.parse, and its ipaddress, only then: import coachcontent stays light)
        from urllib.parse import unquote

        path = unquote(path)
    path = path.lstrip("/")
    if not path or path.endswith("/"):
        return f"{path}index.html"
    return path
