"""The ``[html]`` section of ``site.toml``: what the theme shows and where."""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from typing import Any

from attrs import field, frozen

from coachcontent import ConfigKey, ConfigSection, FrozenDict, Site
from coachcontent.models.frozendict import thaw
from coachcontent.models.validators import url_problem
from coachcontent_html.feedlinks import Feed, plugin_feeds

#: Widget templates the theme ships (``widgets/<name>.html``); a site may add its own.
WIDGETS = (
    "about",
    "archives",
    "categories",
    "follow",
    "link_lists",
    "menu",
    "footer_menu",
    "pages",
    "recent_posts",
    "search",
    "subscribe",
    "tags",
)

#: The feeds linked when ``[html] feeds`` is not set and coachcontent-feeds does not
#: take part: the paths that plugin writes by default.
DEFAULT_FEEDS: tuple[dict[str, str], ...] = (
    {"title": "RSS", "url": "/feed.xml", "type": "application/rss+xml"},
    {"title": "Atom", "url": "/atom.xml", "type": "application/atom+xml"},
    {"title": "JSON", "url": "/feed.json", "type": "application/feed+json"},
)

#: Fields a ``date_format`` may use (English names, so output never depends on the locale).
DATE_FIELDS = ("year", "month", "month_name", "month_abbr", "day", "day2", "weekday", "weekday_abbr")

_WIDGET_NAME = re.compile(r"^[a-z0-9_-]+$")


def _problems(values: Mapping[str, Any]) -> Iterator[tuple[str, str]]:
    for key in ("header", "sidebar", "footer"):
        for name in values[key]:
            if not isinstance(name, str) or not _WIDGET_NAME.match(name):
                yield key, f"{name!r} is not a widget name (letters, digits, - and _)"
    for index, feed in enumerate(values["feeds"]):
        if not isinstance(feed, Mapping) or not isinstance(feed.get("url"), str):
            yield "feeds", f"item {index} must be a table with at least url"
            continue
        unknown = set(feed) - {"title", "url", "type"}
        if unknown:
            yield "feeds", f"item {index} has unknown keys {sorted(unknown)} (title, url, type)"
        problem = url_problem(feed["url"])
        if problem:
            yield "feeds", f"item {index}: {problem}"
    problem = url_problem(values["search_fallback"], relative=False)
    if problem:
        yield "search_fallback", problem
    try:
        values["date_format"].format(**dict.fromkeys(DATE_FIELDS, ""))
    except (KeyError, IndexError, ValueError) as error:
        yield "date_format", f"unknown field {error} (fields: {', '.join(DATE_FIELDS)})"
    for key in ("posts_per_page", "related_posts", "tag_cloud_limit", "recent_posts", "search_index_split"):
        if values[key] < 0:
            yield key, "must be 0 or more"
    cta = values["cta"]
    if cta:
        if set(cta) - {"label", "url"} or not cta.get("label") or not cta.get("url"):
            yield "cta", "expected a table with exactly label and url"
        else:
            problem = url_problem(cta["url"])
            if problem:
                yield "cta", problem
    for index, url in enumerate(values["extra_css"]):
        if not isinstance(url, str) or url_problem(url):
            yield "extra_css", f"item {index} must be a site path or an http(s) URL"


_KEYS: tuple[ConfigKey, ...] = (
    ConfigKey(
        name="header",
        type=list,
        default=["follow", "menu"],
        description="Widgets of the header, in order.",
    ),
    ConfigKey(
        name="sidebar",
        type=list,
        default=["search", "subscribe", "categories", "tags", "link_lists", "pages"],
        description="Widgets of the sidebar, in order.",
    ),
    ConfigKey(
        name="footer",
        type=list,
        default=["about", "footer_menu"],
        description="Widgets of the footer, in order.",
    ),
    ConfigKey(
        name="menu",
        type=str,
        default="main",
        description="The menu the header shows (skipped when the site has no such menu).",
    ),
    ConfigKey(
        name="footer_menu",
        type=str,
        default="footer",
        description="The menu the footer_menu widget shows.",
    ),
    ConfigKey(
        name="feeds",
        type=list,
        default=[dict(feed) for feed in DEFAULT_FEEDS],
        description=(
            "The site's feeds as tables of title, url and type (subscribe links, autodiscovery); "
            "unset, the feeds coachcontent-feeds writes, else its default paths."
        ),
    ),
    ConfigKey(
        name="feed_links",
        type=str,
        default="auto",
        choices=("auto", "always", "never"),
        description="Link the feeds: always, never, or (auto) when a plugin named feeds takes part in the build.",
    ),
    ConfigKey(
        name="search_index",
        type=bool,
        default=True,
        description="Write /search-index.json and answer the search box in the browser.",
    ),
    ConfigKey(
        name="search_index_split",
        type=int,
        default=500,
        description=(
            "With more entries than this, the search index is split into one file per year "
            "(per month in a year with more), which a rebuild after an edit renders alone; 0 never splits."
        ),
    ),
    ConfigKey(
        name="search_fallback",
        type=str,
        default="https://duckduckgo.com/",
        description="Web search the search form submits to when scripts are off.",
    ),
    ConfigKey(
        name="search_site_param",
        type=str,
        default="sites",
        description=(
            "Query parameter that restricts the fallback search to the site's host; empty puts site:HOST into q."
        ),
    ),
    ConfigKey(
        name="date_format",
        type=str,
        default="{month_name} {day}, {year}",
        description=f"How dates are shown; fields: {', '.join(DATE_FIELDS)}.",
    ),
    ConfigKey(
        name="posts_per_page",
        type=int,
        default=0,
        description="Posts per listing page; 0 uses the site's posts_per_page.",
    ),
    ConfigKey(
        name="related_posts",
        type=int,
        default=3,
        description="How many related posts a post page shows; 0 hides the section.",
    ),
    ConfigKey(
        name="recent_posts",
        type=int,
        default=5,
        description="How many posts the recent_posts widget lists.",
    ),
    ConfigKey(
        name="tag_cloud_limit",
        type=int,
        default=45,
        description="Show only this many of the most used tags in the cloud (WordPress shows 45); 0 shows all.",
    ),
    ConfigKey(
        name="link_lists",
        type=list,
        default=[],
        description="Slugs of the link lists the link_lists widget shows, in order; empty shows all.",
    ),
    ConfigKey(
        name="hero",
        type=bool,
        default=True,
        description="Open the first home page with the site's tagline and description.",
    ),
    ConfigKey(
        name="cta",
        type=dict,
        default={},
        description="A call to action (label and url) in the hero and after each post.",
    ),
    ConfigKey(
        name="extra_css",
        type=list,
        default=[],
        description="Stylesheets linked after the theme's, e.g. /css/custom.css from static/.",
    ),
)

