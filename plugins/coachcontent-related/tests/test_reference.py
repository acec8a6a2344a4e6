"""The index against a brute-force reference, and determinism across input orders."""

from __future__ import annotations

import random
from types import ModuleType

import coachcontent_related as related
import pytest
from related_testkit import post as make_post
from related_testkit import random_site, site_of

from coachcontent import Site

CONFIGS = [
    {},
    {"threshold": 0.0, "recency_weight": 0.3, "recency_half_life_days": 20.0},
    {"threshold": 0.3, "keywords": 3, "max_df": 0.05, "max_df_floor": 2, "title_weight": 0},
    {"taxonomies": {"categories": 2.0, "tags": 0.5}, "text_weight": 0.25, "limit": 8},
    {"text_weight": 0.0, "threshold": 0.05},
    # Many relevances are exactly 0.5 here (one shared category): on the threshold.
    {"limit": 12, "threshold": 0.5},
]


def compare(reference: ModuleType, site: Site, limit: int) -> int:
    """Check every post's ranking against the reference; returns how many posts were shown."""
    brute = reference.Reference(site)
    shown = 0
    for post in site.posts_newest_first():
        expected = brute.ranking(post, limit)
        actual = [(r.post.slug, r.score, r.pinned) for r in related.rank(site, post, limit)]
        assert [pinned for _, _, pinned in actual] == [pinned for _, _, pinned in expected]
        assert [score for _, score, _ in actual] == pytest.approx(
            [score for _, score, _ in expected], rel=1e-9, abs=1e-12
        )
        # Posts may only trade places where their scores are equal to the last bits.
        for (slug, _, _), (want, _, _) in zip(actual, expected, strict=True):
            if slug != want:
                assert brute.score(post.slug, slug) == pytest.approx(brute.score(post.slug, want), rel=1e-9)
        shown += len(actual)
    return shown


@pytest.mark.parametrize("config", CONFIGS, ids=range(len(CONFIGS)))
def test_scores_equal_the_brute_force_reference(reference: ModuleType, config: dict) -> None:
    site = random_site(seed=7, posts=300, related=config)
    limit = config.get("limit", 5)
    shown = compare(reference, site, limit)
    assert shown > 200  # the comparison covered real rankings, not empty ones


def test_every_score_of_a_pair_equals_the_reference(reference: ModuleType) -> None:
    site = random_site(seed=11, posts=120, related={"threshold": 0.0})
    brute = reference.Reference(site)
    posts = site.posts_newest_first()
    rng = random.Random(3)
    for _ in range(300):
        a, b = rng.sample(posts, 2)
        why = related.explain(site, a, b)
        assert why.relevance == pytest.approx(brute.relevance(a.slug, b.slug), rel=1e-9, abs=1e-12)


def shuffled(site: Site, seed: int) -> Site:
    posts = list(site.posts)
    random.Random(seed).shuffle(posts)
    return Site(
        title=site.title,
        base_url=site.base_url,
        as_of=site.as_of,
        authors=site.authors,
        posts=tuple(posts),
        taxonomies=tuple(reversed(site.taxonomies)),
        config=site.config,
    )


def test_results_do_not_depend_on_the_order_of_the_posts() -> None:
    site = random_site(seed=5, posts=200, related={"recency_weight": 0.1, "threshold": 0.05})
    expected = {
        slug: [(r.post.slug, r.score, r.relevance, r.pinned) for r in relations]
        for slug, relations in related.related_index(site).all_rankings().items()
    }
    for seed in range(3):
        other = shuffled(site, seed)
        actual = {
            slug: [(r.post.slug, r.score, r.relevance, r.pinned) for r in relations]
            for slug, relations in related.related_index(other).all_rankings().items()
        }
        assert actual == expected  # bit for bit


def test_all_related_matches_one_post_at_a_time() -> None:
    site = random_site(seed=9, posts=150)
    at_once = related.all_related(site)
    fresh = random_site(seed=9, posts=150)
    for post in fresh.posts_newest_first():
        assert [p.slug for p in related.related_posts(fresh, post)] == [p.slug for p in at_once[post.slug]]


