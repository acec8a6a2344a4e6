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
   position.

Exact scores are the products of the shared features added one by one in
feature order, as :func:`coachcontent_related.index.dot` (and so the
explanations) add them, so that they agree to the last bit.  Every bound
is widened for rounding, so nothing that could be shown is ever left out:
results are exactly those of scoring every pair, whatever the data.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import numpy.typing as npt
import scipy.sparse as sparse  # type: ignore[import-untyped,unused-ignore]
from attrs import frozen

Ints = npt.NDArray[np.int64]
Floats = npt.NDArray[np.float64]
Bools = npt.NDArray[np.bool_]

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
#: Query posts per batch (the callers' unit), and per table of exact scoring: small
#: enough for NumPy's arrays to stay small.
BATCH = 512
_BLOCK = 32


@frozen
class Postings:
    """The posts' vectors in the two layouts a search needs.

    :param x: posts × features (CSR, features ascending in each row): unit vectors.
    :param xt: its transpose: the posting list of each feature, positions ascending.
    :param length: the length of each posting list.
    :param most: the largest value in each posting list (0 for an empty one).
    :param group: each feature's signal group (a taxonomy, or the words).
    :param weight: the weight of each group.
    :param recency: each post's recency bonus.
    """

    x: Any
    xt: Any
    length: Ints
    most: Floats
    group: Ints
    weight: Floats
    recency: Floats

    @classmethod
    def of(cls, x: Any, group: Ints, weight: Floats, recency: Floats) -> Postings:
        """Postings of the posts × features matrix ``x`` (CSR, features ascending in each row)."""
        xt = sparse.csr_array(x.T)
        xt.sort_indices()
        length = np.diff(xt.indptr).astype(np.int64)
        most = np.zeros(xt.shape[0], dtype=np.float64)
        filled = length > 0
        if filled.any():
            most[filled] = np.maximum.reduceat(xt.data, xt.indptr[:-1][filled])
        return cls(x=x, xt=xt, length=length, most=most, group=group, weight=weight, recency=recency)


def _rows(indptr: Ints) -> Ints:
    """The row of each stored entry of a CSR matrix."""
    return np.repeat(np.arange(len(indptr) - 1, dtype=np.int64), np.diff(indptr))


def _product(w: Any, keep: Bools, xt: Any) -> tuple[Ints, Ints, Floats]:
    """``(row, column, value)`` of the stored entries of (``w`` where ``keep``) · ``xt``.

    SciPy adds each entry's products in the order of ``w``'s row: feature order.
    """
    # Indexes of one type: SciPy would otherwise convert those of ``xt`` on each call.
    indptr = np.concatenate([[0], np.cumsum(keep, dtype=np.int64)])[w.indptr].astype(xt.indptr.dtype)
    kept = sparse.csr_array((w.data[keep], w.indices[keep].astype(xt.indices.dtype), indptr), shape=w.shape)
    found = sparse.csr_array(kept @ xt)
    return _rows(found.indptr), found.indices.astype(np.int64), found.data


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


def _order(rows: Ints, values: Floats, columns: Ints) -> Ints:
    """The entries by row, then by decreasing value, then by column (one pair per row
    and column: the order is total)."""
    distinct, inverse = np.unique(values, return_inverse=True)
    rank = len(distinct) - 1 - inverse.ravel()
    rank_bits = _bits(len(distinct))
    column_bits = _bits(int(columns.max(initial=0)))
    if _bits(int(rows.max(initial=0))) + rank_bits + column_bits > 63:
        raise OverflowError("too many posts for 64-bit sort keys")
    return np.argsort((rows << rank_bits | rank) << column_bits | columns)


def _first(rows: Ints, order: Ints, count: Ints) -> Ints:
    """Of entries in ``order`` (grouped by row), the first ``count[row]`` of each row."""
    ordered = rows[order]
    starts = np.flatnonzero(np.diff(ordered, prepend=-1))
    place = np.arange(len(order)) - np.repeat(starts, np.diff(starts, append=len(order)))
    return order[place < count[ordered]]


