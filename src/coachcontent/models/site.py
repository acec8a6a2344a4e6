"""The :class:`Site`: the whole model graph, validated, with the queries an app needs."""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping
from datetime import datetime
from functools import cached_property
from typing import Any
from zoneinfo import ZoneInfo

from attrs import field, frozen

from coachcontent.errors import InvalidSiteError, Problem
from coachcontent.models import validators as v
from coachcontent.models.author import Author
from coachcontent.models.entry import Page, Post
from coachcontent.models.frozendict import FrozenDict, as_tuple, frozen_mapping
from coachcontent.models.navigation import Breadcrumb, LinkList, NavItem, NavTree, TermRef
from coachcontent.models.social import SocialProfile
from coachcontent.models.taxonomy import Taxonomy, Term
from coachcontent.models.urls import UrlScheme

#: The taxonomies every site has; ``site.toml`` may relabel them.
DEFAULT_TAXONOMIES = (
    Taxonomy(name="categories", label="Categories", singular="Category", hierarchical=True),
    Taxonomy(name="tags", label="Tags", singular="Tag", hierarchical=False),
)


def _taxonomies(value: Iterable[Taxonomy]) -> tuple[Taxonomy, ...]:
    given = tuple(value)
    names = {taxonomy.name for taxonomy in given}
    return tuple(t for t in DEFAULT_TAXONOMIES if t.name not in names) + given


def _base_url(value: str) -> str:
    return value.rstrip("/") if isinstance(value, str) else value


def _check_base_url(_instance: object, attribute: Any, value: str) -> None:
    if not isinstance(value, str) or not value.startswith(("http://", "https://")):
        raise ValueError(f"{attribute.name}: {value!r} must be an absolute http or https URL")
    problem = v.url_problem(value, relative=False)
    if problem:
        raise ValueError(f"{attribute.name}: {problem}")


def _positive(_instance: object, attribute: Any, value: int) -> None:
    if not isinstance(value, int) or value < 1:
        raise ValueError(f"{attribute.name}: expected a positive integer, got {value!r}")


@frozen(kw_only=True)
class TermNode:
    """A term in a taxonomy tree with its post counts.

    :param count: published posts that have the term itself.
    :param total: published posts that have the term or any term below it.
    """

    taxonomy: str
    term: Term
    path: str
    count: int
    total: int
    children: tuple[TermNode, ...] = ()


@frozen(kw_only=True)
class PageNode:
    """A page in the page tree."""

    page: Page
    children: tuple[PageNode, ...] = ()


@frozen(kw_only=True)
class Archive:
    """The published posts of one month (``month`` set) or one year (``month`` is ``None``)."""

    year: int
    month: int | None
    posts: tuple[Post, ...]

    @property
    def count(self) -> int:
        """How many posts the archive holds."""
        return len(self.posts)


@frozen(kw_only=True)
class TagCloudEntry:
    """One term of a tag cloud: its count and its weight from 1 to the number of steps."""

    term: Term
    taxonomy: str
    count: int
    weight: int


