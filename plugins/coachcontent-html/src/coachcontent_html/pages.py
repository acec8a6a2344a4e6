"""Renderers: one module-level function per kind of page.

The build pickles :func:`functools.partial` objects of these with small
arguments (slugs, paths, numbers) and may call them in worker processes;
each looks everything else up through the :class:`~coachcontent.BuildContext`.
"""

from __future__ import annotations

import math
from collections.abc import Iterator, Mapping, Sequence
from functools import lru_cache
from typing import Any, TypeVar

from attrs import frozen
from markupsafe import Markup, escape

from coachcontent import (
    Author,
    Breadcrumb,
    BuildContext,
    NavItem,
    NavTree,
    Page,
    Post,
    ShareLink,
    Site,
    Taxonomy,
    Term,
    TermRef,
    View,
    resolved,
)
from coachcontent_html.dates import month_name
from coachcontent_html.feedlinks import Feed, FeedGroup, archive_feeds
from coachcontent_html.head import head_element
from coachcontent_html.links import safe_href
from coachcontent_html.settings import CallToAction
from coachcontent_html.state import ThemeState, flatten, theme_state

T = TypeVar("T")


# -- small data the templates get ---------------------------------------------


@frozen(kw_only=True)
class Pagination:
    """Where a listing page sits among its siblings.

    :param number: this page, from 1.
    :param count: how many pages the listing has.
    :param urls: the site path of each page, first page first.
    """

    number: int
    count: int
    urls: tuple[str, ...]

    @property
    def previous_url(self) -> str | None:
        """The page before (newer posts), if any."""
        return self.urls[self.number - 2] if self.number > 1 else None

    @property
    def next_url(self) -> str | None:
        """The page after (older posts), if any."""
        return self.urls[self.number] if self.number < self.count else None

    def links(self, end_size: int = 1, mid_size: int = 2) -> tuple[tuple[int, str] | None, ...]:
        """The numbered links to show, as WordPress's ``paginate_links`` picks them.

        The first and last ``end_size`` pages, ``mid_size`` pages either side of
        this one, and ``None`` for each gap between them (shown as "…"), so a
        listing of 500 pages links about 8 of them, not all 500.  A gap of a
        single page shows that page instead.
        """
        ranges = (
            range(1, end_size + 1),
            range(self.number - mid_size, self.number + mid_size + 1),
            range(self.count - end_size + 1, self.count + 1),
        )
        shown = {n for numbers in ranges for n in numbers if 1 <= n <= self.count}
        links: list[tuple[int, str] | None] = []
        previous = 0
        for n in sorted(shown):
            if n - previous == 2:
                links.append((n - 1, self.urls[n - 2]))
            elif n - previous > 2:
                links.append(None)
            links.append((n, self.urls[n - 1]))
            previous = n
        return tuple(links)


def page_count(total: int, per_page: int) -> int:
    """How many listing pages ``total`` items fill (at least one)."""
    return max(1, math.ceil(total / per_page))


@lru_cache(maxsize=4096)
def listing_urls(site: Site, url: str, count: int) -> tuple[str, ...]:
    """The site paths of the ``count`` pages of the listing at ``url``: made once per
    listing, not once per page (a home page of 10,000 pages would make 10,000² otherwise).
    Sites hash by identity, so this is cheap to look up."""
    return tuple(site.paginated_url(url, n) for n in range(1, count + 1))


def paginate(site: Site, url: str, items: Sequence[T], per_page: int, number: int) -> tuple[Sequence[T], Pagination]:
    """The items of page ``number`` of the listing at ``url`` and its :class:`Pagination`."""
    count = page_count(len(items), per_page)
    if not 1 <= number <= count:
        raise ValueError(f"listing {url!r} has {count} page(s), not a page {number}")
    urls = listing_urls(site, url, count)
    start = (number - 1) * per_page
    return items[start : start + per_page], Pagination(number=number, count=count, urls=urls)


@frozen(kw_only=True)
class TermLink:
    """A term with the site path of its archive."""

    term: Term
    url: str


@frozen(kw_only=True)
class TermGroup:
    """The terms of one taxonomy on a post: "Tagged: a, b, c"."""

    taxonomy: Taxonomy
    links: tuple[TermLink, ...]


