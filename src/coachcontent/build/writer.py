"""Writing outputs safely: into a fresh folder, swapped in only when everything worked."""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import pickle
import queue
import re
import shutil
import stat
import tempfile
import threading
import time
from collections import OrderedDict, deque
from collections.abc import Callable, Generator, Iterable, Mapping, Sequence
from concurrent.futures import Executor, Future, as_completed, wait
from pathlib import Path
from typing import TypeVar

from attrs import frozen

from coachcontent.build.context import BuildContext
from coachcontent.build.output import Output
from coachcontent.build.paths import MANIFEST, check_outputs
from coachcontent.errors import BuildError

Progress = Callable[[int, int], None]
T = TypeVar("T")

# Temporary folders beside the output are named ".NAME.new-PID-RANDOM" (the new
# build) and ".NAME.old-PID-RANDOM" (the previous one, while it is swapped out).
_TEMP_KINDS = ("new", "old")
_OWNER = re.compile(r"^(\d+)-")
#: Without a process id to ask about, a temporary folder is stale after this many seconds.
_STALE_AFTER = 24 * 3600


@frozen(kw_only=True)
class WriteReport:
    """What a write did.

    :param written: files whose bytes are new or changed.
    :param unchanged: files kept from the previous build (same bytes; not rewritten).
    :param removed: files of the previous build that no output produced any more.
    :param total_bytes: the size of the whole output.
    :param rendered: how many outputs were rendered; the others were kept from
        the previous build by their fingerprint (see :attr:`Output.fingerprint
        <coachcontent.Output.fingerprint>`).
    """

    written: tuple[str, ...]
    unchanged: tuple[str, ...]
    removed: tuple[str, ...]
    total_bytes: int
    rendered: int = 0


#: Build contexts a worker process has received, by token (the newest few only).
_WORKER_CONTEXTS: OrderedDict[str, BuildContext] = OrderedDict()
_WORKER_CONTEXTS_KEPT = 2


def _keep_context(token: str, context: BuildContext) -> None:
    _WORKER_CONTEXTS[token] = context
    _WORKER_CONTEXTS.move_to_end(token)
    while len(_WORKER_CONTEXTS) > _WORKER_CONTEXTS_KEPT:
        _WORKER_CONTEXTS.popitem(last=False)


def _worker_context(token: str, shipped: bytes | None) -> BuildContext:
    """The build context in a worker: received once, then kept for every later batch
    (so the site is unpickled, and plugins' per-build caches filled, once per worker)."""
    context = _WORKER_CONTEXTS.get(token)
    if context is None:
        if shipped is None:
            raise RuntimeError("this worker process was not given the build's context")
        context = pickle.loads(shipped)  # noqa: S301 - our own bytes, made by this build
        _keep_context(token, context)
    return context


#: The folders a worker process has made in a build's temporary folder (the newest build's).
_WORKER_FOLDERS: dict[str, set[str]] = {}


def _render_batch(
    token: str, shipped: bytes | None, batch: Sequence[Output], into: str | None = None, direct: Sequence[bool] = ()
) -> list[tuple[bytes | None, str, int]]:
    """Render ``batch`` in a worker: each output's bytes, SHA-256 and size.

    With ``into`` (the build's temporary folder, on this machine), the outputs
    whose ``direct`` flag is set are written there by the worker itself, new
    files that need no comparison with the previous build, and come back
    without their bytes (``None``): the files are made on every core, and the
    pages do not travel back through a pipe.
    """
    context = _worker_context(token, shipped)
    results: list[tuple[bytes | None, str, int]] = []
    folders = _WORKER_FOLDERS.get(into) if into is not None else None
    if into is not None and folders is None:
        _WORKER_FOLDERS.clear()
        folders = _WORKER_FOLDERS[into] = set()
    for position, output in enumerate(batch):
        data = _render_one(output, context)
        digest = hashlib.sha256(data).hexdigest()
        if into is not None and folders is not None and direct[position]:
            path = output.path
            cut = path.rfind("/")
            if cut > 0 and path[:cut] not in folders:
                _make_folders(into, path[:cut], folders)
            _write_file(f"{into}/{path}", data)
            results.append((None, digest, len(data)))
        else:
            results.append((data, digest, len(data)))
    return results


