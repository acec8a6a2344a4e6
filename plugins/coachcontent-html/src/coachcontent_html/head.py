"""The ``<head>`` elements plugins return, written as HTML, each escaped for its context."""

from __future__ import annotations

import json
from collections.abc import Mapping
from datetime import date, datetime
from typing import Any

from markupsafe import Markup

from coachcontent import JsonLd, LinkTag, MetaTag
from coachcontent_html.links import safe_href


def _jsonable(value: Any) -> Any:
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
    return (
        text.replace("<", "\\u003c")
        .replace(">", "\\u003e")
        .replace("&", "\\u0026")
        .replace("\u2028", "\\u2028")
        .replace("\u2029", "\\u2029")
    )


def head_element(element: object) -> Markup:
    """One :class:`MetaTag`, :class:`LinkTag` or :class:`JsonLd` as HTML.

    ``Markup.format`` escapes every value for an attribute; a link whose
    ``href`` is not an allowed URL is left out (empty markup).
    """
    if isinstance(element, MetaTag):
        return Markup('<meta {}="{}" content="{}">').format(element.attribute, element.key, element.content)
    if isinstance(element, LinkTag):
        href = safe_href(element.href)
        if not href:
            return Markup("")
        html = Markup('<link rel="{}" href="{}"').format(element.rel, href)
        for name in ("type", "title", "hreflang"):
            value = getattr(element, name)
            if value:
                html += Markup(' {}="{}"').format(name, value)
        return html + Markup(">")
    if isinstance(element, JsonLd):
        # script_json leaves no <, > or & in its text, so no value can end the script.
        data = Markup(script_json(element.data))  # noqa: S704
        return Markup('<script type="application/ld+json">{}</script>').format(data)
    raise TypeError(f"not a head element: {type(element).__name__}")
