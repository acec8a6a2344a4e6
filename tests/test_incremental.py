"""Incremental builds: outputs whose fingerprint did not change keep their files unrendered,
and a rebuild after any kind of edit gives exactly the bytes of a full build."""

from __future__ import annotations

import hashlib
import json
import shutil
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import pytest

import coachcontent
from coachcontent import BuildContext, Output, Post, Site, write_outputs

WHEN = datetime(2024, 1, 1, tzinfo=UTC)
MANIFEST = ".coachcontent-manifest.json"


def tiny_site() -> Site:
    return Site(title="Inc", base_url="https://inc.example", posts=[Post(slug="a", title="A", date=WHEN)])


class Counting:
    """A renderer that counts its calls."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.calls = 0

    def __call__(self, context: BuildContext) -> str:
        self.calls += 1
        return self.text


def write(out: Path, renderer: Counting, fingerprint: str | None, **kwargs: bool) -> coachcontent.WriteReport:
    context = BuildContext(tiny_site())
    output = Output(path="a.html", media_type="text/html", renderer=renderer, fingerprint=fingerprint)
    return write_outputs([output], out, context, **kwargs)


def test_an_unchanged_fingerprint_keeps_the_file_without_rendering(tmp_path: Path) -> None:
    out = tmp_path / "out"
    first = Counting("<p>one</p>")
    report = write(out, first, "f1")
    assert (first.calls, report.rendered, report.written) == (1, 1, ("a.html",))
    manifest = json.loads((out / MANIFEST).read_text())
    assert manifest["fingerprints"] == {"a.html": ["f1", len(b"<p>one</p>")]}

    again = Counting("<p>never used</p>")
    report = write(out, again, "f1")
    assert (again.calls, report.rendered, report.unchanged) == (0, 0, ("a.html",))
    assert (out / "a.html").read_text() == "<p>one</p>"
    # The manifest still knows the file, so the next build can keep it again.
    assert json.loads((out / MANIFEST).read_text()) == manifest


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        ("fingerprint", "<p>two</p>"),
        ("full", "<p>two</p>"),
        ("file removed", "<p>two</p>"),
        ("file resized", "<p>two</p>"),
        ("no fingerprint", "<p>two</p>"),
    ],
)
def test_anything_but_a_matching_fingerprint_renders(tmp_path: Path, change: str, expected: str) -> None:
    out = tmp_path / "out"
    write(out, Counting("<p>one</p>"), "f1")
    second = Counting("<p>two</p>")
    fingerprint: str | None = "f1"
    kwargs = {}
    if change == "fingerprint":
        fingerprint = "f2"
    elif change == "full":
        kwargs["incremental"] = False
    elif change == "file removed":
        (out / "a.html").unlink()
    elif change == "file resized":
        (out / "a.html").write_text("<p>edited by hand</p>")
    else:
        fingerprint = None
    report = write(out, second, fingerprint, **kwargs)
    assert (second.calls, report.rendered) == (1, 1)
    assert (out / "a.html").read_text() == expected


def test_fingerprints_cover_the_code_and_the_settings(tmp_path: Path) -> None:
    site = tiny_site()
    a, b = BuildContext(site), BuildContext(site)
    assert a.fingerprint("x") == b.fingerprint("x") != a.fingerprint("y")
    retitled = BuildContext(Site(title="Other", base_url=site.base_url, posts=site.posts))
    assert retitled.fingerprint("x") != a.fingerprint("x")
    # The build time is not a setting: the same site built later has the same fingerprints.
    later = Site(title="Inc", base_url=site.base_url, posts=site.posts, as_of=datetime(2030, 1, 1, tzinfo=UTC))
    assert BuildContext(later).fingerprint("x") == a.fingerprint("x")
    post = site.posts[0]
    assert a.entry_digest(post) != a.entry_digest(post, body=False)
    assert a.entry_digest(post) == b.entry_digest(post)


def test_folder_digest_follows_bytes_and_names(tmp_path: Path) -> None:
    folder = tmp_path / "templates"
    folder.mkdir()
    (folder / "post.html").write_text("a")
    first = coachcontent.folder_digest(folder)
    (folder / "post.html").write_text("b")
    second = coachcontent.folder_digest(folder)
    (folder / "post.html").rename(folder / "page.html")
    assert len({first, second, coachcontent.folder_digest(folder)}) == 3
    assert coachcontent.folder_digest(tmp_path / "missing") == coachcontent.folder_digest(tmp_path / "also-missing")
    # Hidden files count only when asked for (a template folder: any file can be included).
    before, before_all = coachcontent.folder_digest(folder), coachcontent.folder_digest(folder, hidden=True)
    (folder / ".partial.html").write_text("c")
    assert coachcontent.folder_digest(folder) == before
    assert coachcontent.folder_digest(folder, hidden=True) != before_all


# -- the demo with every installed plugin: rebuild after an edit == full build -----------


def _edit_body(site: Path) -> None:
    post = sorted((site / "content" / "posts").glob("*.md"))[4]
    post.write_text(post.read_text() + "\nA sentence added at the end of the body.\n")


def _edit_title(site: Path) -> None:
    post = sorted((site / "content" / "posts").glob("*.md"))[7]
    text = post.read_text()
    start = text.index("\ntitle:") + 1
    end = text.index("\n", start)
    post.write_text(text[:start] + 'title: "A retitled post"' + text[end:])


def _add_tag(site: Path) -> None:
    post = sorted((site / "content" / "posts").glob("*.md"))[10]
    text = post.read_text()
    start = text.index("\ntags:") + 1
    post.write_text(text[:start] + "tags: [incremental-tag]\n" + text[text.index("\n", start) + 1 :])


def _remove_post(site: Path) -> None:
    sorted((site / "content" / "posts").glob("*.md"))[12].unlink()


def _site_setting(site: Path) -> None:
    config = site / "site.toml"
    text = config.read_text()
    start = text.index("\ntitle") + 1
    config.write_text(text[:start] + 'title = "Renamed Partners"' + text[text.index("\n", start) :])


def _override_template(site: Path) -> None:
    (site / "templates").mkdir(exist_ok=True)
    (site / "templates" / "post.html").write_text(
        '{% extends "theme/post.html" %}{% block content %}{{ super() }}<p class="sig">Signed</p>{% endblock %}'
    )


EDITS: dict[str, Callable[[Path], None]] = {
    "body": _edit_body,
    "title": _edit_title,
    "tag": _add_tag,
    "removed post": _remove_post,
    "site setting": _site_setting,
    "template": _override_template,
}


def _build(source: Path, out: Path, *, incremental: bool = True) -> coachcontent.BuildReport:
    site = coachcontent.load_site(source, as_of=datetime(2030, 1, 1, tzinfo=UTC))
    return coachcontent.build_site(site, out, incremental=incremental)


def _files(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.mark.parametrize("edit", sorted(EDITS))
def test_a_rebuild_after_an_edit_is_a_full_build(tmp_path: Path, edit: str) -> None:
    source = tmp_path / "site"
    shutil.copytree(coachcontent.demo_path(), source)
    out = tmp_path / "out"
    cold = _build(source, out)
    assert cold.write.rendered == cold.outputs
    EDITS[edit](source)
    rebuild = _build(source, out)
    _build(source, tmp_path / "full", incremental=False)
    rebuilt, full = _files(out), _files(tmp_path / "full")
    assert sorted(rebuilt) == sorted(full)
    assert [name for name in full if rebuilt[name] != full[name]] == []
    if edit == "body":
        # Only what shows the body: the post's page, the feeds and search index holding it,
        # and posts whose related posts moved.  Nothing like the whole site.
        assert rebuild.write.rendered < cold.outputs // 4
        assert 0 < len(rebuild.write.written) < 30


def test_a_rebuild_without_edits_renders_only_unfingerprinted_outputs(tmp_path: Path) -> None:
    out = tmp_path / "out"
    cold = _build(coachcontent.demo_path(), out)
    again = _build(coachcontent.demo_path(), out)
    assert again.write.written == ()
    # The sitemap, redirects and static files have no fingerprint (they cost next to nothing).
    assert again.write.rendered < 15 < cold.write.rendered


# -- the spare: the build before the current one, updated into the next ------------------


def _write_version(out: Path, files: dict[str, str]) -> coachcontent.WriteReport:
    outputs = [Output(path=path, media_type="text/plain", content=text) for path, text in files.items()]
    return write_outputs(outputs, out, BuildContext(tiny_site()))


def _spare_matches_its_manifest(out: Path) -> None:
    spare = out.parent / f".{out.name}.spare"
    manifest = json.loads((spare / MANIFEST).read_text())["files"]
    found = _files(spare)
    del found[MANIFEST]
    assert {name: hashlib.sha256(data).hexdigest() for name, data in found.items()} == manifest


def test_each_build_updates_the_spare_into_the_new_site(tmp_path: Path) -> None:
    out = tmp_path / "public"
    versions = [
        {"a/index.html": "a1", "b/index.html": "b1", "c.txt": "c1", "deep/x/y/z.txt": "z1"},
        {"a/index.html": "a2", "b/index.html": "b1", "c.txt": "c1", "deep/x/y/z.txt": "z1"},
        # c.txt becomes a folder, a file goes, one comes, one changes back
        {"a/index.html": "a1", "b/index.html": "b1", "c.txt/index.html": "c2", "new/page.txt": "n"},
        {"a/index.html": "a1", "b/index.html": "b3", "c.txt": "c3", "deep/x/y/z.txt": "z2"},
        {"a/index.html": "a1"},
    ]
    for number, files in enumerate(versions):
        _write_version(out, files)
        expected = {name: text.encode() for name, text in files.items()}
        assert {k: v for k, v in _files(out).items() if k != MANIFEST} == expected
        # The same bytes as a build into a fresh folder, manifest included.
        fresh = tmp_path / f"fresh{number}"
        _write_version(fresh, files)
        assert _files(out) == _files(fresh)
        if number:
            # The previous site is the spare now, whole.
            _spare_matches_its_manifest(out)
    leftovers = sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".public."))
    assert leftovers == [".public.spare"]


def test_the_previous_sites_files_are_never_written_into(tmp_path: Path) -> None:
    # The spare holds hard links to the live site's files: a build must replace them, not write into them.
    out = tmp_path / "public"
    _write_version(out, {"a.txt": "one", "b.txt": "same"})
    _write_version(out, {"a.txt": "two", "b.txt": "same"})
    kept = out / "b.txt"
    inode = kept.stat().st_ino
    _write_version(out, {"a.txt": "three", "b.txt": "same"})
    assert (out / "b.txt").stat().st_ino == inode
    spare = tmp_path / ".public.spare"
    assert (spare / "a.txt").read_text() == "two"
    assert (out / "a.txt").read_text() == "three"


def test_a_spare_without_a_whole_manifest_is_not_used(tmp_path: Path) -> None:
    out = tmp_path / "public"
    _write_version(out, {"a.txt": "one"})
    _write_version(out, {"a.txt": "two"})
    spare = tmp_path / ".public.spare"
    (spare / MANIFEST).write_text("not json")
    (spare / "stray.txt").write_text("x")
    _write_version(out, {"a.txt": "three"})
    assert sorted(_files(out)) == [MANIFEST, "a.txt"]
    _spare_matches_its_manifest(out)


# -- found by review: links and strays in the spare, entries the listings do not show ----


def test_a_link_in_the_spare_is_never_written_through(tmp_path: Path) -> None:
    source = tmp_path / "site"
    shutil.copytree(coachcontent.demo_path(), source)
    out = tmp_path / "out"
    _build(source, out)
    _build(source, out)
    (out / "hello.txt").symlink_to("index.html")  # added to the live site: the next spare holds it
    (out / "media").symlink_to(tmp_path)  # a folder link too
    _build(source, out)
    home = (out / "index.html").read_bytes()
    (source / "static" / "hello.txt").write_text("a static file\n")
    (source / "static" / "media").mkdir()
    (source / "static" / "media" / "x.txt").write_text("x\n")
    _build(source, out)
    assert (out / "index.html").read_bytes() == home
    assert not (out / "hello.txt").is_symlink()
    assert (out / "hello.txt").read_text() == "a static file\n"
    assert not (tmp_path / "x.txt").exists()
    _build(source, tmp_path / "full", incremental=False)
    assert _files(out) == _files(tmp_path / "full")


def test_a_file_added_to_the_output_does_not_come_back(tmp_path: Path) -> None:
    out = tmp_path / "out"
    for _ in range(2):
        _build(coachcontent.demo_path(), out)
    (out / "index.html.gz").write_bytes(b"stale")
    for _ in range(3):
        _build(coachcontent.demo_path(), out)
        assert not (out / "index.html.gz").exists()


def test_a_spare_missing_files_is_not_trusted(tmp_path: Path) -> None:
    out = tmp_path / "out"
    for _ in range(2):
        _build(coachcontent.demo_path(), out)
    shutil.rmtree(tmp_path / ".out.spare" / "2019")  # as a delete killed half way would leave it
    report = _build(coachcontent.demo_path(), out)
    assert report.write.written == ()
    _build(coachcontent.demo_path(), tmp_path / "full", incremental=False)
    assert _files(out) == _files(tmp_path / "full")


def test_entries_that_are_not_listed_still_count(tmp_path: Path) -> None:
    # A draft parent page's title is in its children's breadcrumbs; a future post can be in a menu.
    source = tmp_path / "site"
    shutil.copytree(coachcontent.demo_path(), source)
    about = source / "content" / "pages" / "about" / "index.md"
    text = about.read_text()
    about.write_text(text.replace('title: "About Maren"', 'title: "About Maren"\ndraft: true', 1))
    config = source / "site.toml"
    config.write_text(
        config.read_text().replace('post = "northbridge-podcast-launch"', 'post = "a-letter-to-the-leaders-of-2031"')
    )
    out = tmp_path / "out"
    _build(source, out)
    about.write_text(about.read_text().replace('title: "About Maren"', 'title: "About our founder"'))
    letter = source / "content" / "posts" / "2031-01-15-a-letter-to-the-leaders-of-2031.md"
    letter.write_text(letter.read_text().replace("date: 2031-01-15 09:00:00", "date: 2031-03-20 09:00:00"))
    site = coachcontent.load_site(source)  # built now: the letter is a future post
    coachcontent.build_site(site, out)
    coachcontent.build_site(site, tmp_path / "full", incremental=False)
    assert _files(out) == _files(tmp_path / "full")
    assert b"About our founder" in (out / "about" / "testimonials" / "index.html").read_bytes()


class Verification:
    """A plugin object whose output depends on its state."""

    def __init__(self, token: str) -> None:
        self.token = token

    @coachcontent.hookimpl
    def coachcontent_head_metadata(self, site: Site, view: object) -> list[object]:
        return [coachcontent.MetaTag(attribute="name", key="verify", content=self.token)]


def test_a_plugin_objects_state_counts_and_a_moved_site_folder_does_not(tmp_path: Path) -> None:
    def build(source: Path, out: Path, token: str) -> coachcontent.BuildReport:
        selection = coachcontent.PluginSelection(extra=[Verification(token)])
        return coachcontent.build_site(coachcontent.load_site(source), out, selection=selection)

    a, b = tmp_path / "a" / "site", tmp_path / "b" / "elsewhere"
    shutil.copytree(coachcontent.demo_path(), a)
    shutil.copytree(coachcontent.demo_path(), b)
    build(a, tmp_path / "out-a", "one")
    build(b, tmp_path / "out-b", "one")
    # The same site in another folder: the same files, the same manifest.
    assert _files(tmp_path / "out-a") == _files(tmp_path / "out-b")
    again = build(a, tmp_path / "out-a", "two")
    assert again.write.rendered > 150
    assert b'content="two"' in (tmp_path / "out-a" / "index.html").read_bytes()
