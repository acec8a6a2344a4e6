"""Plain text from the HTML of summaries and bodies, for descriptions."""

from __future__ import annotations

from functools import lru_cache

import lxml.etree
import lxml.html

# Elements that end a line or a paragraph: their text must not run into the next word.
_BREAKING = frozenset(
    {
        "address",
        "article",
        "aside",
        "blockquote",
        "br",
        "dd",
        "div",
        "dl",
        "dt",
        "figcaption",
        "figure",
        "footer",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "header",
        "hr",
        "li",
        "main",
        "nav",
        "ol",
        "p",
        "pre",
        "section",
        "table",
        "td",
        "th",
        "tr",
        "ul",
    }
)


@lru_cache(maxsize=1024)
def plain_text(html: str) -> str:
    """The text of an HTML fragment: tags dropped, entities decoded, whitespace collapsed.

    Comments and the contents of ``script`` and ``style`` elements are not text
    and are left out.
    """
    if not html.strip():
        return ""
    try:
        root = lxml.html.fragment_fromstring(html, create_parent="div")
    except (lxml.etree.ParserError, ValueError):
        return " ".join(html.split())
    for element in root.xpath("//script | //style | //comment()"):
        parent = element.getparent()
        if parent is not None:
            # Keep the text that follows the dropped element.
            previous = element.getprevious()
            tail = element.tail or ""
            if previous is not None:
                previous.tail = (previous.tail or "") + tail
            else:
                parent.text = (parent.text or "") + tail
            parent.remove(element)
    for element in root.iter():
        if element is not root and element.tag in _BREAKING:
            element.text = " " + (element.text or "")
            element.tail = " " + (element.tail or "")
    return " ".join(root.text_content().split())


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
