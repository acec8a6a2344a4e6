"""Writing outputs safely: into a fresh folder, swapped in only when everything worked."""

from __future__ import annotations

import contextlib
import ctypes
import ctypes.util
import hashlib
import json
import os
import pickle
import shutil
import tempfile
from collections.abc import Callable, Sequence
from concurrent.futures import Executor
from pathlib import Path

from attrs import frozen

from coachcontent.build.context import BuildContext
from coachcontent.build.output import Output
from coachcontent.build.paths import MANIFEST, check_outputs
from coachcontent.errors import BuildError

Progress = Callable[[int, int], None]


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

    :param executor: renders outputs with renderers on it (a process pool,
        a Dask client's executor, ...); ``None`` renders in this process.
    :param force: replace an existing, non-empty folder that was not made
        by coachcontent (it has no manifest).
    :param progress: called with (done, total) as rendering proceeds.
    """
    out = Path(out_dir).absolute()
    checked = check_outputs(outputs)
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
    temp = Path(tempfile.mkdtemp(prefix=f".{out.name}.new-", dir=out.parent))
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
        _swap_in(temp, out)
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


def _swap_in(temp: Path, out: Path) -> None:
    if not out.exists():
        temp.rename(out)
        return
    if _exchange(temp, out):
        shutil.rmtree(temp, ignore_errors=True)
        return
    backup = Path(tempfile.mkdtemp(prefix=f".{out.name}.old-", dir=out.parent))
    backup.rmdir()
    out.rename(backup)
    try:
        temp.rename(out)
    except BaseException:
        with contextlib.suppress(OSError):
            backup.rename(out)
        raise
    shutil.rmtree(backup, ignore_errors=True)
