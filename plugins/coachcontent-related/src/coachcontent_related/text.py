"""From a post's HTML to the words that describe it.

Speed matters here (a 100,000-post site has 30 million words), so the
tokenizer is ``str.translate`` plus ``str.split``, both in C: every
character that is not a letter becomes a space.  Words are lowercased;
no stemming, so "leader" and "leaders" are two words (predictable, and the
explanations show exactly the words that matched).
"""

from __future__ import annotations

import html
import re

from coachcontent_related.stopwords import stop_words

# Blocks whose text is not prose: code, scripts, styles, inline SVG.
_NON_PROSE = re.compile(
    r"<(script|style|pre|svg|template|noscript|math)\b.*?</\1\s*>|<!--.*?-->",
    re.DOTALL | re.IGNORECASE,
)
_TAG = re.compile(r"<[^>]*>")


def _separators() -> dict[int, str]:
    table: dict[int, str] = {}
    # Latin, Greek, Cyrillic and friends, the punctuation blocks, CJK punctuation.
    for start, stop in ((0, 0x0700), (0x2000, 0x2BFF), (0x3000, 0x3040), (0xFE30, 0xFF66)):
        for code in range(start, stop):
            if not chr(code).isalpha():
                table[code] = " "
    return table


_SEPARATORS = _separators()


def extract_text(markup: str) -> str:
    """The readable text of an HTML fragment: tags removed, entities decoded.

    The content of ``<pre>``, ``<script>``, ``<style>``, ``<svg>`` and
    similar blocks and HTML comments is left out: it is code, not prose.
    """
    if "<" in markup:
        markup = _TAG.sub(" ", _NON_PROSE.sub(" ", markup))
    if "&" in markup:
        markup = html.unescape(markup)
    return markup


def tokens(text: str) -> list[str]:
    """Every run of letters in ``text``, lowercased, in order (stop words included)."""
    return text.lower().translate(_SEPARATORS).split()


def words(text: str, *, language: str = "en", min_length: int = 3) -> list[str]:
    """The words of plain ``text`` that can describe a post, in order.

    Lowercased runs of letters, at least ``min_length`` long, without the
    stop words of ``language`` (``en``, ``de``, ``fr`` or ``es``; others
    use English).
    """
    stop = stop_words(language)
    return [word for word in tokens(text) if len(word) >= min_length and word not in stop]
