"""The hook implementations: the theme's config section and every page as an :class:`Output`."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Iterator
from functools import partial

from coachcontent import BuildContext, ConfigSection, Output, Post, Site, folder_digest, hookimpl, output_path
from coachcontent_html.assets import theme_assets
from coachcontent_html.environment import site_templates
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
from coachcontent_html.search import SEARCH_INDEX_PATH, render_search_index, render_search_part, search_parts
from coachcontent_html.settings import HTML_SECTION, theme_settings

HTML = "text/html"


@hookimpl
def coachcontent_config_sections() -> Iterable[ConfigSection]:
    """The ``[html]`` section of ``site.toml``."""
    return [HTML_SECTION]


class Fingerprints:
    """What each page depends on, for :attr:`Output.fingerprint <coachcontent.Output.fingerprint>`.

    Every page shows the header, sidebar and footer, and listings show cards:
    those depend on the site's settings, the templates and what a card shows
    of each post and page (all but the body; with templates of the site's
    own, the body too).  So the fingerprint
    of every page starts from :attr:`theme`, a digest of those; a post page
    adds the post itself (its body included) and which posts it lists as
    related, a page adds itself.  Editing one post's body re-renders its own
    page (and the pages of posts whose related posts change), not the rest.
    """

    def __init__(self, build: BuildContext, site: Site, related_limit: int) -> None:
        self.build = build
        self.site = site
        self.related_limit = related_limit
        templates = site_templates(site)
        # Every post and page, drafts and future posts too (a menu item or a breadcrumb can
        # name them), and whether each is published.  The site's own templates may show
        # anything of any entry (a reading time on every card, say), so with templates of
        # its own the bodies count too.
        bodies = templates is not None
        cards = hashlib.sha256()
        for post in site.posts_newest_first(drafts=True, future=True):
            cards.update(build.entry_digest(post, body=bodies).encode())
            cards.update(b"+" if site.is_published(post) else b"-")
        for page in sorted(site.pages, key=lambda p: p.path):
            cards.update(build.entry_digest(page, body=bodies).encode())
        self.theme = build.fingerprint(
            "coachcontent-html", cards.hexdigest(), folder_digest(templates, hidden=True) if templates else None
        )

    def of(self, *parts: object) -> str:
        """A page that shows only the theme's shared parts and ``parts``."""
        return self.build.fingerprint(self.theme, *parts)

    def post(self, post: Post, digest: str | None = None) -> str:
        """A post's page: the post, body included (``digest``, its
        :meth:`~coachcontent.BuildContext.entry_digest` if already made), and its related posts."""
        related: tuple[str, ...] = ()
        if self.related_limit:
            found = self.build.hook.coachcontent_related_posts(site=self.site, post=post, limit=self.related_limit)
            related = tuple(other.slug for other in tuple(found or ())[: self.related_limit])
        return self.of("post", digest or self.build.entry_digest(post), related)


def site_outputs(build: BuildContext, site: Site) -> Iterator[Output]:
    """Every page of the site, the search index and the theme's files."""
    settings = theme_settings(site, feeds_plugin=build.plugin_manager.has_plugin("feeds"))
    per_page = settings.posts_per_page
    prints = Fingerprints(build, site, settings.related_posts)

    def listing(url: str, total: int, renderer: partial[str]) -> Iterator[Output]:
        for number in range(1, page_count(total, per_page) + 1):
            yield Output(
                path=output_path(site.paginated_url(url, number)),
                media_type=HTML,
                renderer=partial(renderer, number=number),
                fingerprint=prints.of("listing", url, number),
            )

    posts = site.posts_newest_first()
    yield from listing("/", len(posts), partial(render_home))
    for page in sorted(site.pages, key=lambda p: p.path):
        if not page.draft:
            yield Output(
                path=output_path(site.url_for(page)),
                media_type=HTML,
                renderer=partial(render_page, path=page.path),
                fingerprint=prints.of("page", build.entry_digest(page)),
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
    yield Output(path="404.html", media_type=HTML, renderer=render_not_found, fingerprint=prints.of("404"))
    if settings.search_index:
        yield from search_outputs(build, site, settings.search_index_split)
    for asset in theme_assets().values():
        yield Output(path=asset.path, media_type=asset.media_type, content=asset.data)
    # The post pages last: their fingerprints need the related posts, which may still be
    # being ranked (see coachcontent_related's ``coachcontent_build_started``).  What else
    # they need is made before the first question for those.
    made = [(post, output_path(site.url_for(post)), build.entry_digest(post)) for post in posts]
    for post, path, digest in made:
        yield Output(
            path=path,
            media_type=HTML,
            renderer=partial(render_post, slug=post.slug),
            fingerprint=prints.post(post, digest),
        )


def search_outputs(build: BuildContext, site: Site, split: int) -> Iterator[Output]:
    """``/search-index.json``, and the parts of a split index.

    The index shows no template, so its fingerprints cover only the entries
    in it (the build's fingerprint covers the settings: URLs, tag names).
    """
    parts = search_parts(site, split)
    listed: tuple[object, ...]
    if parts:
        listed = tuple((part.name, len(part.entries)) for part in parts)
    else:
        pages = sorted((page for page in site.pages if not page.draft), key=lambda page: page.path)
        listed = tuple(build.entry_digest(entry) for entry in (*site.posts_newest_first(), *pages))
    yield Output(
        path=SEARCH_INDEX_PATH,
        media_type="application/json",
        renderer=partial(render_search_index, split=split),
        fingerprint=build.fingerprint("coachcontent-html:search", split, listed),
    )
    for part in parts:
        yield Output(
            path=part.path,
            media_type="application/json",
            renderer=partial(render_search_part, name=part.name, split=split),
            fingerprint=build.fingerprint(
                "coachcontent-html:search-part", split, part.name, tuple(build.entry_digest(e) for e in part.entries)
            ),
        )


@hookimpl
def coachcontent_outputs(build: BuildContext, site: Site) -> Iterable[Output]:
    """The site's HTML pages, ``/search-index.json`` and ``/theme/`` files."""
    return list(site_outputs(build, site))
