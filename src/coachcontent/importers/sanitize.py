"""Sanitising imported HTML with nh3: content tags stay, scripts and unsafe links go.

Links and images may point at ``http``, ``https`` and ``mailto`` URLs, at site
paths (``/about/``) and at fragments (``#notes``); ``//host/x`` becomes
``https://host/x`` and a document-relative URL is resolved against the
entry's old address.  ``<!--more-->`` survives, so summaries can cut there.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from urllib.parse import urljoin

import nh3

TAGS = frozenset(
    {
        "a", "abbr", "address", "article", "aside", "b", "bdi", "bdo", "blockquote", "br",
        "caption", "cite", "code", "col", "colgroup", "dd", "del", "details", "dfn", "div",
        "dl", "dt", "em", "figcaption", "figure", "h1", "h2", "h3", "h4", "h5", "h6", "hr",
        "i", "img", "ins", "kbd", "li", "mark", "ol", "p", "pre", "q", "rp", "rt", "ruby",
        "s", "samp", "section", "small", "span", "strong", "sub", "summary", "sup", "table",
        "tbody", "td", "tfoot", "th", "thead", "time", "tr", "u", "ul", "var", "wbr",
    }
)  # fmt: skip

#: Elements removed together with their content.
CONTENT_REMOVED = frozenset(
    {
        "script", "style", "template", "iframe", "object", "noscript", "noembed",
        "noframes", "xmp", "svg", "math", "select", "textarea", "title",
    }
)  # fmt: skip

ATTRIBUTES: dict[str, set[str]] = {
    "*": {"lang", "dir"},
    "a": {"href", "title", "rel", "hreflang"},
    "img": {"src", "alt", "width", "height", "title"},
    "abbr": {"title"},
    "blockquote": {"cite"},
    "q": {"cite"},
    "del": {"cite", "datetime"},
    "ins": {"cite", "datetime"},
    "time": {"datetime"},
    "ol": {"start", "reversed", "type"},
    "li": {"value"},
    "td": {"colspan", "rowspan", "headers"},
    "th": {"colspan", "rowspan", "headers", "scope", "abbr"},
    "col": {"span"},
    "colgroup": {"span"},
}

_ALIGN = {"alignleft", "alignright", "aligncenter", "alignnone", "alignwide", "alignfull"}
ALLOWED_CLASSES: dict[str, set[str]] = {
    "figure": {"wp-caption", "gallery-item", *_ALIGN},
    "img": set(_ALIGN),
    "div": {"gallery", *(f"gallery-columns-{n}" for n in range(10))},
}

_URL_ATTRIBUTES = {"href", "src", "cite"}
_REL_TOKENS = {
    "nofollow", "noopener", "noreferrer", "external", "ugc", "sponsored",
    "me", "author", "license", "tag", "bookmark", "help", "prev", "next",
}  # fmt: skip
_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.\-]*:")
_REMOVED_TAG = re.compile(
    r"<(script|style|iframe|object|embed|applet|form|input|button|textarea|select|video|audio"
    r"|svg|math|canvas|noscript|template|frame|frameset|link|meta|base)\b",
    re.IGNORECASE,
)
_EVENT_ATTRIBUTE = re.compile(r"<[^>]*\son[a-z]+\s*=", re.IGNORECASE)
_SCRIPT_URL = re.compile(r"""=\s*["']?\s*(?:java|vb)script:""", re.IGNORECASE)
_MORE = re.compile(r"<!--\s*more\b.*?-->", re.IGNORECASE | re.DOTALL)
_MORE_STANDIN = "coachcontent0more0marker0d2f81"
_MORE_PARAGRAPH = re.compile(r"<p>\s*<!--more-->\s*</p>")
# nh3 keeps the attribute when it removes every class; its output always double-quotes.
_EMPTY_CLASS = re.compile(r' class=""')


def _clean_url(value: str, base: str | None) -> str | None:
    url = value.strip()
    if not url:
        return None
    if url.startswith("//"):
        return "https:" + url
    if url.startswith(("/", "#")) or _SCHEME.match(url):
        return url  # nh3 checks schemes; site paths and fragments are fine
    if base is None:
        return None
    return urljoin(base, url)


def _relative(url: str) -> str | None:
    return url if url.startswith(("/", "#")) and not url.startswith("//") else None


def _attribute_filter(base: str | None) -> Callable[[str, str, str], str | None]:
    def keep(_tag: str, attribute: str, value: str) -> str | None:
        if attribute in _URL_ATTRIBUTES:
            return _clean_url(value, base)
        if attribute in ("width", "height", "colspan", "rowspan", "span", "start"):
            stripped = value.strip()
            return stripped if stripped.isdigit() else None
        if attribute == "rel":
            tokens = [token for token in value.lower().split() if token in _REL_TOKENS]
            return " ".join(dict.fromkeys(tokens)) or None
        return value

    return keep


def removed_elements(source: str) -> list[str]:
    """What :func:`sanitize_html` will remove from ``source`` that a reader would miss."""
    found = sorted({match.group(1).lower() for match in _REMOVED_TAG.finditer(source)})
    notes = [f"<{name}>" for name in found]
    if _EVENT_ATTRIBUTE.search(source):
        notes.append("event-handler attributes (on...=)")
    if _SCRIPT_URL.search(source):
        notes.append("javascript: links")
    return notes


def sanitize_html(source: str, *, base_url: str | None = None, warn: Callable[[str], None] | None = None) -> str:
    """``source`` with only content HTML left (see the module docstring for the policy).

    :param base_url: the absolute URL relative links were relative to (the old page).
    :param warn: called once with a note when scripts, embeds or forms were removed.
    """
    if not source.strip():
        return ""
    if warn is not None:
        notes = removed_elements(source)
        if notes:
            warn("removed unsafe or unsupported HTML: " + ", ".join(notes))
    keep_more = _MORE_STANDIN not in source
    if keep_more:
        source = _MORE.sub(_MORE_STANDIN, source, count=1)
    cleaned = nh3.clean(
        source,
        tags=set(TAGS),
        clean_content_tags=set(CONTENT_REMOVED),
        attributes={tag: set(names) for tag, names in ATTRIBUTES.items()},
        attribute_filter=_attribute_filter(base_url),
        strip_comments=True,
        link_rel=None,
        url_schemes={"http", "https", "mailto"},
        url_relative=_relative,
        allowed_classes={tag: set(names) for tag, names in ALLOWED_CLASSES.items()},
    )
    cleaned = _EMPTY_CLASS.sub("", cleaned)
    if keep_more and _MORE_STANDIN in cleaned:
        cleaned = _MORE_PARAGRAPH.sub("<!--more-->", cleaned.replace(_MORE_STANDIN, "<!--more-->"))
    return cleaned.strip()
