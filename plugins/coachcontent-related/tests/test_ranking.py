"""Hand-built sites where the right answer is obvious."""

from __future__ import annotations

from datetime import timedelta

import coachcontent_related as related
import pytest
from related_testkit import START, post, site_of


def slugs(posts: tuple[object, ...]) -> list[str]:
    return [p.slug for p in posts]  # type: ignore[attr-defined]


def filler(count: int, **kwargs: object) -> list:
    """Posts that only carry what ``kwargs`` gives them (e.g. a common tag)."""
    return [post(f"filler-{i}", day=i, **kwargs) for i in range(count)]  # type: ignore[arg-type]


def test_a_shared_rare_tag_ranks_above_a_tag_every_post_has() -> None:
    posts = [
        post("rare-a", tags=["common", "negotiation"], day=1),
        post("rare-b", tags=["common", "negotiation"], day=2),
        post("common-a", tags=["common", "x-a"], day=3),
        post("common-b", tags=["common", "x-b"], day=4),
        *filler(4, tags=["common"]),
    ]
    # Nothing is pruned here: the common tag still counts, only for much less.
    site = site_of(posts, related={"threshold": 0.0, "max_df": 1.0})
    rare = related.explain(site, site.post("rare-a"), site.post("rare-b"))
    common = related.explain(site, site.post("common-a"), site.post("common-b"))
    assert rare.score > common.score > 0
    assert slugs(related.related_posts(site, site.post("rare-a")))[0] == "rare-b"
    # A tag every post has: idf ln(1 + 8/8); the rare one: ln(1 + 8/2).
    by_term = {c.feature: c for c in rare.contributions}
    assert by_term["negotiation"].value > 3 * by_term["common"].value


def test_a_tag_on_most_posts_is_pruned() -> None:
    posts = [
        post("a", tags=["everywhere", "rare"], day=1),
        post("b", tags=["everywhere", "rare"], day=2),
        *filler(20, tags=["everywhere"]),
    ]
    site = site_of(posts, related={"threshold": 0.0})
    # 22 posts have it: more than half of them and more than max_df_floor.
    assert [c.feature for c in related.explain(site, posts[0], posts[1]).contributions] == ["rare"]
    assert related.related_posts(site, site.post("filler-3")) == ()


def test_small_sites_keep_terms_that_most_posts_share() -> None:
    site = site_of([post("a", tags=["x"], day=1), post("b", tags=["x"], day=2), post("c", day=3)])
    assert slugs(related.related_posts(site, site.post("a"))) == ["b"]


def test_a_pinned_post_comes_first_even_when_unrelated() -> None:
    posts = [
        post("start", tags=["trust", "feedback"], extra={"related": ["far-away", "missing"]}),
        post("close", tags=["trust", "feedback"], day=1),
        post("far-away", tags=["pricing"], day=2),
        post("also-close", tags=["trust"], day=3),
    ]
    site = site_of(posts)
    ranking = related.rank(site, site.post("start"))
    assert [r.post.slug for r in ranking] == ["far-away", "close", "also-close"]
    assert [r.pinned for r in ranking] == [True, False, False]
    # Pins take slots of the limit.
    assert slugs(related.related_posts(site, site.post("start"), 2)) == ["far-away", "close"]


def test_an_excluded_post_never_appears() -> None:
    posts = [
        post("start", tags=["trust"], extra={"related_exclude": ["twin"], "related": "twin"}),
        post("twin", tags=["trust"], body="<p>same words</p>", day=1),
        post("other", tags=["trust"], day=2),
    ]
    site = site_of(posts, related={"limit": 50, "threshold": 0.0})
    assert slugs(related.related_posts(site, site.post("start"), 50)) == ["other"]
    why = related.explain(site, site.post("start"), site.post("twin"))
    assert why.excluded and not why.shown and "related_exclude" in why.status