def _kth(rows: Ints, values: Floats, columns: Ints, count: Ints) -> Floats:
    """Per row, the ``count[row]``-th largest of ``values`` (``-inf`` where there are fewer)."""
    kth = np.full(len(count), -np.inf)
    if not len(rows):
        return kth
    order = _order(rows, values, columns)
    ordered = rows[order]
    starts = np.concatenate([[0], np.cumsum(np.bincount(ordered, minlength=len(count)))])
    enough = (np.diff(starts) >= count) & (count > 0)
    kth[enough] = values[order[starts[:-1][enough] + count[enough] - 1]]
    return kth


def _by_length(postings: Postings, w: Any) -> tuple[Ints, Bools]:
    """Each query's entries, padded to a table (-1 beyond a row's end), longest list first."""
    rows = w.shape[0]
    sizes = np.diff(w.indptr)
    width = int(sizes.max(initial=0))
    entry = np.full((rows, width), -1, dtype=np.int64)
    entry_row = _rows(w.indptr)
    entry[entry_row, np.arange(len(w.indices)) - w.indptr[entry_row]] = np.arange(len(w.indices))
    valid = entry >= 0
    length = np.where(valid, postings.length[w.indices[entry]], -1)
    order = np.argsort(-length, axis=1, kind="stable")
    entry = np.take_along_axis(entry, order, axis=1)
    return entry, entry >= 0


def _shortest(postings: Postings, w: Any, entry: Ints, valid: Bools) -> Bools:
    """The entries each query walks for its floor: its shortest lists, :data:`BUDGET` postings
    in all (and at least its shortest)."""
    keep = np.zeros(len(w.indices), dtype=bool)
    if not entry.size:
        return keep
    length = np.where(valid, postings.length[w.indices[entry]], 0)
    # Longest first: walk from the end.
    walked = np.cumsum(length[:, ::-1], axis=1)[:, ::-1]
    shortest = np.sum(valid, axis=1) - 1
    chosen = valid & (walked <= BUDGET)
    chosen[np.arange(len(entry)), np.maximum(shortest, 0)] |= shortest >= 0
    keep[entry[chosen]] = True
    return keep


def _left_out(postings: Postings, w: Any, x: Any, entry: Ints, valid: Bools, limit: Floats) -> tuple[Bools, Floats]:
    """Which entries each query leaves out, and the most they can add to any post's score.

    Per query, its features by decreasing list length: the longest prefix whose
    bound stays below ``limit``.
    """
    rows, width = entry.shape
    left_out = np.zeros(len(w.indices), dtype=bool)
    if width == 0:
        return left_out, np.zeros(rows)
    feature = w.indices[entry]
    group = np.where(valid, postings.group[feature], -1)
    linear = np.where(valid, w.data[entry] * postings.most[feature], 0.0)
    square = np.where(valid, x.data[entry] ** 2, 0.0)
    bound = np.zeros((rows, width))
    for g in np.unique(group[valid]).tolist():
        mine = group == g
        total = np.cumsum(np.where(mine, linear, 0.0), axis=1)
        cauchy = postings.weight[g] * np.sqrt(np.cumsum(np.where(mine, square, 0.0), axis=1))
        bound += np.minimum(total, cauchy)
    bound = bound * (1 + _ROOM) + _TINY
    bound[~valid] = np.inf
    count = (bound < limit[:, None]).sum(axis=1)
    left_out[entry[np.arange(width)[None, :] < count[:, None]]] = True
    most = np.where(count > 0, bound[np.arange(rows), np.maximum(count - 1, 0)], 0.0)
    return left_out, most


