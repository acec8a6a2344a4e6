"""The ``[related]`` section of ``site.toml`` and its resolved form."""

from __future__ import annotations

import math
from collections.abc import Iterator, Mapping
from typing import Any

from attrs import field, frozen

from coachcontent import ConfigKey, ConfigSection, FrozenDict, Site, Taxonomy

SECTION_NAME = "related"

#: Weight of a taxonomy that ``taxonomies`` does not name.
DEFAULT_FLAT_WEIGHT = 1.0
DEFAULT_TREE_WEIGHT = 0.5


def _number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)


def _validate(values: Mapping[str, Any]) -> Iterator[tuple[str, str]]:
    for key in ("threshold", "text_weight", "recency_weight"):
        if values[key] < 0:
            yield key, f"must be 0 or more, got {values[key]!r}"
    for key in ("limit", "title_weight"):
        if values[key] < 0:
            yield key, f"must be 0 or more, got {values[key]!r}"
    for key in ("keywords", "min_word_length"):
        if values[key] < 1:
            yield key, f"must be 1 or more, got {values[key]!r}"
    if not 0 < values["max_df"] <= 1:
        yield "max_df", f"must be a fraction above 0 and at most 1, got {values['max_df']!r}"
    if values["max_df_floor"] < 2:
        yield "max_df_floor", f"must be 2 or more, got {values['max_df_floor']!r}"
    if not values["recency_half_life_days"] > 0:
        yield "recency_half_life_days", "must be more than 0"
    for name, weight in values["taxonomies"].items():
        if not isinstance(name, str) or not _number(weight) or weight < 0:
            yield "taxonomies", f"{name} = {weight!r}: expected a number of 0 or more"


def config_section() -> ConfigSection:
    """The ``[related]`` section: every key, its type, default and meaning."""
    return ConfigSection(
        name=SECTION_NAME,
        description="How related posts are scored, pruned and limited.",
        validate=lambda values: list(_validate(values)),
        keys=(
            ConfigKey(
                name="limit",
                type=int,
                default=5,
                description="The most related posts shown for a post, pinned ones included; "
                "an output asking for fewer gets fewer.",
            ),
            ConfigKey(
                name="threshold",
                type=float,
                default=0.1,
                description="The least relevance (the score without the recency bonus) "
                "a post needs to be shown; pinned posts need none.",
            ),
            ConfigKey(
                name="taxonomies",
                type=dict,
                default={},
                description="Weight per taxonomy, e.g. {tags = 1.0, categories = 0.5}: each adds "
                "weight × the IDF-weighted cosine of the two posts' terms (in a hierarchical "
                "taxonomy, the terms and all their ancestors: closeness in the tree). "
                "Unnamed flat taxonomies weigh 1.0, hierarchical ones 0.5; 0 switches one off.",
            ),
            ConfigKey(
                name="text_weight",
                type=float,
                default=1.0,
                description="Weight of the cosine of the posts' keyword vectors (TF-IDF of the "
                "words of title and body, stop words removed); 0 switches text off.",
            ),
            ConfigKey(
                name="title_weight",
                type=int,
                default=3,
                description="A word of the title counts as this many occurrences in the body.",
            ),
            ConfigKey(
                name="keywords",
                type=int,
                default=25,
                description="How many of its heaviest words (that other posts use too) "
                "represent a post, as in Lucene's MoreLikeThis; fewer is faster.",
            ),
            ConfigKey(
                name="max_df",
                type=float,
                default=0.5,
                description="Terms and words that more than this fraction of the published "
                "posts have are ignored, as Hugo's cardinalityThreshold does.",
            ),
            ConfigKey(
                name="max_df_floor",
                type=int,
                default=10,
                description="Terms and words are pruned only when more than this many posts "
                "have them too, so that small sites keep their shared terms.",
            ),
            ConfigKey(
                name="min_word_length",
                type=int,
                default=3,
                description="Shorter words are ignored.",
            ),
            ConfigKey(
                name="language",
                type=str,
                default="",
                description="Language of the stop words (en, de, fr, es); empty uses the "
                "site's language, and other languages use English.",
            ),
            ConfigKey(
                name="recency_weight",
                type=float,
                default=0.0,
                description="Bonus for a new post: weight × 0.5^(age / half-life), age "
                "counted back from the newest post (or the site's as_of). 0 is off.",
            ),
            ConfigKey(
                name="recency_half_life_days",
                type=float,
                default=365.0,
                description="Days after which the recency bonus has halved.",
            ),
        ),
    )


def _weights(value: Mapping[str, Any]) -> FrozenDict[str, float]:
    return FrozenDict({str(name): float(weight) for name, weight in sorted(value.items())})


@frozen(kw_only=True)
class RelatedSettings:
    """The ``[related]`` settings of one site, defaults applied and checked."""

    limit: int = 5
    threshold: float = 0.1
    taxonomies: FrozenDict[str, float] = field(factory=FrozenDict, converter=_weights)
    text_weight: float = 1.0
    title_weight: int = 3
    keywords: int = 25
    max_df: float = 0.5
    max_df_floor: int = 10
    min_word_length: int = 3
    language: str = "en"
    recency_weight: float = 0.0
    recency_half_life_days: float = 365.0

    @classmethod
    def from_site(cls, site: Site) -> RelatedSettings:
        """Read ``site.config["related"]``; :class:`ValueError` lists every bad key."""
        section = config_section()
        # site.config holds frozen mappings; the section's checks expect plain ones.
        raw = {
            key: value.thaw() if isinstance(value, FrozenDict) else value
            for key, value in site.config_section(SECTION_NAME).items()
        }
        problems = section.check(raw)
        if problems:
            listed = "; ".join(f"{key}: {message}" for key, message in problems)
            raise ValueError(f"[{SECTION_NAME}] in site.toml: {listed}")
        values = section.resolve(raw)
        values["language"] = values["language"] or site.language
        for key in ("threshold", "text_weight", "max_df", "recency_weight"):
            values[key] = float(values[key])
        values["recency_half_life_days"] = float(values["recency_half_life_days"])
        return cls(**values)

    def taxonomy_weight(self, taxonomy: Taxonomy) -> float:
        """The weight of ``taxonomy``: as configured, else 1.0 (flat) or 0.5 (tree)."""
        default = DEFAULT_TREE_WEIGHT if taxonomy.hierarchical else DEFAULT_FLAT_WEIGHT
        return self.taxonomies.get(taxonomy.name, default)

    def prune_above(self, posts: int) -> float:
        """Features that more than this many of ``posts`` posts have are ignored."""
        return max(self.max_df * posts, float(self.max_df_floor))
