"""The ``coachcontent`` command line: a thin layer over the public API.

Exit codes: 0 success; 1 content, build or plugin errors; 2 usage errors;
3 an unexpected internal error (rerun with ``--debug`` for the traceback);
130 interrupted.
"""

from __future__ import annotations

import argparse
import atexit
import contextlib
import logging
import os
import sys
import threading
import time
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, NoReturn, TextIO

EXIT_OK = 0
EXIT_ERRORS = 1
EXIT_USAGE = 2
EXIT_INTERNAL = 3
EXIT_INTERRUPTED = 130

BUILTIN_COMMANDS = ("build", "check", "plugins", "new", "serve", "import")


class _Progress:
    """A one-line progress display on a terminal, shown only for work over a second."""

    def __init__(self, stream: TextIO, enabled: bool) -> None:
        self.stream = stream
        self.enabled = enabled and stream.isatty()
        self.start = time.monotonic()
        self.shown = False

    def __call__(self, done: int, total: int) -> None:
        if not self.enabled or time.monotonic() - self.start < 1.0:
            return
        self.shown = True
        self.stream.write(f"\rrendering {done}/{total} files")
        self.stream.flush()

    def close(self) -> None:
        if self.shown:
            self.stream.write("\n")
            self.stream.flush()


def _selection(args: argparse.Namespace, config: dict[str, Any] | None = None) -> Any:
    from coachcontent.plugins import PluginSelection

    enabled = None
    if getattr(args, "plugins", None) is not None:
        enabled = [name.strip() for name in args.plugins.split(",") if name.strip()]
    return PluginSelection.from_sources(
        config=config, enabled=enabled, disabled=getattr(args, "disable_plugin", None) or ()
    )


def _site_config_plugins(source: Path) -> dict[str, Any] | None:
    import tomllib

    try:
        raw = tomllib.loads((source / "site.toml").read_text(encoding="utf-8-sig"))
    except (OSError, ValueError):
        return None  # the loader reports the problem with its line
    plugins = raw.get("plugins")
    return plugins if isinstance(plugins, dict) else None


def _source(args: argparse.Namespace) -> Path:
    from coachcontent.content.loader import demo_path

    if getattr(args, "demo", False):
        return demo_path()
    if args.source is None:
        raise _UsageError("give a site folder, or --demo for the bundled demo site")
    return Path(args.source)


class _UsageError(Exception):
    pass


def _load(args: argparse.Namespace, *, cache: bool = False) -> tuple[Any, Any]:
    from coachcontent.content.cache import DEFAULT_CACHE_DIR
    from coachcontent.content.loader import load_site

    source = _source(args)
    if not source.is_dir():
        raise _UsageError(f"{source} is not a folder")
    selection = _selection(args, _site_config_plugins(source))
    # Never for --demo: the cache would be written into the installed package.
    use_cache = cache and not getattr(args, "demo", False) and not getattr(args, "no_cache", False)
    cache_dir = source / DEFAULT_CACHE_DIR if use_cache else None
    # --jobs parses the content files in parallel too (those the cache does not hold).
    jobs = getattr(args, "jobs", None)
    return load_site(source, selection=selection, cache_dir=cache_dir, jobs=jobs), selection


def cmd_build(args: argparse.Namespace) -> int:
    from coachcontent.build.builder import build_site

    started = time.monotonic()
    site, selection = _load(args, cache=True)
    progress = _Progress(sys.stderr, not args.quiet)
    try:
        report = build_site(
            site,
            args.output,
            selection=selection,
            jobs=args.jobs,
            force=args.force,
            progress=progress,
            incremental=not args.full,
        )
    finally:
        progress.close()
    if not args.quiet:
        write = report.write
        plugins = ", ".join(f"{name} {count}" for name, count in report.by_plugin)
        print(
            f"built {site.title!r} into {args.output}: {report.outputs} files "
            f"({len(write.written)} written, {len(write.unchanged)} unchanged, "
            f"{len(write.removed)} removed; {write.rendered} rendered) in {time.monotonic() - started:.2f}s"
        )
        print(f"  by plugin: {plugins}")
    return EXIT_OK


def cmd_check(args: argparse.Namespace) -> int:
    from coachcontent.build.builder import collect_outputs
    from coachcontent.build.context import BuildContext
    from coachcontent.build.paths import check_outputs

    site, selection = _load(args)
    outputs = check_outputs(collect_outputs(BuildContext(site, selection)))
    if not args.quiet:
        counts = [
            (len(site.posts), "post"),
            (len(site.pages), "page"),
            (sum(len(t.terms) for t in site.taxonomies), "term"),
            (len(site.menus), "menu"),
            (len(outputs), "output file"),
        ]
        summary = ", ".join(f"{n} {word}{'' if n == 1 else 's'}" for n, word in counts)
        print(f"{site.title!r}: {summary}: no problems found")
    return EXIT_OK


