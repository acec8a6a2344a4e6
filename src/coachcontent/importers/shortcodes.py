"""WordPress shortcodes: ``[caption]`` and ``[gallery]`` become HTML, others stay visible.

The patterns are ports of ``get_shortcode_regex()`` and
``shortcode_parse_atts()`` from ``wp-includes/shortcodes.php``
(GPL-2.0-or-later), so the same text is recognised as WordPress recognised it.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Iterable, Mapping

from attrs import frozen

_FLAGS = re.ASCII

#: Shortcodes turned into HTML.
HANDLED = ("caption", "gallery", "wp_caption")


def shortcode_pattern(names: Iterable[str]) -> re.Pattern[str]:
    """The regular expression of ``get_shortcode_regex()`` for ``names``.

    Groups: 1 an extra ``[`` (escaped shortcode), 2 the name, 3 the
    attributes, 4 a self-closing ``/``, 5 the enclosed content, 6 an extra ``]``.
    """
    tags = "|".join(re.escape(name) for name in sorted(names))
    return re.compile(
        r"\[(\[?)(" + tags + r")(?![\w-])"
        r"([^\]/]*(?:/(?!\])[^\]/]*)*?)"
        r"(?:(/)\]|\](?:([^\[]*+(?:\[(?!/\2\])[^\[]*+)*+)\[/\2\])?)"
        r"(\]?)",
        _FLAGS,
    )


#: Any shortcode-like tag: used to find the ones left in the text.
ANY_SHORTCODE = re.compile(r"\[(\[?)([A-Za-z][\w-]*)(?![\w-])([^\]\[<>]*)\](\]?)", _FLAGS)

_ATTS = re.compile(
    r"""([\w-]+)\s*=\s*"([^"]*)"(?:\s|$)|([\w-]+)\s*=\s*'([^']*)'(?:\s|$)"""
    r"""|([\w-]+)\s*=\s*([^\s'"]+)(?:\s|$)|"([^"]*)"(?:\s|$)|'([^']*)'(?:\s|$)|(\S+)(?:\s|$)""",
    _FLAGS,
)
_BALANCED_TAGS = re.compile(r"^[^<]*+(?:<[^>]*+>[^<]*+)*+$")


def _stripcslashes(value: str) -> str:
    # WordPress calls stripcslashes(); in practice only backslash escapes of quotes occur.
    return re.sub(r"\\(.)", r"\1", value)


def parse_attributes(text: str) -> dict[str, str]:
    """The attributes of a shortcode as ``shortcode_parse_atts()`` reads them.

    Positional values get the keys ``"0"``, ``"1"``, ...  A value with an
    unclosed HTML tag is emptied, as WordPress does.
    """
    text = re.sub("[\u00a0\u200b]+", " ", text)
    result: dict[str, str] = {}
    position = 0
    for match in _ATTS.finditer(text):
        groups = match.groups()
        if groups[0]:
            result[groups[0].lower()] = _stripcslashes(groups[1])
        elif groups[2]:
            result[groups[2].lower()] = _stripcslashes(groups[3])
        elif groups[4]:
            result[groups[4].lower()] = _stripcslashes(groups[5])
        else:
            value = next((g for g in groups[6:] if g is not None), "")
            result[str(position)] = _stripcslashes(value)
            position += 1
    for key, value in result.items():
        if "<" in value and not _BALANCED_TAGS.match(value):
            result[key] = ""
    return result


@frozen(kw_only=True)
class GalleryImage:
    """What a gallery needs to know about one attachment."""

    attachment_id: int
    url: str
    alt: str = ""
    caption: str = ""
    width: int | None = None
    height: int | None = None
    is_image: bool = True


class ShortcodeContext:
    """Per-entry lookups and the warnings the conversion gives.

    :param attachments: attachment id → image.
    :param children: post id → its attached images, in WordPress's gallery order.
    :param post_id: the entry being converted (``[gallery]`` without ids shows its images).
    :param warn: called with a message for each problem.
    """

    def __init__(
        self,
        *,
        attachments: Mapping[int, GalleryImage],
        children: Mapping[int, tuple[GalleryImage, ...]],
        post_id: int | None,
        warn: Callable[[str], None],
    ) -> None:
        self.attachments = attachments
        self.children = children
        self.post_id = post_id
        self.warn = warn


