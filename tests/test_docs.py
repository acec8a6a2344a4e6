"""The documentation builds without warnings, says what the code does, and its examples run.

Like datasette's ``tests/test_docs.py``, these tests fail when a hook, a
``site.toml`` key, a front-matter key, a public name or a command exists in
the code but not in the docs, or the other way round.

Markers in the Markdown sources (HTML comments, invisible in the built pages):

``<!-- run -->``
    before a ```` ```python ```` block: executed in a fresh namespace;
    before a ```` ```console ```` block: each ``$ coachcontent ...`` line is
    run and must exit 0 (``<!-- run: exit N -->`` expects N).
``<!-- norun: why -->``
    before a Python block that is deliberately not run (a fragment).
``<!-- file: PATH -->`` / ``<!-- file: PATH (append) -->``
    the next fenced block is written to (appended to) ``PATH``.
``<!-- copy: DOCS_PATH -> PATH -->``
    a file of ``docs/`` is copied to ``PATH``.
``<!-- keys: module.NAME -->``
    the next table lists exactly the keys of ``NAME`` in its first column.

Each page's examples run in order in a temporary folder of their own.
"""

from __future__ import annotations

import importlib
import importlib.util
import inspect
import re
import shlex
import shutil
import subprocess
import sys
import tomllib
from collections.abc import Iterator
from html import escape
from pathlib import Path
from types import ModuleType
from typing import Any
from wsgiref.util import setup_testing_defaults

import attrs
import pytest

import coachcontent
from coachcontent import hookspecs

ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT / "docs"
PLUGINS = ROOT / "plugins"
PAGES = sorted(path for path in DOCS.rglob("*.md") if "_build" not in path.parts)

MARKER = re.compile(r"^<!-- (run|norun|file|copy|keys)(?::\s*(.*?))?\s*-->\s*$")
FENCE = re.compile(r"^(`{3,}|~{3,})\s*(\{[^}]*\}\s*)?([\w+-]*)")


def _page_id(path: Path) -> str:
    return path.relative_to(DOCS).as_posix()


# -- reading the Markdown sources --------------------------------------------------------


@attrs.frozen
class Block:
    """A fenced block with the marker before it (if any)."""

    page: Path
    line: int  # of the first line of code
    language: str
    code: str
    marker: str | None
    argument: str


@attrs.frozen
class Step:
    """Something a page's examples do, in page order: a marked block or a copy."""

    kind: str  # "run", "file", "copy"
    argument: str
    block: Block | None


def blocks(page: Path) -> list[Block]:
    """Every fenced block of ``page`` with the marker on the line before it (blank lines allowed between)."""
    lines = page.read_text(encoding="utf-8").splitlines()
    found: list[Block] = []
    pending: tuple[str, str] | None = None
    index = 0
    while index < len(lines):
        line = lines[index]
        marker = MARKER.match(line)
        if marker:
            if marker.group(1) in ("run", "norun", "file"):
                pending = (marker.group(1), marker.group(2) or "")
            index += 1
            continue
        fence = FENCE.match(line)
        if fence:
            ticks, directive, language = fence.group(1), fence.group(2), fence.group(3)
            if directive:  # ```{code-block} python  → the language follows the directive
                language = line[len(ticks) + len(directive) :].strip() or language
            end = index + 1
            while end < len(lines) and not lines[end].startswith(ticks):
                end += 1
            body = lines[index + 1 : end]
            if directive:
                while body and body[0].startswith(":"):
                    body = body[1:]
            kind, argument = pending if pending else (None, "")
            found.append(Block(page, index + 2, language, "\n".join(body) + "\n", kind, argument))
            pending = None
            index = end + 1
            continue
        if line.strip():
            pending = None  # a marker applies to the block right after it
        index += 1
    return found