class _Index:
    """Lookups built once per site; holds no state a query could change."""

    def __init__(self, site: Site) -> None:
        problems: list[Problem] = []
        self.authors = _unique(site.authors, lambda a: a.slug, "author", problems)
        self.posts = _unique(site.posts, lambda p: p.slug, "post", problems)
        self.pages = _unique(site.pages, lambda p: p.path, "page", problems)
        self.taxonomies = _unique(site.taxonomies, lambda t: t.name, "taxonomy", problems)
        self.menus = _unique(site.menus, lambda m: m.name, "menu", problems)
        self.link_lists = _unique(site.link_lists, lambda m: m.slug, "link-list", problems)
        self.terms: dict[tuple[str, str], Term] = {}
        for taxonomy in site.taxonomies:
            for term in taxonomy.terms:
                key = (taxonomy.name, term.slug)
                if key in self.terms:
                    problems.append(
                        Problem(
                            subject=f"term:{taxonomy.name}:{term.slug}",
                            field="slug",
                            message=f"two terms of {taxonomy.name!r} have the slug {term.slug!r}",
                        )
                    )
                self.terms[key] = term
        self._check_terms(site, problems)
        self._check_entries(site, problems)
        self._check_menus(site, problems)
        if problems:
            raise InvalidSiteError(problems)

        self.all_posts: tuple[Post, ...] = tuple(sorted(site.posts, key=lambda p: p.sort_key))
        self.published: tuple[Post, ...] = tuple(
            p for p in self.all_posts if not p.draft and (site.as_of is None or p.date <= site.as_of)
        )
        self.position = {post.slug: i for i, post in enumerate(self.published)}
        children: dict[str | None, list[Page]] = defaultdict(list)
        for page in site.pages:
            children[page.parent].append(page)
        self.page_children = {
            parent: tuple(sorted(pages, key=lambda p: (p.weight, p.title.casefold(), p.slug)))
            for parent, pages in children.items()
        }
        term_children: dict[tuple[str, str | None], list[Term]] = defaultdict(list)
        for (taxonomy_name, _), term in self.terms.items():
            term_children[(taxonomy_name, term.parent)].append(term)
        self.term_children = {
            key: tuple(sorted(terms, key=lambda t: (t.weight, t.name.casefold(), t.slug)))
            for key, terms in term_children.items()
        }
        direct: dict[tuple[str, str], list[Post]] = defaultdict(list)
        for post in self.published:
            for taxonomy_name, slugs in post.terms.items():
                for slug in dict.fromkeys(slugs):
                    direct[(taxonomy_name, slug)].append(post)
        self.term_posts = {key: tuple(posts) for key, posts in direct.items()}
        # Answers of queries that themes ask on every page; the site never changes.
        self.memo: dict[tuple[Any, ...], Any] = {}

    def _check_terms(self, site: Site, problems: list[Problem]) -> None:
        for taxonomy in site.taxonomies:
            for term in taxonomy.terms:
                subject = f"term:{taxonomy.name}:{term.slug}"
                if term.parent is None:
                    continue
                if not taxonomy.hierarchical:
                    problems.append(
                        Problem(
                            subject=subject,
                            field="parent",
                            message=f"{taxonomy.name!r} is flat; its terms cannot have parents",
                        )
                    )
                elif (taxonomy.name, term.parent) not in self.terms:
                    problems.append(
                        Problem(
                            subject=subject,
                            field="parent",
                            message=f"no term {term.parent!r} in {taxonomy.name!r}",
                        )
                    )
            if taxonomy.hierarchical:
                problems.extend(_term_cycles(taxonomy))

    def _check_entries(self, site: Site, problems: list[Problem]) -> None:
        for post in site.posts:
            subject = f"post:{post.slug}"
            self._check_authors(subject, post.authors, problems)
            for taxonomy_name, slugs in post.terms.items():
                if taxonomy_name not in self.taxonomies:
                    problems.append(
                        Problem(
                            subject=subject,
                            field=taxonomy_name,
                            message=f"no taxonomy {taxonomy_name!r} is declared",
                        )
                    )
                    continue
                for slug in slugs:
                    if (taxonomy_name, slug) not in self.terms:
                        problems.append(
                            Problem(
                                subject=subject,
                                field=taxonomy_name,
                                message=f"no term {slug!r} in {taxonomy_name!r}",
                            )
                        )
        for page in site.pages:
            subject = f"page:{page.path}"
            self._check_authors(subject, page.authors, problems)
            if page.parent is not None and page.parent not in self.pages:
                problems.append(Problem(subject=subject, field="parent", message=f"no page {page.parent!r}"))
        seen: dict[str, str] = {}
        entries: list[Post | Page] = [*site.posts, *site.pages]
        urls: dict[str, str] = {}
        for entry in entries:
            if isinstance(entry, Page) and entry.parent is not None and entry.parent not in self.pages:
                continue  # reported above; its URL cannot be made
            subject = f"post:{entry.slug}" if isinstance(entry, Post) else f"page:{entry.path}"
            url = site.url_for(entry)
            if url in urls:
                problems.append(
                    Problem(subject=subject, field="slug", message=f"its URL {url} is also the URL of {urls[url]}")
                )
            urls.setdefault(url, subject)
        for entry in entries:
            subject = f"post:{entry.slug}" if isinstance(entry, Post) else f"page:{entry.path}"
            for alias in entry.aliases:
                owner = urls.get(alias)
                if owner is not None and owner != subject:
                    problems.append(
                        Problem(subject=subject, field="aliases", message=f"{alias!r} is the URL of {owner}")
                    )
                if alias in seen and seen[alias] != subject:
                    problems.append(
                        Problem(
                            subject=subject,
                            field="aliases",
                            message=f"{alias!r} is also an alias of {seen[alias]}",
                        )
                    )
                seen.setdefault(alias, subject)

    def _check_authors(self, subject: str, slugs: Iterable[str], problems: list[Problem]) -> None:
        for slug in slugs:
            if slug not in self.authors:
                problems.append(Problem(subject=subject, field="authors", message=f"no author {slug!r}"))

    def _check_menus(self, site: Site, problems: list[Problem]) -> None:
        for menu in site.menus:
            for position, item in _positions(menu.items):
                subject = f"menu:{menu.name}:{position}"
                if item.page is not None and item.page not in self.pages:
                    problems.append(Problem(subject=subject, field="page", message=f"no page {item.page!r}"))
                if item.post is not None and item.post not in self.posts:
                    problems.append(Problem(subject=subject, field="post", message=f"no post {item.post!r}"))
                if item.term is not None and (item.term.taxonomy, item.term.slug) not in self.terms:
                    problems.append(
                        Problem(
                            subject=subject,
                            field="term",
                            message=f"no term {item.term.slug!r} in {item.term.taxonomy!r}",
                        )
                    )


