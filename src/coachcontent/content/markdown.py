"""Markdown to HTML with a CommonMark renderer (markdown-it-py), tables and strikethrough on."""

from __future__ import annotations

from functools import lru_cache
from typing import Any


@lru_cache(maxsize=1)
def _renderer() -> Any:
    from markdown_it import MarkdownIt

    # Raw HTML is allowed: content folders are written by the site's own
    # authors.  Imported HTML (WordPress) is sanitised by the importer.
    # markdown-it refuses javascript:, vbscript:, file: and data: link targets.
    return MarkdownIt("commonmark", {"html": True}).enable(["table", "strikethrough"])


def render_markdown(text: str) -> str:
    """Render CommonMark ``text`` (plus tables and ``~~strikethrough~~``) to HTML."""
    html: str = _renderer().render(text)
    return html


def render_inline(text: str) -> str:
    """Render one paragraph of Markdown without the surrounding ``<p>``."""
    html: str = _renderer().renderInline(text)
    return html
