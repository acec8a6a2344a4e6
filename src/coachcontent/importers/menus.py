"""Navigation menus: ``nav_menu_item`` items become ``[menus.<slug>]`` trees.

Nesting comes from ``_menu_item_menu_item_parent`` (a menu item's id, within
the same menu: WordPress.com exports reuse item ids across menus), order
from ``menu_order``.  Items point at a page (tree path), a post (slug), a
category (name path), a tag (name) or a URL.  An item that cannot be kept
(a ``javascript:`` link, a target missing from the export) is dropped with
a warning and its children move up to its place.  A ``#`` placeholder (an
item that only opens a sub-menu) is kept, with the URL ``/#``.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any
from urllib.parse import urljoin, urlsplit, urlunsplit

from attrs import define, field

from coachcontent.importers.common import Warnings, assign_slugs, html_to_text, slug_of
from coachcontent.importers.terms import TaxonomyPlan
from coachcontent.importers.wxr import ItemRecord, TermRecord
from coachcontent.models.validators import url_problem


@define
class MenuTargets:
    """What menu items can point at, by WordPress id.

    :param pages: post id → (tree path, title).
    :param posts: post id → (slug, title).
    :param taxonomies: WordPress taxonomy name → its plan (terms by ``term_id``).
    """

    pages: Mapping[str, tuple[str, str]]
    posts: Mapping[str, tuple[str, str]]
    taxonomies: Mapping[str, TaxonomyPlan]
    site_url: str


@define
class _Node:
    record: ItemRecord
    key: str
    parent: str
    order: int
    title: str
    target: tuple[str, str] | None = None  # (kind, value): ("page", "about"), ("url", "/x")
    placeholder: bool = False
    dropped: bool = False
    children: list[_Node] = field(factory=list)


@define
class MenuPlan:
    """One menu ready for ``site.toml``."""

    slug: str
    title: str
    items: list[dict[str, Any]]
    count: int


def _order(value: str) -> int:
    try:
        return int(value)
    except ValueError:
        return 0


def _custom_url(raw: str, site_url: str) -> tuple[str | None, bool, str]:
    """(URL to keep or None, is a placeholder, why it was refused)."""
    url = raw.strip()
    if url in ("", "#"):
        return None, True, ""
    if url.startswith("#"):
        return "/" + url, False, ""
    if url.startswith("//"):
        url = "https:" + url
    if "://" not in url and not url.lower().startswith("mailto:") and ":" in url.split("/")[0]:
        scheme = url.split(":", 1)[0].lower()
        return None, False, f"link scheme {scheme!r} is not allowed (only http, https and mailto)"
    if not url.startswith("/") and "://" not in url and not url.lower().startswith("mailto:"):
        url = urljoin(site_url.rstrip("/") + "/", url)
    site = urlsplit(site_url)
    parts = urlsplit(url)
    if parts.scheme in ("http", "https") and parts.hostname == site.hostname:
        base = site.path.rstrip("/")
        path = parts.path or "/"
        if base and (path == base or path.startswith(base + "/")):
            path = path[len(base) :] or "/"
        url = urlunsplit(("", "", path, parts.query, parts.fragment))
    problem = url_problem(url)
    if problem:
        return None, False, problem
    return url, False, ""


def build_menus(
    menu_terms: Sequence[TermRecord],
    items: Iterable[ItemRecord],
    targets: MenuTargets,
    warnings: Warnings,
) -> list[MenuPlan]:
    """Every menu of the export, sorted by slug."""
    names: dict[str, tuple[str, int]] = {}
    for menu_term in menu_terms:
        names.setdefault(menu_term.slug, (html_to_text(menu_term.name).strip(), menu_term.line))
    members: dict[str, list[ItemRecord]] = {}
    for item in items:
        for term in item.terms:
            if term.domain == "nav_menu":
                names.setdefault(term.slug, (html_to_text(term.name).strip(), item.line))
                members.setdefault(term.slug, []).append(item)
    slugs = assign_slugs(
        ((key, *slug_of(key, names[key][0], "menu")) for key in names),
        lambda key, slug: warnings.add(names[key][1], f"menu:{key}", f"slug {slug!r} is taken"),
    )
    menus = []
    for key in sorted(names, key=lambda k: slugs[k]):
        title, _line = names[key]
        items_of, count = _tree(slugs[key], members.get(key, []), targets, warnings)
        menus.append(MenuPlan(slug=slugs[key], title=title or slugs[key], items=items_of, count=count))
    return menus


def _resolve(node: _Node, targets: MenuTargets, subject: str, warnings: Warnings) -> None:
    record = node.record
    kind = record.meta_value("_menu_item_type")
    obj = record.meta_value("_menu_item_object")
    object_id = record.meta_value("_menu_item_object_id").strip()
    warn = warnings.bind(record.line, subject)
    if kind == "post_type":
        if obj == "page" and object_id in targets.pages:
            path, title = targets.pages[object_id]
            node.target = ("page", path)
            node.title = node.title or title
        elif obj == "post" and object_id in targets.posts:
            slug, title = targets.posts[object_id]
            node.target = ("post", slug)
            node.title = node.title or title
        else:
            warn(f"points at {obj or 'an item'} {object_id}, which was not imported; item dropped")
            node.dropped = True
    elif kind == "taxonomy":
        taxonomy = targets.taxonomies.get("post_tag" if obj == "post_tag" else obj)
        term = taxonomy.by_term_id(object_id) if taxonomy is not None else None
        if term is None or taxonomy is None or taxonomy.name not in ("categories", "tags"):
            warn(f"points at {obj} term {object_id}, which was not imported; item dropped")
            node.dropped = True
        else:
            node.target = ("category" if taxonomy.name == "categories" else "tag", term.path)
            node.title = node.title or term.name.replace("\u2215", "/")
    elif kind == "post_type_archive" and obj == "post":
        node.target = ("url", "/")
    elif kind in ("custom", ""):
        url, placeholder, problem = _custom_url(record.meta_value("_menu_item_url"), targets.site_url)
        if url is not None:
            node.target = ("url", url)
            node.title = node.title or url
        elif placeholder:
            node.placeholder = True
        else:
            warn(f"custom link dropped: {problem}")
            node.dropped = True
    else:
        warn(f"menu item type {kind!r} is not supported; item dropped")
        node.dropped = True


def _tree(
    menu: str, records: list[ItemRecord], targets: MenuTargets, warnings: Warnings
) -> tuple[list[dict[str, Any]], int]:
    subject = f"menu:{menu}"
    nodes: dict[str, _Node] = {}
    for record in records:
        key = record.post_id or f"#{record.index}"
        if key in nodes:
            warnings.add(record.line, subject, f"menu item {key} appears twice; kept once")
            continue
        nodes[key] = _Node(
            record=record,
            key=key,
            parent=record.meta_value("_menu_item_menu_item_parent").strip() or "0",
            order=_order(record.menu_order),
            title=html_to_text(record.title).strip(),
        )
    for node in nodes.values():
        _resolve(node, targets, subject, warnings)
    # Parents: missing ones and cycles put the item at the top level.
    for key in sorted(nodes):
        node = nodes[key]
        if node.parent == "0":
            continue
        if node.parent not in nodes:
            warnings.add(node.record.line, subject, f"item {key}: parent {node.parent} is not in this menu")
            node.parent = "0"
            continue
        seen = {key}
        up = node.parent
        while up != "0":
            if up in seen:
                warnings.add(node.record.line, subject, f"item {key}: parents form a cycle")
                node.parent = "0"
                break
            seen.add(up)
            up = nodes[up].parent

    def live_parent(node: _Node) -> str:
        up = node.parent
        while up != "0" and nodes[up].dropped:
            up = nodes[up].parent
        return up

    roots: list[_Node] = []
    for key in sorted(nodes):
        node = nodes[key]
        if node.dropped:
            continue
        parent = live_parent(node)
        (roots if parent == "0" else nodes[parent].children).append(node)

    def order(siblings: list[_Node]) -> None:
        siblings.sort(key=lambda n: (n.order, n.key))
        for sibling in siblings:
            order(sibling.children)

    order(roots)

    placeholders = sorted(
        (node for node in nodes.values() if node.placeholder and not node.dropped),
        key=lambda n: (n.order, n.key),
    )
    for node in placeholders:
        node.target = ("url", "/#")
    if placeholders:
        titles = ", ".join(repr(node.title or node.key) for node in placeholders)
        warnings.add(
            placeholders[0].record.line,
            subject,
            f"{len(placeholders)} item(s) link nowhere ('#'), kept for their place in the menu "
            f"and written with url '/#': {titles}",
        )
    count = 0

    def table(node: _Node) -> dict[str, Any]:
        nonlocal count
        count += 1
        assert node.target is not None
        kind, value = node.target
        entry: dict[str, Any] = {"title": node.title or value, kind: value, "weight": node.order}
        children = [table(child) for child in node.children]
        if children:
            entry["children"] = children
        return entry

    return [table(node) for node in roots], count
