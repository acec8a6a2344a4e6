"""The command line, end to end."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

import coachcontent

from .conftest import SiteFolder

Cli = Callable[..., tuple[int, str, str]]


def test_build_demo(cli: Cli, tmp_path: Path) -> None:
    out = tmp_path / "demo"
    code, stdout, err = cli("build", "--demo", "-o", str(out))
    assert code == 0, err
    assert stdout.startswith(f"built 'Northbridge Leadership Partners' into {out}:")
    manifest = json.loads((out / ".coachcontent-manifest.json").read_text())
    assert "images/logo.svg" in manifest["files"]
    code, stdout, _ = cli("--quiet", "build", "--demo", "-o", str(out))
    assert (code, stdout) == (0, "")


def test_check_demo(cli: Cli) -> None:
    code, stdout, err = cli("check", "--demo")
    assert code == 0, err
    assert "'Northbridge Leadership Partners': 39 posts, 28 pages" in stdout
    assert stdout.rstrip().endswith("no problems found")


def test_new_post_and_page(cli: Cli, folder: SiteFolder) -> None:
    code, stdout, _ = cli("new", "post", "Let’s Connect!", "--site", str(folder.root))
    assert code == 0
    created = Path(stdout.strip())
    assert created.parent == folder.root / "content" / "posts"
    assert created.name.endswith("-lets-connect.md")
    code, stdout, _ = cli("new", "page", 'Our "Team"', "--site", str(folder.root))
    assert code == 0
    code, stdout, _ = cli("new", "page", "Ada", "--site", str(folder.root), "--parent", "our-team")
    assert Path(stdout.strip()) == folder.root / "content/pages/our-team/ada.md"
    (folder.root / "content/pages/our-team.md").rename(folder.root / "content/pages/our-team/index.md")
    site = folder.load()
    assert site.page("our-team").title == 'Our "Team"'
    assert site.page("our-team/ada").title == "Ada"
    draft = site.posts_newest_first(drafts=True, future=True)[0]
    assert (draft.title, draft.draft) == ("Let’s Connect!", True)
    code, _, err = cli("new", "page", "Ada", "--site", str(folder.root), "--parent", "our-team")
    assert code == 1
    assert "already exists" in err


def test_new_outside_a_site_is_a_usage_error(cli: Cli, tmp_path: Path) -> None:
    code, _, err = cli("new", "post", "Hello", "--site", str(tmp_path))
    assert code == 2
    assert "has no site.toml" in err


def test_python_dash_m_and_the_console_script(tmp_path: Path) -> None:
    env = {**os.environ, "COACHCONTENT_PLUGINS": ""}
    result = subprocess.run(
        [sys.executable, "-m", "coachcontent", "check", "--demo"], capture_output=True, text=True, env=env
    )
    assert result.returncode == 0, result.stderr
    version = subprocess.run([sys.executable, "-m", "coachcontent", "--version"], capture_output=True, text=True)
    assert version.stdout.strip() == f"coachcontent {coachcontent.__version__}"


_RUN = """
import atexit, sys, threading
from coachcontent.cli import run
atexit.register(lambda: print("exit handler ran", flush=False))
if sys.argv[1] == "thread":
    # A thread still running at the end: the interpreter shuts down as usual and waits for it.
    threading.Thread(target=lambda: (threading.main_thread().join(), print("thread done"))).start()
sys.argv = ["coachcontent", *sys.argv[2:]]
run()
"""


@pytest.mark.parametrize("thread", ["thread", "alone"])
def test_the_command_exits_with_its_code_after_the_exit_handlers(tmp_path: Path, thread: str) -> None:
    # The console script ends the process without freeing the site; what it printed,
    # its exit code and the program's exit handlers are as with a normal exit.
    built = subprocess.run(
        [sys.executable, "-c", _RUN, thread, "build", "--demo", "-o", str(tmp_path / "out")],
        capture_output=True,
        text=True,
    )
    assert built.returncode == 0, built.stderr
    assert built.stdout.startswith("built ")
    assert built.stdout.rstrip().endswith("exit handler ran")
    assert ("thread done" in built.stdout) == (thread == "thread")
    failed = subprocess.run(
        [sys.executable, "-c", _RUN, thread, "build", str(tmp_path / "nowhere"), "-o", str(tmp_path / "no")],
        capture_output=True,
        text=True,
    )
    assert failed.returncode == 2
    assert "nowhere" in failed.stderr
    assert failed.stdout.rstrip().endswith("exit handler ran")


def test_internal_errors_are_one_line_unless_debug(cli: Cli, folder: SiteFolder, monkeypatch: object) -> None:
    import pytest

    assert isinstance(monkeypatch, pytest.MonkeyPatch)

    def boom(*args: object, **kwargs: object) -> None:
        raise RuntimeError("unexpected")

    monkeypatch.setattr("coachcontent.content.loader.load_site", boom)
    code, _, err = cli("check", str(folder.root))
    assert code == 3
    assert err.strip() == "internal error: RuntimeError: unexpected (rerun with --debug for the traceback)"
    with pytest.raises(RuntimeError):
        cli("--debug", "check", str(folder.root))


def test_importing_coachcontent_is_cheap() -> None:
    code = (
        "import sys, coachcontent; "
        "heavy = [m for m in ('pluggy', 'lxml', 'cmarkgfm', 'yaml', 'slugify') if m in sys.modules]; "
        "print(','.join(heavy))"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == ""