def steps(page: Path) -> list[Step]:
    """The page's runnable steps in order (copies, files, runs)."""
    text = page.read_text(encoding="utf-8")
    copies = {match.start(): match.group(1) for match in re.finditer(r"^<!-- copy: (.*?) -->$", text, re.M)}
    positions = []
    for block in blocks(page):
        if block.marker in ("run", "file"):
            positions.append((_offset(text, block.line), Step(block.marker, block.argument, block)))
    positions.extend((offset, Step("copy", argument, None)) for offset, argument in copies.items())
    return [step for _, step in sorted(positions, key=lambda pair: pair[0])]


def _offset(text: str, line: int) -> int:
    return sum(len(part) + 1 for part in text.splitlines()[: line - 1])


def tables_after(text: str, start: int) -> Iterator[tuple[str, list[str]]]:
    """Each Markdown table after ``start``: its first header cell and the first-column entries of its rows
    (the first `code` in each cell, else the cell's text)."""
    header: str | None = None
    rows: list[str] = []
    for line in [*text[start:].splitlines()[1:], ""]:
        if line.startswith("|"):
            first = line.split("|")[1].strip()
            if set(first) <= {"-", ":", " "}:
                continue
            if header is None:
                header = first
                continue
            code = re.search(r"`([^`]+)`", first)
            rows.append(code.group(1) if code else first)
        elif header is not None:
            yield header, rows
            header, rows = None, []


def table_after(text: str, start: int) -> list[str]:
    """The first-column entries of the first table after ``start`` (the header row left out)."""
    for _, rows in tables_after(text, start):
        return rows
    raise AssertionError(f"no table after position {start}")


# -- 1. the build ----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def built_docs(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The HTML docs, built once for this module with warnings as errors."""
    out = tmp_path_factory.mktemp("docs-html")
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "sphinx",
            "-W",
            "--keep-going",
            "-q",
            "-b",
            "html",
            "-d",
            str(out / ".doctrees"),
            str(DOCS),
            str(out),
        ],
        capture_output=True,
        text=True,
        timeout=900,
        cwd=ROOT,
    )
    assert result.returncode == 0, f"sphinx-build failed:\n{result.stdout}\n{result.stderr}"
    return out


def test_docs_build_with_warnings_as_errors(built_docs: Path) -> None:
    for name in ("index", "tutorial", "plugin-guide", "reference/hooks", "reference/api", "explanation/architecture"):
        assert (built_docs / f"{name}.html").is_file(), name


# -- 2. hooks ------------------------------------------------------------------------------------


def hook_specs() -> dict[str, inspect.Signature]:
    return {
        name: inspect.signature(function)
        for name, function in vars(hookspecs).items()
        if name.startswith("coachcontent_") and hasattr(function, "coachcontent_spec")
    }


def test_every_hook_is_in_the_hook_table_with_its_arguments() -> None:
    text = (DOCS / "reference" / "hooks.md").read_text(encoding="utf-8")
    rows = table_after(text, text.index("<!-- hooks -->"))
    documented = {}
    for row in rows:
        match = re.fullmatch(r"(coachcontent_\w+)\((.*)\)", row)
        assert match, f"hook table row {row!r} is not name(arguments)"
        documented[match.group(1)] = [arg.strip() for arg in match.group(2).split(",") if arg.strip()]
    specs = hook_specs()
    assert sorted(documented) == sorted(specs), "hooks in the code and in the hook table differ"
    for name, signature in specs.items():
        assert documented[name] == list(signature.parameters), f"{name}: documented arguments differ from the spec"


def test_every_hook_flag_is_in_the_hook_table() -> None:
    text = (DOCS / "reference" / "hooks.md").read_text(encoding="utf-8")
    start = text.index("<!-- hooks -->")
    table = text[start : text.index("\n\n", text.index("|", start))]
    for name in hook_specs():
        row = next(line for line in table.splitlines() if f"`{name}(" in line)
        options = getattr(hookspecs, name).coachcontent_spec
        for flag in ("firstresult", "historic"):
            assert (f"`{flag}`" in row) == bool(options.get(flag)), f"{name}: {flag} flag documented wrongly"


