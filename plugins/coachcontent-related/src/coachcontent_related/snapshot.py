"""What one build ranked, kept for the next build of the same site.

A rebuild after an edit usually changes one post, if any.  Its vector may
change, and with it its scores with every post; every other score stays
what it was (a score is the query's weighted vector times the other
post's, plus the other post's recency bonus).  So when nothing but a few
posts' vectors changed, the last build's ranking of every post whose
ranking cannot have changed is kept, and only the others are searched
again: the result is exactly that of ranking everything.

The snapshot holds the posts' vectors (the rows of the index's matrix) and
the scored part of every ranking, and a digest of everything else the
scores depend on (:func:`key_of`): settings, the posts in order, the
features and their weights, the recency bonuses.  It lives in memory (the
dev server rebuilds in one process) and in the site's
:attr:`~coachcontent.Site.cache_dir` as ``related.npz``, read with
``allow_pickle=False`` (arrays only).  A snapshot that is missing, corrupt,
or made for other inputs is not used.
"""

from __future__ import annotations

import hashlib
import threading
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt
import scipy.sparse as sparse  # type: ignore[import-untyped,unused-ignore]
from attrs import frozen

from coachcontent_related.npzfile import READ_ERRORS, write_arrays

Ints = npt.NDArray[np.int64]
Floats = npt.NDArray[np.float64]

#: The file in the site's cache folder.
FILE = "related.npz"
#: Changed when the meaning of the arrays changes.
FORMAT = 1
#: Above this share of posts whose vectors changed, every post is ranked again.
CHANGED_SHARE = 0.1
#: Room for rounding when deciding whether a new score can enter a ranking: a product
#: summed in another order than the exact scores may differ in its last bits.
_ROOM = 1e-9

_MEMORY: dict[str, Snapshot] = {}
_LOCK = threading.Lock()


@frozen(eq=False)
class Snapshot:
    """The vectors and rankings of one build.

    :param key: :func:`key_of` everything the scores depend on besides the vectors.
    :param indptr: row starts of the vectors (posts × features, CSR).
    :param indices: the features of the vectors, row by row.
    :param data: their values.
    :param related: per post, the positions of its scored relatives (-1 past the last).
    :param values: per post and relative, relevance and score.
    """

    key: str
    indptr: Ints
    indices: Ints
    data: Floats
    related: Ints
    values: Floats

    @property
    def posts(self) -> int:
        """How many posts it covers."""
        return len(self.indptr) - 1


def key_of(parts: Sequence[object]) -> str:
    """The digest of what a snapshot is valid for (arrays by their bytes, the rest by ``repr``)."""
    digest = hashlib.sha256(f"coachcontent-related-snapshot-{FORMAT}\n".encode())
    for part in parts:
        if isinstance(part, np.ndarray):
            digest.update(part.dtype.str.encode() + repr(part.shape).encode() + part.tobytes())
        else:
            digest.update(repr(part).encode("utf-8", "surrogatepass"))
        digest.update(b"\0")
    return digest.hexdigest()


def take(key: str, x: Any, related: Ints, values: Floats) -> Snapshot:
    """A snapshot of an index's vectors ``x`` and its ranking arrays."""
    return Snapshot(
        key=key,
        indptr=np.asarray(x.indptr, dtype=np.int64).copy(),
        indices=np.asarray(x.indices, dtype=np.int64).copy(),
        data=np.asarray(x.data, dtype=np.float64).copy(),
        related=related.copy(),
        values=values.copy(),
    )


def _checked(arrays: Any) -> Snapshot | None:
    """A snapshot from arrays read back, or ``None`` when anything is off."""
    if int(arrays["format"]) != FORMAT:
        return None
    snapshot = Snapshot(
        key=str(arrays["key"]),
        indptr=np.asarray(arrays["indptr"], dtype=np.int64),
        indices=np.asarray(arrays["indices"], dtype=np.int64),
        data=np.asarray(arrays["data"], dtype=np.float64),
        related=np.asarray(arrays["related"], dtype=np.int64),
        values=np.asarray(arrays["values"], dtype=np.float64),
    )
    posts = snapshot.posts
    starts = snapshot.indptr
    if posts < 0 or starts[0] != 0 or starts[-1] != len(snapshot.indices) or np.any(np.diff(starts) < 0):
        return None
    if len(snapshot.data) != len(snapshot.indices) or snapshot.related.ndim != 2 or len(snapshot.related) != posts:
        return None
    if snapshot.values.shape != (*snapshot.related.shape, 2):
        return None
    if snapshot.related.size and (snapshot.related.min() < -1 or snapshot.related.max() >= posts):
        return None
    return snapshot


