"""Categories, tags and custom taxonomies of an export, as ``site.toml`` declares them.

Front matter refers to terms by name path ("Parent/Child"), so names must be
unique among siblings: a clash is resolved by adding the slug to the later
name, with a warning.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from attrs import define, field

from coachcontent.importers.common import (
    DIVISION_SLASH,
    Warnings,
    assign_slugs,
    html_to_text,
    name_for_path,
    slug_of,
    wp_slug,
)
from coachcontent.importers.wxr import ItemRecord, TermRecord
from coachcontent.slugs import make_slug

#: WordPress taxonomies that are not content classifications.
NOT_CONTENT = frozenset(
    {"nav_menu", "link_category", "post_format", "wp_theme", "wp_template_part_area",
     "wp_pattern_category"}
)  # fmt: skip
#: Front-matter keys a custom taxonomy may not take.
RESERVED_KEYS = frozenset(
    {"title", "date", "updated", "slug", "author", "authors", "categories", "tags", "summary",
     "draft", "sticky", "comment_count", "aliases", "weight", "canonical_url", "image", "id",
     "wordpress", "status", "body", "parent", "extra", "terms"}
)  # fmt: skip


def taxonomy_of_domain(domain: str) -> str:
    """WordPress's taxonomy name for an item's ``<category domain="...">`` (WXR 1.0 wrote "tag")."""
    return "post_tag" if domain == "tag" else domain


@define
class TermPlan:
    """One term as it will be written."""

    key: str  # WordPress's slug, decoded
    slug: str
    name: str
    parent_key: str | None = None
    description: str = ""
    term_id: str = ""
    path: str = ""
    line: int = 0


@define
class TaxonomyPlan:
    """One taxonomy: WordPress's name, ours, and its terms by WordPress slug."""

    wp_name: str
    name: str
    label: str
    hierarchical: bool
    terms: dict[str, TermPlan] = field(factory=dict)

    def by_term_id(self, term_id: str) -> TermPlan | None:
        """The term WordPress knew by ``term_id`` (menus point at terms this way)."""
        if not term_id:
            return None
        return next((t for t in self.terms.values() if t.term_id == term_id), None)

    def table(self) -> dict[str, Any]:
        """The taxonomy's ``[taxonomies.<name>]`` table for ``site.toml``."""
        table: dict[str, Any] = {}
        if self.name not in ("categories", "tags"):
            table["label"] = self.label
            table["hierarchical"] = self.hierarchical
        terms = []
        for term in sorted(self.terms.values(), key=lambda t: (t.path.casefold(), t.slug)):
            entry: dict[str, Any] = {"name": term.name, "slug": term.slug}
            if term.parent_key is not None:
                entry["parent_slug"] = self.terms[term.parent_key].slug
            if term.description:
                entry["description"] = term.description
            terms.append(entry)
        table["terms"] = terms
        return table


def _our_name(wp_name: str, taken: set[str]) -> str:
    if wp_name == "category":
        return "categories"
    if wp_name == "post_tag":
        return "tags"
    name = make_slug(wp_name.replace("_", "-"), fallback="taxonomy")
    if name in RESERVED_KEYS or name in taken:
        name = f"wp-{name}"
    number = 2
    base = name
    while name in taken:
        name = f"{base}-{number}"
        number += 1
    return name


