"""The hook implementations: the theme's config section and every page as an :class:`Output`."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from functools import partial

from coachcontent import BuildContext, ConfigSection, Output, Site, hookimpl, output_path
from coachcontent_html.assets import theme_assets
from coachcontent_html.pages import (
    page_count,
    render_archive,
    render_author,
    render_home,
    render_not_found,
    render_page,
    render_post,
    render_term,
    term_posts,
)
from coachcontent_html.search import SEARCH_INDEX_PATH, render_search_index
from coachcontent_html.settings import HTML_SECTION, theme_settings

HTML = "text/html"


@hookimpl
def coachcontent_config_sections() -> Iterable[ConfigSection]:
    """The ``[html]`` section of ``site.toml``."""
    return [HTML_SECTION]


def site_outputs(build: BuildContext, site: Site) -> Iterator[Output]:
    """Every page of the site, the search index and the theme's files."""
    settings = theme_settings(site, feeds_plugin=build.plugin_manager.has_plugin("feeds"))
    per_page = settings.posts_per_page

    def listing(url: str, total: int, renderer: partial[str]) -> Iterator[Output]:
        for number in range(1, page_count(total, per_page) + 1):
            yield Output(
                path=output_path(site.paginated_url(url, number)),
                media_type=HTML,
                renderer=partial(renderer, number=number),
            )

    posts = site.posts_newest_first()
    yield from listing("/", len(posts), partial(render_home))
    for post in posts:
        yield Output(
            path=output_path(site.url_for(post)),
            media_type=HTML,
            renderer=partial(render_post, slug=post.slug),
        )
    for page in sorted(site.pages, key=lambda p: p.path):
        if not page.draft:
            yield Output(
                path=output_path(site.url_for(page)),
                media_type=HTML,
                renderer=partial(render_page, path=page.path),
            )
    for taxonomy in site.taxonomies:
        for term in sorted(taxonomy.terms, key=lambda t: t.slug):
            yield from listing(
                site.term_url(taxonomy.name, term.slug),
                len(term_posts(site, taxonomy.name, term.slug)),
                partial(render_term, taxonomy=taxonomy.name, slug=term.slug),
            )
    for author in site.authors:
        yield from listing(
            site.url_for(author),
            len(site.posts_by_author(author.slug)),
            partial(render_author, slug=author.slug),
        )
    for archive in (*site.archives(monthly=False), *site.archives(monthly=True)):
        yield from listing(
            site.archive_url(archive.year, archive.month),
            archive.count,
            partial(render_archive, year=archive.year, month=archive.month),
        )
    yield Output(path="404.html", media_type=HTML, renderer=render_not_found)
    if settings.search_index:
        yield Output(path=SEARCH_INDEX_PATH, media_type="application/json", renderer=render_search_index)
    for asset in theme_assets().values():
        yield Output(path=asset.path, media_type=asset.media_type, content=asset.data)


@hookimpl
def coachcontent_outputs(build: BuildContext, site: Site) -> Iterable[Output]:
    """The site's HTML pages, ``/search-index.json`` and ``/theme/`` files."""
    return list(site_outputs(build, site))
