"""Share links for an entry and follow links for the site's profiles."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from attrs import frozen

from coachcontent import FrozenDict, Page, Post, ShareLink, Site
from coachcontent_share.config import SLUG, ShareSettingsError, resolved_settings
from coachcontent_share.hashtags import hashtags
from coachcontent_share.icons import icon
from coachcontent_share.images import share_image
from coachcontent_share.networks import BUILTIN_NETWORKS, SharedContent, ShareNetwork
from coachcontent_share.plaintext import plain_text, shorten
from coachcontent_share.urls import with_utm

#: The front-matter key an entry uses to choose or hide its share links.
FRONT_MATTER_KEY = "share"
_OVERRIDE_KEYS = ("networks", "labels", "hashtags", "title")


@frozen(kw_only=True)
class EntryShare:
    """An entry's own ``share`` front matter, read and checked.

    ``share: false`` hides the links; ``share: true`` shows the site's
    networks (also on pages, which have none by default); a list chooses the
    networks and their order; a table may set ``networks``, ``labels``
    (network → text), ``hashtags`` (replacing those made from the tags) and
    ``title`` (the text shared instead of the entry's title).
    """

    enabled: bool | None = None
    networks: tuple[str, ...] | None = None
    labels: Mapping[str, str] = FrozenDict()
    hashtags: tuple[str, ...] | None = None
    title: str | None = None


def _subject(entry: Post | Page) -> str:
    kind = "post" if isinstance(entry, Post) else "page"
    key = entry.slug if isinstance(entry, Post) else entry.path
    where = f" ({entry.source_path})" if entry.source_path else ""
    return f"{kind} {key!r}{where}"


def _strings(entry: Post | Page, field: str, value: Any) -> tuple[str, ...]:
    if isinstance(value, str) or not isinstance(value, Sequence):
        raise ShareSettingsError(f"{_subject(entry)}: share.{field}: expected a list, got {value!r}")
    if not all(isinstance(item, str) for item in value):
        raise ShareSettingsError(f"{_subject(entry)}: share.{field}: expected a list of strings")
    return tuple(value)


def _networks(entry: Post | Page, value: Any) -> tuple[str, ...]:
    networks = _strings(entry, "networks", value)
    for network in networks:
        if not SLUG.match(network):
            raise ShareSettingsError(f"{_subject(entry)}: share: {network!r} is not a network slug such as 'linkedin'")
    return tuple(dict.fromkeys(networks))


def entry_share(entry: Post | Page) -> EntryShare:
    """Read the entry's ``share`` front matter; :class:`ShareSettingsError` when malformed."""
    value = entry.extra.get(FRONT_MATTER_KEY)
    if value is None:
        return EntryShare()
    if isinstance(value, bool):
        return EntryShare(enabled=value)
    if isinstance(value, Mapping):
        unknown = sorted(set(value) - set(_OVERRIDE_KEYS))
        if unknown:
            raise ShareSettingsError(
                f"{_subject(entry)}: share: unknown key(s) {', '.join(unknown)} (accepted: {', '.join(_OVERRIDE_KEYS)})"
            )
        labels = value.get("labels", {})
        if not isinstance(labels, Mapping) or not all(
            isinstance(text, str) and text.strip() for text in labels.values()
        ):
            raise ShareSettingsError(f"{_subject(entry)}: share.labels: expected a table of network = label")
        title = value.get("title")
        if title is not None and (not isinstance(title, str) or not title.strip()):
            raise ShareSettingsError(f"{_subject(entry)}: share.title: expected a non-empty string")
        return EntryShare(
            enabled=True,
            networks=_networks(entry, value["networks"]) if "networks" in value else None,
            labels=FrozenDict(dict(labels)),
            hashtags=(_strings(entry, "hashtags", value["hashtags"]) if "hashtags" in value else None),
            title=title,
        )
    if isinstance(value, Sequence) and not isinstance(value, str):
        return EntryShare(enabled=True, networks=_networks(entry, value))
    raise ShareSettingsError(
        f"{_subject(entry)}: share: expected true, false, a list of networks or a table, got {value!r}"
    )


def tag_names(site: Site, entry: Post | Page) -> tuple[str, ...]:
    """The names of the entry's tags, in the entry's order (pages have none)."""
    if not isinstance(entry, Post):
        return ()
    return tuple(site.term("tags", slug).name for slug in entry.tags)


def available_networks(extra: Iterable[ShareNetwork] = ()) -> dict[str, ShareNetwork]:
    """The built-in networks, replaced or joined by ``extra`` (first of a slug wins)."""
    networks = dict(BUILTIN_NETWORKS)
    seen: set[str] = set()
    for network in extra:
        if not isinstance(network, ShareNetwork):
            raise TypeError(
                f"coachcontent_share_networks returned {type(network).__name__}, not a coachcontent_share.ShareNetwork"
            )
        if network.slug not in seen:
            seen.add(network.slug)
            networks[network.slug] = network
    return networks


def share_links(
    site: Site,
    entry: Post | Page,
    *,
    networks: Mapping[str, ShareNetwork] | None = None,
) -> tuple[ShareLink, ...]:
    """The share links of ``entry``, in the configured order.

    :param networks: the networks that can be used, by slug; by default the
        built-in ones (the plugin passes those added by other plugins too).
    :raises ShareSettingsError: for a bad ``[share]`` section, bad front
        matter, or a network that no plugin defines.
    """
    config = resolved_settings(site)
    own = entry_share(entry)
    default = isinstance(entry, Post) or config["pages"]
    enabled = own.enabled if own.enabled is not None else default
    if not enabled:
        return ()
    known = dict(BUILTIN_NETWORKS) if networks is None else dict(networks)
    chosen = own.networks if own.networks is not None else tuple(config["networks"])
    missing = [slug for slug in chosen if slug not in known]
    if missing:
        where = "share front matter of " + _subject(entry) if own.networks else "[share] networks"
        raise ShareSettingsError(
            f"{where}: no share network {', '.join(map(repr, missing))} (known: {', '.join(sorted(known))})"
        )
    labels = {**config["labels"], **own.labels}
    names = tag_names(site, entry)
    words = (
        hashtags(own.hashtags if own.hashtags is not None else names, limit=config["max_hashtags"])
        if config["hashtags"]
        else ()
    )
    image = share_image(site, entry, config)
    description = shorten(plain_text(entry.summary), config["description_length"])
    page_url = site.absolute_url(site.url_for(entry))
    utm = {key: config[key] for key in ("utm_source", "utm_medium", "utm_campaign")}
    links = []
    for slug in chosen:
        network = known[slug]
        content = SharedContent(
            url=with_utm(page_url, utm, network=slug, slug=entry.slug),
            title=own.title or entry.title,
            description=description,
            hashtags=words,
            tag_names=tuple(own.hashtags if own.hashtags is not None else names),
            image=image.src if image is not None else None,
            via=config["via"],
            settings=config,
            site=site,
            entry=entry,
        )
        url = network.build(content)
        if url is None:
            continue
        try:
            link = ShareLink(
                network=slug,
                label=labels.get(slug, network.label),
                url=url,
                rel="noopener",
                icon=network.display_icon,
            )
        except ValueError as error:
            raise ShareSettingsError(f"share network {slug!r} made a bad link: {error}") from error
        links.append(link)
    return tuple(links)


def _rel(url: str, network: str) -> str:
    if url.startswith("/"):
        # A page of the site itself (the feed): not an identity claim.
        return "alternate" if network == "rss" else ""
    # rel="me" tells Mastodon (and IndieWeb tools) that the profile is ours,
    # which verifies the link shown on the profile.
    return "me noopener"


def follow_links(site: Site) -> tuple[ShareLink, ...]:
    """Links to the site's social profiles, in the order of ``site.toml``, each with its icon."""
    return tuple(
        ShareLink(
            network=profile.network,
            label=profile.display_label,
            url=profile.url,
            rel=_rel(profile.url, profile.network),
            icon=icon(profile.network),
        )
        for profile in site.social
    )
