"""Feed entries prepared once per post: text made XML-safe, links absolute, ids and dates fixed.

A post appears in many feeds (the site's, each of its terms', its authors',
each in three formats); its entry is prepared once per site and process and
shared by all of them.
"""

from __future__ import annotations

import weakref
from datetime import datetime

from attrs import frozen

from coachcontent import Post, Site
from coachcontent_feeds.errors import FeedError
from coachcontent_feeds.ids import entry_id
from coachcontent_feeds.markup import absolute_links
from coachcontent_feeds.podcast import Episode, read_episode, source_name
from coachcontent_feeds.settings import FeedSettings, feed_settings
from coachcontent_feeds.text import xml_safe


@frozen(kw_only=True)
class Person:
    """An author as feeds name one."""

    name: str
    email: str | None = None
    url: str | None = None
    avatar: str | None = None


@frozen(kw_only=True)
class Category:
    """A term of an entry: its name, and the scheme (IRI) of its taxonomy."""

    name: str
    scheme: str
    taxonomy: str
    slug: str


@frozen(kw_only=True)
class FeedItem:
    """One post, ready to be written in any format.

    :param id: the permanent entry id (see :mod:`coachcontent_feeds.ids`).
    :param url: the absolute URL of the post on the site.
    :param external_url: the canonical original published elsewhere, if any.
    :param published: the post's date.
    :param updated: when it last changed: ``updated``, or the date (never the clock).
    :param summary_html: the summary, links absolute.
    :param content_html: the body, links absolute (empty when feeds carry summaries only).
    :param image: the absolute URL of the post's image.
    :param episode: the audio attachment, for podcast episodes.
    """

    id: str
    title: str
    url: str
    external_url: str | None
    published: datetime
    updated: datetime
    authors: tuple[Person, ...]
    categories: tuple[Category, ...]
    summary_html: str
    content_html: str
    image: str | None
    episode: Episode | None


_PREPARED: weakref.WeakKeyDictionary[Site, _Prepared] = weakref.WeakKeyDictionary()


def taxonomy_scheme(site: Site, taxonomy: str) -> str:
    """The scheme IRI of a taxonomy's categories: the absolute URL its term archives start with.

    ``https://example.com/category/`` for the default category URLs; the site's
    URL with ``#<taxonomy>`` when the archive pattern starts with a placeholder.
    """
    declared = site.taxonomy(taxonomy).url
    if declared is not None:
        pattern = declared
    elif taxonomy == "categories":
        pattern = site.urls.category
    elif taxonomy == "tags":
        pattern = site.urls.tag
    else:
        pattern = site.urls.term.replace("{taxonomy}", taxonomy)
    prefix = pattern.split("{", 1)[0]
    if prefix in ("", "/"):
        return f"{site.base_url}/#{taxonomy}"
    return site.absolute_url(prefix)


def person(site: Site, slug: str) -> Person:
    """The author ``slug`` as a :class:`Person`, names made XML-safe."""
    author = site.author(slug)
    return Person(
        name=xml_safe(author.name, where=f"author {slug}", field="name"),
        email=author.email or None,
        url=site.absolute_url(author.url) if author.url else None,
        avatar=site.absolute_url(author.image) if author.image else None,
    )


class _Prepared:
    """What is prepared once per site: entries by post slug, categories by term."""

    def __init__(self) -> None:
        self.items: dict[str, FeedItem] = {}
        self.categories: dict[tuple[str, str], Category] = {}
        self.people: dict[str, Person] = {}

    def person(self, site: Site, slug: str) -> Person:
        """The author ``slug`` (made once)."""
        found = self.people.get(slug)
        if found is None:
            found = self.people[slug] = person(site, slug)
        return found


def _category(site: Site, taxonomy: str, slug: str, cache: dict[tuple[str, str], Category]) -> Category:
    key = (taxonomy, slug)
    category = cache.get(key)
    if category is None:
        name = xml_safe(site.term(taxonomy, slug).name, where=f"term {taxonomy}/{slug}", field="name")
        category = Category(name=name, scheme=taxonomy_scheme(site, taxonomy), taxonomy=taxonomy, slug=slug)
        cache[key] = category
    return category


def _prepare(site: Site, settings: FeedSettings, post: Post, prepared: _Prepared) -> FeedItem:
    where = source_name(post)
    url = site.absolute_url(site.url_for(post))
    categories = tuple(
        _category(site, taxonomy.name, slug, prepared.categories)
        for taxonomy in site.taxonomies
        for slug in dict.fromkeys(post.terms_of(taxonomy.name))
    )
    summary_html = absolute_links(xml_safe(post.summary, where=where, field="summary"), url)
    content_html = ""
    if settings.full_content:
        content_html = absolute_links(xml_safe(post.body, where=where, field="body"), url)
    episode, problems = read_episode(site, post)
    if problems:
        raise FeedError(problems)
    updated = post.updated if post.updated is not None and post.updated > post.date else post.date
    return FeedItem(
        id=entry_id(post, settings.authority),
        title=xml_safe(post.title, where=where, field="title"),
        url=url,
        external_url=post.canonical_url,
        published=post.date,
        updated=updated,
        authors=tuple(prepared.person(site, slug) for slug in post.authors),
        categories=categories,
        summary_html=summary_html,
        content_html=content_html,
        image=site.absolute_url(post.image.src) if post.image is not None else None,
        episode=episode,
    )


def feed_item(site: Site, post: Post) -> FeedItem:
    """The entry of ``post`` (prepared once per site and process)."""
    prepared = _PREPARED.get(site)
    if prepared is None:
        prepared = _PREPARED[site] = _Prepared()
    item = prepared.items.get(post.slug)
    if item is None:
        item = prepared.items[post.slug] = _prepare(site, feed_settings(site), post, prepared)
    return item


def check_episodes(site: Site) -> None:
    """Raise :class:`FeedError` listing every published post whose ``audio`` is unusable."""
    problems: list[str] = []
    for post in site.posts_newest_first():
        problems += read_episode(site, post)[1]
    if problems:
        raise FeedError(problems)
