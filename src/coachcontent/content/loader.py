"""Loading a content folder (``site.toml`` plus ``content/``) into a :class:`~coachcontent.Site`."""

from __future__ import annotations

import difflib
import gc
import hashlib
import logging
import os
import sys
import time
from collections import Counter
from collections.abc import Iterable, Iterator
from concurrent.futures import Future
from contextlib import contextmanager
from datetime import UTC, datetime
from importlib.resources import files
from itertools import groupby
from operator import itemgetter
from pathlib import Path
from typing import Any, Literal, NamedTuple, cast
from zoneinfo import ZoneInfo

from coachcontent.config import ConfigSection
from coachcontent.content.cache import FileRecord, LoadCache, cache_digest
from coachcontent.content.entries import (
    HTML_SUFFIXES,
    JEKYLL_NAME,
    MARKDOWN_SUFFIXES,
    MAX_FILE_BYTES,
    RawEntry,
    read_entry,
)
from coachcontent.content.reporter import Reporter
from coachcontent.content.site_config import SiteConfig, read_site_config
from coachcontent.content.summary import make_summary
from coachcontent.content.terms import TermResolver
from coachcontent.content.values import show
from coachcontent.errors import ContentError, ContentErrors, InvalidSiteError, Problem
from coachcontent.models.entry import Page, Post
from coachcontent.models.frozendict import FrozenDict
from coachcontent.models.navigation import NavItem, NavTree, TermRef
from coachcontent.models.site import Site
from coachcontent.models.taxonomy import Taxonomy
from coachcontent.models.validators import url_problem
from coachcontent.plugins import PluginError, PluginSelection, make_plugin_manager
from coachcontent.slugs import make_slug, unique_slugs

logger = logging.getLogger("coachcontent")

_NO_EXTRA: FrozenDict[str, Any] = FrozenDict()
POSTS_DIR = "content/posts"
PAGES_DIR = "content/pages"
SUFFIXES = MARKDOWN_SUFFIXES + HTML_SUFFIXES


def demo_path() -> Path:
    """The folder of the demo site bundled with the package."""
    return Path(str(files("coachcontent") / "demo"))


def _as_of() -> datetime:
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.strip().isdigit():
        return datetime.fromtimestamp(int(epoch), UTC)
    return datetime.now(UTC)


class _ContentFile(NamedTuple):
    """A content file found under ``content/posts`` or ``content/pages``."""

    location: str  # its path (a Path is made only for the files that are read)
    parts: tuple[str, ...]  # relative to that folder, the last with its suffix
    size: int
    mtime_ns: int


def _suffix(name: str) -> str:
    """The file name's suffix, as ``os.path.splitext`` finds it (the names here never start with ``.``)."""
    dot = name.rfind(".")
    return name[dot:] if dot > 0 else ""


def _content_files(root: Path, folder: str) -> list[_ContentFile]:
    """The content files under ``root/folder``, sorted as paths sort.

    Names starting with ``.`` or ``_`` are skipped, with everything below them;
    folders linked to are not entered (as ``Path.rglob`` does).
    """
    base = root / folder
    if not base.is_dir():
        return []
    result: list[_ContentFile] = []
    pending: list[tuple[str, tuple[str, ...]]] = [(str(base), ())]
    while pending:
        directory, prefix = pending.pop()
        try:
            with os.scandir(directory) as scan:
                entries = list(scan)
        except PermissionError:
            continue
        for entry in entries:
            if entry.name.startswith((".", "_")):
                continue
            parts = (*prefix, entry.name)
            try:
                if entry.is_dir():
                    if not entry.is_symlink():
                        pending.append((entry.path, parts))
                    continue
                if _suffix(entry.name).lower() not in SUFFIXES or not entry.is_file():
                    continue
                stat = entry.stat()
            except OSError:
                continue
            result.append(_ContentFile(entry.path, parts, stat.st_size, stat.st_mtime_ns))
    # Paths compare part by part, case-insensitively on Windows.
    if os.name == "nt":  # pragma: no cover - tested on POSIX
        result.sort(key=lambda file: tuple(part.lower() for part in file.parts))
    else:
        result.sort(key=lambda file: file.parts)
    return result


