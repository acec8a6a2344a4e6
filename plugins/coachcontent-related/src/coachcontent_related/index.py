"""The related-posts index: every published post's features, inverted, built once per site.

Scoring, for a post ``a`` and a candidate ``b`` (the README works an example)::

    relevance = Σ over the features f that a and b share:  weight(f) · x_a(f) · x_b(f)
    score     = relevance + recency_weight · 0.5 ^ (age(b) / half-life)

A feature is a term of a flat taxonomy (a tag), a node of a hierarchical
one (a category, or any of its ancestors: that is how closeness in the
tree counts), or a word.  ``x_p`` is a unit vector per taxonomy and one for
the text: a term or node weighs ``idf = ln(1 + N / df)``, a word
``(1 + ln tf) · idf``, and the post's ``keywords`` heaviest words that
other posts use too represent it.  So relevance is a weighted sum of
cosines.  Terms and words that too many posts have (``max_df``) are
pruned, as Hugo does.

Speed: a query walks the posting lists of its own features, those that
can add most per posting first, and stops as soon as the features left
could not lift a post it has not met yet over the threshold, nor into the
top ``limit`` (the MaxScore idea of search engines).  The posts it met that
could still make it are then scored exactly from their own vectors.  So
the long lists of common terms, common words and big categories are not
walked, and the work per post stays nearly flat as the site grows.
Results are exact all the same.
"""

from __future__ import annotations

import math
import threading
import weakref
from array import array
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import datetime
from heapq import heappush, heapreplace, nlargest
from itertools import compress, count, repeat
from operator import ge, mul
from pathlib import PurePath
from typing import Any

from attrs import frozen

from coachcontent import Post, Site, Taxonomy
from coachcontent_related.settings import RelatedSettings
from coachcontent_related.stopwords import stop_words
from coachcontent_related.text import extract_text, tokens

#: Posting lists this short are always walked; longer ones only while they can matter.
_SHORT = 64

#: Below any real word weight (idf ≥ ln 2 and tf ≥ 1 make a weight ≥ 0.69).
_TINY = 1e-9

#: Relevance this close below the threshold still reaches it: sums of the same
#: numbers in another order differ in their last bits, and a threshold of 0.5
#: must not depend on whether 0.5 came out as 0.49999999999999994.
THRESHOLD_ROUNDING = 1e-9

#: Names of the signals.
TERMS, TREE, TEXT, RECENCY = "terms", "tree", "text", "recency"


@frozen(kw_only=True)
class Feature:
    """Something two posts can share: a term of a flat taxonomy, a node of a
    hierarchical one, or a word.

    :param signal: ``"terms"``, ``"tree"`` or ``"text"``.
    :param taxonomy: the taxonomy of a term; empty for a word.
    :param key: the term's slug, or the word.
    :param df: how many published posts have it.
    :param idf: ``ln(1 + N / df)`` with ``N`` published posts.
    """

    signal: str
    taxonomy: str
    key: str
    df: int
    idf: float


@frozen(kw_only=True)
class Relation:
    """One related post with its score.

    :param post: the related post.
    :param score: relevance plus the recency bonus.
    :param relevance: what the content has in common.
    :param pinned: chosen in front matter (``related:``) rather than scored.
    """

    post: Post
    score: float
    relevance: float
    pinned: bool = False


def front_matter_slugs(value: Any) -> tuple[str, ...]:
    """The names in a ``related:`` or ``related_exclude:`` front-matter value.

    Accepts one name or a list of them (slugs, or file names); anything else
    is ignored.
    """
    if isinstance(value, str):
        return (value.strip(),) if value.strip() else ()
    if isinstance(value, Sequence):
        return tuple(item.strip() for item in value if isinstance(item, str) and item.strip())
    return ()


def _chains(taxonomy: Taxonomy) -> dict[str, tuple[str, ...]]:
    parents = {term.slug: term.parent for term in taxonomy.terms}
    chains: dict[str, tuple[str, ...]] = {}
    for slug in parents:
        chain: list[str] = []
        node: str | None = slug
        while node is not None and node in parents and node not in chain:
            chain.append(node)
            node = parents[node]
        chains[slug] = tuple(reversed(chain))
    return chains


def idf(posts: int, df: int) -> float:
    """The inverse document frequency used everywhere here: ``ln(1 + posts / df)``."""
    return math.log(1.0 + posts / df)


