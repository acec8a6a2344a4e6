"""Fixtures: a small coaching site built in Python, and a plugin manager with the share plugin."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

import pluggy
import pytest

import coachcontent
from coachcontent import (
    Author,
    Image,
    Page,
    Post,
    Site,
    SocialProfile,
    Taxonomy,
    Term,
)

BASE = "https://coach.example"


def _post(**fields: Any) -> Post:
    values: dict[str, Any] = {
        "slug": "listening-first",
        "title": "Listening First",
        "date": datetime(2024, 3, 5, 15, 30, tzinfo=UTC),
        "authors": ("maren",),
        "summary": "<p>Why the <em>first</em> ten minutes decide &amp; shape the rest.</p>",
        "body": "<p>Body.</p>",
        "terms": {
            "categories": ("sales",),
            "tags": ("executive-coaching", "listening", "influence-and-coalitions"),
        },
        "image": Image(src="/images/listening.jpg", alt="Two chairs", width=1200, height=630),
    }
    values.update(fields)
    return Post(**values)


def build_site(
    *,
    posts: tuple[Post, ...] | None = None,
    pages: tuple[Page, ...] | None = None,
    share: dict[str, Any] | None = None,
    social: tuple[SocialProfile, ...] | None = None,
    language: str = "en",
    **fields: Any,
) -> Site:
    """A site with two authors, a category tree, tags, pages and profiles."""
    authors = (
        Author(
            slug="maren",
            name="Maren Okafor-Lind",
            url="https://maren.example/",
            bio="Coach to chief executives.",
            image="/images/maren.jpg",
            social=(
                SocialProfile(network="x", url="https://x.com/maren_ol", handle="@maren_ol"),
                SocialProfile(network="mastodon", url="https://hachyderm.io/@maren"),
            ),
        ),
        Author(slug="theo", name="Theo Vance"),
    )
    taxonomies = (
        Taxonomy(
            name="categories",
            label="Categories",
            singular="Category",
            hierarchical=True,
            terms=(
                Term(slug="business", name="Business Development"),
                Term(slug="sales", name="Sales Conversations", parent="business"),
            ),
        ),
        Taxonomy(
            name="tags",
            label="Tags",
            terms=(
                Term(slug="executive-coaching", name="executive coaching"),
                Term(slug="listening", name="listening"),
                Term(slug="influence-and-coalitions", name="Influence & Coalitions"),
                Term(slug="numbers", name="2024"),
            ),
        ),
    )
    if posts is None:
        posts = (_post(),)
    if pages is None:
        pages = (
            Page(slug="about", title="About", summary="<p>Who we are.</p>"),
            Page(
                slug="contact",
                title="Contact",
                parent="about",
                summary="<p>Write to us.</p>",
                date=datetime(2023, 1, 2, 9, 0, tzinfo=UTC),
                updated=datetime(2024, 2, 3, 10, 0, tzinfo=UTC),
            ),
        )
    if social is None:
        social = (
            SocialProfile(network="linkedin", url="https://www.linkedin.com/company/coach-example"),
            SocialProfile(network="mastodon", url="https://mastodon.social/@coach", handle="@coach@mastodon.social"),
            SocialProfile(network="x", url="https://x.com/coach_example"),
            SocialProfile(network="rss", url="/feed/"),
        )
    values: dict[str, Any] = {
        "title": "Coach & Partners",
        "base_url": BASE,
        "language": language,
        "timezone": "America/Chicago",
        "description": "Executive coaching for leaders.",
        "logo": "/images/logo.png",
        "authors": authors,
        "posts": posts,
        "pages": pages,
        "taxonomies": taxonomies,
        "social": social,
        "config": {"share": share} if share is not None else {},
    }
    values.update(fields)
    return Site(**values)


@pytest.fixture
def make_post() -> Callable[..., Post]:
    """Make a post like the default one, with some fields changed."""
    return _post


@pytest.fixture
def make_site() -> Callable[..., Site]:
    """Make the test site, with posts, pages, ``[share]`` settings or fields changed."""
    return build_site


@pytest.fixture
def site() -> Site:
    """The test site with its defaults."""
    return build_site()


@pytest.fixture
def plugin_manager() -> Callable[..., pluggy.PluginManager]:
    """Make the build's plugin manager with the share plugin and the given extra plugins."""

    def make(*extra: object) -> pluggy.PluginManager:
        pm = coachcontent.make_plugin_manager(coachcontent.PluginSelection(enabled=["share"], extra=extra))
        assert pm.get_plugin("share.hooks") is not None
        return pm

    return make
