"""Rendering feeds: the public :func:`render_feed` and the picklable renderers of the build's outputs."""

from __future__ import annotations

from importlib import resources
from typing import Literal

from coachcontent import BuildContext, Site
from coachcontent_feeds.atom import write_atom
from coachcontent_feeds.documents import feed_document
from coachcontent_feeds.jsonfeed import write_json
from coachcontent_feeds.rss import write_rss
from coachcontent_feeds.scopes import FeedScope
from coachcontent_feeds.settings import Format

_WRITERS = {"rss": write_rss, "atom": write_atom, "json": write_json}


def render_feed(site: Site, scope: FeedScope | None = None, format: Format = "rss") -> bytes:
    """The bytes of one feed: ``format`` (``"rss"``, ``"atom"``, ``"json"``) of ``scope`` (default: the site).

    Usable without a build, e.g. from a web application's view.
    """
    return _WRITERS[format](feed_document(site, scope or FeedScope.for_site(), format))


def render_feed_output(
    context: BuildContext,
    *,
    kind: Literal["site", "term", "author"],
    taxonomy: str | None,
    slug: str | None,
    format: Format,
) -> bytes:
    """Renderer of one feed :class:`~coachcontent.Output` (a module-level function: it pickles)."""
    return render_feed(context.site, FeedScope(kind=kind, taxonomy=taxonomy, slug=slug), format)


def stylesheet() -> bytes:
    """The XSLT stylesheet that shows RSS and Atom feeds as a readable page in a browser."""
    return resources.files("coachcontent_feeds").joinpath("feed.xsl").read_bytes()
