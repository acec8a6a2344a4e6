"""The ``<head>`` elements plugins return, written as HTML, each escaped for its context."""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from datetime import date, datetime
from typing import Any

from markupsafe import Markup, escape

from coachcontent import FrozenDict, JsonLd, LinkTag, MetaTag
from coachcontent_html.links import safe_href


def _jsonable(value: Any) -> Any:
    if type(value) is FrozenDict:  # JSON-LD objects are frozen: their items, read in C
        return dict(value.items())
    if isinstance(value, Mapping):
        return dict(value)
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, set | frozenset):
        return sorted(value)
    raise TypeError(f"cannot write {type(value).__name__} into JSON-LD")


def script_json(data: Any) -> str:
    """``data`` as JSON that is safe inside ``<script>``: no ``<``, ``>`` or ``&`` survive,
    so a value containing ``</script>`` or ``<!--`` cannot end or bend the script."""
    text = json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=_jsonable)
    return _replaced(text, _SCRIPT_ESCAPES)


#: What :func:`script_json` replaces, and with what.
_SCRIPT_ESCAPES = (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026"), ("\u2028", "\\u2028"), ("\u2029", "\\u2029"))
#: What ``markupsafe.escape`` replaces in a string, and with what (``&`` first).
_ATTRIBUTE_ESCAPES = (("&", "&amp;"), ("<", "&lt;"), (">", "&gt;"), ("'", "&#39;"), ('"', "&#34;"))


def _replaced(text: str, pairs: tuple[tuple[str, str], ...]) -> str:
    for old, new in pairs:
        text = text.replace(old, new)
    return text


#: The characters ``markupsafe.escape`` replaces.
_HTML_SPECIAL = re.compile("[&<>\"']")


def escaped(value: object) -> str:
    """``value`` escaped for HTML text or a quoted attribute, as ``markupsafe.escape``
    escapes it (``&amp;``, ``&lt;``, ``&gt;``, ``&#39;``, ``&#34;``; markup as it is), but
    a plain string: a string without special characters (nearly every value) comes back
    as it is, with no :class:`~markupsafe.Markup` made for it."""
    if type(value) is str:
        if _HTML_SPECIAL.search(value) is None:
            return value
        return _replaced(value, _ATTRIBUTE_ESCAPES)
    html = getattr(value, "__html__", None)
    if html is not None:  # markup (a widget, a macro's output) as it is, not copied
        result = html()
        return result if isinstance(result, str) else str(escape(value))
    text = str(value)
    return text if _HTML_SPECIAL.search(text) is None else _replaced(text, _ATTRIBUTE_ESCAPES)


def head_element(element: object) -> Markup:
    """One :class:`MetaTag`, :class:`LinkTag` or :class:`JsonLd` as HTML.

    Every value is escaped for an attribute; a link whose ``href`` is not an
    allowed URL is left out (empty markup).
    """
    if isinstance(element, MetaTag):
        attribute, key, content = escaped(element.attribute), escaped(element.key), escaped(element.content)
        return Markup(f'<meta {attribute}="{key}" content="{content}">')  # noqa: S704
    if isinstance(element, LinkTag):
        href = safe_href(element.href)
        if not href:
            return Markup("")
        html = f'<link rel="{escaped(element.rel)}" href="{escaped(href)}"'
        for name in ("type", "title", "hreflang"):
            value = getattr(element, name)
            if value:
                html += f' {name}="{escaped(value)}"'
        return Markup(html + ">")  # noqa: S704
    if isinstance(element, JsonLd):
        # script_json leaves no <, > or & in its text, so no value can end the script.
        return Markup(f'<script type="application/ld+json">{script_json(element.data)}</script>')  # noqa: S704
    raise TypeError(f"not a head element: {type(element).__name__}")
