"""A brute-force reference for related posts, written from the definitions in the README.

It shares nothing with the plugin's index: every pair of posts is scored in
full, O(n²), with plain dictionaries.  Only the settings parser and the word
splitter (``coachcontent_related.words``) are reused; they define the input,
not the scoring.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Mapping
from typing import Any

import coachcontent_related as related

from coachcontent import Post, Site


def _unit(weights: Mapping[str, float], norm: float) -> dict[str, float]:
    return {key: w / norm for key, w in weights.items()} if norm else {}


def _length(weights: Mapping[str, float]) -> float:
    return math.sqrt(sum(w * w for w in weights.values()))


def _nodes(site: Site, taxonomy: str, post: Post) -> set[str]:
    terms = set(post.terms_of(taxonomy))
    if not site.taxonomy(taxonomy).hierarchical:
        return terms
    nodes = set(terms)
    for term in terms:
        nodes.update(ancestor.slug for ancestor in site.term_ancestors(taxonomy, term))
    return nodes


def _slugs(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, list | tuple):
        return [item for item in value if isinstance(item, str)]
    return []


class Reference:
    """Scores of every pair of published posts of ``site``."""

    def __init__(self, site: Site) -> None:
        self.site = site
        self.settings = settings = related.RelatedSettings.from_site(site)
        self.posts = list(site.posts_newest_first())
        n = len(self.posts)
        self.n = n
        top = max(settings.max_df * n, settings.max_df_floor)
        self.groups: list[tuple[float, dict[str, dict[str, float]]]] = []
        for taxonomy in sorted(site.taxonomies, key=lambda t: t.name):
            weight = settings.taxonomy_weight(taxonomy)
            if weight <= 0:
                continue
            nodes = {p.slug: _nodes(site, taxonomy.name, p) for p in self.posts}
            df = Counter(node for found in nodes.values() for node in found)
            vectors = {}
            for slug, found in nodes.items():
                # Every term counts in the length; pruned ones (too common) do not exist.
                weights = {node: math.log(1 + n / df[node]) for node in found if df[node] <= top}
                vectors[slug] = _unit(weights, _length(weights))
            self.groups.append((weight, vectors))
        if settings.text_weight > 0:
            tf: dict[str, Counter[str]] = {}
            for p in self.posts:
                text = related.extract_text(p.body or p.summary)
                counts = Counter(related.words(text, language=settings.language, min_length=settings.min_word_length))
                title = related.words(p.title, language=settings.language, min_length=settings.min_word_length)
                for word in title:
                    counts[word] += settings.title_weight
                tf[p.slug] = counts
            df_words = Counter(word for counts in tf.values() for word in counts)
            vectors = {}
            for slug, counts in tf.items():
                # Keywords: the heaviest words that some other post has too.
                weights = {
                    word: (1 + math.log(count)) * math.log(1 + n / df_words[word])
                    for word, count in counts.items()
                    if 2 <= df_words[word] <= top
                }
                ranked = sorted(weights.items(), key=lambda item: (-item[1], item[0]))
                kept = dict(ranked[: settings.keywords])
                vectors[slug] = _unit(kept, _length(kept))
            self.groups.append((settings.text_weight, vectors))
        reference = site.as_of or (self.posts[0].date if self.posts else None)
        self.recency: dict[str, float] = {}
        for p in self.posts:
            if settings.recency_weight > 0 and reference is not None:
                age = max(0.0, (reference - p.date).total_seconds() / 86400)
                self.recency[p.slug] = settings.recency_weight * 0.5 ** (age / settings.recency_half_life_days)
            else:
                self.recency[p.slug] = 0.0

    def relevance(self, a: str, b: str) -> float:
        """The weighted sum of cosines of the two published posts ``a`` and ``b``."""
        total = 0.0
        for weight, vectors in self.groups:
            va, vb = vectors[a], vectors[b]
            total += weight * sum(x * vb[key] for key, x in va.items() if key in vb)
        return total

    def score(self, a: str, b: str) -> float:
        return self.relevance(a, b) + self.recency[b]

    def ranking(self, post: Post, limit: int) -> list[tuple[str, float, bool]]:
        """``(slug, score, pinned)`` of the related posts of ``post``, best first."""
        published = {p.slug for p in self.posts}
        excluded = set(_slugs(post.extra.get("related_exclude")))
        pinned: list[str] = []
        for slug in _slugs(post.extra.get("related")):
            usable = slug in published and slug not in excluded and slug != post.slug
            if usable and slug not in pinned:
                pinned.append(slug)
        pinned = pinned[:limit]
        result = [(slug, self.score(post.slug, slug), True) for slug in pinned]
        scored = []
        for other in self.posts:
            slug = other.slug
            if slug == post.slug or slug in excluded or slug in pinned:
                continue
            relevance = self.relevance(post.slug, slug)
            # "At least the threshold", give or take rounding (see THRESHOLD_ROUNDING).
            if relevance >= self.settings.threshold - 1e-9 and relevance > 0:
                scored.append((-(relevance + self.recency[slug]), -other.date.timestamp(), slug))
        scored.sort()
        for negative, _, slug in scored[: limit - len(pinned)]:
            result.append((slug, -negative, False))
        return result