# Words of every kind: short and long (the index counts words of up to eight
# letters apart from longer ones), capitals, accents, other scripts, entities,
# apostrophes and digits between letters.
KINDS = (
    "trust",
    "Trust",
    "TRUST",
    "coaching",
    "coachings",
    "accountability",
    "accountabilities",
    "naïve",
    "Führung",
    "straße",
    "Ελλάδα",
    "ΣΟΦΟΣ",
    "漢字",
    "caf&eacute;",
    "don't",
    "x2y",
    "a",
    "ab",
    "zzzzzzzz",
    "zzzzzzzzz",
    "&amp;",
    "<b>bold</b>face",
    "—dash—",
)


def test_words_of_every_kind_count_as_the_reference_counts_them(reference: ModuleType) -> None:
    rng = random.Random(17)
    posts = []
    for number in range(160):
        # A third of the posts are plain ASCII, the others mix in the rest.
        kinds = KINDS[:10] + KINDS[16:19] if number % 3 == 0 else KINDS
        words = [rng.choice(kinds) for _ in range(rng.randint(0, 40))]
        posts.append(
            make_post(f"p{number:03d}", body="<p>" + " ".join(words) + "</p>", title=rng.choice(KINDS), day=number % 40)
        )
    site = site_of(posts, related={"threshold": 0.0, "keywords": 6, "min_word_length": 2})
    shown = compare(reference, site, 5)
    assert shown > 300
    brute = reference.Reference(site)
    published = site.posts_newest_first()
    for _ in range(400):
        a, b = rng.sample(published, 2)
        assert related.explain(site, a, b).relevance == pytest.approx(
            brute.relevance(a.slug, b.slug), rel=1e-9, abs=1e-12
        )


# Words around the lengths the index counts in different ways (up to 8 letters, 9 to
# 12, longer), stop words among them, in ASCII posts and in posts with other letters.
LENGTHS = (
    "the",
    "which",
    "themselves",
    "coaching",
    "coachings",
    "leadership",
    "Mentorships",
    "facilitation",
    "FACILITATION",
    "facilitations",
    "accountability",
    "abcdefghijkl",
    "abcdefghijklm",
    "zzzzzzzzzzzz",
)


def test_words_of_every_length_count_as_the_reference_counts_them(reference: ModuleType) -> None:
    rng = random.Random(23)
    posts = []
    for number in range(120):
        words = [rng.choice(LENGTHS) for _ in range(rng.randint(0, 30))]
        if number % 4 == 0:
            words.append("café")
        posts.append(make_post(f"p{number:03d}", body="<p>" + " ".join(words) + "</p>", day=number % 30))
    # Nothing pruned: these words are on most posts.
    site = site_of(posts, related={"threshold": 0.0, "keywords": 5, "max_df": 1.0})
    assert compare(reference, site, 5) > 400
    brute = reference.Reference(site)
    published = site.posts_newest_first()
    for _ in range(300):
        a, b = rng.sample(published, 2)
        why = related.explain(site, a, b)
        assert why.relevance == pytest.approx(brute.relevance(a.slug, b.slug), rel=1e-9, abs=1e-12)
        assert why.relevance == related.related_index(site).pair_scores(a, published.index(b))[0]


def test_large_sites_are_ranked_in_batches_with_the_same_results(reference: ModuleType) -> None:
    # More posts than one batch of the search, so that batches run side by side.
    site = random_site(seed=13, posts=1200, related={"recency_weight": 0.05})
    assert len(site.posts_newest_first()) > 1024
    at_once = {
        slug: [(r.post.slug, r.score) for r in rs] for slug, rs in related.related_index(site).all_rankings().items()
    }
    fresh = random_site(seed=13, posts=1200, related={"recency_weight": 0.05})
    for item in fresh.posts_newest_first()[::97]:
        assert [(r.post.slug, r.score) for r in related.rank(fresh, item)] == at_once[item.slug]
    brute = reference.Reference(site)
    for item in site.posts_newest_first()[::7]:
        expected = brute.ranking(item, 5)
        assert [score for _, score in at_once[item.slug]] == pytest.approx(
            [score for _, score, _ in expected], rel=1e-9, abs=1e-12
        )