def _batches(pending: Sequence[int], preloaded: bool, workers: int) -> list[list[int]]:
    if preloaded:
        # Small batches: the load stays even and results stream back steadily.
        size = max(1, min(BATCH_MOST, len(pending) // (workers * 8) or 1))
    else:
        # Each batch carries the site: a few per worker.
        size = max(1, -(-len(pending) // (workers * 4)))
    return [list(pending[i : i + size]) for i in range(0, len(pending), size)]


def _rendered(
    outputs: Sequence[Output],
    indices: Sequence[int],
    context: BuildContext,
    executor: Executor | None,
    progress: Progress | None,
    into: str | None = None,
    direct: Callable[[Output], bool] | None = None,
) -> Generator[tuple[int, bytes | None, str, int], None, None]:
    """The index, bytes, SHA-256 and size of each output of ``indices``, in the order they are ready.

    With ``into`` (the build's temporary folder) and a process pool of this
    build (:class:`~coachcontent.build.pool.ContextPool`), the workers write the
    outputs for which ``direct`` says so into that folder themselves; those come
    without their bytes (``None``).
    """
    total = len(indices)
    done = 0
    if progress:
        progress(0, total)
    if executor is None:
        for index in indices:
            data = _render_one(outputs[index], context)
            yield index, data, hashlib.sha256(data).hexdigest(), len(data)
            done += 1
            if progress and done % 50 == 0:
                progress(done, total)
        if progress:
            progress(total, total)
        return
    local = [i for i in indices if outputs[i].renderer is None]
    remote = _grouped([i for i in indices if outputs[i].renderer is not None], outputs)
    for index in local:
        data = outputs[index].render(context)
        yield index, data, hashlib.sha256(data).hexdigest(), len(data)
    done = len(local)
    from coachcontent.build.pool import ContextPool  # with an executor only: multiprocessing

    preloaded = isinstance(executor, ContextPool) and executor.token == context.token
    workers = executor.workers if isinstance(executor, ContextPool) else 2
    share = preloaded and isinstance(executor, ContextPool) and executor.share
    # Only a pool of this machine's processes can write into the temporary folder.
    if not (preloaded and direct is not None):
        into = None
    if share:
        workers += 1
    shipped: bytes | None = None
    if not preloaded and remote:
        try:
            shipped = pickle.dumps(context, protocol=pickle.HIGHEST_PROTOCOL)
        except Exception as error:
            raise BuildError(
                f"cannot send the build to worker processes: {type(error).__name__}: {error}; "
                "the site and the plugin selection must pickle (plugins given as objects too)"
            ) from error
    futures: dict[Future[list[tuple[bytes | None, str, int]]], list[int]] = {}

    def submit(batch: list[int]) -> Future[list[tuple[bytes | None, str, int]]]:
        items = [outputs[i] for i in batch]
        try:
            if into is not None and direct is not None:
                flags = tuple(direct(item) for item in items)
                future = executor.submit(_render_batch, context.token, shipped, items, into, flags)
            else:
                future = executor.submit(_render_batch, context.token, shipped, items)
        except Exception as error:  # the outputs do not pickle, or the pool broke (a worker died)
            raise _not_sent(error) from error
        futures[future] = batch
        return future

    scheduled: Generator[tuple[list[int], Future[list[tuple[bytes | None, str, int]]] | None], None, None] | None = None
    try:
        if share:
            scheduled = _shared(remote, submit, workers - 1, futures)
        else:
            for batch in _batches(remote, preloaded, workers):
                submit(batch)
            scheduled = ((futures.pop(future), future) for future in as_completed(list(futures)))
        for batch, done_future in scheduled:
            if done_future is None:  # a batch for this process to render itself
                for index in batch:
                    data = _render_one(outputs[index], context)
                    yield index, data, hashlib.sha256(data).hexdigest(), len(data)
                done += len(batch)
                if progress and done % 50 < len(batch):  # an output at a time: told every 50
                    progress(done, total)
                continue
            try:
                rendered = done_future.result()
            except BuildError:
                raise
            except Exception as error:
                # Not an error of a renderer (those come as BuildError): the batch did not
                # reach the worker or its results did not come back.  Render it here to
                # name a failing output if there is one.
                for index in batch:
                    _render_one(outputs[index], context)
                raise _not_sent(error) from error
            for index, (sent, digest, size) in zip(batch, rendered, strict=True):
                yield index, sent, digest, size
            done += len(batch)
            if progress:
                progress(done, total)
    finally:
        if scheduled is not None:
            scheduled.close()  # the thread that hands out batches stops first
        running = [future for future in futures if not future.cancel()]
        if into is not None:
            # Workers may be writing into the temporary folder: they finish their
            # batch before the caller removes the folder (on an error).
            wait(running)
    if progress:
        progress(total, total)


def _grouped(indices: list[int], outputs: Sequence[Output]) -> list[int]:
    """``indices`` with the outputs of one renderer together, the renderers with the
    most outputs first (each group in path order).

    Batches are consecutive runs of this order, and workers take them from the
    front (the building process, with ``share``, from the back): the memos a
    renderer fills in its process (the theme's post cards, the feeds' items) are
    then filled in as few processes as possible, once each.
    """
    groups: dict[int, list[int]] = {}
    for index in indices:
        renderer = outputs[index].renderer
        # By identity: any callable will do (a partial's function is the renderer).
        groups.setdefault(id(getattr(renderer, "func", renderer)), []).append(index)
    ordered = sorted(groups.values(), key=lambda group: (-len(group), group[0]))
    return [index for group in ordered for index in group]


#: The most outputs a batch of a process pool of this build holds, and the fewest (while
#: that many are left).
BATCH_MOST = 64
BATCH_LEAST = 4
#: Batches waiting for each worker of a shared pool besides the one it renders.
_QUEUED = 1


def _guided(left: int, processes: int) -> int:
    """The size of the next batch of a worker when ``left`` outputs are left for
    ``processes``: a share that shrinks as the end nears (guided self-scheduling), so
    that the processes finish together (a batch a worker has taken cannot be taken back).
    A worker's batches in flight then hold at most half its share of what is left."""
    return max(BATCH_LEAST, min(BATCH_MOST, left // (2 * processes * (1 + _QUEUED))))


def _shared(
    indices: list[int],
    submit: Callable[[list[int]], Future[T]],
    workers: int,
    running: dict[Future[T], list[int]],
) -> Generator[tuple[list[int], Future[T] | None], None, None]:
    """The outputs of ``indices`` shared by ``workers`` pool workers and this process:
    ``(batch, future)`` once a worker's batch is done, ``([index], None)`` for this
    process to render one output itself.

    Workers take batches from the front, this process outputs from the back whenever no
    worker has a result for it to write, so that the memos a renderer fills in a process
    are filled in as few processes as possible.  Each worker has one batch to render and
    :data:`_QUEUED` more waiting (``running``, the caller's, holds the batches in
    flight), each sized for what is left when it goes out (:func:`_guided`).  A thread
    hands out the next batch as soon as one finishes, also while this process renders
    a long output, so that no worker waits for work.
    """
    left = deque(indices)
    processes = workers + 1
    room = workers * (1 + _QUEUED)
    lock = threading.Lock()  # ``left``, shared with the thread
    # Futures as they finish, told by their callbacks (``None``: handing out failed).
    finished: queue.SimpleQueue[Future[T] | None] = queue.SimpleQueue()
    freed = threading.Semaphore(0)
    stop = threading.Event()
    failure: list[BaseException] = []

    def done(future: Future[T]) -> None:  # the pool's thread: nothing that waits
        finished.put(future)
        freed.release()

    def hand_out() -> bool:
        """One batch to the workers; ``False`` when none is left."""
        with lock:
            if not left:
                return False
            size = min(len(left), _guided(len(left), processes))
            batch = [left.popleft() for _ in range(size)]
        submit(batch).add_done_callback(done)
        return True

    def feed(in_flight: int) -> None:
        try:
            while not stop.is_set():
                while in_flight < room and not stop.is_set() and hand_out():
                    in_flight += 1
                if in_flight < room:  # nothing left to hand out
                    return
                freed.acquire()
                in_flight -= 1
        except BaseException as error:  # told to the caller, who stops the build
            failure.append(error)
            finished.put(None)

    # The first batches from this thread: the first submit starts the workers (a fork on
    # Linux), which must not happen while another thread of this process is running.
    in_flight = 0
    while in_flight < room and hand_out():
        in_flight += 1
    feeder = threading.Thread(target=feed, args=(in_flight,), name="coachcontent-feeder", daemon=True)
    feeder.start()
    handled = 0
    try:
        while handled < len(indices):
            try:
                future = finished.get_nowait()
            except queue.Empty:
                with lock:
                    index = left.pop() if left else None
                if index is not None:  # nothing to write: this process renders an output
                    handled += 1
                    yield [index], None
                    continue
                future = finished.get()
            if future is None:
                raise failure[0]
            batch = running.pop(future)
            handled += len(batch)
            yield batch, future
    finally:
        stop.set()
        freed.release()
        feeder.join()


def _not_sent(error: BaseException) -> BuildError:
    if isinstance(error, pickle.PicklingError | TypeError | AttributeError):
        return BuildError(
            f"cannot send outputs to worker processes: {type(error).__name__}: {error}; "
            "renderers must be module-level functions or partials of them"
        )
    return BuildError(f"rendering failed in a worker: {type(error).__name__}: {error}")


def _render_one(output: Output, context: BuildContext) -> bytes:
    try:
        return output.render(context)
    except Exception as error:
        raise BuildError(
            f"rendering {output.path!r} (plugin {output.plugin!r}) failed: {type(error).__name__}: {error}"
        ) from error


@frozen(kw_only=True)
class _Manifest:
    """What the previous build wrote: each file's SHA-256, and for outputs that had a
    fingerprint, the fingerprint and the file's size (no times: the manifest, like
    every file of the build, has the same bytes for the same site)."""

    files: dict[str, str]
    fingerprints: dict[str, tuple[str, int]]

    def reusable(self, out: str, output: Output) -> tuple[str, os.stat_result] | None:
        """The SHA-256 of the previous build's file for ``output`` (in the folder ``out``)
        and the file's status, when it can be kept without rendering: same fingerprint,
        and the file still there at its size."""
        if output.fingerprint is None:
            return None
        recorded = self.fingerprints.get(output.path)
        digest = self.files.get(output.path)
        if recorded is None or digest is None or recorded[0] != output.fingerprint:
            return None
        try:
            info = os.lstat(f"{out}/{output.path}")
        except OSError:
            return None
        if not stat.S_ISREG(info.st_mode) or info.st_size != recorded[1]:
            return None
        return digest, info


def _read_manifest(out_dir: Path) -> _Manifest | None:
    try:
        data = json.loads((out_dir / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    files = data.get("files") if isinstance(data, dict) else None
    if not isinstance(files, dict):
        return None
    fingerprints: dict[str, tuple[str, int]] = {}
    recorded = data.get("fingerprints")
    if isinstance(recorded, dict):
        for path, value in recorded.items():
            if isinstance(value, list) and len(value) == 2 and isinstance(value[0], str) and isinstance(value[1], int):
                fingerprints[path] = (value[0], value[1])
    return _Manifest(files=files, fingerprints=fingerprints)


def _exchange(a: Path, b: Path) -> bool:
    """Swap two paths atomically (Linux ``renameat2(RENAME_EXCHANGE)``); False if unsupported."""
    if not hasattr(os, "uname") or os.uname().sysname != "Linux":
        return False
    import ctypes

    try:
        # The C library's symbols are the program's own (dlopen(NULL)): no search for
        # libc.so (``ctypes.util.find_library`` runs ldconfig, 10 ms a build).
        libc = ctypes.CDLL(None, use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):
        return False
    at_fdcwd, rename_exchange = -100, 2
    result = renameat2(at_fdcwd, os.fsencode(a), at_fdcwd, os.fsencode(b), rename_exchange)
    return bool(result == 0)


def write_outputs(
    outputs: Sequence[Output],
    out_dir: str | os.PathLike[str],
    context: BuildContext,
    *,
    executor: Executor | None = None,
    force: bool = False,
    progress: Progress | None = None,
    incremental: bool = True,
) -> WriteReport:
    """Render ``outputs`` and replace ``out_dir`` with them, all or nothing.

    The new site is written into a temporary folder beside ``out_dir`` and
    swapped in only when every output rendered; on any error the temporary
    folder is removed and ``out_dir`` is exactly as it was.  Files whose
    bytes did not change are hard-linked from the previous build, keeping
    their modification time (so sync tools skip them).

    Temporary folders that a killed build left beside ``out_dir`` are removed
    first; if the kill came in the middle of a swap without an atomic
    exchange, the previous build is put back in place.

    :param executor: renders outputs with renderers on it (a process pool,
        a Dask client's executor, ...); ``None`` renders in this process.
    :param force: replace an existing, non-empty folder that was not made
        by coachcontent (it has no manifest).
    :param progress: called with (done, total) as rendering proceeds.
    :param incremental: keep the previous build's file for each output whose
        :attr:`~coachcontent.Output.fingerprint` is unchanged, without rendering
        it; ``False`` renders every output.
    """
    out = Path(out_dir).absolute()
    checked = check_outputs(outputs)
    recover_output(out)
    old_manifest: _Manifest | None = None
    if out.exists() or out.is_symlink():
        if out.is_symlink() or not out.is_dir():
            raise BuildError(f"{out} exists and is not a folder")
        old_manifest = _read_manifest(out)
        if old_manifest is None and any(out.iterdir()) and not force:
            raise BuildError(
                f"{out} is not empty and was not made by coachcontent; "
                "choose an empty folder or pass --force to replace it"
            )
    out.parent.mkdir(parents=True, exist_ok=True)
    temp = Path(tempfile.mkdtemp(prefix=_temp_prefix(out, "new"), dir=out.parent))
    # The build before the current one, updated in place into the new site: only the
    # files that differ are touched, instead of a folder and a link for every file.
    recycled: dict[str, str] = {}
    # Folders (relative paths) that exist in ``temp``.
    folders: set[str] = set()
    if old_manifest is not None:
        recycled, folders = _claim_spare(out, temp, [output.path for output in checked])
    else:
        _discard(spare_folder(out), out)
    written: list[int] = []
    unchanged: list[int] = []
    hashes: dict[str, str] = {}
    fingerprints: dict[str, list[str | int]] = {}
    total_bytes = 0
    # Plain strings, not Path objects: a rebuild checks and keeps ten thousands of files.
    out_name = str(out)

    temp_name = str(temp)

    def target_of(output: Output) -> str:
        path = output.path
        cut = path.rfind("/")
        if cut > 0 and path[:cut] not in folders:
            _make_folders(temp_name, path[:cut], folders)
        return f"{temp_name}/{path}"

    def keep(previous: str, target: str, path: str, live: os.stat_result | None = None) -> None:
        if path in recycled:
            with contextlib.suppress(OSError):
                if live is None:
                    live = os.stat(previous)  # noqa: PTH116
                mine = os.lstat(target)
                if (mine.st_ino, mine.st_dev) == (live.st_ino, live.st_dev):
                    return  # the recycled file is already the current site's file
            _unlinked(target)
        try:
            os.link(previous, target)
        except FileExistsError:
            raise
        except OSError:  # no hard links here: a copy (the target does not exist, so nothing is followed)
            shutil.copy2(previous, target)

    def write(target: str, data: bytes, path: str) -> None:
        if path in recycled:
            # Never write into a recycled file: it may be a link to the live site's file.
            _unlinked(target)
        _write_file(target, data)

    try:
        # Outputs whose fingerprint is the previous build's: kept, not rendered.
        to_render = []
        reused = 0
        for index, output in enumerate(checked):
            found = old_manifest.reusable(out_name, output) if old_manifest is not None and incremental else None
            if found is None:
                to_render.append(index)
                continue
            digest, live = found
            target = target_of(output)
            keep(f"{out_name}/{output.path}", target, output.path, live)
            hashes[output.path] = digest
            fingerprints[output.path] = [str(output.fingerprint), live.st_size]
            total_bytes += live.st_size
            unchanged.append(index)
            reused += 1
        # The others are written as soon as they are rendered, so memory holds the
        # site and a few pages, not the whole output.  A worker process of this
        # build's pool writes the files that are new to the folder itself: nothing
        # to compare them with, nothing of the previous builds to unlink first.
        previous_files = old_manifest.files if old_manifest is not None else {}

        def new_file(output: Output) -> bool:
            return output.path not in previous_files and output.path not in recycled

        rendered = _rendered(checked, to_render, context, executor, progress, temp_name, new_file)
        with contextlib.closing(rendered):  # on an error, workers stop writing before ``temp`` goes
            for index, data, digest, size in rendered:
                output = checked[index]
                hashes[output.path] = digest
                total_bytes += size
                if data is None:  # written by a worker
                    written.append(index)
                else:
                    target = target_of(output)
                    previous = f"{out_name}/{output.path}"
                    if (
                        old_manifest is not None
                        and old_manifest.files.get(output.path) == digest
                        and _same_file(previous, data)
                    ):
                        keep(previous, target, output.path)
                        unchanged.append(index)
                    else:
                        write(target, data, output.path)
                        written.append(index)
                if output.fingerprint is not None:
                    fingerprints[output.path] = [output.fingerprint, size]
        _remove_stale(temp, set(recycled) - set(hashes))
        # ``checked`` is in path order: the manifest's entries come out sorted without a sort.
        manifest = {
            "generator": "coachcontent",
            "files": {output.path: hashes[output.path] for output in checked},
            "fingerprints": {path: fingerprints[path] for path in (o.path for o in checked) if path in fingerprints},
        }
        _unlinked(temp / MANIFEST).write_text(_manifest_text(manifest), encoding="utf-8")
        temp.chmod(0o755)
        replace_folder(temp, out, keep_old=spare_folder(out) if old_manifest is not None else None)
    except BaseException:
        shutil.rmtree(temp, ignore_errors=True)
        raise
    removed = sorted(set(old_manifest.files if old_manifest else ()) - set(hashes))
    return WriteReport(
        written=tuple(checked[i].path for i in sorted(written)),
        unchanged=tuple(checked[i].path for i in sorted(unchanged)),
        removed=tuple(removed),
        total_bytes=total_bytes,
        rendered=len(checked) - reused,
    )


def _make_folders(root: str, folder: str, folders: set[str]) -> None:
    """Make ``root/folder`` and each of its parents that ``folders`` (the folders
    ``root`` holds) lacks, adding them: one ``mkdir`` each, where ``os.makedirs``
    would also look at the parent first."""
    missing = []
    while folder and folder not in folders:
        missing.append(folder)
        folder = folder.rpartition("/")[0]
    for name in reversed(missing):
        target = f"{root}/{name}"
        try:
            os.mkdir(target)  # noqa: PTH102 - plain strings (a folder for each post)
        except FileExistsError:
            if not os.path.isdir(target):  # noqa: PTH112
                raise
        folders.add(name)


#: How :func:`_write_file` opens a file: created or emptied, for writing only, binary
#: (Windows), not inherited by child processes.
_WRITE_FLAGS = os.O_WRONLY | os.O_CREAT | os.O_TRUNC | getattr(os, "O_BINARY", 0) | getattr(os, "O_CLOEXEC", 0)


def _write_file(path: str, data: bytes) -> None:
    """Write one output's bytes (a new file in the build's own temporary folder).

    With the descriptor alone (three system calls, where :func:`open` also asks
    for the file's status, whether it is a terminal and its position, and makes
    two Python objects): this is done for every file of the site.
    """
    descriptor = os.open(path, _WRITE_FLAGS, 0o666)
    try:
        view = memoryview(data)
        while view:
            written = os.write(descriptor, view)
            if not written:  # never for a file, but no endless loop either
                raise OSError(f"{path}: nothing could be written")
            view = view[written:]
    finally:
        os.close(descriptor)


def _manifest_text(manifest: Mapping[str, object]) -> str:
    """The manifest as JSON, one line per file (``"path": ...``), written by the C encoder
    (``indent`` would make the whole encoding Python code: 0.1 s for 10,000 files)."""
    text = json.dumps(manifest)
    if "\\" in text:  # an escaped character (output paths never have one): the slow way
        return json.dumps(manifest, indent=1) + "\n"
    # Without escapes, every quote opens or closes a string, so ``", "``, ``], "`` and
    # ``}, "`` are the ends of entries: each next entry starts a line.
    for end in ('", "', '], "', '}, "'):
        text = text.replace(end, end[:2] + "\n" + end[3])
    return text + "\n"


_Unlinkable = TypeVar("_Unlinkable", str, Path)


def _unlinked(path: _Unlinkable) -> _Unlinkable:
    """``path``, after removing the file there (if any)."""
    with contextlib.suppress(FileNotFoundError):
        os.unlink(path)  # noqa: PTH108 - str or Path
    return path


def _remove_stale(root: Path, names: set[str]) -> None:
    """Remove files of a recycled folder that the new site does not have, and the
    folders that leaves empty."""
    for name in names:
        with contextlib.suppress(FileNotFoundError):
            (root / name).unlink()
    emptied = _folders(names)
    for folder in sorted(emptied, key=lambda f: f.count("/"), reverse=True):
        with contextlib.suppress(OSError):  # not empty: something new is in it
            (root / folder).rmdir()


def _same_file(path: str, data: bytes) -> bool:
    """Whether ``path`` is a regular file (not a link) holding exactly ``data``."""
    try:
        info = os.lstat(path)
    except OSError:
        return False
    if not stat.S_ISREG(info.st_mode) or info.st_size != len(data):
        return False
    try:
        with open(path, "rb") as file:  # noqa: PTH123
            return file.read() == data
    except OSError:
        return False


def _temp_prefix(out: Path, kind: str) -> str:
    return f".{out.name}.{kind}-{os.getpid()}-"


def _owner_gone(name: str, mtime: float) -> bool:
    """Whether the process that made a temporary folder (its id is in ``name``) has ended."""
    match = _OWNER.match(name)
    if match is None or os.name != "posix":
        # No process to ask (another naming, or no signal 0 to probe with): go by age.
        return time.time() - mtime > _STALE_AFTER
    pid = int(match.group(1))
    if pid == os.getpid():
        return False  # this process may be building into the same folder on another thread
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    except OSError:  # it exists but belongs to someone else
        return False
    return False


def stale_temp_folders(out: Path) -> list[Path]:
    """Temporary folders beside ``out`` left by builds into it that were killed.

    Only folders named like this module names them (``.NAME.new-PID-*`` and
    ``.NAME.old-PID-*``) whose process has ended are returned, so a build
    running at the same time keeps its own.
    """
    out = Path(out).absolute()
    found = []
    try:
        candidates = sorted(out.parent.iterdir())
    except OSError:
        return []
    for candidate in candidates:
        for kind in _TEMP_KINDS:
            prefix = f".{out.name}.{kind}-"
            if not candidate.name.startswith(prefix):
                continue
            try:
                info = candidate.lstat()
            except OSError:
                continue
            real_folder = candidate.is_dir() and not candidate.is_symlink()
            if real_folder and _owner_gone(candidate.name[len(prefix) :], info.st_mtime):
                found.append(candidate)
    return found


def recover_output(out: Path) -> None:
    """Undo what a killed build left beside ``out``.

    When ``out`` is missing because a build was killed between moving the
    previous build aside and moving the new one in (only possible where the
    atomic exchange is not available), the previous build is moved back.
    Then every stale temporary folder is removed.
    """
    out = Path(out).absolute()
    stale = stale_temp_folders(out)
    if not out.exists() and not out.is_symlink():
        backups = [p for p in stale if p.name.startswith(f".{out.name}.old-") and (p / MANIFEST).is_file()]
        if backups:
            newest = max(backups, key=lambda p: ((p / MANIFEST).stat().st_mtime, p.name))
            with contextlib.suppress(OSError):
                newest.rename(out)
    for folder in stale:
        if folder.exists():
            shutil.rmtree(folder, ignore_errors=True)


def replace_folder(new: Path, target: Path, *, keep_old: Path | None = None) -> None:
    """Put the complete folder ``new`` in place of ``target`` (which may not exist yet).

    On Linux the two are exchanged in one atomic step, so ``target`` is at
    every moment either the old folder or the new one, even if the process
    is killed.  Elsewhere the old folder is renamed aside first; a kill
    between the two renames leaves it beside ``target`` as ``.NAME.old-*``,
    and :func:`recover_output` (run by the next build) puts it back.

    :param keep_old: move the old folder here instead of deleting it.
    """
    if not target.exists():
        new.rename(target)
        return
    if _exchange(new, target):
        _dispose(new, keep_old, target)
        return
    backup = Path(tempfile.mkdtemp(prefix=_temp_prefix(target, "old"), dir=target.parent))
    backup.rmdir()
    target.rename(backup)
    try:
        new.rename(target)
    except BaseException:
        with contextlib.suppress(OSError):
            backup.rename(target)
        raise
    _dispose(backup, keep_old, target)


def _dispose(old: Path, keep: Path | None, target: Path) -> None:
    if keep is not None:
        _discard(keep, target)
        try:
            old.rename(keep)
            return
        except OSError:
            pass
    shutil.rmtree(old, ignore_errors=True)


def spare_folder(out: Path) -> Path:
    """Where the build before the current one is kept, beside ``out`` (``.NAME.spare``).

    The next build writes its new site by updating this folder, which holds
    mostly hard links to the current site's files, instead of making every
    folder and link afresh, and then swaps it in.
    """
    out = Path(out).absolute()
    return out.parent / f".{out.name}.spare"


def _claim_spare(out: Path, temp: Path, paths: Sequence[str]) -> tuple[dict[str, str], set[str]]:
    """Move the spare folder to ``temp`` when it can be updated into the new site;
    the files it holds (by its manifest) and their folders, or nothing when it cannot be used.

    The spare is taken first (so no one else changes it meanwhile), then checked:
    it must hold exactly the files its manifest lists, each a regular file, in
    real folders: nothing else (no link a write could follow, no file the next
    site would inherit).  Otherwise ``temp`` is emptied and built afresh.
    """
    spare = spare_folder(out)
    if spare.is_symlink() or not spare.is_dir():
        return {}, set()
    try:
        spare.rename(temp)  # replaces the empty temporary folder; fails if another build took it
    except OSError:
        return {}, set()
    manifest = _read_manifest(temp)
    files = manifest.files if manifest is not None else None
    if files is not None:
        folders = _folders(files)
        if not _conflicts(files, folders, paths) and _holds_exactly(temp, files, folders):
            return files, folders
    shutil.rmtree(temp, ignore_errors=True)
    temp.mkdir()
    return {}, set()


def _holds_exactly(root: Path, files: dict[str, str], folders: set[str]) -> bool:
    """Whether ``root`` holds the regular files ``files`` (and the manifest) and nothing else,
    in real folders: ``folders``, their folders."""
    found = 0
    stack = [("", str(root))]
    while stack:
        prefix, folder = stack.pop()
        try:
            with os.scandir(folder) as listing:
                entries = list(listing)
        except OSError:
            return False
        for entry in entries:
            name = prefix + entry.name
            if entry.is_dir(follow_symlinks=False):
                if name not in folders:
                    return False
                stack.append((name + "/", entry.path))
            elif entry.is_file(follow_symlinks=False):
                if name == MANIFEST:
                    continue
                if name not in files:
                    return False
                found += 1
            else:  # a symbolic link, a socket, ...
                return False
    return found == len(files)


def _discard(folder: Path, out: Path) -> None:
    """Delete ``folder`` (a spare) so that a kill half way cannot leave something that looks whole:
    it is renamed to a temporary name first, which the next build removes if need be."""
    if not folder.exists():
        return
    doomed = Path(tempfile.mkdtemp(prefix=_temp_prefix(out, "new"), dir=out.parent))
    try:
        folder.rename(doomed)
    except OSError:
        doomed.rmdir()
        shutil.rmtree(folder, ignore_errors=True)
        return
    shutil.rmtree(doomed, ignore_errors=True)


def _conflicts(files: dict[str, str], folders: set[str], paths: Sequence[str]) -> bool:
    """Whether a new path needs a folder where the spare has a file, or the reverse
    (``folders``: the spare's folders)."""
    new_folders = _folders(paths)
    return not folders.isdisjoint(paths) or not new_folders.isdisjoint(files)


def _folders(names: Iterable[str]) -> set[str]:
    """Every folder that the relative paths ``names`` are in, and their folders: ``a/b/c`` gives ``a`` and ``a/b``."""
    folders: set[str] = set()
    add = folders.add
    for name in names:
        cut = name.rfind("/")
        # Going up from a path's own folder: a folder already met has its parents there too.
        while cut > 0:
            folder = name[:cut]
            if folder in folders:
                break
            add(folder)
            cut = name.rfind("/", 0, cut)
    return folders
