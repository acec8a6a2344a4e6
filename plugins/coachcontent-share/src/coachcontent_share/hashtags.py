"""Hashtags made from tag names, in the form each network accepts."""

from __future__ import annotations

import re
from collections.abc import Iterable

# A hashtag on X, Mastodon and Bluesky is letters, digits and underscores
# (any script); everything else ends it.
_WORD_SPLIT = re.compile(r"[^\w]+")
# Threads topic tags may hold spaces but no newline, tab, period or ampersand
# (Threads web-intents documentation), and at most 50 characters.
_THREADS_FORBIDDEN = re.compile(r"[\n\r\t.&]+")
THREADS_TAG_MAX = 50


def hashtag(name: str) -> str:
    """The hashtag word for a tag name, without ``#``; empty when none can be made.

    Words are joined in CamelCase (``"executive coaching"`` →
    ``"ExecutiveCoaching"``) so that screen readers read them word by word;
    a one-word name keeps its case (``"listening"`` stays ``"listening"``).
    Punctuation and spaces are dropped (``"Influence & Coalitions"`` →
    ``"InfluenceCoalitions"``).  A result made only of digits is not a
    hashtag on any network and gives ``""``.
    """
    words = [word for word in _WORD_SPLIT.split(name) if word]
    if not words:
        return ""
    tag = words[0] if len(words) == 1 else "".join(w[:1].upper() + w[1:] for w in words)
    return "" if tag.isdigit() else tag


def hashtags(names: Iterable[str], limit: int | None = None) -> tuple[str, ...]:
    """:func:`hashtag` of each name, empty and repeated ones (case-insensitively) left out,
    at most ``limit`` of them."""
    result: list[str] = []
    seen: set[str] = set()
    for name in names:
        tag = hashtag(name)
        if tag and tag.casefold() not in seen:
            seen.add(tag.casefold())
            result.append(tag)
    return tuple(result if limit is None else result[:limit])


def x_hashtags(tags: Iterable[str]) -> str:
    """The value of X's ``hashtags`` parameter: comma-separated, without ``#``."""
    return ",".join(tags)


def inline_hashtags(tags: Iterable[str]) -> str:
    """Hashtags written into a post's text (Mastodon, Bluesky): ``"#One #Two"``."""
    return " ".join(f"#{tag}" for tag in tags)


def threads_topic(name: str) -> str:
    """A Threads topic tag from a tag name: forbidden characters removed, at most 50."""
    cleaned = " ".join(_THREADS_FORBIDDEN.sub(" ", name).split())
    return cleaned[:THREADS_TAG_MAX].strip()