def test_the_hook_reference_renders_every_hook_and_no_other(built_docs: Path) -> None:
    html = (built_docs / "reference" / "hooks.html").read_text(encoding="utf-8")
    rendered = set(re.findall(r'id="coachcontent\.hookspecs\.(coachcontent_\w+)"', html))
    assert rendered == set(hook_specs())
    for name, signature in hook_specs().items():
        for parameter in signature.parameters:
            assert re.search(rf'id="coachcontent\.hookspecs\.{name}".*?{parameter}', html, re.S), (name, parameter)


def _plugin_names() -> set[str]:
    """Names a page may mention that start with ``coachcontent_``: plugin packages and their own hooks."""
    names: set[str] = set()
    for package in PLUGINS.glob("*/src/*"):
        if package.is_dir() and package.name.startswith("coachcontent_"):
            names.add(package.name)
            for module in package.rglob("*.py"):
                names.update(re.findall(r"^def (coachcontent_\w+)\(", module.read_text(encoding="utf-8"), re.M))
    return names


def test_docs_name_no_hook_that_does_not_exist() -> None:
    known = set(hook_specs()) | _plugin_names()
    for page in PAGES:
        for match in re.finditer(r"\bcoachcontent_\w+", page.read_text(encoding="utf-8")):
            assert match.group(0) in known, f"{_page_id(page)}: {match.group(0)} is neither a hook nor a plugin name"


# -- 3. site.toml and front-matter keys ------------------------------------------------------


def _keys_of(dotted: str) -> list[str]:
    module_name, _, attribute = dotted.rpartition(".")
    value = getattr(importlib.import_module(module_name), attribute)
    if attrs.has(value):
        return [field.name for field in attrs.fields(value)]
    return list(value)


def keys_tables() -> Iterator[tuple[Path, str, list[str]]]:
    for page in PAGES:
        text = page.read_text(encoding="utf-8")
        for match in re.finditer(r"^<!-- keys: ([\w.]+) -->$", text, re.M):
            yield page, match.group(1), table_after(text, match.start())


def _strip_table_name(key: str) -> str:
    return key.strip("[]").split(".")[0]


def test_every_keys_table_lists_exactly_the_keys_of_the_code() -> None:
    tables = list(keys_tables())
    assert tables
    for page, dotted, documented in tables:
        expected = _keys_of(dotted)
        if dotted.endswith("CORE_SECTIONS"):
            documented = [_strip_table_name(key) for key in documented]
        assert sorted(documented) == sorted(expected), f"{_page_id(page)}: the table of {dotted} differs from the code"


def test_every_key_set_of_the_core_has_a_table() -> None:
    from coachcontent.content import entries, site_config

    required = {f"coachcontent.content.site_config.{name}" for name in vars(site_config) if name.endswith("_KEYS")}
    required |= {"coachcontent.content.site_config.CORE_SECTIONS", "coachcontent.UrlScheme"}
    required |= {f"coachcontent.content.entries.{name}" for name in vars(entries) if name.endswith("_KEYS")}
    documented = {dotted for _, dotted, _ in keys_tables()}
    assert required <= documented, f"key sets without a reference table: {sorted(required - documented)}"


def plugin_distributions() -> dict[str, list[str]]:
    """Each plugin folder's distribution name → its entry-point names in the ``coachcontent`` group."""
    result = {}
    for pyproject in sorted(PLUGINS.glob("*/pyproject.toml")):
        project = tomllib.loads(pyproject.read_text(encoding="utf-8"))["project"]
        result[project["name"]] = sorted(project.get("entry-points", {}).get("coachcontent", {}))
    return result


def test_every_shipped_plugin_has_a_reference_page() -> None:
    pages = {path.stem for path in (DOCS / "reference" / "plugins").glob("*.md")} - {"index"}
    shipped = {name.removeprefix("coachcontent-") for name in plugin_distributions()}
    assert pages == shipped, "plugins in plugins/ and pages in docs/reference/plugins/ differ"
    for name in shipped:
        text = (DOCS / "reference" / "plugins" / f"{name}.md").read_text(encoding="utf-8")
        assert f"<!-- plugin-readme: coachcontent-{name} -->" in text


