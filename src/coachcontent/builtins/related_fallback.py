"""Fallback for related posts: most shared terms, then newest, then slug."""

from __future__ import annotations

from collections import Counter

from coachcontent.models.entry import Post
from coachcontent.models.site import Site
from coachcontent.plugins import hookimpl


@hookimpl(trylast=True)
def coachcontent_related_posts(site: Site, post: Post, limit: int) -> list[Post]:
    """Posts sharing the most terms with ``post``; used when no plugin answers."""
    shared: Counter[str] = Counter()
    for taxonomy, slugs in post.terms.items():
        for slug in slugs:
            for other in site.posts_of(taxonomy, slug):
                if other.slug != post.slug:
                    shared[other.slug] += 1
    ranked = sorted(shared, key=lambda s: (-shared[s], site.post(s).sort_key))
    return [site.post(slug) for slug in ranked[:limit]]
