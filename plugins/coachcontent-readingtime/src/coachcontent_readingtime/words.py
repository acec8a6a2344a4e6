"""Counting the words of an HTML body and turning them into minutes."""

from __future__ import annotations

import math
from html.parser import HTMLParser

# Text inside these elements is not read by a visitor.
_SKIPPED = frozenset({"script", "style", "template", "noscript", "svg", "math"})
# Phrasing elements do not separate words: "gent<em>ly</em>" is one word.
_INLINE = frozenset(
    {
        "a", "abbr", "b", "bdi", "bdo", "cite", "code", "data", "del", "dfn", "em", "i", "ins", "kbd",
        "mark", "q", "s", "samp", "small", "span", "strong", "sub", "sup", "time", "u", "var", "wbr",
    }
)  # fmt: skip


class _TextCollector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skipping = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _SKIPPED:
            self._skipping += 1
        # Block boundaries separate words: "<p>one</p><p>two</p>" is two words.
        if tag not in _INLINE:
            self.parts.append(" ")

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIPPED and self._skipping:
            self._skipping -= 1
        if tag not in _INLINE:
            self.parts.append(" ")

    def handle_data(self, data: str) -> None:
        if not self._skipping:
            self.parts.append(data)


def html_text(source: str) -> str:
    """The text a reader sees in the HTML ``source``, whitespace collapsed.

    >>> html_text("<p>Lead <em>gently</em>.</p><script>x()</script><p>Then&nbsp;listen.</p>")
    'Lead gently. Then listen.'
    """
    collector = _TextCollector()
    collector.feed(source)
    collector.close()
    return " ".join("".join(collector.parts).split())


def word_count(source: str) -> int:
    """How many words the HTML ``source`` shows a reader.

    A word is a run of characters between spaces that holds at least one
    letter or digit, so a lone dash or an ellipsis is not counted.

    >>> word_count("<p>Ask, then listen &mdash; twice.</p>")
    4
    """
    return sum(1 for token in html_text(source).split() if any(char.isalnum() for char in token))


def reading_minutes(words: int, words_per_minute: int) -> int:
    """Minutes to read ``words`` words: rounded up, and at least 1.

    >>> reading_minutes(221, 220), reading_minutes(0, 220)
    (2, 1)
    """
    if words_per_minute < 1:
        raise ValueError(f"words_per_minute must be positive, got {words_per_minute}")
    return max(1, math.ceil(words / words_per_minute))
