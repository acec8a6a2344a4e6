"""An immutable, hashable mapping so that frozen models stay hashable."""

from __future__ import annotations

from collections.abc import ItemsView, Iterable, Iterator, KeysView, Mapping, ValuesView
from typing import Any, TypeVar, overload

K = TypeVar("K")
V = TypeVar("V")
T = TypeVar("T")


class FrozenDict(Mapping[K, V]):
    """A read-only mapping with a stable hash.

    Models keep open-ended data (front-matter ``extra`` keys, the terms of a
    post per taxonomy, plugin settings) in a ``FrozenDict`` so that the
    model itself stays immutable and hashable.  Nested dicts and lists given
    to :func:`freeze` become ``FrozenDict`` and tuples.
    """

    __slots__ = ("_data", "_hash")

    def __init__(self, data: Mapping[K, V] | None = None, /) -> None:
        self._data: dict[K, V] = dict(data) if data else {}
        self._hash: int | None = None

    def __getitem__(self, key: K) -> V:
        return self._data[key]

    def __iter__(self) -> Iterator[K]:
        return iter(self._data)

    def __len__(self) -> int:
        return len(self._data)

    # Direct versions of what Mapping derives through __getitem__: these run per page per post.
    def __contains__(self, key: object) -> bool:
        return key in self._data

    @overload
    def get(self, key: K, /) -> V | None: ...
    @overload
    def get(self, key: K, /, default: V | T) -> V | T: ...
    def get(self, key: K, /, default: object = None) -> object:
        """``Mapping.get`` straight from the dict (no ``__getitem__`` and ``KeyError``)."""
        return self._data.get(key, default)

    def keys(self) -> KeysView[K]:
        """The keys, as a read-only view of the underlying dict (iterated in C)."""
        return self._data.keys()

    def values(self) -> ValuesView[V]:
        """The values, as a read-only view of the underlying dict."""
        return self._data.values()

    def items(self) -> ItemsView[K, V]:
        """The pairs, as a read-only view of the underlying dict: ``dict(frozen.items())``
        copies it without a Python call per key."""
        return self._data.items()

    @classmethod
    def _adopt(cls, data: dict[K, V]) -> FrozenDict[K, V]:
        """A FrozenDict holding ``data`` itself (not a copy): for freeze's fresh dicts only."""
        result = cls.__new__(cls)
        result._data = data
        result._hash = None
        return result

    def __hash__(self) -> int:
        if self._hash is None:
            self._hash = hash(frozenset(self._data.items()))
        return self._hash

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Mapping):
            return dict(self._data) == dict(other)
        return NotImplemented

    def __repr__(self) -> str:
        return f"FrozenDict({self._data!r})"

    def __reduce__(self) -> tuple[Any, ...]:
        return (FrozenDict, (self._data,))

    def thaw(self) -> dict[K, Any]:
        """Return a plain, mutable ``dict`` copy (nested values thawed too)."""
        return {key: thaw(value) for key, value in self._data.items()}


#: Leaves that freeze returns as they are, checked by exact type first (most values are these).
_ATOMS = frozenset({str, int, float, bool, type(None)})


def freeze(value: Any) -> Any:
    """Return ``value`` with every dict made a :class:`FrozenDict` and every list a tuple."""
    kind = type(value)
    if kind in _ATOMS:
        return value
    if kind is dict:
        return FrozenDict._adopt({key: freeze(item) for key, item in value.items()})
    if isinstance(value, FrozenDict):
        return value
    if isinstance(value, Mapping):
        return FrozenDict({key: freeze(item) for key, item in value.items()})
    if isinstance(value, list | tuple):
        return tuple(freeze(item) for item in value)
    if isinstance(value, set | frozenset):
        return frozenset(freeze(item) for item in value)
    return value


def thaw(value: Any) -> Any:
    """Undo :func:`freeze`: ``FrozenDict`` back to ``dict`` and tuples to lists."""
    if isinstance(value, FrozenDict):
        return value.thaw()
    if isinstance(value, tuple):
        return [thaw(item) for item in value]
    return value


def as_tuple(value: Iterable[Any]) -> tuple[Any, ...]:
    """attrs converter: any iterable to a tuple (typed, unlike the ``tuple`` constructor)."""
    return tuple(value)


def frozen_mapping(value: Mapping[Any, Any] | None) -> FrozenDict[Any, Any]:
    """attrs converter: any mapping (or ``None``) to a deeply frozen ``FrozenDict``."""
    if value is None:
        return FrozenDict()
    result = freeze(value)
    assert isinstance(result, FrozenDict)
    return result