def cmd_plugins(args: argparse.Namespace) -> int:
    from coachcontent.plugins import describe_plugins, make_plugin_manager

    pm = make_plugin_manager(_selection(args))
    for info in describe_plugins(pm):
        print(f"{info.name}  ({info.distribution} {info.version})")
        for hook in info.hooks:
            print(f"    {hook}")
    return EXIT_OK


def cmd_new(args: argparse.Namespace) -> int:
    from coachcontent.slugs import make_slug

    site_dir = Path(args.site)
    if not (site_dir / "site.toml").is_file():
        raise _UsageError(f"{site_dir} has no site.toml: run this inside a site folder or pass --site")
    slug = make_slug(args.title, fallback=args.kind)
    now = datetime.now(UTC).astimezone()
    title = args.title.replace("\\", "\\\\").replace('"', '\\"')
    if args.kind == "post":
        path = site_dir / "content" / "posts" / f"{now:%Y-%m-%d}-{slug}.md"
        front = f'---\ntitle: "{title}"\ndate: {now:%Y-%m-%d %H:%M:%S}\ndraft: true\ntags: []\ncategories: []\n---\n\n'
    else:
        parent = Path(*[p for p in (args.parent or "").split("/") if p])
        path = site_dir / "content" / "pages" / parent / f"{slug}.md"
        front = f'---\ntitle: "{title}"\nweight: 0\n---\n\n'
    if path.exists():
        print(f"error: {path} already exists", file=sys.stderr)
        return EXIT_ERRORS
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("x", encoding="utf-8") as handle:
        handle.write(front + "Write here.\n")
    print(path)
    return EXIT_OK


def cmd_serve(args: argparse.Namespace) -> int:
    import functools
    import http.server

    folder = Path(args.folder)
    if not folder.is_dir():
        raise _UsageError(f"{folder} is not a folder")
    if (folder / "site.toml").is_file():
        from coachcontent.devserver import serve_source

        selection = _selection(args, _site_config_plugins(folder))
        output = Path(args.output) if args.output else None
        return serve_source(folder, selection, args.bind, args.port, output)
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(folder))
    with http.server.ThreadingHTTPServer((args.bind, args.port), handler) as server:
        host, port = server.server_address[:2]
        print(f"serving {folder} at http://{host!s}:{port}/ (Ctrl+C stops)")
        server.serve_forever()
    return EXIT_OK


def _add_plugin_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--plugins", metavar="NAMES", help="comma-separated plugins to use (default: all installed)")
    parser.add_argument("--disable-plugin", action="append", metavar="NAME", help="leave a plugin out (repeatable)")


def build_parser(with_plugins: bool = False, *, with_importers: bool = True) -> argparse.ArgumentParser:
    """The argument parser; with ``with_plugins``, plugins' own commands are added too;
    without ``with_importers``, ``import`` has no formats (the importers, with lxml and
    YAML, are not imported: ``coachcontent build`` does not need them)."""
    from coachcontent import __version__

    parser = argparse.ArgumentParser(
        prog="coachcontent",
        description="Build and check coachcontent sites.",
        epilog="Exit codes: 0 ok, 1 content/build/plugin errors, 2 usage, 3 internal error, 130 interrupted.",
    )
    parser.add_argument("--version", action="version", version=f"coachcontent {__version__}")
    parser.add_argument("--debug", action="store_true", help="show tracebacks")
    parser.add_argument("-q", "--quiet", action="store_true", help="print only errors")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    build = commands.add_parser("build", help="build a site folder into an output folder")
    build.add_argument("source", nargs="?", help="the site folder (with site.toml)")
    build.add_argument("--demo", action="store_true", help="build the bundled demo site")
    build.add_argument("-o", "--output", required=True, help="the output folder")
    build.add_argument(
        "-j", "--jobs", type=int, default=None, help="parse content files and render outputs in N processes"
    )
    build.add_argument("--force", action="store_true", help="replace a non-empty folder not made by coachcontent")
    build.add_argument(
        "--no-cache",
        action="store_true",
        help="parse every content file (by default what parsing gave is kept in SOURCE/.coachcontent-cache/)",
    )
    build.add_argument(
        "--full",
        action="store_true",
        help="render every output (by default outputs whose fingerprint did not change keep their files)",
    )
    _add_plugin_options(build)
    build.set_defaults(run=cmd_build)

    check = commands.add_parser("check", help="report every problem of a site folder (file:line: field: message)")
    check.add_argument("source", nargs="?", help="the site folder")
    check.add_argument("--demo", action="store_true", help="check the bundled demo site")
    _add_plugin_options(check)
    check.set_defaults(run=cmd_check)

    plugins = commands.add_parser("plugins", help="list plugins, their distributions and hooks")
    _add_plugin_options(plugins)
    plugins.set_defaults(run=cmd_plugins)

    new = commands.add_parser("new", help="start a new post or page")
    new.add_argument("kind", choices=("post", "page"))
    new.add_argument("title")
    new.add_argument("--site", default=".", help="the site folder (default: here)")
    new.add_argument("--parent", help="for a page: the parent page's path, e.g. about")
    new.set_defaults(run=cmd_new)

    serve = commands.add_parser(
        "serve", help="serve a site folder (rebuilt on every change) or a built folder on this machine"
    )
    serve.add_argument("folder", help="a site folder (with site.toml) or a built output folder")
    serve.add_argument("--port", type=int, default=8000)
    serve.add_argument("--bind", default="127.0.0.1")
    serve.add_argument("-o", "--output", help="for a site folder: build here instead of a temporary folder")
    _add_plugin_options(serve)
    serve.set_defaults(run=cmd_serve)

    importer = commands.add_parser("import", help="import a site from another system")
    import_commands = importer.add_subparsers(dest="source_kind", metavar="FORMAT")
    importer.set_defaults(run=lambda args: _missing_subcommand(importer))
    if with_importers:
        try:
            from coachcontent.importers import wordpress
        except ImportError:  # pragma: no cover - the importer ships with the core
            pass
        else:
            wordpress.add_cli(import_commands)

    if with_plugins:
        from coachcontent.plugins import PluginSelection, make_plugin_manager

        pm = make_plugin_manager(PluginSelection.from_sources())
        pm.hook.coachcontent_cli_commands(subparsers=commands)
    return parser


