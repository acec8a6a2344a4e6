"""Checking content HTML: only http, https, mailto and relative URLs, and no script in attributes."""

from __future__ import annotations

import re
from html import unescape

import lxml.html
from attrs import frozen

from coachcontent.content.text import NOT_XML

_SCHEME = re.compile(r"^([a-zA-Z][a-zA-Z0-9+.\-]*):")
_IGNORED = re.compile(r"[\x00-\x20\x7f]")
_ALLOWED = {"http", "https", "mailto"}
_URL_ATTRIBUTES = ("href", "src", "action", "formaction", "poster", "cite", "background", "xlink:href", "data")


# A fast path for the common case, exactly as strict as the parse below: HTML
# whose every ``<`` starts a plain start tag, end tag or comment, whose
# attributes are neither event handlers nor ``srcdoc``/``srcset``, and whose URL
# attributes are quoted values that cannot hold a scheme other than http, https
# and mailto (they start with one of those, or with ``/``, ``#``, ``?`` or ``.``,
# or have neither ``:`` nor ``&``).  Anything else (uppercase or unquoted
# attributes, ``<`` inside values, declarations, odd comments) goes to lxml.
# Possessive quantifiers keep the match linear in the length of the text.
_BLANK = r"[ \t\n\r\f]"
_URL_NAME = r"(?:href|src|action|formaction|poster|cite|background|data)"
_NAME_END = r"(?![a-z0-9-])"
_PLAIN_NAME = rf"(?!on|srcdoc{_NAME_END}|srcset{_NAME_END}|{_URL_NAME}{_NAME_END})[a-z][a-z0-9-]*+"
_PLAIN_VALUE = r"""(?:"[^"<>]*+"|'[^'<>]*+')"""
_SAFE_URL = r"""(?:(?:https?://|mailto:|[/#?.])[^"<>\x00-\x20\x7f]*+|[^":&<>\x00-\x20\x7f]*+)"""
_ATTRIBUTE = rf"""(?:{_URL_NAME}="{_SAFE_URL}"|{_PLAIN_NAME}(?:={_PLAIN_VALUE})?)"""
_TAG_NAME = r"[a-zA-Z][a-zA-Z0-9]*+"
_PLAIN_HTML = re.compile(
    r"(?:[^<]++"
    rf"|<{_TAG_NAME}(?:{_BLANK}++{_ATTRIBUTE})*+{_BLANK}*+/?>"
    rf"|</{_TAG_NAME}{_BLANK}*+>"
    r"|<!--[^<>-]*+-->"
    r")*+"
)


def _scheme(value: str) -> str | None:
    # Browsers ignore control characters and whitespace inside a scheme.
    match = _SCHEME.match(_IGNORED.sub("", value))
    return match.group(1).lower() if match else None


def _bad_scheme(value: str) -> bool:
    # libxml2 decodes numeric references but not HTML5's named ones (``&colon;``,
    # ``&Tab;``), which browsers do decode: look at the value both ways.
    schemes = {_scheme(value), _scheme(unescape(value))} - {None}
    return any(scheme not in _ALLOWED for scheme in schemes)


def disallowed_links(html: str) -> list[str]:
    """URLs in ``html`` (links, images, forms, ``srcset``) whose scheme is not http, https or mailto.

    Relative URLs (``/about/``, ``photo.jpg``, ``#notes``) are fine.  Character
    references are decoded first, so ``jav&#x61;script:`` and ``javascript&colon;``
    are caught too.
    """
    return [problem.value for problem in content_problems(html) if problem.kind == "link"]


@frozen
class MarkupProblem:
    """Something in content HTML that would run script or leave the site by another scheme.

    :param kind: ``"link"`` (a URL with another scheme) or ``"handler"`` (an
        event-handler attribute such as ``onerror``, or ``srcdoc``).
    :param value: the URL, or the attribute's name.
    :param tag: the element it is on.
    """

    kind: str
    value: str
    tag: str

    def message(self) -> str:
        """The problem as a sentence for an error line."""
        if self.kind == "link":
            return f"link to {self.value[:60]!r}: only http, https and mailto links and relative URLs are allowed"
        return f"{self.value!r} attribute on <{self.tag}>: content may not carry script (event handlers, srcdoc)"


def content_problems(html: str) -> list[MarkupProblem]:
    """Links with schemes other than http, https and mailto, and event-handler
    attributes, in ``html`` (a body or a summary), in document order."""
    if ":" not in html and "&" not in html and "on" not in html.lower() and "srcdoc" not in html.lower():
        return []  # nothing that could be a scheme, a character reference or a handler
    if _PLAIN_HTML.fullmatch(html):
        return []
    return _parsed_problems(html)


def _parsed_problems(html: str) -> list[MarkupProblem]:
    """:func:`content_problems` by parsing ``html``: the general case, and the reference for the fast path."""
    root = lxml.html.fragment_fromstring(NOT_XML.sub("", html), create_parent="div")
    found: list[MarkupProblem] = []
    for element in root.iter():
        if not isinstance(element.tag, str):
            continue
        for name in element.attrib:
            lowered = name.lower()
            if lowered.startswith("on") or lowered == "srcdoc":
                found.append(MarkupProblem("handler", name, element.tag))
        for attribute in _URL_ATTRIBUTES:
            value = element.get(attribute)
            if value is not None and _bad_scheme(value.strip()):
                found.append(MarkupProblem("link", value.strip(), element.tag))
        srcset = element.get("srcset")
        if srcset:
            for candidate in srcset.split(","):
                url = candidate.strip().split(" ")[0]
                if _bad_scheme(url):
                    found.append(MarkupProblem("link", url, element.tag))
    return found
