"""Writing ``site.toml``: a small TOML emitter for tables, arrays of tables and scalars.

The standard library reads TOML (``tomllib``) but does not write it; the
documents the importer writes need only strings, integers, booleans, lists
of those, tables and arrays of tables, in the order given.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any

_BARE_KEY = re.compile(r"^[A-Za-z0-9_-]+$")
_ESCAPES = {'"': '\\"', "\\": "\\\\", "\b": "\\b", "\t": "\\t", "\n": "\\n", "\f": "\\f", "\r": "\\r"}


def toml_string(value: str) -> str:
    """A TOML basic string; control characters are escaped, everything else kept."""
    out = []
    for char in value:
        if char in _ESCAPES:
            out.append(_ESCAPES[char])
        elif ord(char) < 0x20 or ord(char) == 0x7F:
            out.append(f"\\u{ord(char):04X}")
        else:
            out.append(char)
    return '"' + "".join(out) + '"'


def toml_key(key: str) -> str:
    """A key, bare when it can be."""
    return key if _BARE_KEY.match(key) else toml_string(key)


def _value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, str):
        return toml_string(value)
    if isinstance(value, Sequence):
        return "[" + ", ".join(_value(item) for item in value) + "]"
    raise TypeError(f"cannot write {type(value).__name__} to TOML")


def _is_table_array(value: Any) -> bool:
    return (
        isinstance(value, Sequence)
        and not isinstance(value, str)
        and bool(value)
        and all(isinstance(item, Mapping) for item in value)
    )


def _is_sub_table(value: Any) -> bool:
    return value is None or isinstance(value, Mapping) or _is_table_array(value)


def _table(path: tuple[str, ...], table: Mapping[str, Any], out: list[str]) -> None:
    for key, value in table.items():
        if value is None or isinstance(value, Mapping) or _is_table_array(value):
            continue
        out.append(f"{toml_key(key)} = {_value(value)}")
    for key, value in table.items():
        dotted = ".".join(toml_key(part) for part in (*path, key))
        if isinstance(value, Mapping):
            if not value or any(not _is_sub_table(item) for item in value.values()):
                out.extend(["", f"[{dotted}]"])  # a super-table of only tables needs no header
            _table((*path, key), value, out)
        elif _is_table_array(value):
            for item in value:
                out.extend(["", f"[[{dotted}]]"])
                _table((*path, key), item, out)


def dump_toml(document: Mapping[str, Any]) -> str:
    """``document`` as TOML text; ``None`` values are left out, key order is kept."""
    out: list[str] = []
    _table((), document, out)
    while out and out[0] == "":
        out.pop(0)
    return "\n".join(out) + "\n"
