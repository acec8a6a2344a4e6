"""The build: outputs are checked, written atomically, unchanged files kept, output deterministic."""

from __future__ import annotations

import functools
import hashlib
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime
from pathlib import Path

import pytest

import coachcontent
from coachcontent import BuildContext, BuildError, Output, PluginSelection, Post, Site, build_site, hookimpl

WHEN = datetime(2024, 1, 1, tzinfo=UTC)


def small_site(**kwargs: object) -> Site:
    posts = [Post(slug=f"p{i}", title=f"Post {i}", date=WHEN, body=f"<p>{i}</p>") for i in range(3)]
    return Site(title="Build", base_url="https://build.example", posts=posts, **kwargs)  # type: ignore[arg-type]


def render_post(context: BuildContext, slug: str) -> str:
    post = context.site.post(slug)
    return f"<h1>{post.title}</h1>{post.body}"


class PagesPlugin:
    """Writes one file per post through picklable renderers."""

    @hookimpl
    def coachcontent_outputs(self, site: Site) -> Iterator[Output]:
        for post in site.posts_newest_first():
            yield Output(
                path=coachcontent.output_path(site.url_for(post)),
                media_type="text/html",
                renderer=functools.partial(render_post, slug=post.slug),
            )
        yield Output(path="index.html", media_type="text/html", content="<p>home</p>")


def selection(*plugins: object) -> PluginSelection:
    return PluginSelection(enabled=[], extra=plugins)


