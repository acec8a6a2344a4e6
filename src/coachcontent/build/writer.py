"""Writing outputs safely: into a fresh folder, swapped in only when everything worked."""

from __future__ import annotations

import contextlib
import ctypes
import ctypes.util
import hashlib
import json
import os
import pickle
import re
import shutil
import tempfile
import time
from collections.abc import Callable, Sequence
from concurrent.futures import Executor
from pathlib import Path

from attrs import frozen

from coachcontent.build.context import BuildContext
from coachcontent.build.output import Output
from coachcontent.build.paths import MANIFEST, check_outputs
from coachcontent.errors import BuildError

Progress = Callable[[int, int], None]

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
    """

    written: tuple[str, ...]
    unchanged: tuple[str, ...]
    removed: tuple[str, ...]
    total_bytes: int


def _render_batch(context: BuildContext, batch: Sequence[Output]) -> list[bytes]:
    return [output.render(context) for output in batch]


def _render_all(
    outputs: Sequence[Output],
    context: BuildContext,
    executor: Executor | None,
    progress: Progress | None,
) -> list[bytes]:
    total = len(outputs)
    results: list[bytes | None] = [None] * total
    pending = []
    for index, output in enumerate(outputs):
        if output.renderer is None:
            results[index] = output.render(context)
        else:
            pending.append(index)
    done = total - len(pending)
    if progress:
        progress(done, total)
    if executor is None:
        for index in pending:
            results[index] = _render_one(outputs[index], context)
            done += 1
            if progress and done % 50 == 0:
                progress(done, total)
    else:
        # Batches carry the site once each instead of once per output.
        size = max(1, min(200, len(pending) // 16 or 1))
        batches = [pending[i : i + size] for i in range(0, len(pending), size)]
        futures = []
        for batch in batches:
            items = [outputs[i] for i in batch]
            try:
                futures.append((batch, executor.submit(_render_batch, context, items)))
            except (pickle.PicklingError, TypeError, AttributeError) as error:
                raise BuildError(
                    f"cannot send outputs to worker processes: {error}; "
                    "renderers must be module-level functions or partials of them"
                ) from error
        for batch, future in futures:
            try:
                rendered = future.result()
            except BuildError:
                raise
            except Exception as error:
                # Re-render in this process to name the failing output precisely.
                for index in batch:
                    _render_one(outputs[index], context)
                raise BuildError(f"rendering failed in a worker: {error}") from error
            for index, data in zip(batch, rendered, strict=True):
                results[index] = data
            done += len(batch)
            if progress:
                progress(done, total)
    if progress:
        progress(total, total)
    return [data for data in results if data is not None]


def _render_one(output: Output, context: BuildContext) -> bytes:
    try:
        return output.render(context)
    except Exception as error:
        raise BuildError(
            f"rendering {output.path!r} (plugin {output.plugin!r}) failed: {type(error).__name__}: {error}"
        ) from error


def _read_manifest(out_dir: Path) -> dict[str, str] | None:
    try:
        data = json.loads((out_dir / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    files = data.get("files") if isinstance(data, dict) else None
    return files if isinstance(files, dict) else None


def _exchange(a: Path, b: Path) -> bool:
    """Swap two paths atomically (Linux ``renameat2(RENAME_EXCHANGE)``); False if unsupported."""
    libc_name = ctypes.util.find_library("c")
    if not libc_name or not hasattr(os, "uname") or os.uname().sysname != "Linux":
        return False
    try:
        libc = ctypes.CDLL(libc_name, use_errno=True)
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
    """
    out = Path(out_dir).absolute()
    checked = check_outputs(outputs)
    recover_output(out)
    old_manifest: dict[str, str] | None = None
    if out.exists() or out.is_symlink():
        if out.is_symlink() or not out.is_dir():
            raise BuildError(f"{out} exists and is not a folder")
        old_manifest = _read_manifest(out)
        if old_manifest is None and any(out.iterdir()) and not force:
            raise BuildError(
                f"{out} is not empty and was not made by coachcontent; "
                "choose an empty folder or pass --force to replace it"
            )
    rendered = _render_all(checked, context, executor, progress)
    out.parent.mkdir(parents=True, exist_ok=True)
    temp = Path(tempfile.mkdtemp(prefix=_temp_prefix(out, "new"), dir=out.parent))
    written: list[str] = []
    unchanged: list[str] = []
    hashes: dict[str, str] = {}
    try:
        for output, data in zip(checked, rendered, strict=True):
            digest = hashlib.sha256(data).hexdigest()
            hashes[output.path] = digest
            target = temp / output.path
            target.parent.mkdir(parents=True, exist_ok=True)
            previous = out / output.path
            if (
                old_manifest is not None
                and old_manifest.get(output.path) == digest
                and previous.is_file()
                and not previous.is_symlink()
                and previous.stat().st_size == len(data)
                and previous.read_bytes() == data
            ):
                try:
                    os.link(previous, target)
                except OSError:
                    shutil.copy2(previous, target)
                unchanged.append(output.path)
            else:
                target.write_bytes(data)
                written.append(output.path)
        manifest = {"generator": "coachcontent", "files": dict(sorted(hashes.items()))}
        (temp / MANIFEST).write_text(json.dumps(manifest, indent=1) + "\n", encoding="utf-8")
        temp.chmod(0o755)
        replace_folder(temp, out)
    except BaseException:
        shutil.rmtree(temp, ignore_errors=True)
        raise
    removed = sorted(set(old_manifest or ()) - set(hashes))
    return WriteReport(
        written=tuple(written),
        unchanged=tuple(unchanged),
        removed=tuple(removed),
        total_bytes=sum(len(data) for data in rendered),
    )


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


def replace_folder(new: Path, target: Path) -> None:
    """Put the complete folder ``new`` in place of ``target`` (which may not exist yet).

    On Linux the two are exchanged in one atomic step, so ``target`` is at
    every moment either the old folder or the new one, even if the process
    is killed.  Elsewhere the old folder is renamed aside first; a kill
    between the two renames leaves it beside ``target`` as ``.NAME.old-*``,
    and :func:`recover_output` (run by the next build) puts it back.
    """
    if not target.exists():
        new.rename(target)
        return
    if _exchange(new, target):
        shutil.rmtree(new, ignore_errors=True)
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
    shutil.rmtree(backup, ignore_errors=True)
