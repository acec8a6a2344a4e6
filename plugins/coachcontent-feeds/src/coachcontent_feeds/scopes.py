"""What a feed is about (the site, a term, an author), where its files live, and which posts it holds."""

from __future__ import annotations

import weakref
from typing import Literal

from attrs import frozen

from coachcontent import Post, Site
from coachcontent_feeds.podcast import Podcast
from coachcontent_feeds.settings import FORMATS, FeedSettings, Format, feed_settings

#: Media types of the three formats.
MEDIA_TYPES: dict[Format, str] = {
    "rss": "application/rss+xml",
    "atom": "application/atom+xml",
    "json": "application/feed+json",
}
#: How each format is named in titles and link labels.
FORMAT_LABELS: dict[Format, str] = {"rss": "RSS", "atom": "Atom", "json": "JSON Feed"}


@frozen(kw_only=True)
class FeedScope:
    """What one set of feeds covers.

    :param kind: ``"site"``, ``"term"`` or ``"author"``.
    :param taxonomy: the term's taxonomy, for ``kind="term"``.
    :param slug: the term's or author's slug.
    """

    kind: Literal["site", "term", "author"]
    taxonomy: str | None = None
    slug: str | None = None

    @classmethod
    def for_site(cls) -> FeedScope:
        """The feeds of the whole site."""
        return cls(kind="site")

    @classmethod
    def for_term(cls, taxonomy: str, slug: str) -> FeedScope:
        """The feeds of one term (a category, tag, series ...)."""
        return cls(kind="term", taxonomy=taxonomy, slug=slug)

    @classmethod
    def for_author(cls, slug: str) -> FeedScope:
        """The feeds of one author."""
        return cls(kind="author", slug=slug)


@frozen(kw_only=True)
class FeedLink:
    """One feed of a scope, for links and autodiscovery.

    :param format: ``"rss"``, ``"atom"`` or ``"json"``.
    :param url: its site path, e.g. ``"/category/sales/feed.xml"``.
    :param media_type: e.g. ``"application/rss+xml"``.
    :param title: a human title, e.g. ``"Northbridge – Category: Sales (RSS)"``.
    """

    format: Format
    url: str
    media_type: str
    title: str


def _taxonomy_enabled(settings: FeedSettings, taxonomy: str) -> bool:
    if taxonomy == "categories":
        return settings.categories
    if taxonomy == "tags":
        return settings.tags
    return settings.taxonomies


def podcast_of(settings: FeedSettings, scope: FeedScope) -> Podcast | None:
    """The podcast declared for ``scope`` in ``site.toml``, if any."""
    if scope.kind == "site":
        return settings.podcast
    if scope.kind == "term":
        assert scope.taxonomy is not None and scope.slug is not None
        return settings.podcasts.get((scope.taxonomy, scope.slug))
    return None


# Posts by scope, per site: a term's posts with those of its descendants are
# found by a pass over every post, and each scope is asked for by its three
# feeds, by feed_scopes() and by the feed links of every HTML page.
_SCOPE_POSTS: weakref.WeakKeyDictionary[Site, dict[tuple[FeedScope, bool], tuple[Post, ...]]] = (
    weakref.WeakKeyDictionary()
)


def scope_posts(site: Site, settings: FeedSettings, scope: FeedScope) -> tuple[Post, ...]:
    """Every published post of ``scope``, newest first (before the item limit); found once per site."""
    memo = _SCOPE_POSTS.get(site)
    if memo is None:
        memo = _SCOPE_POSTS[site] = {}
    key = (scope, settings.descendants)
    found = memo.get(key)
    if found is None:
        found = memo[key] = _scope_posts(site, settings, scope)
    return found


def _scope_posts(site: Site, settings: FeedSettings, scope: FeedScope) -> tuple[Post, ...]:
    if scope.kind == "site":
        return site.posts_newest_first()
    assert scope.slug is not None
    if scope.kind == "author":
        return site.posts_by_author(scope.slug)
    assert scope.taxonomy is not None
    descendants = settings.descendants and site.taxonomy(scope.taxonomy).hierarchical
    return site.posts_of(scope.taxonomy, scope.slug, descendants=descendants)


def scope_formats(settings: FeedSettings, scope: FeedScope) -> tuple[Format, ...]:
    """The formats written for ``scope``: the enabled ones, and RSS for every podcast."""
    if podcast_of(settings, scope) is not None and "rss" not in settings.formats:
        return tuple(fmt for fmt in FORMATS if fmt in settings.formats or fmt == "rss")
    return settings.formats


def is_written(site: Site, settings: FeedSettings, scope: FeedScope) -> bool:
    """Whether ``scope`` gets feeds: its kind is switched on (or it is a podcast) and it has posts.

    The site's feeds are written even when the site has no post yet.
    """
    podcast = podcast_of(settings, scope) is not None
    if scope.kind == "site":
        return settings.site or podcast
    if scope.kind == "author":
        enabled = settings.authors
    else:
        assert scope.taxonomy is not None
        enabled = _taxonomy_enabled(settings, scope.taxonomy) or podcast
    return enabled and bool(scope_posts(site, settings, scope))


