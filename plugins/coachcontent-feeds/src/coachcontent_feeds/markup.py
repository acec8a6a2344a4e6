"""HTML inside feeds: relative links made absolute, plain text taken out.

Feed readers show an entry far from the page it came from, so ``href="/about/"``
or ``src="chart.png"`` would point at the reader's own host.  Every link-like
attribute (``href``, ``src``, ``srcset``, ``poster``, ``cite``, ``action``,
``data`` ... and ``url()`` in ``style``) is resolved against the entry's own
URL with :mod:`lxml.html`.  HTML that has no relative reference is passed
through untouched, without parsing: the common case costs one regular
expression search.
"""

from __future__ import annotations

import html as html_module
import re
from urllib.parse import urljoin

import lxml.html
from lxml import etree

#: Attributes lxml treats as links, lowercased.
LINK_ATTRIBUTES = frozenset(
    {
        "action",
        "background",
        "cite",
        "codebase",
        "data",
        "formaction",
        "href",
        "icon",
        "longdesc",
        "manifest",
        "poster",
        "profile",
        "src",
        "usemap",
    }
)
# An attribute value that does not start with a scheme ("//host/x", "/x", "x", "#x"
# and "?x" are all relative).  The pattern starts with a literal "=", which lets
# the regular expression engine skip ahead quickly; the attribute's name is
# checked afterwards.  Possessive quantifiers keep "='https:" from matching by
# backtracking over the quote.
_RELATIVE_VALUE = re.compile(r"""=\s*+["']?+\s*+(?![a-z][a-z0-9+.\-]*:)""")
_NAME_BEFORE = re.compile(r"([a-z][a-z0-9_:.\-]*)\s*$")
_SPACE = re.compile(r"\s+")


def needs_rewriting(html: str) -> bool:
    """Whether ``html`` may hold a link that is not absolute (a cheap, conservative test)."""
    lower = html.lower()
    # srcset and CSS url() hold several URLs: their presence alone sends the HTML to the parser.
    if "srcset" in lower or "url(" in lower:
        return True
    for match in _RELATIVE_VALUE.finditer(lower):
        name = _NAME_BEFORE.search(lower, max(0, match.start() - 40), match.start())
        if name is not None and name.group(1) in LINK_ATTRIBUTES:
            return True
    return False


def _absolute_srcset(value: str, base: str) -> str:
    candidates = []
    for candidate in value.split(","):
        parts = candidate.strip().split(None, 1)
        if not parts:
            continue
        parts[0] = urljoin(base, parts[0])
        candidates.append(" ".join(parts))
    return ", ".join(candidates)


def absolute_links(html: str, base: str) -> str:
    """``html`` with every relative link and image source resolved against ``base``.

    :param html: an HTML fragment (an entry's body or summary).
    :param base: the absolute URL of the page the fragment belongs to.
    """
    if not html or not needs_rewriting(html):
        return html
    root = lxml.html.fragment_fromstring(html, create_parent="div")
    root.make_links_absolute(base, resolve_base_href=False, handle_failures="ignore")
    for element in root.iter("img", "source"):
        srcset = element.get("srcset")
        if srcset:
            element.set("srcset", _absolute_srcset(srcset, base))
    inner = [etree.tostring(child, encoding="unicode", method="html") for child in root]
    return html_module.escape(root.text or "", quote=False) + "".join(inner)


def plain_text(html: str) -> str:
    """The text of an HTML fragment, whitespace collapsed (for JSON Feed's ``summary``)."""
    if not html.strip():
        return ""
    if "<" not in html and "&" not in html:
        return _SPACE.sub(" ", html).strip()
    root = lxml.html.fragment_fromstring(html, create_parent="div")
    return _SPACE.sub(" ", root.text_content()).strip()