def plugin_sections(selection: PluginSelection) -> list[ConfigSection]:
    """The ``site.toml`` sections declared by the selected plugins."""
    pm = make_plugin_manager(selection)
    sections: list[ConfigSection] = []
    for impl in pm.hook.coachcontent_config_sections.get_hookimpls():
        if impl.hookwrapper or impl.wrapper:
            continue
        try:
            result: list[object] = list(cast("Iterable[object] | None", impl.function()) or ())
        except Exception as error:
            raise PluginError(
                f"plugin {impl.plugin_name!r} failed in coachcontent_config_sections: {type(error).__name__}: {error}"
            ) from error
        for section in result:
            if not isinstance(section, ConfigSection):
                raise PluginError(
                    f"plugin {impl.plugin_name!r} returned {type(section).__name__} "
                    "from coachcontent_config_sections, not a ConfigSection"
                )
            sections.append(section)
    return sorted(sections, key=lambda s: s.name)


def load_site(
    path: str | os.PathLike[str],
    *,
    selection: PluginSelection | None = None,
    as_of: datetime | None = None,
    cache_dir: str | os.PathLike[str] | None = None,
    jobs: int | None = None,
) -> Site:
    """Load the site folder at ``path``.

    Reads ``site.toml``, every post under ``content/posts/`` and every page
    under ``content/pages/`` (``.md``/``.markdown`` bodies are Markdown,
    ``.html``/``.htm`` bodies HTML; files and folders starting with ``.`` or
    ``_`` are skipped).

    :param selection: the plugins whose ``site.toml`` sections are checked;
        by default those chosen by ``[plugins]``, the environment and what is installed.
    :param as_of: the moment posts must not be later than to be published;
        default now, or ``SOURCE_DATE_EPOCH`` when set.
    :param cache_dir: a folder for the load cache (made when missing): each content
        file's parsed result is kept there, and the next load parses only the files
        whose size or modification time changed.  It is used only when everything
        else that shapes parsing (``site.toml``, coachcontent's version, the Markdown
        and YAML libraries) is unchanged; a missing, corrupt or outdated cache is
        rebuilt silently.  The result is the same with or without a cache.  Use one
        folder per site; ``coachcontent build`` uses ``SITE/.coachcontent-cache/``.
        The site's :attr:`~coachcontent.Site.cache_dir` is this folder, for plugins
        to keep their own results between builds.
    :param jobs: parse the content files in a pool of this many processes (those
        the cache does not hold, when there are at least :data:`PARALLEL_MIN_FILES`
        of them); ``None`` or 1 parses in this process.  The site, the errors and
        their order are the same either way.
    :raises ContentErrors: listing every problem found, each with file, line and field.

    The cyclic garbage collector is paused while the site is made (and turned back
    on after, if it was on); the objects made then join its oldest generation, unless
    the program has frozen objects of its own (:func:`gc.freeze`).
    """
    # Loading makes the site's objects, nearly all of which live as long as the site:
    # the cyclic garbage collector would walk them again and again as they pile up
    # (a quarter of a second at 5,000 posts), for no garbage.
    with _collection_paused():
        return _load_site(Path(path), selection, as_of, cache_dir, jobs)