def feed_scopes(site: Site, settings: FeedSettings | None = None) -> tuple[FeedScope, ...]:
    """Every scope that gets feeds: the site, then terms (by taxonomy, then slug), then authors."""
    settings = settings or feed_settings(site)
    candidates = [FeedScope.for_site()]
    for taxonomy in site.taxonomies:
        candidates += [FeedScope.for_term(taxonomy.name, term.slug) for term in sorted(taxonomy.terms, key=_slug)]
    candidates += [FeedScope.for_author(author.slug) for author in sorted(site.authors, key=_slug)]
    return tuple(scope for scope in candidates if is_written(site, settings, scope))


def _slug(obj: object) -> str:
    return str(getattr(obj, "slug", ""))


def _folder(url: str) -> str:
    return url if url.endswith("/") else f"{url}/"


def feed_path(site: Site, settings: FeedSettings, scope: FeedScope, fmt: Format) -> str:
    """The site path of the ``fmt`` feed of ``scope``, e.g. ``"/tag/trust/atom.xml"``."""
    if scope.kind == "site":
        return settings.site_paths[fmt]
    return _folder(scope_page_url(site, scope)) + settings.files[fmt]


def scope_page_url(site: Site, scope: FeedScope) -> str:
    """The site path of the HTML page ``scope`` stands for (home, term archive, author page)."""
    if scope.kind == "site":
        return "/"
    assert scope.slug is not None
    if scope.kind == "author":
        return site.url_for(site.author(scope.slug))
    assert scope.taxonomy is not None
    return site.term_url(scope.taxonomy, scope.slug)


def scope_title(site: Site, scope: FeedScope) -> str:
    """The feed's title: the site's, or ``"Site – Category: Name"``, or ``"Site – Author Name"``."""
    if scope.kind == "site":
        return site.title
    assert scope.slug is not None
    if scope.kind == "author":
        return f"{site.title} – {site.author(scope.slug).name}"
    assert scope.taxonomy is not None
    taxonomy = site.taxonomy(scope.taxonomy)
    label = taxonomy.singular or taxonomy.display_label
    return f"{site.title} – {label}: {site.term(scope.taxonomy, scope.slug).name}"


def scope_description(site: Site, scope: FeedScope) -> str:
    """The feed's description: the site's, the term's or the author's biography."""
    if scope.kind == "site":
        return site.description
    assert scope.slug is not None
    if scope.kind == "author":
        return site.author(scope.slug).bio
    assert scope.taxonomy is not None
    return site.term(scope.taxonomy, scope.slug).description


#: The links of each scope of a site with its own settings: every page asks for the
#: site's (and an archive page for its term's or author's).
_LINKS: weakref.WeakKeyDictionary[Site, dict[FeedScope, tuple[FeedLink, ...]]] = weakref.WeakKeyDictionary()


def feed_links(site: Site, scope: FeedScope, settings: FeedSettings | None = None) -> tuple[FeedLink, ...]:
    """The feeds of ``scope`` (empty when it gets none), in the order RSS, Atom, JSON."""
    if settings is not None:
        return _feed_links(site, scope, settings)
    known = _LINKS.get(site)
    if known is None:
        known = _LINKS[site] = {}
    found = known.get(scope)
    if found is None:
        found = known[scope] = _feed_links(site, scope, feed_settings(site))
    return found


def _feed_links(site: Site, scope: FeedScope, settings: FeedSettings) -> tuple[FeedLink, ...]:
    if not is_written(site, settings, scope):
        return ()
    title = scope_title(site, scope)
    return tuple(
        FeedLink(
            format=fmt,
            url=feed_path(site, settings, scope, fmt),
            media_type=MEDIA_TYPES[fmt],
            title=f"{title} ({FORMAT_LABELS[fmt]})",
        )
        for fmt in scope_formats(settings, scope)
    )


def feed_urls(
    site: Site,
    *,
    taxonomy: str | None = None,
    term: str | None = None,
    author: str | None = None,
) -> tuple[FeedLink, ...]:
    """The feeds of the site, of a term (``taxonomy`` and ``term``) or of an ``author``.

    The public way for themes and other plugins to link feeds::

        for feed in coachcontent_feeds.feed_urls(site, taxonomy="categories", term="sales"):
            print(feed.media_type, feed.url)

    Empty when that scope gets no feeds (switched off in ``[feeds]``, or no posts).
    """
    if author is not None:
        scope = FeedScope.for_author(author)
    elif taxonomy is not None or term is not None:
        if taxonomy is None or term is None:
            raise TypeError("feed_urls: give both taxonomy and term")
        scope = FeedScope.for_term(taxonomy, term)
    else:
        scope = FeedScope.for_site()
    return feed_links(site, scope)
