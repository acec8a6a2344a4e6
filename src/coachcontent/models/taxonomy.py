"""Taxonomies (categories, tags and declared ones) and their terms."""

from __future__ import annotations

from attrs import field, frozen

from coachcontent.models import validators as v
from coachcontent.models.frozendict import as_tuple


@frozen(kw_only=True)
class Term:
    """One term of a taxonomy: a category, a tag, a series...

    :param slug: unique within its taxonomy (as in WordPress); the URL part.
    :param name: the display name.
    :param parent: the parent term's slug in a hierarchical taxonomy.
    :param description: a short description, plain text.
    :param weight: sort key among siblings; lower first, then by name.
    """

    slug: str = field(validator=v.slug)
    name: str = field(validator=v.non_empty)
    parent: str | None = field(default=None, validator=v.optional_slug)
    description: str = ""
    weight: int = 0


@frozen(kw_only=True)
class Taxonomy:
    """A way of classifying posts.

    Every site has ``categories`` (hierarchical) and ``tags`` (flat); further
    taxonomies are declared in ``site.toml``.

    :param name: the key used in front matter and URLs, e.g. ``"series"``.
    :param label: the plural display name, e.g. ``"Series"``.
    :param singular: the singular display name.
    :param hierarchical: whether terms may have parents.
    :param terms: the terms.
    :param url: URL pattern of a term's archive; ``None`` uses the site's default.
    """

    name: str = field(validator=v.slug)
    label: str = ""
    singular: str = ""
    hierarchical: bool = False
    terms: tuple[Term, ...] = field(default=(), converter=as_tuple)
    url: str | None = None
    description: str = ""

    @property
    def display_label(self) -> str:
        """The label, or the name title-cased."""
        return self.label or self.name.replace("-", " ").title()
