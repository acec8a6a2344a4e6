"""The load cache: each content file's parsed result, kept between loads of a site.

A rebuild after editing one post then parses that post only.  The records are
spread over :data:`CACHE_SHARDS` pickles by a hash of each file's path, and a
load writes only the pickles whose records changed (a rebuild after one edit
rewrites one of them, not the whole site's), each atomically (a temporary
file, then :func:`os.replace`).  A file's record is used only when the file's relative
path, size and modification time are those recorded *and* the cache's digest
matches: the digest covers everything else that shapes a parse (the cache
format, coachcontent's version and code, ``site.toml``'s bytes, the versions
of the Markdown, HTML and YAML libraries, Python's version).  A missing,
unreadable, corrupt or outdated cache is ignored and rebuilt; it never changes
what :func:`~coachcontent.load_site` returns.

Records are stored as plain tuples, and unpickling is restricted to the few
classes a record's values can hold (the ``datetime`` types, sets, images),
so a cache file that came with a site folder from elsewhere cannot run code.
"""

from __future__ import annotations

import contextlib
import copyreg
import datetime
import functools
import hashlib
import io
import logging
import os
import pickle
import sys
import tempfile
from collections.abc import Iterator
from importlib import metadata
from pathlib import Path
from typing import Any, NamedTuple
from zoneinfo import ZoneInfo

import attrs

import coachcontent
from coachcontent.content.entries import RawEntry
from coachcontent.errors import ContentError
from coachcontent.models.entry import Image

logger = logging.getLogger("coachcontent")

#: Raise when the records change shape: older files are then ignored.
CACHE_FORMAT = 1
#: The folder ``coachcontent build`` and the dev server use, inside the site folder
#: (the loader and the static files skip names starting with ``.``).
DEFAULT_CACHE_DIR = ".coachcontent-cache"
#: How many pickles the records are spread over (by a hash of each file's path).
CACHE_SHARDS = 64
#: The single pickle of earlier versions, removed when the shards are written.
LEGACY_CACHE_FILE = "content.pickle"
#: A file changed this recently (before the load began) may change again within the
#: file system's time stamp granularity without its size or time changing: its
#: record also keeps a hash of the bytes parsed, checked by the next load.
RACY_NANOSECONDS = 3_000_000_000
_PACKAGE = Path(coachcontent.__file__).parent
_CODE_FOLDERS = ("", "content", "models")
_LIBRARIES = ("cmarkgfm", "lxml", "PyYAML", "python-slugify", "attrs")


class FileRecord(NamedTuple):
    """What reading one content file gave: the entry (``None`` when unusable) and its problems.

    ``content_hash`` is set when the file had changed just before it was read:
    its bytes must then match as well.
    """

    size: int
    mtime_ns: int
    content_hash: bytes | None
    entry: RawEntry | None
    errors: tuple[ContentError, ...]


# Records are stored as plain tuples: loading them is then a third of the time
# attrs instances take, and the unpickler needs to allow few classes.
_ENTRY_FIELDS = tuple(attribute.name for attribute in attrs.fields(RawEntry))


def _zone(key: str) -> ZoneInfo:
    if not isinstance(key, str):
        raise pickle.UnpicklingError("a timezone key must be a string")
    return ZoneInfo(key)


def _reduce_zone(zone: ZoneInfo) -> tuple[Any, ...]:
    # ZoneInfo pickles through a getattr call an unpickler would have to allow; its key is all it needs.
    return (_zone, (zone.key,))


_ALLOWED: dict[tuple[str, str], Any] = {
    ("coachcontent.content.cache", "_zone"): _zone,
    ("coachcontent.models.entry", "Image"): Image,
    ("datetime", "datetime"): datetime.datetime,
    ("datetime", "date"): datetime.date,
    ("datetime", "time"): datetime.time,
    ("datetime", "timedelta"): datetime.timedelta,
    ("datetime", "timezone"): datetime.timezone,
    ("builtins", "set"): set,
    ("builtins", "frozenset"): frozenset,
    ("builtins", "bytearray"): bytearray,
    ("builtins", "complex"): complex,
}


class _Unpickler(pickle.Unpickler):
    def find_class(self, module: str, name: str) -> Any:
        try:
            return _ALLOWED[(module, name)]
        except KeyError:
            raise pickle.UnpicklingError(f"{module}.{name} is not allowed in a load cache") from None


