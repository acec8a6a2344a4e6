"""Feed entries prepared once per post: text made XML-safe, links absolute, ids and dates fixed.

A post appears in many feeds (the site's, each of its terms', its authors',
each in three formats); its entry is prepared once per site and process and
shared by all of them.
"""

from __future__ import annotations

import weakref
from collections.abc import Iterable
from datetime import datetime
from typing import Any

from attrs import field, frozen

from coachcontent import Post, Site
from coachcontent_feeds.errors import FeedError
from coachcontent_feeds.ids import entry_id
from coachcontent_feeds.markup import absolute_links
from coachcontent_feeds.podcast import Episode, read_episode, source_name
from coachcontent_feeds.settings import feed_settings
from coachcontent_feeds.text import has_illegal_characters, xml_safe


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

    ``formatted`` keeps what writers make of the entry on first use (its dates
    in RFC 822 or RFC 3339, its JSON Feed object), so the many feeds a post
    is in format it once.  It takes no part in comparisons.
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
    formatted: dict[Any, Any] = field(factory=dict, init=False, eq=False, repr=False, hash=False)


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
    """What is prepared once per site: entries by post slug, categories by term, people by slug."""

    def __init__(self, site: Site) -> None:
        self.site = site
        self.settings = feed_settings(site)
        self.items: dict[str, FeedItem] = {}
        self.categories: dict[tuple[str, str], Category] = {}
        # The categories of posts with the same terms: one tuple, made once.
        self.category_sets: dict[tuple[tuple[str, tuple[str, ...]], ...], tuple[Category, ...]] = {}
        self.people: dict[str, Person] = {}
        self.taxonomy_order = {taxonomy.name: index for index, taxonomy in enumerate(site.taxonomies)}

    def item(self, post: Post) -> FeedItem:
        """The entry of ``post`` (made once)."""
        found = self.items.get(post.slug)
        if found is None:
            found = self.items[post.slug] = self._prepare(post)
        return found

    def person(self, slug: str) -> Person:
        """The author ``slug`` (made once)."""
        found = self.people.get(slug)
        if found is None:
            found = self.people[slug] = person(self.site, slug)
        return found

    def category(self, taxonomy: str, slug: str) -> Category:
        """The term ``slug`` of ``taxonomy`` as a category (made once)."""
        key = (taxonomy, slug)
        found = self.categories.get(key)
        if found is None:
            name = xml_safe(self.site.term(taxonomy, slug).name, where=f"term {taxonomy}/{slug}", field="name")
            found = Category(name=name, scheme=taxonomy_scheme(self.site, taxonomy), taxonomy=taxonomy, slug=slug)
            self.categories[key] = found
        return found

    def categories_of(self, post: Post) -> tuple[Category, ...]:
        """The post's terms as categories: taxonomies in the site's order, each slug once."""
        terms = post.terms
        key = tuple((name, terms[name]) for name in terms)
        found = self.category_sets.get(key)
        if found is None:
            order = self.taxonomy_order
            found = tuple(
                self.category(name, slug)
                for name, slugs in sorted(key, key=lambda pair: order.get(pair[0], len(order)))
                if name in order
                for slug in dict.fromkeys(slugs)
            )
            self.category_sets[key] = found
        return found

    def _prepare(self, post: Post) -> FeedItem:
        site = self.site
        settings = self.settings
        url = site.absolute_url(site.url_for(post))
        title, summary, body = post.title, post.summary, post.body
        # The checks for characters XML cannot carry, inlined: xml_safe() warns when one is found.
        if has_illegal_characters(summary):
            summary = xml_safe(summary, where=source_name(post), field="summary")
        summary_html = absolute_links(summary, url)
        content_html = ""
        if settings.full_content:
            if has_illegal_characters(body):
                body = xml_safe(body, where=source_name(post), field="body")
            content_html = absolute_links(body, url)
        if has_illegal_characters(title):
            title = xml_safe(title, where=source_name(post), field="title")
        episode = None
        if post.extra:
            episode, problems = read_episode(site, post)
            if problems:
                raise FeedError(problems)
        date = post.date
        updated = post.updated if post.updated is not None and post.updated > date else date
        return FeedItem(
            id=entry_id(post, settings.authority),
            title=title,
            url=url,
            external_url=post.canonical_url,
            published=date,
            updated=updated,
            authors=tuple([self.person(slug) for slug in post.authors]),
            categories=self.categories_of(post) if post.terms else (),
            summary_html=summary_html,
            content_html=content_html,
            image=site.absolute_url(post.image.src) if post.image is not None else None,
            episode=episode,
        )


def prepared(site: Site) -> _Prepared:
    """The entries, categories and people of ``site`` prepared so far (one set per site and process)."""
    found = _PREPARED.get(site)
    if found is None:
        found = _PREPARED[site] = _Prepared(site)
    return found


def feed_item(site: Site, post: Post) -> FeedItem:
    """The entry of ``post`` (prepared once per site and process)."""
    return prepared(site).item(post)


def feed_items(site: Site, posts: Iterable[Post]) -> tuple[FeedItem, ...]:
    """The entries of ``posts``, in their order (each prepared once per site and process)."""
    item = prepared(site).item
    return tuple([item(post) for post in posts])


def check_episodes(site: Site) -> None:
    """Raise :class:`FeedError` listing every published post whose ``audio`` is unusable."""
    problems: list[str] = []
    for post in site.posts_newest_first():
        problems += read_episode(site, post)[1]
    if problems:
        raise FeedError(problems)
