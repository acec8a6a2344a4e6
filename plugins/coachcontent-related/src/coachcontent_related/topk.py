"""The best related posts of many posts at once: sparse products, pruned, then scored exactly.

The posts' vectors are the rows of a sparse matrix ``X`` (posts × features);
its transpose holds the posting lists.  For a batch of query posts, with
``W`` their vectors times the features' weights, ``W · Xᵀ`` holds every
relevance at once, and SciPy computes it by walking the posting lists of
the queries' features in compiled code.  Walking every list would be
quadratic (a tag that a third of the site has), so each query leaves out
the long lists that cannot matter, as the MaxScore method of search
engines does:

1. Each query walks its shortest lists (up to :data:`BUDGET` postings), and
   the posts found there that share most with it are scored exactly: the
   ``wanted``-th best of those is a floor that the final ``wanted``-th best
   score cannot be below.
2. The query then leaves out its most common features (longest lists
   first) for as long as what they can add to any post, bounded per signal
   by the smaller of the sum of their largest values and Cauchy–Schwarz,
   stays below the threshold or below a :data:`SHARE` of the floor.  A post
   that shares only left-out features can then not be shown, so only posts
   met in a second product over the features kept can be.
3. Of those, the ones whose partial relevance plus that bound can still
   reach the floor are scored exactly, and the best are kept: score, then
   position.  A query that left nothing out (on a site whose posts all
   share many words, most do) has its exact relevances from the product
   already.

Exact scores are the products of the shared features added one by one in
feature order, as :func:`coachcontent_related.index.dot` (and so the
explanations) add them, so that they agree to the last bit: the product
adds each post's products in the order of the query's features, and
:func:`numpy.bincount` adds each pair's products in the order given.
Every bound is widened for rounding, so nothing that could be shown is
ever left out: results are exactly those of scoring every pair, whatever
the data.

Speed: posts are numbered internally in the order of their first
features (the terms of their first taxonomy, on most sites), so that
posts that share features sit near each other in memory, and callers
batch queries in that order (:attr:`Postings.order`): a batch's queries
then walk many of the same lists, and a product touches fewer cache
lines.  The products and the exact scores call SciPy's compiled kernels
directly (``scipy.sparse._sparsetools``), with room set aside from the
lengths of the lists walked, which saves the pass that counts the
entries first and the format checks of each call.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import numpy.typing as npt
import scipy.sparse as sparse  # type: ignore[import-untyped,unused-ignore]
from attrs import frozen

try:
    # SciPy's compiled kernels, as its sparse arrays call them (stable since SciPy 0.x).
    from scipy.sparse._sparsetools import (  # type: ignore[import-untyped,unused-ignore]
        csr_elmul_csr,
        csr_matmat,
        csr_row_index,
    )
except ImportError:  # pragma: no cover - another SciPy layout: the public operations
    csr_elmul_csr = csr_matmat = csr_row_index = None

Ints = npt.NDArray[np.int64]
Floats = npt.NDArray[np.float64]
Bools = npt.NDArray[np.bool_]
#: Posts found for queries: their rows, positions, relevances and scores.
Found = tuple[Ints, Ints, Floats, Floats]

#: Postings each query walks for its floor (its shortest lists; step 1).
BUDGET = 256
#: Posts scored exactly for the floor, beyond the number wanted (step 1).
SPARE = 3
#: Left-out features may add at most this share of the floor (step 2): more leaves
#: more lists unwalked, but more posts to score exactly.
SHARE = 0.6
#: Rounding room of the bounds: relative and absolute.
_ROOM = 1e-9
_TINY = 1e-12
#: Query posts per batch at most (the callers' unit): small enough for NumPy's arrays
#: to stay small.
BATCH = 512
#: The most entries a product sets aside room for from the lengths of the lists it
#: walks (12 bytes each); beyond, SciPy counts them first.
_ROOMY = 1 << 22


@frozen
class Postings:
    """The posts' vectors in the two layouts a search needs.

    :param x: posts × features (CSR, features ascending in each row): unit vectors.
    :param xt: its transpose, the posting list of each feature, with the posts
        numbered in :attr:`order` (``xt[f, i]`` is ``x[order[i], f]``).
    :param order: the posts (their positions) in the internal order: by their
        first features, then by position.
    :param length: the length of each posting list.
    :param most: the largest value in each posting list (0 for an empty one).
    :param group: each feature's signal group (a taxonomy, or the words).
    :param weight: the weight of each group.
    :param recency: each post's recency bonus.
    """

    x: Any
    xt: Any
    order: Ints
    length: Ints
    most: Floats
    group: Ints
    weight: Floats
    recency: Floats

    @classmethod
    def of(cls, x: Any, group: Ints, weight: Floats, recency: Floats) -> Postings:
        """Postings of the posts × features matrix ``x`` (CSR, features ascending in each row)."""
        posts = x.shape[0]
        sizes = np.diff(x.indptr)
        first = np.full(posts, -1, dtype=np.int64)
        second = np.full(posts, -1, dtype=np.int64)
        first[sizes > 0] = x.indices[x.indptr[:-1][sizes > 0]]
        second[sizes > 1] = x.indices[x.indptr[:-1][sizes > 1] + 1]
        order = np.lexsort((np.arange(posts), second, first))
        xt = sparse.csr_array(x[order].T)
        xt.sort_indices()
        length = np.diff(xt.indptr).astype(np.int64)
        most = np.zeros(xt.shape[0], dtype=np.float64)
        filled = length > 0
        if filled.any():
            most[filled] = np.maximum.reduceat(xt.data, xt.indptr[:-1][filled])
        return cls(x=x, xt=xt, order=order, length=length, most=most, group=group, weight=weight, recency=recency)


def _rows(indptr: Any) -> Ints:
    """The row of each stored entry of a CSR matrix."""
    return np.repeat(np.arange(len(indptr) - 1, dtype=np.int64), np.diff(indptr))


class _Queries:
    """A batch of queries: their weighted vectors ``w`` and vectors ``x`` (CSR, features
    ascending in each row), and what the steps need to know of each entry."""

    def __init__(self, postings: Postings, w: Any, x: Any) -> None:
        self.w = w
        self.x = x
        self.rows: int = w.shape[0]
        #: The row, the feature and the length of the posting list of each entry.
        self.row = _rows(w.indptr)
        self.feature = w.indices.astype(np.int64)
        self.length = postings.length[self.feature]


def _products(postings: Postings, queries: _Queries, keep: Bools) -> tuple[Any, Any, Floats]:
    """(``w`` where ``keep``) · ``xt`` as CSR arrays: ``indptr``, ``indices`` (posts in the
    internal order) and values.

    Each value adds the products of its post in the order of ``w``'s row:
    feature order.
    """
    w, xt = queries.w, postings.xt
    index = xt.indptr.dtype
    indptr = np.zeros(queries.rows + 1, dtype=index)
    np.cumsum(np.bincount(queries.row[keep], minlength=queries.rows), out=indptr[1:])
    indices = w.indices[keep].astype(index, copy=False)
    data = w.data[keep]
    posts = xt.shape[1]
    # A row meets at most the postings it walks, and at most every post.
    walked = np.bincount(queries.row[keep], weights=queries.length[keep], minlength=queries.rows)
    room = int(np.minimum(walked, posts).sum())
    if csr_matmat is None or room > _ROOMY:
        kept = sparse.csr_array((data, indices, indptr), shape=w.shape)
        found = sparse.csr_array(kept @ xt)
        return found.indptr, found.indices, found.data
    out_indptr = np.empty(queries.rows + 1, dtype=index)
    out_indices = np.empty(room, dtype=index)
    out_data = np.empty(room, dtype=np.float64)
    csr_matmat(
        queries.rows, posts, indptr, indices, data, xt.indptr, xt.indices, xt.data, out_indptr, out_indices, out_data
    )
    size = int(out_indptr[-1])
    return out_indptr, out_indices[:size], out_data[:size]


def _product(postings: Postings, queries: _Queries, keep: Bools) -> tuple[Ints, Ints, Floats]:
    """``(row, position, value)`` of the stored entries of :func:`_products`."""
    indptr, indices, data = _products(postings, queries, keep)
    return _rows(indptr), postings.order[indices], data


def _gather(matrix: Any, rows: Ints, index: Any) -> tuple[Any, Any, Any]:
    """``(indptr, indices, data)`` of the rows ``rows`` of a CSR matrix, in that order,
    with indexes of type ``index``."""
    indptr = matrix.indptr.astype(index, copy=False)
    sizes = indptr[rows + 1] - indptr[rows]
    out_indptr = np.zeros(len(rows) + 1, dtype=index)
    np.cumsum(sizes, out=out_indptr[1:])
    size = int(out_indptr[-1])
    out_indices = np.empty(size, dtype=index)
    out_data = np.empty(size, dtype=matrix.data.dtype)
    indices = matrix.indices.astype(index, copy=False)
    csr_row_index(len(rows), rows.astype(index), indptr, indices, matrix.data, out_indices, out_data)
    return out_indptr, out_indices, out_data


def _exact(postings: Postings, queries: _Queries, query: Ints, candidate: Ints) -> Floats:
    """The relevance of each (query row, candidate post).

    The products of the features both have, in feature order, added one at a
    time: what ``index.dot`` adds, in its order (the features only one of them
    has add 0.0 there, which changes no sum).
    """
    if not len(query):
        return np.zeros(0)
    w, x = queries.w, postings.x
    if csr_elmul_csr is None:
        products = sparse.csr_array(w[query].multiply(x[candidate]))
        products.sort_indices()
        indptr, data = products.indptr, products.data
    else:
        index = postings.xt.indptr.dtype
        a = _gather(w, query, index)
        b = _gather(x, candidate, index)
        indptr = np.empty(len(query) + 1, dtype=index)
        indices = np.empty(len(a[1]) + len(b[1]), dtype=index)
        data = np.empty(len(indices), dtype=np.float64)
        # Both sorted: SciPy merges each pair of rows, keeping the nonzero products in feature order.
        csr_elmul_csr(len(query), w.shape[1], *a, *b, indptr, indices, data)
        data = data[: int(indptr[-1])]
    # np.bincount adds each pair's products in their order, from 0 (np.sum may add pairwise).
    total: Floats = np.bincount(_rows(indptr), weights=data, minlength=len(query)).astype(np.float64, copy=False)
    return total


def _bits(value: int) -> int:
    return max(1, int(value).bit_length())


def _pick(rows: Ints, values: Floats, count: Ints) -> Ints:
    """Per row, about the ``count[row]`` entries of largest ``values`` (not negative), best
    first: values within rounding of each other may come in any order (one 64-bit sort)."""
    index_bits = _bits(len(rows))
    row_bits = _bits(int(rows.max(initial=0)))
    value_bits = 63 - row_bits - index_bits
    top = float(values.max(initial=0.0)) or 1.0
    falling = ((1.0 - values / top) * float(2**value_bits - 1)).astype(np.int64)
    key = ((rows << value_bits | falling) << index_bits) | np.arange(len(rows))
    key.sort()
    return _first(rows, key & ((1 << index_bits) - 1), count)


def _first(rows: Ints, order: Ints, count: Ints) -> Ints:
    """Of entries in ``order`` (grouped by row), the first ``count[row]`` of each row."""
    ordered = rows[order]
    starts = np.flatnonzero(np.diff(ordered, prepend=-1))
    place = np.arange(len(order)) - np.repeat(starts, np.diff(starts, append=len(order)))
    return order[place < count[ordered]]


def _ranked(rows: Ints, values: Floats, columns: Ints) -> Ints:
    """The entries by row, then by decreasing value, then by column (one pair per row
    and column: the order is total).  One sort of 64-bit keys (``np.lexsort`` is
    many times slower)."""
    distinct, inverse = np.unique(values, return_inverse=True)
    rank = len(distinct) - 1 - inverse.ravel()
    rank_bits = _bits(len(distinct))
    column_bits = _bits(int(columns.max(initial=0)))
    if _bits(int(rows.max(initial=0))) + rank_bits + column_bits > 63:
        return np.lexsort((columns, -values, rows))
    return np.argsort((rows << rank_bits | rank) << column_bits | columns)


def _top(rows: Ints, values: Floats, columns: Ints, count: Ints) -> Ints:
    """Per row, its ``count[row]`` first entries in the order of :func:`_ranked`."""
    most = int(count.max(initial=0))
    per_row = np.bincount(rows, minlength=len(count))
    width = int(per_row.max(initial=0))
    if len(rows) > 8 * len(count) and most < width and len(count) * width <= 4 * len(rows):
        # Many entries a row: first keep those at least each row's most-th largest value,
        # found by a partition of a rows × width table (O(entries), where sorting is not).
        order = np.argsort(rows, kind="stable")
        ordered = rows[order]
        starts = np.concatenate([[0], np.cumsum(per_row)])
        table = np.full((len(count), width), -np.inf)
        table[ordered, np.arange(len(rows)) - starts[ordered]] = values[order]
        kth = np.partition(table, width - most, axis=1)[:, width - most]
        kept = np.flatnonzero(values >= kth[rows])
        return kept[_first(rows[kept], _ranked(rows[kept], values[kept], columns[kept]), count)]
    return _first(rows, _ranked(rows, values, columns), count)


def _kth(rows: Ints, values: Floats, count: Ints) -> Floats:
    """Per row, the ``count[row]``-th largest of ``values`` (``-inf`` where there are fewer)."""
    kth = np.full(len(count), -np.inf)
    most = int(count.max(initial=0))
    if not len(rows) or most == 0:
        return kth
    per_row = np.bincount(rows, minlength=len(count))
    width = max(int(per_row.max()), most)
    if len(count) * width > 4 * len(rows) + 4096:
        # Rows of very different lengths: a sort, by row, then by decreasing value.
        distinct, inverse = np.unique(values, return_inverse=True)
        order = np.argsort(rows << _bits(len(distinct)) | (len(distinct) - 1 - inverse.ravel()))
        starts = np.cumsum(per_row) - per_row
        enough = (per_row >= count) & (count > 0)
        kth[enough] = values[order[starts[enough] + count[enough] - 1]]
        return kth
    # A rows × width table of the values, each row's largest `most` partitioned to its end.
    if np.any(rows[1:] < rows[:-1]):
        order = np.argsort(rows, kind="stable")
        rows, values = rows[order], values[order]
    table = np.full((len(count), width), -np.inf)
    table[rows, np.arange(len(rows)) - (np.cumsum(per_row) - per_row)[rows]] = values
    if width > most:
        table = np.partition(table, width - most, axis=1)
    largest = np.sort(table[:, width - most :], axis=1)[:, ::-1]
    wanted = count > 0
    kth[wanted] = largest[np.flatnonzero(wanted), count[wanted] - 1]
    return kth


def _among(rows: Ints, columns: Ints, known_rows: Ints, known_columns: Ints, count: int) -> Bools:
    """Which ``(row, column)`` pairs are among the known ones (few a row)."""
    found = np.zeros(len(rows), dtype=bool)
    if not len(known_rows) or not len(rows):
        return found
    per_row = np.bincount(known_rows, minlength=count)
    order = np.argsort(known_rows, kind="stable")
    table = np.full((count, int(per_row.max())), -1, dtype=np.int64)
    starts = np.cumsum(per_row) - per_row
    ordered = known_rows[order]
    table[ordered, np.arange(len(order)) - starts[ordered]] = known_columns[order]
    for place in range(table.shape[1]):
        found |= table[rows, place] == columns
    return found


def _by_length(queries: _Queries) -> tuple[Ints, Bools]:
    """Each query's entries, padded to a table (-1 beyond a row's end), longest list first."""
    w = queries.w
    sizes = np.diff(w.indptr)
    width = int(sizes.max(initial=0))
    entry = np.full((queries.rows, width), -1, dtype=np.int64)
    entry[queries.row, np.arange(len(w.indices)) - w.indptr[queries.row]] = np.arange(len(w.indices))
    valid = entry >= 0
    length = np.where(valid, queries.length[entry], -1)
    order = np.argsort(-length, axis=1, kind="stable")
    entry = np.take_along_axis(entry, order, axis=1)
    return entry, entry >= 0


def _shortest(queries: _Queries, entry: Ints, valid: Bools) -> Bools:
    """The entries each query walks for its floor: its shortest lists, :data:`BUDGET` postings
    in all (and at least its shortest)."""
    keep = np.zeros(len(queries.feature), dtype=bool)
    if not entry.size:
        return keep
    length = np.where(valid, queries.length[entry], 0)
    # Longest first: walk from the end.
    walked = np.cumsum(length[:, ::-1], axis=1)[:, ::-1]
    shortest = np.sum(valid, axis=1) - 1
    chosen = valid & (walked <= BUDGET)
    chosen[np.arange(len(entry)), np.maximum(shortest, 0)] |= shortest >= 0
    keep[entry[chosen]] = True
    return keep


def _left_out(
    postings: Postings, queries: _Queries, entry: Ints, valid: Bools, limit: Floats
) -> tuple[Bools, Floats, Ints]:
    """Which entries each query leaves out, the most they can add to any post's score, and
    how many each query leaves out.

    Per query, its features by decreasing list length: the longest prefix whose
    bound stays below ``limit``.
    """
    w, x = queries.w, queries.x
    rows, width = entry.shape
    left_out = np.zeros(len(w.indices), dtype=bool)
    if width == 0:
        return left_out, np.zeros(rows), np.zeros(rows, dtype=np.int64)
    feature = queries.feature[entry]
    group = np.where(valid, postings.group[feature], -1)
    linear = np.where(valid, w.data[entry] * postings.most[feature], 0.0)
    square = np.where(valid, x.data[entry] ** 2, 0.0)
    bound = np.zeros((rows, width))
    for g in np.flatnonzero(np.bincount(group[valid], minlength=len(postings.weight))).tolist():
        mine = group == g
        total = np.cumsum(np.where(mine, linear, 0.0), axis=1)
        cauchy = postings.weight[g] * np.sqrt(np.cumsum(np.where(mine, square, 0.0), axis=1))
        bound += np.minimum(total, cauchy)
    bound = bound * (1 + _ROOM) + _TINY
    bound[~valid] = np.inf
    count = (bound < limit[:, None]).sum(axis=1)
    left_out[entry[np.arange(width)[None, :] < count[:, None]]] = True
    most = np.where(count > 0, bound[np.arange(rows), np.maximum(count - 1, 0)], 0.0)
    return left_out, most, count


def best(
    postings: Postings,
    w: Any,
    x: Any,
    selves: Ints,
    wanted: Ints,
    skip: Ints,
    threshold: float,
) -> Found:
    """The best ``wanted[i]`` posts for each query ``i``: the rows, positions, relevances and
    scores, by row, and in a row best first (score, then position).

    :param w: the queries' vectors times their features' weights (CSR, rows × features).
    :param x: the queries' vectors (same layout).
    :param selves: each query's own position, or -1.
    :param skip: ``row * posts + position`` of the posts never to return per query.
    :param threshold: the least relevance (already lowered for rounding).
    """
    posts = postings.x.shape[0]
    recency = postings.recency
    newest = float(recency.max(initial=0.0))
    queries = _Queries(postings, w, x)

    def allowed(rows: Ints, columns: Ints) -> Bools:
        ok: Bools = columns != selves[rows]
        if len(skip):
            ok &= ~np.isin(rows * posts + columns, skip)
        return ok

    def scored(rows: Ints, columns: Ints) -> tuple[Ints, Ints, Floats, Floats]:
        relevance = _exact(postings, queries, rows, columns)
        shown = (relevance >= threshold) & (relevance > 0.0)
        columns, relevance = columns[shown], relevance[shown]
        return rows[shown], columns, relevance, relevance + recency[columns]

    entry, valid = _by_length(queries)
    # 1. A floor: the exact scores of the posts that share most with each query in
    # its shortest lists.
    rows, columns, partial = _product(postings, queries, _shortest(queries, entry, valid))
    ok = allowed(rows, columns)
    rows, columns = rows[ok], columns[ok]
    pick = _pick(rows, partial[ok] + recency[columns], wanted + SPARE)
    rows, columns = rows[pick], columns[pick]
    known = scored(rows, columns)
    floor = _kth(known[0], known[3], wanted)
    # 2. Leave out the longest lists while they cannot lift a post met nowhere else.
    limit = np.maximum(threshold, SHARE * (floor - newest))
    left_out, most, count = _left_out(postings, queries, entry, valid, limit)
    indptr, indices, partial = _products(postings, queries, ~left_out)
    # 3. Score exactly the posts that can still reach the floor; keep the best.  A query
    # that left nothing out has its exact relevances: the product added all of them.
    room = _ROOM * np.maximum(1.0, np.abs(np.where(np.isfinite(floor), floor, 0.0)))
    # First a cheaper, looser test per row on the partial relevance alone (most entries fail it).
    whole = count == 0
    bar = np.maximum(threshold, floor - room - newest)
    cut = np.where(whole, bar, bar / (1 + _ROOM) - most) - _TINY * (np.abs(bar) + most)
    maybe = np.flatnonzero(partial >= np.repeat(cut, np.diff(indptr)))
    few = len(maybe) < len(partial) // 8
    rows = np.searchsorted(indptr, maybe, side="right") - 1 if few else _rows(indptr)[maybe]
    columns, partial = postings.order[indices[maybe]], partial[maybe]
    complete = whole[rows]
    high = np.where(complete, partial, (partial + most[rows]) * (1 + _ROOM))
    hopeful = np.flatnonzero((high >= threshold) & (high + recency[columns] >= (floor - room)[rows]))
    hopeful = hopeful[allowed(rows[hopeful], columns[hopeful])]
    rows, columns, partial, high = rows[hopeful], columns[hopeful], partial[hopeful], high[hopeful]
    complete = complete[hopeful]
    # A higher floor: a partial relevance is at most the relevance (no product is negative).
    low = partial * (1 - _ROOM)
    sure = low >= threshold
    floor = np.maximum(floor, _kth(rows[sure], low[sure] + recency[columns[sure]], wanted))
    room = _ROOM * np.maximum(1.0, np.abs(np.where(np.isfinite(floor), floor, 0.0)))
    still = high + recency[columns] >= (floor - room)[rows]
    done = still & complete
    ready = rows[done], columns[done], partial[done], partial[done] + recency[columns[done]]
    hopeful = still & ~complete
    rows, columns = rows[hopeful], columns[hopeful]
    # Those scored for the floor are scored already (those of complete queries are in `ready`).
    new = ~_among(rows, columns, known[0], known[1], len(wanted))
    floored = count[known[0]] > 0
    parts = (tuple(part[floored] for part in known), ready, scored(rows[new], columns[new]))
    rows, columns, relevance, score = (np.concatenate(part) for part in zip(*parts, strict=True))
    chosen = _top(rows, score, columns, wanted)
    return rows[chosen], columns[chosen], relevance[chosen], score[chosen]
