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

Speed: the vectors are the rows of a sparse matrix, and its transpose is
the inverted index.  Words are counted in bulk (:mod:`.wordcount`), and
the related posts of a batch of posts come from sparse products that walk
only the posting lists that can matter (:mod:`.topk`), then exact scores
of the few posts that can make it.  Results are exactly those of scoring
every pair.  Each post's ranking is computed once, with those of its batch.
"""

from __future__ import annotations

import math
import os
import threading
import weakref
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from datetime import datetime
from functools import partial, reduce
from heapq import nlargest
from itertools import chain, repeat
from operator import add, mul
from pathlib import PurePath
from typing import Any, TypeVar, overload

import numpy as np
import scipy.sparse as sparse  # type: ignore[import-untyped,unused-ignore]
from attrs import fields, frozen

from coachcontent import Post, Site, Taxonomy
from coachcontent_related import snapshot
from coachcontent_related.settings import RelatedSettings
from coachcontent_related.stopwords import stop_words
from coachcontent_related.text import extract_text, tokens
from coachcontent_related.topk import BATCH, Floats, Found, Ints, Postings, best
from coachcontent_related.wordcache import WordCache
from coachcontent_related.wordcount import Batch, WordCounts, count_words

#: Relevance this close below the threshold still reaches it: sums of the same
#: numbers in another order differ in their last bits, and a threshold of 0.5
#: must not depend on whether 0.5 came out as 0.49999999999999994.
THRESHOLD_ROUNDING = 1e-9

T = TypeVar("T")
R = TypeVar("R")
#: A related post found: its position, relevance and score.
Entry = tuple[int, float, float]

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


# Relations are made by the hundred thousand (every post's ranking, in a build):
# setting their slots directly takes less than half the time of the attrs
# ``__init__``, which has nothing to convert or validate here.
_RELATION_FIELDS = ("post", "score", "relevance", "pinned")
if tuple(field.name for field in fields(Relation)) != _RELATION_FIELDS:  # pragma: no cover
    raise TypeError("Relation's fields changed: update _RELATION_FIELDS and RelatedIndex._relations")
_set_post, _set_score, _set_relevance, _set_pinned = (Relation.__dict__[name].__set__ for name in _RELATION_FIELDS)


class Features(Sequence[Feature]):
    """The numbered features of an index (a :class:`Feature` is made when asked for).

    Features of one taxonomy, or the words, form one unit vector: a group,
    with one weight.
    """

    def __init__(self) -> None:
        self.keys: list[str] = []
        self.df: list[int] = []
        self.idf: list[float] = []
        #: Per feature, its group; per group, its signal, taxonomy and weight.
        self.group: list[int] = []
        self.signals: list[str] = []
        self.taxonomies: list[str] = []
        self.weights: list[float] = []

    def add(self, signal: str, taxonomy: str, weight: float, keys: list[str], df: list[int], idf: list[float]) -> int:
        """Number a new group of features; returns the number of the first."""
        first = len(self.keys)
        group = len(self.signals)
        self.signals.append(signal)
        self.taxonomies.append(taxonomy)
        self.weights.append(weight)
        self.keys.extend(keys)
        self.df.extend(df)
        self.idf.extend(idf)
        self.group.extend(repeat(group, len(keys)))
        return first

    def weight(self, feature: int) -> float:
        """The weight of the feature's group (its taxonomy's, or ``text_weight``)."""
        return self.weights[self.group[feature]]

    def __len__(self) -> int:
        return len(self.keys)

    @overload
    def __getitem__(self, index: int) -> Feature: ...

    @overload
    def __getitem__(self, index: slice) -> Sequence[Feature]: ...

    def __getitem__(self, index: int | slice) -> Feature | Sequence[Feature]:
        if isinstance(index, slice):
            return [self[i] for i in range(len(self))[index]]
        group = self.group[index]
        return Feature(
            signal=self.signals[group],
            taxonomy=self.taxonomies[group],
            key=self.keys[index],
            df=self.df[index],
            idf=self.idf[index],
        )

    def __iter__(self) -> Iterator[Feature]:
        return (self[i] for i in range(len(self)))


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


def _bits(value: int) -> int:
    return max(1, int(value).bit_length())


def idf(posts: int, df: int) -> float:
    """The inverse document frequency used everywhere here: ``ln(1 + posts / df)``."""
    return math.log(1.0 + posts / df)


def _length(weights: Iterable[float]) -> float:
    """The length of a vector: ``√(Σ w²)``, the squares added one at a time, heaviest first,
    from 0, so that the same weights in any order make the same length.

    The index computes its posts' lengths so, in bulk (:func:`_unit_entries`).
    """
    return math.sqrt(reduce(add, [w * w for w in sorted(weights, reverse=True)], 0.0))


def _unit_entries(
    posts: Ints, features: Ints, weights: Floats, sizes: Ints, heaviest_first: bool = False
) -> tuple[Ints, Ints, Floats]:
    """Posts' vectors (``sizes`` weights each, none negative) as unit vectors, their
    lengths as :func:`_length` computes them (thread-safe).

    :param heaviest_first: each post's weights come heaviest first already.
    """
    owner = np.repeat(np.arange(len(sizes), dtype=np.int64), sizes)
    squares = weights * weights
    if heaviest_first:
        order = np.arange(len(weights))
    else:
        # By post, then heaviest first: one sort of 64-bit keys.
        distinct, inverse = np.unique(weights, return_inverse=True)
        rank = len(distinct) - 1 - inverse.ravel()
        order = np.argsort(owner << _bits(len(distinct)) | rank)
    # np.bincount adds each post's squares in the order given, from 0.
    lengths = np.sqrt(np.bincount(owner[order], weights=squares[order], minlength=len(sizes)))
    values: Floats = weights / lengths[owner]
    return posts, features, values


class _Entries:
    """The nonzero values of the posts' vectors, gathered group by group."""

    def __init__(self) -> None:
        #: Per part: posts (grouped, ascending), features, values.
        self.parts: list[tuple[Ints, Ints, Any]] = []

    def add(self, posts: Ints, features: Ints, weights: Floats, sizes: Ints) -> None:
        """Entries of unit vectors: ``weights`` per post (``sizes`` of them each, in the order
        they are to be added up for the length), divided by that length.  ``posts`` are
        grouped, in ascending order."""
        self.parts.append(_unit_entries(posts, features, weights, sizes))

    def matrix(self, posts: int, features: int) -> Any:
        """Posts × features (CSR, features ascending in each row; 32-bit indexes where they fit)."""
        counts = np.zeros(posts, dtype=np.int64)
        for post, _, _ in self.parts:
            counts += np.bincount(post, minlength=posts)
        size = int(counts.sum())
        index = np.int32 if max(size, posts, features) < 2**31 else np.int64
        starts: Ints = np.zeros(posts + 1, dtype=np.int64)
        np.cumsum(counts, out=starts[1:])
        indices = np.empty(size, dtype=index)
        data = np.empty(size, dtype=np.float64)
        filled = np.zeros(posts, dtype=np.int64)
        while self.parts:
            post, feature, value = self.parts.pop(0)
            group = np.flatnonzero(np.diff(post, prepend=-1))
            place = np.arange(len(post)) - np.repeat(group, np.diff(group, append=len(post)))
            at = starts[post] + filled[post] + place
            indices[at] = feature
            data[at] = value
            filled += np.bincount(post, minlength=posts)
        matrix = sparse.csr_array((data, indices, starts.astype(index)), shape=(posts, features))
        matrix.has_sorted_indices = False
        matrix.sort_indices()
        return matrix


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
        self.features = Features()
        self._term_feature: dict[tuple[str, str], int] = {}
        self._term_df: dict[str, Counter[str]] = {}
        self._word_features: dict[str, int] | None = None
        #: How many posts' words came from the words kept from earlier builds
        #: (:mod:`coachcontent_related.wordcache`) rather than being counted.
        self.words_reused = 0
        taxonomies = sorted(site.taxonomies, key=lambda t: t.name)
        self.taxonomy_labels = {t.name: t.display_label for t in taxonomies}
        self.taxonomy_weights = {t.name: self.settings.taxonomy_weight(t) for t in taxonomies}
        #: Hierarchical taxonomies: term slug -> the slugs from the top down to it.
        self.chains: dict[str, dict[str, tuple[str, ...]]] = {t.name: _chains(t) for t in taxonomies if t.hierarchical}
        self._taxonomies = [t.name for t in taxonomies if self.taxonomy_weights[t.name] > 0]
        entries = _Entries()
        # The words are counted (NumPy, on threads) while the terms are numbered (Python).
        with ThreadPoolExecutor(1, thread_name_prefix="coachcontent-related") as background:
            counting = background.submit(self._count_words) if self.settings.text_weight > 0 else None
            for name in self._taxonomies:
                self._add_terms(name, entries)
            self._first_word = len(self.features)
            if counting is not None:
                self._add_words(entries, counting.result())
        self.recency = self._recency()
        #: The posts' unit vectors (posts × features), and with the features' weights.
        self._x = entries.matrix(n, len(self.features))
        self._scale = np.array(self.features.weights, dtype=np.float64)[np.array(self.features.group, dtype=np.int64)]
        self._w = sparse.csr_array(
            (self._scale[self._x.indices] * self._x.data, self._x.indices, self._x.indptr), shape=self._x.shape
        )
        self._postings = Postings.of(
            self._x,
            np.array(self.features.group, dtype=np.int64),
            np.array(self.features.weights, dtype=np.float64),
            np.array(self.recency, dtype=np.float64),
        )
        #: The batches ranked (at the ``limit`` setting), and per post of theirs the
        #: positions of its scored relatives (-1 beyond them), their relevances and scores,
        #: and its pinned relatives if it has any.
        self._ranked: set[int] = set()
        self._related: Ints | None = None
        self._values: Floats | None = None
        self._pinned: dict[int, list[Entry]] = {}
        #: Rankings made one post at a time (longer than ``limit``): wanted, pinned, scored.
        self._memo: dict[int, tuple[int, list[Entry], list[Entry]]] = {}
        self._batch = batch_size(len(self.posts))
        # Batches follow the postings' order: posts that share features are ranked together.
        self._batch_of = np.empty(n, dtype=np.int64)
        self._batch_of[self._postings.order] = np.arange(n, dtype=np.int64) // self._batch
        self._all_ranked = False
        #: How many posts' rankings :meth:`rank_all` kept from the site's previous build.
        self.reused = 0
        self._by_file: dict[str, int] | None = None
        self._pinning: set[int] | None = None

    # -- building ------------------------------------------------------------

    @property
    def site(self) -> Site:
        """The site this index was built for (while it is alive)."""
        site = self._site()
        if site is None:
            raise RuntimeError("the site of this related-posts index no longer exists")
        return site

    def nodes(self, taxonomy: str, post: Post) -> tuple[str, ...]:
        """The post's terms in ``taxonomy`` and, in a hierarchical one, all their ancestors."""
        terms = post.terms_of(taxonomy)
        chains = self.chains.get(taxonomy)
        if chains is None:
            return tuple(sorted(set(terms)))
        return tuple(sorted({node for term in terms for node in chains.get(term, (term,))}))

    def _add_terms(self, taxonomy: str, entries: _Entries) -> None:
        n = len(self.posts)
        terms = [post.terms_of(taxonomy) for post in self.posts]
        if taxonomy in self.chains:
            known: dict[tuple[str, ...], tuple[str, ...]] = {}
            for item, mine in zip(self.posts, terms, strict=True):
                if mine not in known:
                    known[mine] = self.nodes(taxonomy, item)
            terms = [known[mine] for mine in terms]
        # Each post's nodes, numbered in slug order, without repeats (as nodes() gives them).
        flat = list(chain.from_iterable(terms))
        slugs = sorted(set(flat))
        number = {slug: i for i, slug in enumerate(slugs)}
        node = np.fromiter(map(number.__getitem__, flat), dtype=np.int64, count=len(flat))
        post = np.repeat(np.arange(n, dtype=np.int64), [len(mine) for mine in terms])
        pairs = np.sort(post * max(1, len(slugs)) + node)
        pairs = pairs[np.concatenate([[True], pairs[1:] != pairs[:-1]])] if len(pairs) else pairs
        post, node = pairs // max(1, len(slugs)), pairs % max(1, len(slugs))
        df = np.bincount(node, minlength=len(slugs))
        self._term_df[taxonomy] = Counter(dict(zip(slugs, df.tolist(), strict=True)))
        # Terms only one post has are features too: they relate nothing among the
        # published posts, but a draft being previewed can share them.
        kept = np.flatnonzero(df <= self.prune_above)
        counts = df[kept].tolist()
        weights = [idf(n, count) for count in counts]
        signal = TREE if taxonomy in self.chains else TERMS
        names = [slugs[i] for i in kept.tolist()]
        first = self.features.add(signal, taxonomy, self.taxonomy_weights[taxonomy], names, counts, weights)
        self._term_feature.update({(taxonomy, slug): first + i for i, slug in enumerate(names)})
        feature_of = np.full(len(slugs), -1, dtype=np.int64)
        feature_of[kept] = np.arange(len(kept), dtype=np.int64)
        feature = feature_of[node]
        used = feature >= 0
        post, feature = post[used], feature[used]
        weight = np.array(weights, dtype=np.float64)[feature]
        entries.add(post, feature + first, weight, np.bincount(post, minlength=n))

    def _term_vector(self, taxonomy: str, nodes: Iterable[str]) -> list[tuple[int, float]]:
        """The unit vector of the nodes of a post that is not in the index (pruned ones left out)."""
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
        return _unit(weights, _length(every))

    def counts(self, post: Post) -> Counter[str]:
        """Occurrences of each token of the post's title and body (stop words included)."""
        counts = Counter(tokens(extract_text(post.body or post.summary)))
        if self.settings.title_weight:
            counts.update(tokens(post.title) * self.settings.title_weight)
        return counts

    def _text(self, post: Post) -> str:
        """Body and title, the title ``title_weight`` times: the tokens that :meth:`counts` counts."""
        return _post_text(self.settings.title_weight, post)

    def _count_words(self) -> WordCounts:
        site = self._site()
        counted = None
        if site is not None:
            with _COUNTING_LOCK:
                counting = _COUNTING.pop(site, None)
            if counting is not None and counting[0] == _words_key(self.settings):
                counted = counting[1]()  # None if that failed: counted here
        if counted is None:
            counted = _count(self.posts, self.settings, None if site is None else site.cache_dir)
        self.words_reused = counted.reused
        return counted

    def _add_words(self, entries: _Entries, counted: WordCounts) -> None:
        settings = self.settings
        n = len(self.posts)
        df = counted.df()
        # Keywords are chosen among the words two posts or more share (a word no
        # other post has relates nothing, and would take a keyword's place), and
        # are not pruned.  Stop words and short words are not counted at all.
        shared = np.flatnonzero((df >= 2) & (df <= self.prune_above)).tolist()
        words = counted.words
        shared.sort(key=words.__getitem__)
        counts = df[shared]
        # Words weigh idf(df) · (1 + ln tf): few distinct df and tf, so the weights are
        # ranked once, as a table by (df, tf), rather than sorted batch after batch.
        dfs = np.flatnonzero(np.bincount(counts)) if len(counts) else counts
        df_class = np.searchsorted(dfs, counts)
        class_idf = np.array([idf(n, count) for count in dfs.tolist()], dtype=np.float64)
        word_idf = class_idf[df_class]
        first = self.features.add(
            TEXT, "", settings.text_weight, [words[i] for i in shared], counts.tolist(), word_idf.tolist()
        )
        # Words by number -> their feature, counted from the first word feature (-1: none).
        feature_of = np.full(len(words), -1, dtype=np.int64)
        feature_of[shared] = np.arange(len(shared), dtype=np.int64)
        most = max((int(batch.count.max(initial=0)) for batch in counted.batches), default=0)
        met = np.zeros(most + 1, dtype=bool)
        for batch in counted.batches:
            met[batch.count] = True
        tfs = np.flatnonzero(met)
        tf_class = np.cumsum(met) - 1
        log_tf = np.array([1.0 + math.log(tf) if tf else 0.0 for tf in tfs.tolist()], dtype=np.float64)
        distinct, inverse = np.unique(class_idf[:, None] * log_tf[None, :], return_inverse=True)
        # By (df class, tf class): the weight's rank, heaviest first.
        rank = (len(distinct) - 1 - inverse).reshape(len(dfs), len(tfs))

        def keywords(batch: Batch) -> tuple[Ints, Ints, Any] | None:
            feature = feature_of[batch.vocabulary][batch.word]
            used = feature >= 0
            post = batch.text[used].astype(np.int64)
            word = feature[used]
            ranks = rank[df_class[word], tf_class[batch.count[used]]]
            return self._keywords(batch.first, post, word, ranks, distinct, first)

        # The pairs go as they are used.
        batches = (counted.batches.pop() for _ in range(len(counted.batches)))
        with _threads(len(counted.batches)) as run:
            parts = [part for part in run(keywords, batches) if part is not None]
        entries.parts.extend(reversed(parts))

    def _keywords(
        self, base: int, post: Ints, word: Ints, rank: Ints, weights: Any, first: int
    ) -> tuple[Ints, Ints, Any] | None:
        """The ``keywords`` heaviest shared words of each post of a batch, ``(1 + ln tf) · idf``
        (equal weights: alphabetical order, the order of the features), as unit vectors.

        :param base: the batch's first post; ``post`` counts from it.
        :param word: the words, numbered from ``first``, the first word feature.
        :param rank: the rank of each word's weight among ``weights`` (ascending),
            heaviest first.
        """
        if not len(post):
            return None
        keep = self.settings.keywords
        # Sort by post, then heaviest first, then word, as one 64-bit number.
        word_bits = _bits(int(word.max()))
        rank_bits = _bits(len(weights))
        key = np.sort((post << (rank_bits + word_bits)) | (rank << word_bits) | word)
        post = key >> (rank_bits + word_bits)
        starts = np.flatnonzero(np.concatenate([[True], post[1:] != post[:-1]]))
        place = np.arange(len(key)) - np.repeat(starts, np.diff(starts, append=len(key)))
        chosen = key[place < keep]
        post = chosen >> (rank_bits + word_bits)
        weight = weights[len(weights) - 1 - ((chosen >> word_bits) & ((1 << rank_bits) - 1))]
        sizes = np.bincount(post)
        word = (chosen & ((1 << word_bits) - 1)) + first
        return _unit_entries(post + base, word, weight, sizes[sizes > 0], heaviest_first=True)

    def _word_vector(self, post: Post) -> list[tuple[int, float]]:
        """The keyword vector of a post that is not in the index (a draft, say)."""
        if self._word_features is None:
            first = self._first_word
            self._word_features = {word: first + i for i, word in enumerate(self.features.keys[first:])}
        weighted = []
        for word, tf in self.counts(post).items():
            feature = self._word_features.get(word)
            if feature is not None:
                weighted.append((self.features.idf[feature] * (1.0 + math.log(tf)), -feature))
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
            start, end = self._x.indptr[position], self._x.indptr[position + 1]
            return tuple(self._x.indices[start:end].tolist()), tuple(self._x.data[start:end].tolist())
        vector: list[tuple[int, float]] = []
        for name in self._taxonomies:
            vector.extend(self._term_vector(name, self.nodes(name, post)))
        if self.settings.text_weight > 0:
            vector.extend(self._word_vector(post))
        return tuple(f for f, _ in vector), tuple(x for _, x in vector)

    def feature_weight(self, feature: int) -> float:
        """The weight of the signal a feature belongs to (its taxonomy's, or ``text_weight``)."""
        return self.features.weight(feature)

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
        extra = post.extra
        if "related" not in extra and "related_exclude" not in extra:
            return [], set()
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

    def _query_weights(self, features: tuple[int, ...], values: tuple[float, ...]) -> dict[int, float]:
        weight = self.features.weight
        return {f: weight(f) * x for f, x in zip(features, values, strict=True)}

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
        start, end = self._x.indptr[position], self._x.indptr[position + 1]
        relevance = _dot(weight_of, self._x.indices[start:end].tolist(), self._x.data[start:end].tolist())
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
        return self._relations(*self._entries(post, wanted))

    def _entries(self, post: Post, wanted: int) -> tuple[list[Entry], list[Entry]]:
        """The ``(position, relevance, score)`` of the pinned and of the scored posts of
        ``post``'s ranking, ``wanted`` in all at most."""
        position = self._indexed(post)
        if position is not None:
            if wanted <= self.settings.limit:
                # Rank the post's whole batch: a build asks for all of them.
                if not self._all_ranked:
                    self._rank_batches([int(self._batch_of[position])])
                return self._stored(position, wanted)
            memo = self._memo.get(position)
            if memo is not None and memo[0] >= wanted:
                _, pinned_entries, found = memo
                return pinned_entries[:wanted], found[: max(0, wanted - len(pinned_entries))]
            rows = self._w[[position]], self._x[[position]]
        else:
            features, values = self.vector(post)
            shape = (1, len(self.features))
            x = sparse.csr_array((np.array(values, dtype=np.float64), features, [0, len(features)]), shape=shape)
            weights = list(self._query_weights(features, values).values())
            rows = sparse.csr_array((np.array(weights, dtype=np.float64), features, [0, len(features)]), shape=shape), x
        pinned, excluded = self.pins(post)
        pinned = pinned[:wanted]
        # One query, row 0: its skipped posts' codes are their positions.
        _, related, relevance, score = self._search(
            rows[0],
            rows[1],
            np.array([-1 if position is None else position], dtype=np.int64),
            np.array([wanted - len(pinned)], dtype=np.int64),
            np.array(sorted(excluded | set(pinned)), dtype=np.int64),
        )
        found = list(zip(related.tolist(), relevance.tolist(), score.tolist(), strict=True))
        result = self._pinned_entries(post, pinned), found
        if position is not None:
            self._memo[position] = (wanted, *result)
        return result

    def _stored(self, position: int, wanted: int) -> tuple[list[Entry], list[Entry]]:
        """The ranking of a post of a batch ranked: ``wanted`` entries at most."""
        pinned = self._pinned.get(position, [])[:wanted]
        scored = wanted - len(pinned)
        if scored <= 0 or self._related is None or self._values is None:
            return pinned, []
        related = self._related[position, :scored].tolist()
        values = self._values[position, :scored].tolist()
        return pinned, [(p, relevance, score) for p, (relevance, score) in zip(related, values, strict=True) if p >= 0]

    def _pinners(self) -> set[int]:
        """The positions of the posts whose front matter pins or excludes posts."""
        if self._pinning is None:
            self._pinning = {
                i for i, post in enumerate(self.posts) if "related" in post.extra or "related_exclude" in post.extra
            }
        return self._pinning

    def _rank_batches(self, batches: Iterable[int]) -> None:
        """The rankings, at the ``limit`` setting, of the posts of the batches (of
        :func:`batch_size` posts, in the postings' order) not ranked yet, several
        batches at a time."""
        order = self._postings.order
        groups = []
        for batch in batches:
            if batch in self._ranked:
                continue
            self._ranked.add(batch)
            groups.append(np.sort(order[batch * self._batch : (batch + 1) * self._batch]))
        self._rank_groups(groups)

    def _rank_groups(self, groups: list[Ints]) -> None:
        """The rankings, at the ``limit`` setting, of the posts at the positions of each
        group (ascending), a group a search, several at a time."""
        limit = self.settings.limit
        n = len(self.posts)
        pinners = self._pinners()
        jobs = []
        for positions in groups:
            wanted = np.full(len(positions), limit, dtype=np.int64)
            codes: list[int] = []
            for row, position in enumerate(positions.tolist()):
                if position in pinners:
                    pinned, excluded = self.pins(self.posts[position])
                    self._pinned[position] = self._pinned_entries(self.posts[position], pinned[:limit])
                    wanted[row] -= len(pinned[:limit])
                    codes.extend(row * n + skip for skip in sorted(excluded | set(pinned[:limit])))
            jobs.append((positions, wanted, np.array(codes, dtype=np.int64)))
        if not jobs:
            return
        related, values = self._arrays()

        def search(job: tuple[Ints, Ints, Ints]) -> None:
            positions, wanted, codes = job
            rows, found, relevance, score = self._search(
                self._w[positions], self._x[positions], positions, wanted, codes
            )
            # Each row's entries come best first: their places.
            starts = np.searchsorted(rows, np.arange(len(positions)))
            at, place = positions[rows], np.arange(len(rows)) - starts[rows]
            related[at, place] = found
            values[at, place, 0] = relevance
            values[at, place, 1] = score

        with _threads(len(jobs)) as run:
            for _ in run(search, jobs):
                pass

    def _arrays(self) -> tuple[Ints, Floats]:
        """The ranking arrays, made on first use: per post, its scored relatives' positions
        (-1 past the last) and their relevances and scores."""
        if self._related is None or self._values is None:
            n, limit = len(self.posts), self.settings.limit
            self._related = np.full((n, limit), -1, dtype=np.int64)
            self._values = np.zeros((n, limit, 2), dtype=np.float64)
        return self._related, self._values

    def rank_all(self) -> None:
        """Rank every published post now (at the ``limit`` setting), using the machine's cores;
        rankings asked for later come from memory.

        When the site has a :attr:`~coachcontent.Site.cache_dir`, the rankings are kept
        there (and in memory) with the posts' vectors; the next build of the site, if
        nothing but a few posts' vectors changed, searches again only for the posts whose
        ranking can have changed (:mod:`coachcontent_related.snapshot`): the same result.
        """
        if self._all_ranked:
            return
        batches = range(-(-len(self.posts) // self._batch))
        site = self._site()
        folder = None if site is None or not self.posts else site.cache_dir
        if folder is None:
            self._rank_batches(batches)
            self._all_ranked = True
            return
        key = self._snapshot_key()
        previous = snapshot.load(folder)
        again = None
        if previous is not None and previous.key == key:
            related, values = self._arrays()
            again = snapshot.reuse(
                previous,
                self._x,
                self._w,
                np.array(self.recency, dtype=np.float64),
                self.settings.threshold - THRESHOLD_ROUNDING,
                self._pinners(),
                related,
                values,
            )
        if again is None:
            self._rank_batches(batches)
        else:
            # In the postings' order, as batches are: posts that share features together.
            rank = np.empty(len(self.posts), dtype=np.int64)
            rank[self._postings.order] = np.arange(len(self.posts), dtype=np.int64)
            ordered = again[np.argsort(rank[again], kind="stable")]
            self._rank_groups([np.sort(ordered[i : i + self._batch]) for i in range(0, len(ordered), self._batch)])
            self._ranked.update(batches)
            self.reused = len(self.posts) - len(again)
        self._all_ranked = True
        snapshot.save(folder, snapshot.take(key, self._x, *self._arrays()))

    def _snapshot_key(self) -> str:
        """What the scores depend on besides the posts' vectors (see :mod:`.snapshot`)."""
        features = self.features
        pins = [
            (position, self.posts[position].extra.get("related"), self.posts[position].extra.get("related_exclude"))
            for position in sorted(self._pinners())
        ]
        return snapshot.key_of(
            [
                self.settings,
                [post.slug for post in self.posts],
                features.keys,
                features.group,
                features.signals,
                features.taxonomies,
                features.weights,
                np.array(self.recency, dtype=np.float64),
                pins,
                np.asarray(self._x.indices).dtype.str,
            ]
        )

    def _search(self, w: Any, x: Any, selves: Ints, wanted: Ints, skip: Ints) -> Found:
        """The best ``wanted[i]`` posts for each row ``i`` of ``w``, without the posts ``skip``
        (``row * posts + position``): rows, positions, relevances and scores, by row, best first."""
        if not self.posts or not wanted.any():
            return (np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64), np.zeros(0), np.zeros(0))
        return best(self._postings, w, x, selves, wanted, skip, self.settings.threshold - THRESHOLD_ROUNDING)

    def _pinned_entries(self, post: Post, pinned: list[int]) -> list[Entry]:
        if not pinned:
            return []
        vector = self.vector(post)
        return [(p, *self.pair_scores(post, p, vector)) for p in pinned]

    def _relations(self, pinned: list[Entry], found: list[Entry]) -> tuple[Relation, ...]:
        posts = self.posts
        made = []
        new = object.__new__
        for entries, flag in ((pinned, True), (found, False)):
            for p, relevance, score in entries:
                relation = new(Relation)
                _set_post(relation, posts[p])
                _set_score(relation, score)
                _set_relevance(relation, relevance)
                _set_pinned(relation, flag)
                made.append(relation)
        return tuple(made)

    def related(self, post: Post, limit: int | None = None) -> tuple[Post, ...]:
        """The related posts of ``post`` without their scores."""
        posts = self.posts
        pinned, found = self._entries(post, self.limit_for(limit))
        return tuple(posts[p] for p, _, _ in chain(pinned, found))

    def all_rankings(self, limit: int | None = None) -> Mapping[str, tuple[Relation, ...]]:
        """The ranking of every published post, by slug (computed once, then reused)."""
        wanted = self.limit_for(limit)
        self.rank_all()
        return _Rankings(self, wanted)


class _Rankings(Mapping[str, tuple[Relation, ...]]):
    """The rankings of every published post of an index, by slug, in the index's order.

    Made from the index's memory when asked for, so that the related posts of a
    large site are not held twice (a ranking and its :class:`Relation` objects).
    """

    def __init__(self, index: RelatedIndex, wanted: int) -> None:
        self._index = index
        self._wanted = wanted

    def __getitem__(self, slug: str) -> tuple[Relation, ...]:
        index = self._index
        return index._relations(*index._stored(index.position[slug], self._wanted))

    def __iter__(self) -> Iterator[str]:
        return (post.slug for post in self._index.posts)

    def __len__(self) -> int:
        return len(self._index.posts)

    def __contains__(self, slug: object) -> bool:
        return slug in self._index.position


def dot(query: Mapping[int, float], features: Iterable[int], values: Iterable[float]) -> float:
    """``Σ query[f] · value`` over the features both have, added in the order of ``features``.

    Every score and every explanation is summed this way (the batch search
    adds the same products in the same order), so that an explanation's
    parts add up to its score to the last bit.
    """
    return _dot(query.get, features, values)


def _dot(weight_of: Callable[[int, float], float], features: Iterable[int], values: Iterable[float]) -> float:
    # In C: a feature the query lacks multiplies 0.0, and adding 0.0 changes no sum.  Added
    # one at a time, in order (``sum`` of floats compensates since Python 3.12).
    return float(reduce(add, map(mul, map(weight_of, features, repeat(0.0)), values), 0.0))


def _unit(weighted: list[tuple[int, float]], norm: float | None = None) -> list[tuple[int, float]]:
    """``weighted`` divided by ``norm`` (by default its own length), ordered by feature."""
    if not weighted:
        return []
    if norm is None:
        norm = _length([w for _, w in weighted])
    return sorted([(feature, w / norm) for feature, w in weighted])


def _workers() -> int:
    """Threads for batches of work: the cores this process may use (at most 4)."""
    try:
        cores = len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        cores = os.cpu_count() or 1
    return max(1, min(4, cores))


def batch_size(posts: int) -> int:
    """Queries per batch for a site of ``posts`` posts: a hundredth of them, 64 to :data:`BATCH`.

    A batch's products hold up to about batch × posts entries at once.  On a site
    whose posts share many words (bench/build.py's corpus: 500 words each from a Zipf
    vocabulary) batches of 64 to 128 are the fastest at 5,000 posts (1 s, the site
    and all included in 235 MB); on 100,000 topical posts 512 is the fastest.
    """
    return max(64, min(BATCH, posts // 100))


@contextmanager
def _threads(jobs: int) -> Iterator[Callable[[Callable[[T], R], Iterable[T]], Iterator[R]]]:
    """A ``map`` that runs on several threads (NumPy and SciPy let go of the GIL), results in order."""
    workers = min(_workers(), jobs)
    if workers < 2:
        yield map
        return
    with ThreadPoolExecutor(workers, thread_name_prefix="coachcontent-related") as pool:
        yield pool.map


_CACHE: weakref.WeakKeyDictionary[Site, RelatedIndex] = weakref.WeakKeyDictionary()
_LOCK = threading.Lock()
#: Words being counted elsewhere for a site's next index: the settings they are counted
#: with, and how to get them (``None`` when that failed).  Its own lock: an index is
#: made under ``_LOCK`` and takes its words on another thread.
_COUNTING_LOCK = threading.Lock()
_COUNTING: weakref.WeakKeyDictionary[Site, tuple[tuple[object, ...], Callable[[], WordCounts | None]]] = (
    weakref.WeakKeyDictionary()
)


def _post_text(title_weight: int, post: Post) -> str:
    return extract_text(post.body or post.summary) + ("\n" + post.title) * title_weight


def _post_source(title_weight: int, post: Post) -> str:
    """What :func:`_post_text` reads (cheaper to get than the text): the key of the
    post's words in the cache of counted words."""
    return f"{title_weight}\0{post.title}\0{post.body or post.summary}"


def _words_key(settings: RelatedSettings) -> tuple[object, ...]:
    """The settings the counted words depend on."""
    return (settings.title_weight, settings.min_word_length, settings.language)


def _count(posts: Sequence[Post], settings: RelatedSettings, cache_dir: str | None) -> WordCounts:
    return count_words(
        posts,
        partial(_post_text, settings.title_weight),
        min_length=settings.min_word_length,
        stop=stop_words(settings.language),
        workers=_workers(),
        cache=WordCache(cache_dir),
        source=partial(_post_source, settings.title_weight),
    )


def site_words(site: Site) -> WordCounts:
    """The words of the published posts of ``site`` (newest first), as its index counts
    them with the site's ``[related]`` settings, kept words included."""
    return _count(site.posts_newest_first(), RelatedSettings.from_site(site), site.cache_dir)


def counted_elsewhere(site: Site, words: Callable[[], WordCounts | None]) -> None:
    """Tell the next index of ``site`` to take its words from ``words()`` (which may wait
    for them; ``None`` when counting them failed) rather than count them itself."""
    with _COUNTING_LOCK:
        _COUNTING[site] = (_words_key(RelatedSettings.from_site(site)), words)


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
