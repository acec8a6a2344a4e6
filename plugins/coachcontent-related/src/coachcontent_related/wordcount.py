"""Counting the words of many texts at once: ``Counter(tokens(text))`` of each, in bulk.

A 100,000-post site has 30 million words.  Splitting them into 30 million
string objects and counting those in dicts takes about ten seconds of
CPython work.  Here a text that is ASCII (most are) is lowercased and cut
at every non-letter by one ``bytes.translate``, and each word of at most
twelve letters becomes a number (five bits a letter, the first letter
highest, so that the numbers sort as the words do).  NumPy then counts
(word, text) pairs by sorting numbers, and only distinct words ever
become strings.  Longer words, and the words of non-ASCII texts, go
through :func:`~coachcontent_related.text.tokens` and a dict.

Only the words that can describe a post are counted: ``min_length``
letters or more, not stop words.  The result is exactly
``Counter(tokens(text))`` of every text for those words (the tests check
this on texts of every kind), in another form: arrays of ``(text, word,
count)``, the words numbered in a vocabulary.

Batches of texts are read on several threads (NumPy lets go of Python's
lock); each numbers the words it met in its own order, and the words of
all batches are numbered once at the end: short words in alphabetical
order, then the others in alphabetical order.  Batches are aligned on the
last text (the first batch is the partial one), so that a text added or
removed at the front (a new post, newest first) changes the first batch
only, and a :class:`~coachcontent_related.wordcache.WordCache` keeps each
batch's words for the next build: only batches whose texts changed are
read again.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Collection, Sequence
from concurrent.futures import ThreadPoolExecutor
from typing import TYPE_CHECKING, TypeVar

import numpy as np
import numpy.typing as npt
from attrs import evolve, field, frozen

from coachcontent_related.text import tokens

if TYPE_CHECKING:
    from coachcontent_related.wordcache import WordCache

Ints = npt.NDArray[np.int64]
T = TypeVar("T")

#: ASCII lowercased, every other byte a space: what ``str.lower`` and the separators of ``tokens`` do.
_LOWER = bytes(c + 32 if 65 <= c <= 90 else c if 97 <= c <= 122 else 32 for c in range(256))
#: Letters in a word number: 60 bits.  Words of up to 8 letters (most) are counted
#: by their first 40 bits, which leave room for a text's number in 64.
_LETTERS = 12
_SHORT = 8
_LOW = 5 * (_LETTERS - _SHORT)
#: A word number (below 2**50) times 2**13 plus a text's number in its batch fits 63 bits.
_TEXT_BITS = 13
#: Texts per batch (at most 2**13): small batches keep NumPy's arrays small, below
#: the 4 MB from which it asks for huge pages (that some kernels hand out slowly),
#: and a batch is what a rebuild counts again after an edit (256 posts: 20 ms at
#: 5,000 posts, against 80 ms for 1,024; counting everything is no slower).
BATCH = 256
#: Keep the word's first ``length`` bytes of a big-endian 8-byte window (indexed by length).
_MASKS = np.array([0] + [((1 << (8 * n)) - 1) << (8 * (8 - n)) for n in range(1, 9)], dtype=np.uint64)
_MASKS &= np.uint64(0x1F1F1F1F1F1F1F1F)
#: Closing the gaps between 5-bit letters in 8-bit bytes: pairs, then fours, then eights.
_COMPACT = [
    (np.uint64(0x00FF00FF00FF00FF), np.uint64(3)),
    (np.uint64(0x0000FFFF0000FFFF), np.uint64(6)),
    (np.uint64(0x00000000FFFFFFFF), np.uint64(12)),
]
_SHIFTS = np.arange(5 * (_LETTERS - 1), -1, -5, dtype=np.int64)


@frozen
class Batch:
    """The words of up to :data:`BATCH` consecutive texts: one entry per (text, word) pair.

    :param first: the index of the batch's first text.
    :param text: the text of each pair, counted from ``first``.
    :param word: the word, as an index into ``vocabulary``.
    :param count: how often the word occurs in the text.
    :param vocabulary: the numbers of the words the batch met (a word met in ASCII texts
        and in others may be there twice).
    """

    first: int
    text: npt.NDArray[np.uint16]
    word: npt.NDArray[np.int32]
    count: npt.NDArray[np.uint16] | npt.NDArray[np.int32]
    vocabulary: Ints = field(factory=lambda: np.zeros(0, dtype=np.int64))


@frozen
class WordCounts:
    """The words of a list of texts.

    :param words: the vocabulary, by word number: every word counted.
    :param batches: the pairs, batch after batch of texts.
    :param reused: how many texts' words came from a cache rather than being read.
    """

    words: list[str]
    batches: list[Batch]
    reused: int = 0

    def df(self) -> Ints:
        """By word number, how many texts have the word."""
        df = np.zeros(len(self.words), dtype=np.int64)
        for batch in self.batches:
            # (A word can be in a batch's vocabulary twice: spelled in ASCII texts and in others.)
            np.add.at(df, batch.vocabulary, np.bincount(batch.word, minlength=len(batch.vocabulary)))
        return df


def _key(word: str) -> int | None:
    """The 60-bit number of a word of at most 12 letters a–z, else ``None``."""
    if len(word) > _LETTERS or not word.isascii() or not word.isalpha() or not word.islower():
        return None
    key = 0
    for position, letter in enumerate(word):
        key |= (ord(letter) & 31) << (5 * (_LETTERS - 1 - position))
    return key


def _decode(keys: Ints) -> list[str]:
    """The words of 60-bit numbers."""
    letters = ((keys[:, None] >> _SHIFTS) & 31).astype(np.uint8)
    letters[letters > 0] += 96
    # Fixed-width byte strings drop their trailing zero bytes.
    return [word.decode("ascii") for word in letters.view(f"S{_LETTERS}").ravel().tolist()]


def _new(ordered: Ints) -> npt.NDArray[np.bool_]:
    """Which entries of a sorted array differ from the one before (the first does)."""
    new: npt.NDArray[np.bool_] = np.ones(len(ordered), dtype=bool)
    np.not_equal(ordered[1:], ordered[:-1], out=new[1:])
    return new


def _distinct(values: Ints) -> Ints:
    """The distinct values, ascending (a sort: NumPy's ``unique`` hashes, many times slower here)."""
    ordered = np.sort(values)
    return ordered[_new(ordered)]


def _pairs(numbers: Ints, texts: Ints) -> tuple[Ints, Ints, Ints]:
    """The distinct ``(number, text)`` pairs, sorted, with how often each occurs
    (numbers below 2**50)."""
    combined = numbers << _TEXT_BITS
    combined |= texts
    combined.sort()
    first = np.flatnonzero(_new(combined))
    counts = np.diff(first, append=len(combined))
    distinct = combined[first]
    return distinct >> _TEXT_BITS, distinct & ((1 << _TEXT_BITS) - 1), counts


@frozen
class _Found:
    """The (text, word, count) pairs of a batch of texts, with the batch's own numbers
    of words: its short ASCII words by their 40-bit number first (``keys``, ascending),
    then its other words (``strings``)."""

    keys: Ints
    strings: list[str]
    batch: Batch


def _numbers(lowered: bytes, starts: Ints, lengths: Ints) -> Ints:
    """The 40-bit numbers of the words of at most 8 letters at ``starts``."""
    # The 8 bytes from each word's start as one big-endian number; keep the word's
    # own bytes, 5 bits of each ("a" is 1, a kept space 0), then close the gaps
    # between them: 40 bits in all.  In place: these arrays are large.
    windows = np.ndarray(shape=(len(lowered) - 7,), dtype=">u8", buffer=lowered, strides=(1,))
    value = windows[starts].astype(np.uint64)
    value &= _MASKS[lengths]
    for keep, shift in _COMPACT:
        moved = value & ~keep
        value &= keep
        moved >>= shift
        value |= moved
    numbers: Ints = value.view(np.int64)
    return numbers


class _Words:
    """What counts as a word: ``min_length`` letters or more, not in ``stop``."""

    def __init__(self, min_length: int, stop: Collection[str]) -> None:
        self.min_length = min_length
        self.stop = stop
        self.stop_keys = np.array(sorted(k for w in stop if (k := _key(w)) is not None), dtype=np.int64)

    def stopped(self, keys: Ints) -> npt.NDArray[np.bool_]:
        """Which of the 40-bit numbers are stop words."""
        if not len(self.stop_keys):
            return np.zeros(len(keys), dtype=bool)
        at = np.minimum(np.searchsorted(self.stop_keys, keys), len(self.stop_keys) - 1)
        stopped: npt.NDArray[np.bool_] = self.stop_keys[at] == keys
        return stopped

    def counts(self, word: str) -> bool:
        return len(word) >= self.min_length and word not in self.stop


def _find(texts: list[str], first: int, words: _Words) -> _Found:
    """The words of a batch of texts (thread-safe: no shared state)."""
    plain = [i for i, text in enumerate(texts) if text.isascii()]
    ascii_texts = [texts[i] for i in plain]
    # One space in front, so that every word has a start; eight behind, for the windows.
    offsets = np.cumsum([1] + [len(text) + 1 for text in ascii_texts], dtype=np.int64)
    lowered = b" " + "\n".join(ascii_texts).encode("ascii").translate(_LOWER) + b" " * 8
    letter = np.frombuffer(lowered, dtype=np.uint8) != 32
    # Where runs of letters start and stop, alternately.
    bounds = np.flatnonzero(letter[1:] != letter[:-1]) + 1
    starts = bounds[0::2]
    ends = bounds[1::2]
    text_of = np.repeat(np.array(plain, dtype=np.int64), np.diff(np.searchsorted(starts, offsets)))
    lengths = ends - starts
    # Words too short to count are left out first.
    long_enough = lengths >= words.min_length
    # (Indexes, not masks: a mask is searched again each time it is used.)
    short = np.flatnonzero(long_enough & (lengths <= _SHORT))
    key, key_text, key_count = _pairs(_numbers(lowered, starts[short], lengths[short]), text_of[short])
    # The batch's distinct short words, and each pair's index among them.
    new = _new(key)
    short_keys = key[new] << _LOW
    short_index = np.cumsum(new) - 1
    # Words of 9 to 12 letters: 60-bit numbers, numbered among themselves before pairing.
    medium = np.flatnonzero(long_enough & (lengths > _SHORT) & (lengths <= _LETTERS))
    mid_starts, mid_lengths = starts[medium], lengths[medium]
    tail = _numbers(lowered, mid_starts + _SHORT, mid_lengths - _SHORT) >> (40 - _LOW)
    mid = _numbers(lowered, mid_starts, np.full(len(mid_starts), _SHORT)) << _LOW | tail
    medium_keys = _distinct(mid)
    mid, mid_text, mid_count = _pairs(np.searchsorted(medium_keys, mid), text_of[medium])
    keys = np.concatenate([short_keys, medium_keys])
    index = np.concatenate([short_index, mid + len(short_keys)])
    key_text, key_count = np.concatenate([key_text, mid_text]), np.concatenate([key_count, mid_count])
    # Stop words out.
    counted = ~words.stopped(keys)
    renumber = np.cumsum(counted) - 1
    kept = counted[index]
    keys, key_index, key_text, key_count = keys[counted], renumber[index[kept]], key_text[kept], key_count[kept]
    # Longer words, and the words of other texts, by string.
    number: dict[str, int] = {}
    long = np.flatnonzero(long_enough & (lengths > _LETTERS))
    spans = zip(starts[long].tolist(), ends[long].tolist(), strict=True)
    found = [lowered[start:end].decode("ascii") for start, end in spans]
    found_text = text_of[long]
    if words.stop:
        chosen = np.array([word not in words.stop for word in found], dtype=bool)
        found, found_text = [word for word, ok in zip(found, chosen.tolist(), strict=True) if ok], found_text[chosen]
    numbers = [number.setdefault(word, len(number)) for word in found]
    string, string_text, string_count = _pairs(np.array(numbers, dtype=np.int64), found_text)
    extra: list[tuple[int, int, int]] = []
    for i, text in enumerate(texts):
        if not text.isascii():
            counts = Counter(word for word in tokens(text) if words.counts(word))
            extra.extend((i, number.setdefault(word, len(number)), n) for word, n in counts.items())
    if extra:
        more = np.array(extra, dtype=np.int64).reshape(-1, 3)
        string_text = np.concatenate([string_text, more[:, 0]])
        string = np.concatenate([string, more[:, 1]])
        string_count = np.concatenate([string_count, more[:, 2]])
    count = np.concatenate([key_count, string_count])
    small: npt.NDArray[np.uint16] | npt.NDArray[np.int32] = (
        count.astype(np.uint16) if count.max(initial=0) < 2**16 else count.astype(np.int32)
    )
    batch = Batch(
        first=first,
        text=np.concatenate([key_text, string_text]).astype(np.uint16),
        word=np.concatenate([key_index, string + len(keys)]).astype(np.int32),
        # Small: 30 million pairs on a big site.
        count=small,
    )
    return _Found(keys=keys, strings=list(number), batch=batch)


def batch_bounds(count: int) -> list[tuple[int, int]]:
    """The ``(start, end)`` of each batch of ``count`` texts: :data:`BATCH` texts each,
    counted from the last text, so that only the first batch may hold fewer."""
    size = BATCH
    starts = list(range(count - size, 0, -size))[::-1]
    return list(zip([0, *starts], [*starts, count], strict=True)) if count else []


def count_words(
    items: Sequence[T],
    text: Callable[[T], str],
    *,
    min_length: int,
    stop: Collection[str],
    workers: int = 1,
    cache: WordCache | None = None,
    source: Callable[[T], str] | None = None,
) -> WordCounts:
    """``Counter(tokens(text(item)))`` of every item, as arrays of ``(item, word, count)``,
    for the words that can describe a post: ``min_length`` letters or more, not in ``stop``.

    Batches of items are read on up to ``workers`` threads; the words are
    numbered in alphabetical order (short ASCII words first) all the same.

    :param cache: where the words of each batch are kept between calls: a batch whose
        items' sources, ``min_length`` and ``stop`` are those of a batch kept is not
        read again.  The result is the same with or without.
    :param source: per item, a string that determines ``text(item)`` (and is cheaper to
        get); by default the text itself.
    """
    words = _Words(min_length, stop)
    bounds = batch_bounds(len(items))
    digests: list[str] = []
    if cache is not None:
        of = text if source is None else source
        digests = cache.digests(
            ((end - start, map(of, items[start:end])) for start, end in bounds), min_length=min_length, stop=stop
        )
    reused = [False] * len(bounds)

    def find(batch: int) -> _Found:
        start, end = bounds[batch]
        if cache is not None:
            kept = cache.get(digests[batch], start, end - start)
            if kept is not None:
                reused[batch] = True
                return kept
        return _find([text(item) for item in items[start:end]], start, words)

    with ThreadPoolExecutor(max(1, min(workers, len(bounds)))) as pool:
        run = pool.map if workers > 1 and len(bounds) > 1 else map
        founds: list[_Found] = []
        # The 60-bit numbers met, merged while the other batches are read.
        known = np.zeros(0, dtype=np.int64)
        pending: list[Ints] = []
        for found in run(find, range(len(bounds))):
            founds.append(found)
            pending.append(found.keys)
            if sum(len(keys) for keys in pending) > 4 * len(known):
                known, pending = _distinct(np.concatenate([known, *pending])), []
        if cache is not None:
            cache.keep(
                [
                    (digest, end - start, found)
                    for digest, (start, end), found in zip(digests, bounds, founds, strict=True)
                ]
            )
        # Number the words of all batches.  A word that a non-ASCII text spelled as a
        # string but that has a 60-bit number is numbered as one.
        met = set().union(*(found.strings for found in founds))
        keyed = {word: key for word in met if (key := _key(word)) is not None}
        keys = _distinct(np.concatenate([known, *pending, np.array(list(keyed.values()), dtype=np.int64)]))
        strings = sorted(met - keyed.keys())
        string_number = {word: len(keys) + i for i, word in enumerate(strings)}
        if keyed:
            string_number.update(zip(keyed, np.searchsorted(keys, list(keyed.values())).tolist(), strict=True))

        def numbered(found: _Found) -> Batch:
            vocabulary = np.concatenate(
                [
                    np.searchsorted(keys, found.keys),
                    np.array([string_number[word] for word in found.strings], dtype=np.int64),
                ]
            )
            return evolve(found.batch, vocabulary=vocabulary)

        batches = list(run(numbered, founds))
    return WordCounts(
        words=_decode(keys) + strings,
        batches=batches,
        reused=sum(end - start for (start, end), kept in zip(bounds, reused, strict=True) if kept),
    )
