"""Counting the words of many texts at once: ``Counter(tokens(text))`` of each, in bulk.

A 100,000-post site has 30 million words.  Splitting them into 30 million
string objects and counting those in dicts takes about ten seconds of
CPython work.  Here a text that is ASCII (most are) is lowercased and cut
at every non-letter by one ``bytes.translate``, and each word of at most
eight letters becomes a number (five bits a letter).  NumPy then counts
(word, text) pairs by sorting numbers, and only distinct words ever
become strings.  Longer words, and the words of non-ASCII texts, go
through :func:`~coachcontent_related.text.tokens` and a dict.

The result is exactly ``Counter(tokens(text))`` of every text (the tests
check this on texts of every kind), in another form: arrays of
``(text, word, count)``, the words numbered in a vocabulary.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Collection, Sequence
from concurrent.futures import ThreadPoolExecutor
from typing import TypeVar

import numpy as np
import numpy.typing as npt
from attrs import frozen

from coachcontent_related.text import tokens

Ints = npt.NDArray[np.int64]
T = TypeVar("T")

#: ASCII lowercased, every other byte a space: what ``str.lower`` and the separators of ``tokens`` do.
_LOWER = bytes(c + 32 if 65 <= c <= 90 else c if 97 <= c <= 122 else 32 for c in range(256))
#: Letters in a 40-bit word number.
_LETTERS = 8
#: A word number times 2**13 plus a text's number in its batch is exact as a float64.
_TEXT_BITS = 13
#: Texts per batch (at most 2**13): small batches keep NumPy's arrays small, below
#: the 4 MB from which it asks for huge pages (that some kernels hand out slowly).
BATCH = 1024
#: Keep the word's first ``length`` bytes of a big-endian 8-byte window (indexed by length).
_MASKS = np.array([0] + [((1 << (8 * n)) - 1) << (8 * (8 - n)) for n in range(1, 9)], dtype=np.uint64)
_SHIFTS = np.arange(5 * (_LETTERS - 1), -1, -5, dtype=np.int64)


@frozen
class Batch:
    """The words of up to :data:`BATCH` consecutive texts: one entry per (text, word) pair.

    :param first: the index of the batch's first text.
    :param text: the text of each pair, counted from ``first``.
    :param word: the word's number.
    :param count: how often the word occurs in the text.
    """

    first: int
    text: npt.NDArray[np.uint16]
    word: npt.NDArray[np.int32]
    count: npt.NDArray[np.uint16] | npt.NDArray[np.int32]


@frozen
class WordCounts:
    """The words of a list of texts.

    :param words: the vocabulary, by word number: every word met.
    :param batches: the pairs kept, batch after batch of texts.
    """

    words: list[str]
    batches: list[Batch]

    def df(self) -> Ints:
        """By word number, how many texts have the word (0 for words whose pairs were not kept)."""
        df = np.zeros(len(self.words), dtype=np.int64)
        for batch in self.batches:
            df += np.bincount(batch.word, minlength=len(self.words))
        return df


def _key(word: str) -> int | None:
    """The 40-bit number of a word of at most 8 letters a–z, else ``None``."""
    if len(word) > _LETTERS or not word.isascii() or not word.isalpha() or not word.islower():
        return None
    key = 0
    for position, letter in enumerate(word):
        key |= (ord(letter) & 31) << (5 * (_LETTERS - 1 - position))
    return key


def _decode(keys: Ints) -> list[str]:
    """The words of 40-bit numbers."""
    letters = ((keys[:, None] >> _SHIFTS) & 31).astype(np.uint8)
    letters[letters > 0] += 96
    # Fixed-width byte strings drop their trailing zero bytes.
    return [word.decode("ascii") for word in letters.view(f"S{_LETTERS}").ravel().tolist()]


class _Vocabulary:
    """Numbers of words: short ASCII words by their 40-bit number, others by string."""

    def __init__(self, min_length: int, stop: Collection[str]) -> None:
        self.size = 0
        self._kept = np.zeros(1024, dtype=bool)
        self._min_length = min_length
        self._stop = stop
        self._stop_keys = np.array(sorted(k for w in stop if (k := _key(w)) is not None), dtype=np.int64)
        self._keys: Ints = np.zeros(0, dtype=np.int64)  # sorted
        self._key_numbers: Ints = np.zeros(0, dtype=np.int64)
        self._strings: dict[str, int] = {}

    @property
    def kept(self) -> npt.NDArray[np.bool_]:
        """By word number: whether pairs of the word are kept."""
        return self._kept[: self.size]

    def _grow(self, kept: npt.NDArray[np.bool_]) -> Ints:
        numbers = np.arange(self.size, self.size + len(kept), dtype=np.int64)
        if self.size + len(kept) > len(self._kept):
            self._kept = np.resize(self._kept, 2 * (self.size + len(kept)))
        self._kept[self.size : self.size + len(kept)] = kept
        self.size += len(kept)
        return numbers

    def of_keys(self, keys: Ints) -> Ints:
        """Numbers of sorted, distinct 40-bit numbers (new ones numbered in order)."""
        at = np.searchsorted(self._keys, keys)
        known = at < len(self._keys)
        known[known] = self._keys[at[known]] == keys[known]
        numbers = np.empty(len(keys), dtype=np.int64)
        numbers[known] = self._key_numbers[at[known]]
        new = keys[~known]
        if len(new):
            letters = ((new[:, None] >> _SHIFTS) & 31) > 0
            long_enough = letters.sum(axis=1) >= self._min_length
            stop = np.isin(new, self._stop_keys)
            numbers[~known] = fresh = self._grow(long_enough & ~stop)
            where = np.searchsorted(self._keys, new)
            self._keys = np.insert(self._keys, where, new)
            self._key_numbers = np.insert(self._key_numbers, where, fresh)
        return numbers

    def of_strings(self, words: list[str]) -> Ints:
        """Numbers of words (any words: those with a 40-bit number are looked up by it)."""
        numbers = np.empty(len(words), dtype=np.int64)
        keyed: dict[int, list[int]] = {}
        for i, word in enumerate(words):
            key = _key(word)
            if key is not None:
                keyed.setdefault(key, []).append(i)
                continue
            number = self._strings.get(word)
            if number is None:
                keep = len(word) >= self._min_length and word not in self._stop
                number = self._strings[word] = int(self._grow(np.array([keep]))[0])
            numbers[i] = number
        if keyed:
            keys = np.array(sorted(keyed), dtype=np.int64)
            for key, number in zip(keys.tolist(), self.of_keys(keys).tolist(), strict=True):
                numbers[keyed[key]] = number
        return numbers

    def words(self) -> list[str]:
        """Every word, by number."""
        words = [""] * self.size
        for number, word in zip(self._key_numbers.tolist(), _decode(self._keys), strict=True):
            words[number] = word
        for word, number in self._strings.items():
            words[number] = word
        return words


def _pairs(numbers: Ints, texts: Ints) -> tuple[Ints, Ints, Ints]:
    """The distinct ``(number, text)`` pairs, sorted, with how often each occurs.

    Sorts ``number * 2**13 + text`` (below 2**53 for numbers below 2**40: exact
    as a float64, which NumPy sorts fastest).
    """
    combined = np.sort(((numbers << _TEXT_BITS) | texts).astype(np.float64)).astype(np.int64)
    first = np.flatnonzero(np.diff(combined, prepend=-1))
    counts = np.diff(first, append=len(combined))
    distinct = combined[first]
    return distinct >> _TEXT_BITS, distinct & ((1 << _TEXT_BITS) - 1), counts


@frozen
class _Found:
    """The (text, word, count) pairs of a batch of texts, words not numbered yet.

    Short ASCII words by their 40-bit number (``keys``, sorted; ``key`` indexes
    it per pair), other words by string (``strings``; ``string`` indexes it).
    """

    keys: Ints
    key: Ints
    key_text: Ints
    key_count: Ints
    strings: list[str]
    string: Ints
    string_text: Ints
    string_count: Ints


def _find(texts: list[str]) -> _Found:
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
    short = lengths <= _LETTERS
    # The 8 bytes from each word's start as one big-endian number; keep the word's
    # own bytes, then 5 bits a letter ("a" is 1, a kept space 0), 40 bits in all.
    windows = np.ndarray(shape=(len(lowered) - 7,), dtype=">u8", buffer=lowered, strides=(1,))
    value = windows[starts[short]].astype(np.uint64)
    value &= _MASKS[lengths[short]]
    value &= np.uint64(0x1F1F1F1F1F1F1F1F)
    value = (value & np.uint64(0x00FF00FF00FF00FF)) | ((value & np.uint64(0xFF00FF00FF00FF00)) >> np.uint64(3))
    value = (value & np.uint64(0x0000FFFF0000FFFF)) | ((value & np.uint64(0xFFFF0000FFFF0000)) >> np.uint64(6))
    value = (value & np.uint64(0x00000000FFFFFFFF)) | ((value & np.uint64(0xFFFFFFFF00000000)) >> np.uint64(12))
    keys, key_text, key_count = _pairs(value.astype(np.int64), text_of[short])
    first = np.flatnonzero(np.diff(keys, prepend=-1))
    key = np.repeat(np.arange(len(first), dtype=np.int64), np.diff(first, append=len(keys)))
    # Longer words, and the words of other texts, by string.
    number: dict[str, int] = {}
    spans = zip(starts[~short].tolist(), ends[~short].tolist(), strict=True)
    words = [number.setdefault(lowered[start:end].decode("ascii"), len(number)) for start, end in spans]
    string, string_text, string_count = _pairs(np.array(words, dtype=np.int64), text_of[~short])
    extra: list[tuple[int, int, int]] = []
    for i, text in enumerate(texts):
        if not text.isascii():
            extra.extend((i, number.setdefault(word, len(number)), n) for word, n in Counter(tokens(text)).items())
    if extra:
        more = np.array(extra, dtype=np.int64).reshape(-1, 3)
        string_text = np.concatenate([string_text, more[:, 0]])
        string = np.concatenate([string, more[:, 1]])
        string_count = np.concatenate([string_count, more[:, 2]])
    return _Found(
        keys=keys[first],
        key=key,
        key_text=key_text,
        key_count=key_count,
        strings=list(number),
        string=string,
        string_text=string_text,
        string_count=string_count,
    )


def count_words(
    items: Sequence[T], text: Callable[[T], str], *, min_length: int, stop: Collection[str], workers: int = 1
) -> WordCounts:
    """``Counter(tokens(text(item)))`` of every item, as arrays of ``(item, word, count)``.

    Every word is numbered, but pairs are kept only for the words that can
    describe a post: ``min_length`` letters or more, not in ``stop``.  Batches
    of items are read on up to ``workers`` threads; the words are numbered in
    the order of the batches all the same.
    """
    vocabulary = _Vocabulary(min_length, stop)
    batches: list[Batch] = []

    def find(first: int) -> _Found:
        return _find([text(item) for item in items[first : first + BATCH]])

    firsts = range(0, len(items), BATCH)
    with ThreadPoolExecutor(max(1, workers)) as pool:
        for first, found in zip(firsts, pool.map(find, firsts) if workers > 1 else map(find, firsts), strict=True):
            word = np.concatenate(
                [vocabulary.of_keys(found.keys)[found.key], vocabulary.of_strings(found.strings)[found.string]]
            )
            kept = vocabulary.kept[word]
            count = np.concatenate([found.key_count, found.string_count])[kept]
            batches.append(
                Batch(
                    first=first,
                    text=np.concatenate([found.key_text, found.string_text]).astype(np.uint16)[kept],
                    word=word[kept].astype(np.int32),
                    # Small: 30 million pairs on a big site.
                    count=count.astype(np.uint16 if count.max(initial=0) < 2**16 else np.int32),
                )
            )
    return WordCounts(words=vocabulary.words(), batches=batches)
