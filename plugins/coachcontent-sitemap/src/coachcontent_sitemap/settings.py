"""The ``[sitemap]`` section of ``site.toml`` and the settings read from it."""

from __future__ import annotations

import re
import weakref
from collections.abc import Iterator, Mapping
from typing import Any

from attrs import field, frozen

from coachcontent import BuildError, ConfigKey, ConfigSection, FrozenDict, Site

#: The most URLs one sitemap file may list (sitemaps.org protocol).
MAX_URLS = 50_000
#: The largest a sitemap file may be, uncompressed: 50 MiB (sitemaps.org protocol).
MAX_BYTES = 52_428_800
#: The smallest ``max_bytes`` accepted: room for the document's frame and one long URL.
MIN_BYTES = 4096
ARCHIVES = ("both", "yearly", "monthly", "none")
_AGENT = re.compile(r"^[A-Za-z0-9*][A-Za-z0-9 ._*/\-]*$")

KEYS: tuple[ConfigKey, ...] = (
    ConfigKey(
        name="path", type=str, default="/sitemap.xml", description="Site path of the sitemap (or sitemap index)."
    ),
    ConfigKey(
        name="part_path",
        type=str,
        default="/sitemap-{n}.xml",
        description="Site path of each part when the sitemap is split; {n} counts from 1.",
    ),
    ConfigKey(
        name="max_urls",
        type=int,
        default=MAX_URLS,
        description="The most URLs in one sitemap file before it is split (1 to 50,000).",
    ),
    ConfigKey(
        name="max_bytes",
        type=int,
        default=MAX_BYTES,
        description="The largest sitemap file, in bytes, before it is split (4,096 to 52,428,800).",
    ),
    ConfigKey(name="home", type=bool, default=True, description="List the home page."),
    ConfigKey(name="posts", type=bool, default=True, description="List every published post."),
    ConfigKey(name="pages", type=bool, default=True, description="List every published page."),
    ConfigKey(name="terms", type=bool, default=True, description="List the archive of every term with posts."),
    ConfigKey(
        name="empty_terms",
        type=bool,
        default=False,
        description="List the archives of terms without published posts too.",
    ),
    ConfigKey(name="authors", type=bool, default=True, description="List the page of every author with posts."),
    ConfigKey(
        name="archives",
        type=str,
        default="both",
        description="Which date archives to list: both, yearly, monthly or none.",
        choices=ARCHIVES,
    ),
    ConfigKey(
        name="exclude",
        type=list,
        default=[],
        description="Site paths to leave out; a path ending in / leaves out everything under it.",
    ),
    ConfigKey(name="robots", type=bool, default=True, description="Write /robots.txt naming the sitemap."),
    ConfigKey(
        name="disallow",
        type=list,
        default=[],
        description="Site paths robots.txt disallows for every crawler (User-agent: *).",
    ),
    ConfigKey(
        name="agents",
        type=dict,
        default={},
        description="Rules for named crawlers: user agent to the list of paths it may not crawl, "
        "e.g. {GPTBot = ['/']}.",
    ),
)


def _path_problem(value: object) -> str | None:
    if not isinstance(value, str) or not value.startswith("/") or value.startswith("//"):
        return f"{value!r} must be a site path starting with one /"
    if any(c.isspace() or ord(c) < 32 for c in value) or "\\" in value:
        return f"{value!r} must not contain whitespace, control characters or \\"
    return None


def _file_path_problem(value: str) -> str | None:
    problem = _path_problem(value)
    if problem:
        return problem
    if value.endswith("/") or any(c in value for c in "?#") or any(p in (".", "..") for p in value.split("/")):
        return f"{value!r} must be the site path of a file (no trailing /, ?, # or . segments)"
    if value.count("/") != 1:
        # A sitemap may only list URLs under its own folder: keep it at the root.
        return f"{value!r} must be at the site's root (e.g. '/sitemap.xml'), so it may list every URL"
    return None


def validate(values: Mapping[str, Any]) -> Iterator[tuple[str, str]]:
    """Checks across the keys of ``[sitemap]`` (the section's ``validate``)."""
    for key in ("path", "part_path"):
        problem = _file_path_problem(values[key])
        if problem:
            yield key, problem
    if "{n}" not in values["part_path"]:
        yield "part_path", "must contain {n}, the number of the part"
    elif values["part_path"].replace("{n}", "1") == values["path"]:
        yield "part_path", "must differ from path"
    if not 1 <= values["max_urls"] <= MAX_URLS:
        yield "max_urls", f"must be from 1 to {MAX_URLS:,}"
    if not MIN_BYTES <= values["max_bytes"] <= MAX_BYTES:
        yield "max_bytes", f"must be from {MIN_BYTES:,} to {MAX_BYTES:,}"
    for key in ("exclude", "disallow"):
        for index, path in enumerate(values[key]):
            problem = _path_problem(path)
            if problem:
                yield key, f"item {index + 1}: {problem}"
    for agent, paths in values["agents"].items():
        if not _AGENT.match(str(agent)):
            yield "agents", f"{agent!r} is not a user-agent name"
        if not isinstance(paths, list | tuple):
            yield "agents", f"the rules of {agent!r} must be a list of site paths"
            continue
        for path in paths:
            problem = _path_problem(path)
            if problem:
                yield "agents", f"{agent}: {problem}"


SECTION = ConfigSection(
    name="sitemap",
    description="sitemap.xml (split into a sitemap index past the limits) and robots.txt.",
    keys=KEYS,
    validate=validate,
)


class SitemapError(BuildError):
    """The ``[sitemap]`` section cannot be used (reported for sites built in Python)."""


def _paths(value: Any) -> tuple[str, ...]:
    return tuple(value)


def _agents(value: Mapping[str, Any]) -> FrozenDict[str, tuple[str, ...]]:
    return FrozenDict({str(agent): tuple(paths) for agent, paths in sorted(value.items())})


@frozen(kw_only=True)
class SitemapSettings:
    """``[sitemap]`` with defaults applied; see the README for each key."""

    path: str
    part_path: str
    max_urls: int
    max_bytes: int
    home: bool
    posts: bool
    pages: bool
    terms: bool
    empty_terms: bool
    authors: bool
    archives: str
    exclude: tuple[str, ...] = field(converter=_paths)
    robots: bool
    disallow: tuple[str, ...] = field(converter=_paths)
    agents: FrozenDict[str, tuple[str, ...]] = field(converter=_agents)


_SETTINGS: weakref.WeakKeyDictionary[Site, SitemapSettings] = weakref.WeakKeyDictionary()


def sitemap_settings(site: Site) -> SitemapSettings:
    """The site's ``[sitemap]`` settings (read once per site).

    :raises SitemapError: naming every bad key (the loader checks ``site.toml``;
        this catches sites built in Python).
    """
    cached = _SETTINGS.get(site)
    if cached is not None:
        return cached
    section = site.config_section("sitemap")
    raw: dict[str, Any] = section.thaw() if isinstance(section, FrozenDict) else dict(section)
    problems = SECTION.check(raw)
    if problems:
        raise SitemapError("\n".join(f"[sitemap] {key}: {message}" for key, message in problems))
    settings = SitemapSettings(**SECTION.resolve(raw))
    _SETTINGS[site] = settings
    return settings