def _positions(items: tuple[NavItem, ...], prefix: str = "") -> Iterator[tuple[str, NavItem]]:
    for index, item in enumerate(items):
        position = f"{prefix}{index}"
        yield position, item
        yield from _positions(item.children, f"{position}.")


def _unique(items: Iterable[Any], key: Any, kind: str, problems: list[Problem]) -> dict[str, Any]:
    result: dict[str, Any] = {}
    for item in items:
        name = key(item)
        if name in result:
            problems.append(Problem(subject=f"{kind}:{name}", field="slug", message=f"duplicate {kind} {name!r}"))
        result[name] = item
    return result


def _term_cycles(taxonomy: Taxonomy) -> list[Problem]:
    parents = {term.slug: term.parent for term in taxonomy.terms}
    problems: list[Problem] = []
    reported: set[str] = set()
    for start in sorted(parents):
        seen: list[str] = []
        current: str | None = start
        while current is not None and current in parents and current not in seen:
            seen.append(current)
            current = parents[current]
        if current is not None and current in seen and current not in reported:
            cycle = seen[seen.index(current) :]
            reported.update(cycle)
            chain = " → ".join([*cycle, current])
            problems.append(
                Problem(
                    subject=f"term:{taxonomy.name}:{min(cycle)}",
                    field="parent",
                    message=f"the parents of {taxonomy.name!r} form a cycle: {chain}",
                )
            )
    return problems


