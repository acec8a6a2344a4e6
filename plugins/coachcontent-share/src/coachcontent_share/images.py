"""The picture that goes with a shared entry: its own image or the configured default."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any
from urllib.parse import urlsplit

from coachcontent import Image, Page, Post, Site


def absolute_http(site: Site, url: str | None) -> str | None:
    """``url`` made absolute against the site; ``None`` unless it ends up http(s)."""
    if not url:
        return None
    absolute = site.absolute_url(url)
    return absolute if absolute.startswith(("https://", "http://")) else None


def is_vector(url: str) -> bool:
    """Whether ``url`` names an SVG file, which Facebook, X, LinkedIn and Pinterest
    do not show as a preview image."""
    return urlsplit(url).path.lower().endswith((".svg", ".svgz"))


def share_image(site: Site, entry: Post | Page | None, settings: Mapping[str, Any]) -> Image | None:
    """The entry's image with an absolute URL, else ``[share] default_image``, else ``None``.

    SVG images are passed over: the networks' link previews take raster
    images only (JPEG, PNG, WebP, GIF).
    """
    if entry is not None and entry.image is not None:
        src = absolute_http(site, entry.image.src)
        if src is not None and not is_vector(src):
            return Image(src=src, alt=entry.image.alt, width=entry.image.width, height=entry.image.height)
    src = absolute_http(site, settings.get("default_image"))
    if src is None or is_vector(src):
        return None
    return Image(
        src=src,
        alt=settings.get("default_image_alt", ""),
        width=settings.get("default_image_width") or None,
        height=settings.get("default_image_height") or None,
    )
