"""A hand-made site with every structure the theme renders, and helpers to build and read it."""

from __future__ import annotations

import html
from collections.abc import Callable, Iterable
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import lxml.html
import pytest

import coachcontent
from coachcontent import (
    Author,
    Link,
    LinkList,
    NavItem,
    NavTree,
    Page,
    Post,
    Site,
    SocialProfile,
    Taxonomy,
    Term,
    TermRef,
)

TZ = timezone(timedelta(hours=-6))
SCRIPT_TITLE = 'Say "no" to <script>alert(1)</script> & other </script> tricks'


def _post(slug: str, title: str, day: int, month: int = 3, year: int = 2024, **kw: Any) -> Post:
    text = html.escape(title)
    body = kw.pop(
        "body",
        f"<p>{text} is about coaching leaders through change.</p>"
        f"<p>More about {slug.replace('-', ' ')} and the zebracorn method.</p>",
    )
    return Post(
        slug=slug,
        title=title,
        date=datetime(year, month, day, 9, 30, tzinfo=TZ),
        body=body,
        summary=kw.pop("summary", f"<p>Summary of {text}.</p>"),
        authors=kw.pop("authors", ("maren",)),
        **kw,
    )


def make_site(**overrides: Any) -> Site:
    """The test site; keyword arguments replace fields of the ``Site``."""
    authors = (
        Author(
            slug="maren",
            name="Maren Okafor",
            bio="Maren coaches chief executives and writes about influence.",
            social=(SocialProfile(network="linkedin", url="https://www.linkedin.com/in/maren-test"),),
        ),
        Author(slug="theo", name="Theo Vance", bio="Theo facilitates leadership teams."),
    )
    categories = Taxonomy(
        name="categories",
        label="Categories",
        singular="Category",
        hierarchical=True,
        terms=(
            Term(slug="business", name="Business Development", description="Growing a practice."),
            Term(slug="sales", name="Sales Conversations", parent="business"),
            Term(slug="networking", name="Networking", parent="business"),
            Term(slug="referrals", name="Referral Partnerships", parent="networking"),
            Term(slug="leadership", name="Leadership Insights"),
            Term(slug="empty-cat", name="Empty Category"),
        ),
    )
    tags = Taxonomy(
        name="tags",
        label="Tags",
        singular="Tag",
        terms=(
            Term(slug="trust", name="trust"),
            Term(slug="influence", name="influence"),
            Term(slug="teams", name="teams"),
            Term(slug="unused", name="unused"),
        ),
    )
    series = Taxonomy(
        name="series",
        label="Series",
        singular="Series",
        terms=(Term(slug="first-ninety-days", name="First Ninety Days"),),
    )
    posts = (
        _post(
            "building-coalitions",
            "Building coalitions across the org chart",
            20,
            1,
            terms={"categories": ["leadership", "sales"], "tags": ["trust", "influence"]},
            canonical_url="https://library.example.org/articles/building-coalitions/",
            comment_count=3,
        ),
        _post(
            "first-ten-minutes",
            "The first ten minutes of a sales conversation",
            5,
            terms={"categories": ["sales"], "tags": ["trust"]},
            comment_count=0,
        ),
        _post(
            "calendar-strategy",
            "Why your calendar is a strategy document",
            12,
            terms={"categories": ["leadership"], "tags": ["teams"], "series": ["first-ninety-days"]},
            authors=("maren", "theo"),
        ),
        _post(
            "referrals-relationship",
            "Referrals are a relationship",
            19,
            terms={"categories": ["referrals"], "tags": ["trust", "influence"]},
        ),
        _post(
            "networking-kinds",
            "Three kinds of networking",
            26,
            terms={"categories": ["networking"], "tags": ["influence"]},
            authors=("theo",),
        ),
        _post(
            "feedback",
            "Let's talk about feedback",
            2,
            4,
            terms={"categories": ["leadership"], "tags": ["teams", "trust"]},
            sticky=True,
        ),
        _post(
            "script-title",
            SCRIPT_TITLE,
            9,
            4,
            terms={"categories": ["leadership"], "tags": ["teams"]},
        ),
        _post(
            "delegation-ladder",
            "The delegation ladder",
            16,
            4,
            terms={"categories": ["leadership"], "tags": ["teams"], "series": ["first-ninety-days"]},
        ),
        _post(
            "old-news",
            "Ten years of Northbridge",
            9,
            9,
            2019,
            terms={"categories": ["business"]},
            aliases=("/old/ten-years.html",),
        ),
        _post("secret-draft", "A draft nobody may see", 20, 4, draft=True),
        _post("from-the-future", "A letter from the future", 1, 1, 2031),
    )
    pages = (
        Page(slug="about", title="About Maren", body="<p>About the practice.</p>", summary="<p>Who we are.</p>"),
        Page(slug="contact", title="Contact", parent="about", body="<p>Write to us.</p>"),
        Page(slug="speaking", title="Speaking", parent="about", body="<p>Talks.</p>"),
        Page(slug="topics", title="Speaking topics", parent="about/speaking", body="<p>Topics.</p>"),
        Page(slug="coaching", title="Coaching Services", body="<p>How we coach.</p>"),
        Page(slug="executive", title="Executive Coaching", parent="coaching", body="<p>One to one.</p>"),
        Page(
            slug="transitions",
            title="Leadership Transitions",
            parent="coaching/executive",
            body="<p>The first hundred days in a new role.</p>",
        ),
        Page(slug="hidden", title="Hidden draft page", draft=True, body="<p>Not yet.</p>"),
    )
    main = NavTree(
        name="main",
        title="Main menu",
        items=(
            NavItem(title="Home", url="/", weight=10),
            NavItem(
                title="Coaching Services",
                page="coaching",
                weight=20,
                children=(
                    NavItem(
                        title="Executive Coaching",
                        page="coaching/executive",
                        weight=10,
                        children=(NavItem(title="Transitions", page="coaching/executive/transitions"),),
                    ),
                ),
            ),
            NavItem(
                title="Blog",
                term=TermRef(taxonomy="categories", slug="leadership"),
                weight=30,
                children=(
                    NavItem(title="Sales", term=TermRef(taxonomy="categories", slug="sales")),
                    NavItem(title="Feedback post", post="feedback"),
                ),
            ),
            NavItem(
                title="About",
                page="about",
                weight=40,
                children=(
                    NavItem(title="Contact", page="about/contact", weight=10),
                    NavItem(title="Federation", url="https://federation.example.org/", weight=20),
                ),
            ),
        ),
    )
    footer = NavTree(
        name="footer",
        items=(NavItem(title="Contact", page="about/contact"),),
    )
    link_lists = (
        LinkList(
            slug="blogroll",
            title="Blogroll",
            links=(
                Link(title="The Slow Manager", url="https://slowmanager.example.org/", description="Essays."),
                Link(title="Write to us", url="mailto:hello@example.com"),
            ),
        ),
        LinkList(
            slug="resources",
            title="Leadership Resources",
            links=(Link(title="Coaching Journal", url="https://journal.example.org/", rel="nofollow"),),
        ),
    )
    fields: dict[str, Any] = {
        "title": "Northbridge Test Partners",
        "base_url": "https://coach.example",
        "timezone": "America/Chicago",
        "description": "Executive coaching for senior leaders.",
        "tagline": "Steady leadership",
        "as_of": datetime(2025, 1, 1, tzinfo=TZ),
        "posts_per_page": 3,
        "authors": authors,
        "posts": posts,
        "pages": pages,
        "taxonomies": (categories, tags, series),
        "menus": (main, footer),
        "link_lists": link_lists,
        "social": (
            SocialProfile(network="linkedin", url="https://www.linkedin.com/company/northbridge-test"),
            SocialProfile(network="mastodon", url="https://mastodon.example/@northbridge"),
        ),
        "config": {},
    }
    fields.update(overrides)
    return Site(**fields)