def _exact(w: Any, x: Any, query: Ints, candidate: Ints) -> Floats:
    """The relevance of each (query row, candidate post).

    The products of the features both have, in feature order, added one at a
    time: what ``index.dot`` adds, in its order (the features only one of them
    has add 0.0 there, which changes no sum).
    """
    if not len(query):
        return np.zeros(0)
    products = sparse.csr_array(w[query].multiply(x[candidate]))
    products.sort_indices()
    if not products.nnz:
        return np.zeros(len(query))
    sizes = np.diff(products.indptr)
    steps = np.arange(int(sizes.max()))
    inside = steps < sizes[:, None]
    values = np.where(inside, products.data[np.where(inside, products.indptr[:-1, None] + steps, 0)], 0.0)
    # np.cumsum adds left to right, one at a time (np.sum may add pairwise).
    total: Floats = np.cumsum(values, axis=1)[:, -1]
    return total


def best(
    postings: Postings,
    w: Any,
    x: Any,
    selves: Ints,
    wanted: Ints,
    skip: Ints,
    threshold: float,
) -> list[list[tuple[int, float, float]]]:
    """The best ``wanted[i]`` posts for each query ``i``: ``(position, relevance, score)``,
    best first (score, then position).

    :param w: the queries' vectors times their features' weights (CSR, rows × features).
    :param x: the queries' vectors (same layout).
    :param selves: each query's own position, or -1.
    :param skip: ``row * posts + position`` of the posts never to return per query.
    :param threshold: the least relevance (already lowered for rounding).
    """
    posts = postings.x.shape[0]
    recency = postings.recency
    newest = float(recency.max(initial=0.0))
    found: list[list[tuple[int, float, float]]] = [[] for _ in range(w.shape[0])]

    def allowed(rows: Ints, columns: Ints) -> Bools:
        ok: Bools = columns != selves[rows]
        if len(skip):
            ok &= ~np.isin(rows * posts + columns, skip)
        return ok

    def scored(rows: Ints, columns: Ints) -> tuple[Ints, Ints, Floats, Floats]:
        relevance = _exact(w, postings.x, rows, columns)
        shown = (relevance >= threshold) & (relevance > 0.0)
        columns, relevance = columns[shown], relevance[shown]
        return rows[shown], columns, relevance, relevance + recency[columns]

    entry, valid = _by_length(postings, w)
    # 1. A floor: the exact scores of the posts that share most with each query in
    # its shortest lists.
    rows, columns, partial = _product(w, _shortest(postings, w, entry, valid), postings.xt)
    ok = allowed(rows, columns)
    rows, columns = rows[ok], columns[ok]
    pick = _pick(rows, partial[ok] + recency[columns], wanted + SPARE)
    rows, columns = rows[pick], columns[pick]
    picked = rows * posts + columns
    known = scored(rows, columns)
    floor = _kth(known[0], known[3], known[1], wanted)
    # 2. Leave out the longest lists while they cannot lift a post met nowhere else.
    limit = np.maximum(threshold, SHARE * (floor - newest))
    left_out, most = _left_out(postings, w, x, entry, valid, limit)
    rows, columns, partial = _product(w, ~left_out, postings.xt)
    # 3. Score exactly the posts that can still reach the floor; keep the best.
    high = (partial + most[rows]) * (1 + _ROOM)
    room = _ROOM * np.maximum(1.0, np.abs(np.where(np.isfinite(floor), floor, 0.0)))
    hopeful = (high >= threshold) & (high + recency[columns] >= (floor - room)[rows])
    hopeful[hopeful] = allowed(rows[hopeful], columns[hopeful])
    rows, columns = rows[hopeful], columns[hopeful]
    # Those scored for the floor are scored already.
    new = ~np.isin(rows * posts + columns, picked)
    rows, columns, relevance, score = (
        np.concatenate(pair) for pair in zip(known, scored(rows[new], columns[new]), strict=True)
    )
    order = np.argsort(rows, kind="stable")
    rows, columns, relevance, score = rows[order], columns[order], relevance[order], score[order]
    chosen = _first(rows, _order(rows, score, columns), wanted)
    for q, c, r, s in zip(
        rows[chosen].tolist(), columns[chosen].tolist(), relevance[chosen].tolist(), score[chosen].tolist(), strict=True
    ):
        found[q].append((c, r, s))
    return found
