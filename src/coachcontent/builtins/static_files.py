"""Copy the site folder's ``static/`` tree into the output unchanged."""

from __future__ import annotations

import mimetypes
from collections.abc import Iterator
from pathlib import Path

from coachcontent.build.output import Output
from coachcontent.models.site import Site
from coachcontent.plugins import hookimpl


@hookimpl
def coachcontent_outputs(site: Site) -> Iterator[Output]:
    """One output per file under ``static/`` (hidden files skipped, symlinks not followed)."""
    if site.source_dir is None:
        return
    root = Path(site.source_dir) / "static"
    if not root.is_dir():
        return
    for path in sorted(root.rglob("*")):
        relative = path.relative_to(root)
        if any(part.startswith(".") for part in relative.parts) or path.is_symlink():
            continue
        if path.is_file():
            media_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
            yield Output(path=relative.as_posix(), media_type=media_type, content=path.read_bytes())
