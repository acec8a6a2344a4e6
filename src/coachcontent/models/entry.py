"""Posts and pages: the two kinds of written content."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from attrs import field, frozen

from coachcontent.models import validators as v
from coachcontent.models.frozendict import FrozenDict, as_tuple, frozen_mapping


@frozen(kw_only=True)
class Image:
    """An image with what Open Graph and accessible HTML need to know about it."""

    src: str = field(validator=v.url)
    alt: str = ""
    width: int | None = None
    height: int | None = None


def _image(value: Image | str | None) -> Image | None:
    if value is None or isinstance(value, Image):
        return value
    return Image(src=value)


def _terms(value: Any) -> FrozenDict[str, tuple[str, ...]]:
    mapping = frozen_mapping(value)
    return FrozenDict({name: tuple(slugs) for name, slugs in sorted(mapping.items())})


@frozen(kw_only=True)
class Entry:
    """What posts and pages share.  Bodies are HTML, already rendered from Markdown.

    :param slug: the URL part of the entry.
    :param title: the title, plain text.
    :param body: the body as HTML.
    :param summary: a short HTML summary (explicit, a ``<!--more-->`` cut, or the first words).
    :param authors: slugs of the :class:`~coachcontent.Author` objects who wrote it.
    :param updated: when it was last changed, if known.
    :param draft: drafts are left out of queries unless asked for.
    :param canonical_url: the original when this is a copy or excerpt of an article
        published elsewhere ("read the full article").
    :param image: the entry's picture (used by themes and Open Graph).
    :param aliases: old site paths that must keep working (redirects).
    :param weight: sort key among siblings; lower first.
    :param source_path: where it was loaded from, relative to the site folder.
    :param extra: front-matter keys the core does not know, kept for plugins.
    """

    slug: str = field(validator=v.slug)
    title: str = field(validator=v.non_empty)
    body: str = ""
    summary: str = ""
    authors: tuple[str, ...] = field(default=(), converter=as_tuple)
    updated: datetime | None = field(default=None, validator=v.optional_aware)
    draft: bool = False
    canonical_url: str | None = field(default=None, validator=v.optional_absolute_url)
    image: Image | None = field(default=None, converter=_image)
    aliases: tuple[str, ...] = field(default=(), converter=as_tuple, validator=v.site_paths)
    weight: int = 0
    source_path: str | None = None
    extra: FrozenDict[str, Any] = field(factory=FrozenDict, converter=frozen_mapping, eq=False)


@frozen(kw_only=True)
class Post(Entry):
    """A dated blog post.

    :param date: publication time, timezone-aware.  Posts dated after
        :attr:`Site.as_of <coachcontent.Site.as_of>` are "future" posts.
    :param terms: taxonomy name to the slugs of the post's terms, e.g.
        ``{"categories": ("sales",), "tags": ("trust", "influence")}``.
    :param sticky: kept at the top of the home page.
    :param comment_count: approved comments, when the source had comments.
    :param id: an explicit permanent id (feeds use it as the entry id).
    """

    date: datetime = field(validator=v.aware)
    terms: FrozenDict[str, tuple[str, ...]] = field(factory=FrozenDict, converter=_terms)
    sticky: bool = False
    comment_count: int | None = None
    id: str | None = None

    @property
    def tags(self) -> tuple[str, ...]:
        """Slugs of the post's tags."""
        return self.terms.get("tags", ())

    @property
    def categories(self) -> tuple[str, ...]:
        """Slugs of the post's categories."""
        return self.terms.get("categories", ())

    def terms_of(self, taxonomy: str) -> tuple[str, ...]:
        """Slugs of the post's terms in ``taxonomy`` (empty when it has none)."""
        return self.terms.get(taxonomy, ())

    @property
    def sort_key(self) -> tuple[float, str]:
        """Newest first, then by slug: the order of every post listing."""
        return (-self.date.timestamp(), self.slug)


@frozen(kw_only=True)
class Page(Entry):
    """A page in the page tree.

    :param parent: the path of the parent page (``"about"``), ``None`` at the top.
    :param date: optional publication time.
    """

    parent: str | None = None
    date: datetime | None = field(default=None, validator=v.optional_aware)

    @property
    def path(self) -> str:
        """The page's tree path, e.g. ``"about/contact"``: its key among pages."""
        return f"{self.parent}/{self.slug}" if self.parent else self.slug

    @property
    def depth(self) -> int:
        """0 for a top-level page, 1 for its children and so on."""
        return self.path.count("/")
