"""Fixtures: a small coaching site made in Python, builds, and the shared schemas."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest
from lxml import etree, isoschematron

import coachcontent
from coachcontent import Author, Image, Page, Post, Site, Taxonomy, Term

# tests/ → coachcontent-feeds/ → plugins/ → the repository; shared/ sits beside it.
SCHEMAS = Path(__file__).resolve().parents[3] / ".." / "shared" / "schemas"
BASE = "https://coach.example"
CHICAGO = timezone(timedelta(hours=-6))


def _post(**fields: Any) -> Post:
    values: dict[str, Any] = {
        "slug": "listening-first",
        "title": "Listening First",
        "date": datetime(2024, 3, 5, 15, 30, tzinfo=UTC),
        "authors": ("maren",),
        "summary": '<p>Why the <em>first</em> ten minutes <a href="/about/">matter</a>.</p>',
        "body": "<p>Body.</p>",
        "terms": {"categories": ("sales",), "tags": ("trust",)},
        "source_path": "content/posts/2024-03-05-listening-first.md",
    }
    values.update(fields)
    return Post(**values)


def default_posts() -> tuple[Post, ...]:
    return (
        _post(
            body=(
                '<p>Read <a href="/about/">about us</a>, the <a href="notes/">notes</a> and '
                '<a href="#part-2">part two</a>; write to <a href="mailto:hi@coach.example">us</a>.</p>\n'
                '<p><img src="chart.png" alt="A chart" srcset="chart.png 1x, /img/chart@2x.png 2x"></p>\n'
                '<p><a href="https://elsewhere.example/x">Elsewhere</a> &amp; more.</p>'
            ),
            updated=datetime(2024, 4, 1, 8, 0, tzinfo=UTC),
            image=Image(src="/images/listening.jpg", alt="Two chairs"),
        ),
        _post(
            slug="closing-without-pressure",
            title="Closing <without> \"pressure\" & 'tricks' 🎯",
            date=datetime(2024, 2, 10, 9, 0, tzinfo=CHICAGO),
            authors=("theo",),
            summary="<p>Closing is a conversation.</p>",
            body="<p>Closing is a conversation, not a trick.</p>",
            terms={"categories": ("closing",), "tags": ("trust", "listening")},
            source_path="content/posts/2024-02-10-closing-without-pressure.md",
        ),
        _post(
            slug="a-board-that-listens",
            title="A Board That Listens",
            date=datetime(2023, 11, 20, 12, 0, tzinfo=UTC),
            authors=("maren", "theo"),
            summary="<p>Boards learn to listen.</p>",
            body="<p>Boards can learn to listen.</p>",
            terms={"categories": ("leadership",), "tags": ("listening",)},
            source_path="content/posts/2023-11-20-a-board-that-listens.md",
            canonical_url="https://journal.example/boards-that-listen",
        ),
        _post(
            slug="quiet-hour-1",
            title="The Quiet Hour, episode 1",
            date=datetime(2023, 10, 2, 6, 0, tzinfo=UTC),
            summary="<p>Our first episode.</p>",
            body="<p>Show notes.</p>",
            terms={"categories": ("leadership",), "series": ("the-quiet-hour",)},
            source_path="content/posts/2023-10-02-quiet-hour-1.md",
            image=Image(src="/images/quiet-hour-1.jpg"),
            extra={
                "audio": {
                    "url": "/media/quiet-hour-1.mp3",
                    "length": 24986239,
                    "duration": "00:41:07",
                    "episode": 1,
                    "season": 1,
                    "episode_type": "full",
                }
            },
        ),
        _post(
            slug="quiet-hour-2",
            title="The Quiet Hour, episode 2",
            date=datetime(2023, 10, 16, 6, 0, tzinfo=UTC),
            summary="<p>Our second episode.</p>",
            body="<p>More show notes.</p>",
            terms={"series": ("the-quiet-hour",)},
            source_path="content/posts/2023-10-16-quiet-hour-2.md",
            extra={
                "audio": {
                    "url": "https://cdn.coach.example/quiet-hour-2.m4a",
                    "length": "31337",
                    "type": "audio/x-m4a",
                    "duration": 1805,
                    "explicit": True,
                }
            },
        ),
        _post(
            slug="unfinished-thoughts",
            title="Unfinished thoughts",
            date=datetime(2024, 1, 1, tzinfo=UTC),
            draft=True,
            terms={"categories": ("sales",)},
            source_path="content/posts/unfinished-thoughts.md",
        ),
        _post(
            slug="from-the-future",
            title="From the future",
            date=datetime(2030, 1, 1, tzinfo=UTC),
            terms={"categories": ("sales",)},
            source_path="content/posts/2030-01-01-from-the-future.md",
        ),
    )


def build_test_site(
    *, posts: tuple[Post, ...] | None = None, feeds: dict[str, Any] | None = None, **fields: Any
) -> Site:
    """The test site: two authors (one without e-mail), a category tree, tags, a series."""
    taxonomies = (
        Taxonomy(
            name="categories",
            label="Categories",
            singular="Category",
            hierarchical=True,
            terms=(
                Term(slug="business", name="Business Development", description="Growing a practice."),
                Term(slug="sales", name="Sales Conversations", parent="business"),
                Term(slug="closing", name="Closing", parent="sales"),
                Term(slug="leadership", name="Leadership"),
                Term(slug="unused", name="Unused"),
            ),
        ),
        Taxonomy(
            name="tags",
            label="Tags",
            singular="Tag",
            terms=(Term(slug="trust", name="trust"), Term(slug="listening", name="listening")),
        ),
        Taxonomy(
            name="series",
            label="Series",
            singular="Series",
            terms=(Term(slug="the-quiet-hour", name="The Quiet Hour"),),
        ),
    )
    values: dict[str, Any] = {
        "title": "Coach & Partners",
        "base_url": BASE,
        "timezone": "America/Chicago",
        "description": "Executive coaching for leaders.",
        "logo": "/images/logo.png",
        "as_of": datetime(2025, 1, 1, tzinfo=UTC),
        "authors": (
            Author(slug="maren", name="Maren Okafor-Lind", email="maren@coach.example", url="/about/"),
            Author(slug="theo", name="Theo Vance", image="/images/theo.jpg"),
        ),
        "posts": default_posts() if posts is None else posts,
        "pages": (Page(slug="about", title="About"),),
        "taxonomies": taxonomies,
        "config": {"feeds": feeds} if feeds is not None else {},
    }
    values.update(fields)
    return Site(**values)


PODCAST = {
    "image": "/images/quiet-hour.jpg",
    "category": ["Business/Management", "Education"],
    "owner_email": "podcast@coach.example",
    "author": "Maren Okafor-Lind",
}


@pytest.fixture
def make_post() -> Callable[..., Post]:
    """Make a post like the default one, with some fields changed."""
    return _post


@pytest.fixture
def make_site() -> Callable[..., Site]:
    """Make the test site with other posts, ``[feeds]`` settings or fields."""
    return build_test_site


@pytest.fixture
def site() -> Site:
    """The test site with default settings."""
    return build_test_site()


@pytest.fixture
def podcast_table() -> dict[str, Any]:
    """A complete podcast table for ``[feeds.podcast]`` (a fresh copy)."""
    return dict(PODCAST)


@pytest.fixture
def build(tmp_path: Path) -> Callable[..., Path]:
    """Build a site with the feeds plugin (and only it) into a new folder; return the folder."""
    counter = iter(range(1000))

    def run(site: Site, *, jobs: int | None = None) -> Path:
        out = tmp_path / f"out{next(counter)}"
        coachcontent.build_site(site, out, selection=coachcontent.PluginSelection(enabled=["feeds"]), jobs=jobs)
        return out

    return run


@pytest.fixture(scope="session")
def atom_schema() -> etree.RelaxNG:
    """RFC 4287's RELAX NG grammar."""
    return etree.RelaxNG(etree.parse(str(SCHEMAS / "atom-rfc4287.rng")))