def _missing_subcommand(parser: argparse.ArgumentParser) -> int:
    parser.print_usage(sys.stderr)
    print(f"{parser.prog}: error: choose what to import from", file=sys.stderr)
    return EXIT_USAGE


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line with ``argv`` (default ``sys.argv[1:]``); returns the exit code."""
    from coachcontent.build.output import Output  # noqa: F401  (warm import for clear errors)
    from coachcontent.errors import BuildError, ContentErrors
    from coachcontent.plugins import PluginError

    argv = list(sys.argv[1:] if argv is None else argv)
    first = next((arg for arg in argv if not arg.startswith("-")), None)
    debug = "--debug" in argv
    try:
        parser = build_parser(
            with_plugins=first is not None and first not in BUILTIN_COMMANDS,
            # Another command never reaches the import formats' own parsers.
            with_importers=first in (None, "import"),
        )
    except PluginError as error:
        print(f"error: {error}", file=sys.stderr)
        return EXIT_ERRORS
    try:
        args = parser.parse_args(argv)
    except SystemExit as exit_:
        return int(exit_.code or 0) if not isinstance(exit_.code, str) else EXIT_USAGE
    logging.basicConfig(
        level=logging.ERROR if args.quiet else logging.WARNING,
        format="%(levelname)s: %(message)s",
        stream=sys.stderr,
        force=True,
    )
    if getattr(args, "run", None) is None:
        parser.print_help(sys.stderr)
        return EXIT_USAGE
    try:
        return int(args.run(args))
    except ContentErrors as errors:
        for problem in errors.errors:
            print(problem, file=sys.stderr)
        count = len(errors.errors)
        print(f"{count} problem{'s' if count != 1 else ''} found", file=sys.stderr)
        return EXIT_ERRORS
    except (BuildError, PluginError) as error:
        if debug:
            raise
        print(f"error: {error}", file=sys.stderr)
        return EXIT_ERRORS
    except _UsageError as error:
        parser.print_usage(sys.stderr)
        print(f"coachcontent: error: {error}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return EXIT_INTERRUPTED
    except Exception as unexpected:
        if debug:
            raise
        print(
            f"internal error: {type(unexpected).__name__}: {unexpected} (rerun with --debug for the traceback)",
            file=sys.stderr,
        )
        return EXIT_INTERNAL


def run() -> NoReturn:
    """The ``coachcontent`` command: :func:`main` with the process's arguments, then exit.

    A build leaves the whole site in memory, and an interpreter that shuts down
    frees it object by object: a tenth of a second at 5,000 posts, as much as a
    twentieth of a rebuild.  So once the command is done, the standard streams are
    flushed, the exit handlers (:mod:`atexit`) run and the process ends without that;
    the operating system takes the memory back whole.  Only when another thread is
    still running does the interpreter shut down as usual (it waits for it).
    """
    code = main()
    if threading.active_count() > 1 or not hasattr(atexit, "_run_exitfuncs"):
        sys.exit(code)
    _flush_standard_streams()
    atexit._run_exitfuncs()
    _flush_standard_streams()
    os._exit(code)


def _flush_standard_streams() -> None:
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(OSError, ValueError):  # a closed pipe or stream: nothing more can be told
            stream.flush()


if __name__ == "__main__":  # pragma: no cover
    run()
