"""WordPress's ``wpautop``: blank lines become paragraphs, single newlines ``<br />``.

A port of ``wpautop()``, ``wp_replace_in_html_tags()`` and
``shortcode_unautop()`` from ``wp-includes/formatting.php`` (GPL-2.0-or-later),
step by step and with the same regular expressions, so imported posts keep
the paragraphs WordPress showed.  ``re.ASCII`` gives ``\\s`` PHP's meaning
(ASCII whitespace only), so a no-break space is text, as in WordPress.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

_FLAGS = re.ASCII
_ALLBLOCKS = (
    "(?:table|thead|tfoot|caption|col|colgroup|tbody|tr|td|th|div|dl|dd|dt|ul|ol|li|pre"
    "|form|map|area|blockquote|address|math|style|p|h[1-6]|hr|fieldset|legend|section"
    "|article|aside|hgroup|header|footer|nav|figure|figcaption|details|menu|summary)"
)

_COMMENT = r"!(?:-(?!->)[^\-]*+)*+(?:-->)?"
_CDATA = r"!\[CDATA\[[^\]]*+(?:\](?!\]>)[^\]]*+)*+(?:\]\]>)?"
#: An HTML element, comment or CDATA section, as ``get_html_split_regex()``.
HTML_SPLIT = re.compile(r"(<(?:(?=!--)" + _COMMENT + r"|(?=!\[CDATA\[)" + _CDATA + r"|[^>]*>?))")


def _sub(pattern: str, replacement: str, text: str, flags: int = 0) -> str:
    return re.sub(pattern, replacement, text, flags=_FLAGS | flags)


def replace_in_html_tags(text: str, pairs: dict[str, str]) -> str:
    """Replace substrings inside HTML tags and comments only, never in text."""
    parts = HTML_SPLIT.split(text)
    changed = False
    for index in range(1, len(parts), 2):
        part = parts[index]
        for needle in pairs:
            if needle in part:
                for old, new in pairs.items():
                    part = part.replace(old, new)
                parts[index] = part
                changed = True
                break
    return "".join(parts) if changed else text


def _php_trim(text: str) -> str:
    return text.strip(" \t\n\r\0\x0b")


def wpautop(text: str, br: bool = True) -> str:
    """Turn WordPress's newline-formatted HTML into paragraphs, as WordPress does on display.

    >>> wpautop("One\\n\\nTwo\\nlines")
    '<p>One</p>\\n<p>Two<br />\\nlines</p>\\n'
    """
    if _php_trim(text) == "":
        return ""
    text += "\n"

    # <pre> blocks are not touched: swapped for placeholders and put back at the end.
    pre_tags: dict[str, str] = {}
    if "<pre" in text:
        parts = text.split("</pre>")
        last = parts.pop()
        text = ""
        number = 0
        for part in parts:
            start = part.find("<pre")
            if start < 0:  # malformed HTML
                text += part
                continue
            name = f"<pre wp-pre-tag-{number}></pre>"
            pre_tags[name] = part[start:] + "</pre>"
            text += part[:start] + name
            number += 1
        text += last

    # Two <br>s in a row make a paragraph break.
    text = _sub(r"<br\s*/?>\s*<br\s*/?>", "\n\n", text)
    # Block-level tags get a blank line above their start and below their end.
    text = _sub(r"(<" + _ALLBLOCKS + r"[\s/>])", "\n\n\\1", text)
    text = _sub(r"(</" + _ALLBLOCKS + r">)", "\\1\n\n", text)
    text = _sub(r"(<hr\s*?/?>)", "\\1\n\n", text)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    # Newlines inside tags are kept out of the way.
    text = replace_in_html_tags(text, {"\n": " <!-- wpnl --> "})

    if "<option" in text:
        text = _sub(r"\s*<option", "<option", text)
        text = _sub(r"</option>\s*", "</option>", text)
    if "</object>" in text:
        text = _sub(r"(<object[^>]*>)\s*", "\\1", text)
        text = _sub(r"\s*</object>", "</object>", text)
        text = _sub(r"\s*(</?(?:param|embed)[^>]*>)\s*", "\\1", text)
    if "<source" in text or "<track" in text:
        text = _sub(r"([<\[](?:audio|video)[^>\]]*[>\]])\s*", "\\1", text)
        text = _sub(r"\s*([<\[]/(?:audio|video)[>\]])", "\\1", text)
        text = _sub(r"\s*(<(?:source|track)[^>]*>)\s*", "\\1", text)
    if "<figcaption" in text:
        text = _sub(r"\s*(<figcaption[^>]*>)", "\\1", text)
        text = _sub(r"</figcaption>\s*", "</figcaption>", text)

    text = _sub(r"\n\n+", "\n\n", text)
    pieces = [piece for piece in re.split(r"\n\s*\n", text, flags=_FLAGS) if piece]
    text = "".join("<p>" + piece.strip("\n") + "</p>\n" for piece in pieces)

    text = _sub(r"<p>\s*</p>", "", text)
    text = _sub(r"<p>([^<]+)</(div|address|form)>", "<p>\\1</p></\\2>", text)
    text = _sub(r"<p>\s*(</?" + _ALLBLOCKS + r"[^>]*>)\s*</p>", "\\1", text)
    text = _sub(r"<p>(<li.+?)</p>", "\\1", text)
    text = _sub(r"<p><blockquote([^>]*)>", "<blockquote\\1><p>", text, re.IGNORECASE)
    text = text.replace("</blockquote></p>", "</p></blockquote>")
    text = _sub(r"<p>\s*(</?" + _ALLBLOCKS + r"[^>]*>)", "\\1", text)
    text = _sub(r"(</?" + _ALLBLOCKS + r"[^>]*>)\s*</p>", "\\1", text)

    if br:
        text = re.sub(
            r"<(script|style|svg|math).*?</\1>",
            lambda match: match.group(0).replace("\n", "<WPPreserveNewline />"),
            text,
            flags=_FLAGS | re.DOTALL,
        )
        text = text.replace("<br>", "<br />").replace("<br/>", "<br />")
        text = _sub(r"(?<!<br />)\s*\n", "<br />\n", text)
        text = text.replace("<WPPreserveNewline />", "\n")

    text = _sub(r"(</?" + _ALLBLOCKS + r"[^>]*>)\s*<br />", "\\1", text)
    text = _sub(r"<br />(\s*</?(?:p|li|div|dl|dd|dt|th|pre|td|ul|ol)[^>]*>)", "\\1", text)
    text = _sub(r"\n</p>$", "</p>", text)

    for name, original in pre_tags.items():
        text = text.replace(name, original)
    if "<!-- wpnl -->" in text:
        text = text.replace(" <!-- wpnl --> ", "\n").replace("<!-- wpnl -->", "\n")
    return text


_SPACES = r"(?:[\r\n\t ]|\xa0|&nbsp;)"


def shortcode_unautop(text: str, names: Iterable[str]) -> str:
    """Unwrap shortcodes that stand alone in a paragraph (``<p>[gallery]</p>`` → ``[gallery]``)."""
    tags = "|".join(re.escape(name) for name in sorted(names))
    if not tags:
        return text
    pattern = (
        r"<p>" + _SPACES + r"*+"
        r"(\[(" + tags + r")(?![\w-])"
        r"[^\]/]*(?:/(?!\])[^\]/]*)*?"
        r"(?:/\]|\](?:[^\[]*+(?:\[(?!/\2\])[^\[]*+)*+\[/\2\])?))" + _SPACES + r"*+</p>"
    )
    return re.sub(pattern, "\\1", text, flags=_FLAGS)
