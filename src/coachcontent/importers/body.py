"""From a WordPress post's stored content to the clean HTML body of a content file.

The steps follow WordPress's ``the_content`` filters: block-editor content
has its block comments removed and is not run through ``wpautop`` (WordPress
skips it when blocks are present); classic content is; then standalone
shortcodes are unwrapped, ``[caption]`` and ``[gallery]`` rendered, and the
result sanitised.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from coachcontent.importers.sanitize import sanitize_html
from coachcontent.importers.shortcodes import HANDLED, ShortcodeContext, render_shortcodes
from coachcontent.importers.wpautop import shortcode_unautop, wpautop

#: A block delimiter, as WordPress's block parser finds them.
BLOCK_COMMENT = re.compile(
    r"<!--\s+(?P<closer>/)?wp:(?P<namespace>[a-z][a-z0-9_-]*/)?(?P<name>[a-z][a-z0-9_-]*)\s+"
    r"(?P<attrs>\{(?:(?:[^}]+|\}+(?=\})|(?!\}\s+/?-->).)*+)?\}\s+)?(?P<void>/)?-->",
    re.DOTALL,
)
_NEXTPAGE = re.compile(r"<!--\s*nextpage\s*-->", re.IGNORECASE)


def has_blocks(content: str) -> bool:
    """Whether ``content`` was written with the block editor (WordPress's ``has_blocks``)."""
    return "<!-- wp:" in content


def strip_blocks(content: str, warn: Callable[[str], None]) -> str:
    """Remove block comments; warn about dynamic blocks, whose output is not in the export."""
    dynamic: set[str] = set()

    def drop(match: re.Match[str]) -> str:
        if match.group("void"):
            namespace = match.group("namespace") or ""
            dynamic.add(f"{namespace}{match.group('name')}")
        return ""

    stripped = BLOCK_COMMENT.sub(drop, content)
    if dynamic:
        names = ", ".join(f"wp:{name}" for name in sorted(dynamic))
        warn(f"dynamic blocks are rendered by WordPress at view time and were left out: {names}")
    return stripped


def convert_html(
    content: str,
    *,
    context: ShortcodeContext,
    base_url: str | None,
    warn: Callable[[str], None],
) -> str:
    """The clean HTML of a post's stored ``content`` (also used for excerpts and comments)."""
    if not content.strip():
        return ""
    if _NEXTPAGE.search(content):
        warn("a post split into pages with <!--nextpage--> is imported as one page")
        content = _NEXTPAGE.sub("", content)
    if has_blocks(content):
        text = strip_blocks(content, warn)
    else:
        text = wpautop(content)
    text = shortcode_unautop(text, HANDLED)
    text = render_shortcodes(text, context)
    return sanitize_html(text, base_url=base_url, warn=warn)
