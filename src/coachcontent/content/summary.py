"""Summaries: explicit, a ``<!--more-->`` cut, or the first words with the HTML kept well-formed."""

from __future__ import annotations

import html
import re

import lxml.html
from lxml import etree

from coachcontent.content.text import _FULL_DOCUMENT, _PARSER, NOT_XML, parse_fragment

MORE_MARKER = re.compile(r"<!--\s*more\s*-->", re.IGNORECASE)
_WORD = re.compile(r"\S+\s*")
_DROP = ("script", "style", "iframe", "object", "embed", "form")


def split_more(text: str) -> tuple[str, bool]:
    """The part of ``text`` before a ``<!--more-->`` marker, and whether there was one."""
    match = MORE_MARKER.search(text)
    return (text[: match.start()], True) if match else (text, False)


# The fast fragment parser, under the name the loader's tests know.
_fragment = parse_fragment


def _drop_tree(element: etree._Element) -> None:
    """Remove ``element`` with its children, keeping its tail (``HtmlElement.drop_tree``)."""
    parent = element.getparent()
    assert parent is not None
    if element.tail:
        previous = element.getprevious()
        if previous is None:
            parent.text = (parent.text or "") + element.tail
        else:
            previous.tail = (previous.tail or "") + element.tail
    parent.remove(element)


def _serialize_children(root: etree._Element) -> str:
    for item in root.iter("li"):
        if item.text is None and len(item) == 0:
            item.text = ""  # libxml2 writes an empty <li> without its end tag
    parts = [html.escape(root.text, quote=False) if root.text else ""]
    parts.extend(lxml.html.tostring(child, encoding="unicode") for child in root)
    return "".join(parts).strip()


def well_formed(source: str) -> str:
    """The HTML ``source`` re-serialised so every element is closed (a cut may leave some open)."""
    if not source.strip():
        return ""
    return _serialize_children(_fragment(source))


def make_summary(source: str, words: int) -> str:
    """The first ``words`` words of ``source`` (HTML), with every element still closed.

    Scripts, styles, embeds and forms are dropped; an ellipsis marks the cut.
    Text shorter than the limit is returned whole.

    >>> make_summary("<p>One <em>two three</em> four</p><p>five</p>", 3)
    '<p>One <em>two three</em>\u2026</p>'
    """
    if not source.strip():
        return ""
    leading = _leading_fragment(source, words)
    if leading is not None:
        summary, cut = _summarise(leading, words)
        if cut:
            return summary
    summary, _ = _summarise(_fragment(source), words)
    return summary


#: Where Markdown's HTML likely ends a top-level block: a place to cut a long body
#: before parsing it for its first words (whether it is one is checked).
_BLOCK_END = re.compile(r"</(?:p|h[1-6]|ul|ol|blockquote|pre|table)>\n")
_ANY_TAG = re.compile(r"<[^>]*>")
_SENTINEL = "coachcontent-summary-end"


def _leading_fragment(source: str, words: int) -> etree._Element | None:
    """The first top-level blocks of ``source`` parsed, well over ``words`` words of them.

    libxml2 builds the tree as it reads and never changes an element once it
    is closed, so when every element is closed at the cut, these blocks are
    exactly the first blocks of the whole parsed (only the last one's tail
    text is missing).  That is checked: an element parsed after the cut must
    land directly in ``<body>``.  ``None`` when no such cut is found; a
    summary whose words do not all fit before the cut is made from the
    whole source instead.
    """
    wanted = words + words // 4 + 10  # a margin: counted here roughly, there per text node
    seen = 0
    start = 0
    for match in _BLOCK_END.finditer(source):
        seen += len(_ANY_TAG.sub(" ", source[start : match.start()]).split())
        start = match.start()
        if seen >= wanted:
            cut = match.end()
            break
    else:
        return None
    if cut > len(source) * 3 // 4:
        return None  # hardly shorter: parse the whole once
    text = NOT_XML.sub("", source[:cut])
    if _FULL_DOCUMENT.match(text):
        return None
    document = etree.fromstring(f"<html><body>{text}<{_SENTINEL}></{_SENTINEL}></body></html>", _PARSER)
    bodies = [child for child in document if child.tag == "body"] if document is not None else []
    if len(bodies) != 1 or len(bodies[0]) == 0:
        return None
    body = bodies[0]
    last = body[-1]
    if last.tag != _SENTINEL or len(last) or last.text or last.tail:
        return None  # an element was still open at the cut
    body.remove(last)
    if body.text is not None and not body.text.strip():
        body.text = None
    return body


def _summarise(root: etree._Element, words: int) -> tuple[str, bool]:
    """The summary made from the parsed ``root``, and whether the text had to be cut."""
    for element in list(root.iter(*_DROP)):
        _drop_tree(element)
    count = 0

    def take(text: str) -> tuple[str, bool]:
        nonlocal count
        pieces = _WORD.findall(text)
        if count + len(pieces) <= words:
            count += len(pieces)
            return text, False
        keep = words - count
        count = words
        lead = text[: len(text) - len(text.lstrip())]
        return lead + "".join(pieces[:keep]).rstrip() + "\u2026", True

    def remove_after(parent: etree._Element, child: etree._Element | None) -> None:
        started = child is None
        for sibling in list(parent):
            if started:
                parent.remove(sibling)
            elif sibling is child:
                started = True

    def walk(element: etree._Element) -> bool:
        if element.text and isinstance(element.tag, str):  # a comment's text is not shown
            element.text, stop = take(element.text)
            if stop:
                remove_after(element, None)
                return True
        for child in list(element):
            if walk(child):
                child.tail = None
                remove_after(element, child)
                return True
            if child.tail:
                child.tail, stop = take(child.tail)
                if stop:
                    remove_after(element, child)
                    return True
        return False

    cut = walk(root)
    return _serialize_children(root), cut
