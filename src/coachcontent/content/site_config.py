"""Reading ``site.toml``: site settings, authors, taxonomies, menus, link lists, social profiles."""

from __future__ import annotations

import re
import tomllib
from collections.abc import Callable, Mapping
from functools import partial
from pathlib import Path
from typing import Any, TypeVar

from attrs import define, field

from coachcontent.content.reporter import Reporter
from coachcontent.content.toml_lines import TomlLocator
from coachcontent.content.values import control_character_problem
from coachcontent.models.author import Author
from coachcontent.models.navigation import Link, LinkList
from coachcontent.models.social import SocialProfile
from coachcontent.models.urls import UrlScheme, pattern_problem
from coachcontent.models.validators import slug_problem, timezone_problem, url_problem

SITE_FILE = "site.toml"
_TOML_WHERE = re.compile(r"\s*\(at [^)]*\)?\s*$")
T = TypeVar("T")

#: The tables of ``site.toml`` the core reads; any other table belongs to a plugin.
CORE_SECTIONS = ("site", "urls", "authors", "taxonomies", "menus", "link_lists", "social", "plugins")

SITE_KEYS: dict[str, str] = {
    "title": "The site's name (required).",
    "url": "Where the site is published, e.g. https://example.com (required).",
    "language": "BCP 47 language tag, e.g. en or de-CH (default en).",
    "timezone": "IANA timezone in which naive dates are read (default UTC).",
    "description": "One or two sentences about the site.",
    "tagline": "A short line shown under the title.",
    "logo": "The logo's URL or site path.",
    "posts_per_page": "Posts on each page of a listing (default 10).",
    "summary_words": "Length of summaries made from the first words (default 55).",
    "tag_cloud_steps": "How many weights the tag cloud uses (default 5).",
}
AUTHOR_KEYS = ("slug", "name", "email", "url", "bio", "image", "social")
SOCIAL_KEYS = ("network", "url", "handle", "label")
TAXONOMY_KEYS = ("label", "singular", "hierarchical", "url", "description", "terms")
TERM_KEYS = ("name", "slug", "parent", "parent_slug", "description", "weight")
MENU_KEYS = ("title", "items")
ITEM_KEYS = ("title", "page", "post", "category", "tag", "taxonomy", "term", "url", "weight", "children")
LINK_LIST_KEYS = ("title", "links")
LINK_KEYS = ("title", "url", "description", "rel", "weight")
PLUGIN_KEYS = ("enabled", "disabled")


@define
class TaxonomyDecl:
    """A taxonomy as declared in ``site.toml``, its terms not yet resolved."""

    name: str
    label: str
    singular: str
    hierarchical: bool
    url: str | None
    description: str
    terms: list[dict[str, Any]] = field(factory=list)


@define
class SiteConfig:
    """What ``site.toml`` says, checked key by key."""

    path: str
    locator: TomlLocator
    raw: dict[str, Any]
    settings: dict[str, Any] = field(factory=dict)
    urls: UrlScheme = field(factory=UrlScheme)
    authors: list[Author] = field(factory=list)
    taxonomies: list[TaxonomyDecl] = field(factory=list)
    menus: dict[str, dict[str, Any]] = field(factory=dict)
    link_lists: list[LinkList] = field(factory=list)
    social: list[SocialProfile] = field(factory=list)
    plugin_tables: dict[str, Any] = field(factory=dict)
    data: bytes = b""  # the file's bytes, as read

    def line(self, dotted: str) -> int:
        """The line of a dotted key path, e.g. ``menus.main.items[0].page``."""
        return self.locator.line(dotted)


