"""The ``[share]`` section of ``site.toml``."""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from typing import Any

from coachcontent import ConfigKey, ConfigSection, FrozenDict, Site
from coachcontent_share.locales import LOCALE_PATTERN

#: The networks shown when ``[share] networks`` is not set, in this order.
DEFAULT_NETWORKS = (
    "linkedin",
    "facebook",
    "x",
    "bluesky",
    "mastodon",
    "threads",
    "whatsapp",
    "email",
)

DEFAULT_SEARCH_URL = "/search/?q={search_term_string}"

SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
# A host name (lowercase labels joined by dots) with an optional port.
_LABEL = r"[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?"
_HOST = re.compile(rf"^{_LABEL}(?:\.{_LABEL})*(?::\d{{1,5}})?$")
# An X user name: 1 to 15 letters, digits or underscores.
_X_HANDLE = re.compile(r"^@?[A-Za-z0-9_]{1,15}$")


def _validate(values: Mapping[str, Any]) -> Iterator[tuple[str, str]]:
    networks = values["networks"]
    for index, network in enumerate(networks):
        if not isinstance(network, str) or not SLUG.match(network):
            yield "networks", f"item {index + 1}: {network!r} is not a slug such as 'linkedin'"
    if len(set(map(str, networks))) != len(networks):
        yield "networks", "a network is listed twice"
    for network, label in values["labels"].items():
        if not SLUG.match(str(network)):
            yield "labels", f"{network!r} is not a network slug"
        if not isinstance(label, str) or not label.strip():
            yield "labels", f"the label of {network!r} must be a non-empty string"
    if values["max_hashtags"] < 0:
        yield "max_hashtags", "must be 0 or more"
    instance = values["mastodon_instance"]
    if not _HOST.match(instance):
        yield (
            "mastodon_instance",
            f"{instance!r} is not a host name; write the server's name only: 'mastodon.social'",
        )
    for key in ("via", "twitter_site"):
        if values[key] and not _X_HANDLE.match(values[key]):
            yield key, f"{values[key]!r} is not an X user name (letters, digits, _; at most 15)"
    if values["facebook_app_id"] and not values["facebook_app_id"].isdigit():
        yield "facebook_app_id", "an app id is made of digits"
    for key in ("default_image", "publisher_logo"):
        if values[key] and not _is_link(values[key]):
            yield key, f"{values[key]!r} must be an http(s) URL or a site path starting with /"
    for key in ("default_image_width", "default_image_height"):
        if values[key] < 0:
            yield key, "must be 0 (unknown) or more"
    if values["locale"] and not LOCALE_PATTERN.match(values["locale"]):
        yield "locale", f"{values['locale']!r} is not an Open Graph locale such as 'en_GB'"
    if values["description_length"] < 20:
        yield "description_length", "must be at least 20"
    search = values["search_url"]
    if search and (not _is_link(search) or "{search_term_string}" not in search):
        yield (
            "search_url",
            "must be a site path or http(s) URL containing {search_term_string}, or empty",
        )


def _is_link(value: str) -> bool:
    if value.startswith("/"):
        return not value.startswith("//") and not any(c.isspace() for c in value)
    return value.startswith(("https://", "http://")) and not any(c.isspace() for c in value)


