"""The plugin manager: one per site and build, made by :func:`make_plugin_manager`."""

from __future__ import annotations

import importlib
import os
from collections.abc import Iterable, Mapping
from importlib.metadata import EntryPoint, entry_points
from typing import Any

import pluggy
from attrs import field, frozen

from coachcontent import hookspecs

PROJECT = "coachcontent"
ENTRY_POINT_GROUP = "coachcontent"
hookimpl = pluggy.HookimplMarker(PROJECT)

#: Built-in behaviour, registered as ordinary plugins before installed ones.
DEFAULT_PLUGINS: tuple[tuple[str, str], ...] = (
    ("core.static", "coachcontent.builtins.static_files"),
    ("core.related", "coachcontent.builtins.related_fallback"),
    ("core.redirects", "coachcontent.builtins.redirects"),
)

ENV_ENABLE = "COACHCONTENT_PLUGINS"
ENV_DISABLE = "COACHCONTENT_DISABLE_PLUGINS"


class PluginError(Exception):
    """A plugin could not be loaded, or implements a hook that does not exist."""


def _names(value: Iterable[str] | None) -> tuple[str, ...] | None:
    return None if value is None else tuple(sorted(set(value)))


def _name_set(value: Iterable[str]) -> tuple[str, ...]:
    return tuple(sorted(set(value)))


@frozen(kw_only=True)
class PluginSelection:
    """Which plugins take part in a build.

    :param enabled: entry-point names to load; ``None`` loads every installed plugin.
    :param disabled: names to leave out (installed or built-in, e.g. ``"core.related"``).
    :param extra: plugin objects to register as well (modules, classes or instances),
        handy in tests and applications.
    """

    enabled: tuple[str, ...] | None = field(default=None, converter=_names)
    disabled: tuple[str, ...] = field(default=(), converter=_name_set)
    extra: tuple[Any, ...] = field(default=(), converter=tuple, eq=False)

    @classmethod
    def from_sources(
        cls,
        *,
        config: Mapping[str, Any] | None = None,
        environ: Mapping[str, str] | None = None,
        enabled: Iterable[str] | None = None,
        disabled: Iterable[str] = (),
        extra: Iterable[Any] = (),
    ) -> PluginSelection:
        """Combine, in rising precedence, ``site.toml``'s ``[plugins]`` table,
        the ``COACHCONTENT_PLUGINS`` / ``COACHCONTENT_DISABLE_PLUGINS``
        environment variables (comma-separated names) and explicit arguments
        (the CLI's ``--plugins`` and ``--disable-plugin``)."""
        environ = os.environ if environ is None else environ
        config = config or {}
        chosen: Iterable[str] | None = config.get("enabled")
        off = set(config.get("disabled", ()))
        if environ.get(ENV_ENABLE):
            chosen = _split(environ[ENV_ENABLE])
        if environ.get(ENV_DISABLE):
            off |= set(_split(environ[ENV_DISABLE]))
        if enabled is not None:
            chosen = enabled
        off |= set(disabled)
        return cls(enabled=chosen, disabled=off, extra=extra)


def _split(value: str) -> list[str]:
    return [part.strip() for part in value.split(",") if part.strip()]


def installed_entry_points() -> list[EntryPoint]:
    """The installed plugins' entry points in the ``coachcontent`` group, by name."""
    return sorted(entry_points(group=ENTRY_POINT_GROUP), key=lambda ep: ep.name)


def make_plugin_manager(selection: PluginSelection | None = None) -> pluggy.PluginManager:
    """A fresh plugin manager with the built-in and the selected installed plugins.

    Entry points are imported here, not when ``coachcontent`` is imported.
    Raises :class:`PluginError` when a selected plugin is not installed,
    fails to import, or implements a hook that has no specification (a
    misspelled hook name).
    """
    selection = selection or PluginSelection()
    pm = pluggy.PluginManager(PROJECT)
    pm.add_hookspecs(hookspecs)
    # Historic: every plugin registered from now on gets the call, so plugins
    # can add hook specifications of their own (see coachcontent_addhooks).
    pm.hook.coachcontent_addhooks.call_historic(kwargs={"pluginmanager": pm})
    disabled = set(selection.disabled)
    for name, module_name in DEFAULT_PLUGINS:
        if name not in disabled:
            _register(pm, importlib.import_module(module_name), name)
    available = {ep.name: ep for ep in installed_entry_points()}
    if selection.enabled is not None:
        missing = [name for name in selection.enabled if name not in available]
        if missing:
            raise PluginError(
                f"plugin(s) not installed: {', '.join(missing)} (installed: {', '.join(sorted(available)) or 'none'})"
            )
        wanted = list(selection.enabled)
    else:
        wanted = sorted(available)
    for name in wanted:
        if name in disabled:
            continue
        ep = available[name]
        try:
            plugin = ep.load()
        except Exception as error:  # any import-time failure of third-party code
            raise PluginError(f"plugin {name!r} ({ep.value}) failed to load: {error}") from error
        _register(pm, plugin, name)
    for index, plugin in enumerate(selection.extra):
        _register(pm, plugin, f"extra.{index}.{getattr(plugin, '__name__', type(plugin).__name__)}")
    try:
        pm.check_pending()
    except pluggy.PluginValidationError as error:
        raise PluginError(f"plugin {pm.get_name(error.plugin)!r}: {error}") from error
    return pm


def _register(pm: pluggy.PluginManager, plugin: object, name: str) -> None:
    # pluggy checks each hookimpl's arguments against its spec on registration.
    try:
        pm.register(plugin, name=name)
    except pluggy.PluginValidationError as error:
        raise PluginError(f"plugin {name!r}: {error}") from error


@frozen(kw_only=True)
class PluginInfo:
    """What ``coachcontent plugins`` prints about one plugin."""

    name: str
    distribution: str
    version: str
    hooks: tuple[str, ...]


def describe_plugins(pm: pluggy.PluginManager) -> list[PluginInfo]:
    """Each registered plugin with its distribution and the hooks it implements."""
    dists: dict[str, tuple[str, str]] = {}
    for ep in installed_entry_points():
        dist = ep.dist
        dists[ep.name] = (dist.name, dist.version) if dist is not None else ("?", "?")
    infos = []
    for name, plugin in pm.list_name_plugin():
        hooks = tuple(sorted(caller.name for caller in pm.get_hookcallers(plugin) or ()))
        owner = name if name in dists else name.split(".", 1)[0]
        if owner in dists:  # e.g. "share.hooks", registered by the share plugin
            dist_name, version = dists[owner]
        else:
            from coachcontent import __version__

            dist_name, version = "coachcontent (built in)", __version__
        del plugin
        infos.append(PluginInfo(name=name, distribution=dist_name, version=version, hooks=hooks))
    return sorted(infos, key=lambda info: info.name)
