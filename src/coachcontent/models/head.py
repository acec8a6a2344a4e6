"""What plugins put into a page's ``<head>``: meta tags, link tags and JSON-LD.

Plugins return these as data; the HTML theme escapes each for its context.
"""

from __future__ import annotations

from typing import Any, Literal

from attrs import field, frozen

from coachcontent.models.frozendict import FrozenDict, frozen_mapping


@frozen(kw_only=True)
class MetaTag:
    """``<meta property="og:title" content="...">`` or ``<meta name="twitter:card" ...>``.

    :param key: the property or name, e.g. ``"og:title"``.
    :param content: the value, plain text (escaped when written).
    :param attribute: ``"property"`` (Open Graph) or ``"name"`` (X cards, description).
    """

    key: str
    content: str
    attribute: Literal["property", "name"] = "property"


@frozen(kw_only=True)
class LinkTag:
    """``<link rel="..." href="...">``, e.g. a canonical link or a feed."""

    rel: str
    href: str
    type: str = ""
    title: str = ""
    hreflang: str = ""


@frozen(kw_only=True)
class JsonLd:
    """A schema.org object written as ``<script type="application/ld+json">``.

    The writer escapes ``<``, ``>`` and ``&`` so no value can close the script.
    """

    data: FrozenDict[str, Any] = field(converter=frozen_mapping)


HeadElement = MetaTag | LinkTag | JsonLd