@contextmanager
def _collection_paused() -> Iterator[None]:
    """The cyclic garbage collector off for the block (if it was on), then as it was.

    The objects made meanwhile then go to the oldest generation, which the collector
    walks only in its rare full collections: left in the youngest, the first
    allocation after the block would walk every one of them (a tenth of a million
    objects and more for a large site) for no garbage.  Not when the program froze
    objects of its own: the move (a freeze, then an unfreeze) would release those.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if gc.get_freeze_count() == 0:
            gc.freeze()
            gc.unfreeze()
        if was_enabled:
            gc.enable()


def _load_site(
    root: Path,
    selection: PluginSelection | None,
    as_of: datetime | None,
    cache_dir: str | os.PathLike[str] | None,
    jobs: int | None,
) -> Site:
    started_ns = time.time_ns()
    reporter = Reporter()
    config = read_site_config(root, reporter)
    if config is None:
        if (root / "site.toml").is_file():
            _check_files_alone(root, reporter)
        reporter.raise_if_any()
        raise AssertionError("unreachable")  # pragma: no cover
    if selection is None:
        selection = PluginSelection.from_sources(config=config.raw.get("plugins"))
    cache = None
    if cache_dir is not None:
        cache = LoadCache(cache_dir, cache_digest(config.data), started_ns)
    assembler = _Assembler(root, config, reporter, as_of or _as_of(), cache, jobs=jobs)
    # The workers parse while this process imports the plugins to check their
    # sections (NumPy and the like take a good part of a second).
    with assembler.parsing():
        _check_plugin_tables(config, selection, reporter)
        return assembler.assemble()


def _check_files_alone(root: Path, reporter: Reporter) -> None:
    """Report the problems of each content file on its own, when ``site.toml`` cannot be read.

    The files are read with the defaults (UTC, categories and tags) so that one
    run still lists their problems; references between them need the settings.
    """
    zone = ZoneInfo("UTC")
    taxonomies = {"categories": True, "tags": False}
    folders: tuple[tuple[Literal["post", "page"], str], ...] = (("post", POSTS_DIR), ("page", PAGES_DIR))
    for kind, folder in folders:
        for file in _content_files(root, folder):
            read_entry(Path(file.location), "/".join((folder, *file.parts)), kind, zone, taxonomies, reporter)


def _check_plugin_tables(config: SiteConfig, selection: PluginSelection, reporter: Reporter) -> None:
    sections = {section.name: section for section in plugin_sections(selection)}
    for name, value in sorted(config.plugin_tables.items()):
        section = sections.get(name)
        if section is None:
            logger.warning(
                "%s:%d: [%s]: no enabled plugin declares this section; it is ignored",
                config.path,
                config.line(name),
                name,
            )
            continue
        if not isinstance(value, dict):
            reporter.error(config.path, config.line(name), name, "expected a table")
            continue
        try:
            problems = section.check(value)
        except Exception as error:  # a plugin's own validator
            raise PluginError(f"checking the [{name}] section failed: {type(error).__name__}: {error}") from error
        for key, message in problems:
            reporter.error(config.path, config.line(f"{name}.{key}"), f"{name}.{key}", message)


#: What a worker gives back for one file: its entry, its errors and the hash of its bytes.
_Parsed = tuple[RawEntry | None, tuple[ContentError, ...], bytes | None]


class _Assembler:
    def __init__(
        self,
        root: Path,
        config: SiteConfig,
        reporter: Reporter,
        as_of: datetime,
        cache: LoadCache | None = None,
        *,
        jobs: int | None = None,
    ) -> None:
        self.root = root
        self.cache = cache
        self.jobs = jobs
        # What the pool read, by source: the entry, its errors and the content hash.
        self.parsed: dict[str, _Parsed] = {}
        self.records: dict[str, FileRecord] = {}  # source → what reading it gave (cached or fresh)
        self.config = config
        self.reporter = reporter
        self.as_of = as_of
        self.zone = ZoneInfo(config.settings.get("timezone", "UTC"))
        self.resolvers = {t.name: TermResolver(t.name, t.hierarchical) for t in config.taxonomies}
        self.entries: dict[str, RawEntry] = {}  # source → entry
        self.post_slugs: dict[str, str] = {}
        self.page_paths: dict[str, str] = {}  # folder key → final page path
        # Files that could not be read: what points at them is not reported again.
        self.failed_pages: set[str] = set()  # folder keys
        self.failed_post_slugs: set[str] = set()  # slugs their file names suggest
        # The content files of each folder, and the batches a pool is parsing.
        self.files: dict[str, list[_ContentFile]] = {}
        self.batches: list[tuple[list[tuple[str, str, int]], Future[list[_Parsed]]]] = []

    @contextmanager
    def parsing(self) -> Iterator[None]:
        """Start parsing the content files in a pool (with ``jobs``, when enough need it);
        :meth:`assemble` takes the results.  The pool is shut down on leaving."""
        # multiprocessing only with jobs: a serial load (a rebuild's) does without it.
        parallel = self.jobs is not None and self.jobs > 1
        if parallel:
            import multiprocessing

            # A daemonic process (a worker of some pool) cannot start processes of its own.
            parallel = not multiprocessing.current_process().daemon
        pending: list[tuple[Literal["post", "page"], tuple[str, str, int]]] = []
        if parallel:
            folders: tuple[tuple[Literal["post", "page"], str], ...] = (("post", POSTS_DIR), ("page", PAGES_DIR))
            for kind, folder in folders:
                self.files[folder] = files = _content_files(self.root, folder)
                pending.extend((kind, item) for item in self._unparsed(files, folder))
        if len(pending) < PARALLEL_MIN_FILES:
            yield
            return
        jobs = self.jobs or 1
        size = -(-len(pending) // (jobs * 4))
        summary_words = int(self.config.settings.get("summary_words", 55))
        taxonomies = {t.name: t.hierarchical for t in self.config.taxonomies}
        import multiprocessing
        from concurrent.futures import ProcessPoolExecutor

        context = multiprocessing.get_context("fork") if sys.platform == "linux" else None
        pool = ProcessPoolExecutor(max_workers=jobs, mp_context=context)
        try:
            # Batches of one kind each, posts first (the pages are few).
            for kind, group in groupby(pending, key=itemgetter(0)):
                items = [item for _, item in group]
                for start in range(0, len(items), size):
                    batch = items[start : start + size]
                    future = pool.submit(_parse_files, batch, kind, self.zone, taxonomies, summary_words)
                    self.batches.append((batch, future))
            yield
        finally:
            pool.shutdown(wait=True, cancel_futures=True)

    def toml_error(self, dotted: str, field: str, message: str) -> None:
        self.reporter.error(self.config.path, self.config.line(dotted), field, message)

    def assemble(self) -> Site:
        for decl in self.config.taxonomies:
            resolver = self.resolvers[decl.name]
            resolver.declare(decl.terms)
            for dotted, field, message in resolver.errors:
                self.toml_error(dotted, dotted if field == "parent" else field, message)
        taxonomy_kinds = {t.name: t.hierarchical for t in self.config.taxonomies}
        posts = self._read("post", POSTS_DIR, taxonomy_kinds)
        pages = self._read("page", PAGES_DIR, taxonomy_kinds)
        self._assign_post_slugs(posts)
        self._assign_page_paths(pages)
        term_keys = self._resolve_terms(posts)
        self._warn_near_misses(term_keys)
        for resolver in self.resolvers.values():
            for first, second in resolver.assign_slugs():
                where = second.where or first.where or resolver.name
                self.toml_error(
                    f"{where}.slug", f"{where}.slug", f"slug {first.slug!r} is also the slug of the term {first.name!r}"
                )
        authors = self._author_lookup()
        post_models = [self._post(entry, term_keys.get(entry.source, {}), authors) for entry in posts]
        page_models = [self._page(entry, authors) for entry in pages]
        if self.cache is not None:
            for source, record in self.records.items():
                self.cache.put(source, record)
            self.cache.write()
        menus = [self._menu(name, spec) for name, spec in sorted(self.config.menus.items())]
        settings = dict(self.config.settings)
        # The Site is built even after errors: its own checks (URLs and aliases
        # that clash, ...) then join the report, so one run lists every problem.
        try:
            site = Site(
                **settings,
                as_of=self.as_of,
                authors=self.config.authors,
                posts=[p for p in post_models if p is not None],
                pages=[p for p in page_models if p is not None],
                taxonomies=[
                    Taxonomy(
                        name=decl.name,
                        label=decl.label,
                        singular=decl.singular,
                        hierarchical=decl.hierarchical,
                        url=decl.url,
                        description=decl.description,
                        terms=self.resolvers[decl.name].terms(),
                    )
                    for decl in self.config.taxonomies
                ],
                menus=[m for m in menus if m is not None],
                link_lists=self.config.link_lists,
                social=self.config.social,
                urls=self.config.urls,
                config=dict(self.config.plugin_tables),
                source_dir=str(self.root.resolve()),
                cache_dir=None if self.cache is None else str(self.cache.folder.resolve()),
            )
        except InvalidSiteError as error:
            for problem in error.problems:
                self._report_problem(problem)
            raise ContentErrors(self.reporter.errors) from None
        except (ValueError, TypeError):
            if not self.reporter.errors:
                raise
            # Settings already reported as broken (no title, a bad URL) stop the Site itself.
            raise ContentErrors(self.reporter.errors) from None
        self.reporter.raise_if_any()
        return site

    # -- files --------------------------------------------------------------

    def _read(self, kind: Literal["post", "page"], folder: str, taxonomies: dict[str, bool]) -> list[RawEntry]:
        result = []
        files = self.files.get(folder)
        if files is None:
            files = _content_files(self.root, folder)
        prefix = folder + "/"
        while self.batches and self.batches[0][0][0][1].startswith(prefix):
            batch, future = self.batches.pop(0)
            for (_, source, _), parsed in zip(batch, future.result(), strict=True):
                self.parsed[source] = parsed
        for file in files:
            source = "/".join((folder, *file.parts))
            entry = self._read_file(file, source, kind, taxonomies)
            file_name = file.parts[-1]
            parts = [*file.parts[:-1], file_name[: len(file_name) - len(_suffix(file_name))]]
            if kind == "page" and parts[-1] == "index":
                parts.pop()
            if entry is None:
                if kind == "page":
                    self.failed_pages.add("/".join(parts))
                else:
                    name = JEKYLL_NAME.match(parts[-1])
                    self.failed_post_slugs.add(make_slug(name.group(4) if name else parts[-1], fallback="post"))
                continue
            if kind == "page":
                if not parts:
                    self.reporter.error(source, 1, "path", "a page needs a name: content/pages/index.* is not a page")
                    continue
                entry.folder_key = "/".join(parts)
                entry.parent_key = "/".join(parts[:-1]) or None
            self.entries[source] = entry
            result.append(entry)
        if kind == "page":
            seen: dict[str, str] = {}
            unique = []
            for entry in result:
                if entry.folder_key in seen:
                    self.reporter.error(
                        entry.source,
                        1,
                        "path",
                        f"the same page as {seen[entry.folder_key]} (use one of x.md or x/index.md)",
                    )
                    del self.entries[entry.source]  # left out, so the clash is not reported again
                    continue
                seen[entry.folder_key] = entry.source
                unique.append(entry)
            result = unique
        return result

    def _read_file(
        self, file: _ContentFile, source: str, kind: Literal["post", "page"], taxonomies: dict[str, bool]
    ) -> RawEntry | None:
        """Read one file, or take what reading it gave last time from the cache."""
        parsed = self.parsed.pop(source, None)
        if parsed is not None:
            entry, errors, content_hash = parsed
            self.reporter.errors.extend(errors)
            if self.cache is not None:
                self.records[source] = FileRecord(file.size, file.mtime_ns, content_hash, entry, errors)
            return entry
        if self.cache is None:
            path = Path(file.location)
            data = _read_bytes(path) if file.size <= MAX_FILE_BYTES else None
            return read_entry(path, source, kind, self.zone, taxonomies, self.reporter, data=data)
        data = None
        record = self.cache.get(source, file.size, file.mtime_ns)
        if record is not None and record.content_hash is not None:
            # Changed just before it was cached: its time stamp alone does not prove it unchanged.
            data = _read_bytes(Path(file.location))
            if data is None or _content_hash(data) != record.content_hash:
                record = None
        if record is None:
            path = Path(file.location)
            if data is None and file.size <= MAX_FILE_BYTES:
                data = _read_bytes(path)
            errors_before = len(self.reporter.errors)
            entry = read_entry(path, source, kind, self.zone, taxonomies, self.reporter, data=data)
            errors = tuple(self.reporter.errors[errors_before:])
            content_hash = _content_hash(data) if data is not None else None
            record = FileRecord(file.size, file.mtime_ns, content_hash, entry, errors)
        else:
            self.reporter.errors.extend(record.errors)
        self.records[source] = record
        return record.entry

    def _unparsed(self, files: list[_ContentFile], folder: str) -> list[tuple[str, str, int]]:
        """The files of ``folder`` the cache does not hold: (location, source, size)."""
        pending = []
        for file in files:
            source = "/".join((folder, *file.parts))
            if self.cache is not None:
                record = self.cache.get(source, file.size, file.mtime_ns)
                if record is not None and record.content_hash is None:
                    continue  # the cache's answer needs no second look
                if record is not None and record.content_hash is not None:
                    data = _read_bytes(Path(file.location))
                    if data is not None and _content_hash(data) == record.content_hash:
                        continue
            pending.append((file.location, source, file.size))
        return pending

    def _assign_post_slugs(self, posts: list[RawEntry]) -> None:
        wanted = [
            (
                (entry.date.timestamp() if entry.date else 0.0, entry.source),
                entry.explicit_slug or entry.derived_slug,
                entry.explicit_slug is not None,
            )
            for entry in posts
        ]
        slugs, clashes = unique_slugs(wanted)
        clashing = set()
        for (_, first), (_, second) in clashes:
            entry = self.entries[second]
            self.reporter.error(
                entry.source, entry.line("slug"), "slug", f"{entry.explicit_slug!r} is also the slug of {first}"
            )
            clashing.add(second)  # left out, so the clash is not reported again by the Site
        for (_, source), slug in slugs.items():
            if source not in clashing:
                self.post_slugs[source] = slug

    def _assign_page_paths(self, pages: list[RawEntry]) -> None:
        by_key = {entry.folder_key: entry for entry in pages}
        siblings: dict[str | None, list[RawEntry]] = {}
        for entry in pages:
            if entry.parent_key is not None and entry.parent_key not in by_key:
                if entry.parent_key in self.failed_pages:
                    continue  # the parent's own file is broken, and reported
                self.reporter.error(
                    entry.source,
                    1,
                    "parent",
                    f"the folder {PAGES_DIR}/{entry.parent_key}/ has no page of its own "
                    f"(add {PAGES_DIR}/{entry.parent_key}/index.md)",
                )
                continue
            siblings.setdefault(entry.parent_key, []).append(entry)
        slugs: dict[str, str] = {}
        for group in siblings.values():
            assigned, clashes = unique_slugs(
                (e.folder_key, e.explicit_slug or e.derived_slug, e.explicit_slug is not None) for e in group
            )
            for first, second in clashes:
                entry = by_key[second]
                self.reporter.error(
                    entry.source,
                    entry.line("slug"),
                    "slug",
                    f"{entry.explicit_slug!r} is also the slug of {by_key[first].source}",
                )
                del assigned[second]  # left out, so the clash is not reported again by the Site
            slugs.update(assigned)

        def final(key: str) -> str | None:
            entry = by_key.get(key)
            if entry is None or key not in slugs:
                return None
            if entry.parent_key is None:
                return slugs[key]
            parent = final(entry.parent_key)
            return None if parent is None else f"{parent}/{slugs[key]}"

        for key in by_key:
            path = final(key)
            if path is not None:
                self.page_paths[key] = path

    # -- references -----------------------------------------------------------

    def _resolve_terms(self, posts: list[RawEntry]) -> dict[str, dict[str, list[int]]]:
        result: dict[str, dict[str, list[int]]] = {}
        for entry in posts:
            per_entry: dict[str, list[int]] = {}
            for taxonomy, names in entry.terms.items():
                resolver = self.resolvers[taxonomy]
                keys = [resolver.resolve(name, (entry.source, entry.line(taxonomy))) for name in names]
                per_entry[taxonomy] = list(dict.fromkeys(keys))
            result[entry.source] = per_entry
        return result

    def _warn_near_misses(self, term_keys: dict[str, dict[str, list[int]]]) -> None:
        """Warn about a term that front matter made, that one post alone uses, and whose name
        is close to a term ``site.toml`` declares: most likely a typo (``Leadershp``), which
        would otherwise become a category of its own without a word."""
        uses: Counter[tuple[str, int]] = Counter()
        for per_entry in term_keys.values():
            for taxonomy, keys in per_entry.items():
                uses.update((taxonomy, key) for key in keys)
        for name, resolver in self.resolvers.items():
            declared = {node.name.casefold(): node.name for node in resolver.nodes if node.where is not None}
            if not declared:
                continue
            for node in resolver.nodes:
                if node.where is not None or node.first_use is None or uses[(name, node.key)] != 1:
                    continue
                close = difflib.get_close_matches(node.name.casefold(), list(declared), n=1, cutoff=0.8)
                if close:
                    source, line = node.first_use
                    logger.warning(
                        "%s:%d: %s: %r is not declared in site.toml and no other post uses it; did you mean %r?",
                        source,
                        line,
                        name,
                        node.name,
                        declared[close[0]],
                    )

    def _author_lookup(self) -> dict[str, str]:
        lookup: dict[str, str] = {}
        for author in self.config.authors:
            lookup[author.slug] = author.slug
            lookup.setdefault(author.name.casefold(), author.slug)
        return lookup

    def _authors(self, entry: RawEntry, lookup: dict[str, str]) -> list[str]:
        if not entry.authors:
            if len(self.config.authors) == 1 and entry.kind == "post":
                return [self.config.authors[0].slug]
            return []
        result = []
        key = "authors" if "authors" in entry.lines else "author"
        for name in entry.authors:
            slug = lookup.get(name) or lookup.get(name.casefold())
            if slug is None:
                known = ", ".join(sorted(a.slug for a in self.config.authors)) or "none declared in site.toml"
                self.reporter.error(entry.source, entry.line(key), key, f"no author {name!r} (known: {known})")
            else:
                result.append(slug)
        return list(dict.fromkeys(result))

    def _summary(self, entry: RawEntry) -> str:
        if entry.summary is not None:
            return entry.summary
        if entry.more is not None:
            return entry.more
        if entry.made_summary is None:  # kept in the entry, so the load cache keeps it too
            entry.made_summary = make_summary(entry.body, int(self.config.settings.get("summary_words", 55)))
            if self.cache is not None:
                self.cache.mark_changed(entry.source)
        return entry.made_summary

    def _entry_fields(self, entry: RawEntry, authors: list[str]) -> dict[str, Any]:
        """The fields posts and pages share (see :class:`~coachcontent.Entry`)."""
        return {
            "title": entry.title,
            "body": entry.body,
            "summary": self._summary(entry),
            "authors": authors,
            "updated": entry.updated,
            "draft": entry.draft,
            "canonical_url": entry.canonical_url,
            "image": entry.image,
            "aliases": entry.aliases,
            "weight": entry.weight,
            "source_path": entry.source,
            "extra": entry.extra or _NO_EXTRA,
        }

    def _post(self, entry: RawEntry, term_keys: dict[str, list[int]], lookup: dict[str, str]) -> Post | None:
        authors = self._authors(entry, lookup)
        if entry.source not in self.post_slugs or entry.date is None:
            return None
        try:
            return Post(
                slug=self.post_slugs[entry.source],
                date=entry.date,
                # Frozen already: the model's converter then has nothing to walk.
                terms=FrozenDict(
                    {
                        name: tuple([self.resolvers[name].slug_of(key) for key in keys])
                        for name, keys in term_keys.items()
                    }
                ),
                sticky=entry.sticky,
                comment_count=entry.comment_count,
                id=entry.id,
                **self._entry_fields(entry, authors),
            )
        except (ValueError, TypeError) as error:
            self.reporter.error(entry.source, 1, "front matter", str(error))
            return None

    def _page(self, entry: RawEntry, lookup: dict[str, str]) -> Page | None:
        authors = self._authors(entry, lookup)
        path = self.page_paths.get(entry.folder_key)
        if path is None:
            return None
        parent, _, slug = path.rpartition("/")
        try:
            return Page(slug=slug, parent=parent or None, date=entry.date, **self._entry_fields(entry, authors))
        except (ValueError, TypeError) as error:
            self.reporter.error(entry.source, 1, "front matter", str(error))
            return None

    # -- menus ---------------------------------------------------------------

    def _menu(self, name: str, spec: dict[str, Any]) -> NavTree | None:
        items = self._items(spec.get("items"), f"menus.{name}.items")
        title = spec.get("title", name.replace("-", " ").title())
        return NavTree(name=name, title=str(title), items=items)

    def _items(self, value: Any, dotted: str) -> list[NavItem]:
        if value is None:
            return []
        if not isinstance(value, list):
            self.toml_error(dotted, dotted, f"expected an array of tables ([[{dotted}]])")
            return []
        items = []
        for index, spec in enumerate(value):
            where = f"{dotted}[{index}]"
            if not isinstance(spec, dict):
                self.toml_error(where, where, "expected a table")
                continue
            item = self._item(spec, where)
            if item is not None:
                items.append(item)
        return items

    def _item(self, spec: dict[str, Any], where: str) -> NavItem | None:
        from coachcontent.content.site_config import ITEM_KEYS

        for key in spec:
            if key not in ITEM_KEYS:
                self.toml_error(
                    f"{where}.{key}",
                    f"{where}.{key}",
                    f"unknown key {key!r} (accepted: {', '.join(sorted(ITEM_KEYS))})",
                )
        children = self._items(spec.get("children"), f"{where}.children")
        targets = [key for key in ("page", "post", "category", "tag", "term", "url") if key in spec]
        if len(targets) != 1:
            self.toml_error(
                where,
                where,
                "a menu item needs exactly one of page, post, category, tag, taxonomy + term, or url"
                + (f" (it has {', '.join(targets)})" if targets else ""),
            )
            return None
        kind = targets[0]
        target = spec[kind]
        field_where = f"{where}.{kind}"
        if not isinstance(target, str) or not target.strip():
            self.toml_error(field_where, field_where, "expected a non-empty string")
            return None
        title = spec.get("title")
        weight = spec.get("weight", 0)
        if isinstance(weight, bool) or not isinstance(weight, int):
            self.toml_error(f"{where}.weight", f"{where}.weight", "expected an integer")
            weight = 0
        fields: dict[str, Any] = {}
        default_title = ""
        if kind == "url":
            problem = url_problem(target)
            if problem:
                self.toml_error(field_where, field_where, problem)
                return None
            fields["url"] = target
        elif kind == "page":
            key = target.strip("/")
            path = self.page_paths.get(key) or (key if key in self.page_paths.values() else None)
            if path is None:
                parts = key.split("/")
                if not any("/".join(parts[:depth]) in self.failed_pages for depth in range(1, len(parts) + 1)):
                    self.toml_error(
                        field_where,
                        field_where,
                        f"no page {target!r} (pages are named by their path under {PAGES_DIR}/)",
                    )
                return None
            fields["page"] = path
            default_title = next(
                (
                    e.title
                    for e in self.entries.values()
                    if e.kind == "page" and self.page_paths.get(e.folder_key) == path
                ),
                "",
            )
        elif kind == "post":
            post_source = next((s for s, slug in self.post_slugs.items() if slug == target), None)
            if post_source is None:
                if target not in self.failed_post_slugs:
                    self.toml_error(field_where, field_where, f"no post with the slug {target!r}")
                return None
            fields["post"] = target
            default_title = self.entries[post_source].title
        else:
            taxonomy = {"category": "categories", "tag": "tags"}.get(kind) or spec.get("taxonomy")
            if not isinstance(taxonomy, str) or taxonomy not in self.resolvers:
                declared = ", ".join(sorted(self.resolvers))
                self.toml_error(
                    f"{where}.taxonomy",
                    f"{where}.taxonomy",
                    'missing: a term item needs taxonomy = "name" as well'
                    if taxonomy is None
                    else f"no taxonomy {show(taxonomy)} (declared: {declared})",
                )
                return None
            resolver = self.resolvers[taxonomy]
            key_found = resolver.find(target)
            if key_found is None:
                self.toml_error(field_where, field_where, f"no {taxonomy} term {target!r}")
                return None
            node = resolver.nodes[key_found]
            fields["term"] = TermRef(taxonomy=taxonomy, slug=node.slug)
            default_title = node.name
        if title is None:
            title = default_title
        if not isinstance(title, str) or not title.strip():
            self.toml_error(f"{where}.title", f"{where}.title", "missing (required for a url item)")
            return None
        try:
            return NavItem(title=title, weight=weight, children=children, **fields)
        except (ValueError, TypeError) as error:
            self.toml_error(where, where, str(error))
            return None

    # -- mapping model problems back to files ---------------------------------

    def _report_problem(self, problem: Problem) -> None:
        kind, _, key = problem.subject.partition(":")
        if kind in ("post", "page"):
            for entry in self.entries.values():
                if entry.kind != kind:
                    continue
                final = self.post_slugs.get(entry.source) if kind == "post" else self.page_paths.get(entry.folder_key)
                if final == key:
                    field = problem.field
                    line = (
                        entry.line(field)
                        if field in entry.lines
                        else entry.line("author" if field == "authors" else field)
                    )
                    self.reporter.error(entry.source, line, field, problem.message)
                    return
        if kind == "term":
            taxonomy, _, slug = key.partition(":")
            resolver = self.resolvers.get(taxonomy)
            if resolver is not None:
                where, first_use = resolver.location(slug)
                if where is not None:
                    self.toml_error(f"{where}.{problem.field}", f"{where}.{problem.field}", problem.message)
                    return
                if first_use is not None:
                    self.reporter.error(first_use[0], first_use[1], taxonomy, problem.message)
                    return
        if kind == "menu":
            name, _, position = key.partition(":")
            dotted = f"menus.{name}.items" + "".join(
                f"[{index}]" if i == 0 else f".children[{index}]" for i, index in enumerate(position.split("."))
            )
            self.toml_error(f"{dotted}.{problem.field}", f"{dotted}.{problem.field}", problem.message)
            return
        self.reporter.error(self.config.path, 1, problem.subject, f"{problem.field}: {problem.message}")


#: Fewer files than this to parse are parsed in the loading process even with ``jobs``
#: (starting workers and sending entries back costs more than it saves).
PARALLEL_MIN_FILES = 200


def _parse_files(
    batch: list[tuple[str, str, int]],
    kind: Literal["post", "page"],
    zone: ZoneInfo,
    taxonomies: dict[str, bool],
    summary_words: int,
) -> list[_Parsed]:
    """Parse content files in a worker: each file's entry (its summary made, as the
    loader would make it), its errors and the hash of its bytes."""
    results = []
    for location, source, size in batch:
        path = Path(location)
        data = _read_bytes(path) if size <= MAX_FILE_BYTES else None
        reporter = Reporter()
        entry = read_entry(path, source, kind, zone, taxonomies, reporter, data=data)
        if entry is not None and entry.summary is None and entry.more is None:
            entry.made_summary = make_summary(entry.body, summary_words)
        results.append((entry, tuple(reporter.errors), _content_hash(data) if data is not None else None))
    return results


def _read_bytes(path: Path) -> bytes | None:
    try:
        return path.read_bytes()
    except OSError:
        return None  # read_entry tries again, and fails as it always did


def _content_hash(data: bytes) -> bytes:
    return hashlib.blake2b(data, digest_size=16).digest()


def iter_errors(errors: Iterable[Any]) -> list[str]:
    """Each error as the ``file:line: field: message`` line the CLI prints."""
    return [str(error) for error in errors]