class RelatedIndex:
    """Everything needed to rank related posts for any post of one site.

    Build it with :func:`related_index`, which keeps one per site.  Rankings
    are memoised per post, so a build asks for each post's relatives once.
    """

    def __init__(self, site: Site, settings: RelatedSettings | None = None) -> None:
        # A weak reference: the per-site cache must not keep its key alive.
        self._site = weakref.ref(site)
        self.settings = settings or RelatedSettings.from_site(site)
        self.posts: tuple[Post, ...] = site.posts_newest_first()
        self.position: dict[str, int] = {post.slug: i for i, post in enumerate(self.posts)}
        self.as_of = site.as_of
        n = len(self.posts)
        self.prune_above = self.settings.prune_above(n)
        self.features: list[Feature] = []
        self._scale: list[float] = []
        self._group: list[int] = []
        self._groups: dict[str, int] = {}
        self._term_feature: dict[tuple[str, str], int] = {}
        self._term_df: dict[str, Counter[str]] = {}
        self._word_feature: dict[str, int] = {}
        self._stop = stop_words(self.settings.language)
        taxonomies = sorted(site.taxonomies, key=lambda t: t.name)
        self.taxonomy_labels = {t.name: t.display_label for t in taxonomies}
        self.taxonomy_weights = {t.name: self.settings.taxonomy_weight(t) for t in taxonomies}
        #: Hierarchical taxonomies: term slug -> the slugs from the top down to it.
        self.chains: dict[str, dict[str, tuple[str, ...]]] = {t.name: _chains(t) for t in taxonomies if t.hierarchical}
        self._taxonomies = [t.name for t in taxonomies if self.taxonomy_weights[t.name] > 0]
        vectors: list[list[tuple[int, float]]] = [[] for _ in range(n)]
        for name in self._taxonomies:
            self._add_terms(name, vectors)
        if self.settings.text_weight > 0:
            self._add_words(vectors)
        self._vector_features: list[tuple[int, ...]] = []
        self._vector_values: list[tuple[float, ...]] = []
        self._postings: list[list[int]] = [[] for _ in self.features]
        self._posting_values: list[list[float]] = [[] for _ in self.features]
        for position, vector in enumerate(vectors):
            features = tuple(f for f, _ in vector)
            values = tuple(x for _, x in vector)
            self._vector_features.append(features)
            self._vector_values.append(values)
            for feature, value in zip(features, values, strict=True):
                self._postings[feature].append(position)
                self._posting_values[feature].append(value)
            vectors[position] = []  # keep the peak low on big sites
        del vectors
        self._max_value = [max(values, default=0.0) for values in self._posting_values]
        self.recency = self._recency()
        self._recency_max = max(self.recency, default=0.0)
        self._memo: dict[int, tuple[int, tuple[Relation, ...]]] = {}
        self._by_file: dict[str, int] | None = None

    # -- building ------------------------------------------------------------

    @property
    def site(self) -> Site:
        """The site this index was built for (while it is alive)."""
        site = self._site()
        if site is None:
            raise RuntimeError("the site of this related-posts index no longer exists")
        return site

    def _new_feature(self, signal: str, taxonomy: str, key: str, df: int, scale: float) -> int:
        self.features.append(Feature(signal=signal, taxonomy=taxonomy, key=key, df=df, idf=idf(len(self.posts), df)))
        self._scale.append(scale)
        # Features of one taxonomy, or the words, form one unit vector: a group.
        self._group.append(self._groups.setdefault(taxonomy, len(self._groups)))
        return len(self.features) - 1

    def nodes(self, taxonomy: str, post: Post) -> tuple[str, ...]:
        """The post's terms in ``taxonomy`` and, in a hierarchical one, all their ancestors."""
        terms = post.terms_of(taxonomy)
        chains = self.chains.get(taxonomy)
        if chains is None:
            return tuple(sorted(set(terms)))
        return tuple(sorted({node for term in terms for node in chains.get(term, (term,))}))

    def _add_terms(self, taxonomy: str, vectors: list[list[tuple[int, float]]]) -> None:
        per_post = [self.nodes(taxonomy, post) for post in self.posts]
        df: Counter[str] = Counter(slug for nodes in per_post for slug in nodes)
        self._term_df[taxonomy] = df
        signal = TREE if taxonomy in self.chains else TERMS
        weight = self.taxonomy_weights[taxonomy]
        # Terms only one post has are features too: they relate nothing among the
        # published posts, but a draft being previewed can share them.
        for slug in sorted(df):
            if df[slug] <= self.prune_above:
                feature = self._new_feature(signal, taxonomy, slug, df[slug], weight)
                self._term_feature[(taxonomy, slug)] = feature
        for position, nodes in enumerate(per_post):
            vectors[position].extend(self._term_vector(taxonomy, nodes))

    def _term_vector(self, taxonomy: str, nodes: Iterable[str]) -> list[tuple[int, float]]:
        """The unit vector of the post's nodes (pruned ones left out)."""
        df = self._term_df[taxonomy]
        n = len(self.posts)
        weights = []
        every = []
        for slug in nodes:
            count = df.get(slug, 0)
            if count > self.prune_above:
                continue
            weight = idf(n, max(count, 1))
            every.append(weight)
            feature = self._term_feature.get((taxonomy, slug))
            if feature is not None:
                weights.append((feature, weight))
        return _unit(weights, math.hypot(*every))

    def counts(self, post: Post) -> Counter[str]:
        """Occurrences of each token of the post's title and body (stop words included)."""
        counts = Counter(tokens(extract_text(post.body or post.summary)))
        if self.settings.title_weight:
            counts.update(tokens(post.title) * self.settings.title_weight)
        return counts

    def _add_words(self, vectors: list[list[tuple[int, float]]]) -> None:
        # Pass 1: count every token of every post once, keeping each post's counts
        # as two compact arrays of raw word ids, so that pass 2 knows the df of all.
        vocabulary: defaultdict[str, int] = defaultdict(count().__next__)
        lookup = vocabulary.__getitem__
        df: Counter[int] = Counter()
        raw_ids: list[array[int] | None] = []
        raw_counts: list[array[int] | None] = []
        for post in self.posts:
            counts = self.counts(post)
            ids = list(map(lookup, counts))
            df.update(ids)
            raw_ids.append(array("i", ids))
            raw_counts.append(array("I", counts.values()))
        words = list(vocabulary)
        del vocabulary
        most = max((max(c) for c in raw_counts if c), default=1)
        n = len(self.posts)
        minimum = self.settings.min_word_length
        # Keywords are chosen among the words two posts or more share (a word no
        # other post has relates nothing, and would take a keyword's place), and
        # are not pruned.  Per raw id: their idf (0 for other words), and minus
        # their feature number (equal weights: alphabetical order).
        shared = sorted(
            (word, raw)
            for raw, word in enumerate(words)
            if 2 <= df[raw] <= self.prune_above and len(word) >= minimum and word not in self._stop
        )
        raw_idf = [0.0] * len(words)
        raw_rank = [1] * len(words)
        scale = self.settings.text_weight
        for word, raw in shared:
            feature = self._new_feature(TEXT, "", word, df[raw], scale)
            self._word_feature[word] = feature
            raw_idf[raw] = idf(n, df[raw])
            raw_rank[raw] = -feature
        log_tf = [0.0] + [1.0 + math.log(k) for k in range(1, most + 1)]
        keep = self.settings.keywords
        number = list(range(len(self.features)))
        for position in range(n):
            ids_of_post = raw_ids[position]
            counts_of_post = raw_counts[position]
            assert ids_of_post is not None and counts_of_post is not None
            weights = list(
                map(
                    mul,
                    map(raw_idf.__getitem__, ids_of_post),
                    map(log_tf.__getitem__, counts_of_post),
                )
            )
            ranks = map(raw_rank.__getitem__, ids_of_post)
            # The keyword cut-off first (sorting floats is cheap), then sort only the
            # words above it; all of it in C (heapq.nlargest loops in Python).
            if len(weights) > keep:
                cutoff = max(sorted(weights)[-keep], _TINY)
                candidates = compress(zip(weights, ranks, strict=True), map(ge, weights, repeat(cutoff)))
            else:
                candidates = compress(zip(weights, ranks, strict=True), weights)
            top = sorted(candidates, reverse=True)[:keep]
            # number[-rank]: the one int object of each feature, not a new one per post.
            vectors[position].extend(_unit([(number[-rank], w) for w, rank in top]))
            raw_ids[position] = raw_counts[position] = None  # free as we go: big sites hold a lot of words

    def _word_vector(self, post: Post) -> list[tuple[int, float]]:
        """The keyword vector of a post that is not in the index (a draft, say)."""
        weighted = []
        for word, tf in self.counts(post).items():
            feature = self._word_feature.get(word)
            if feature is not None:
                weighted.append((self.features[feature].idf * (1.0 + math.log(tf)), -feature))
        top = nlargest(self.settings.keywords, weighted)
        return _unit([(-rank, w) for w, rank in top])

    def _recency(self) -> list[float]:
        weight = self.settings.recency_weight
        if weight <= 0 or not self.posts:
            return [0.0] * len(self.posts)
        reference = self.as_of or self.posts[0].date
        half_life = self.settings.recency_half_life_days
        return [weight * 0.5 ** (self.age_days(post, reference) / half_life) for post in self.posts]

    @staticmethod
    def age_days(post: Post, reference: datetime) -> float:
        """Days from ``post``'s date back from ``reference``, never negative."""
        return max(0.0, (reference - post.date).total_seconds() / 86400.0)

    # -- queries ---------------------------------------------------------------

    def vector(self, post: Post) -> tuple[tuple[int, ...], tuple[float, ...]]:
        """The post's features and their unit-vector values, by feature number."""
        position = self._indexed(post)
        if position is not None:
            return self._vector_features[position], self._vector_values[position]
        vector: list[tuple[int, float]] = []
        for name in self._taxonomies:
            vector.extend(self._term_vector(name, self.nodes(name, post)))
        if self.settings.text_weight > 0:
            vector.extend(self._word_vector(post))
        return tuple(f for f, _ in vector), tuple(x for _, x in vector)

    def feature_weight(self, feature: int) -> float:
        """The weight of the signal a feature belongs to (its taxonomy's, or ``text_weight``)."""
        return self._scale[feature]

    def _indexed(self, post: Post) -> int | None:
        position = self.position.get(post.slug)
        if position is not None and self.posts[position] is not post and self.posts[position] != post:
            return None
        return position

    def resolve(self, name: str) -> int | None:
        """The position of the published post with slug ``name``, or whose file is named
        ``name`` (``2024-05-01-pricing.md`` or ``2024-05-01-pricing``)."""
        position = self.position.get(name)
        if position is not None:
            return position
        if self._by_file is None:
            stems: dict[str, list[int]] = defaultdict(list)
            for i, post in enumerate(self.posts):
                if post.source_path:
                    path = PurePath(post.source_path)
                    stems[path.stem].append(i)
                    stems[path.name].append(i)
            self._by_file = {stem: found[0] for stem, found in stems.items() if len(found) == 1}
        return self._by_file.get(name)

    def pins(self, post: Post) -> tuple[list[int], set[int]]:
        """Positions of the post's pinned posts (in front-matter order) and excluded ones."""
        excluded = {
            position
            for name in front_matter_slugs(post.extra.get("related_exclude"))
            if (position := self.resolve(name)) is not None
        }
        pinned: list[int] = []
        for name in front_matter_slugs(post.extra.get("related")):
            position = self.resolve(name)
            if position is None or position in excluded or position in pinned:
                continue
            if self.posts[position].slug == post.slug:
                continue
            pinned.append(position)
        return pinned, excluded

    def limit_for(self, limit: int | None) -> int:
        """The number of posts to show: ``limit`` capped by the ``limit`` setting."""
        return self.settings.limit if limit is None else max(0, min(limit, self.settings.limit))

    def _kth_best(self, acc: dict[int, float], wanted: int, skip: set[int]) -> float:
        """A lower bound of the final ``wanted``-th best score (scores only grow from here,
        and the recency bonus is never negative)."""
        ranked = sorted(acc.values())
        for position in skip:
            value = acc.get(position)
            if value is not None:
                ranked.remove(value)
        threshold = self.settings.threshold
        # Room for rounding: the walk adds in another order than the final sums.
        if len(ranked) < wanted or ranked[-wanted] < threshold + 1e-9 * max(1.0, threshold):
            return -math.inf
        return ranked[-wanted]

    def _bounds(
        self,
        query: list[tuple[float, int, float]],
        features: tuple[int, ...],
        values: tuple[float, ...],
    ) -> list[float]:
        """For each i, at most what the features ``query[i:]`` add to any one post's score.

        Per group (a taxonomy, or the words) the smaller of two bounds: the sum of
        the features' own bounds, and by Cauchy–Schwarz the group's weight times the
        length of the query's part of the group's vector.  With room for rounding.
        """
        linear: dict[int, float] = {}
        squares: dict[int, float] = {}
        part: dict[int, float] = {}
        left = [0.0] * (len(query) + 1)
        value_of = dict(zip(features, values, strict=True))
        total = 0.0
        group_of = self._group
        scale = self._scale
        for i in range(len(query) - 1, -1, -1):
            bound, feature, _ = query[i]
            group = group_of[feature]
            linear[group] = linear.get(group, 0.0) + bound
            squares[group] = squares.get(group, 0.0) + value_of[feature] ** 2
            new = min(linear[group], scale[feature] * math.sqrt(squares[group]))
            total += new - part.get(group, 0.0)
            part[group] = new
            left[i] = total * (1 + 1e-9) + 1e-12
        return left

    def _scored(self, post: Post, wanted: int, skip: set[int]) -> list[tuple[float, int, float]]:
        """``(-score, position, relevance)`` of the best ``wanted`` candidates, best first."""
        features, values = self.vector(post)
        scale = self._scale
        most = self._max_value
        postings_of = self._postings
        short = _SHORT
        # (long?, -bound per posting, feature, bound, query weight): the feature adds at
        # most `bound` to any post.  Short lists first, then those that add most per
        # posting; the common features (long lists, low idf) come last, where they
        # can be left unwalked.
        ordered = sorted(
            (
                (len(postings) > short, -bound / len(postings), f, bound, weight)
                for f, x in zip(features, values, strict=True)
                for weight in (scale[f] * x,)
                for bound in (weight * most[f],)
                for postings in (postings_of[f],)
            )
        )
        query = [(bound, f, weight) for _, _, f, bound, weight in ordered]
        left = self._bounds(query, features, values)
        # Relevance within rounding of the threshold counts as reaching it.
        threshold = self.settings.threshold - THRESHOLD_ROUNDING
        newest = self._recency_max
        acc: dict[int, float] = {}
        get = acc.get
        kth = -math.inf
        unchecked = 0
        rest = 0.0
        for i, (_, feature, weight) in enumerate(query):
            # At most what the features from i on can add to any post, with room for rounding.
            rest = left[i]
            if rest < threshold:
                break
            postings = postings_of[feature]
            # Finding the wanted-th best costs about as much as walking len(acc) / 2
            # postings: do it when that much was walked since, or before a long list.
            if len(acc) >= wanted and 2 * max(unchecked, len(postings)) >= len(acc):
                kth = self._kth_best(acc, wanted, skip)
                unchecked = 0
            if rest + newest < kth - 1e-9 * max(1.0, abs(kth)):
                # A post not met yet can no longer reach the top `wanted`.
                break
            for position, other in zip(postings, self._posting_values[feature], strict=True):
                acc[position] = get(position, 0.0) + weight * other
            unchecked += len(postings)
        else:
            rest = 0.0
        if len(acc) >= wanted:
            kth = self._kth_best(acc, wanted, skip)
        # A post met so far gains at most `rest` more; keep those that could still make it.
        cut = max(threshold - rest, kth - rest - newest)
        cut -= 1e-9 * max(1.0, abs(cut))
        partials = list(acc.values())
        hopefuls = sorted(
            compress(zip(partials, acc, strict=True), map(ge, partials, repeat(cut))),
            reverse=True,
        )
        # Score them exactly, most promising first, until the next cannot beat the
        # `wanted`-th; summed in feature order, as explanations are.
        weight_of = self._query_weights(features, values).get
        vector_features = self._vector_features
        vector_values = self._vector_values
        recency = self.recency
        best: list[tuple[float, int, float]] = []  # min-heap of (score, -position, relevance)
        for partial, position in hopefuls:
            if len(best) == wanted:
                floor = best[0][0]
                if partial + rest + newest < floor - 1e-9 * max(1.0, abs(floor)):
                    break
            if position in skip:
                continue
            relevance = _dot(weight_of, vector_features[position], vector_values[position])
            if relevance < threshold or relevance <= 0.0:
                continue
            item = (relevance + recency[position], -position, relevance)
            if len(best) < wanted:
                heappush(best, item)
            elif item > best[0]:
                heapreplace(best, item)
        return sorted((-score, -negative, relevance) for score, negative, relevance in best)

    def _query_weights(self, features: tuple[int, ...], values: tuple[float, ...]) -> dict[int, float]:
        scale = self._scale
        return {f: scale[f] * x for f, x in zip(features, values, strict=True)}

    def query_weights(self, post: Post) -> dict[int, float]:
        """The post's features with their weight times their vector value."""
        return self._query_weights(*self.vector(post))

    def pair_scores(
        self,
        post: Post,
        position: int,
        vector: tuple[tuple[int, ...], tuple[float, ...]] | None = None,
    ) -> tuple[float, float]:
        """``(relevance, score)`` of the indexed post at ``position`` for ``post``."""
        features, values = vector or self.vector(post)
        weight_of = self._query_weights(features, values).get
        relevance = _dot(weight_of, self._vector_features[position], self._vector_values[position])
        return relevance, relevance + self.recency[position]

    def ranking(self, post: Post, limit: int | None = None) -> tuple[Relation, ...]:
        """The posts related to ``post``, best first: pinned ones, then the highest scores.

        ``limit`` is capped by the ``limit`` setting; ``None`` uses the setting.
        Ties go to the newer post, then to the slug.
        """
        return self._ranking(post, self.limit_for(limit))

    def full_ranking(self, post: Post) -> tuple[Relation, ...]:
        """Every post above the threshold, pinned first, in ranking order (no limit)."""
        return self._ranking(post, len(self.posts))

    def _ranking(self, post: Post, wanted: int) -> tuple[Relation, ...]:
        position = self._indexed(post)
        if position is not None:
            memo = self._memo.get(position)
            if memo is not None and memo[0] >= wanted:
                return memo[1][:wanted]
        pinned, excluded = self.pins(post)
        pinned = pinned[:wanted]
        skip = excluded | set(pinned)
        if position is not None:
            skip.add(position)
        relations = [
            Relation(post=self.posts[p], score=score, relevance=relevance, pinned=True)
            for p in pinned
            for relevance, score in (self.pair_scores(post, p),)
        ]
        remaining = wanted - len(pinned)
        if remaining > 0:
            for negative_score, p, relevance in self._scored(post, remaining, skip):
                relations.append(Relation(post=self.posts[p], score=-negative_score, relevance=relevance))
        result = tuple(relations)
        if position is not None:
            self._memo[position] = (wanted, result)
        return result

    def related(self, post: Post, limit: int | None = None) -> tuple[Post, ...]:
        """The related posts of ``post`` without their scores."""
        return tuple(relation.post for relation in self.ranking(post, limit))

    def all_rankings(self, limit: int | None = None) -> Mapping[str, tuple[Relation, ...]]:
        """The ranking of every published post, by slug (computed once, then reused)."""
        wanted = self.limit_for(limit)
        return {post.slug: self._ranking(post, wanted) for post in self.posts}


