"""Compiled templates kept between builds in the user's cache folder."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

import coachcontent


def all_files(out: Path) -> dict[str, bytes]:
    return {p.relative_to(out).as_posix(): p.read_bytes() for p in sorted(out.rglob("*")) if p.is_file()}


@pytest.fixture
def user_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The folder compiled templates go to (``$XDG_CACHE_HOME/coachcontent/templates``)."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "user-cache"))
    monkeypatch.delenv("COACHCONTENT_NO_TEMPLATE_CACHE", raising=False)
    return tmp_path / "user-cache" / "coachcontent" / "templates"


def test_compiled_templates_are_kept_and_give_the_same_bytes(site, build, user_cache, monkeypatch) -> None:
    first = all_files(build(site))
    kept = sorted(user_cache.iterdir())
    assert len(kept) >= 15  # the theme's pages, partials and widgets
    assert oct(user_cache.stat().st_mode & 0o777) == oct(0o700)
    written = {path.name: path.stat().st_mtime_ns for path in kept}
    # The next build reads them (nothing compiled, nothing written) and writes the same bytes.
    assert all_files(build(site)) == first
    assert {path.name: path.stat().st_mtime_ns for path in user_cache.iterdir()} == written
    # Unreadable ones are compiled again, and replaced.
    for number, path in enumerate(kept):
        path.write_bytes(b"not a compiled template" if number % 2 else path.read_bytes()[:40])
    assert all_files(build(site)) == first
    # Turned off: the same bytes again.
    monkeypatch.setenv("COACHCONTENT_NO_TEMPLATE_CACHE", "1")
    assert all_files(build(site)) == first


def test_a_site_s_own_templates_are_compiled_each_time(site_factory, build, user_cache, tmp_path) -> None:
    # Only the theme's files are kept: a site's templates (in temporary folders too)
    # would make the cache grow without end.
    folder = tmp_path / "mysite"
    (folder / "templates").mkdir(parents=True)
    (folder / "templates" / "404.html").write_text("<p>Our own lost-page marker-7f3a</p>\n", encoding="utf-8")
    out = build(site_factory(source_dir=str(folder)))
    assert "marker-7f3a" in (out / "404.html").read_text(encoding="utf-8")
    assert user_cache.is_dir()
    assert not any(b"marker-7f3a" in path.read_bytes() for path in user_cache.iterdir())


@pytest.mark.skipif(not hasattr(os, "getuid"), reason="folder permissions are POSIX modes")
def test_a_cache_folder_others_can_write_is_not_used(site, build, user_cache) -> None:
    # Compiled templates are code: a folder someone else could have written is not read.
    user_cache.mkdir(parents=True)
    user_cache.chmod(0o777)
    planted = user_cache / "planted.cache"
    planted.write_bytes(b"anything")
    first = all_files(build(site))
    assert sorted(path.name for path in user_cache.iterdir()) == ["planted.cache"]
    assert all_files(build(site)) == first


def test_a_cache_folder_that_cannot_be_made_fails_nothing(site, build, user_cache) -> None:
    user_cache.parent.mkdir(parents=True)
    user_cache.write_text("a file where the folder goes", encoding="utf-8")
    out = build(site)
    assert (out / "index.html").is_file()
    assert coachcontent.output_path("/") == "index.html"