def links_to(body: str, url: str) -> bool:
    """Whether the HTML ``body`` already links to ``url`` (so the theme need not add a link)."""
    return f'href="{escape(url)}"' in body or f'href="{url}"' in body


def home_order(posts: Sequence[Post]) -> tuple[Post, ...]:
    """Sticky posts first, each group newest first (the order of the home page)."""
    return tuple(sorted(posts, key=lambda post: not post.sticky))


def post_terms(site: Site, post: Post) -> tuple[TermGroup, ...]:
    """The post's terms grouped by taxonomy: categories, then tags, then the others by name."""
    order = {"categories": 0, "tags": 1}
    groups = []
    for name in sorted(post.terms, key=lambda n: (order.get(n, 2), n)):
        links = tuple(
            TermLink(term=site.term(name, slug), url=site.term_url(name, slug))
            for slug in dict.fromkeys(post.terms[name])
        )
        if links:
            groups.append(TermGroup(taxonomy=site.taxonomy(name), links=links))
    return tuple(groups)


def entry_cta(state: ThemeState, entry: Post | Page) -> CallToAction | None:
    """The call to action after an entry: front matter ``cta = {label, url}``
    (``cta = false`` hides it), else the site's ``[html] cta``."""
    own = entry.extra.get("cta")
    if own is False:
        return None
    if isinstance(own, Mapping):
        label, url = own.get("label"), safe_href(own.get("url"))
        if isinstance(label, str) and label.strip() and url:
            return CallToAction(label=label, url=url)
        return None
    return state.settings.cta


class Navigation:
    """Which menu items lead to the page being rendered (``aria-current``).

    :param url: the page's site path.
    :param match: site paths to find the menu's trail for, in order: the
        page itself, a listing's first page, a post's category archives (so
        "Blog" stays marked on its posts).  The first that gives a trail wins.
    """

    def __init__(self, site: Site, url: str, match: Sequence[str] = ()) -> None:
        self._site = site
        self._url = url
        self._match = tuple(dict.fromkeys((url, *match)))
        self._trails: dict[str, tuple[NavItem, ...]] = {}

    def trail(self, menu: NavTree) -> tuple[NavItem, ...]:
        """The active trail of ``menu``: top item first."""
        if menu.name not in self._trails:
            trail: tuple[NavItem, ...] = ()
            for url in self._match:
                trail = self._site.menu_trail(menu.name, url)
                if trail:
                    break
            self._trails[menu.name] = trail
        return self._trails[menu.name]

    def current(self, menu: NavTree, item: NavItem) -> str:
        """``"page"`` for the item of this very page, ``"true"`` for the items
        above it (or above the page, when the menu does not list it), else ``""``."""
        for step in self.trail(menu):
            if step is item:
                return "page" if self._site.nav_url(item) == self._url else "true"
        return ""


# -- rendering --------------------------------------------------------------------


def _head_elements(state: ThemeState, view: View, alternates: Sequence[Feed]) -> list[Markup]:
    results = state.context.hook.coachcontent_head_metadata(site=state.site, view=view)
    seen: set[Markup] = set()
    # Feeds the theme links itself (and a feed a plugin names twice) get one <link rel="alternate">.
    alternate_hrefs = {feed.url for feed in alternates}
    markup = []
    for element in flatten(results):
        rel = getattr(element, "rel", None)
        # The theme writes the one canonical link itself.
        if rel == "canonical":
            continue
        if isinstance(rel, str) and "alternate" in rel.lower().split():
            href = str(getattr(element, "href", ""))
            if href in alternate_hrefs:
                continue
            alternate_hrefs.add(href)
        html = head_element(element)
        if html and html not in seen:  # Markup hashes and compares as its text
            seen.add(html)
            markup.append(html)
    return markup


class PluginVariables(Mapping[str, Any]):
    """The plugins' template variables as ``extra``: a :class:`~coachcontent.Deferred` one
    is worked out when read."""

    __slots__ = ("_variables",)

    def __init__(self, variables: Mapping[str, Any]) -> None:
        self._variables = variables

    def __getitem__(self, key: str) -> Any:
        return resolved(self._variables[key])

    def __iter__(self) -> Iterator[str]:
        return iter(self._variables)

    def __len__(self) -> int:
        return len(self._variables)