def build_taxonomies(
    declared: Sequence[TermRecord], items: Iterable[ItemRecord], warnings: Warnings
) -> dict[str, TaxonomyPlan]:
    """Every content taxonomy of the export, keyed by WordPress's taxonomy name."""
    taxonomies: dict[str, TaxonomyPlan] = {}
    taken: set[str] = set()

    def taxonomy(wp_name: str) -> TaxonomyPlan:
        if wp_name not in taxonomies:
            name = _our_name(wp_name, taken)
            taken.add(name)
            label = wp_name.replace("_", " ").replace("-", " ").strip().title() or name
            taxonomies[wp_name] = TaxonomyPlan(
                wp_name=wp_name, name=name, label=label, hierarchical=wp_name == "category"
            )
        return taxonomies[wp_name]

    for record in declared:
        if record.taxonomy in NOT_CONTENT or not record.taxonomy:
            continue
        key = wp_slug(record.slug) or make_slug(html_to_text(record.name))
        plan = taxonomy(record.taxonomy)
        if key in plan.terms:
            if plan.terms[key].name != html_to_text(record.name).strip():
                warnings.add(
                    record.line,
                    f"{record.taxonomy}:{key}",
                    "declared twice with different names; the first was kept",
                )
            continue
        plan.terms[key] = TermPlan(
            key=key,
            slug="",
            name=html_to_text(record.name).strip(),
            parent_key=wp_slug(record.parent) or None,
            description=html_to_text(record.description).strip(),
            term_id=record.term_id,
            line=record.line,
        )
    for item in items:
        for term in item.terms:
            wp_name = taxonomy_of_domain(term.domain)
            if wp_name in NOT_CONTENT:
                continue
            key = wp_slug(term.slug) or make_slug(html_to_text(term.name))
            plan = taxonomy(wp_name)
            if key not in plan.terms:
                warnings.add(
                    item.line,
                    f"{wp_name}:{key}",
                    "used by an item but not declared in the channel; added at the top level",
                )
                plan.terms[key] = TermPlan(key=key, slug="", name=html_to_text(term.name).strip(), line=item.line)
    for plan in taxonomies.values():
        _finish(plan, warnings)
    return taxonomies


def _finish(plan: TaxonomyPlan, warnings: Warnings) -> None:
    subject = f"{plan.wp_name}:"
    wanted = []
    for key, term in plan.terms.items():
        slug, explicit = slug_of(key, term.name, "term")
        wanted.append((key, slug, explicit))
    slugs = assign_slugs(
        wanted,
        lambda key, slug: warnings.add(
            plan.terms[key].line, subject + key, f"slug {slug!r} is taken; a new one was made"
        ),
    )
    for key, term in plan.terms.items():
        term.slug = slugs[key]
        if not term.name:
            term.name = term.slug
        if "/" in term.name:
            warnings.add(
                term.line,
                subject + key,
                f"name {term.name!r} contains '/', which joins levels in name paths; "
                f"written with {DIVISION_SLASH!r} (U+2215) instead",
            )
            term.name = name_for_path(term.name)
    # Parents: only in hierarchical taxonomies, only existing ones, never a cycle.
    if any(term.parent_key for term in plan.terms.values()) and plan.wp_name != "post_tag":
        plan.hierarchical = True
    for key in sorted(plan.terms):
        term = plan.terms[key]
        if term.parent_key is None:
            continue
        if not plan.hierarchical:
            term.parent_key = None
        elif term.parent_key not in plan.terms:
            warnings.add(
                term.line,
                subject + key,
                f"parent {term.parent_key!r} is not in the export; the term is at the top level",
            )
            term.parent_key = None
        else:
            seen = {key}
            up: str | None = term.parent_key
            while up is not None:
                if up in seen:
                    warnings.add(term.line, subject + key, "parents form a cycle; cut here")
                    term.parent_key = None
                    break
                seen.add(up)
                up = plan.terms[up].parent_key
    # Name paths, unique among siblings.
    siblings: dict[tuple[str | None, str], str] = {}
    for key in sorted(plan.terms, key=lambda k: (plan.terms[k].slug, k)):
        term = plan.terms[key]
        folded = (term.parent_key, term.name.casefold())
        if folded in siblings:
            warnings.add(
                term.line,
                subject + key,
                f"another term has the name {term.name!r} at the same level; renamed to '{term.name} ({term.slug})'",
            )
            term.name = f"{term.name} ({term.slug})"
        siblings[(term.parent_key, term.name.casefold())] = key
    for term in plan.terms.values():
        names = [term.name]
        up = term.parent_key
        while up is not None:
            names.append(plan.terms[up].name)
            up = plan.terms[up].parent_key
        term.path = "/".join(reversed(names))