_HANDLED_PATTERN = shortcode_pattern(HANDLED)
_CAPTION_SPLIT = re.compile(r"((?:<a [^>]+>\s*)?<img [^>]+>(?:\s*</a>)?)(.*)", re.IGNORECASE | re.DOTALL | _FLAGS)
_CLASS_WORD = re.compile(r"^[A-Za-z0-9_-]+$")


def _attr(value: str) -> str:
    return html.escape(value, quote=True)


def _class_names(value: str) -> str:
    return " ".join(word for word in value.split() if _CLASS_WORD.match(word))


def render_shortcodes(text: str, context: ShortcodeContext) -> str:
    """Replace ``[caption]`` and ``[gallery]`` with HTML and warn about every other shortcode.

    Escaped shortcodes (``[[gallery]]``) come out as their text (``[gallery]``).
    Unknown shortcodes are left as they are, visible on the page.
    """
    unknown: set[str] = set()
    for match in ANY_SHORTCODE.finditer(text):
        name = match.group(2)
        if name in HANDLED or (match.group(1) and match.group(4)):
            continue  # handled, or [[name]]: escaped on purpose to show as text
        unknown.add(name)
    for name in sorted(unknown):
        context.warn(f"shortcode [{name}] is not supported; it was left as text")
    return _do_shortcodes(text, context)


def _do_shortcodes(text: str, context: ShortcodeContext) -> str:
    if "[" not in text:
        return text

    def replace(match: re.Match[str]) -> str:
        if match.group(1) == "[" and match.group(6) == "]":
            return match.group(0)[1:-1]
        name = match.group(2)
        attributes = parse_attributes(match.group(3))
        content = match.group(5) or ""
        if name in ("caption", "wp_caption"):
            rendered = _caption(attributes, _do_shortcodes(content, context))
        else:
            rendered = _gallery(attributes, context)
        return match.group(1) + rendered + match.group(6)

    return _HANDLED_PATTERN.sub(replace, text)


def _caption(attributes: Mapping[str, str], content: str) -> str:
    caption = attributes.get("caption", "")
    if not caption:
        split = _CAPTION_SPLIT.match(content)
        if split:
            content, caption = split.group(1), split.group(2).strip()
    content = content.strip()
    if not caption.strip():
        return content
    classes = " ".join(part for part in ("wp-caption", _class_names(attributes.get("align", "alignnone"))) if part)
    return f'<figure class="{_attr(classes)}">{content}<figcaption>{caption}</figcaption></figure>'


def _ids(value: str) -> list[int]:
    return [int(part) for part in re.split(r"[\s,]+", value.strip()) if part.isdigit()]


def _gallery(attributes: Mapping[str, str], context: ShortcodeContext) -> str:
    wanted = attributes.get("ids") or attributes.get("include") or ""
    images: list[GalleryImage] = []
    if wanted:
        for attachment_id in _ids(wanted):
            image = context.attachments.get(attachment_id)
            if image is None:
                context.warn(f"[gallery]: attachment {attachment_id} is not in the export")
            else:
                images.append(image)
    else:
        parent = attributes.get("id", "")
        post_id = int(parent) if parent.isdigit() else context.post_id
        excluded = set(_ids(attributes.get("exclude", "")))
        children = context.children.get(post_id, ()) if post_id is not None else ()
        images = [image for image in children if image.attachment_id not in excluded]
    images = [image for image in images if image.is_image]
    if not images:
        context.warn("[gallery] has no images in the export; it was left out")
        return ""
    try:
        columns = max(0, min(9, int(attributes.get("columns", "3"))))
    except ValueError:
        columns = 3
    link = attributes.get("link", "")
    figures = []
    for image in images:
        size = "".join(
            f' {name}="{value}"' for name, value in (("width", image.width), ("height", image.height)) if value
        )
        img = f'<img src="{_attr(image.url)}" alt="{_attr(image.alt)}"{size}>'
        if link != "none":
            img = f'<a href="{_attr(image.url)}">{img}</a>'
        caption = f"<figcaption>{image.caption}</figcaption>" if image.caption.strip() else ""
        figures.append(f'<figure class="gallery-item">{img}{caption}</figure>')
    return f'<div class="gallery gallery-columns-{columns}">{"".join(figures)}</div>'