def _dump(payload: Any, stream: Any) -> None:
    pickler = pickle.Pickler(stream, protocol=pickle.HIGHEST_PROTOCOL)
    pickler.dispatch_table = {**copyreg.dispatch_table, ZoneInfo: _reduce_zone}
    pickler.dump(payload)


def shard_of(source: str) -> int:
    """Which of the :data:`CACHE_SHARDS` pickles keeps the record of ``source``."""
    return int.from_bytes(hashlib.blake2b(source.encode("utf-8"), digest_size=4).digest(), "big") % CACHE_SHARDS


def shard_name(index: int) -> str:
    """The file name of pickle ``index`` in the cache folder."""
    return f"content-{index:02d}.pickle"


def _stored(record: FileRecord) -> tuple[Any, ...]:
    entry = record.entry
    values = None if entry is None else tuple(getattr(entry, name) for name in _ENTRY_FIELDS)
    errors = tuple((error.path, error.line, error.field, error.message) for error in record.errors)
    return (record.size, record.mtime_ns, record.content_hash, values, errors)


def _restored(stored: Any) -> FileRecord:
    """A record from its stored tuple; ``TypeError``/``ValueError`` when it is not one."""
    size, mtime_ns, content_hash, values, errors = stored
    if not (
        isinstance(size, int)
        and isinstance(mtime_ns, int)
        and (content_hash is None or isinstance(content_hash, bytes))
        and (values is None or (isinstance(values, tuple) and len(values) == len(_ENTRY_FIELDS)))
        and isinstance(errors, tuple)
    ):
        raise ValueError("not a load cache record")
    entry = None if values is None else RawEntry(*values)
    return FileRecord(
        size,
        mtime_ns,
        content_hash,
        entry,
        tuple(
            ContentError(path=path, line=line, field=field, message=message) for path, line, field, message in errors
        ),
    )


def _library_versions() -> Iterator[str]:
    for name in _LIBRARIES:
        try:
            yield f"{name}={metadata.version(name)}"
        except metadata.PackageNotFoundError:  # pragma: no cover - all are dependencies
            yield f"{name}=?"
    from lxml import etree

    yield f"libxml2={etree.LIBXML_VERSION}"
    import yaml

    yield f"libyaml={getattr(yaml, '__with_libyaml__', False)}"


def _code_fingerprint() -> Iterator[str]:
    """Size and time of the modules that read content: an edited checkout invalidates the cache."""
    for folder in _CODE_FOLDERS:
        with os.scandir(_PACKAGE / folder) as entries:
            for entry in sorted(entries, key=lambda e: e.name):
                if entry.name.endswith(".py") and entry.is_file():
                    stat = entry.stat()
                    yield f"{folder}/{entry.name}:{stat.st_size}:{stat.st_mtime_ns}"


@functools.cache
def _environment() -> bytes:
    """What this process parses with; found once (the code running cannot change under it)."""
    parts = [
        f"format={CACHE_FORMAT}",
        f"coachcontent={coachcontent.__version__}",
        f"python={sys.version_info[:3]}",
        *_library_versions(),
        *_code_fingerprint(),
    ]
    return b"".join(part.encode("utf-8") + b"\0" for part in parts)


def cache_digest(site_toml: bytes) -> str:
    """The digest of everything besides a file itself that shapes how it is parsed."""
    return hashlib.sha256(_environment() + site_toml).hexdigest()


