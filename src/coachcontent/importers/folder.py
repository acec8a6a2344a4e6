"""Writing the new content folder beside the target and swapping it in when complete.

An existing folder that is not empty is replaced only when asked (``force``),
and only after the new one was written completely; until the swap, and if
anything fails, the old folder is untouched.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path, PurePosixPath
from types import TracebackType

from coachcontent.errors import ContentError, ContentErrors


def _refuse(target: Path, message: str) -> ContentErrors:
    return ContentErrors([ContentError(path=str(target), line=0, field="output", message=message)])


def check_target(target: Path, *, force: bool) -> None:
    """Raise :class:`~coachcontent.ContentErrors` when ``target`` may not be written."""
    if target.is_symlink() or (target.exists() and not target.is_dir()):
        raise _refuse(target, "exists and is not a folder")
    if target.is_dir() and not force and any(target.iterdir()):
        raise _refuse(target, "exists and is not empty; use --force to replace it")
    ancestor = target.parent
    while not ancestor.exists() and ancestor != ancestor.parent:
        ancestor = ancestor.parent
    if not ancestor.is_dir():
        raise _refuse(target, f"{ancestor} is not a folder")


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


class StagingFolder:
    """A temporary folder beside ``target`` that becomes ``target`` on :meth:`commit`.

    Use it as a context manager: leaving the block without committing (or by
    an exception) removes the temporary folder and leaves ``target`` as it was.
    """

    def __init__(self, target: Path, *, force: bool) -> None:
        self.target = target
        self.force = force
        self.path: Path | None = None
        self.files = 0

    def __enter__(self) -> StagingFolder:
        check_target(self.target, force=self.force)
        self.target.parent.mkdir(parents=True, exist_ok=True)
        self.path = Path(tempfile.mkdtemp(prefix=f".{self.target.name}.import-", dir=self.target.parent))
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        if self.path is not None and self.path.exists():
            shutil.rmtree(self.path, ignore_errors=True)

    def write(self, relative: str, text: str) -> None:
        """Write ``text`` (UTF-8, ``\\n`` line ends) at the relative POSIX path ``relative``."""
        assert self.path is not None, "use StagingFolder as a context manager"
        parts = PurePosixPath(relative).parts
        if not parts or PurePosixPath(relative).is_absolute() or ".." in parts:
            raise ValueError(f"refusing to write outside the site folder: {relative!r}")
        path = self.path.joinpath(*parts)
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("w", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
        self.files += 1

    def commit(self) -> None:
        """Put the new folder in place of ``target`` (replacing it only if allowed)."""
        assert self.path is not None, "use StagingFolder as a context manager"
        check_target(self.target, force=self.force)
        mode = 0o777 & ~_umask()
        for folder, _dirs, _files in os.walk(self.path):
            Path(folder).chmod(mode)
        from coachcontent.build.writer import replace_folder

        replace_folder(self.path, self.target)
        self.path = None
