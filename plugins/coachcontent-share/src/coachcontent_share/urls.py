"""Share URLs: each query value percent-encoded on its own, UTM parameters on the shared URL."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from functools import lru_cache

#: The UTM parameters the ``[share]`` section can set, in the order they are appended.
UTM_KEYS = ("utm_source", "utm_medium", "utm_campaign")


#: Each byte as it stands in a query value: ``urllib.parse.quote(..., safe="")``'s
#: always-safe characters as themselves, every other byte as ``%XX``.
_QUOTED = tuple(
    chr(byte) if chr(byte).isascii() and (chr(byte).isalnum() or chr(byte) in "_.-~") else f"%{byte:02X}"
    for byte in range(256)
)


@lru_cache(maxsize=4096)  # a page's URL and title go to every network
def encode(value: str) -> str:
    """``value`` percent-encoded as one query value: every reserved character escaped,
    a space as ``%20`` (never ``+``), non-ASCII as UTF-8 bytes.

    The same as ``urllib.parse.quote(value, safe="")``, by a table lookup per byte.
    """
    quoted = _QUOTED
    return "".join([quoted[byte] for byte in value.encode("utf-8")])


def share_url(base: str, params: Iterable[tuple[str, str | None]]) -> str:
    """``base`` with a query string made of ``params`` in the given order.

    Parameters whose value is empty or ``None`` are left out, so a network
    never receives ``via=`` or ``hashtags=`` with nothing in it.  Each value
    is encoded on its own with :func:`encode`; names are written as given
    (they are fixed ASCII words chosen by the network).
    """
    query = "&".join(f"{name}={encode(value)}" for name, value in params if value)
    if not query:
        return base
    separator = "&" if "?" in base else "?"
    return f"{base}{separator}{query}"


def with_utm(url: str, utm: Mapping[str, str], *, network: str, slug: str) -> str:
    """``url`` with the non-empty UTM parameters of ``utm`` appended.

    In each value ``{network}`` becomes the network's slug and ``{slug}`` the
    entry's slug, so ``utm_source = "{network}"`` tells the statistics which
    network a visitor came from.  A fragment, if any, stays at the end.
    """
    params = [(key, utm.get(key, "").replace("{network}", network).replace("{slug}", slug)) for key in UTM_KEYS]
    if not any(value for _, value in params):
        return url
    url, hash_mark, fragment = url.partition("#")
    return share_url(url, params) + hash_mark + fragment
