"""The theme's own files (stylesheet, script, icon), written to ``/theme/`` under content-hashed names."""

from __future__ import annotations

import hashlib
from functools import cache
from importlib.resources import files
from posixpath import splitext

from attrs import field, frozen

#: Hex digits of the SHA-256 of a file's bytes that go into its name.
HASH_LENGTH = 8


@frozen(kw_only=True)
class Asset:
    """A theme file: its name, its media type and its bytes.

    The file is written as ``theme/<stem>.<hash>.<ext>``, the hash being the first
    :data:`HASH_LENGTH` hex digits of the SHA-256 of its bytes: a new version has a
    new name, so a browser or a CDN may keep each file forever
    (``Cache-Control: immutable``) and never shows a stale one.

    :param name: the file's name in the theme, e.g. ``"style.css"``.
    """

    name: str
    media_type: str
    data: bytes
    #: The content hash that goes into the file name, e.g. ``"3f2a9c1b"``
    #: (computed once: every page links the theme's files).
    digest: str = field(init=False, eq=False, repr=False)
    #: Where the file is written in the output folder: ``theme/style.3f2a9c1b.css``.
    path: str = field(init=False, eq=False, repr=False)

    @digest.default
    def _digest(self) -> str:
        return hashlib.sha256(self.data).hexdigest()[:HASH_LENGTH]

    @path.default
    def _path(self) -> str:
        stem, ext = splitext(self.name)
        return f"theme/{stem}.{self.digest}{ext}"

    @property
    def url(self) -> str:
        """The site path pages link to: ``/theme/style.3f2a9c1b.css``."""
        return f"/{self.path}"


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
        name: Asset(name=name, media_type=media_type, data=(folder / name).read_bytes()) for name, media_type in _FILES
    }
