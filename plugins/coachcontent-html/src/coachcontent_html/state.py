"""What every page of one build shares, computed once per process and kept in ``context.cache``."""

from __future__ import annotations

from collections.abc import Sequence
from functools import cached_property
from typing import Any
from urllib.parse import urlsplit

from jinja2 import Environment, Template

from coachcontent import (
    Archive,
    BuildContext,
    LinkList,
    NavItem,
    NavTree,
    PageNode,
    Post,
    ShareLink,
    Site,
    TagCloudEntry,
    TermNode,
)
from coachcontent_html.assets import Asset, theme_assets
from coachcontent_html.environment import make_environment
from coachcontent_html.feedlinks import FEEDS_PLUGIN, feeds_package_plugin
from coachcontent_html.settings import ThemeSettings, theme_settings
from coachcontent_html.widgets import FragmentRenderer

CACHE_KEY = "coachcontent_html.state"


def flatten(results: Any) -> list[Any]:
    """The items of a hook's list of lists (``None`` results skipped)."""
    return [item for result in results or () if result for item in result]


def settings_for_build(context: BuildContext) -> ThemeSettings:
    """The theme's settings for the build of ``context``, knowing which plugins take part."""
    pm = context.plugin_manager
    return theme_settings(
        context.site,
        feeds_plugin=pm.has_plugin(FEEDS_PLUGIN),
        feeds_package=feeds_package_plugin(pm),
    )


class ThemeState:
    """The build's settings, Jinja environment and sidebar data.

    Everything is computed on first use: a worker process that renders only
    post pages never builds the tag cloud twice, and never builds what no
    template asks for.
    """

    def __init__(self, context: BuildContext) -> None:
        self.context = context
        self.site: Site = context.site
        self.settings: ThemeSettings = settings_for_build(context)
        self.env: Environment = make_environment(self.site, self.settings)
        self.fragments = FragmentRenderer()
        self._chosen: dict[tuple[str, ...], Template] = {}

    def template(self, names: Sequence[str]) -> Template:
        """The first of ``names`` that exists (the site's templates first), as Jinja's
        ``select_template`` finds it, remembered: a name that does not exist (an optional
        ``term-tags.html``) is otherwise looked for on disk again for every page."""
        key = tuple(names)
        found = self._chosen.get(key)
        if found is None:
            found = self._chosen[key] = self.env.select_template(list(names))
        return found

    @cached_property
    def assets(self) -> dict[str, Asset]:
        """The theme's files by name."""
        return theme_assets()

    @cached_property
    def host(self) -> str:
        """The site's host name, for the fallback web search."""
        return urlsplit(self.site.base_url).netloc

    def _menu(self, name: str) -> NavTree | None:
        try:
            return self.site.menu(name)
        except KeyError:
            return None

    @cached_property
    def menu(self) -> NavTree | None:
        """The header's menu, when the site has it."""
        return self._menu(self.settings.menu)

    @cached_property
    def menu_sections(self) -> tuple[NavItem, ...]:
        """The main menu's top items other than the home page (at most five): the home
        page's "start here" panel."""
        if self.menu is None:
            return ()
        return tuple(item for item in self.menu.items if self.site.nav_url(item) != "/")[:5]

    @cached_property
    def footer_menu(self) -> NavTree | None:
        """The footer's menu, when the site has it."""
        return self._menu(self.settings.footer_menu)

    @cached_property
    def category_tree(self) -> tuple[TermNode, ...]:
        """Categories with posts, as a tree with counts."""
        return self.site.term_tree("categories", hide_empty=True)

    @cached_property
    def tag_cloud(self) -> tuple[TagCloudEntry, ...]:
        """The tag cloud, weighted by the site's formula."""
        return self.site.tag_cloud(limit=self.settings.tag_cloud_limit or None)

    @cached_property
    def page_tree(self) -> tuple[PageNode, ...]:
        """Published pages as a tree."""
        return self.site.page_tree()

    @cached_property
    def archives(self) -> tuple[Archive, ...]:
        """Months with posts, newest first."""
        return self.site.archives()

    @cached_property
    def recent_posts(self) -> tuple[Post, ...]:
        """The newest posts for the recent_posts widget."""
        return self.site.posts_newest_first()[: self.settings.recent_posts]

    @cached_property
    def link_lists(self) -> tuple[LinkList, ...]:
        """The link lists the link_lists widget shows."""
        if not self.settings.link_lists:
            return self.site.link_lists
        return tuple(self.site.link_list(slug) for slug in self.settings.link_lists)

    @cached_property
    def follow_links(self) -> tuple[ShareLink, ...]:
        """The site's profiles: from the follow-links hook, else from ``site.social``."""
        links = flatten(self.context.hook.coachcontent_follow_links(site=self.site))
        if links:
            return tuple(links)
        return tuple(
            ShareLink(network=profile.network, label=profile.display_label, url=profile.url, rel="me")
            for profile in self.site.social
        )


def theme_state(context: BuildContext) -> ThemeState:
    """The build's :class:`ThemeState`, made once per process and context."""
    state = context.cache.get(CACHE_KEY)
    if state is None:
        state = context.cache[CACHE_KEY] = ThemeState(context)
    assert isinstance(state, ThemeState)
    return state