@pytest.fixture(scope="session")
def atom_rules() -> isoschematron.Schematron:
    """RFC 4287's three Schematron rules (which RELAX NG ignores)."""
    return isoschematron.Schematron(etree.parse(str(SCHEMAS / "atom-rfc4287-rules.sch")))


@pytest.fixture(scope="session")
def jsonfeed_schema() -> dict[str, Any]:
    """The JSON Schema of JSON Feed 1.1."""
    schema: dict[str, Any] = json.loads((SCHEMAS / "jsonfeed-1.1.schema.json").read_text(encoding="utf-8"))
    return schema


@pytest.fixture
def check_feeds(
    atom_schema: etree.RelaxNG, atom_rules: isoschematron.Schematron, jsonfeed_schema: dict[str, Any]
) -> Callable[[Path], dict[str, list[Path]]]:
    """Validate every feed in a built folder; return the feed files by format.

    Atom: RFC 4287's RELAX NG grammar and Schematron rules, and feedparser
    with ``bozo == 0``; RSS: feedparser with ``bozo == 0``; JSON Feed: its
    JSON Schema.
    """
    import feedparser
    import jsonschema

    def check(out: Path) -> dict[str, list[Path]]:
        found: dict[str, list[Path]] = {"rss": [], "atom": [], "json": []}
        for path in sorted(out.rglob("*")):
            if path.suffix == ".json" and path.name != ".coachcontent-manifest.json":
                data = json.loads(path.read_text(encoding="utf-8"))
                if data.get("version") != "https://jsonfeed.org/version/1.1":
                    continue
                jsonschema.validate(data, jsonfeed_schema)
                found["json"].append(path)
            elif path.suffix == ".xml":
                document = etree.parse(str(path))
                root = etree.QName(document.getroot())
                if root.localname == "feed":
                    assert atom_schema.validate(document), f"{path}: {atom_schema.error_log}"
                    assert atom_rules.validate(document), f"{path}: {atom_rules.error_log}"
                    kind = "atom"
                elif root.localname == "rss":
                    kind = "rss"
                else:
                    continue
                parsed = feedparser.parse(path.read_bytes())
                assert parsed.bozo == 0, f"{path}: {parsed.get('bozo_exception')}"
                assert parsed.version == ("atom10" if kind == "atom" else "rss20")
                found[kind].append(path)
        return found

    return check
