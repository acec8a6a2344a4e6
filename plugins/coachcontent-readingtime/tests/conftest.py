"""Fixtures: small sites with event posts, built in Python and as a content folder."""

from __future__ import annotations

import textwrap
from collections.abc import Callable
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pytest
from coachcontent_readingtime import plugin

import coachcontent
from coachcontent import Post, Site, Taxonomy, Term

BASE = "https://northbridge.example"


def _make_post(slug: str, **fields: Any) -> Post:
    values: dict[str, Any] = {
        "slug": slug,
        "title": slug.replace("-", " ").title(),
        "date": datetime(2025, 2, 1, 9, 0, tzinfo=UTC),
        "body": "<p>Body.</p>",
        "summary": "<p>Summary.</p>",
    }
    values.update(fields)
    return Post(**values)


def _make_site(*posts: Post, config: dict[str, Any] | None = None, **fields: Any) -> Site:
    categories = Taxonomy(
        name="categories",
        label="Categories",
        singular="Category",
        hierarchical=True,
        terms=(
            Term(slug="events", name="News & Events"),
            Term(slug="talks", name="Talks, Panels; and Q&A"),
        ),
    )
    values: dict[str, Any] = {
        "title": "Northbridge Leadership Partners",
        "base_url": BASE,
        "timezone": "America/Chicago",
        "posts": posts,
        "taxonomies": (categories,),
        "config": config or {},
        "as_of": datetime(2030, 1, 1, tzinfo=UTC),
    }
    values.update(fields)
    return Site(**values)


@pytest.fixture
def make_post() -> Callable[..., Post]:
    """``make_post(slug, **fields)``: a post dated 1 February 2025 with a short body."""
    return _make_post


@pytest.fixture
def make_site() -> Callable[..., Site]:
    """``make_site(*posts, config=..., **fields)``: a site in America/Chicago with two categories."""
    return _make_site


@pytest.fixture
def roundtable() -> Post:
    return _make_post(
        "spring-roundtable",
        title="Spring roundtable: leading through a reorganisation",
        date=datetime(2025, 2, 20, 15, 0, tzinfo=UTC),
        summary="<p>An evening for <em>new</em> vice presidents, with dinner.</p>",
        terms={"categories": ("events", "talks")},
        extra={
            "event": {
                "start": datetime(2025, 3, 12, 18, 0),  # naive: read in America/Chicago (UTC-5 in March)
                "end": "2025-03-12 20:30",
                "location": "Northbridge office; 200 Lake Street, Chicago\nthird floor",
            }
        },
    )


@pytest.fixture
def retreat() -> Post:
    return _make_post(
        "autumn-retreat",
        title="Autumn retreat",
        date=datetime(2025, 6, 1, 12, 0, tzinfo=UTC),
        updated=datetime(2025, 6, 15, 8, 30, tzinfo=UTC),
        id="retreat-2025",
        extra={"event": {"start": date(2025, 9, 26), "end": date(2025, 9, 28), "location": "Lake Geneva"}},
    )


@pytest.fixture
def selection() -> coachcontent.PluginSelection:
    """Only this plugin (no installed one), passed as an object: the pattern the guide shows."""
    return coachcontent.PluginSelection(enabled=[], extra=[plugin])


@pytest.fixture
def write_site(tmp_path: Path) -> Callable[..., Path]:
    """Write a content folder: ``site.toml`` plus posts given as ``{file name: text}``."""

    def write(posts: dict[str, str], extra_toml: str = "", *, name: str = "site") -> Path:
        root = tmp_path / name
        (root / "content" / "posts").mkdir(parents=True)
        (root / "site.toml").write_text(
            textwrap.dedent(
                """\
                [site]
                title = "Harbour Coaching"
                url = "https://harbour-coaching.example"
                timezone = "Europe/London"

                [plugins]
                enabled = ["readingtime"]
                """
            )
            + textwrap.dedent(extra_toml),
            encoding="utf-8",
        )
        for name, text in posts.items():
            (root / "content" / "posts" / name).write_text(textwrap.dedent(text), encoding="utf-8")
        return root

    return write
