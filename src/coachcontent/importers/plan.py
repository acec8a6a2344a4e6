"""Planning an import from the first, light pass: every slug, path, date and reference.

Nothing here reads post bodies or writes files: the plan says what each
``<item>`` becomes (file, front matter, aliases: :mod:`.entries`), which
attachments there are (:mod:`.attachments`) and what ``site.toml`` holds
(site, authors, :mod:`.terms`, :mod:`.menus`), so the second pass only
converts bodies and writes.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from typing import Any
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

from attrs import define, field

from coachcontent.importers.attachments import AttachmentPlan, build_attachments
from coachcontent.importers.common import (
    Warnings,
    absolute_http,
    assign_slugs,
    html_to_text,
    parse_wp_date,
)
from coachcontent.importers.entries import EntryPlan, build_entries
from coachcontent.importers.menus import MenuPlan, MenuTargets, build_menus
from coachcontent.importers.shortcodes import GalleryImage
from coachcontent.importers.terms import TaxonomyPlan, build_taxonomies
from coachcontent.importers.wxr import AuthorRecord, Channel, ItemRecord, TermRecord
from coachcontent.slugs import make_slug

_SKIPPED_STATUSES = {"auto-draft", "trash", "inherit"}


@define
class Scan:
    """What the first pass read: the channel and every record without bodies."""

    channel: Channel = field(factory=Channel)
    authors: list[AuthorRecord] = field(factory=list)
    terms: list[TermRecord] = field(factory=list)
    items: list[ItemRecord] = field(factory=list)


@define
class Plan:
    """The whole import, decided."""

    site: dict[str, Any]
    zone: ZoneInfo
    authors: list[dict[str, str]]
    taxonomies: dict[str, TaxonomyPlan]
    entries: dict[int, EntryPlan]
    attachments: dict[int, AttachmentPlan]
    menus: list[MenuPlan]
    skipped: int
    warnings: Warnings

    def gallery_images(self) -> dict[int, GalleryImage]:
        """Attachment id → image, for ``[gallery ids="..."]``."""
        return {key: value.gallery_image() for key, value in self.attachments.items()}

    def gallery_children(self) -> dict[int, tuple[GalleryImage, ...]]:
        """Post id → its attachments in WordPress's gallery order (menu order, then id)."""
        children: dict[int, list[AttachmentPlan]] = {}
        for attachment in self.attachments.values():
            if attachment.parent_id is not None:
                children.setdefault(attachment.parent_id, []).append(attachment)
        return {
            parent: tuple(a.gallery_image() for a in sorted(found, key=lambda a: (a.order, a.attachment_id)))
            for parent, found in children.items()
        }

    def site_document(self) -> dict[str, Any]:
        """The content of ``site.toml``."""
        document: dict[str, Any] = {"site": self.site}
        if self.authors:
            document["authors"] = self.authors
        taxonomies = {
            plan.name: plan.table() for plan in sorted(self.taxonomies.values(), key=_taxonomy_order) if plan.terms
        }
        if taxonomies:
            document["taxonomies"] = taxonomies
        if self.menus:
            document["menus"] = {menu.slug: {"title": menu.title, "items": menu.items or None} for menu in self.menus}
        return document


def _taxonomy_order(plan: TaxonomyPlan) -> tuple[bool, bool, str]:
    return (plan.name != "categories", plan.name != "tags", plan.name)


def _site_settings(channel: Channel, timezone: str | None, warnings: Warnings) -> tuple[dict[str, Any], ZoneInfo]:
    url = next(
        (
            found
            for found in (
                absolute_http(channel.link),
                absolute_http(channel.base_blog_url),
                absolute_http(channel.base_site_url),
            )
            if found
        ),
        None,
    )
    if url is None:
        warnings.add(0, "site", "the export names no http(s) address; url set to https://example.com")
        url = "https://example.com"
    url = url.rstrip("/")
    title = html_to_text(channel.title).strip()
    if not title:
        title = urlsplit(url).hostname or "Imported site"
        warnings.add(0, "site", f"the export has no site title; {title!r} was used")
    zone_name = timezone or channel.timezone or "UTC"
    try:
        zone = ZoneInfo(zone_name)
    except (ValueError, KeyError):
        warnings.add(0, "site", f"unknown timezone {zone_name!r} in the export; UTC was used")
        zone_name, zone = "UTC", ZoneInfo("UTC")
    site = {
        "title": title,
        "url": url,
        "language": channel.language.strip() or "en",
        "timezone": zone_name,
        "description": html_to_text(channel.description).strip(),
    }
    return site, zone


