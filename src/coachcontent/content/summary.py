"""Summaries: explicit, a ``<!--more-->`` cut, or the first words with the HTML kept well-formed."""

from __future__ import annotations

import html
import re

import lxml.html
from lxml import etree

MORE_MARKER = re.compile(r"<!--\s*more\s*-->", re.IGNORECASE)
_WORD = re.compile(r"\S+\s*")
_DROP = ("script", "style", "iframe", "object", "embed", "form")


def split_more(text: str) -> tuple[str, bool]:
    """The part of ``text`` before a ``<!--more-->`` marker, and whether there was one."""
    match = MORE_MARKER.search(text)
    return (text[: match.start()], True) if match else (text, False)


#: Characters XML (and so lxml) cannot hold; a browser would drop or replace them anyway.
NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def _fragment(source: str) -> lxml.html.HtmlElement:
    return lxml.html.fragment_fromstring(NOT_XML.sub("", source or ""), create_parent="div")


def _serialize_children(root: lxml.html.HtmlElement) -> str:
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
    root = _fragment(source)
    for element in list(root.iter(*_DROP)):
        element.drop_tree()
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

    walk(root)
    return _serialize_children(root)


def html_to_text(source: str) -> str:
    """Plain text of the HTML ``source`` with whitespace collapsed (for descriptions and search)."""
    if not source.strip():
        return ""
    root = _fragment(source)
    for element in list(root.iter(*_DROP)):
        element.drop_tree()
    return " ".join(root.text_content().split())
