"""Redirect pages for ``aliases``: old URLs keep working on a static host."""

from __future__ import annotations

import html
from collections.abc import Iterator

from coachcontent.build.output import Output
from coachcontent.models.entry import Page, Post
from coachcontent.models.site import Site
from coachcontent.models.urls import output_path
from coachcontent.plugins import hookimpl


def redirect_page(target: str) -> str:
    """A small HTML page sending the visitor (and search engines) to ``target``."""
    href = html.escape(target, quote=True)
    return (
        "<!DOCTYPE html>\n"
        '<html lang="en"><head><meta charset="utf-8">\n'
        f"<title>Moved to {href}</title>\n"
        f'<link rel="canonical" href="{href}">\n'
        '<meta name="robots" content="noindex">\n'
        f'<meta http-equiv="refresh" content="0; url={href}">\n'
        f'</head><body><p>This page has moved to <a href="{href}">{href}</a>.</p></body></html>\n'
    )


@hookimpl(trylast=True)
def coachcontent_outputs(site: Site) -> Iterator[Output]:
    """A redirect page at each alias of each published post and page.

    Query strings (``/?p=123``) cannot be served by a static file and are skipped.
    """
    entries: list[Post | Page] = [*site.posts_newest_first(), *(p for p in site.pages if not p.draft)]
    for entry in entries:
        own = site.url_for(entry)
        target = site.absolute_url(own)
        for alias in entry.aliases:
            # An alias equal to the entry's own URL (a kept WordPress permalink) needs no redirect.
            if "?" in alias or "#" in alias or output_path(alias) == output_path(own):
                continue
            yield Output(path=output_path(alias), media_type="text/html", content=redirect_page(target))