def test_drafts_and_future_posts_never_appear() -> None:
    body = "<p>delegation ladder ownership</p>"
    posts = [
        post("start", tags=["delegation"], body=body, day=1, extra={"related": ["draft", "future"]}),
        post("draft", tags=["delegation"], body=body, day=2, draft=True),
        post("future", tags=["delegation"], body=body, day=30),
        post("published", tags=["delegation"], body=body, day=3),
    ]
    site = site_of(posts, as_of=START + timedelta(days=10))
    assert slugs(related.related_posts(site, site.post("start"))) == ["published"]
    for hidden in ("draft", "future"):
        for shown in related.all_related(site).values():
            assert hidden not in slugs(shown)
    assert "draft" in related.explain(site, site.post("start"), site.post("draft")).status
    assert "future" in related.explain(site, site.post("start"), site.post("future")).status


def test_a_draft_gets_related_posts_itself() -> None:
    posts = [
        post("draft", tags=["trust"], draft=True),
        post("a", tags=["trust"], day=1),
        post("b", tags=["pricing"], day=2),
        post("c", tags=["pricing"], day=3),
    ]
    site = site_of(posts)
    assert slugs(related.related_posts(site, site.post("draft"))) == ["a"]


def test_closeness_in_the_category_tree() -> None:
    tree = [
        ("leadership", None),
        ("influence", "leadership"),
        ("coalitions", "influence"),
        ("stakeholders", "influence"),
        ("strategy", "leadership"),
        ("sales", None),
    ]
    posts = [
        post("start", categories=["coalitions"]),
        post("same-category", categories=["coalitions"], day=1),
        post("sibling", categories=["stakeholders"], day=2),
        post("parent", categories=["influence"], day=3),
        post("cousin", categories=["strategy"], day=4),
        post("unrelated", categories=["sales"], day=5),
        *filler(6, categories=["sales"]),
    ]
    site = site_of(posts, categories=tree, related={"threshold": 0.0, "limit": 10})
    ranked = slugs(related.related_posts(site, site.post("start"), 10))
    assert ranked == ["same-category", "parent", "sibling", "cousin"]
    scores = {r.post.slug: r.score for r in related.rank(site, site.post("start"), 10)}
    assert scores["same-category"] == pytest.approx(0.5)  # the default categories weight
    why = related.explain(site, site.post("start"), site.post("sibling"))
    # Shared ancestors, in the order of their slugs.
    assert [c.feature for c in why.contributions] == ["leadership/influence", "leadership"]


def test_shared_words_relate_posts_and_stop_words_do_not() -> None:
    posts = [
        post("a", body="<p>The onboarding ritual and the mentoring habit.</p>", day=1),
        post("b", body="<p>An onboarding ritual with a mentoring habit.</p>", day=2),
        post("c", body="<p>The and of with which their the and of.</p>", day=3),
        post("d", body="<p>Of the and with which their.</p>", day=4),
        post("e", body="<p>Pricing proposals.</p>", day=5),
        post("f", body="<p>Quarterly offsite.</p>", day=6),
    ]
    site = site_of(posts, related={"threshold": 0.01})
    assert slugs(related.related_posts(site, site.post("a"))) == ["b"]
    assert related.related_posts(site, site.post("c")) == ()
    words = {c.feature for c in related.explain(site, posts[0], posts[1]).contributions}
    assert words == {"onboarding", "ritual", "mentoring", "habit"}


def test_title_words_weigh_more_than_body_words() -> None:
    posts = [
        post("start", title="Resilience", body="<p>curiosity</p>", day=1),
        post("title-match", title="On resilience", body="<p>nothing</p>", day=2),
        post("body-match", title="Something", body="<p>curiosity</p>", day=3),
        post("x", title="Resilience and more", day=4),
        post("y", title="Other", body="<p>curiosity</p>", day=5),
    ]
    site = site_of(posts, related={"threshold": 0.0})
    scores = {r.post.slug: r.score for r in related.rank(site, site.post("start"))}
    assert scores["title-match"] > scores["body-match"]


