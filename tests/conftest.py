"""Shared fixtures: tiny site folders written on the fly, and the CLI run in-process."""

from __future__ import annotations

import textwrap
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import pytest

import coachcontent
from coachcontent.cli import main

MINIMAL_SITE = """
[site]
title = "Test Practice"
url = "https://practice.example"
timezone = "Europe/Berlin"

[[authors]]
slug = "ada"
name = "Ada Example"
"""

AS_OF = datetime(2030, 1, 1, tzinfo=UTC)


class SiteFolder:
    """A site folder in a temporary directory that tests fill file by file."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.write("site.toml", MINIMAL_SITE)

    def write(self, relative: str, text: str) -> Path:
        path = self.root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
        return path

    def write_bytes(self, relative: str, data: bytes) -> Path:
        path = self.root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        return path

    def post(self, name: str, front: str, body: str = "Body text.\n") -> Path:
        return self.write(f"content/posts/{name}", f"---\n{textwrap.dedent(front).strip()}\n---\n{body}")

    def page(self, name: str, front: str, body: str = "Page text.\n") -> Path:
        return self.write(f"content/pages/{name}", f"---\n{textwrap.dedent(front).strip()}\n---\n{body}")

    def load(self) -> coachcontent.Site:
        return coachcontent.load_site(self.root, selection=coachcontent.PluginSelection(enabled=[]), as_of=AS_OF)

    def errors(self) -> list[str]:
        with pytest.raises(coachcontent.ContentErrors) as info:
            self.load()
        return [str(error) for error in info.value.errors]


@pytest.fixture
def folder(tmp_path: Path) -> SiteFolder:
    return SiteFolder(tmp_path / "site")


@pytest.fixture
def cli(capsys: pytest.CaptureFixture[str]) -> Callable[..., tuple[int, str, str]]:
    def run(*argv: str) -> tuple[int, str, str]:
        code = main(list(argv))
        captured = capsys.readouterr()
        return code, captured.out, captured.err

    return run


@pytest.fixture(scope="session")
def demo_site() -> coachcontent.Site:
    return coachcontent.load_site(
        coachcontent.demo_path(), selection=coachcontent.PluginSelection(enabled=[]), as_of=AS_OF
    )