def dot(query: Mapping[int, float], features: Iterable[int], values: Iterable[float]) -> float:
    """``Σ query[f] · value`` over the features both have, added in the order of ``features``.

    Every score and every explanation is summed by this one function, so that
    an explanation's parts add up to its score to the last bit.
    """
    return _dot(query.get, features, values)


def _dot(weight_of: Callable[[int, float], float], features: Iterable[int], values: Iterable[float]) -> float:
    # In C: a feature the query lacks multiplies 0.0, and adding 0.0 changes no sum.
    return float(sum(map(mul, map(weight_of, features, repeat(0.0)), values)))


def _unit(weighted: list[tuple[int, float]], norm: float | None = None) -> list[tuple[int, float]]:
    """``weighted`` divided by ``norm`` (by default its own length), ordered by feature."""
    if not weighted:
        return []
    if norm is None:
        norm = math.hypot(*[w for _, w in weighted])
    return sorted([(feature, w / norm) for feature, w in weighted])


_CACHE: weakref.WeakKeyDictionary[Site, RelatedIndex] = weakref.WeakKeyDictionary()
_LOCK = threading.Lock()


def related_index(site: Site) -> RelatedIndex:
    """The index of ``site``, built on first use and kept for as long as the site lives.

    Sites hash by identity, so each loaded site (each build) gets its own.
    """
    with _LOCK:
        index = _CACHE.get(site)
        if index is None:
            index = RelatedIndex(site)
            _CACHE[site] = index
        return index
