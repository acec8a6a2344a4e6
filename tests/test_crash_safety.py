"""Nothing lost: builds killed with SIGKILL at every stage leave the old site or the new one, whole.

Each killed build runs in a child process (a small driver script) that
installs a trap at one point of the build (inside a renderer, between file
writes, right before and inside the swap) and kills itself there with
SIGKILL, so no ``finally`` block or ``atexit`` handler gets to tidy up.
The output folder is then compared, file by file and hash by hash, with
the complete previous build and the complete new one.  The next build must
then succeed and leave no temporary folders behind.
"""

from __future__ import annotations

import hashlib
import importlib.util
import json
import os
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from types import ModuleType

import pytest

import coachcontent
from coachcontent.cli import main

pytestmark = pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="SIGKILL is POSIX only")

AS_OF = datetime(2030, 1, 1, tzinfo=UTC)

SITE_TOML = """
[site]
title = "Harbour Coaching"
url = "https://harbour.example"

[[authors]]
slug = "ines"
name = "Ines Vardy"
"""

# A plugin with one rendered output per post; its renderer can kill the process.
PLUGIN = """
import functools
import os
import signal
import time

from coachcontent import Output, hookimpl


def render_post(slug, context):
    if os.environ.get("CRASH_POINT") == "rendering" and slug == os.environ.get("CRASH_SLUG"):
        os.kill(os.getpid(), signal.SIGKILL)
    if os.environ.get("CRASH_POINT") == "slow":
        time.sleep(0.005)
    post = context.site.post(slug)
    return f"<!DOCTYPE html><title>{post.title}</title>{post.body}"


@hookimpl
def coachcontent_outputs(site):
    posts = site.posts_newest_first()
    for post in posts:
        yield Output(
            path=f"posts/{post.slug}/index.html",
            media_type="text/html",
            renderer=functools.partial(render_post, post.slug),
        )
    listing = "".join(f"<li>{post.title}</li>" for post in posts)
    yield Output(path="index.html", media_type="text/html", content=f"<ul>{listing}</ul>")
"""

# Runs one build; CRASH_POINT chooses where it kills itself.
DRIVER = """
import os
import shutil
import signal
import sys
import time
from datetime import datetime, timezone
from pathlib import Path

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import crashplug

import coachcontent
from coachcontent.build import writer

site_dir, out_dir = sys.argv[1], sys.argv[2]
point = os.environ.get("CRASH_POINT", "")


def die():
    os.kill(os.getpid(), signal.SIGKILL)


def after_calls(original, count):
    calls = [0]

    def wrapper(*args, **kwargs):
        calls[0] += 1
        if calls[0] == count:
            die()
        return original(*args, **kwargs)

    return wrapper


if point == "writing":
    writer._write_file = after_calls(writer._write_file, int(os.environ.get("CRASH_AFTER", "5")))
elif point == "manifest":
    original_write_text = Path.write_text

    def write_text(self, *args, **kwargs):
        if self.name == ".coachcontent-manifest.json":
            die()
        return original_write_text(self, *args, **kwargs)

    Path.write_text = write_text
elif point == "before-swap":
    writer.replace_folder = lambda new, target, **kwargs: die()
elif point == "after-exchange":
    original_exchange = writer._exchange

    def exchange(a, b):
        swapped = original_exchange(a, b)
        assert swapped, "the atomic exchange is not available here"
        die()

    writer._exchange = exchange
elif point.startswith("fallback"):
    writer._exchange = lambda a, b: False  # as on systems without renameat2
    if point == "fallback-between-renames":
        original_rename = Path.rename

        def rename(self, target):
            result = original_rename(self, target)
            if ".old-" in Path(target).name:
                die()
            return result

        Path.rename = rename
    elif point == "fallback-removing-old":
        # After the swap the previous site is moved aside to be the next build's spare.
        original_rename = Path.rename

        def rename(self, target):
            if ".old-" in self.name and Path(target).name.endswith(".spare"):
                die()
            return original_rename(self, target)

        Path.rename = rename

elif point == "slow":  # killed from outside: renderers and writes take a little while
    original_write_file = writer._write_file

    def write_file(path, data):
        time.sleep(0.003)
        return original_write_file(path, data)

    writer._write_file = write_file

selection = coachcontent.PluginSelection(enabled=[], extra=[crashplug])
as_of = datetime(2030, 1, 1, tzinfo=timezone.utc)
site = coachcontent.load_site(site_dir, selection=selection, as_of=as_of)
if os.environ.get("CRASH_STARTED"):
    Path(os.environ["CRASH_STARTED"]).touch()
coachcontent.build_site(site, out_dir, selection=selection)
"""


