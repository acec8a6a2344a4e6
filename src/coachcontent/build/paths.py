"""Checking output paths: nothing may be written outside the output folder."""

from __future__ import annotations

import re
from collections.abc import Iterable

from coachcontent.build.output import Output
from coachcontent.errors import BuildError

_BAD_CHARS = re.compile(r"[\x00-\x1f\x7f\\:*?\"<>|]")
_RESERVED = {"con", "prn", "aux", "nul"} | {f"com{i}" for i in range(1, 10)} | {f"lpt{i}" for i in range(1, 10)}
MANIFEST = ".coachcontent-manifest.json"


#: A path of plain segments (letters, digits, ``-``, ``_``, ``~`` and inner dots), as nearly
#: every output's is: none empty, ``.`` or ``..``, none ending with a dot.
_SEGMENT = r"[A-Za-z0-9_~-](?:[A-Za-z0-9_.~-]*[A-Za-z0-9_~-])?"
_PLAIN_PATH = re.compile(f"{_SEGMENT}(?:/{_SEGMENT})*")
#: A segment that is a reserved device name, alone or before an extension.
_RESERVED_SEGMENT = re.compile(r"(?:^|/)(?:con|prn|aux|nul|com[1-9]|lpt[1-9])(?:\.|/|$)", re.IGNORECASE)


def path_problem(path: str) -> str | None:
    """Why ``path`` may not be written into the output folder, or ``None``.

    A path must be relative, use ``/``, have no empty, ``.`` or ``..``
    segment, no characters that are unsafe on common file systems, and
    must not name the build's own manifest.
    """
    if isinstance(path, str) and _PLAIN_PATH.fullmatch(path) and not _RESERVED_SEGMENT.search(path):
        return None  # a build checks every output's path: most are plain
    if not isinstance(path, str) or not path:
        return "empty path"
    if path.startswith("/"):
        return "absolute path"
    if _BAD_CHARS.search(path):
        return 'contains a control character, a backslash or one of : * ? " < > |'
    parts = path.split("/")
    if any(part in ("", ".", "..") for part in parts):
        return "contains an empty, '.' or '..' segment"
    if any(part.split(".")[0].lower() in _RESERVED for part in parts):
        return "uses a reserved device name"
    if any(part.endswith((" ", ".")) for part in parts):
        return "a segment ends with a space or a dot"
    if path == MANIFEST:
        return "is the build's own manifest"
    return None


def check_outputs(outputs: Iterable[Output]) -> list[Output]:
    """Refuse unsafe paths and paths claimed twice; return the outputs sorted by path."""
    problems: list[str] = []
    owners: dict[str, Output] = {}
    for output in outputs:
        problem = path_problem(output.path)
        if problem:
            problems.append(f"{output.path!r} from plugin {output.plugin!r}: {problem}")
            continue
        other = owners.get(output.path)
        if other is not None:
            problems.append(f"{output.path!r} is claimed by two plugins: {other.plugin!r} and {output.plugin!r}")
            continue
        owners[output.path] = output
    directories: dict[str, str] = {}
    for path in owners:
        parts = path.split("/")
        for depth in range(1, len(parts)):
            directories.setdefault("/".join(parts[:depth]), path)
    for path, output in owners.items():
        if path in directories:
            problems.append(
                f"{path!r} from plugin {output.plugin!r} is a file, but {directories[path]!r} needs it to be a folder"
            )
    if problems:
        raise BuildError("refused outputs:\n" + "\n".join(f"  {p}" for p in sorted(problems)))
    return [owners[path] for path in sorted(owners)]