def _offset_hint(items: Sequence[ItemRecord], zone_name: str, warnings: Warnings) -> None:
    """Warn when the export's local dates show an offset the chosen timezone lacks."""
    offsets: Counter[float] = Counter()
    for item in items:
        gmt = parse_wp_date(item.post_date_gmt, None)
        local = parse_wp_date(item.post_date, None)
        if gmt is not None and local is not None:
            offsets[(local - gmt).total_seconds() / 3600] += 1
    if not offsets:
        return
    hours, _ = offsets.most_common(1)[0]
    if zone_name == "UTC" and hours:
        warnings.add(
            0,
            "site",
            f"the export's local dates are {hours:+g} hours from GMT, but no timezone was "
            "given; dates are written in UTC (use --timezone, e.g. --timezone Europe/Berlin)",
        )


def _authors(
    records: Sequence[AuthorRecord], items: Sequence[ItemRecord], warnings: Warnings
) -> tuple[list[dict[str, str]], dict[str, str]]:
    by_login: dict[str, AuthorRecord] = {}
    for record in records:
        if record.login and record.login not in by_login:
            by_login[record.login] = record
    by_slug = {make_slug(login, fallback="author"): login for login in by_login}
    for item in items:
        if item.creator in by_login or item.post_type not in ("post", "page"):
            continue
        if make_slug(item.creator, fallback="author") in by_slug:
            continue  # the same login with stray characters (">admin")
        if item.creator:
            warnings.add(
                item.line,
                f"author:{item.creator}",
                "writes items but is not declared in the channel; added with the login as name",
            )
            by_login[item.creator] = AuthorRecord(login=item.creator, line=item.line)
    slugs = assign_slugs(
        ((login, make_slug(login, fallback="author"), False) for login in by_login),
        lambda _key, _slug: None,
    )
    for item in items:
        if item.creator and item.creator not in slugs:
            login = by_slug.get(make_slug(item.creator, fallback="author"))
            if login is not None:
                slugs[item.creator] = slugs[login]
    authors = []
    for login in sorted(by_login, key=lambda key: slugs[key]):
        record = by_login[login]
        name = html_to_text(record.display_name).strip()
        if not name:
            name = " ".join(part for part in (record.first_name.strip(), record.last_name.strip()) if part)
        entry = {"slug": slugs[login], "name": name or login.strip() or slugs[login]}
        if record.email.strip():
            entry["email"] = record.email.strip()
        authors.append(entry)
    return authors, slugs


def make_plan(scan: Scan, *, timezone: str | None = None) -> Plan:
    """Decide everything about the import from the first pass."""
    warnings = Warnings()
    site, zone = _site_settings(scan.channel, timezone, warnings)
    if timezone is None:
        _offset_hint(scan.items, site["timezone"], warnings)
    if scan.channel.wxr_version not in ("1.0", "1.1", "1.2"):
        warnings.add(0, "site", f"WXR version {scan.channel.wxr_version} is newer than 1.2; read as 1.2")
    authors, author_slugs = _authors(scan.authors, scan.items, warnings)
    taxonomies = build_taxonomies(scan.terms, scan.items, warnings)
    attachments = build_attachments(scan.items, site["url"], zone, warnings)

    contents: list[ItemRecord] = []
    skipped: Counter[str] = Counter()
    for item in scan.items:
        if item.post_type in ("attachment", "nav_menu_item"):
            continue
        if item.post_type not in ("post", "page"):
            skipped[item.post_type or "(none)"] += 1
        elif item.status in _SKIPPED_STATUSES:
            warnings.add(item.line, f"item {item.post_id}", f"status {item.status!r}; skipped")
            skipped[item.status] += 1
        else:
            contents.append(item)
    for post_type, number in sorted(skipped.items()):
        if post_type not in _SKIPPED_STATUSES:
            warnings.add(0, "site", f"{number} item(s) of post type {post_type!r} skipped")

    entries = build_entries(contents, site, zone, author_slugs, taxonomies, attachments, warnings)
    pages = {e.post_id: (e.path, str(e.front["title"])) for e in entries.values() if e.kind == "page"}
    posts = {e.post_id: (e.slug, str(e.front["title"])) for e in entries.values() if e.kind == "post"}
    menus = build_menus(
        [term for term in scan.terms if term.taxonomy == "nav_menu"],
        [item for item in scan.items if item.post_type == "nav_menu_item"],
        MenuTargets(pages=pages, posts=posts, taxonomies=taxonomies, site_url=site["url"]),
        warnings,
    )
    return Plan(
        site=site,
        zone=zone,
        authors=authors,
        taxonomies=taxonomies,
        entries=entries,
        attachments=attachments,
        menus=menus,
        skipped=sum(skipped.values()),
        warnings=warnings,
    )
