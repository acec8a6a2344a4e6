"""The words of each batch of posts, kept for the next build.

Counting the words of every post (:mod:`.wordcount`) is most of what
building the index costs once the rankings are kept (:mod:`.snapshot`).
A rebuild after an edit changes one post, so one batch of texts: the
words of every other batch are what the last build counted.  Each batch's
result is kept under a digest of exactly what counting it reads (each
post's source, which determines its text, the words that count: minimum
length and stop words, and :data:`FORMAT`), so that a batch is counted
again only when one of its posts changed, and what is kept can never be
used for other texts.

Kept in the site's :attr:`~coachcontent.Site.cache_dir`, in its
``related-words/`` folder (a site without one keeps nothing): one file per batch, named by its digest
(``<digest>.npz``, arrays only, read with ``allow_pickle=False``), written
whole then renamed into place.  A build writes only the batches not there
yet, then removes the files no batch of it uses.  A file that is missing,
corrupt or not what its name says is not used: the batch is counted.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import re
from collections.abc import Collection, Iterable, Sequence
from pathlib import Path
from typing import Any

import numpy as np
from attrs import evolve

from coachcontent_related.npzfile import READ_ERRORS, write_arrays
from coachcontent_related.wordcount import Batch, _Found

#: The folder in the site's cache folder.
FOLDER = "related-words"
#: Changed when what a batch's arrays mean changes (``_find``, ``extract_text``, ``tokens``).
FORMAT = 1
_NAME = re.compile(r"[0-9a-f]{64}\.npz")


def _read(path: Path, digest: str, texts: int) -> _Found | None:
    """The batch kept in ``path``, or ``None`` when it is not a good one."""
    try:
        # The file opened here, so that it is closed whatever np.load makes of it.
        with path.open("rb") as stream, np.load(stream, allow_pickle=False) as arrays:
            return _checked(arrays, digest, texts)
    except READ_ERRORS:
        return None  # missing, cut short or corrupt: count the batch


def _checked(arrays: Any, digest: str, texts: int) -> _Found | None:
    """A batch from arrays read back, or ``None`` when anything is off."""
    if int(arrays["format"]) != FORMAT or str(arrays["digest"]) != digest or int(arrays["texts"]) != texts:
        return None
    keys, strings = arrays["keys"], arrays["strings"]
    text, word, count = arrays["text"], arrays["word"], arrays["count"]
    if keys.dtype != np.int64 or strings.dtype.kind != "U" or text.dtype != np.uint16 or word.dtype != np.int32:
        return None
    if count.dtype not in (np.dtype(np.uint16), np.dtype(np.int32)):
        return None
    if any(array.ndim != 1 for array in (keys, strings, text, word, count)):
        return None
    if not len(text) == len(word) == len(count):
        return None
    if len(keys) and (keys.min() < 0 or keys.max() >= 1 << 60):
        return None
    if len(text) and (
        int(text.max()) >= texts or word.min() < 0 or int(word.max()) >= len(keys) + len(strings) or count.min() < 1
    ):
        return None
    words: list[str] = strings.tolist()
    if len(set(words)) != len(words):
        return None
    return _Found(keys=keys, strings=words, batch=Batch(first=0, text=text, word=word, count=count))


class WordCache:
    """Where :func:`~coachcontent_related.wordcount.count_words` keeps the words of each
    batch of texts: in ``folder``'s ``related-words/`` when ``folder``
    (a site's cache folder) is given and exists.
    """

    def __init__(self, folder: str | os.PathLike[str] | None = None) -> None:
        self.folder = None if folder is None else Path(folder)

    @property
    def files(self) -> Path | None:
        """The folder of the batch files (``None``: nothing is kept)."""
        return None if self.folder is None else self.folder / FOLDER

    def holds_any(self) -> bool:
        """Whether any batch's words are kept (a build before this one counted them)."""
        files = self.files
        if files is None:
            return False
        try:
            return any(_NAME.fullmatch(path.name) for path in files.iterdir())
        except OSError:
            return False

    def digests(
        self, sources: Iterable[tuple[int, Iterable[str]]], *, min_length: int, stop: Collection[str]
    ) -> list[str]:
        """The digest of each batch, given as its number of texts and their sources (read
        one at a time: a site's sources are not all held at once): its texts' sources and
        the words that count."""
        head = hashlib.sha256(f"coachcontent-related-words-{FORMAT}\n{min_length}\n".encode())
        for word in sorted(stop):
            head.update(word.encode("utf-8", "surrogatepass") + b"\n")
        made = []
        for count, batch in sources:
            digest = head.copy()
            digest.update(b"\0" + count.to_bytes(8, "little"))
            for source in batch:
                data = source.encode("utf-8", "surrogatepass")
                digest.update(len(data).to_bytes(8, "little"))
                digest.update(data)
            made.append(digest.hexdigest())
        return made

    def get(self, digest: str, first: int, texts: int) -> _Found | None:
        """The words of the batch of ``texts`` texts of ``digest`` kept, numbered from ``first``."""
        files = self.files
        found = None if files is None else _read(files / f"{digest}.npz", digest, texts)
        if found is None:
            return None
        return evolve(found, batch=evolve(found.batch, first=first))

    def keep(self, batches: Sequence[tuple[str, int, _Found]]) -> None:
        """Keep the words of a build's batches (digest, number of texts, words) for the
        next build: write the batches not in the folder yet, then remove the files no
        batch uses.  (Not in memory: a build's one-off process would hold them for
        nothing, and, allocated among the index's temporary arrays, they keep the
        allocator from giving those back, 50 MB for 5,000 posts.)"""
        files = self.files
        if files is None or self.folder is None or not self.folder.is_dir():
            return
        try:
            files.mkdir(exist_ok=True)
        except OSError:
            return
        saved = True
        for digest, texts, found in batches:
            if not (files / f"{digest}.npz").is_file():
                saved = _write(files, digest, texts, found) and saved
        if not saved:
            return
        used = {f"{digest}.npz" for digest, _, _ in batches}
        with contextlib.suppress(OSError):
            for path in files.iterdir():
                if _NAME.fullmatch(path.name) and path.name not in used:
                    with contextlib.suppress(OSError):
                        path.unlink()


def _write(folder: Path, digest: str, texts: int, found: _Found) -> bool:
    """Write a batch's file whole, then rename it into place; whether that worked."""
    batch = found.batch
    arrays: dict[str, Any] = {
        "format": np.array(FORMAT, dtype=np.int64),
        "digest": np.array(digest),
        "texts": np.array(texts, dtype=np.int64),
        "keys": found.keys,
        "strings": np.array(found.strings, dtype=str),
        "text": batch.text,
        "word": batch.word,
        "count": batch.count,
    }
    return write_arrays(folder, f"{digest}.npz", arrays)
