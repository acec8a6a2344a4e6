"""The hook implementations: the entry point ``share`` in the ``coachcontent`` group.

The share networks other plugins add come through a hook of this plugin's
own (:mod:`coachcontent_share.hookspecs`), which only the build's plugin
manager can call.  So in ``coachcontent_addhooks`` the plugin adds that
specification and registers a :class:`ShareHooks` bound to the manager; that
object answers the share-link, follow-link and head-metadata hooks.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

import pluggy

from coachcontent import ConfigSection, Page, Post, ShareLink, Site, hookimpl
from coachcontent_share import hookspecs
from coachcontent_share.config import SECTION
from coachcontent_share.links import available_networks, follow_links, share_links
from coachcontent_share.metadata import HeadElement, head_metadata
from coachcontent_share.networks import ShareNetwork

if TYPE_CHECKING:
    from coachcontent import View

#: The name under which the manager-bound part of the plugin is registered.
BOUND_PLUGIN_NAME = "share.hooks"


class ShareHooks:
    """The part of the plugin that needs the build's plugin manager."""

    def __init__(self, pluginmanager: pluggy.PluginManager) -> None:
        self._pm = pluginmanager

    def networks(self, site: Site) -> dict[str, ShareNetwork]:
        """Built-in networks plus those every plugin adds for ``site``, by slug."""
        results = self._pm.hook.coachcontent_share_networks(site=site)
        return available_networks(network for result in results for network in result or ())

    @hookimpl
    def coachcontent_share_links(self, site: Site, entry: Post | Page) -> Sequence[ShareLink]:
        """Share links of ``entry`` for the networks configured in ``[share]``."""
        return share_links(site, entry, networks=self.networks(site))

    @hookimpl
    def coachcontent_follow_links(self, site: Site) -> Sequence[ShareLink]:
        """Links to the site's social profiles with inline icons."""
        return follow_links(site)

    @hookimpl
    def coachcontent_head_metadata(self, site: Site, view: View) -> Sequence[HeadElement]:
        """Open Graph, X card tags and schema.org JSON-LD for ``view``."""
        return head_metadata(site, view)


@hookimpl
def coachcontent_addhooks(pluginmanager: pluggy.PluginManager) -> None:
    """Add ``coachcontent_share_networks`` and register the manager-bound hooks."""
    caller = getattr(pluginmanager.hook, "coachcontent_share_networks", None)
    if caller is None or caller.spec is None:
        pluginmanager.add_hookspecs(hookspecs)
    if pluginmanager.get_plugin(BOUND_PLUGIN_NAME) is None:
        pluginmanager.register(ShareHooks(pluginmanager), name=BOUND_PLUGIN_NAME)


@hookimpl
def coachcontent_config_sections() -> Sequence[ConfigSection]:
    """The ``[share]`` section of ``site.toml``."""
    return [SECTION]
