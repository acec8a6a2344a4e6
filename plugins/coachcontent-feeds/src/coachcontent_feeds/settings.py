"""The ``[feeds]`` section of ``site.toml`` and the settings read from it."""

from __future__ import annotations

import re
import weakref
from collections.abc import Iterator, Mapping
from typing import Any, Literal
from urllib.parse import urlsplit

from attrs import field, frozen

from coachcontent import ConfigKey, ConfigSection, FrozenDict, Site
from coachcontent_feeds.errors import FeedError
from coachcontent_feeds.podcast import Podcast, read_podcast

Format = Literal["rss", "atom", "json"]
#: The three formats, in the order feeds are listed and written.
FORMATS: tuple[Format, ...] = ("rss", "atom", "json")

_LABEL = r"[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?"
_HOST = re.compile(rf"^{_LABEL}(?:\.{_LABEL})*$")
_EMAIL_AUTHORITY = re.compile(rf"^[A-Za-z0-9._%+\-]+@{_LABEL}(?:\.{_LABEL})*$")

KEYS: tuple[ConfigKey, ...] = (
    ConfigKey(name="rss", type=bool, default=True, description="Write RSS 2.0 feeds."),
    ConfigKey(name="atom", type=bool, default=True, description="Write Atom 1.0 feeds."),
    ConfigKey(name="json", type=bool, default=True, description="Write JSON Feed 1.1 feeds."),
    ConfigKey(name="limit", type=int, default=20, description="The most entries in a feed; 0 puts every post in."),
    ConfigKey(
        name="content",
        type=str,
        default="full",
        description="Entries carry the full body ('full') or only the summary ('summary').",
        choices=("full", "summary"),
    ),
    ConfigKey(name="site", type=bool, default=True, description="Write the feeds of the whole site."),
    ConfigKey(name="categories", type=bool, default=True, description="Write a feed for each category with posts."),
    ConfigKey(name="tags", type=bool, default=True, description="Write a feed for each tag with posts."),
    ConfigKey(
        name="taxonomies",
        type=bool,
        default=True,
        description="Write a feed for each term with posts of every other declared taxonomy (e.g. series).",
    ),
    ConfigKey(name="authors", type=bool, default=True, description="Write a feed for each author with posts."),
    ConfigKey(
        name="descendants",
        type=bool,
        default=True,
        description="A term's feed in a hierarchical taxonomy includes the posts of the terms below it.",
    ),
    ConfigKey(name="site_rss_path", type=str, default="/feed.xml", description="Site path of the site's RSS feed."),
    ConfigKey(name="site_atom_path", type=str, default="/atom.xml", description="Site path of the site's Atom feed."),
    ConfigKey(name="site_json_path", type=str, default="/feed.json", description="Site path of the site's JSON Feed."),
    ConfigKey(
        name="rss_file",
        type=str,
        default="feed.xml",
        description="File name of a term's or author's RSS feed, inside the folder of its archive URL.",
    ),
    ConfigKey(
        name="atom_file",
        type=str,
        default="atom.xml",
        description="File name of a term's or author's Atom feed, inside the folder of its archive URL.",
    ),
    ConfigKey(
        name="json_file",
        type=str,
        default="feed.json",
        description="File name of a term's or author's JSON Feed, inside the folder of its archive URL.",
    ),
    ConfigKey(name="hubs", type=list, default=[], description="WebSub hub URLs announced by every feed."),
    ConfigKey(
        name="stylesheet",
        type=bool,
        default=False,
        description="Add an XSLT stylesheet instruction so a browser shows RSS and Atom feeds as a readable page.",
    ),
    ConfigKey(
        name="stylesheet_path",
        type=str,
        default="/feed.xsl",
        description="Site path of the XSLT stylesheet written when stylesheet is true.",
    ),
    ConfigKey(
        name="authority",
        type=str,
        default="",
        description="The tag: URI authority of entry ids; by default the host of the site's URL. "
        "Keep the old host here when the site moves to a new domain.",
    ),
    ConfigKey(name="copyright", type=str, default="", description="RSS copyright and Atom rights of every feed."),
    ConfigKey(
        name="image", type=str, default="", description="Feed image (RSS image, Atom logo); by default the site's logo."
    ),
    ConfigKey(
        name="podcast",
        type=dict,
        default={},
        description="Declares the site's feeds a podcast: a table of iTunes settings (see the README).",
    ),
    ConfigKey(
        name="podcasts",
        type=dict,
        default={},
        description="Declares terms podcasts: [feeds.podcasts.<taxonomy>.<term slug>] tables of iTunes settings.",
    ),
)


