"""Plain text from the HTML of summaries and bodies, for descriptions."""

from __future__ import annotations

from coachcontent import plain_text as _plain_text


def plain_text(html: str) -> str:
    """The text of an HTML fragment: tags dropped, entities decoded, whitespace collapsed.

    Comments and the contents of ``script``, ``style`` and ``template`` elements
    are not text and are left out; block elements (paragraphs, list items,
    headings...) separate words.  (:func:`coachcontent.plain_text`, which the
    theme and the search index use too: a summary is read once per build.)
    """
    return _plain_text(html)


def shorten(text: str, limit: int) -> str:
    """``text`` cut at a word boundary to at most ``limit`` characters, ending in "…"."""
    if len(text) <= limit:
        return text
    end = max(limit - 1, 1)
    cut = text[:end]
    if text[end] != " " and " " in cut:
        # The cut fell inside a word: drop the partial word.
        cut = cut.rsplit(" ", 1)[0]
    return cut.rstrip(" ,;:.-–—") + "…"
