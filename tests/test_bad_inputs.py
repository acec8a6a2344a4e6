"""The corpus of bad content folders: `coachcontent check` reports each problem exactly.

Every folder in ``tests/bad_inputs/`` is a small site (``site.toml`` plus
``content/``) with an ``expected.txt``: its first line is ``exit N``, the
rest are the exact lines ``coachcontent check`` writes to stderr
(``file:line: field: message`` and ``N problem(s) found``).  An optional
``args.txt`` holds the command's options (default ``--plugins ""``, so the
result does not depend on which plugins are installed).  Cases too large to
commit (``generate.txt`` says what they hold) get their big file written here
at run time.
"""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

import coachcontent
from coachcontent.cli import main

CASES = Path(__file__).parent / "bad_inputs"
FRONT = "---\ntitle: {title}\ndate: 2021-04-12\n---\n"


def _huge_post(site: Path) -> None:
    paragraph = "Coaching conversations go better when both sides agree what the session is for. " * 8 + "\n\n"
    target = 50 * 1024 * 1024
    with (site / "content/posts/2021-04-12-huge.md").open("w", encoding="utf-8") as handle:
        handle.write(FRONT.format(title="A very long post"))
        handle.write(paragraph * (target // len(paragraph) + 1))


def _million_character_line(site: Path) -> None:
    line = "listen " * (1_000_000 // 7 + 1)
    (site / "content/posts/2021-04-12-one-line.md").write_text(
        FRONT.format(title="One long line") + line[:1_000_000] + "\n", encoding="utf-8"
    )


def _million_character_title(site: Path) -> None:
    title = ("Listening " * 100_000).strip()
    (site / "content/posts/2021-04-12-long-title.md").write_text(
        FRONT.format(title=title) + "A short body.\n", encoding="utf-8"
    )


GENERATORS: dict[str, Callable[[Path], None]] = {
    "huge-post": _huge_post,
    "million-character-line": _million_character_line,
    "million-character-title": _million_character_title,
}


def case_names() -> list[str]:
    return sorted(path.name for path in CASES.iterdir() if (path / "expected.txt").is_file())


def prepare(name: str, tmp_path: Path) -> tuple[Path, list[str], int, list[str]]:
    """The case copied into ``tmp_path`` (big files generated), its options, exit code and stderr lines."""
    source = CASES / name
    site = tmp_path / name
    shutil.copytree(source, site, ignore=shutil.ignore_patterns("expected.txt", "args.txt", "generate.txt"))
    (site / "content/posts").mkdir(parents=True, exist_ok=True)
    if name in GENERATORS:
        GENERATORS[name](site)
    args_file = source / "args.txt"
    args = shlex.split(args_file.read_text(encoding="utf-8")) if args_file.is_file() else ["--plugins", ""]
    first, *lines = (source / "expected.txt").read_text(encoding="utf-8").splitlines()
    assert first.startswith("exit "), f"{name}/expected.txt must start with 'exit N'"
    return site, args, int(first.removeprefix("exit ")), lines


@pytest.fixture(autouse=True)
def _no_plugin_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("COACHCONTENT_PLUGINS", raising=False)
    monkeypatch.delenv("COACHCONTENT_DISABLE_PLUGINS", raising=False)


def test_the_corpus_is_complete() -> None:
    names = case_names()
    assert len(names) >= 40
    assert sorted(GENERATORS) == sorted(n for n in names if (CASES / n / "generate.txt").is_file())
    for name in names:
        assert (CASES / name / "site.toml").is_file(), f"{name} has no site.toml"


@pytest.mark.parametrize("name", case_names())
def test_check_reports_exactly(name: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    site, args, code, lines = prepare(name, tmp_path)
    actual = main(["check", str(site), *args])
    captured = capsys.readouterr()
    assert "Traceback" not in captured.err
    assert (actual, captured.err.splitlines()) == (code, lines)
    if code == 0:
        assert captured.out.endswith("no problems found\n")


@pytest.mark.parametrize("name", ["many-problems-across-files", "latin1-post", "javascript-urls-in-menus"])
def test_check_in_a_subprocess(name: str, tmp_path: Path) -> None:
    site, args, code, lines = prepare(name, tmp_path)
    env = {k: v for k, v in os.environ.items() if not k.startswith("COACHCONTENT_")}
    result = subprocess.run(
        [sys.executable, "-m", "coachcontent", "check", str(site), *args],
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=env,
        timeout=120,
        check=False,
    )
    assert (result.returncode, result.stderr.splitlines()) == (code, lines)


def test_one_run_reports_every_file(tmp_path: Path) -> None:
    """The many-problems case has a problem in every file and in site.toml; all are listed."""
    site, _args, _code, lines = prepare("many-problems-across-files", tmp_path)
    with pytest.raises(coachcontent.ContentErrors) as info:
        coachcontent.load_site(site, selection=coachcontent.PluginSelection(enabled=[]))
    files = {error.path for error in info.value.errors}
    expected = {"site.toml"} | {
        path.relative_to(site).as_posix()
        for path in (site / "content").rglob("*.md")
        if path.name not in ("06-slug-a.md", "08-alias-a.md")  # the first of a clashing pair is fine
    }
    assert files == expected
    assert lines[-1] == f"{len(info.value.errors)} problems found"


def test_bom_is_accepted_and_removed(tmp_path: Path) -> None:
    site, _args, _code, _lines = prepare("bom-in-post-accepted", tmp_path)
    loaded = coachcontent.load_site(site, selection=coachcontent.PluginSelection(enabled=[]))
    assert [post.title for post in loaded.posts] == ["Byte-order marks are fine"]


def test_big_content_stays_whole(tmp_path: Path) -> None:
    """A million-character line and title load completely (nothing cut, nothing lost)."""
    for name in ("million-character-line", "million-character-title"):
        site, _args, _code, _lines = prepare(name, tmp_path)
        loaded = coachcontent.load_site(site, selection=coachcontent.PluginSelection(enabled=[]))
        (post,) = loaded.posts
        if name == "million-character-line":
            assert post.body.count("listen") == ("listen " * 142_858)[:1_000_000].count("listen")
        else:
            assert len(post.title) == len(("Listening " * 100_000).strip())
            assert len(post.slug) <= 80


class Widgets:
    """A plugin with a site.toml section, so the check does not depend on which plugins are installed."""

    __name__ = "widgets"

    @coachcontent.hookimpl
    def coachcontent_config_sections(self) -> list[coachcontent.ConfigSection]:
        return [
            coachcontent.ConfigSection(
                name="widgets",
                description="Sidebar widgets.",
                keys=(
                    coachcontent.ConfigKey(name="count", type=int, default=3, description="How many."),
                    coachcontent.ConfigKey(
                        name="style", type=str, default="plain", description="Look.", choices=("plain", "boxed")
                    ),
                ),
            )
        ]


class BrokenSections:
    __name__ = "broken-sections"

    @coachcontent.hookimpl
    def coachcontent_config_sections(self) -> list[coachcontent.ConfigSection]:
        raise RuntimeError("settings module missing")


def _site_with_widgets(tmp_path: Path) -> Path:
    site, _args, _code, _lines = prepare("bom-in-site-toml-accepted", tmp_path)
    with (site / "site.toml").open("a", encoding="utf-8") as handle:
        handle.write('\n[widgets]\ncount = "three"\nstyle = "fancy"\n')
    return site


def test_a_plugin_section_with_wrong_types(tmp_path: Path) -> None:
    site = _site_with_widgets(tmp_path)
    with pytest.raises(coachcontent.ContentErrors) as info:
        coachcontent.load_site(site, selection=coachcontent.PluginSelection(enabled=[], extra=[Widgets()]))
    assert [str(error) for error in info.value.errors] == [
        "site.toml:11: widgets.count: expected an integer, got 'three'",
        "site.toml:12: widgets.style: expected one of 'plain', 'boxed', got 'fancy'",
    ]


def test_a_plugin_failing_to_declare_its_section_is_named(tmp_path: Path) -> None:
    site = _site_with_widgets(tmp_path)
    with pytest.raises(coachcontent.PluginError) as info:
        coachcontent.load_site(site, selection=coachcontent.PluginSelection(enabled=[], extra=[BrokenSections()]))
    assert str(info.value) == (
        "plugin 'extra.0.broken-sections' failed in coachcontent_config_sections: RuntimeError: settings module missing"
    )
