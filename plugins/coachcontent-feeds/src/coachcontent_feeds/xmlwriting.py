"""The incremental XML writer every feed shares (:func:`lxml.etree.xmlfile`).

Elements are streamed to the output as they are made, so memory holds the
output bytes and one entry at a time, never a tree of the whole feed.

The writers of large feeds make the context managers of tags that repeat in
every entry (``xf.element("item")`` ...) once per document and enter them
again for each entry: such a context manager writes the same start and end
tag each time it is entered, and making it (parsing the tag, checking the
attributes) is half the cost of an element.  The tests validate every feed,
so an lxml that stopped allowing this would be noticed at once.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from lxml import etree

Writer = Any  # lxml's incremental writer has no public type


@contextmanager
def xml_document(stylesheet: str | None = None) -> Iterator[tuple[Writer, Callable[[], bytes]]]:
    """Open an XML document; yields the writer and a function returning the bytes written.

    :param stylesheet: site path of an XSLT stylesheet to reference with an
        ``xml-stylesheet`` processing instruction, so browsers show the feed as a page.
    """
    buffer = io.BytesIO()
    with etree.xmlfile(buffer, encoding="utf-8") as xf:
        xf.write_declaration()
        if stylesheet:
            xf.write(etree.ProcessingInstruction("xml-stylesheet", f'type="text/xsl" href="{stylesheet}"'))
        yield xf, buffer.getvalue
    # The caller reads the bytes after the with block, when xmlfile has flushed.


def text_element(xf: Writer, tag: str, text: str, attrib: dict[str, str] | None = None) -> None:
    """Write ``<tag attrib>text</tag>``."""
    with xf.element(tag, attrib):
        xf.write(text)


def empty_element(xf: Writer, tag: str, attrib: dict[str, str]) -> None:
    """Write ``<tag attrib/>`` (``<p:tag ...></p:tag>`` for a namespaced tag, whose
    prefix is declared on the root: a separate element would declare it again)."""
    if tag.startswith("{"):
        with xf.element(tag, attrib):
            pass
    else:
        xf.write(etree.Element(tag, attrib))


def html_text(text: str) -> Any:
    """HTML for an element's text: a CDATA section, which libxml2 copies without
    escaping (twice as fast for long bodies, and easier to read), or plain text
    when the HTML itself holds the CDATA terminator ``]]>``.

    Most HTML has no ``]`` at all; looking for that one character first is
    a tenth of the cost of looking for ``]]>`` in a long body.  ASCII text
    is handed over as bytes, which lxml checks for XML characters with its
    ASCII loop, a third faster than its UTF-8 one.
    """
    if "]" in text and "]]>" in text:
        return text
    return etree.CDATA(text.encode("ascii") if text.isascii() else text)