def _site_path_problem(value: str) -> str | None:
    if not value.startswith("/") or value.startswith("//") or value.endswith("/"):
        return f"{value!r} must be a site path of a file, starting with one / (e.g. '/feed.xml')"
    if any(c.isspace() for c in value) or any(c in value for c in "?#\\"):
        return f"{value!r} must not contain whitespace, ?, # or \\"
    if any(part in (".", "..") for part in value.split("/")):
        return f"{value!r} must not contain . or .. segments"
    return None


def _file_problem(value: str) -> str | None:
    if not value or value.startswith("/") or value.endswith("/"):
        return f"{value!r} must be a file name relative to the archive's folder (e.g. 'feed.xml')"
    if any(c.isspace() for c in value) or any(c in value for c in "?#\\"):
        return f"{value!r} must not contain whitespace, ?, # or \\"
    if any(part in ("", ".", "..") for part in value.split("/")):
        return f"{value!r} must not contain empty, . or .. segments"
    return None


def _http_url(value: object) -> bool:
    if not isinstance(value, str) or any(c.isspace() for c in value):
        return False
    parts = urlsplit(value)
    return parts.scheme in ("http", "https") and bool(parts.netloc)


def authority_problem(value: str) -> str | None:
    """Why ``value`` cannot be a ``tag:`` URI authority (RFC 4151: a DNS name or an e-mail address)."""
    if _HOST.match(value) or _EMAIL_AUTHORITY.match(value):
        return None
    return f"{value!r} is neither a lowercase host name nor an e-mail address"


def validate(values: Mapping[str, Any]) -> Iterator[tuple[str, str]]:
    """Checks across the keys of ``[feeds]`` (the section's ``validate``)."""
    if values["limit"] < 0:
        yield "limit", "must be 0 (every post) or more"
    for key in ("site_rss_path", "site_atom_path", "site_json_path", "stylesheet_path"):
        problem = _site_path_problem(values[key])
        if problem:
            yield key, problem
    for key in ("rss_file", "atom_file", "json_file"):
        problem = _file_problem(values[key])
        if problem:
            yield key, problem
    site_paths = [values[key] for key in ("site_rss_path", "site_atom_path", "site_json_path")]
    if len(set(site_paths)) != len(site_paths):
        yield "site_rss_path", "the site's RSS, Atom and JSON feeds need three different paths"
    files = [values[key] for key in ("rss_file", "atom_file", "json_file")]
    if len(set(files)) != len(files):
        yield "rss_file", "the RSS, Atom and JSON feeds of a term need three different file names"
    for index, hub in enumerate(values["hubs"]):
        if not _http_url(hub):
            yield "hubs", f"item {index + 1}: {hub!r} is not an http(s) URL"
    if values["authority"]:
        problem = authority_problem(values["authority"])
        if problem:
            yield "authority", problem
    image = values["image"]
    if image and not (_http_url(image) or _site_path_problem(image) is None):
        yield "image", f"{image!r} must be an http(s) URL or a site path"
    for taxonomy, terms in values["podcasts"].items():
        if not isinstance(terms, Mapping) or not all(isinstance(table, Mapping) for table in terms.values()):
            yield "podcasts", f"[feeds.podcasts.{taxonomy}] must hold one table per term slug"


SECTION = ConfigSection(
    name="feeds",
    description="RSS 2.0, Atom 1.0 and JSON Feed 1.1 feeds of the site, its terms and authors; podcasts.",
    keys=KEYS,
    validate=validate,
)


