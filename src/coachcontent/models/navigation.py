"""Navigation: menus (trees of items), link lists and breadcrumbs."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from attrs import field, frozen

from coachcontent.models import validators as v


@frozen(kw_only=True)
class TermRef:
    """A reference to a term: its taxonomy's name and its slug."""

    taxonomy: str = field(validator=v.slug)
    slug: str = field(validator=v.slug)

    def __str__(self) -> str:
        return f"{self.taxonomy}:{self.slug}"


def _item_order(item: NavItem) -> tuple[int, str, str]:
    return (item.weight, item.title.casefold(), item.title)


def _sorted_items(items: Iterable[NavItem]) -> tuple[NavItem, ...]:
    return tuple(sorted(items, key=_item_order))


@frozen(kw_only=True)
class NavItem:
    """A menu item.  It points at exactly one of: a page, a post, a term or a URL.

    Children are kept ordered by weight, then title.

    :param title: the visible text.
    :param page: a page's tree path (``"about/contact"``).
    :param post: a post's slug.
    :param term: a term.
    :param url: an http/https/mailto URL or a site path.
    :param weight: sort key among siblings.
    :param children: sub-items (a dropdown).
    """

    title: str = field(validator=v.non_empty)
    page: str | None = None
    post: str | None = None
    term: TermRef | None = None
    url: str | None = field(default=None, validator=v.optional_url)
    weight: int = 0
    children: tuple[NavItem, ...] = field(default=(), converter=_sorted_items)

    def __attrs_post_init__(self) -> None:
        targets = [t for t in (self.page, self.post, self.term, self.url) if t is not None]
        if len(targets) != 1:
            raise ValueError(f"menu item {self.title!r} must point at exactly one of page, post, term or url")

    def walk(self) -> Iterator[NavItem]:
        """This item and every item below it, depth first."""
        yield self
        for child in self.children:
            yield from child.walk()


@frozen(kw_only=True)
class NavTree:
    """A menu: a named tree of :class:`NavItem`.

    :param name: the menu's key, e.g. ``"main"``.
    :param title: a human name for it.
    :param items: top-level items, ordered by weight, then title.
    """

    name: str = field(validator=v.slug)
    title: str = ""
    items: tuple[NavItem, ...] = field(default=(), converter=_sorted_items)

    def walk(self) -> Iterator[NavItem]:
        """Every item of the menu, depth first."""
        for item in self.items:
            yield from item.walk()

    @property
    def depth(self) -> int:
        """How many levels the menu has (0 when empty)."""

        def level(items: tuple[NavItem, ...]) -> int:
            return 1 + max(level(i.children) for i in items) if items else 0

        return level(self.items)


@frozen(kw_only=True)
class Link:
    """One link of a link list.

    :param title: the visible text.
    :param url: the target (http/https/mailto or a site path).
    :param description: a line shown beside or under the link.
    :param rel: extra link relations, e.g. ``"me"`` or ``"sponsored"``.
    :param weight: sort key; lower first, then by title.
    """

    title: str = field(validator=v.non_empty)
    url: str = field(validator=v.url)
    description: str = ""
    rel: str = ""
    weight: int = 0


def _sorted_links(links: Iterable[Link]) -> tuple[Link, ...]:
    return tuple(sorted(links, key=lambda link: (link.weight, link.title.casefold(), link.url)))


@frozen(kw_only=True)
class LinkList:
    """A titled list of links: a blogroll, "Leadership Resources", ...

    :param slug: the list's key in ``site.toml``.
    :param title: its heading.
    :param links: the links, ordered by weight, then title.
    """

    slug: str = field(validator=v.slug)
    title: str = field(validator=v.non_empty)
    links: tuple[Link, ...] = field(default=(), converter=_sorted_links)


@frozen(kw_only=True)
class Breadcrumb:
    """One step of a breadcrumb trail: a title and a site path."""

    title: str
    url: str
