"""Fallback for related posts: most shared terms, then newest, then slug.

In a term with many posts (more than ``2 * NEIGHBOURS + 1``), only the
:data:`NEIGHBOURS` posts on each side of the post, by date, count.  A term
that large says little about what relates two of its posts, and walking all
of it for every post would make a build grow with the square of the site: a
100,000-post site whose categories hold 5,000 posts each would walk 500
million postings.  With the window each post walks a bounded number.
"""

from __future__ import annotations

from bisect import bisect_left
from collections import Counter
from heapq import nsmallest
from itertools import groupby
from operator import itemgetter

from coachcontent.models.entry import Post
from coachcontent.models.site import Site
from coachcontent.plugins import hookimpl

#: Posts on each side of a post, by date, that count in a large term.
NEIGHBOURS = 50


def _near(site: Site, taxonomy: str, slug: str, post: Post) -> tuple[str, ...]:
    """The slugs of the posts of the term that count for ``post``: all of them, or in a
    large term the :data:`NEIGHBOURS` on each side of where ``post`` is (or would be) in it."""

    def slugs() -> tuple[str, ...]:
        return tuple(other.slug for other in site.posts_of(taxonomy, slug))

    def keys() -> list[tuple[float, str]]:
        return [other.sort_key for other in site.posts_of(taxonomy, slug)]

    found: tuple[str, ...] = site._memo(("core.related:slugs", taxonomy, slug), slugs)
    if len(found) <= 2 * NEIGHBOURS + 1:
        return found
    ordered: list[tuple[float, str]] = site._memo(("core.related:keys", taxonomy, slug), keys)
    at = bisect_left(ordered, post.sort_key)
    return found[max(0, at - NEIGHBOURS) : at + NEIGHBOURS + 1]


@hookimpl(trylast=True)
def coachcontent_related_posts(site: Site, post: Post, limit: int) -> list[Post]:
    """Posts sharing the most terms with ``post``; used when no plugin answers."""
    shared: Counter[str] = Counter()
    for taxonomy, slugs in post.terms.items():
        for slug in slugs:
            shared.update(_near(site, taxonomy, slug, post))
    shared.pop(post.slug, None)
    if limit <= 0 or not shared:
        return []
    sort_key: dict[str, tuple[float, str]] = site._memo(
        ("core.related:sort-keys",), lambda: {other.slug: other.sort_key for other in site.posts_newest_first()}
    )
    # Most shared first; within a count, newest then slug.  Only the counts needed are sorted.
    ranked = sorted(shared.items(), key=itemgetter(1), reverse=True)
    chosen: list[str] = []
    for _, group in groupby(ranked, key=itemgetter(1)):
        chosen.extend(nsmallest(limit - len(chosen), (slug for slug, _ in group), key=sort_key.__getitem__))
        if len(chosen) >= limit:
            break
    return [site.post(slug) for slug in chosen]
