"""Declared sections of ``site.toml``: what keys a plugin (or the core) accepts."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import Any

from attrs import field, frozen

#: A validator gets the section (defaults applied) and yields ``(key, message)`` pairs.
SectionValidator = Callable[[Mapping[str, Any]], Iterable[tuple[str, str]]]

_TYPE_NAMES = {
    str: "a string",
    int: "an integer",
    float: "a number",
    bool: "true or false",
    list: "a list",
    dict: "a table",
}


@frozen(kw_only=True)
class ConfigKey:
    """One key of a ``site.toml`` section.

    :param name: the key.
    :param type: the Python type its value must have (``str``, ``int``,
        ``float``, ``bool``, ``list`` or ``dict``).
    :param default: the value when the key is absent.
    :param description: one sentence for the reference docs.
    :param choices: when not empty, the value must be one of these.
    """

    name: str
    type: type
    default: Any
    description: str
    choices: tuple[Any, ...] = ()

    def problem(self, value: Any) -> str | None:
        """Why ``value`` is not acceptable for this key, or ``None``."""
        expected = self.type
        # Values read back from a Site are frozen: tables are FrozenDicts, arrays tuples.
        accepted: Any = expected
        if expected is dict:
            accepted = Mapping
        elif expected is list:
            accepted = (list, tuple)
        ok = isinstance(value, accepted) and not (expected is int and isinstance(value, bool))
        if expected is float and isinstance(value, int) and not isinstance(value, bool):
            ok = True
        if not ok:
            return f"expected {_TYPE_NAMES.get(expected, expected.__name__)}, got {value!r}"
        if self.choices and value not in self.choices:
            return f"expected one of {', '.join(map(repr, self.choices))}, got {value!r}"
        return None


def _keys(value: Iterable[ConfigKey]) -> tuple[ConfigKey, ...]:
    return tuple(value)


@frozen(kw_only=True)
class ConfigSection:
    """A section of ``site.toml`` that a plugin owns, e.g. ``[feeds]``.

    :param name: the table's name.
    :param description: one sentence for the reference docs.
    :param keys: the accepted keys; any other key is reported as an error.
    :param validate: optional checks across keys, yielding ``(key, message)``.
    :param open: when true, keys beyond ``keys`` are allowed (free-form tables).
    """

    name: str
    description: str
    keys: tuple[ConfigKey, ...] = field(default=(), converter=_keys)
    validate: SectionValidator | None = field(default=None, eq=False)
    open: bool = False

    def defaults(self) -> dict[str, Any]:
        """Every key with its default value."""
        return {key.name: key.default for key in self.keys}

    def check(self, values: Mapping[str, Any]) -> list[tuple[str, str]]:
        """Every problem of ``values`` as ``(key, message)``."""
        problems: list[tuple[str, str]] = []
        known = {key.name: key for key in self.keys}
        for name, value in values.items():
            key = known.get(name)
            if key is None:
                if not self.open:
                    accepted = ", ".join(sorted(known)) or "none"
                    problems.append((name, f"unknown key in [{self.name}] (accepted: {accepted})"))
                continue
            problem = key.problem(value)
            if problem:
                problems.append((name, problem))
        if not problems and self.validate is not None:
            problems.extend(self.validate({**self.defaults(), **values}))
        return problems

    def resolve(self, values: Mapping[str, Any]) -> dict[str, Any]:
        """``values`` with defaults filled in."""
        return {**self.defaults(), **values}
