"""Counting the words of an HTML body and turning them into minutes."""

from __future__ import annotations

import math
import re
from typing import Any

import lxml.html

#: A whole token (between spaces) without a letter or digit: "—", "...", "_".
_NO_WORD = re.compile(r"(?<!\S)(?:[^\w\s]|_)+(?!\S)")
# Text inside these elements is not read by a visitor.
_SKIPPED = frozenset({"script", "style", "template", "noscript", "svg", "math"})
# Phrasing elements do not separate words: "gent<em>ly</em>" is one word.
_INLINE = frozenset(
    {
        "a", "abbr", "b", "bdi", "bdo", "cite", "code", "data", "del", "dfn", "em", "i", "ins", "kbd",
        "mark", "q", "s", "samp", "small", "span", "strong", "sub", "sup", "time", "u", "var", "wbr",
    }
)  # fmt: skip


def html_text(source: str) -> str:
    """The text a reader sees in the HTML ``source``, whitespace collapsed.

    >>> html_text("<p>Lead <em>gently</em>.</p><script>x()</script><p>Then&nbsp;listen.</p>")
    'Lead gently. Then listen.'
    """
    if not source.strip():
        return ""
    root = lxml.html.fragment_fromstring(source, create_parent="div")
    parts: list[str] = []
    # Depth first with an explicit stack (no recursion limit on deep markup):
    # an element, its text, its children, then its tail.
    stack: list[tuple[Any, bool]] = [(child, False) for child in reversed(root)]
    parts.append(root.text or "")
    while stack:
        element, closing = stack.pop()
        tag = element.tag
        boundary = " " if not isinstance(tag, str) or tag not in _INLINE else ""
        if not isinstance(tag, str):  # a comment or processing instruction is not text
            parts.append(element.tail or "")
        elif closing:
            parts.append(boundary)
            parts.append(element.tail or "")
        else:
            # Block boundaries separate words: "<p>one</p><p>two</p>" is two words.
            parts.append(boundary)
            stack.append((element, True))
            if tag not in _SKIPPED:
                parts.append(element.text or "")
                stack.extend((child, False) for child in reversed(element))
    return " ".join("".join(parts).split())


def word_count(source: str) -> int:
    """How many words the HTML ``source`` shows a reader.

    A word is a run of characters between spaces that holds at least one
    letter or digit, so a lone dash or an ellipsis is not counted.

    >>> word_count("<p>Ask, then listen &mdash; twice.</p>")
    4
    """
    text = html_text(source)
    # Every token, less those without a letter or digit (counted by one regex, in C:
    # ``[^\w\s]`` and ``_`` are the characters that are neither space nor ``str.isalnum``).
    return len(text.split()) - len(_NO_WORD.findall(text))


def reading_minutes(words: int, words_per_minute: int) -> int:
    """Minutes to read ``words`` words: rounded up, and at least 1.

    >>> reading_minutes(221, 220), reading_minutes(0, 220)
    (2, 1)
    """
    if words_per_minute < 1:
        raise ValueError(f"words_per_minute must be positive, got {words_per_minute}")
    return max(1, math.ceil(words / words_per_minute))