@frozen(kw_only=True, eq=False)
class Site:
    """A whole website: settings, authors, content, taxonomies and navigation.

    Building a ``Site`` checks that every reference resolves (authors, terms,
    parents, menu targets), that no tree has a cycle and that keys are unique;
    it raises :class:`~coachcontent.InvalidSiteError` listing every problem.
    Sites compare and hash by identity: one ``Site`` is one build's graph.

    :param title: the site's name.
    :param base_url: where it is published, e.g. ``"https://example.com"``.
    :param language: a BCP 47 language tag, e.g. ``"en"`` or ``"de-CH"``.
    :param timezone: IANA timezone; naive dates in content are read in it.
    :param description: one or two sentences about the site.
    :param tagline: a short line shown under the title.
    :param logo: the logo's URL or site path.
    :param as_of: the moment the site is built for; posts dated later are
        "future" posts and left out of queries unless asked for.
    :param posts_per_page: how many posts a listing page holds.
    :param summary_words: length of a summary made from the first words.
    :param tag_cloud_steps: the number of weights a tag cloud uses.
    :param config: the sections of ``site.toml`` that belong to plugins.
    :param source_dir: the site folder it was loaded from, if any.
    :param cache_dir: a folder where plugins may keep what they computed, to reuse
        in the next build of the same site (:func:`~coachcontent.load_site` sets it
        to its load cache's folder), or ``None``: keep nothing.  What is kept there
        must never change a build's result, only its speed.
    """

    title: str = field(validator=v.non_empty)
    base_url: str = field(converter=_base_url, validator=_check_base_url)
    language: str = "en"
    timezone: str = field(default="UTC", validator=v.timezone)
    description: str = ""
    tagline: str = ""
    logo: str | None = field(default=None, validator=v.optional_url)
    as_of: datetime | None = field(default=None, validator=v.optional_aware)
    posts_per_page: int = field(default=10, validator=_positive)
    summary_words: int = field(default=55, validator=_positive)
    tag_cloud_steps: int = field(default=5, validator=_positive)
    authors: tuple[Author, ...] = field(default=(), converter=as_tuple)
    posts: tuple[Post, ...] = field(default=(), converter=as_tuple)
    pages: tuple[Page, ...] = field(default=(), converter=as_tuple)
    taxonomies: tuple[Taxonomy, ...] = field(default=(), converter=_taxonomies)
    menus: tuple[NavTree, ...] = field(default=(), converter=as_tuple)
    link_lists: tuple[LinkList, ...] = field(default=(), converter=as_tuple)
    social: tuple[SocialProfile, ...] = field(default=(), converter=as_tuple)
    urls: UrlScheme = field(factory=UrlScheme)
    config: FrozenDict[str, Any] = field(factory=FrozenDict, converter=frozen_mapping)
    source_dir: str | None = None
    cache_dir: str | None = None
    _index: _Index = field(init=False, repr=False)

    def __attrs_post_init__(self) -> None:
        object.__setattr__(self, "_index", _Index(self))

    # -- lookups -----------------------------------------------------------

    @cached_property
    def zone(self) -> ZoneInfo:
        """The site's timezone as a :class:`zoneinfo.ZoneInfo`."""
        return ZoneInfo(self.timezone)

    def author(self, slug: str) -> Author:
        """The author with ``slug``; :class:`KeyError` when there is none."""
        return self._index.authors[slug]  # type: ignore[no-any-return]

    def post(self, slug: str) -> Post:
        """The post with ``slug`` (drafts and future posts included)."""
        return self._index.posts[slug]  # type: ignore[no-any-return]

    def page(self, path: str) -> Page:
        """The page at tree path ``path``, e.g. ``"about/contact"``."""
        return self._index.pages[path]  # type: ignore[no-any-return]

    def taxonomy(self, name: str) -> Taxonomy:
        """The taxonomy called ``name``."""
        return self._index.taxonomies[name]  # type: ignore[no-any-return]

    def term(self, taxonomy: str, slug: str) -> Term:
        """The term ``slug`` of ``taxonomy``."""
        return self._index.terms[(taxonomy, slug)]

    def menu(self, name: str) -> NavTree:
        """The menu called ``name``."""
        return self._index.menus[name]  # type: ignore[no-any-return]

    def link_list(self, slug: str) -> LinkList:
        """The link list called ``slug``."""
        return self._index.link_lists[slug]  # type: ignore[no-any-return]

    def config_section(self, name: str) -> Mapping[str, Any]:
        """A plugin's section of ``site.toml`` (empty when absent)."""
        section = self.config.get(name)
        return section if isinstance(section, Mapping) else FrozenDict()

    def local(self, moment: datetime) -> datetime:
        """``moment`` in the site's timezone."""
        return moment.astimezone(self.zone)

    # -- posts -------------------------------------------------------------

    def posts_newest_first(self, *, drafts: bool = False, future: bool = False) -> tuple[Post, ...]:
        """Published posts, newest first (then by slug).

        :param drafts: include drafts.
        :param future: include posts dated after :attr:`as_of`.
        """
        if not drafts and not future:
            return self._index.published
        return tuple(
            post
            for post in self._index.all_posts
            if (drafts or not post.draft) and (future or self.as_of is None or post.date <= self.as_of)
        )

    def is_published(self, post: Post) -> bool:
        """Whether ``post`` is neither a draft nor dated in the future."""
        return post.slug in self._index.position and self._index.posts.get(post.slug) is post

    def posts_by_author(self, slug: str) -> tuple[Post, ...]:
        """Published posts by the author ``slug``, newest first."""
        result: tuple[Post, ...] = self._memo(
            ("posts_by_author", slug), lambda: tuple(post for post in self._index.published if slug in post.authors)
        )
        return result

    def previous_post(self, post: Post, *, within: TermRef | None = None) -> Post | None:
        """The next older published post, overall or within the term ``within``."""
        return self._neighbour(post, +1, within)

    def next_post(self, post: Post, *, within: TermRef | None = None) -> Post | None:
        """The next newer published post, overall or within the term ``within``."""
        return self._neighbour(post, -1, within)

    def _neighbour(self, post: Post, step: int, within: TermRef | None) -> Post | None:
        if within is None:
            posts = self._index.published
            index = self._index.position.get(post.slug)
        else:
            posts = self._index.term_posts.get((within.taxonomy, within.slug), ())
            index = next((i for i, p in enumerate(posts) if p.slug == post.slug), None)
        if index is None:
            return None
        target = index + step
        return posts[target] if 0 <= target < len(posts) else None

    # -- taxonomies ----------------------------------------------------------

    def _memo(self, key: tuple[Any, ...], compute: Any) -> Any:
        memo = self._index.memo
        if key not in memo:
            memo[key] = compute()
        return memo[key]

    def term_path(self, taxonomy: str, slug: str) -> str:
        """The slugs from the top of the tree down to the term: ``"business/sales"``."""
        result: str = self._memo(("term_path", taxonomy, slug), lambda: self._term_path(taxonomy, slug))
        return result

    def _term_path(self, taxonomy: str, slug: str) -> str:
        return "/".join(term.slug for term in (*self.term_ancestors(taxonomy, slug), self.term(taxonomy, slug)))

    def term_ancestors(self, taxonomy: str, slug: str) -> tuple[Term, ...]:
        """The term's ancestors, top first."""
        chain: list[Term] = []
        parent = self.term(taxonomy, slug).parent
        while parent is not None:
            term = self.term(taxonomy, parent)
            chain.append(term)
            parent = term.parent
        return tuple(reversed(chain))

    def term_children(self, taxonomy: str, slug: str | None = None) -> tuple[Term, ...]:
        """Direct children of term ``slug``, or the top-level terms when ``slug`` is ``None``."""
        return self._index.term_children.get((taxonomy, slug), ())

    def term_descendants(self, taxonomy: str, slug: str) -> tuple[Term, ...]:
        """Every term below ``slug``, depth first in tree order."""
        result: list[Term] = []
        for child in self.term_children(taxonomy, slug):
            result.append(child)
            result.extend(self.term_descendants(taxonomy, child.slug))
        return tuple(result)

    def term_by_path(self, taxonomy: str, path: str) -> Term:
        """The term whose :meth:`term_path` is ``path``; :class:`KeyError` if none."""
        slug = path.rstrip("/").rsplit("/", 1)[-1]
        term = self.term(taxonomy, slug)
        if self.term_path(taxonomy, slug) != path.rstrip("/"):
            raise KeyError(path)
        return term

    def posts_of(self, taxonomy: str, slug: str, *, descendants: bool = False) -> tuple[Post, ...]:
        """Published posts with the term, newest first; with ``descendants``, those of
        every term below it too (each post once)."""
        direct = self._index.term_posts.get((taxonomy, slug), ())
        if not descendants:
            return direct

        def compute() -> tuple[Post, ...]:
            # Each term's own posts, merged by their place among the published (newest
            # first): the posts of the subtree alone are looked at, not every post.
            index = self._index
            found: dict[str, Post] = {}
            for term in (slug, *(t.slug for t in self.term_descendants(taxonomy, slug))):
                for post in index.term_posts.get((taxonomy, term), ()):
                    found[post.slug] = post
            return tuple(sorted(found.values(), key=lambda post: index.position[post.slug]))

        result: tuple[Post, ...] = self._memo(("posts_of", taxonomy, slug), compute)
        return result

    def term_count(self, taxonomy: str, slug: str, *, descendants: bool = False) -> int:
        """How many published posts have the term (or, with ``descendants``, it or a term below)."""
        return len(self.posts_of(taxonomy, slug, descendants=descendants))

    def term_tree(self, taxonomy: str, *, hide_empty: bool = False) -> tuple[TermNode, ...]:
        """The taxonomy as a tree of :class:`TermNode` with direct and total counts.

        With ``hide_empty``, terms whose subtree has no published post are left out.
        """

        def build(parent: str | None, prefix: str) -> tuple[TermNode, ...]:
            nodes = []
            for term in self.term_children(taxonomy, parent):
                path = f"{prefix}{term.slug}"
                node = TermNode(
                    taxonomy=taxonomy,
                    term=term,
                    path=path,
                    count=self.term_count(taxonomy, term.slug),
                    total=self.term_count(taxonomy, term.slug, descendants=True),
                    children=build(term.slug, f"{path}/"),
                )
                if node.total or not hide_empty:
                    nodes.append(node)
            return tuple(nodes)

        return build(None, "")

    def tag_cloud(
        self, taxonomy: str = "tags", *, steps: int | None = None, limit: int | None = None
    ) -> tuple[TagCloudEntry, ...]:
        """Terms in use with a weight from 1 to ``steps``, ordered by name.

        The weight of a term used by ``c`` posts, where the least and most used
        terms have ``lo`` and ``hi`` posts, is
        ``1 + floor((steps - 1) * (ln c - ln lo) / (ln hi - ln lo) + 1/2)``:
        logarithmic, because use counts follow a long tail; 1 for all when
        ``lo == hi``.  With ``limit``, only the most used terms are kept (ties
        broken by name).  Order: case-folded name, then slug.
        """
        steps = steps or self.tag_cloud_steps
        counted = [
            (term, self.term_count(taxonomy, term.slug))
            for (name, _), term in self._index.terms.items()
            if name == taxonomy
        ]
        counted = [(term, count) for term, count in counted if count > 0]
        if limit is not None:
            counted.sort(key=lambda tc: (-tc[1], tc[0].name.casefold(), tc[0].slug))
            counted = counted[:limit]
        if not counted:
            return ()
        low = math.log(min(count for _, count in counted))
        high = math.log(max(count for _, count in counted))
        entries = []
        for term, count in counted:
            if high == low:
                weight = 1
            else:
                weight = 1 + math.floor((steps - 1) * (math.log(count) - low) / (high - low) + 0.5)
            entries.append(TagCloudEntry(term=term, taxonomy=taxonomy, count=count, weight=weight))
        entries.sort(key=lambda e: (e.term.name.casefold(), e.term.slug))
        return tuple(entries)

    # -- archives -----------------------------------------------------------

    def archives(self, *, monthly: bool = True) -> tuple[Archive, ...]:
        """Published posts grouped by month (or year), newest first."""
        result: tuple[Archive, ...] = self._memo(("archives", monthly), lambda: self._archives(monthly))
        return result

    def _archives(self, monthly: bool) -> tuple[Archive, ...]:
        groups: dict[tuple[int, int | None], list[Post]] = {}
        for post in self._index.published:
            local = self.local(post.date)
            key = (local.year, local.month if monthly else None)
            groups.setdefault(key, []).append(post)
        return tuple(Archive(year=year, month=month, posts=tuple(posts)) for (year, month), posts in groups.items())

    def posts_in(self, year: int, month: int | None = None) -> tuple[Post, ...]:
        """Published posts of ``year`` (and ``month``), in the site's timezone, newest first."""
        for archive in self.archives(monthly=month is not None):
            if archive.year == year and archive.month == month:
                return archive.posts
        return ()

    # -- pages ---------------------------------------------------------------

    def page_children(self, path: str | None = None) -> tuple[Page, ...]:
        """Children of the page at ``path`` (top-level pages for ``None``), by weight then title."""
        return self._index.page_children.get(path, ())

    def page_ancestors(self, path: str) -> tuple[Page, ...]:
        """The page's ancestors, top first."""
        chain: list[Page] = []
        parent = self.page(path).parent
        while parent is not None:
            page = self.page(parent)
            chain.append(page)
            parent = page.parent
        return tuple(reversed(chain))

    def page_tree(self, *, drafts: bool = False) -> tuple[PageNode, ...]:
        """All pages as a tree of :class:`PageNode`, siblings by weight then title."""

        def build(parent: str | None) -> tuple[PageNode, ...]:
            return tuple(
                PageNode(page=page, children=build(page.path))
                for page in self.page_children(parent)
                if drafts or not page.draft
            )

        return build(None)

    # -- URLs ----------------------------------------------------------------

    def url_for(self, obj: Post | Page | Author) -> str:
        """The site path of a post, page or author page, e.g. ``/2024/03/my-post/``."""
        if isinstance(obj, Post):
            # Asked for again and again (cards, links, feeds, share links): remembered by
            # what it depends on, the slug and the moment.
            # (The index is being made while its entries are checked: nothing kept then.)
            index = getattr(self, "_index", None)
            memo: dict[tuple[Any, ...], Any] = index.memo if index is not None else {}
            key = ("post_url", obj.slug, obj.date)
            found: str | None = memo.get(key)
            if found is None:
                local = self.local(obj.date)
                found = memo[key] = self.urls.post.format(
                    year=f"{local.year:04d}",
                    month=f"{local.month:02d}",
                    day=f"{local.day:02d}",
                    slug=obj.slug,
                )
            return found
        if isinstance(obj, Page):
            return self.urls.page.format(path=obj.path, slug=obj.slug)
        if isinstance(obj, Author):
            return self.urls.author.format(slug=obj.slug)
        raise TypeError(f"no URL for {type(obj).__name__}")

    def term_url(self, taxonomy: str, slug: str) -> str:
        """The site path of a term's archive, e.g. ``/category/business/sales/``."""
        result: str = self._memo(("term_url", taxonomy, slug), lambda: self._term_url(taxonomy, slug))
        return result

    def _term_url(self, taxonomy: str, slug: str) -> str:
        declared = self.taxonomy(taxonomy).url
        if declared is not None:
            pattern = declared
        elif taxonomy == "categories":
            pattern = self.urls.category
        elif taxonomy == "tags":
            pattern = self.urls.tag
        else:
            pattern = self.urls.term
        return pattern.format(taxonomy=taxonomy, slug=slug, path=self.term_path(taxonomy, slug))

    def archive_url(self, year: int, month: int | None = None) -> str:
        """The site path of a year's or a month's archive."""
        if month is None:
            return self.urls.year.format(year=f"{year:04d}")
        return self.urls.month.format(year=f"{year:04d}", month=f"{month:02d}")

    def paginated_url(self, url: str, number: int) -> str:
        """The site path of page ``number`` of a listing at ``url`` (page 1 is ``url``)."""
        if number <= 1:
            return url
        return url + self.urls.pagination.format(n=number)

    def absolute_url(self, path: str) -> str:
        """``path`` joined to :attr:`base_url`; absolute URLs are returned unchanged."""
        if not path.startswith("/") or path.startswith("//"):
            return path
        return self.base_url + path

    def nav_url(self, item: NavItem) -> str:
        """Where a menu item points: a site path or an external URL."""
        if item.url is not None:
            return item.url
        if item.page is not None:
            return self.url_for(self.page(item.page))
        if item.post is not None:
            return self.url_for(self.post(item.post))
        assert item.term is not None
        return self.term_url(item.term.taxonomy, item.term.slug)

    def menu_trail(self, menu: str, url: str) -> tuple[NavItem, ...]:
        """The items from the top of ``menu`` down to the one for ``url`` (the active trail).

        An item matches when it points at ``url`` exactly; failing that, the
        item whose site path is the longest prefix of ``url`` is taken (so a
        post under ``/blog/`` marks "Blog").  Empty when nothing matches.
        """
        best: tuple[NavItem, ...] = ()
        best_length = -1
        for here, target in self._menu_targets(menu):
            if target == url:
                length = 1_000_000 + len(here)
            elif target.startswith("/") and target != "/" and url.startswith(target):
                length = len(target)
            else:
                length = -1
            if length > best_length:
                best, best_length = here, length
        return best

    def _menu_targets(self, menu: str) -> tuple[tuple[tuple[NavItem, ...], str], ...]:
        """Each item of ``menu`` (depth first, parents before children) with the trail
        down to it and its site path: worked out once, read for every page."""

        def compute() -> tuple[tuple[tuple[NavItem, ...], str], ...]:
            found: list[tuple[tuple[NavItem, ...], str]] = []

            def visit(items: tuple[NavItem, ...], trail: tuple[NavItem, ...]) -> None:
                for item in items:
                    here = (*trail, item)
                    found.append((here, self.nav_url(item)))
                    visit(item.children, here)

            visit(self.menu(menu).items, ())
            return tuple(found)

        result: tuple[tuple[tuple[NavItem, ...], str], ...] = self._memo(("menu_targets", menu), compute)
        return result

    def breadcrumbs(self, obj: Post | Page | Author | TermRef) -> tuple[Breadcrumb, ...]:
        """Home, then the way down to ``obj``: a page's ancestors, a post's first
        category and its ancestors, a term's ancestors."""
        crumbs = [Breadcrumb(title="Home", url="/")]
        if isinstance(obj, Page):
            crumbs += [Breadcrumb(title=p.title, url=self.url_for(p)) for p in self.page_ancestors(obj.path)]
            crumbs.append(Breadcrumb(title=obj.title, url=self.url_for(obj)))
        elif isinstance(obj, Post):
            if obj.categories:
                category = obj.categories[0]
                for term in (*self.term_ancestors("categories", category), self.term("categories", category)):
                    crumbs.append(Breadcrumb(title=term.name, url=self.term_url("categories", term.slug)))
            crumbs.append(Breadcrumb(title=obj.title, url=self.url_for(obj)))
        elif isinstance(obj, Author):
            crumbs.append(Breadcrumb(title=obj.name, url=self.url_for(obj)))
        else:
            for term in (*self.term_ancestors(obj.taxonomy, obj.slug), self.term(obj.taxonomy, obj.slug)):
                crumbs.append(Breadcrumb(title=term.name, url=self.term_url(obj.taxonomy, term.slug)))
        return tuple(crumbs)
