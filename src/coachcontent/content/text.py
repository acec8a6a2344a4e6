"""Plain text from HTML fragments: descriptions, search indexes, word counts.

Plugins that need the words of an entry (a meta description, a search index,
a reading time) parse the same bodies several times per build; these helpers
parse with lxml's own HTML parser (no ``lxml.html`` element classes, whose
lookup is a Python call per element) and remember recent results.
"""

from __future__ import annotations

import re
from collections.abc import Collection
from functools import lru_cache

import lxml.html
from lxml import etree

#: Characters XML (and so lxml) cannot hold; a browser would drop or replace them anyway.
NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")

#: Elements whose edges separate words: ``<p>a</p><p>b</p>`` reads "a b", not "ab".
BLOCK_ELEMENTS = frozenset(
    {
        "address", "article", "aside", "blockquote", "br", "dd", "div", "dl", "dt",
        "figcaption", "figure", "footer", "h1", "h2", "h3", "h4", "h5", "h6", "header",
        "hr", "li", "main", "nav", "ol", "p", "pre", "section", "table", "td", "th", "tr", "ul",
    }
)  # fmt: skip

#: Elements whose content a reader does not see as text.
HIDDEN_ELEMENTS = frozenset({"script", "style", "template"})

_PARSER = etree.HTMLParser()
_FULL_DOCUMENT = re.compile(r"^\s*<(?:html|!doctype)", re.IGNORECASE)


def parse_fragment(source: str) -> etree._Element:
    """``source`` parsed as the children of one element, as
    ``lxml.html.fragment_fromstring(source, create_parent="div")`` parses it, but faster.

    The elements are plain :mod:`lxml.etree` elements.  The root is the parsed
    ``<body>`` itself rather than a new ``<div>`` the nodes are moved into;
    use only its text and children.  Characters XML cannot hold are dropped.
    """
    text = NOT_XML.sub("", source or "")
    if not _FULL_DOCUMENT.match(text):
        document = etree.fromstring(f"<html><body>{text}</body></html>", _PARSER)
        bodies = [child for child in document if child.tag == "body"] if document is not None else []
        if len(bodies) == 1:
            body = bodies[0]
            if body.text is not None and not body.text.strip():
                body.text = None
            return body
    # A whole document, or one libxml2 could not fit into one body: lxml's way, errors included.
    try:
        root: etree._Element = lxml.html.fragment_fromstring(text, create_parent="div")
    except AssertionError:
        # A document without a body ("<html>", "<html><head>...</head></html>"): lxml
        # asserts there is exactly one; it holds no text to show.
        return etree.Element("div")
    return root


def plain_text(
    html: str,
    *,
    hidden: Collection[str] = HIDDEN_ELEMENTS,
    blocks: Collection[str] = BLOCK_ELEMENTS,
    inline: Collection[str] | None = None,
) -> str:
    """The text of the HTML fragment ``html``: tags and comments dropped, entities
    decoded, whitespace collapsed to single spaces.

    :param hidden: elements whose content is left out (by default ``script``,
        ``style`` and ``template``); the text after them stays.
    :param blocks: elements whose edges separate words (by default
        :data:`BLOCK_ELEMENTS`); other elements join: ``gent<em>ly</em>`` is one word.
    :param inline: instead of ``blocks``, the elements that join (phrasing elements
        such as ``em`` and ``a``); every other element then separates words,
        including ones HTML does not define.

    >>> plain_text("<p>Lead <em>gently</em>.</p><script>x()</script><p>Then&nbsp;listen.</p>")
    'Lead gently. Then listen.'

    Results are remembered for the most recent short fragments (a post's summary
    is read by several plugins for the same page); a fragment longer than
    :data:`REMEMBERED_UP_TO` characters (a body, read once for each output that
    needs it) is not kept.
    """
    if not html or html.isspace():
        return ""
    parts = (
        hidden if isinstance(hidden, frozenset) else frozenset(hidden),
        blocks if isinstance(blocks, frozenset) else frozenset(blocks),
        None if inline is None else inline if isinstance(inline, frozenset) else frozenset(inline),
    )
    if len(html) > REMEMBERED_UP_TO:
        return _plain_text.__wrapped__(html, *parts)
    return _plain_text(html, *parts)


#: The longest fragment whose text :func:`plain_text` keeps (summaries and titles are
#: far shorter; 2,048 bodies kept would hold several megabytes in every process).
REMEMBERED_UP_TO = 2000


@lru_cache(maxsize=2048)
def _plain_text(html: str, hidden: frozenset[str], blocks: frozenset[str], inline: frozenset[str] | None) -> str:
    """The text of ``html``, element by element (any markup)."""
    if "<" not in html and "&" not in html:
        # Without markup: the characters, less those XML cannot hold (as a parse drops them).
        return " ".join(NOT_XML.sub("", html).split())
    try:
        root = parse_fragment(html)
    except (etree.ParserError, ValueError):  # nothing lxml can parse: the characters as they are
        return " ".join(html.split())
    # Comments and processing instructions are not text; their tails join the text before them.
    etree.strip_tags(root, etree.Comment, etree.ProcessingInstruction)
    parts: list[str] = [root.text or ""]
    append = parts.append
    # lxml walks the tree in C (no recursion limit on deep markup): an element's
    # start (its edge and text, or only its edge when hidden), then its end (its
    # edge and tail).
    walk = etree.iterwalk(root, events=("start", "end"))
    next(walk)  # the root's start: its text is in already, and it has no edges
    for event, element in walk:
        tag = element.tag
        if element is root:
            break
        edge = (" " if tag in blocks else "") if inline is None else ("" if tag in inline else " ")
        if event == "end":
            append(edge)
            append(element.tail or "")
        elif tag in hidden:
            append(edge)
            walk.skip_subtree()  # the next event is this element's end
        else:
            append(edge)
            append(element.text or "")
    return " ".join("".join(parts).split())