def load(folder: str | None) -> Snapshot | None:
    """The last snapshot kept for the site whose cache folder is ``folder`` (``None``: none)."""
    if folder is None:
        return None
    with _LOCK:
        found = _MEMORY.get(folder)
    if found is not None:
        return found
    try:
        # The file opened here, so that it is closed whatever np.load makes of it.
        with (Path(folder) / FILE).open("rb") as stream, np.load(stream, allow_pickle=False) as arrays:
            return _checked(arrays)
    except READ_ERRORS:
        return None  # missing, cut short or corrupt: rank everything


def forget() -> None:
    """Drop the snapshot held in memory (the next build reads the cache folder's)."""
    with _LOCK:
        _MEMORY.clear()


def save(folder: str | None, snapshot: Snapshot) -> None:
    """Keep ``snapshot`` for the next build: in memory, and in ``folder`` when it exists
    (written whole, then renamed into place: never half a snapshot)."""
    if folder is None:
        return
    with _LOCK:
        _MEMORY.clear()  # one site at a time, as a dev server serves one
        _MEMORY[folder] = snapshot
    target = Path(folder)
    if not target.is_dir():
        return
    arrays: dict[str, Any] = {
        "format": np.array(FORMAT, dtype=np.int64),
        "key": np.array(snapshot.key),
        "indptr": snapshot.indptr,
        "indices": snapshot.indices,
        "data": snapshot.data,
        "related": snapshot.related,
        "values": snapshot.values,
    }
    write_arrays(target, FILE, arrays)


def changed_rows(previous: Snapshot, x: Any) -> Ints:
    """The posts whose vector differs from the snapshot's (same posts, same features)."""
    indptr = np.asarray(x.indptr, dtype=np.int64)
    lengths = np.diff(indptr)
    differ = lengths != np.diff(previous.indptr)
    same = np.flatnonzero(~differ)
    sizes = lengths[same]
    if sizes.sum():
        # Entry by entry, for the rows of the same length: both layouts line up there.
        offset = np.arange(int(sizes.sum())) - np.repeat(np.cumsum(sizes) - sizes, sizes)
        now = np.repeat(indptr[same], sizes) + offset
        then = np.repeat(previous.indptr[same], sizes) + offset
        unequal = (np.asarray(x.indices, dtype=np.int64)[now] != previous.indices[then]) | (
            np.asarray(x.data, dtype=np.float64)[now] != previous.data[then]
        )
        differ[same[np.unique(np.repeat(np.arange(len(same)), sizes)[unequal])]] = True
    return np.flatnonzero(differ).astype(np.int64)


def reuse(
    previous: Snapshot,
    x: Any,
    w: Any,
    recency: Floats,
    threshold: float,
    pinners: set[int],
    related: Ints,
    values: Floats,
) -> Ints | None:
    """Fill ``related`` and ``values`` (an index's ranking arrays, posts × limit) from
    ``previous`` for every post whose ranking cannot have changed, and return the positions
    of the posts to rank again; ``None`` when too much changed (rank everything).

    ``previous`` must have been made for the same inputs (:func:`key_of`), so only vectors
    can differ.  A post is ranked again when its own vector changed, when its ranking held
    a post whose vector changed, when it pins or excludes posts (``pinners``), or when its
    new score with a changed post could enter its ranking (at or above its last score,
    ties included, or anywhere in a ranking that is not full).
    """
    posts, limit = related.shape
    if previous.related.shape != related.shape:
        return None
    changed = changed_rows(previous, x)
    if len(changed) > CHANGED_SHARE * posts:
        return None
    again = np.zeros(posts, dtype=bool)
    again[changed] = True
    again[sorted(pinners)] = True
    if len(changed) and limit:
        again |= np.isin(previous.related, changed).any(axis=1)
        # The new relevance of every post with each changed post: can it enter the ranking?
        product = sparse.csr_array(w @ sparse.csr_array(x[changed]).T)
        row = np.repeat(np.arange(posts), np.diff(product.indptr))
        other = changed[product.indices]
        relevance = product.data
        score = relevance + recency[other]
        room = _ROOM * np.maximum(1.0, np.abs(score))
        full = previous.related[row, limit - 1] >= 0
        last = previous.values[row, limit - 1, 1]
        enters = (relevance >= threshold - room) & (~full | (score >= last - room)) & (row != other)
        again[row[enters]] = True
    keep = ~again
    related[keep] = previous.related[keep]
    values[keep] = previous.values[keep]
    return np.flatnonzero(again).astype(np.int64)
