"""Counting the words of an HTML body and turning them into minutes."""

from __future__ import annotations

import math
import re

from coachcontent import plain_text

#: A whole token without a letter or digit ("—", "...", "_"), with the space before it,
#: in text whose tokens are separated by single spaces (as :func:`html_text` gives it).
_NO_WORD = re.compile(r" (?:[^\w ]|_)+(?= |$)")
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
    return plain_text(source, hidden=_SKIPPED, inline=_INLINE)


def word_count(source: str) -> int:
    """How many words the HTML ``source`` shows a reader.

    A word is a run of characters between spaces that holds at least one
    letter or digit, so a lone dash or an ellipsis is not counted.

    >>> word_count("<p>Ask, then listen &mdash; twice.</p>")
    4
    """
    text = html_text(source)
    if not text:
        return 0
    # Every token (one more than the single spaces between them), less those without
    # a letter or digit, counted by one regex in C: ``[^\w ]`` and ``_`` are the
    # characters of a token that are not ``str.isalnum``.  The leading space lets the
    # regex look for a space first instead of testing every position.
    return text.count(" ") + 1 - len(_NO_WORD.findall(" " + text))


def reading_minutes(words: int, words_per_minute: int) -> int:
    """Minutes to read ``words`` words: rounded up, and at least 1.

    >>> reading_minutes(221, 220), reading_minutes(0, 220)
    (2, 1)
    """
    if words_per_minute < 1:
        raise ValueError(f"words_per_minute must be positive, got {words_per_minute}")
    return max(1, math.ceil(words / words_per_minute))