@pytest.fixture
def site() -> Site:
    return make_site()


Builder = Callable[..., Path]


@pytest.fixture
def build(tmp_path: Path) -> Builder:
    """``build(site, extra=[plugins], name="out", enabled=["html", ...])`` builds with the
    html plugin (and the other installed plugins named in ``enabled``) into a fresh folder."""
    counter = iter(range(1000))

    def run(
        site: Site,
        extra: Iterable[object] = (),
        name: str | None = None,
        enabled: Iterable[str] = ("html",),
        **kwargs: Any,
    ) -> Path:
        out = tmp_path / (name or f"out{next(counter)}")
        selection = coachcontent.PluginSelection(enabled=list(enabled), extra=list(extra))
        coachcontent.build_site(site, out, selection=selection, **kwargs)
        return out

    return run


def read_page(out: Path, url: str) -> lxml.html.HtmlElement:
    """The built page at site path ``url``, parsed."""
    path = out / coachcontent.output_path(url)
    return lxml.html.fromstring(path.read_bytes())


@pytest.fixture
def parse() -> Callable[[Path, str], lxml.html.HtmlElement]:
    """``parse(out, "/some/url/")``: the built page, parsed with lxml."""
    return read_page


@pytest.fixture
def site_factory() -> Callable[..., Site]:
    """``site_factory(**fields)``: the test site with some fields replaced."""
    return make_site


@pytest.fixture
def script_title() -> str:
    """The title of the post whose title tries to close a script."""
    return SCRIPT_TITLE


@pytest.fixture
def built(site: Site, build: Builder) -> Path:
    """The test site built with the html plugin alone."""
    return build(site, name="site")