@pytest.mark.parametrize("distribution", sorted(plugin_distributions()))
def test_every_plugin_section_key_is_in_its_readme(distribution: str) -> None:
    readme = (PLUGINS / distribution / "README.md").read_text(encoding="utf-8")
    for entry_point in plugin_distributions()[distribution]:
        pm = coachcontent.make_plugin_manager(coachcontent.PluginSelection(enabled=[entry_point]))
        sections = [section for result in pm.hook.coachcontent_config_sections() for section in result or ()]
        for section in sections:
            # The section's table: the first table with a "key" column after a heading naming `[name]`,
            # or else after the first mention of [name].
            heading = re.search(rf"^#+ .*`\[{re.escape(section.name)}\]`.*$", readme, re.M)
            start = heading.start() if heading else readme.find(f"[{section.name}]")
            assert start >= 0, f"{distribution}/README.md does not mention [{section.name}]"
            documented = next((rows for header, rows in tables_after(readme, start) if header == "key"), None)
            assert documented is not None, f"{distribution}/README.md has no table of the keys of [{section.name}]"
            assert sorted(documented) == sorted(key.name for key in section.keys), (
                f"{distribution}/README.md: the [{section.name}] table differs from the plugin's ConfigSection"
            )


# -- the rest of the reference ---------------------------------------------------------------


def test_every_public_name_is_in_the_api_reference(built_docs: Path) -> None:
    html = (built_docs / "reference" / "api.html").read_text(encoding="utf-8")
    documented = set(re.findall(r'id="coachcontent\.(\w+)"', html))
    public = {name for name in coachcontent.__all__ if not name.startswith("_")}
    assert public <= documented, f"public names missing from the API reference: {sorted(public - documented)}"


def test_every_command_and_exit_code_is_in_the_cli_reference() -> None:
    from coachcontent import cli

    text = (DOCS / "reference" / "cli.md").read_text(encoding="utf-8")
    headings = set(re.findall(r"^#+ `coachcontent ([a-z ]+?)`", text, re.M))
    assert set(cli.BUILTIN_COMMANDS) <= {heading.split()[0] for heading in headings}
    codes = {value for name, value in vars(cli).items() if name.startswith("EXIT_")}
    rows = table_after(text, text.index("<!-- exit-codes -->"))
    assert sorted(int(row) for row in rows) == sorted(codes)


# -- 4. the examples run ------------------------------------------------------------------------


def test_every_python_block_is_marked_run_or_norun() -> None:
    for page in PAGES:
        for block in blocks(page):
            if block.language in ("python", "py", "python3"):
                assert block.marker in ("run", "norun"), (
                    f"{_page_id(page)}:{block.line}: mark the Python block <!-- run --> or <!-- norun: why -->"
                )


RUNNABLE = [page for page in PAGES if steps(page)]


def _run_console(block: Block, cwd: Path, expected: int) -> None:
    for number, line in enumerate(block.code.splitlines()):
        if not line.startswith("$ "):
            continue
        argv = shlex.split(line[2:])
        assert argv[0] == "coachcontent", (
            f"{_page_id(block.page)}:{block.line + number}: only coachcontent commands run"
        )
        result = subprocess.run(
            [sys.executable, "-m", "coachcontent", *argv[1:]],
            cwd=cwd,
            capture_output=True,
            text=True,
            timeout=300,
            stdin=subprocess.DEVNULL,
        )
        assert result.returncode == expected, (
            f"{_page_id(block.page)}:{block.line + number}: {line} exited {result.returncode}, not {expected}\n"
            f"{result.stdout}\n{result.stderr}"
        )


