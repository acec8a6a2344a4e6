"""Builders of hand-made and random sites for the related-posts tests."""

from __future__ import annotations

import random
from collections.abc import Iterable, Mapping
from datetime import UTC, datetime, timedelta
from typing import Any

from coachcontent import Author, Post, Site, Taxonomy, Term

START = datetime(2024, 1, 1, 9, 0, tzinfo=UTC)


def post(
    slug: str,
    *,
    tags: Iterable[str] = (),
    categories: Iterable[str] = (),
    body: str = "",
    title: str | None = None,
    day: int = 0,
    draft: bool = False,
    extra: Mapping[str, Any] | None = None,
    **terms: Iterable[str],
) -> Post:
    """A post dated ``day`` days after 2024-01-01, titled "Q" unless given a title."""
    return Post(
        slug=slug,
        # One letter: too short to be a word, so titles relate nothing unless asked to.
        title=title or "Q",
        body=body,
        date=START + timedelta(days=day),
        draft=draft,
        authors=("ann",),
        terms={"tags": tuple(tags), "categories": tuple(categories), **{k: tuple(v) for k, v in terms.items()}},
        extra=extra or {},
    )


def site_of(
    posts: Iterable[Post],
    *,
    categories: Iterable[tuple[str, str | None]] = (),
    related: Mapping[str, Any] | None = None,
    as_of: datetime | None = None,
    language: str = "en",
    taxonomies: Iterable[Taxonomy] = (),
) -> Site:
    """A site of ``posts``; tags are declared from what the posts use, categories from
    ``(slug, parent)`` pairs (plus any the posts use)."""
    made = tuple(posts)
    tree = dict(categories)
    for item in made:
        for slug in item.categories:
            tree.setdefault(slug, None)
    tags = sorted({slug for item in made for slug in item.tags})
    extra_taxonomies = tuple(taxonomies)
    return Site(
        title="Test site",
        base_url="https://example.com",
        language=language,
        as_of=as_of,
        authors=(Author(slug="ann", name="Ann"),),
        posts=made,
        taxonomies=(
            Taxonomy(
                name="categories",
                hierarchical=True,
                terms=tuple(Term(slug=s, name=s.title(), parent=p) for s, p in sorted(tree.items())),
            ),
            Taxonomy(name="tags", terms=tuple(Term(slug=s, name=s) for s in tags)),
            *extra_taxonomies,
        ),
        config={"related": dict(related or {})},
    )


WORDS = (
    "coaching",
    "leadership",
    "influence",
    "trust",
    "delegation",
    "feedback",
    "strategy",
    "meeting",
    "pricing",
    "referral",
    "proposal",
    "networking",
    "succession",
    "presence",
    "listening",
    "conflict",
    "calendar",
    "negotiation",
    "stakeholder",
    "coalition",
    "boardroom",
    "onboarding",
    "promotion",
    "mentoring",
    "habit",
    "burnout",
    "resilience",
    "storytelling",
    "decision",
    "priority",
    "offsite",
    "podcast",
    "supervision",
    "reflection",
    "curiosity",
    "candour",
    "alignment",
    "accountability",
    "momentum",
    "ritual",
)


def random_site(
    seed: int,
    posts: int = 300,
    *,
    related: Mapping[str, Any] | None = None,
    with_extras: bool = True,
) -> Site:
    """A random site: a three-level category tree, a tag pool, prose from a small
    vocabulary plus stop words, some drafts, future posts, pins and exclusions."""
    rng = random.Random(seed)
    roots = [f"root-{i}" for i in range(3)]
    mids = [(f"mid-{i}", roots[i % 3]) for i in range(7)]
    leaves = [(f"leaf-{i}", mids[i % 7][0]) for i in range(16)]
    tree: list[tuple[str, str | None]] = [(r, None) for r in roots] + mids + leaves
    nodes = [slug for slug, _ in tree]
    tags = [f"tag-{i}" for i in range(40)]
    stop = ["the", "and", "of", "with", "which", "their"]
    made = []
    slugs = [f"post-{i:04d}" for i in range(posts)]
    for number, slug in enumerate(slugs):
        words = rng.choices(WORDS, k=rng.randint(0, 60)) + rng.choices(stop, k=rng.randint(0, 20))
        rng.shuffle(words)
        body = "<p>" + " ".join(words) + "</p>" if words else ""
        extra: dict[str, Any] = {}
        if with_extras and rng.random() < 0.05:
            extra["related"] = rng.sample(slugs, 2)
        if with_extras and rng.random() < 0.05:
            extra["related_exclude"] = rng.sample(slugs, 3)
        made.append(
            Post(
                slug=slug,
                title=" ".join(rng.choices(WORDS, k=rng.randint(1, 4))).title(),
                body=body,
                summary="<p>" + " ".join(rng.choices(WORDS, k=5)) + "</p>",
                # Many posts share a date, so ties are broken by slug too.
                date=START + timedelta(days=rng.randrange(posts // 2)),
                draft=with_extras and rng.random() < 0.04,
                authors=("ann",),
                terms={
                    "tags": tuple(rng.sample(tags, rng.randint(0, 4))),
                    "categories": tuple(rng.sample(nodes, rng.choice((0, 1, 1, 1, 2)))),
                },
                extra=extra,
            )
        )
        del number
    as_of = START + timedelta(days=posts // 2 - 10) if with_extras else None
    tag_terms = tuple(Term(slug=t, name=t) for t in tags)
    return Site(
        title="Random",
        base_url="https://example.com",
        as_of=as_of,
        authors=(Author(slug="ann", name="Ann"),),
        posts=tuple(made),
        taxonomies=(
            Taxonomy(
                name="categories",
                hierarchical=True,
                terms=tuple(Term(slug=s, name=s, parent=p) for s, p in tree),
            ),
            Taxonomy(name="tags", terms=tag_terms),
        ),
        config={"related": dict(related or {})},
    )