def read_site_config(site_dir: Path, reporter: Reporter) -> SiteConfig | None:
    """Read and check ``site.toml`` in ``site_dir``; ``None`` when it cannot be parsed at all."""
    path = site_dir / SITE_FILE
    label = SITE_FILE
    if not path.is_file():
        reporter.error(label, 1, "site.toml", f"no {SITE_FILE} in {site_dir} (is this a site folder?)")
        return None
    data = path.read_bytes()
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        reporter.error(label, line, "encoding", f"not UTF-8 (byte 0x{data[error.start]:02x})")
        return None
    text = text.removeprefix("\ufeff")  # a byte-order mark some editors write; harmless
    try:
        raw = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        message = str(error)
        line = 1
        if "at line " in message:
            line = int(message.split("at line ")[1].split(",")[0].split(")")[0])
        elif "end of document" in message:
            line = len(text.splitlines()) or 1
        reporter.error(label, line, "toml", f"invalid TOML: {_TOML_WHERE.sub('', message)}")
        return None
    config = SiteConfig(path=label, locator=TomlLocator(text), raw=raw, data=data)
    for dotted, problem in _control_characters(raw, ""):
        reporter.error(label, config.line(dotted), dotted, problem)
    _Reader(config, reporter).read()
    return config


def _control_characters(value: Any, dotted: str) -> list[tuple[str, str]]:
    """``(dotted path, message)`` for each string holding a control character (written as an escape)."""
    found: list[tuple[str, str]] = []
    if isinstance(value, str):
        problem = control_character_problem(value)
        if problem:
            found.append((dotted, problem))
    elif isinstance(value, dict):
        for key, item in value.items():
            path = f"{dotted}.{key}" if dotted else key
            problem = control_character_problem(key)
            if problem:
                found.append((path, f"the key {problem}"))
            found.extend(_control_characters(item, path))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            found.extend(_control_characters(item, f"{dotted}[{index}]"))
    return found