def _by_format(value: Mapping[str, str]) -> FrozenDict[str, str]:
    return FrozenDict(value)


def _by_term(value: Mapping[tuple[str, str], Podcast]) -> FrozenDict[tuple[str, str], Podcast]:
    return FrozenDict(value)


@frozen(kw_only=True)
class FeedSettings:
    """``[feeds]`` with defaults applied and podcasts read; see the README for each key."""

    formats: tuple[Format, ...]
    limit: int
    full_content: bool
    site: bool
    categories: bool
    tags: bool
    taxonomies: bool
    authors: bool
    descendants: bool
    site_paths: FrozenDict[str, str] = field(converter=_by_format)
    files: FrozenDict[str, str] = field(converter=_by_format)
    hubs: tuple[str, ...]
    stylesheet: str | None
    authority: str
    copyright: str
    image: str | None
    podcast: Podcast | None
    podcasts: FrozenDict[tuple[str, str], Podcast] = field(converter=_by_term)


_SETTINGS: weakref.WeakKeyDictionary[Site, FeedSettings] = weakref.WeakKeyDictionary()


def default_authority(site: Site) -> str:
    """The host of the site's URL, lowercased, without a port."""
    return (urlsplit(site.base_url).hostname or "").lower()


def feed_settings(site: Site) -> FeedSettings:
    """The site's ``[feeds]`` settings (read once per site).

    :raises FeedError: naming every bad key, for sites built in Python whose
        section the loader has not checked, and every podcast problem.
    """
    cached = _SETTINGS.get(site)
    if cached is not None:
        return cached
    section = site.config_section("feeds")
    raw: dict[str, Any] = section.thaw() if isinstance(section, FrozenDict) else dict(section)
    problems = [f"[feeds] {key}: {message}" for key, message in SECTION.check(raw)]
    if problems:
        raise FeedError(problems)
    values = SECTION.resolve(raw)
    podcast = None
    if values["podcast"]:
        podcast, found = read_podcast(site, values["podcast"], "[feeds.podcast]")
        problems += found
    podcasts: dict[tuple[str, str], Podcast] = {}
    taxonomies = {taxonomy.name: taxonomy for taxonomy in site.taxonomies}
    for taxonomy_name, terms in sorted(values["podcasts"].items()):
        for slug, table in sorted(terms.items()):
            where = f"[feeds.podcasts.{taxonomy_name}.{slug}]"
            if taxonomy_name not in taxonomies:
                problems.append(f"{where}: no taxonomy {taxonomy_name!r} (declared: {', '.join(sorted(taxonomies))})")
                continue
            if slug not in {term.slug for term in taxonomies[taxonomy_name].terms}:
                problems.append(f"{where}: no term with the slug {slug!r} in {taxonomy_name!r}")
                continue
            found_podcast, found = read_podcast(site, table, where)
            problems += found
            if found_podcast is not None:
                podcasts[(taxonomy_name, slug)] = found_podcast
    if problems:
        raise FeedError(problems)
    image = values["image"] or site.logo
    settings = FeedSettings(
        formats=tuple(fmt for fmt in FORMATS if values[fmt]),
        limit=values["limit"],
        full_content=values["content"] == "full",
        site=values["site"],
        categories=values["categories"],
        tags=values["tags"],
        taxonomies=values["taxonomies"],
        authors=values["authors"],
        descendants=values["descendants"],
        site_paths={fmt: values[f"site_{fmt}_path"] for fmt in FORMATS},
        files={fmt: values[f"{fmt}_file"] for fmt in FORMATS},
        hubs=tuple(values["hubs"]),
        stylesheet=values["stylesheet_path"] if values["stylesheet"] else None,
        authority=values["authority"] or default_authority(site),
        copyright=values["copyright"],
        image=site.absolute_url(image) if image else None,
        podcast=podcast,
        podcasts=podcasts,
    )
    _SETTINGS[site] = settings
    return settings
