"""Checking the links inside content bodies: only http, https, mailto and relative URLs."""

from __future__ import annotations

import re

import lxml.html

_SCHEME = re.compile(r"^([a-zA-Z][a-zA-Z0-9+.\-]*):")
_IGNORED = re.compile(r"[\x00-\x20\x7f]")
_ALLOWED = {"http", "https", "mailto"}
_URL_ATTRIBUTES = ("href", "src", "action", "formaction", "poster", "cite", "background", "xlink:href", "data")


def _scheme(value: str) -> str | None:
    # Browsers ignore control characters and whitespace inside a scheme.
    match = _SCHEME.match(_IGNORED.sub("", value))
    return match.group(1).lower() if match else None


def disallowed_links(html: str) -> list[str]:
    """URLs in ``html`` (links, images, forms, ``srcset``) whose scheme is not http, https or mailto.

    Relative URLs (``/about/``, ``photo.jpg``, ``#notes``) are fine.  Entities
    are decoded first, so ``jav&#x61;script:`` is caught too.
    """
    if ":" not in html:
        return []
    root = lxml.html.fragment_fromstring(html, create_parent="div")
    found: list[str] = []
    for element in root.iter():
        if not isinstance(element.tag, str):
            continue
        for attribute in _URL_ATTRIBUTES:
            value = element.get(attribute)
            if value is not None:
                scheme = _scheme(value.strip())
                if scheme is not None and scheme not in _ALLOWED:
                    found.append(value.strip())
        srcset = element.get("srcset")
        if srcset:
            for candidate in srcset.split(","):
                url = candidate.strip().split(" ")[0]
                scheme = _scheme(url)
                if scheme is not None and scheme not in _ALLOWED:
                    found.append(url)
    return found
