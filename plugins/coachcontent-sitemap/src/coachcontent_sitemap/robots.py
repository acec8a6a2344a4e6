"""robots.txt: the rules of ``[sitemap]`` and the line naming the sitemap."""

from __future__ import annotations

from coachcontent import Site
from coachcontent_sitemap.settings import SitemapSettings, sitemap_settings


def render_robots(site: Site, settings: SitemapSettings | None = None) -> str:
    """The text of ``/robots.txt``.

    Every crawler (``User-agent: *``) gets the ``disallow`` paths (an empty
    ``Disallow:`` when there are none, which allows everything); each crawler
    named in ``agents`` gets its own group; the last line names the sitemap.
    """
    settings = settings or sitemap_settings(site)
    lines = ["User-agent: *"]
    lines += [f"Disallow: {path}" for path in settings.disallow] or ["Disallow:"]
    for agent, paths in settings.agents.items():
        lines += ["", f"User-agent: {agent}"]
        lines += [f"Disallow: {path}" for path in paths] or ["Disallow:"]
    lines += ["", f"Sitemap: {site.absolute_url(settings.path)}"]
    return "\n".join(lines) + "\n"
