"""The context a build hands to plugins and renderers."""

from __future__ import annotations

import hashlib
import operator
import os
import re
import secrets
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import attrs

from coachcontent.models.entry import Entry
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
        self._environment: str | None = None
        self._digests: dict[tuple[int, bool], str] = {}

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

    def fingerprint(self, *parts: object) -> str:
        """A digest of ``parts`` and of what every output of this build depends on.

        For :attr:`Output.fingerprint <coachcontent.Output.fingerprint>`: pass
        what the output shows that the build as a whole does not already cover,
        usually :meth:`entry_digest` of the entries on it.  Already covered:
        coachcontent's and every taking-part plugin's files (their bytes, so an
        edited plugin or template re-renders everything), the Python version
        and every installed distribution's version, the attributes of plugins
        given as objects, and the site's settings (everything of the
        :class:`~coachcontent.Site` but its posts, pages, ``as_of``,
        ``source_dir`` and ``cache_dir``: title, URLs, authors, taxonomies and
        their terms, menus, link lists, plugin sections).  Parts are written with ``repr``, so give
        strings, numbers, tuples or attrs objects.
        """
        if self._environment is None:
            self._environment = _environment_digest(self)
        digest = hashlib.sha256(self._environment.encode())
        digest.update(repr(parts).encode("utf-8", "surrogatepass"))
        return digest.hexdigest()

    def entry_digest(self, entry: Entry, *, body: bool = True) -> str:
        """A digest of every field of a post or page; with ``body=False`` of all
        but its body (what a listing, a card or a link to it can show)."""
        key = (id(entry), body)
        found = self._digests.get(key)
        if found is None:
            if body:
                # All but the body (computed once for both), then the body.
                digest = hashlib.sha256(self.entry_digest(entry, body=False).encode())
                digest.update(getattr(entry, "body", "").encode("utf-8", "surrogatepass"))
                found = digest.hexdigest()
            else:
                names, values_of = _entry_getter(type(entry))
                found = hashlib.sha256(repr((names, values_of(entry))).encode("utf-8", "surrogatepass")).hexdigest()
            self._digests[key] = found
        return found

    def __reduce__(self) -> tuple[Any, ...]:
        return (BuildContext, (self.site, self.selection))


_FIELDS: dict[type, tuple[str, ...]] = {}
_GETTERS: dict[type, tuple[tuple[str, ...], Callable[[Any], tuple[Any, ...]]]] = {}


def _entry_getter(cls: type[Entry]) -> tuple[tuple[str, ...], Callable[[Any], tuple[Any, ...]]]:
    """The names of every field of ``cls`` but the body, and a function giving their values
    (one ``attrgetter``: the values in one C call)."""
    if cls not in _GETTERS:
        names = tuple(name for name in _entry_fields(cls) if name != "body")
        getter = operator.attrgetter(*names)
        _GETTERS[cls] = (names, getter if len(names) > 1 else lambda entry: (getter(entry),))
    return _GETTERS[cls]


def _entry_fields(cls: type[Entry]) -> tuple[str, ...]:
    if cls not in _FIELDS:
        _FIELDS[cls] = tuple(field.name for field in attrs.fields(cls))
    return _FIELDS[cls]


#: Site fields that are not its settings: the content (covered per entry), the build time,
#: and where the folder and its caches are (what is in it is covered by content).
_NOT_SETTINGS = frozenset({"posts", "pages", "as_of", "source_dir", "cache_dir", "_index"})


def _module_of(plugin: object) -> str:
    """The module a plugin's code is in: a module, a class, or an object of a class."""
    if isinstance(plugin, type(sys)):
        return plugin.__name__
    if isinstance(plugin, type):
        return plugin.__module__
    return type(plugin).__module__


