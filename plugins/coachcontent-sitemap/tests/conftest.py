"""Fixtures: a small site made in Python, builds with the sitemap plugin, the sitemap schema."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from lxml import etree

import coachcontent
from coachcontent import Author, Page, Post, Site, Taxonomy, Term

# tests/ → coachcontent-sitemap/ → plugins/ → the repository; shared/ sits beside it.
SCHEMAS = Path(__file__).resolve().parents[3] / ".." / "shared" / "schemas"


def _post(slug: str, day: int, **fields: Any) -> Post:
    values: dict[str, Any] = {
        "slug": slug,
        "title": slug.replace("-", " ").title(),
        "date": datetime(2024, 3, day, 12, 0, tzinfo=UTC),
        "authors": ("maren",),
        "terms": {"categories": ("sales",), "tags": ("trust",)},
    }
    values.update(fields)
    return Post(**values)


def build_test_site(*, sitemap: dict[str, Any] | None = None, **fields: Any) -> Site:
    """Posts (one updated, one draft, one future, one noindex, one canonical elsewhere),
    pages (one noindex, one draft with a child), a category tree, tags, two authors."""
    values: dict[str, Any] = {
        "title": "Coach & Partners",
        "base_url": "https://coach.example",
        "timezone": "America/Chicago",
        "as_of": datetime(2025, 1, 1, tzinfo=UTC),
        "authors": (Author(slug="maren", name="Maren"), Author(slug="theo", name="Theo")),
        "taxonomies": (
            Taxonomy(
                name="categories",
                hierarchical=True,
                terms=(
                    Term(slug="business", name="Business"),
                    Term(slug="sales", name="Sales", parent="business"),
                    Term(slug="empty", name="Empty"),
                ),
            ),
            Taxonomy(name="tags", terms=(Term(slug="trust", name="trust"), Term(slug="unused", name="unused"))),
        ),
        "posts": (
            _post("first-steps", 1),
            _post("second-thoughts", 5, updated=datetime(2024, 6, 1, 8, 0, tzinfo=UTC)),
            _post("third-time", 9, terms={"tags": ("trust",)}),
            _post("not-yet", 10, draft=True),
            _post("from-the-future", 11, date=datetime(2030, 1, 1, tzinfo=UTC)),
            _post("hidden", 12, extra={"noindex": True}),
            _post("copied", 13, canonical_url="https://journal.example/original"),
        ),
        "pages": (
            Page(slug="about", title="About", updated=datetime(2024, 2, 2, tzinfo=UTC)),
            Page(slug="contact", title="Contact", parent="about"),
            Page(slug="thanks", title="Thanks", extra={"robots": "noindex, follow"}),
            Page(slug="secret", title="Secret", draft=True),
            Page(slug="inner", title="Inner", parent="secret"),
            Page(slug="legal", title="Legal", extra={"sitemap": False}),
        ),
        "config": {"sitemap": sitemap} if sitemap is not None else {},
    }
    values.update(fields)
    return Site(**values)


@pytest.fixture
def make_site() -> Callable[..., Site]:
    """Make the test site with ``[sitemap]`` settings or other fields."""
    return build_test_site


@pytest.fixture
def site() -> Site:
    """The test site with default settings."""
    return build_test_site()


@pytest.fixture
def build(tmp_path: Path) -> Callable[..., Path]:
    """Build a site with the sitemap plugin only; return the output folder."""
    counter = iter(range(1000))

    def run(site: Site) -> Path:
        out = tmp_path / f"out{next(counter)}"
        coachcontent.build_site(site, out, selection=coachcontent.PluginSelection(enabled=["sitemap"]))
        return out

    return run


@pytest.fixture(scope="session")
def sitemap_schema() -> etree.XMLSchema:
    """The sitemaps.org 0.9 schema of ``urlset``."""
    return etree.XMLSchema(etree.parse(str(SCHEMAS / "sitemap-0.9.xsd")))
