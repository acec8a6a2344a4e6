"""Finding the line of a key in ``site.toml`` (tomllib reports values, not positions)."""

from __future__ import annotations

import re

_HEADER = re.compile(r"^\s*(\[\[?)\s*([^\]]+?)\s*\]\]?\s*(?:#.*)?$")
_KEY = re.compile(r"""^\s*(?:"([^"]+)"|'([^']+)'|([A-Za-z0-9_\-]+))\s*=""")


def _clean(name: str) -> list[str]:
    return [part.strip().strip('"').strip("'") for part in name.split(".")]


class TomlLocator:
    """Maps dotted paths with array indices to line numbers.

    ``locator.line("menus.main.items[1].children[0].page")`` is the line of
    that key; when the exact key is not found, the line of its nearest
    enclosing table, else 1.  Keys in inline tables are not tracked.
    """

    def __init__(self, text: str) -> None:
        self.lines: dict[str, int] = {}
        counts: dict[str, int] = {}
        last_index: dict[str, int] = {}
        current = ""
        for number, line in enumerate(text.splitlines(), start=1):
            header = _HEADER.match(line)
            if header:
                is_array = header.group(1) == "[["
                parts = _clean(header.group(2))
                prefix = ""
                for part in parts[:-1]:
                    prefix = f"{prefix}.{part}" if prefix else part
                    if prefix in last_index:
                        prefix = f"{prefix}[{last_index[prefix]}]"
                full = f"{prefix}.{parts[-1]}" if prefix else parts[-1]
                if is_array:
                    index = counts.get(full, 0)
                    counts[full] = index + 1
                    last_index[full] = index
                    current = f"{full}[{index}]"
                else:
                    current = full
                self.lines.setdefault(current, number)
                continue
            key = _KEY.match(line)
            if key:
                name = next(group for group in key.groups() if group)
                self.lines.setdefault(f"{current}.{name}" if current else name, number)

    def line(self, path: str) -> int:
        """The line of ``path`` or of its nearest enclosing table; 1 when unknown."""
        while path:
            if path in self.lines:
                return self.lines[path]
            cut = max(path.rfind("."), path.rfind("["))
            if cut <= 0:
                break
            path = path[:cut]
        return self.lines.get(path, 1)