def _forget_modules_under(folder: Path) -> None:
    for name, module in list(sys.modules.items()):
        file = getattr(module, "__file__", None)
        if file and Path(file).resolve().is_relative_to(folder.resolve()):
            del sys.modules[name]


@pytest.mark.parametrize("page", RUNNABLE, ids=_page_id)
def test_examples_run(page: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.syspath_prepend(str(tmp_path))
    try:
        for step in steps(page):
            if step.kind == "copy":
                source, _, target = step.argument.partition(" -> ")
                (tmp_path / target).parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(DOCS / source, tmp_path / target)
                continue
            block = step.block
            assert block is not None
            where = f"{_page_id(page)}:{block.line}"
            if step.kind == "file":
                append = step.argument.endswith("(append)")
                target = tmp_path / step.argument.removesuffix("(append)").strip()
                target.parent.mkdir(parents=True, exist_ok=True)
                with target.open("a" if append else "w", encoding="utf-8") as handle:
                    handle.write(block.code)
            elif block.language in ("python", "py", "python3"):
                exec(compile(block.code, where, "exec"), {"__name__": "__docs__"})
            elif block.language in ("console", "shell-session"):
                expected = int(block.argument.removeprefix("exit").strip()) if block.argument else 0
                _run_console(block, tmp_path, expected)
            else:
                pytest.fail(f"{where}: cannot run a {block.language!r} block")
    finally:
        _forget_modules_under(tmp_path)


def test_the_tutorial_runs_python_and_commands() -> None:
    kinds = {(step.kind, step.block.language if step.block else "") for step in steps(DOCS / "tutorial.md")}
    assert {("run", "python"), ("run", "console"), ("file", "toml"), ("copy", "")} <= kinds


# -- 5. the WSGI example ----------------------------------------------------------------------------


def _load_example() -> ModuleType:
    spec = importlib.util.spec_from_file_location("docs_wsgi_app", DOCS / "examples" / "wsgi_app.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _get(app: Any, path: str) -> tuple[str, dict[str, str], str]:
    environ: dict[str, Any] = {"PATH_INFO": path}
    setup_testing_defaults(environ)
    seen: list[tuple[str, list[tuple[str, str]]]] = []
    body = b"".join(app(environ, lambda status, headers: seen.append((status, headers))))
    status, headers = seen[0]
    return status, dict(headers), body.decode("utf-8")


def test_the_wsgi_example_lists_posts_and_renders_the_menu() -> None:
    example = _load_example()
    site = coachcontent.load_site(coachcontent.demo_path())
    app = example.make_app(site)

    status, headers, body = _get(app, "/")
    assert status == "200 OK"
    assert headers["Content-Type"] == "text/html; charset=utf-8"
    assert int(headers["Content-Length"]) == len(body.encode("utf-8"))
    newest = site.posts_newest_first()[: site.posts_per_page]
    assert newest
    for post in newest:
        assert f'<a href="{site.url_for(post)}">{escape(post.title)}</a>' in body
    for item in site.menu("main").walk():
        assert f">{escape(item.title)}</a>" in body
    assert body.count("<ul>") > len(site.menu("main").items) // 2  # submenus are nested lists

    post = newest[0]
    status, _, body = _get(app, site.url_for(post))
    assert status == "200 OK"
    assert f"<h1>{escape(post.title)}</h1>" in body
    assert post.body in body

    status, _, body = _get(app, "/no/such/page/")
    assert status == "404 Not Found"
    assert "<h1>Not found</h1>" in body


def test_the_wsgi_example_marks_the_active_menu_trail() -> None:
    example = _load_example()
    site = coachcontent.load_site(coachcontent.demo_path())
    trail = site.menu_trail("main", "/about/speaking/topics/")
    assert len(trail) == 3
    html = example.layout(site, "/about/speaking/topics/", "Topics", "")
    for item in trail:
        assert f'<a href="{site.nav_url(item)}" aria-current="true">{escape(item.title)}</a>' in html
    assert html.count('aria-current="true"') == len(trail)