class LoadCache:
    """The records of one cache folder, read once and written back after a load.

    :param folder: the cache folder (made when the cache is first written).
    :param digest: :func:`cache_digest` of this load; records made under another are ignored.
    :param started_ns: when the load began (``time.time_ns()``), to spot files changed
        too recently to trust their time stamps.
    """

    def __init__(self, folder: str | os.PathLike[str], digest: str, started_ns: int) -> None:
        self.folder = Path(folder)
        self.digest = digest
        self.started_ns = started_ns
        #: The stored form of each record read (written back as it is when kept).
        self._stored: dict[str, tuple[Any, ...]] = {}
        #: The pickles read whole and current: each holds exactly these sources.
        self._shards: dict[int, set[str]] = {}
        #: The pickles found, current or not.
        self._present: set[int] = set()
        self.old: dict[str, FileRecord] = self._read()
        self.new: dict[str, FileRecord] = {}
        #: The sources of kept entries that gained something since they were read (a
        #: summary made from their words): their stored form is made again.
        self.gained: set[str] = set()

    def shard_path(self, index: int) -> Path:
        """The file of pickle ``index``."""
        return self.folder / shard_name(index)

    def _read(self) -> dict[str, FileRecord]:
        records: dict[str, FileRecord] = {}
        for index in range(CACHE_SHARDS):
            try:
                data = self.shard_path(index).read_bytes()
            except OSError:
                continue
            self._present.add(index)
            try:
                payload = _Unpickler(io.BytesIO(data)).load()
                if (
                    not isinstance(payload, dict)
                    or payload.get("format") != CACHE_FORMAT
                    or payload.get("digest") != self.digest
                    or not isinstance(payload.get("files"), dict)
                ):
                    continue
                files = payload["files"]
                if not all(isinstance(source, str) and shard_of(source) == index for source in files):
                    continue
                shard = {source: _restored(stored) for source, stored in files.items()}
            except Exception as error:  # a corrupt or foreign file is ignored, whatever is wrong with it
                logger.debug("ignoring the load cache %s: %s: %s", self.shard_path(index), type(error).__name__, error)
                continue
            records.update(shard)
            self._stored.update((source, files[source]) for source in shard)
            self._shards[index] = set(shard)
        return records

    def get(self, source: str, size: int, mtime_ns: int) -> FileRecord | None:
        """The record of ``source`` when the file is unchanged, else ``None``."""
        record = self.old.get(source)
        if record is None or record.size != size or record.mtime_ns != mtime_ns:
            return None
        return record

    def mark_changed(self, source: str) -> None:
        """The entry of ``source`` gained something since it was read: write it again."""
        self.gained.add(source)

    def put(self, source: str, record: FileRecord) -> None:
        """Keep ``record`` for the next load."""
        if record.mtime_ns < self.started_ns - RACY_NANOSECONDS:
            if record.content_hash is not None:
                record = record._replace(content_hash=None)  # old enough now: its time stamp will do
        elif record.content_hash is None:
            return  # changed too recently to trust its time stamp, and its bytes were not kept
        self.new[source] = record

    def write(self) -> None:
        """Write the pickles whose records are not those read, each atomically: the
        records kept by :meth:`put`.  A pickle left with no record is removed.

        A failure to write is logged, not raised: the load itself succeeded.
        """
        by_shard: dict[int, dict[str, FileRecord]] = {}
        for source, record in self.new.items():
            by_shard.setdefault(shard_of(source), {})[source] = record
        old, kept, gained = self.old, self._stored, self.gained
        for index in range(CACHE_SHARDS):
            records = by_shard.get(index, {})
            read = self._shards.get(index)
            if (
                read is not None
                and read == records.keys()
                and all(old.get(source) is record and source not in gained for source, record in records.items())
            ):
                continue  # the pickle holds these very records already
            if not records:
                if index in self._present:
                    with contextlib.suppress(OSError):
                        self.shard_path(index).unlink()
                continue
            # A record kept as it was read is written back in the form it was read in.
            files = {
                source: kept[source] if old.get(source) is record and source not in gained else _stored(record)
                for source, record in records.items()
            }
            if not self._write_shard(index, {"format": CACHE_FORMAT, "digest": self.digest, "files": files}):
                return
        with contextlib.suppress(OSError):
            (self.folder / LEGACY_CACHE_FILE).unlink()

    def _write_shard(self, index: int, payload: dict[str, Any]) -> bool:
        temporary: Path | None = None
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            _mark_cache_folder(self.folder)
            handle, name = tempfile.mkstemp(prefix=".content-", suffix=".tmp", dir=self.folder)
            temporary = Path(name)
            with os.fdopen(handle, "wb") as stream:
                _dump(payload, stream)
            temporary.replace(self.shard_path(index))
            temporary = None
            return True
        except (OSError, pickle.PicklingError, TypeError, AttributeError, RecursionError) as error:
            logger.warning("could not write the load cache %s: %s", self.shard_path(index), error)
            return False
        finally:
            if temporary is not None:
                with contextlib.suppress(OSError):
                    temporary.unlink()


def _mark_cache_folder(folder: Path) -> None:
    """Tell version control and backup tools the folder is a cache (as pytest does)."""
    marks = {
        ".gitignore": "# Made by coachcontent: the load cache, safe to delete.\n*\n",
        "CACHEDIR.TAG": "Signature: 8a477f597d28d172789f06886806bc55\n"
        "# This file is a cache directory tag created by coachcontent.\n"
        "# For information about cache directory tags, see https://bford.info/cachedir/\n",
    }
    for name, text in marks.items():
        path = folder / name
        if not path.exists():
            path.write_text(text, encoding="utf-8")
