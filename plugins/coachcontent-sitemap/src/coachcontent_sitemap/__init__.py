"""coachcontent-sitemap: ``sitemap.xml`` and ``robots.txt`` for a coachcontent site.

Public names:

- :func:`sitemap_urls` — every URL the sitemap lists, with its ``lastmod``;
- :func:`plan_sitemaps` — those URLs cut into files under given limits (a sitemap index past them);
- :func:`sitemap_files` — the site's files under its ``[sitemap]`` settings;
- :func:`render_file`, :func:`render_robots` — the bytes and text written.
"""

from __future__ import annotations

from coachcontent_sitemap.files import SITEMAP_NS, SitemapFile, plan_sitemaps, render_file, sitemap_files
from coachcontent_sitemap.robots import render_robots
from coachcontent_sitemap.settings import (
    MAX_BYTES,
    MAX_URLS,
    SECTION,
    SitemapError,
    SitemapSettings,
    sitemap_settings,
)
from coachcontent_sitemap.urls import SitemapUrl, is_noindex, sitemap_urls

__version__ = "0.1.0"

__all__ = [
    "MAX_BYTES",
    "MAX_URLS",
    "SECTION",
    "SITEMAP_NS",
    "SitemapError",
    "SitemapFile",
    "SitemapSettings",
    "SitemapUrl",
    "__version__",
    "is_noindex",
    "plan_sitemaps",
    "render_file",
    "render_robots",
    "sitemap_files",
    "sitemap_settings",
    "sitemap_urls",
]
