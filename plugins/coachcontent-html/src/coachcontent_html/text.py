"""HTML fragments as plain text (descriptions, the search index)."""

from __future__ import annotations

from functools import lru_cache

import lxml.html

#: Elements whose edges separate words: "<p>a</p><p>b</p>" reads "a b", not "ab".
_BLOCKS = frozenset(
    {
        "address", "article", "aside", "blockquote", "br", "dd", "div", "dl", "dt",
        "figcaption", "figure", "footer", "h1", "h2", "h3", "h4", "h5", "h6", "header",
        "hr", "li", "main", "nav", "ol", "p", "pre", "section", "table", "td", "th", "tr", "ul",
    }
)  # fmt: skip


@lru_cache(maxsize=1024)
def plain_text(fragment: str) -> str:
    """The text of an HTML fragment: tags dropped, entities decoded, whitespace collapsed."""
    if not fragment or not fragment.strip():
        return ""
    root = lxml.html.fragment_fromstring(fragment, create_parent="div")
    for element in root.iter("script", "style", "template"):
        element.text = ""
        for child in list(element):
            element.remove(child)
    for element in root.iter():
        if isinstance(element.tag, str) and element.tag in _BLOCKS:
            element.tail = " " + (element.tail or "")
            element.text = " " + (element.text or "")
    return " ".join(root.text_content().split())