class _Reader:
    def __init__(self, config: SiteConfig, reporter: Reporter) -> None:
        self.config = config
        self.reporter = reporter

    def error(self, dotted: str, message: str) -> None:
        self.reporter.error(self.config.path, self.config.line(dotted), dotted, message)

    def table(self, value: Any, dotted: str) -> dict[str, Any]:
        if isinstance(value, dict):
            return value
        self.error(dotted, f"expected a table, got {value!r}")
        return {}

    def array(self, value: Any, dotted: str) -> list[Any]:
        if value is None:
            return []
        if isinstance(value, list):
            return value
        self.error(dotted, f"expected an array of tables ([[{dotted}]]), got {value!r}")
        return []

    def unknown(self, table: Mapping[str, Any], allowed: tuple[str, ...] | Mapping[str, str], dotted: str) -> None:
        for key in table:
            if key not in allowed:
                self.error(
                    f"{dotted}.{key}" if dotted else key,
                    f"unknown key {key!r} (accepted: {', '.join(sorted(allowed))})",
                )

    def text(
        self, table: Mapping[str, Any], key: str, dotted: str, *, required: bool = False, default: str = ""
    ) -> str:
        value = table.get(key)
        if value is None:
            if required:
                self.error(f"{dotted}.{key}", "missing (required)")
            return default
        if not isinstance(value, str):
            self.error(f"{dotted}.{key}", f"expected a string, got {value!r}")
            return default
        if required and not value.strip():
            self.error(f"{dotted}.{key}", "must not be empty")
        return value

    def checked(self, dotted: str, build: Callable[[], T]) -> T | None:
        try:
            return build()
        except (ValueError, TypeError) as error:
            self.error(dotted, str(error))
            return None

    def read(self) -> None:
        raw = self.config.raw
        for key, value in raw.items():
            if key not in CORE_SECTIONS:
                self.config.plugin_tables[key] = value
        self.read_site(self.table(raw.get("site", {}), "site"))
        self.read_urls(self.table(raw.get("urls", {}), "urls"))
        self.read_authors(self.array(raw.get("authors"), "authors"))
        self.read_taxonomies(self.table(raw.get("taxonomies", {}), "taxonomies"))
        self.read_menus(self.table(raw.get("menus", {}), "menus"))
        self.read_link_lists(self.table(raw.get("link_lists", {}), "link_lists"))
        self.config.social = self.read_social(self.array(raw.get("social"), "social"), "social")
        plugins = self.table(raw.get("plugins", {}), "plugins")
        self.unknown(plugins, PLUGIN_KEYS, "plugins")
        for key in PLUGIN_KEYS:
            if key in plugins and not (
                isinstance(plugins[key], list) and all(isinstance(i, str) for i in plugins[key])
            ):
                self.error(f"plugins.{key}", "expected a list of plugin names")

    def read_site(self, table: dict[str, Any]) -> None:
        if "site" not in self.config.raw:
            self.reporter.error(self.config.path, 1, "site", "missing [site] table (title and url are required)")
            return
        self.unknown(table, SITE_KEYS, "site")
        settings = self.config.settings
        settings["title"] = self.text(table, "title", "site", required=True)
        base = self.text(table, "url", "site", required=True)
        if base:
            problem = url_problem(base, relative=False)
            if problem or not base.startswith(("http://", "https://")):
                self.error("site.url", problem or f"{base!r} must be an http or https URL")
        settings["base_url"] = base
        for key in ("language", "description", "tagline"):
            if key in table:
                settings[key] = self.text(table, key, "site")
        if "timezone" in table:
            zone = self.text(table, "timezone", "site")
            problem = timezone_problem(zone)
            if problem:
                self.error("site.timezone", problem)
            else:
                settings["timezone"] = zone
        if "logo" in table:
            logo = self.text(table, "logo", "site")
            problem = url_problem(logo)
            if problem:
                self.error("site.logo", problem)
            else:
                settings["logo"] = logo
        for key in ("posts_per_page", "summary_words", "tag_cloud_steps"):
            if key in table:
                value = table[key]
                if isinstance(value, bool) or not isinstance(value, int) or value < 1:
                    self.error(f"site.{key}", f"expected a positive integer, got {value!r}")
                else:
                    settings[key] = value

    def read_urls(self, table: dict[str, Any]) -> None:
        fields = UrlScheme.__attrs_attrs__
        names = tuple(a.name for a in fields)
        self.unknown(table, names, "urls")
        good = {}
        for key, value in table.items():
            if key not in names:
                continue
            problem = pattern_problem(key, value)
            if problem:
                self.error(f"urls.{key}", problem)
            else:
                good[key] = value
        self.config.urls = UrlScheme(**good)

    def read_social(self, items: list[Any], dotted: str) -> list[SocialProfile]:
        profiles = []
        for index, item in enumerate(items):
            where = f"{dotted}[{index}]"
            table = self.table(item, where)
            self.unknown(table, SOCIAL_KEYS, where)
            network = self.text(table, "network", where, required=True)
            url = self.text(table, "url", where, required=True)
            if network and slug_problem(network):
                self.error(f"{where}.network", slug_problem(network) or "")
                continue
            if url and url_problem(url):
                self.error(f"{where}.url", url_problem(url) or "")
                continue
            profile = self.checked(
                where,
                partial(
                    SocialProfile,
                    network=network,
                    url=url,
                    handle=str(table.get("handle", "")),
                    label=str(table.get("label", "")),
                ),
            )
            if profile is not None:
                profiles.append(profile)
        return profiles

    def read_authors(self, items: list[Any]) -> None:
        for index, item in enumerate(items):
            where = f"authors[{index}]"
            table = self.table(item, where)
            self.unknown(table, AUTHOR_KEYS, where)
            slug = self.text(table, "slug", where, required=True)
            name = self.text(table, "name", where, required=True)
            if slug and slug_problem(slug):
                self.error(f"{where}.slug", slug_problem(slug) or "")
                continue
            for key in ("url", "image"):
                if key in table and url_problem(table[key]):
                    self.error(f"{where}.{key}", url_problem(table[key]) or "")
            social = self.read_social(self.array(table.get("social"), f"{where}.social"), f"{where}.social")
            if not slug or not name:
                continue
            author = self.checked(
                where,
                partial(
                    Author,
                    slug=slug,
                    name=name,
                    email=table.get("email"),
                    url=table.get("url"),
                    bio=str(table.get("bio", "")),
                    image=table.get("image"),
                    social=social,
                ),
            )
            if author is not None:
                self.config.authors.append(author)

    def read_taxonomies(self, table: dict[str, Any]) -> None:
        defaults = {"categories": ("Categories", "Category", True), "tags": ("Tags", "Tag", False)}
        names = list(dict.fromkeys([*defaults, *table]))
        for name in names:
            where = f"taxonomies.{name}"
            spec = self.table(table.get(name, {}), where)
            if slug_problem(name):
                self.error(where, f"taxonomy name {slug_problem(name)}")
                continue
            self.unknown(spec, TAXONOMY_KEYS, where)
            label, singular, hierarchical = defaults.get(
                name, (name.replace("-", " ").title(), name.replace("-", " ").title(), False)
            )
            if "hierarchical" in spec:
                if not isinstance(spec["hierarchical"], bool):
                    self.error(f"{where}.hierarchical", "expected true or false")
                elif name in defaults and spec["hierarchical"] != hierarchical:
                    self.error(
                        f"{where}.hierarchical", f"{name} is always {'hierarchical' if hierarchical else 'flat'}"
                    )
                else:
                    hierarchical = spec["hierarchical"]
            url = spec.get("url")
            if url is not None:
                problem = pattern_problem("term", url)
                if problem:
                    self.error(f"{where}.url", problem)
                    url = None
            decl = TaxonomyDecl(
                name=name,
                label=self.text(spec, "label", where, default=label) or label,
                singular=self.text(spec, "singular", where, default=singular) or singular,
                hierarchical=hierarchical,
                url=url,
                description=self.text(spec, "description", where),
            )
            for index, term in enumerate(self.array(spec.get("terms"), f"{where}.terms")):
                term_where = f"{where}.terms[{index}]"
                term_table = self.table(term, term_where)
                self.unknown(term_table, TERM_KEYS, term_where)
                if not self.text(term_table, "name", term_where, required=True):
                    continue
                if "slug" in term_table and slug_problem(term_table["slug"]):
                    self.error(f"{term_where}.slug", slug_problem(term_table["slug"]) or "")
                    continue
                if ("parent" in term_table or "parent_slug" in term_table) and not hierarchical:
                    self.error(f"{term_where}.parent", f"{name!r} is flat; its terms cannot have parents")
                    continue
                if "weight" in term_table and (
                    isinstance(term_table["weight"], bool) or not isinstance(term_table["weight"], int)
                ):
                    self.error(f"{term_where}.weight", "expected an integer")
                    continue
                decl.terms.append({**term_table, "_where": term_where})
            self.config.taxonomies.append(decl)

    def read_menus(self, table: dict[str, Any]) -> None:
        for name, spec in table.items():
            where = f"menus.{name}"
            if slug_problem(name):
                self.error(where, f"menu name {slug_problem(name)}")
                continue
            spec = self.table(spec, where)
            self.unknown(spec, MENU_KEYS, where)
            self.config.menus[name] = spec

    def read_link_lists(self, table: dict[str, Any]) -> None:
        for name, spec in table.items():
            where = f"link_lists.{name}"
            if slug_problem(name):
                self.error(where, f"link list name {slug_problem(name)}")
                continue
            spec = self.table(spec, where)
            self.unknown(spec, LINK_LIST_KEYS, where)
            links = []
            for index, item in enumerate(self.array(spec.get("links"), f"{where}.links")):
                link_where = f"{where}.links[{index}]"
                link = self.table(item, link_where)
                self.unknown(link, LINK_KEYS, link_where)
                title = self.text(link, "title", link_where, required=True)
                url = self.text(link, "url", link_where, required=True)
                if url and url_problem(url):
                    self.error(f"{link_where}.url", url_problem(url) or "")
                    continue
                if not title or not url:
                    continue
                built = self.checked(
                    link_where,
                    partial(
                        Link,
                        title=title,
                        url=url,
                        description=str(link.get("description", "")),
                        rel=str(link.get("rel", "")),
                        weight=link.get("weight", 0),
                    ),
                )
                if built is not None:
                    links.append(built)
            title = self.text(spec, "title", where, default=name.replace("-", " ").title())
            built_list = self.checked(where, partial(LinkList, slug=name, title=title, links=links))
            if built_list is not None:
                self.config.link_lists.append(built_list)
