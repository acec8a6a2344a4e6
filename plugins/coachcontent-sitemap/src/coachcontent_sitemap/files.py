"""Sitemap files: one ``urlset``, or a sitemap index and its parts past the limits.

The sitemaps.org protocol allows 50,000 URLs and 50 MiB per file.  URLs are
cut into parts greedily, in their fixed order, so that no part passes
either limit; the size of each ``<url>`` is known before writing, so the
split is decided when the build lists its outputs.  Files are written with
lxml's incremental writer.
"""

from __future__ import annotations

import io
import weakref
from collections.abc import Sequence
from datetime import datetime, tzinfo
from typing import Literal
from xml.sax.saxutils import escape

from attrs import frozen
from lxml import etree

from coachcontent import BuildContext, Site
from coachcontent_sitemap.settings import SitemapSettings, sitemap_settings
from coachcontent_sitemap.urls import SitemapUrl, sitemap_urls

SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"


@frozen(kw_only=True)
class SitemapFile:
    """One file of the sitemap.

    :param path: its site path, e.g. ``"/sitemap.xml"``.
    :param kind: ``"urlset"`` (lists pages) or ``"index"`` (lists the parts).
    :param urls: the pages listed, or for an index, the parts' URLs with their newest ``lastmod``.
    """

    path: str
    kind: Literal["urlset", "index"]
    urls: tuple[SitemapUrl, ...]


def lastmod_text(moment: datetime, zone: tzinfo) -> str:
    """W3C datetime with seconds and an offset, in the site's timezone."""
    return moment.astimezone(zone).replace(microsecond=0).isoformat()


def render_file(file: SitemapFile, zone: tzinfo) -> bytes:
    """The XML of ``file``."""
    root, child = ("urlset", "url") if file.kind == "urlset" else ("sitemapindex", "sitemap")
    buffer = io.BytesIO()
    with etree.xmlfile(buffer, encoding="utf-8") as xf:
        xf.write_declaration()
        with xf.element(root, nsmap={None: SITEMAP_NS}):
            xf.write("\n")
            for url in file.urls:
                with xf.element(child):
                    with xf.element("loc"):
                        xf.write(url.loc)
                    if url.lastmod is not None:
                        with xf.element("lastmod"):
                            xf.write(lastmod_text(url.lastmod, zone))
                xf.write("\n")
    return buffer.getvalue()


def _url_size(url: SitemapUrl, zone: tzinfo) -> int:
    # Mirrors render_file: <url><loc>…</loc><lastmod>…</lastmod></url>\n
    size = len("<url><loc></loc></url>\n") + len(escape(url.loc).encode("utf-8"))
    if url.lastmod is not None:
        size += len("<lastmod></lastmod>") + len(lastmod_text(url.lastmod, zone))
    return size


def split_urls(
    urls: Sequence[SitemapUrl], zone: tzinfo, *, max_urls: int, max_bytes: int
) -> list[tuple[SitemapUrl, ...]]:
    """``urls`` cut, in order, into runs that each fit one sitemap file."""
    frame = len(render_file(SitemapFile(path="/", kind="urlset", urls=()), zone))
    parts: list[tuple[SitemapUrl, ...]] = []
    current: list[SitemapUrl] = []
    size = frame
    for url in urls:
        url_size = _url_size(url, zone)
        if current and (len(current) >= max_urls or size + url_size > max_bytes):
            parts.append(tuple(current))
            current, size = [], frame
        current.append(url)
        size += url_size
    if current or not parts:
        parts.append(tuple(current))
    return parts


def plan_sitemaps(
    site: Site,
    urls: Sequence[SitemapUrl],
    *,
    path: str = "/sitemap.xml",
    part_path: str = "/sitemap-{n}.xml",
    max_urls: int = 50_000,
    max_bytes: int = 52_428_800,
) -> tuple[SitemapFile, ...]:
    """The files that list ``urls``: one ``urlset`` at ``path`` when the URLs fit the
    limits, else a sitemap index at ``path`` and its parts at ``part_path``."""
    parts = split_urls(urls, site.zone, max_urls=max_urls, max_bytes=max_bytes)
    if len(parts) == 1:
        return (SitemapFile(path=path, kind="urlset", urls=parts[0]),)
    files = [
        SitemapFile(path=part_path.replace("{n}", str(number)), kind="urlset", urls=part)
        for number, part in enumerate(parts, start=1)
    ]
    index = SitemapFile(
        path=path,
        kind="index",
        urls=tuple(
            SitemapUrl(
                loc=site.absolute_url(file.path),
                lastmod=max((url.lastmod for url in file.urls if url.lastmod is not None), default=None),
            )
            for file in files
        ),
    )
    return (index, *files)


_FILES: weakref.WeakKeyDictionary[Site, tuple[SitemapFile, ...]] = weakref.WeakKeyDictionary()


def sitemap_files(site: Site, settings: SitemapSettings | None = None) -> tuple[SitemapFile, ...]:
    """The site's sitemap files under its ``[sitemap]`` settings (planned once per site)."""
    files = _FILES.get(site)
    if files is None:
        settings = settings or sitemap_settings(site)
        files = plan_sitemaps(
            site,
            sitemap_urls(site, settings),
            path=settings.path,
            part_path=settings.part_path,
            max_urls=settings.max_urls,
            max_bytes=settings.max_bytes,
        )
        _FILES[site] = files
    return files


def render_sitemap_output(context: BuildContext, *, number: int) -> bytes:
    """Renderer of the ``number``-th sitemap file (0 is ``sitemap.xml``); module-level, so it pickles."""
    site = context.site
    return render_file(sitemap_files(site)[number], site.zone)
