"""Posts and pages: slugs, the page tree, files, front matter and aliases of each entry."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any
from urllib.parse import quote, unquote, urlsplit
from zoneinfo import ZoneInfo

from attrs import define

from coachcontent.importers.attachments import AttachmentPlan
from coachcontent.importers.common import (
    Warnings,
    absolute_http,
    as_int,
    assign_slugs,
    html_to_text,
    id_key,
    item_date,
    item_updated,
    slug_of,
    wp_slug,
)
from coachcontent.importers.terms import TaxonomyPlan, taxonomy_of_domain
from coachcontent.importers.wxr import ItemRecord
from coachcontent.models.validators import site_path_problem
from coachcontent.slugs import make_slug

_PATH_SAFE = "/%:@!$&'()*+,;=-._~"
_QUERY_SAFE = "/%:@!$&'()*+,;=-._~?"
_UNSAFE_DECODED = re.compile(r"[\x00-\x20\x7f-\x9f?#%\\\u2028\u2029]")


@define
class EntryPlan:
    """What one post or page becomes."""

    index: int
    post_id: str
    kind: str  # "post" or "page"
    slug: str
    path: str  # the page's tree path; the post's slug
    line: int
    front: dict[str, Any]
    url: str = ""  # its site path on the new site
    old_url: str | None = None  # absolute, to resolve relative links in its body
    file: str = ""
    comments_file: str = ""
    parent_id: str = ""
    date: datetime | None = None

    @property
    def subject(self) -> str:
        """How warnings name it: ``post:slug`` or ``page:tree/path``."""
        return f"{self.kind}:{self.path}"


def _site_path(url: str, base_path: str) -> str | None:
    """The site path of an old WordPress URL (the site's own path prefix removed)."""
    parts = urlsplit(url.strip())
    path = re.sub("/{2,}", "/", parts.path or "/")
    if base_path and (path == base_path or path.startswith(base_path + "/")):
        path = path[len(base_path) :] or "/"
    if not path.startswith("/"):
        path = "/" + path
    # Decoded, so a redirect for /greek/%ce%b5.../ is written where servers look: greek/ε.../
    try:
        decoded: str | None = unquote(path, errors="strict")
    except UnicodeDecodeError:
        decoded = None
    if decoded is not None and not _UNSAFE_DECODED.search(decoded):
        result = decoded
    else:
        result = quote(path, safe=_PATH_SAFE)
    if parts.query:
        result += "?" + quote(parts.query, safe=_QUERY_SAFE)
    return result if site_path_problem(result) is None else None


def build_entries(
    items: list[ItemRecord],
    site: dict[str, Any],
    zone: ZoneInfo,
    author_slugs: dict[str, str],
    taxonomies: dict[str, TaxonomyPlan],
    attachments: dict[int, AttachmentPlan],
    warnings: Warnings,
) -> dict[int, EntryPlan]:
    """What each post and page becomes, by the item's index in the export."""
    by_id: dict[str, ItemRecord] = {}
    for item in sorted(items, key=id_key):
        if item.post_id and item.post_id in by_id:
            warnings.add(item.line, f"item {item.post_id}", "a second item with this id; skipped")
            continue
        by_id[item.post_id or f"#{item.index}"] = item
    posts = [item for item in by_id.values() if item.post_type == "post"]
    pages = [item for item in by_id.values() if item.post_type == "page"]
    entries: dict[int, EntryPlan] = {}

    lines = {item.index: item.line for item in by_id.values()}

    def clash(kind: str) -> Callable[[tuple[int, int], str], None]:
        return lambda key, slug: warnings.add(
            lines[key[1]], f"item {key[0]}", f"another {kind} has the slug {slug!r}; renamed"
        )

    # Posts: one slug scope.
    post_slugs = assign_slugs(((id_key(item), *_wanted_slug(item)) for item in posts), clash("post"))
    for item in posts:
        slug = post_slugs[id_key(item)]
        entries[item.index] = EntryPlan(
            index=item.index,
            post_id=item.post_id,
            kind="post",
            slug=slug,
            path=slug,
            line=item.line,
            front={},
        )

    # Pages: the tree from post_parent, slugs unique among siblings.
    page_ids = {item.post_id for item in pages}
    parent_of: dict[str, str] = {}
    for item in pages:
        parent = item.post_parent.strip()
        if parent in ("", "0"):
            continue
        if parent not in page_ids:
            warnings.add(
                item.line,
                f"item {item.post_id}",
                f"parent page {parent} is not in the export; the page is at the top level",
            )
            continue
        parent_of[item.post_id] = parent
    for item in pages:
        seen = {item.post_id}
        up = parent_of.get(item.post_id)
        while up is not None:
            if up in seen:
                warnings.add(item.line, f"item {item.post_id}", "page parents form a cycle; cut")
                parent_of.pop(item.post_id, None)
                break
            seen.add(up)
            up = parent_of.get(up)
    groups: dict[str | None, list[ItemRecord]] = {}
    for item in pages:
        groups.setdefault(parent_of.get(item.post_id), []).append(item)
    page_slugs: dict[str, str] = {}
    for members in groups.values():
        assigned = assign_slugs(((id_key(item), *_wanted_slug(item)) for item in members), clash("sibling page"))
        for item in members:
            page_slugs[item.post_id] = assigned[id_key(item)]

    def tree_path(post_id: str) -> str:
        names = [page_slugs[post_id]]
        up = parent_of.get(post_id)
        while up is not None:
            names.append(page_slugs[up])
            up = parent_of.get(up)
        return "/".join(reversed(names))

    has_children = set(parent_of.values())
    for item in pages:
        path = tree_path(item.post_id)
        entries[item.index] = EntryPlan(
            index=item.index,
            post_id=item.post_id,
            kind="page",
            slug=page_slugs[item.post_id],
            path=path,
            line=item.line,
            front={},
            parent_id=parent_of.get(item.post_id, ""),
        )
        entries[item.index].file = (
            f"content/pages/{path}/index.html" if item.post_id in has_children else f"content/pages/{path}.html"
        )
        entries[item.index].comments_file = f"content/comments/pages/{path}.json"

    records = {item.index: item for item in by_id.values()}
    host = urlsplit(site["url"]).hostname or "localhost"
    for entry in entries.values():
        item = records[entry.index]
        entry.date = item_date(item, zone)
        if entry.kind == "post":
            if entry.date is None:
                entry.date = item_updated(item, zone) or datetime(1970, 1, 1, tzinfo=UTC).astimezone(zone)
                warnings.add(item.line, entry.subject, "no usable date; the last change or 1970 was used")
            entry.url = f"/{entry.date.year:04d}/{entry.date.month:02d}/{entry.slug}/"
            entry.file = f"content/posts/{entry.slug}.html"
            entry.comments_file = f"content/comments/{entry.slug}.json"
        else:
            entry.url = f"/{entry.path}/"
        entry.front = _front_matter(item, entry, zone, host, author_slugs, taxonomies, attachments, warnings)
    _aliases(entries, records, site["url"], warnings)
    return entries


def _wanted_slug(item: ItemRecord) -> tuple[str, bool]:
    fallback = f"{item.post_type or 'item'}-{item.post_id or item.index}"
    return slug_of(item.post_name, html_to_text(item.title), fallback)


def _front_matter(
    item: ItemRecord,
    entry: EntryPlan,
    zone: ZoneInfo,
    host: str,
    author_slugs: dict[str, str],
    taxonomies: dict[str, TaxonomyPlan],
    attachments: dict[int, AttachmentPlan],
    warnings: Warnings,
) -> dict[str, Any]:
    warn = warnings.bind(item.line, entry.subject)
    title = html_to_text(item.title).strip()
    if title != item.title.strip() and "<" in item.title:
        warn("HTML in the title was removed (titles are plain text)")
    if not title:
        title = "Untitled"
        warn("the item has no title; 'Untitled' was used")
    front: dict[str, Any] = {"title": title, "slug": entry.slug}
    if entry.date is not None:
        front["date"] = entry.date
    updated = item_updated(item, zone)
    if updated is not None:
        front["updated"] = updated
    if item.creator in author_slugs:
        front["author"] = author_slugs[item.creator]

    terms: dict[str, list[str]] = {}
    post_format = ""
    for term in item.terms:
        wp_name = taxonomy_of_domain(term.domain)
        if wp_name == "post_format":
            post_format = term.slug.removeprefix("post-format-")
            continue
        plan = taxonomies.get(wp_name)
        if plan is None:
            continue
        found = plan.terms.get(wp_slug(term.slug) or make_slug(html_to_text(term.name)))
        if found is not None and found.path not in terms.get(plan.name, []):
            terms.setdefault(plan.name, []).append(found.path)
    for name, paths in terms.items():
        front[name] = sorted(paths, key=str.casefold)

    status = item.status or "publish"
    draft = False
    if status in ("draft", "pending"):
        draft = True
        if status == "pending":
            front["status"] = "pending"
    elif status == "private":
        draft = True
        front["status"] = "private"
    elif status == "future":
        front["status"] = "future"
    elif status != "publish":
        draft = True
        front["status"] = status
        warn(f"unknown status {status!r}; imported as a draft")
    if item.has_password:
        draft = True
        warn(
            "was password-protected; a static site cannot protect it, so it is imported "
            "as a draft (the password is not imported)"
        )
    if draft:
        front["draft"] = True
    if entry.kind == "post" and item.is_sticky:
        front["sticky"] = True

    approved = sum(1 for comment in item.comments if comment.approved.strip() == "1")
    if entry.kind == "post" or approved:
        front["comment_count"] = approved
    if entry.kind == "page":
        order = as_int(item.menu_order.lstrip("-")) or 0
        order = -order if item.menu_order.strip().startswith("-") else order
        if order:
            front["weight"] = order

    thumbnail = as_int(item.meta_value("_thumbnail_id"))
    if thumbnail is not None:
        attachment = attachments.get(thumbnail)
        if attachment is None:
            warn(f"featured image {thumbnail} is not in the export")
        else:
            front["image"] = attachment.url
    if entry.kind == "post" and entry.date is not None and item.post_id:
        day = entry.date.astimezone(UTC).strftime("%Y-%m-%d")
        front["id"] = f"tag:{host},{day}:wp-{item.post_id}"

    wordpress: dict[str, Any] = {"post_type": item.post_type, "status": status}
    if item.post_id:
        wordpress["post_id"] = as_int(item.post_id) or item.post_id
    if item.guid:
        wordpress["guid"] = item.guid
    if item.link:
        wordpress["link"] = item.link
    if item.comment_status:
        wordpress["comment_status"] = item.comment_status
    if item.has_password:
        wordpress["password_protected"] = True
    if post_format:
        wordpress["format"] = post_format
    template = item.meta_value("_wp_page_template").strip()
    if template and template != "default":
        wordpress["page_template"] = template
    meta: dict[str, list[str]] = {}
    for key, value in item.meta:
        if key and not key.startswith("_"):
            meta.setdefault(key, []).append(value)
    if meta:
        wordpress["meta"] = {key: values[0] if len(values) == 1 else values for key, values in meta.items()}
    front["wordpress"] = wordpress
    return front


def _aliases(
    entries: dict[int, EntryPlan],
    records: dict[int, ItemRecord],
    site_url: str,
    warnings: Warnings,
) -> None:
    base_path = urlsplit(site_url).path.rstrip("/")
    new_urls = {entry.url for entry in entries.values()}
    owners: dict[str, str] = {}
    for index in sorted(entries, key=lambda i: id_key(records[i])):
        entry = entries[index]
        item = records[index]
        wanted: list[str] = []
        if item.link:
            path = _site_path(item.link, base_path)
            if path is None:
                warnings.add(item.line, entry.subject, f"old address {item.link!r} is not a usable alias")
            else:
                wanted.append(path)
            entry.old_url = absolute_http(item.link)
        if as_int(item.post_id) is not None:
            wanted.append(f"/?p={item.post_id}")
            if entry.kind == "page":
                wanted.append(f"/?page_id={item.post_id}")
        aliases: list[str] = []
        for alias in wanted:
            if alias in new_urls or alias in aliases:
                continue  # the new address itself, or already listed
            if alias in owners:
                warnings.add(item.line, entry.subject, f"alias {alias} is already {owners[alias]}'s")
                continue
            owners[alias] = entry.subject
            aliases.append(alias)
        if aliases:
            entry.front["aliases"] = aliases
