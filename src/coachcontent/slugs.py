"""Slugs: readable, ASCII, deterministic, unique within their scope."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import TypeVar

K = TypeVar("K")

# Curly quotes are dropped rather than turned into a separator, so that
# "Let’s Connect!" gives "lets-connect" and not "let-s-connect".
_REPLACEMENTS = [["’", ""], ["‘", ""], ["'", ""], ["ʼ", ""], ["&", " and "]]


def make_slug(text: str, *, fallback: str = "untitled", max_length: int = 80) -> str:
    """A slug for ``text``: lowercase ASCII words joined by hyphens.

    Non-ASCII letters are transliterated ("Über" → "uber"); apostrophes
    vanish; ``&`` becomes "and".  Text with nothing to keep gives ``fallback``.

    >>> make_slug("Let’s Connect!")
    'lets-connect'
    >>> make_slug("Café Zürich & Co.")
    'cafe-zurich-and-co'
    """
    from slugify import slugify  # imported on first use: `import coachcontent` stays cheap

    slug: str = slugify(text, max_length=max_length, word_boundary=True, replacements=_REPLACEMENTS)
    return slug or fallback


def unique_slugs(
    wanted: Iterable[tuple[K, str, bool]], *, taken: Iterable[str] = ()
) -> tuple[dict[K, str], list[tuple[K, K]]]:
    """Make slugs unique within one scope, whatever order the items come in.

    :param wanted: ``(key, slug, explicit)`` for each item, in any order;
        ``key`` must sort (a path, a tuple of date and path).
    :param taken: slugs already used in the scope.
    :returns: the slug of each key, and the pairs of keys whose *explicit*
        slugs clash (an error for the caller to report).

    Explicit slugs win.  Derived slugs that clash get ``-2``, ``-3``, ... in
    key order, so the result does not depend on the order files were read.
    """
    items = sorted(wanted, key=lambda item: (not item[2], item[0]))
    used = set(taken)
    result: dict[K, str] = {}
    owners: dict[str, K] = {}
    clashes: list[tuple[K, K]] = []
    for key, slug, explicit in items:
        if explicit:
            if slug in owners:
                clashes.append((owners[slug], key))
            owners.setdefault(slug, key)
            used.add(slug)
            result[key] = slug
    for key, slug, explicit in items:
        if explicit:
            continue
        candidate, number = slug, 2
        while candidate in used:
            candidate = f"{slug}-{number}"
            number += 1
        used.add(candidate)
        result[key] = candidate
    return result, clashes


def slug_map(names: Mapping[K, str]) -> dict[K, str]:
    """Unique derived slugs for ``names`` (key → display name), keys in sorted order."""
    result, _ = unique_slugs((key, make_slug(name), False) for key, name in names.items())
    return result
