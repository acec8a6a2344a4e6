"""The theme's own files (stylesheet, script, icon), served from ``/theme/``."""

from __future__ import annotations

import hashlib
from functools import cache
from importlib.resources import files

from attrs import frozen


@frozen(kw_only=True)
class Asset:
    """A theme file: where it is written, its media type and its bytes.

    :param url: the site path pages link to, with ``?v=`` and the first hex
        digits of the content's SHA-256, so a browser never keeps a stale copy.
    """

    path: str
    media_type: str
    data: bytes

    @property
    def url(self) -> str:
        """``/theme/style.css?v=1a2b3c4d5e``."""
        return f"/{self.path}?v={hashlib.sha256(self.data).hexdigest()[:10]}"


_FILES = (
    ("style.css", "text/css"),
    ("site.js", "text/javascript"),
    ("icon.svg", "image/svg+xml"),
)


@cache
def theme_assets() -> dict[str, Asset]:
    """The theme's files keyed by name (``"style.css"``, ``"site.js"``, ``"icon.svg"``)."""
    folder = files("coachcontent_html") / "assets"
    return {
        name: Asset(path=f"theme/{name}", media_type=media_type, data=(folder / name).read_bytes())
        for name, media_type in _FILES
    }
