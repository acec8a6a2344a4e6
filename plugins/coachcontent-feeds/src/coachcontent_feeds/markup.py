"""HTML inside feeds: relative links made absolute, plain text taken out.

Feed readers show an entry far from the page it came from, so ``href="/about/"``
or ``src="chart.png"`` would point at the reader's own host.  Every link-like
attribute (``href``, ``src``, ``srcset``, ``poster``, ``cite``, ``action``,
``data`` ... and ``url()`` in ``style``) is resolved against the entry's own
URL with :mod:`lxml.html`; a link with a scheme is kept exactly as written.
HTML that has no relative reference is passed through untouched, without
parsing: the common case costs one regular expression search.
"""

from __future__ import annotations

import html as html_module
import re
from collections.abc import Callable
from functools import partial
from typing import Any, cast
from urllib.parse import urljoin

import lxml.html
import lxml.html.defs
from lxml import etree

#: Link attributes lxml's ``make_links_absolute`` does not know; resolved here.
EXTRA_LINK_ATTRIBUTES = ("poster", "icon", "manifest")
#: Every attribute that holds a URL, lowercased: lxml's (``href``, ``src``,
#: ``cite``, ``action``, ``data``, ``xlink:href`` ...) and the extra ones.
LINK_ATTRIBUTES = frozenset(lxml.html.defs.link_attrs) | frozenset(EXTRA_LINK_ATTRIBUTES)
#: Attributes that hold several URLs: any of them may be relative.
URL_LISTS = frozenset({"srcset", "archive"})
# Every "=" that may start a link: the value does not start with a scheme
# ("//host/x", "/x", "x", "#x" and "?x" are all relative: group "relative"),
# or the attribute may be a list of URLs ("...set=", "...ive=", or any name
# with space before the "="), whose later URLs may be relative when the
# first is not.  The pattern starts with a literal "=", which lets the
# regular expression engine skip ahead quickly over the original text (no
# lowercased copy); the attribute's name is checked afterwards.  Possessive
# quantifiers keep "='https:" from matching by backtracking over the quote.
_EQUALS = re.compile(
    r"""=(?:(?P<relative>\s*+["']?+\s*+(?![a-zA-Z][a-zA-Z0-9+.\-]*:))|(?<=[sS][eE][tT]=)|(?<=[vV][eE]=)|(?<=\s=))"""
)
_SCHEME = re.compile(r"[a-zA-Z][a-zA-Z0-9+.\-]*:")
_NAME_BEFORE = re.compile(r"([a-zA-Z][a-zA-Z0-9_:.\-]*)\s*$")
# CSS holds URLs in url(...) (style attributes and elements) and after @import.
_CSS_URL = re.compile(r"\((?<=[uU][rR][lL]\()")
_CSS_IMPORT = re.compile(r"@(?=[iI][mM][pP][oO][rR][tT])")
_SPACE = re.compile(r"\s+")

# HTML whose links only lxml.html's iterlinks() finds (CSS, <object>, <meta http-equiv=refresh>,
# <param valuetype=ref>); the rest, most HTML with relative links, takes a path a third as long.
_LXML_ONLY = ("style", "<object", "<meta", "<param")
# lxml.html's parser, without its element classes: their Python class lookup
# is called for every element touched, and is most of the cost of a rewrite.
_PARSER = etree.HTMLParser()


def needs_rewriting(html: str) -> bool:
    """Whether ``html`` may hold a link that is not absolute (a cheap, conservative test).

    Each check looks for one character first ("=", "(", "@"), so HTML
    without relative links (most bodies) costs about one pass over the text.
    """
    for match in _EQUALS.finditer(html):
        start = match.start()
        name = _NAME_BEFORE.search(html, max(0, start - 40), start)
        if name is None:
            continue
        attribute = name.group(1).lower()
        if attribute in URL_LISTS or (match.group("relative") is not None and attribute in LINK_ATTRIBUTES):
            return True
    if "(" in html and _CSS_URL.search(html):
        return True
    return "@" in html and _CSS_IMPORT.search(html) is not None


def _resolve(base: str, link: str) -> str:
    """``link`` resolved against ``base``; a link with a scheme is kept exactly as written."""
    if _SCHEME.match(link):
        return link  # urljoin() could only re-assemble it (and normalise what the author wrote)
    try:
        return urljoin(base, link)
    except ValueError:  # e.g. a malformed IPv6 host: left as it is, as lxml's handle_failures="ignore"
        return link


def _absolute_srcset(value: str, resolve: Callable[[str], str]) -> str:
    candidates = []
    for candidate in value.split(","):
        parts = candidate.strip().split(None, 1)
        if not parts:
            continue
        parts[0] = resolve(parts[0])
        candidates.append(" ".join(parts))
    return ", ".join(candidates)


def absolute_links(html: str, base: str) -> str:
    """``html`` with every relative link and image source resolved against ``base``.

    :param html: an HTML fragment (an entry's body or summary).
    :param base: the absolute URL of the page the fragment belongs to.
    """
    if not html or not needs_rewriting(html):
        return html
    resolve = partial(_resolve, base)
    lower = html.lower()
    if any(marker in lower for marker in _LXML_ONLY):
        root = lxml.html.fragment_fromstring(html, create_parent="div")
        # lxml finds every link: attributes, CSS url() and @import, <object> codebase, <meta> refresh ...
        root.rewrite_links(resolve, resolve_base_href=False)
        for element in root.iter(etree.Element):
            for name in EXTRA_LINK_ATTRIBUTES:
                value = element.get(name)
                if value is not None:
                    element.set(name, resolve(value.strip()))
        for element in root.iter("img", "source"):
            srcset = element.get("srcset")
            if srcset:
                element.set("srcset", _absolute_srcset(srcset, resolve))
    else:
        root = _fragment(html)
        _resolve_attributes(root, resolve)
    inner = [etree.tostring(child, encoding="unicode", method="html") for child in root]
    return html_module.escape(root.text or "", quote=False) + "".join(inner)


def _fragment(html: str) -> etree._Element:
    """``lxml.html.fragment_fromstring(html, create_parent="div")`` with plain elements."""
    # The first item is the leading text, if any (lxml's stubs leave it out).
    elements = cast("list[Any]", lxml.html.fragments_fromstring(html, parser=_PARSER))
    root = _PARSER.makeelement("div")  # an HTML document: attribute names as HTML has them
    if elements and isinstance(elements[0], str):
        root.text = elements.pop(0)
    root.extend(elements)
    return root


def _resolve_attributes(root: etree._Element, resolve: Callable[[str], str]) -> None:
    """Resolve every link attribute, as lxml's ``rewrite_links()`` and the extra
    attributes and srcset above do (for HTML without CSS, ``<object>``, ``<meta>``
    or ``<param>``, where lxml finds nothing else), in one pass."""
    for element in root.iter(etree.Element):
        for name, value in element.items():
            if name in LINK_ATTRIBUTES and isinstance(value, str):
                resolved = resolve(value.strip())
                if resolved != value:
                    element.set(name, resolved)
            elif name == "srcset" and value and element.tag in ("img", "source") and isinstance(value, str):
                element.set("srcset", _absolute_srcset(value, resolve))
