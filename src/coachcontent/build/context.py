"""The context a build hands to plugins and renderers."""

from __future__ import annotations

import secrets
from typing import TYPE_CHECKING, Any

from coachcontent.models.site import Site
from coachcontent.plugins import PluginSelection, make_plugin_manager

if TYPE_CHECKING:
    import pluggy


class BuildContext:
    """The site being built and the plugins taking part.

    ``hook`` calls hooks: ``context.hook.coachcontent_related_posts(site=..., post=..., limit=5)``.
    A context pickles without its plugin manager; in another process the
    manager is made again, once, from the same :class:`PluginSelection`.
    """

    def __init__(
        self,
        site: Site,
        selection: PluginSelection | None = None,
        plugin_manager: pluggy.PluginManager | None = None,
    ) -> None:
        self.site = site
        self.selection = selection or PluginSelection()
        self._pm = plugin_manager
        self.cache: dict[str, Any] = {}
        """Per-build, per-process memo for plugins (e.g. related posts computed once)."""
        self.token = secrets.token_hex(8)
        """Names this build to worker processes, which keep its context between batches."""

    @property
    def plugin_manager(self) -> pluggy.PluginManager:
        """The plugin manager of this build (made on first use in a worker process)."""
        if self._pm is None:
            self._pm = make_plugin_manager(self.selection)
        return self._pm

    @property
    def hook(self) -> Any:
        """The hook caller: ``context.hook.<hook name>(**kwargs)``."""
        return self.plugin_manager.hook

    def __reduce__(self) -> tuple[Any, ...]:
        return (BuildContext, (self.site, self.selection))