_KEYS: tuple[ConfigKey, ...] = (
    ConfigKey(
        name="networks",
        type=list,
        default=list(DEFAULT_NETWORKS),
        description="The share networks shown under an entry, in this order.",
    ),
    ConfigKey(
        name="labels",
        type=dict,
        default={},
        description="Link text per network slug, e.g. {x = 'Post on X'}.",
    ),
    ConfigKey(
        name="pages",
        type=bool,
        default=False,
        description="Whether pages get share links too (a page can ask with share = true).",
    ),
    ConfigKey(
        name="hashtags",
        type=bool,
        default=True,
        description="Whether tags are passed as hashtags to the networks that take them.",
    ),
    ConfigKey(
        name="max_hashtags",
        type=int,
        default=3,
        description="The most hashtags passed to a network.",
    ),
    ConfigKey(
        name="via",
        type=str,
        default="",
        description="X user name credited with 'via @name' on X shares.",
    ),
    ConfigKey(
        name="mastodon_instance",
        type=str,
        default="mastodon.social",
        description="The Mastodon server whose /share page Mastodon links open.",
    ),
    ConfigKey(
        name="facebook_app_id",
        type=str,
        default="",
        description="A Facebook app id: enables the documented share dialog and fb:app_id.",
    ),
    ConfigKey(
        name="utm_source",
        type=str,
        default="",
        description="utm_source added to shared URLs; {network} and {slug} are replaced.",
    ),
    ConfigKey(
        name="utm_medium",
        type=str,
        default="",
        description="utm_medium added to shared URLs; {network} and {slug} are replaced.",
    ),
    ConfigKey(
        name="utm_campaign",
        type=str,
        default="",
        description="utm_campaign added to shared URLs; {network} and {slug} are replaced.",
    ),
    ConfigKey(
        name="default_image",
        type=str,
        default="",
        description="Image for og:image and Pinterest when an entry has none.",
    ),
    ConfigKey(
        name="default_image_alt",
        type=str,
        default="",
        description="Alternative text of the default image.",
    ),
    ConfigKey(
        name="default_image_width",
        type=int,
        default=0,
        description="Width of the default image in pixels (0: unknown).",
    ),
    ConfigKey(
        name="default_image_height",
        type=int,
        default=0,
        description="Height of the default image in pixels (0: unknown).",
    ),
    ConfigKey(
        name="twitter_site",
        type=str,
        default="",
        description="X user name for twitter:site; by default that of the site's x profile.",
    ),
    ConfigKey(
        name="locale",
        type=str,
        default="",
        description="og:locale such as 'en_GB'; by default derived from the site's language.",
    ),
    ConfigKey(
        name="description_length",
        type=int,
        default=200,
        description="The longest og:description, in characters.",
    ),
    ConfigKey(
        name="search_url",
        type=str,
        default=DEFAULT_SEARCH_URL,
        description="Search URL for the home page's SearchAction; empty to leave it out.",
    ),
    ConfigKey(
        name="publisher_logo",
        type=str,
        default="",
        description="Logo of the JSON-LD publisher; by default the site's logo.",
    ),
    ConfigKey(
        name="open_graph",
        type=bool,
        default=True,
        description="Whether Open Graph tags are produced.",
    ),
    ConfigKey(
        name="twitter_cards",
        type=bool,
        default=True,
        description="Whether X card tags are produced.",
    ),
    ConfigKey(
        name="json_ld",
        type=bool,
        default=True,
        description="Whether schema.org JSON-LD is produced.",
    ),
)

SECTION = ConfigSection(
    name="share",
    description="Share links, follow links, Open Graph, X cards and schema.org JSON-LD.",
    # ConfigSection converts keys with a bare ``tuple``, which mypy's attrs
    # plugin types as an unsolved Iterable[_T_co]; the value is right.
    keys=_KEYS,
    validate=_validate,
)


class ShareSettingsError(ValueError):
    """The ``[share]`` section or an entry's ``share`` front matter is not usable."""


#: Resolved sections by the id of the site's settings (kept with them, so an id reused
#: by a later object does not match), frozen: tables as FrozenDict, lists as tuples.
_RESOLVED: dict[int, tuple[Mapping[str, Any], FrozenDict[str, Any]]] = {}


def settings(site: Site) -> dict[str, Any]:
    """The site's ``[share]`` section with defaults filled in.

    The core checks the section when it loads ``site.toml``; a site built in
    Python is checked here, so a bad value fails with a clear message rather
    than a wrong link.  The result is the caller's own (plain dicts and lists).
    """
    thawed: dict[str, Any] = _thawed(resolved_settings(site))
    return thawed


def resolved_settings(site: Site) -> FrozenDict[str, Any]:
    """:func:`settings`, read-only: tables as :class:`~coachcontent.FrozenDict`, lists
    as tuples.  Checked and resolved once per site (every page asks, twice), and
    shared: no caller, and no network's ``build``, can change what another sees."""
    config = site.config
    kept = _RESOLVED.get(id(config))
    if kept is not None and kept[0] is config:
        return kept[1]
    section = site.config_section("share")
    # The site keeps its settings frozen (tables as FrozenDict, lists as tuples);
    # the section's keys are declared with the plain TOML types.
    raw = section.thaw() if isinstance(section, FrozenDict) else dict(section)
    problems = SECTION.check(raw)
    if problems:
        details = "; ".join(f"{key}: {message}" for key, message in problems)
        raise ShareSettingsError(f"[share] in site.toml: {details}")
    values = SECTION.resolve(raw)
    values["via"] = values["via"].lstrip("@")
    values["twitter_site"] = values["twitter_site"].lstrip("@")
    if len(_RESOLVED) >= 8:
        _RESOLVED.clear()
    frozen: FrozenDict[str, Any] = _frozen(values)
    _RESOLVED[id(config)] = (config, frozen)
    return frozen


def _frozen(value: Any) -> Any:
    """Tables (dicts) as FrozenDict, arrays (lists) as tuples, all the way down."""
    if isinstance(value, Mapping):
        return FrozenDict({key: _frozen(item) for key, item in value.items()})
    if isinstance(value, list | tuple):
        return tuple(_frozen(item) for item in value)
    return value


def _thawed(value: Any) -> Any:
    """Undo :func:`_frozen`: plain dicts and lists (what TOML gives)."""
    if isinstance(value, Mapping):
        return {key: _thawed(item) for key, item in value.items()}
    if isinstance(value, tuple):
        return [_thawed(item) for item in value]
    return value
