"""The hook implementations: the entry point ``sitemap`` in the ``coachcontent`` group."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from functools import partial

from coachcontent import BuildContext, ConfigSection, Output, Site, hookimpl, output_path
from coachcontent_sitemap.files import render_sitemap_output, sitemap_files
from coachcontent_sitemap.robots import render_robots
from coachcontent_sitemap.settings import SECTION, sitemap_settings


@hookimpl
def coachcontent_config_sections() -> Sequence[ConfigSection]:
    """The ``[sitemap]`` section of ``site.toml``."""
    return [SECTION]


@hookimpl
def coachcontent_outputs(build: BuildContext, site: Site) -> Iterable[Output]:
    """``sitemap.xml`` (or an index and its parts) and ``robots.txt``.

    A file's fingerprint is what it lists (each URL and its ``lastmod``): planned
    here anyway, so a rebuild whose edit changed no URL and no date keeps the file
    without rendering it.
    """
    settings = sitemap_settings(site)
    outputs = [
        Output(
            path=output_path(file.path),
            media_type="application/xml",
            renderer=partial(render_sitemap_output, number=number),
            fingerprint=build.fingerprint(
                "coachcontent-sitemap",
                file.kind,
                file.path,
                [(url.loc, url.lastmod.isoformat() if url.lastmod else None) for url in file.urls],
            ),
        )
        for number, file in enumerate(sitemap_files(site, settings))
    ]
    if settings.robots:
        outputs.append(Output(path="robots.txt", media_type="text/plain", content=render_robots(site, settings)))
    return outputs