HTML_SECTION = ConfigSection(
    name="html",
    description="The HTML theme: widgets, feeds, search and dates.",
    keys=_KEYS,
    validate=_problems,
)


@frozen(kw_only=True)
class CallToAction:
    """A button: a label and where it leads."""

    label: str
    url: str


@frozen(kw_only=True)
class ThemeSettings:
    """The ``[html]`` section with defaults applied, as the templates see it."""

    header: tuple[str, ...] = field(converter=tuple)
    sidebar: tuple[str, ...] = field(converter=tuple)
    footer: tuple[str, ...] = field(converter=tuple)
    menu: str
    footer_menu: str
    feeds: tuple[Feed, ...]
    feeds_from_plugin: bool = False
    search_index: bool
    search_index_split: int
    search_fallback: str
    search_site_param: str
    date_format: str
    posts_per_page: int
    related_posts: int
    recent_posts: int
    tag_cloud_limit: int
    link_lists: tuple[str, ...] = field(converter=tuple)
    hero: bool
    cta: CallToAction | None
    extra_css: tuple[str, ...] = field(converter=tuple)


def theme_settings(site: Site, *, feeds_plugin: bool, feeds_package: bool = False) -> ThemeSettings:
    """The theme's settings for ``site``.

    :param feeds_plugin: whether a plugin named ``feeds`` takes part in the
        build (``feed_links = "auto"`` links the feeds only then).
    :param feeds_package: whether that plugin is coachcontent-feeds: unless
        ``[html] feeds`` is set, the theme then links the feeds it writes
        (``coachcontent_feeds.feed_urls``).
    """
    # Site.config is frozen (tuples, FrozenDict); the section's types are TOML's lists and tables.
    raw = thaw(FrozenDict(site.config_section("html")))
    values = HTML_SECTION.resolve(raw)
    problems = HTML_SECTION.check(raw)
    if problems:
        details = "; ".join(f"{key}: {message}" for key, message in problems)
        raise ValueError(f"[html] in site.toml: {details}")
    show_feeds = values["feed_links"] == "always" or (values["feed_links"] == "auto" and feeds_plugin)
    from_plugin = show_feeds and feeds_package and "feeds" not in raw
    if from_plugin:
        feeds = plugin_feeds(site)
    else:
        feeds = tuple(
            Feed(
                title=str(feed.get("title") or "Feed"),
                url=feed["url"],
                type=str(feed.get("type") or "application/rss+xml"),
            )
            for feed in values["feeds"]
        )
    cta = values["cta"]
    return ThemeSettings(
        header=values["header"],
        sidebar=values["sidebar"],
        footer=values["footer"],
        menu=values["menu"],
        footer_menu=values["footer_menu"],
        feeds=feeds if show_feeds else (),
        feeds_from_plugin=from_plugin,
        search_index=values["search_index"],
        search_index_split=values["search_index_split"],
        search_fallback=values["search_fallback"],
        search_site_param=values["search_site_param"],
        date_format=values["date_format"],
        posts_per_page=values["posts_per_page"] or site.posts_per_page,
        related_posts=values["related_posts"],
        recent_posts=values["recent_posts"],
        tag_cloud_limit=values["tag_cloud_limit"],
        link_lists=values["link_lists"],
        hero=values["hero"],
        cta=CallToAction(label=cta["label"], url=cta["url"]) if cta else None,
        extra_css=values["extra_css"],
    )
