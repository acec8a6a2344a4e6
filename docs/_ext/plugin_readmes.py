"""Put a plugin's README into its reference page.

A page whose source contains a line ``<!-- plugin-readme: coachcontent-NAME -->``
gets that line replaced by ``plugins/coachcontent-NAME/README.md`` when
Sphinx reads it.  On the way in, relative links that only make sense on a
repository browser are rewritten: the project README becomes a link to the
documentation's start page, another plugin's README a link to its reference
page, any other file in the repository plain text with its path; image
paths are made relative to the page.  Heading
levels are kept consecutive, as MyST asks.  The README is recorded as a
dependency, so editing it rebuilds the page.
"""

from __future__ import annotations

import posixpath
import re
from pathlib import Path
from typing import Any

from sphinx.application import Sphinx
from sphinx.errors import ExtensionError

MARKER = re.compile(r"^<!-- plugin-readme: (coachcontent-[a-z0-9-]+) -->$", re.MULTILINE)
LINK = re.compile(r"(?<!!)\[([^\]\n]+)\]\(([^)\s]+)\)")
IMAGE = re.compile(r"!\[([^\]\n]*)\]\(([^)\s]+)\)")
FENCE = re.compile(r"^(\s*)(```+|~~~+)")
HEADING = re.compile(r"^(#{1,6})(\s+.*)$")

ROOT = Path(__file__).resolve().parents[2]
PLUGINS = ROOT / "plugins"


def plugin_page(distribution: str) -> str:
    """The docname of a plugin's reference page: ``coachcontent-html`` → ``reference/plugins/html``."""
    return "reference/plugins/" + distribution.removeprefix("coachcontent-")


def _rewrite_link(text: str, target: str, readme: Path, docname: str) -> str:
    if re.match(r"^[a-z][a-z0-9+.-]*:", target) or target.startswith("#"):
        return f"[{text}]({target})"
    path_part, _, anchor = target.partition("#")
    resolved = (readme.parent / path_part).resolve()
    here = posixpath.dirname(docname)
    if resolved == ROOT / "README.md" or resolved == ROOT:
        return f"[{text}]({posixpath.relpath('index', here)}.md)"
    if resolved.name == "README.md" and resolved.parent.parent == PLUGINS:
        page = plugin_page(resolved.parent.name)
        return f"[{text}]({posixpath.relpath(page, here)}.md{'#' + anchor if anchor else ''})"
    try:
        shown = resolved.relative_to(ROOT).as_posix()
    except ValueError:
        shown = path_part
    return f"{text} (`{shown}` in the source tree)"


def _rewrite_image(alt: str, target: str, readme: Path, docname: str) -> str:
    if re.match(r"^[a-z][a-z0-9+.-]*:", target):
        return f"![{alt}]({target})"
    resolved = (readme.parent / target).resolve()
    here = (ROOT / "docs" / docname).parent
    return f"![{alt}]({Path(posixpath.relpath(resolved, here)).as_posix()})"


def readme_markdown(distribution: str, docname: str) -> tuple[str, Path]:
    """The README of ``distribution`` ready to be read as part of ``docname``."""
    readme = PLUGINS / distribution / "README.md"
    if not readme.is_file():
        raise ExtensionError(f"{docname}: {readme} does not exist")
    lines = []
    in_fence: str | None = None
    level = 0
    for line in readme.read_text(encoding="utf-8").splitlines():
        fence = FENCE.match(line)
        if fence:
            marker = fence.group(2)
            if in_fence is None:
                in_fence = marker[0] * len(marker)
            elif marker.startswith(in_fence):
                in_fence = None
            lines.append(line)
            continue
        if in_fence is not None:
            lines.append(line)
            continue
        heading = HEADING.match(line)
        if heading:
            wanted = len(heading.group(1))
            level = min(wanted, level + 1)
            line = "#" * level + heading.group(2)
        line = IMAGE.sub(lambda m: _rewrite_image(m.group(1), m.group(2), readme, docname), line)
        lines.append(LINK.sub(lambda m: _rewrite_link(m.group(1), m.group(2), readme, docname), line))
    return "\n".join(lines) + "\n", readme


def _source_read(app: Sphinx, docname: str, source: list[str]) -> None:
    def replace(match: re.Match[str]) -> str:
        text, readme = readme_markdown(match.group(1), docname)
        app.env.note_dependency(str(readme))
        return text

    source[0] = MARKER.sub(replace, source[0])


def setup(app: Sphinx) -> dict[str, Any]:
    app.connect("source-read", _source_read)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