def _template_extras(state: ThemeState, view: View, template: str) -> dict[str, Any]:
    results = state.context.hook.coachcontent_template_context(site=state.site, view=view, template=template)
    merged: dict[str, Any] = {}
    # Results come in call order; the first-called (last registered) plugin wins a clash.
    for result in reversed([r for r in results or () if r]):
        merged.update(result)
    return merged


def _render(
    state: ThemeState,
    templates: Sequence[str],
    view: View,
    *,
    breadcrumbs: Sequence[Breadcrumb] = (),
    description: str = "",
    canonical: str | None = None,
    trail_urls: Sequence[str] = (),
    pagination: Pagination | None = None,
    **variables: Any,
) -> str:
    site = state.site
    template = state.template(templates)
    canonical = canonical or site.absolute_url(view.url)
    extra = _template_extras(state, view, template.name or templates[-1])
    page_feeds: FeedGroup | None = archive_feeds(site, view) if state.settings.feeds_from_plugin else None
    alternates = (*state.settings.feeds, *(page_feeds.feeds if page_feeds else ()))
    context: dict[str, Any] = {
        **extra,
        "extra": PluginVariables(extra),
        "site": site,
        "view": view,
        "settings": state.settings,
        "theme": state,
        "nav": Navigation(site, view.url, trail_urls),
        "assets": {name: asset.url for name, asset in state.assets.items()},
        "page_title": view.title,
        "description": description or site.description,
        "canonical": canonical,
        "head_elements": _head_elements(state, view, alternates),
        "page_feeds": page_feeds,
        "alternates": alternates,
        "breadcrumbs": tuple(breadcrumbs),
        "pagination": pagination,
        "search_host": state.host,
        "post_terms": lambda post: post_terms(site, post),
        "links_to": links_to,
        "authors_of": lambda entry: tuple(site.author(slug) for slug in entry.authors),
        **variables,
    }
    return template.render(context)


def _listing_title(title: str, number: int) -> str:
    return title if number == 1 else f"{title} (page {number})"


def render_home(context: BuildContext, *, number: int) -> str:
    """Page ``number`` of the home page: newest posts with summaries, sticky ones first."""
    state = theme_state(context)
    site = state.site
    key = "coachcontent-html:home-order"
    ordered = context.cache.get(key)
    if ordered is None:  # sorted once per build (per worker), not once per home page
        ordered = context.cache[key] = home_order(site.posts_newest_first())
    posts, pagination = paginate(site, "/", ordered, state.settings.posts_per_page, number)
    url = pagination.urls[number - 1]
    title = site.title if number == 1 else f"Latest articles (page {number})"
    view = View(kind="home", url=url, title=title, page_number=number)
    return _render(state, ["home.html"], view, posts=posts, pagination=pagination, trail_urls=["/"])


def render_post(context: BuildContext, *, slug: str) -> str:
    """A post with its meta data, share links, terms, neighbours and related posts."""
    state = theme_state(context)
    site = state.site
    post = site.post(slug)
    url = site.url_for(post)
    view = View(kind="post", url=url, title=post.title, post=post)
    limit = state.settings.related_posts
    related = context.hook.coachcontent_related_posts(site=site, post=post, limit=limit) if limit else None
    share: list[ShareLink] = flatten(context.hook.coachcontent_share_links(site=site, entry=post))
    return _render(
        state,
        ["post.html"],
        view,
        breadcrumbs=site.breadcrumbs(post),
        description=post.summary,
        canonical=post.canonical_url,
        trail_urls=[site.term_url("categories", slug) for slug in post.categories],
        post=post,
        authors=tuple(site.author(a) for a in post.authors),
        terms=post_terms(site, post),
        previous_post=site.previous_post(post),
        next_post=site.next_post(post),
        related=tuple(related or ())[:limit] if limit else (),
        share_links=tuple(share),
        cta=entry_cta(state, post),
    )


def render_page(context: BuildContext, *, path: str) -> str:
    """A page of the page tree, with links to its child pages."""
    state = theme_state(context)
    site = state.site
    page = site.page(path)
    url = site.url_for(page)
    view = View(kind="page", url=url, title=page.title, page=page)
    share: list[ShareLink] = flatten(context.hook.coachcontent_share_links(site=site, entry=page))
    return _render(
        state,
        ["page.html"],
        view,
        breadcrumbs=site.breadcrumbs(page),
        description=page.summary,
        canonical=page.canonical_url,
        page=page,
        children=tuple(p for p in site.page_children(page.path) if not p.draft),
        authors=tuple(site.author(a) for a in page.authors),
        share_links=tuple(share),
        cta=entry_cta(state, page),
    )