def snapshot(folder: Path) -> dict[str, str]:
    """Every file under ``folder`` with the SHA-256 of its bytes."""
    return {
        path.relative_to(folder).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


def leftovers(out: Path) -> list[str]:
    """Temporary folders of builds into ``out`` that are still beside it (not the spare:
    the previous build, kept on purpose for the next one to update)."""
    spare = f".{out.name}.spare"
    return sorted(p.name for p in out.parent.iterdir() if p.name.startswith(f".{out.name}.") and p.name != spare)


def assert_spare_is_whole(out: Path) -> None:
    """The spare, when there is one, holds exactly the files its manifest lists, byte for byte."""
    spare = out.parent / f".{out.name}.spare"
    if spare.exists():
        manifest = json.loads((spare / ".coachcontent-manifest.json").read_text())
        files = snapshot(spare)
        del files[".coachcontent-manifest.json"]
        assert files == manifest["files"]


def write_posts(site: Path, version: int, count: int = 40) -> None:
    posts = site / "content" / "posts"
    if posts.exists():
        shutil.rmtree(posts)
    posts.mkdir(parents=True)
    for number in range(count + version):  # the new version has one post more
        text = f"Session notes {number}, version {version}. " * 20
        (posts / f"2021-{number % 12 + 1:02d}-{number % 27 + 1:02d}-note-{number}.md").write_text(
            f"---\ntitle: Note {number}\n---\n{text}\n", encoding="utf-8"
        )


class Lab:
    """A site folder, its two versions built once each, and a way to kill builds of the second."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.site = root / "site"
        self.site.mkdir()
        (self.site / "site.toml").write_text(SITE_TOML, encoding="utf-8")
        (self.site / "static").mkdir()
        (self.site / "static" / "style.css").write_text("body { margin: 0 }\n", encoding="utf-8")
        (root / "crashplug.py").write_text(PLUGIN, encoding="utf-8")
        (root / "driver.py").write_text(DRIVER, encoding="utf-8")
        spec = importlib.util.spec_from_file_location("crashplug", root / "crashplug.py")
        assert spec is not None and spec.loader is not None
        self.plugin: ModuleType = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(self.plugin)
        write_posts(self.site, 1)
        self.build(root / "old-build")
        self.old = snapshot(root / "old-build")
        write_posts(self.site, 2)
        self.build(root / "new-build")
        self.new = snapshot(root / "new-build")
        assert self.old != self.new

    @property
    def selection(self) -> coachcontent.PluginSelection:
        return coachcontent.PluginSelection(enabled=[], extra=[self.plugin])

    def build(self, out: Path) -> None:
        site = coachcontent.load_site(self.site, selection=self.selection, as_of=AS_OF)
        coachcontent.build_site(site, out, selection=self.selection)

    def previous_build(self, name: str) -> Path:
        """An output folder holding the old build, as a real earlier build left it."""
        out = self.root / name / "public"
        out.parent.mkdir()
        write_posts(self.site, 1)
        self.build(out)
        write_posts(self.site, 2)
        assert snapshot(out) == self.old
        return out

    def killed_build(self, out: Path, point: str, **env: str) -> None:
        environment = {k: v for k, v in os.environ.items() if not k.startswith("COACHCONTENT_")}
        environment.update(CRASH_POINT=point, **env)
        result = subprocess.run(
            [sys.executable, str(self.root / "driver.py"), str(self.site), str(out)],
            env=environment,
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
        assert result.returncode == -signal.SIGKILL, result.stderr


@pytest.fixture(scope="module")
def lab(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Lab]:
    yield Lab(tmp_path_factory.mktemp("crash"))


def assert_recovers(lab: Lab, out: Path) -> None:
    """The next ordinary build succeeds, gives the new site and removes every temporary folder."""
    lab.build(out)
    assert snapshot(out) == lab.new
    assert leftovers(out) == []
    assert_spare_is_whole(out)


@pytest.mark.parametrize(
    ("point", "env", "survivor"),
    [
        ("rendering", {"CRASH_SLUG": "note-17"}, "old"),
        ("writing", {"CRASH_AFTER": "1"}, "old"),
        ("writing", {"CRASH_AFTER": "20"}, "old"),
        ("manifest", {}, "old"),
        ("before-swap", {}, "old"),
        ("after-exchange", {}, "new"),
        ("fallback-removing-old", {}, "new"),
    ],
    ids=["rendering", "first-write", "mid-write", "manifest", "before-swap", "after-exchange", "fallback-cleanup"],
)
def test_a_killed_build_leaves_a_whole_site(lab: Lab, point: str, env: dict[str, str], survivor: str) -> None:
    out = lab.previous_build(f"{point}-{'-'.join(env.values())}")
    lab.killed_build(out, point, **env)
    assert snapshot(out) == (lab.old if survivor == "old" else lab.new)
    assert_recovers(lab, out)


def test_killed_between_the_two_renames_of_the_fallback_swap(lab: Lab, tmp_path: Path) -> None:
    """Without an atomic exchange a kill can fall between "old aside" and "new in".

    The previous build then waits beside the output folder, whole, and the
    next build puts it back before anything else: even a next build that
    fails leaves the previous site in place.
    """
    out = lab.previous_build("between-renames")
    lab.killed_build(out, "fallback-between-renames")
    assert not out.exists()
    (backup,) = [out.parent / name for name in leftovers(out) if ".old-" in name]
    assert snapshot(backup) == lab.old
    selection = coachcontent.PluginSelection(enabled=[], extra=[lab.plugin, FailingRenderer()])
    site = coachcontent.load_site(lab.site, selection=selection, as_of=AS_OF)
    with pytest.raises(coachcontent.BuildError):
        coachcontent.build_site(site, out, selection=selection)
    assert snapshot(out) == lab.old
    assert leftovers(out) == []
    assert_recovers(lab, out)


def test_a_killed_first_build_leaves_no_output_folder(lab: Lab) -> None:
    out = lab.root / "first" / "public"
    out.parent.mkdir()
    lab.killed_build(out, "writing", CRASH_AFTER="10")
    assert not out.exists()
    assert len(leftovers(out)) == 1
    assert_recovers(lab, out)


def test_kills_from_outside_at_any_moment(lab: Lab) -> None:
    """SIGKILL sent by another process at moments spread over a whole build.

    The child slows its renderers and writes down a little (a few
    milliseconds each) so that the kills land in every phase.
    """
    environment = {k: v for k, v in os.environ.items() if not k.startswith("COACHCONTENT_")}
    outcomes = []
    for attempt, delay in enumerate([0.0, 0.05, 0.1, 0.15, 0.2, 0.25, 0.3, 0.4, 0.6, 2.0]):
        out = lab.previous_build(f"outside-{attempt}")
        started = lab.root / f"outside-{attempt}" / "started"
        child = subprocess.Popen(
            [sys.executable, str(lab.root / "driver.py"), str(lab.site), str(out)],
            env={**environment, "CRASH_POINT": "slow", "CRASH_STARTED": str(started)},
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 60
        while not started.exists() and child.poll() is None and time.monotonic() < deadline:
            time.sleep(0.005)
        time.sleep(delay)
        child.send_signal(signal.SIGKILL)
        child.wait(timeout=60)
        state = snapshot(out)
        assert state in (lab.old, lab.new)
        outcomes.append("old" if state == lab.old else "new")
        assert_recovers(lab, out)
    assert outcomes[0] == "old"  # killed as the build began


def test_stale_folders_of_a_running_build_are_kept(lab: Lab, tmp_path: Path) -> None:
    """Only temporary folders whose process has ended are removed: a parallel build keeps its own."""
    out = tmp_path / "public"
    sleeper = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    try:
        alive = tmp_path / f".public.new-{sleeper.pid}-abc"
        alive.mkdir()
        dead_pid = subprocess.run(
            [sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True, check=True
        ).stdout.strip()
        dead = tmp_path / f".public.new-{dead_pid}-xyz"
        dead.mkdir()
        (dead / "index.html").write_text("half", encoding="utf-8")
        other = tmp_path / f".elsewhere.new-{dead_pid}-xyz"
        other.mkdir()
        lab.build(out)
        assert alive.is_dir() and other.is_dir() and not dead.exists()
    finally:
        sleeper.kill()
        sleeper.wait()


# -- failing plugins: named in the error, old output untouched ---------------------------------------


class Exploding:
    """A plugin whose coachcontent_outputs fails half-way through its generator."""

    __name__ = "exploding"

    @coachcontent.hookimpl
    def coachcontent_outputs(self, site: coachcontent.Site) -> Iterator[coachcontent.Output]:
        yield coachcontent.Output(path="fine.txt", content="fine")
        raise RuntimeError("the theme folder is missing")


class FailingRenderer:
    __name__ = "failing-renderer"

    @coachcontent.hookimpl
    def coachcontent_outputs(self, site: coachcontent.Site) -> Iterator[coachcontent.Output]:
        yield coachcontent.Output(path="broken.html", renderer=_broken_renderer)


def _broken_renderer(context: coachcontent.BuildContext) -> str:
    raise KeyError("missing-template.html")


@pytest.mark.parametrize(
    ("plugin", "message"),
    [
        (
            Exploding(),
            "plugin 'extra.1.exploding' failed in coachcontent_outputs: RuntimeError: the theme folder is missing",
        ),
        (
            FailingRenderer(),
            "rendering 'broken.html' (plugin 'extra.1.failing-renderer') failed: KeyError: 'missing-template.html'",
        ),
    ],
    ids=["in-the-hook", "in-a-renderer"],
)
def test_a_failing_plugin_is_named_and_the_old_site_kept(
    lab: Lab, plugin: object, message: str, tmp_path: Path
) -> None:
    out = tmp_path / "public"
    lab.build(out)
    before = snapshot(out)
    selection = coachcontent.PluginSelection(enabled=[], extra=[lab.plugin, plugin])
    site = coachcontent.load_site(lab.site, selection=selection, as_of=AS_OF)
    with pytest.raises(coachcontent.BuildError) as info:
        coachcontent.build_site(site, out, selection=selection)
    assert str(info.value) == message
    assert snapshot(out) == before
    assert leftovers(out) == []


def test_a_failing_plugin_through_the_cli(
    lab: Lab, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """`coachcontent build` prints the plugin and the hook, exits 1, and leaves the last site as it was."""
    from coachcontent import plugins

    out = tmp_path / "public"
    lab.build(out)
    before = snapshot(out)
    real = plugins.make_plugin_manager

    def with_exploding(selection: coachcontent.PluginSelection | None = None) -> object:
        selection = selection or coachcontent.PluginSelection()
        return real(coachcontent.PluginSelection(enabled=[], extra=[*selection.extra, Exploding()]))

    monkeypatch.setattr(plugins, "make_plugin_manager", with_exploding)
    monkeypatch.setattr("coachcontent.build.context.make_plugin_manager", with_exploding)
    code = main(["build", str(lab.site), "-o", str(out), "--plugins", ""])
    err = capsys.readouterr().err
    assert (code, err) == (
        1,
        "error: plugin 'extra.0.exploding' failed in coachcontent_outputs: RuntimeError: the theme folder is missing\n",
    )
    assert snapshot(out) == before


# -- the WordPress importer: `import wordpress --force` killed half-way ----------------------------------

IMPORT_DRIVER = """
import os
import signal
import sys
from pathlib import Path

from coachcontent.cli import main
from coachcontent.importers import folder

point = os.environ["CRASH_POINT"]


def die():
    os.kill(os.getpid(), signal.SIGKILL)


if point == "writing":
    original_write = folder.StagingFolder.write
    calls = [0]

    def write(self, relative, text):
        calls[0] += 1
        if calls[0] == 3:
            die()
        return original_write(self, relative, text)

    folder.StagingFolder.write = write
elif point == "before-commit":
    folder.StagingFolder.commit = lambda self: die()
elif point == "inside-commit":
    # Killed right after the first step of the swap, whichever way the commit swaps:
    # a rename (old folder aside) or the build writer's atomic exchange.
    from coachcontent.build import writer

    original_commit = folder.StagingFolder.commit
    original_rename = Path.rename
    original_exchange = writer._exchange
    committing = [False]

    def commit(self):
        committing[0] = True
        return original_commit(self)

    def rename(self, target):
        result = original_rename(self, target)
        if committing[0]:
            die()
        return result

    def exchange(a, b):
        result = original_exchange(a, b)
        if committing[0]:
            die()
        return result

    folder.StagingFolder.commit = commit
    Path.rename = rename
    writer._exchange = exchange

sys.exit(main(sys.argv[1:]))
"""


def _wxr(titles: list[str]) -> str:
    items = "".join(
        f"""
    <item>
      <title><![CDATA[{title}]]></title>
      <link>https://coach.example/?p={number}</link>
      <dc:creator><![CDATA[ines]]></dc:creator>
      <guid isPermaLink="false">https://coach.example/?p={number}</guid>
      <content:encoded><![CDATA[<p>{title}: notes from the session.</p>]]></content:encoded>
      <excerpt:encoded><![CDATA[]]></excerpt:encoded>
      <wp:post_id>{number}</wp:post_id>
      <wp:post_date><![CDATA[2024-03-0{number} 09:30:00]]></wp:post_date>
      <wp:post_date_gmt><![CDATA[2024-03-0{number} 09:30:00]]></wp:post_date_gmt>
      <wp:post_name><![CDATA[post-{number}]]></wp:post_name>
      <wp:status>publish</wp:status>
      <wp:post_parent>0</wp:post_parent>
      <wp:menu_order>0</wp:menu_order>
      <wp:post_type>post</wp:post_type>
    </item>"""
        for number, title in enumerate(titles, start=1)
    )
    return f"""<?xml version="1.0" encoding="UTF-8" ?>
<rss version="2.0" xmlns:excerpt="http://wordpress.org/export/1.2/excerpt/"
  xmlns:content="http://purl.org/rss/1.0/modules/content/"
  xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:wp="http://wordpress.org/export/1.2/">
<channel>
  <title>Harbour Coaching</title>
  <link>https://coach.example</link>
  <description>Notes</description>
  <wp:wxr_version>1.2</wp:wxr_version>
  <wp:base_site_url>https://coach.example</wp:base_site_url>
  <wp:base_blog_url>https://coach.example</wp:base_blog_url>
  <wp:author><wp:author_login><![CDATA[ines]]></wp:author_login>
    <wp:author_display_name><![CDATA[Ines Vardy]]></wp:author_display_name></wp:author>
  {items}
</channel>
</rss>
"""


@pytest.fixture(scope="module")
def imports(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, Path, dict[str, str], dict[str, str]]:
    """Two exports, a driver, and the folders each import gives."""
    root = tmp_path_factory.mktemp("imports")
    old_export, new_export = root / "old.xml", root / "new.xml"
    old_export.write_text(_wxr(["Listening", "Asking", "Waiting"]), encoding="utf-8")
    new_export.write_text(_wxr(["Listening again", "Asking better", "Waiting less", "Deciding"]), encoding="utf-8")
    (root / "import_driver.py").write_text(IMPORT_DRIVER, encoding="utf-8")
    hashes = []
    for export in (old_export, new_export):
        target = root / f"reference-{export.stem}"
        assert main(["import", "wordpress", str(export), "-o", str(target)]) == 0
        hashes.append(snapshot(target))
    assert hashes[0] != hashes[1]
    return root, old_export, new_export, hashes[0], hashes[1]


@pytest.mark.parametrize(
    "point",
    [
        "writing",
        "before-commit",
        "inside-commit",
    ],
)
def test_a_killed_import_keeps_the_old_folder(
    imports: tuple[Path, Path, Path, dict[str, str], dict[str, str]],
    point: str,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    root, old_export, new_export, old, new = imports
    target = tmp_path / "site"
    assert main(["import", "wordpress", str(old_export), "-o", str(target)]) == 0
    capsys.readouterr()
    environment = {k: v for k, v in os.environ.items() if not k.startswith("COACHCONTENT_")}
    environment["CRASH_POINT"] = point
    result = subprocess.run(
        [
            sys.executable,
            str(root / "import_driver.py"),
            "import",
            "wordpress",
            str(new_export),
            "-o",
            str(target),
            "--force",
        ],
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == -signal.SIGKILL, result.stderr
    assert snapshot(target) in (old, new)
    assert main(["import", "wordpress", str(new_export), "-o", str(target), "--force"]) == 0
    assert snapshot(target) == new
