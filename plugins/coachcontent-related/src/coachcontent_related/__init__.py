"""Related posts for coachcontent: relevant, explainable and fast on large sites.

Scores combine shared taxonomy terms weighted by rarity, closeness in the
category tree, the words of title and body (TF-IDF cosine) and, optionally,
a preference for recent posts.  Front matter can pin (``related:``) and
exclude (``related_exclude:``) posts.  Everything is computed from an
inverted index built once per site.

>>> import coachcontent_related as related
>>> related.related_posts(site, post)               # doctest: +SKIP
>>> related.explain(site, post, other).contributions  # doctest: +SKIP
"""

from __future__ import annotations

from collections.abc import Mapping

from coachcontent import Post, Site
from coachcontent_related.explain import Contribution, Explanation, explain
from coachcontent_related.index import (
    Feature,
    RelatedIndex,
    Relation,
    front_matter_slugs,
    idf,
    related_index,
)
from coachcontent_related.report import format_explanation, format_ranking
from coachcontent_related.settings import RelatedSettings, config_section
from coachcontent_related.stopwords import STOP_WORDS, stop_words
from coachcontent_related.text import extract_text, tokens, words


def related_posts(site: Site, post: Post, limit: int | None = None) -> tuple[Post, ...]:
    """The related posts of ``post``, best first (pinned ones first of all).

    :param limit: at most this many, capped by the ``limit`` setting; ``None``
        uses the setting.
    """
    return related_index(site).related(post, limit)


def rank(site: Site, post: Post, limit: int | None = None) -> tuple[Relation, ...]:
    """Like :func:`related_posts`, with each post's score and relevance."""
    return related_index(site).ranking(post, limit)


def all_related(site: Site, limit: int | None = None) -> Mapping[str, tuple[Post, ...]]:
    """The related posts of every published post, by slug."""
    rankings = related_index(site).all_rankings(limit)
    return {slug: tuple(r.post for r in relations) for slug, relations in rankings.items()}


__all__ = [
    "STOP_WORDS",
    "Contribution",
    "Explanation",
    "Feature",
    "RelatedIndex",
    "RelatedSettings",
    "Relation",
    "all_related",
    "config_section",
    "explain",
    "extract_text",
    "format_explanation",
    "format_ranking",
    "front_matter_slugs",
    "idf",
    "rank",
    "related_index",
    "related_posts",
    "stop_words",
    "tokens",
    "words",
]
