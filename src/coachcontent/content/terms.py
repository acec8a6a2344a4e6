"""Turning category and tag names (declared in site.toml, used in front matter) into terms."""

from __future__ import annotations

from typing import Any

from attrs import define, field

from coachcontent.models.taxonomy import Term
from coachcontent.slugs import make_slug, unique_slugs


@define
class _Node:
    key: int
    name: str
    explicit_slug: str | None
    parent: int | None = None
    description: str = ""
    weight: int = 0
    where: str | None = None  # site.toml path when declared
    first_use: tuple[str, int] | None = None  # (file, line) when made from front matter
    slug: str = ""
    name_path: tuple[str, ...] = field(factory=tuple)


class TermResolver:
    """The terms of one taxonomy: declared ones first, more made as front matter names them.

    Names match case-insensitively.  In a hierarchical taxonomy ``"A/B"``
    names the child ``B`` of ``A``; a single name that is not at the top
    matches a term anywhere in the tree when exactly one has that name.
    """

    def __init__(self, name: str, hierarchical: bool) -> None:
        self.name = name
        self.hierarchical = hierarchical
        self.nodes: list[_Node] = []
        self.errors: list[tuple[str, str, str]] = []  # (site.toml path, field, message)
        # Lookups by case-folded name, kept in key order: without them each name in
        # front matter scanned every term, which was quadratic on big sites.
        self._by_parent: dict[tuple[int | None, str], list[int]] = {}
        self._by_name: dict[str, list[int]] = {}
        self._slugs_assigned = False
        self._resolved: dict[str, int] = {}  # front-matter name → node, for names that always find it

    def _index(self, node: _Node) -> None:
        folded = node.name.casefold()
        self._by_parent.setdefault((node.parent, folded), []).append(node.key)
        self._by_name.setdefault(folded, []).append(node.key)

    def _reindex(self) -> None:
        """Rebuild the lookups (after parents were linked or cut)."""
        self._by_parent = {}
        self._by_name = {}
        self._resolved = {}
        for node in self.nodes:
            self._index(node)

    def declare(self, terms: list[dict[str, Any]]) -> None:
        """Add the terms declared in ``site.toml`` and link their parents."""
        for spec in terms:
            self.nodes.append(
                _Node(
                    key=len(self.nodes),
                    name=str(spec["name"]).strip(),
                    explicit_slug=spec.get("slug"),
                    description=str(spec.get("description", "")),
                    weight=int(spec.get("weight", 0)),
                    where=spec["_where"],
                )
            )
        declared_slugs: list[str] | None = None  # made on first use: slugifying is not free
        by_name: dict[str, list[_Node]] = {}
        for node in self.nodes:
            by_name.setdefault(node.name.casefold(), []).append(node)
        for node, spec in zip(self.nodes, terms, strict=True):
            parent_slug = spec.get("parent_slug")
            parent_name = spec.get("parent")
            if parent_slug is not None:
                if declared_slugs is None:
                    declared_slugs = [n.explicit_slug or make_slug(n.name) for n in self.nodes]
                matches = [n for n, slug in zip(self.nodes, declared_slugs, strict=True) if slug == parent_slug]
                label = f"slug {parent_slug!r}"
            elif parent_name is not None:
                matches = by_name.get(str(parent_name).strip().casefold(), [])
                label = f"name {parent_name!r}"
            else:
                continue
            assert node.where is not None
            if not matches:
                self.errors.append((f"{node.where}.parent", "parent", f"no {self.name} term with the {label}"))
            elif len(matches) > 1:
                self.errors.append(
                    (f"{node.where}.parent", "parent", f"several terms have the {label}; use parent_slug")
                )
            else:
                node.parent = matches[0].key
        self._break_cycles()
        self._reindex()

    def _break_cycles(self) -> None:
        """Report parent chains that loop, and cut them so later walks end."""
        reported: set[int] = set()
        for start in self.nodes:
            chain: list[int] = []
            current: int | None = start.key
            while current is not None and current not in chain:
                chain.append(current)
                current = self.nodes[current].parent
            if current is None or current in reported:
                continue
            cycle = chain[chain.index(current) :]
            reported.update(cycle)
            names = " → ".join(self.nodes[key].name for key in [*cycle, current])
            first = self.nodes[min(cycle)]
            assert first.where is not None
            self.errors.append(
                (f"{first.where}.parent", "parent", f"the parents of {self.name!r} form a cycle: {names}")
            )
            for key in cycle:
                self.nodes[key].parent = None

    def _children(self, parent: int | None) -> list[_Node]:
        return [node for node in self.nodes if node.parent == parent]

    def resolve(self, path: str, source: tuple[str, int]) -> int:
        """The node for a front-matter name (path), made when missing."""
        known = self._resolved.get(path)
        if known is not None and not self._slugs_assigned:
            return known
        parts = [p.strip() for p in path.split("/")] if self.hierarchical else [path.strip()]
        parts = [p for p in parts if p]
        parent: int | None = None
        lasting = True  # whether the same name will always find this node
        for depth, part in enumerate(parts):
            wanted = part.casefold()
            found = self._sibling(parent, wanted, part)
            if found is None and depth == 0:
                anywhere = self._by_name.get(wanted, ())
                if len(anywhere) == 1:
                    found = anywhere[0]
                    lasting = False  # one more term of that name elsewhere changes the answer
            if found is not None:
                parent = found
                continue
            node = _Node(key=len(self.nodes), name=part, explicit_slug=None, parent=parent, first_use=source)
            self.nodes.append(node)
            self._index(node)
            parent = node.key
        assert parent is not None
        if lasting:
            # Found (or made) child by child by name: later terms have higher keys, so the
            # first child of each name stays the first.
            self._resolved[path] = parent
        return parent

    def _sibling(self, parent: int | None, wanted: str, part: str) -> int | None:
        """The first child of ``parent`` named ``wanted`` (case-folded) or, once slugs are given, slugged ``part``."""
        named = self._by_parent.get((parent, wanted))
        if not self._slugs_assigned:
            return named[0] if named else None
        matches = [n.key for n in self._children(parent) if n.slug == part]
        if named:
            matches.append(named[0])
        return min(matches) if matches else None

    def find(self, path: str) -> int | None:
        """The node for a name path, or ``None`` (menus must not make new terms)."""
        parts = [p.strip() for p in path.split("/")] if self.hierarchical else [path.strip()]
        parent: int | None = None
        for depth, part in enumerate(p for p in parts if p):
            wanted = part.casefold()
            matches = [n for n in self._children(parent) if n.name.casefold() == wanted or n.slug == part]
            if not matches and depth == 0:
                matches = [n for n in self.nodes if n.name.casefold() == wanted or n.slug == part]
                if len(matches) > 1:
                    return None
            if not matches:
                return None
            parent = matches[0].key
        return parent

    def assign_slugs(self) -> list[tuple[_Node, _Node]]:
        """Give every node a slug unique in the taxonomy; returns clashing explicit slugs."""
        self._slugs_assigned = True
        for node in self.nodes:
            node.name_path = self._name_path(node)
        slugs, clashes = unique_slugs(
            (
                (*node.name_path, str(node.key)),
                node.explicit_slug or make_slug(node.name, fallback="term"),
                node.explicit_slug is not None,
            )
            for node in self.nodes
        )
        by_key = {(*node.name_path, str(node.key)): node for node in self.nodes}
        for key, slug in slugs.items():
            by_key[key].slug = slug
        used = set(slugs.values())
        for _, second in clashes:
            # The clash is an error for the caller to report; a stand-in slug keeps
            # the Site's own uniqueness check from reporting it a second time.
            node, number = by_key[second], 2
            while f"{node.slug}-{number}" in used:
                number += 1
            node.slug = f"{node.slug}-{number}"
            used.add(node.slug)
        return [(by_key[a], by_key[b]) for a, b in clashes]

    def _name_path(self, node: _Node) -> tuple[str, ...]:
        names = [node.name.casefold()]
        seen = {node.key}
        current = node.parent
        while current is not None and current not in seen:
            seen.add(current)
            parent = self.nodes[current]
            names.append(parent.name.casefold())
            current = parent.parent
        return tuple(reversed(names))

    def terms(self) -> list[Term]:
        """The terms as models (slugs assigned)."""
        return [
            Term(
                slug=node.slug,
                name=node.name,
                parent=self.nodes[node.parent].slug if node.parent is not None else None,
                description=node.description,
                weight=node.weight,
            )
            for node in self.nodes
        ]

    def slug_of(self, key: int) -> str:
        """The slug given to node ``key``."""
        return self.nodes[key].slug

    def location(self, slug: str) -> tuple[str | None, tuple[str, int] | None]:
        """Where the term with ``slug`` came from: its site.toml path, or its first use."""
        for node in self.nodes:
            if node.slug == slug:
                return node.where, node.first_use
        return None, None