def test_ties_go_to_the_newer_post_then_to_the_slug() -> None:
    posts = [
        post("start", tags=["trust"], day=0),
        post("older", tags=["trust"], day=1),
        post("newer-b", tags=["trust"], day=5),
        post("newer-a", tags=["trust"], day=5),
    ]
    site = site_of(posts)
    assert slugs(related.related_posts(site, site.post("start"))) == ["newer-a", "newer-b", "older"]


def test_recency_prefers_newer_posts_but_creates_no_relation() -> None:
    posts = [
        post("start", tags=["trust"], day=0),
        post("old", tags=["trust", "x"], day=1),
        post("new", tags=["trust", "y"], day=400),
        post("newest-unrelated", tags=["pricing"], day=800),
        post("z", tags=["pricing"], day=2),
    ]
    plain = site_of(posts, related={"threshold": 0.0})
    assert slugs(related.related_posts(plain, plain.post("start"))) == ["new", "old"]
    site = site_of(posts, related={"threshold": 0.0, "recency_weight": 0.2, "recency_half_life_days": 100.0})
    ranking = related.rank(site, site.post("start"))
    assert [r.post.slug for r in ranking] == ["new", "old"]
    new = ranking[0]
    # The newest post is 400 days old at the newest post's date: 0.2 × 0.5^(400/100).
    assert new.score - new.relevance == pytest.approx(0.2 * 0.5**4)


def test_threshold_hides_weak_relations() -> None:
    posts = [
        post("a", tags=["t1", "t2", "t3", "t4"], day=1),
        post("b", tags=["t1"], day=2),
        post("c", tags=["t2", "t3", "t4", "t5"], day=3),
        post("d", tags=["t5", "t6"], day=4),
        post("e", tags=["t6"], day=5),
    ]
    loose = site_of(posts, related={"threshold": 0.0})
    strict = site_of(posts, related={"threshold": 0.6})
    assert set(slugs(related.related_posts(loose, loose.post("a")))) == {"b", "c"}
    assert slugs(related.related_posts(strict, strict.post("a"))) == ["c"]


def test_limits_the_setting_caps_what_outputs_ask_for() -> None:
    posts = [post(f"p{i}", tags=["shared"], day=i) for i in range(8)]
    site = site_of(posts, related={"limit": 3})
    assert len(related.related_posts(site, site.post("p0"))) == 3
    assert len(related.related_posts(site, site.post("p0"), 10)) == 3
    assert len(related.related_posts(site, site.post("p0"), 2)) == 2
    assert related.related_posts(site, site.post("p0"), 0) == ()


def test_taxonomy_weights_and_switching_signals_off() -> None:
    posts = [
        post("a", tags=["trust"], series=["ladder"], body="<p>ownership</p>", day=1),
        post("b", tags=["trust"], day=2),
        post("c", series=["ladder"], day=3),
        post("d", body="<p>ownership</p>", day=4),
    ]
    from coachcontent import Taxonomy, Term

    series = Taxonomy(name="series", terms=(Term(slug="ladder", name="Ladder"),))
    default = site_of(posts, taxonomies=[series], related={"threshold": 0.0})
    assert set(slugs(related.related_posts(default, default.post("a")))) == {"b", "c", "d"}
    weighted = site_of(
        posts,
        taxonomies=[series],
        related={"threshold": 0.0, "taxonomies": {"series": 3, "tags": 0}, "text_weight": 0.0},
    )
    ranking = related.rank(weighted, weighted.post("a"))
    assert [r.post.slug for r in ranking] == ["c"]
    assert ranking[0].score == pytest.approx(3.0)


def test_bad_settings_are_reported() -> None:
    site = site_of([post("a")], related={"max_df": 2.0, "keywords": 0, "nonsense": 1})
    with pytest.raises(ValueError, match=r"max_df|keywords|nonsense"):
        related.related_posts(site, site.post("a"))