def snapshot(root: Path) -> dict[str, str]:
    return {
        p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


def test_build_writes_outputs_and_a_manifest(tmp_path: Path) -> None:
    report = build_site(small_site(), tmp_path / "out", selection=selection(PagesPlugin()))
    out = tmp_path / "out"
    assert (out / "2024/01/p1/index.html").read_text() == "<h1>Post 1</h1><p>1</p>"
    assert (out / "index.html").read_text() == "<p>home</p>"
    assert sorted(snapshot(out)) == [
        ".coachcontent-manifest.json",
        "2024/01/p0/index.html",
        "2024/01/p1/index.html",
        "2024/01/p2/index.html",
        "index.html",
    ]
    assert report.outputs == 4
    assert len(report.write.written) == 4


def test_second_build_rewrites_nothing_unchanged(tmp_path: Path) -> None:
    out = tmp_path / "out"
    build_site(small_site(), out, selection=selection(PagesPlugin()))
    stat_before = (out / "index.html").stat()
    changed_site = small_site()
    changed_site = Site(
        title="Build",
        base_url="https://build.example",
        posts=[*changed_site.posts[:2], Post(slug="p2", title="Changed", date=WHEN, body="<p>2</p>")],
    )
    report = build_site(changed_site, out, selection=selection(PagesPlugin()))
    assert report.write.written == ("2024/01/p2/index.html",)
    assert len(report.write.unchanged) == 3
    stat_after = (out / "index.html").stat()
    assert (stat_after.st_ino, stat_after.st_mtime_ns) == (stat_before.st_ino, stat_before.st_mtime_ns)


def test_same_input_gives_byte_identical_output(tmp_path: Path) -> None:
    build_site(small_site(), tmp_path / "a", selection=selection(PagesPlugin()))
    build_site(small_site(), tmp_path / "b", selection=selection(PagesPlugin()))
    assert snapshot(tmp_path / "a") == snapshot(tmp_path / "b")


def test_rendering_on_an_executor_gives_the_same_bytes(tmp_path: Path) -> None:
    build_site(small_site(), tmp_path / "serial", selection=selection(PagesPlugin()))
    with ThreadPoolExecutor(2) as pool:
        build_site(small_site(), tmp_path / "pool", selection=selection(PagesPlugin()), executor=pool)
    assert snapshot(tmp_path / "serial") == snapshot(tmp_path / "pool")


class Claim:
    def __init__(self, *paths: str) -> None:
        self.paths = paths

    @hookimpl
    def coachcontent_outputs(self) -> list[Output]:
        return [Output(path=path, content=b"x") for path in self.paths]


@pytest.mark.parametrize(
    ("path", "reason"),
    [
        ("../escape.html", "contains an empty, '.' or '..' segment"),
        ("a/../../escape.html", "contains an empty, '.' or '..' segment"),
        ("/etc/passwd", "absolute path"),
        ("a\\..\\b", 'contains a control character, a backslash or one of : * ? " < > |'),
        ("a//b", "contains an empty, '.' or '..' segment"),
        ("C:/x", 'contains a control character, a backslash or one of : * ? " < > |'),
        (".coachcontent-manifest.json", "is the build's own manifest"),
        ("", "empty path"),
    ],
)
def test_paths_that_leave_the_folder_are_refused(tmp_path: Path, path: str, reason: str) -> None:
    with pytest.raises(BuildError) as info:
        build_site(small_site(), tmp_path / "out", selection=selection(Claim(path)))
    assert f"{path!r} from plugin 'extra.0.Claim': {reason}" in str(info.value)
    assert not (tmp_path / "out").exists()
    assert not (tmp_path / "escape.html").exists()


def test_a_path_claimed_by_two_plugins_names_both(tmp_path: Path) -> None:
    with pytest.raises(BuildError) as info:
        build_site(small_site(), tmp_path / "out", selection=selection(Claim("robots.txt"), Claim("robots.txt")))
    assert "'robots.txt' is claimed by two plugins: 'extra.1.Claim' and 'extra.0.Claim'" in str(info.value)


def test_a_file_where_a_folder_is_needed(tmp_path: Path) -> None:
    with pytest.raises(
        BuildError, match=r"'a' from plugin 'extra\.0\.Claim' is a file, but 'a/b\.html' needs it to be a folder"
    ):
        build_site(small_site(), tmp_path / "out", selection=selection(Claim("a", "a/b.html")))


def explode(context: BuildContext) -> str:
    raise RuntimeError("template is broken")


class Failing:
    @hookimpl
    def coachcontent_outputs(self) -> list[Output]:
        return [Output(path="zz/broken.html", renderer=explode)]


def test_failing_renderer_leaves_previous_output_byte_for_byte(tmp_path: Path) -> None:
    out = tmp_path / "out"
    build_site(small_site(), out, selection=selection(PagesPlugin()))
    before = snapshot(out)
    with pytest.raises(BuildError) as info:
        build_site(small_site(), out, selection=selection(PagesPlugin(), Failing()))
    assert str(info.value) == (
        "rendering 'zz/broken.html' (plugin 'extra.1.Failing') failed: RuntimeError: template is broken"
    )
    assert snapshot(out) == before
    assert [p.name for p in tmp_path.iterdir()] == ["out"]


def test_foreign_folder_is_not_replaced_without_force(tmp_path: Path) -> None:
    out = tmp_path / "precious"
    out.mkdir()
    (out / "thesis.txt").write_text("years of work")
    with pytest.raises(BuildError, match="is not empty and was not made by coachcontent"):
        build_site(small_site(), out, selection=selection(PagesPlugin()))
    assert (out / "thesis.txt").read_text() == "years of work"
    build_site(small_site(), out, selection=selection(PagesPlugin()), force=True)
    assert not (out / "thesis.txt").exists()


def test_output_cannot_replace_the_site_folder(tmp_path: Path) -> None:
    site = small_site(source_dir=str(tmp_path / "site"))
    (tmp_path / "site").mkdir()
    with pytest.raises(BuildError, match="would replace the site folder"):
        build_site(site, tmp_path, selection=selection(PagesPlugin()), force=True)
    with pytest.raises(BuildError, match="would replace the site folder"):
        build_site(site, tmp_path / "site", selection=selection(PagesPlugin()), force=True)


def test_renderer_must_return_bytes_or_text(tmp_path: Path) -> None:
    class Wrong:
        @hookimpl
        def coachcontent_outputs(self) -> list[Output]:
            return [Output(path="x.json", renderer=lambda context: {"not": "bytes"})]  # type: ignore[arg-type, return-value]

    with pytest.raises(BuildError, match="renderer returned dict, expected bytes or str"):
        build_site(small_site(), tmp_path / "out", selection=selection(Wrong()))


def test_output_needs_exactly_one_of_content_and_renderer() -> None:
    with pytest.raises(ValueError, match="exactly one of content or renderer"):
        Output(path="x")


def test_builtin_redirects_and_static_files(tmp_path: Path, folder: object) -> None:
    from .conftest import SiteFolder

    assert isinstance(folder, SiteFolder)
    folder.post("moved.md", 'title: Moved\ndate: 2020-01-01\naliases: ["/old/path/", "/?p=12", "/2020/01/moved/"]')
    folder.write("static/img/logo.svg", "<svg xmlns='http://www.w3.org/2000/svg'/>")
    folder.write("static/.hidden", "secret")
    site = folder.load()
    report = build_site(site, tmp_path / "out", selection=PluginSelection(enabled=[]))
    out = tmp_path / "out"
    assert sorted(snapshot(out)) == [".coachcontent-manifest.json", "img/logo.svg", "old/path/index.html"]
    redirect = (out / "old/path/index.html").read_text()
    assert '<link rel="canonical" href="https://practice.example/2020/01/moved/">' in redirect
    assert '<meta http-equiv="refresh" content="0; url=https://practice.example/2020/01/moved/">' in redirect
    assert dict(report.by_plugin) == {"core.redirects": 1, "core.static": 1}


class Started:
    """Notes when a build began and what the outputs saw of it."""

    def __init__(self, fail: bool = False) -> None:
        self.fail = fail
        self.calls: list[str] = []

    @hookimpl
    def coachcontent_build_started(self, build: BuildContext, site: Site) -> None:
        if self.fail:
            raise RuntimeError("no warm-up today")
        self.calls.append(f"started {site.title}")
        build.cache["started:warm"] = len(site.posts)

    @hookimpl
    def coachcontent_outputs(self, build: BuildContext) -> list[Output]:
        self.calls.append("outputs")
        return [Output(path="warm.txt", content=f"{build.cache['started:warm']} posts")]


def test_build_started_comes_once_before_the_outputs(tmp_path: Path) -> None:
    plugin = Started()
    build_site(small_site(), tmp_path / "out", selection=selection(PagesPlugin(), plugin))
    assert plugin.calls == ["started Build", "outputs"]
    assert (tmp_path / "out" / "warm.txt").read_text() == "3 posts"
    build_site(small_site(), tmp_path / "out", selection=selection(PagesPlugin(), plugin), jobs=2)
    assert plugin.calls == ["started Build", "outputs"] * 2  # in the building process only


def test_a_plugin_failing_as_the_build_starts_is_named_and_the_old_site_kept(tmp_path: Path) -> None:
    out = tmp_path / "out"
    build_site(small_site(), out, selection=selection(PagesPlugin()))
    before = snapshot(out)
    with pytest.raises(BuildError) as info:
        build_site(small_site(), out, selection=selection(PagesPlugin(), Started(fail=True)))
    assert str(info.value) == (
        "plugin 'extra.1.Started' failed in coachcontent_build_started: RuntimeError: no warm-up today"
    )
    assert snapshot(out) == before
    assert [p.name for p in tmp_path.iterdir()] == ["out"]
