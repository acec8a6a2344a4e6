"""Which URLs a sitemap lists, and when each last changed.

Listed: the home page, every published post and page, the archive of every
term with published posts, the page of every author with posts and the
date archives, each switchable in ``[sitemap]``.  Left out: drafts, future
posts, entries marked ``noindex`` (front matter ``noindex: true``,
``sitemap: false`` or a ``robots`` value containing ``noindex``), entries
whose ``canonical_url`` points at another address (search engines want
canonical URLs only) and paths under ``exclude``.

``lastmod`` comes from the content (``updated``, else ``date``): for a list
page, the newest of the posts it lists; a page without dates has none.
Never the clock.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from datetime import datetime
from urllib.parse import quote

from attrs import frozen

from coachcontent import Page, Post, Site
from coachcontent_sitemap.settings import SitemapSettings, sitemap_settings

# Characters kept as they are in a <loc>; anything else (spaces, non-ASCII) is percent-encoded.
_LOC_SAFE = ":/?#[]@!$&'()*+,;=%~-._"
# A URL made of these only (most are) is its own <loc>: ``quote`` would give it back unchanged.
_PLAIN_LOC = re.compile(r"[A-Za-z0-9:/?#\[\]@!$&'()*+,;=%~\-._]*")


@frozen(kw_only=True)
class SitemapUrl:
    """One ``<url>`` of a sitemap.

    :param loc: the absolute, percent-encoded URL.
    :param lastmod: when its content last changed, if known.
    """

    loc: str
    lastmod: datetime | None = None


def is_noindex(entry: Post | Page) -> bool:
    """Whether the entry asks to stay out of search engines (and so out of the sitemap)."""
    extra = entry.extra
    robots = extra.get("robots")
    return (
        extra.get("noindex") is True
        or extra.get("sitemap") is False
        or (isinstance(robots, str) and "noindex" in robots.lower())
    )


def changed(entry: Post | Page) -> datetime | None:
    """When ``entry`` last changed: ``updated`` when later than ``date``, else ``date``."""
    if entry.updated is not None and (entry.date is None or entry.updated > entry.date):
        return entry.updated
    return entry.date


def newest(posts: Iterable[Post]) -> datetime | None:
    """The latest change among ``posts`` (``None`` for none)."""
    return max((changed(post) or post.date for post in posts), default=None)


def _excluded(path: str, settings: SitemapSettings) -> bool:
    return any(path == rule or (rule.endswith("/") and path.startswith(rule)) for rule in settings.exclude)


def _elsewhere(site: Site, entry: Post | Page, url: str) -> bool:
    return entry.canonical_url is not None and entry.canonical_url != url


def _candidates(site: Site, settings: SitemapSettings) -> Iterator[tuple[str, datetime | None, Post | Page | None]]:
    posts = site.posts_newest_first()
    if settings.home:
        yield "/", newest(posts), None
    if settings.posts:
        for post in posts:
            yield site.url_for(post), changed(post), post
    if settings.pages:
        for page in sorted(site.pages, key=lambda p: p.path):
            if page.draft or any(ancestor.draft for ancestor in site.page_ancestors(page.path)):
                continue
            yield site.url_for(page), changed(page), page
    if settings.terms:
        for taxonomy in site.taxonomies:
            for term in sorted(taxonomy.terms, key=lambda t: t.slug):
                listed = site.posts_of(taxonomy.name, term.slug, descendants=taxonomy.hierarchical)
                if listed or settings.empty_terms:
                    yield site.term_url(taxonomy.name, term.slug), newest(listed), None
    if settings.authors:
        for author in sorted(site.authors, key=lambda a: a.slug):
            listed = site.posts_by_author(author.slug)
            if listed:
                yield site.url_for(author), newest(listed), None
    if settings.archives != "none":
        kinds = {"both": (False, True), "yearly": (False,), "monthly": (True,)}[settings.archives]
        for monthly in kinds:
            for archive in site.archives(monthly=monthly):
                yield site.archive_url(archive.year, archive.month), newest(archive.posts), None


def sitemap_urls(site: Site, settings: SitemapSettings | None = None) -> tuple[SitemapUrl, ...]:
    """Every URL the site's sitemap lists, in a fixed order (home, posts newest first,
    pages, terms, authors, archives), each once."""
    settings = settings or sitemap_settings(site)
    seen: set[str] = set()
    result: list[SitemapUrl] = []
    for path, lastmod, entry in _candidates(site, settings):
        if _excluded(path, settings):
            continue
        url = site.absolute_url(path)
        if entry is not None and (is_noindex(entry) or _elsewhere(site, entry, url)):
            continue
        loc = url if _PLAIN_LOC.fullmatch(url) else quote(url, safe=_LOC_SAFE)
        if loc not in seen:
            seen.add(loc)
            result.append(SitemapUrl(loc=loc, lastmod=lastmod))
    return tuple(result)