def term_posts(site: Site, taxonomy: str, slug: str) -> tuple[Post, ...]:
    """The posts a term's archive lists: those of the term and, in a tree, of its descendants."""
    return site.posts_of(taxonomy, slug, descendants=site.taxonomy(taxonomy).hierarchical)


def render_term(context: BuildContext, *, taxonomy: str, slug: str, number: int) -> str:
    """Page ``number`` of a category, tag or other term's archive, with its child terms."""
    state = theme_state(context)
    site = state.site
    tax = site.taxonomy(taxonomy)
    term = site.term(taxonomy, slug)
    base = site.term_url(taxonomy, slug)
    posts, pagination = paginate(site, base, term_posts(site, taxonomy, slug), state.settings.posts_per_page, number)
    label = tax.singular or tax.display_label
    view = View(
        kind="term",
        url=pagination.urls[number - 1],
        title=_listing_title(f"{label}: {term.name}", number),
        term=TermRef(taxonomy=taxonomy, slug=slug),
        page_number=number,
    )
    children = tuple(
        (child, site.term_url(taxonomy, child.slug), site.term_count(taxonomy, child.slug, descendants=True))
        for child in site.term_children(taxonomy, slug)
    )
    return _render(
        state,
        [f"term-{taxonomy}.html", "term.html"],
        view,
        breadcrumbs=site.breadcrumbs(view.term) if view.term else (),
        description=term.description,
        trail_urls=[base],
        pagination=pagination,
        taxonomy=tax,
        term=term,
        posts=posts,
        child_terms=children,
        parent_term=site.term(taxonomy, term.parent) if term.parent else None,
    )


def render_author(context: BuildContext, *, slug: str, number: int) -> str:
    """Page ``number`` of an author's page: portrait, biography, profiles and posts."""
    state = theme_state(context)
    site = state.site
    author: Author = site.author(slug)
    base = site.url_for(author)
    posts, pagination = paginate(site, base, site.posts_by_author(slug), state.settings.posts_per_page, number)
    view = View(
        kind="author",
        url=pagination.urls[number - 1],
        title=_listing_title(author.name, number),
        author=author,
        page_number=number,
    )
    return _render(
        state,
        ["author.html"],
        view,
        breadcrumbs=site.breadcrumbs(author),
        description=author.bio,
        trail_urls=[base],
        pagination=pagination,
        author=author,
        posts=posts,
    )


def render_archive(context: BuildContext, *, year: int, month: int | None, number: int) -> str:
    """Page ``number`` of a year's or a month's archive."""
    state = theme_state(context)
    site = state.site
    base = site.archive_url(year, month)
    posts, pagination = paginate(site, base, site.posts_in(year, month), state.settings.posts_per_page, number)
    label = f"{year:04d}" if month is None else f"{month_name(month)} {year:04d}"
    view = View(
        kind="archive",
        url=pagination.urls[number - 1],
        title=_listing_title(f"Archive: {label}", number),
        year=year,
        month=month,
        page_number=number,
    )
    crumbs = [Breadcrumb(title="Home", url="/"), Breadcrumb(title=f"{year:04d}", url=site.archive_url(year))]
    if month is not None:
        crumbs.append(Breadcrumb(title=month_name(month), url=base))
    months = tuple(a for a in site.archives() if a.year == year) if month is None else ()
    return _render(
        state,
        ["archive.html"],
        view,
        breadcrumbs=crumbs,
        description=f"Articles published in {label}.",
        trail_urls=[base],
        pagination=pagination,
        year=year,
        month=month,
        archive_label=label,
        months=months,
        posts=posts,
    )


def render_not_found(context: BuildContext) -> str:
    """``/404.html``: a friendly page with the search box and the newest posts."""
    state = theme_state(context)
    view = View(kind="not-found", url="/404.html", title="Page not found")
    return _render(
        state,
        ["404.html"],
        view,
        description="The page you were looking for is not here.",
        posts=state.site.posts_newest_first()[:5],
    )