def _identity(plugin: object) -> str:
    """What a plugin is, the same in every process (pluggy names plugins given as objects
    by their id()), and for an object its state too, so that two instances configured
    differently differ."""
    if isinstance(plugin, type(sys)):
        return plugin.__name__
    if isinstance(plugin, type):
        return f"{plugin.__module__}.{plugin.__qualname__}"
    kind = f"{type(plugin).__module__}.{type(plugin).__qualname__}"
    return f"{kind}:{_state(plugin)}"


_ADDRESS = re.compile(r" at 0x[0-9a-fA-F]+")


def _state(plugin: object) -> str:
    """A digest of a plugin object's attributes, written with ``repr``; the build's own
    plugin manager (which some plugins keep) does not count.  An attribute whose ``repr``
    shows a memory address says nothing stable: then a random value, so that the
    outputs are always rendered."""
    import pluggy

    attributes = dict(getattr(plugin, "__dict__", {}))
    for name in getattr(type(plugin), "__slots__", ()):
        if hasattr(plugin, name):
            attributes[name] = getattr(plugin, name)
    written = []
    for name, value in sorted(attributes.items()):
        text = "<plugin manager>" if isinstance(value, pluggy.PluginManager) else repr(value)
        if _ADDRESS.search(text):
            return secrets.token_hex(16)
        written.append((name, text))
    return hashlib.sha256(repr(written).encode("utf-8", "surrogatepass")).hexdigest()


def _package_folders(context: BuildContext) -> list[Path]:
    """The folders (or single files) of the code taking part: coachcontent and each plugin."""
    names = {"coachcontent"}
    for _name, plugin in context.plugin_manager.list_name_plugin():
        names.add(_module_of(plugin).partition(".")[0])
    folders = []
    for name in sorted(names):
        where = getattr(sys.modules.get(name), "__file__", None)
        if where:
            path = Path(where)
            folders.append(path.parent if path.name == "__init__.py" else path)
    return folders


def _libraries() -> list[str]:
    """Every installed distribution and its version, by the names of their metadata folders
    (``Jinja2-3.1.6.dist-info``): a library upgrade may change what a plugin renders."""
    found: set[str] = set()
    for entry in sys.path:
        if not entry:
            continue
        try:
            names = [path.name for path in Path(entry).iterdir()]
        except OSError:
            continue
        found.update(name for name in names if name.endswith((".dist-info", ".egg-info")))
    return sorted(found)


def folder_digest(folder: str | os.PathLike[str], *, hidden: bool = False) -> str:
    """A digest of the files under ``folder`` (or of one file): their relative paths and
    bytes, so the same files give the same digest on any machine.  ``__pycache__`` and
    compiled files are left out, and hidden files and folders unless ``hidden`` (a
    template folder, whose every file can be included); a missing folder has a digest too."""
    root = Path(folder)
    digest = hashlib.sha256()
    files = [root] if root.is_file() else sorted(root.rglob("*")) if root.is_dir() else []
    for path in files:
        name = path.relative_to(root).as_posix() if path != root else path.name
        if "__pycache__" in path.parts or (not hidden and any(part.startswith(".") for part in name.split("/"))):
            continue
        if path.suffix in (".pyc", ".pyo") or not path.is_file():
            continue
        digest.update(name.encode("utf-8", "surrogateescape") + b"\0")
        digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()


def _environment_digest(context: BuildContext) -> str:
    digest = hashlib.sha256(b"coachcontent-fingerprint-2\n")
    digest.update(sys.version.encode())
    digest.update(repr(_libraries()).encode("utf-8", "surrogatepass"))
    for folder in _package_folders(context):
        digest.update(folder_digest(folder).encode())
    site = context.site
    settings = tuple(
        (field.name, getattr(site, field.name)) for field in attrs.fields(Site) if field.name not in _NOT_SETTINGS
    )
    digest.update(repr(settings).encode("utf-8", "surrogatepass"))
    taking_part = sorted(_identity(plugin) for _name, plugin in context.plugin_manager.list_name_plugin())
    digest.update(repr(taking_part).encode("utf-8", "surrogatepass"))
    return digest.hexdigest()
