"""Rankings kept from the previous build: the same results as ranking everything again."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from attrs import evolve
from coachcontent_related import related_index, snapshot
from related_testkit import random_site

from coachcontent import Site


def rankings(site: Site) -> dict[str, list[tuple[str, float, float, bool]]]:
    index = related_index(site)
    return {
        slug: [(r.post.slug, r.score, r.relevance, r.pinned) for r in found]
        for slug, found in index.all_rankings().items()
    }


def fresh(site: Site) -> dict[str, list[tuple[str, float, float, bool]]]:
    """Ranked from scratch: a copy of the site without a cache folder."""
    return rankings(evolve(site, cache_dir=None))


def edit(site: Site, slug: str, **changes: Any) -> Site:
    return evolve(site, posts=tuple(evolve(p, **changes) if p.slug == slug else p for p in site.posts))


@pytest.fixture(autouse=True)
def _no_snapshot_in_memory() -> Any:
    snapshot.forget()
    yield
    snapshot.forget()


@pytest.mark.parametrize("related", [{}, {"recency_weight": 0.3}, {"limit": 3, "threshold": 0.05}])
def test_a_rebuild_after_one_edit_reuses_rankings_and_equals_ranking_everything(
    tmp_path: Path, related: dict[str, Any]
) -> None:
    site = evolve(random_site(seed=7, posts=300, related=related), cache_dir=str(tmp_path))
    first = rankings(site)
    assert (tmp_path / snapshot.FILE).is_file()
    assert first == fresh(site)
    target = next(p for p in site.posts_newest_first() if p.tags and not p.extra)
    body = target.body
    # Each edit starts from the same snapshot (the first build's), on disk and in memory.
    edits = {
        "a word of its own": edit(site, target.slug, body=body + "<p>Zyzzogeton.</p>"),
        "its words weighted again": edit(site, target.slug, body=body + "<p>" + "delegation " * 12 + "</p>"),
        "a new title": edit(site, target.slug, title="Boardroom Podcast Rituals"),
        "a tag less": edit(site, target.slug, terms={**target.terms, "tags": target.tags[1:]}),
    }
    reused = {}
    for name, changed in edits.items():
        for from_disk in (False, True):
            snapshot.save(str(tmp_path), snapshot.load(str(tmp_path)) or pytest.fail("no snapshot"))
            if from_disk:
                snapshot.forget()
            assert rankings(changed) == fresh(changed), (name, from_disk)
            reused[name] = related_index(changed).reused
            # Back to the first build's snapshot for the next edit.
            rankings(site)
    # Kept where nothing the scores use changed (posts that pin or exclude are always ranked
    # again), most where one vector changed.
    published = site.posts_newest_first()
    pinning = sum(1 for p in published if "related" in p.extra or "related_exclude" in p.extra)
    assert pinning > 0
    assert reused["a word of its own"] == len(published) - pinning
    assert reused["its words weighted again"] > len(published) // 2


def test_changes_beyond_the_vectors_rank_everything(tmp_path: Path) -> None:
    site = evolve(random_site(seed=11, posts=200), cache_dir=str(tmp_path))
    rankings(site)
    published = site.posts_newest_first()
    victim = published[len(published) // 2]
    cases = {
        "a post removed": evolve(site, posts=tuple(p for p in site.posts if p.slug != victim.slug)),
        "a pin added": edit(site, victim.slug, extra={"related": [published[0].slug]}),
        "settings changed": evolve(site, config={"related": {"text_weight": 0.5}}),
    }
    for name, changed in cases.items():
        rankings(site)  # the snapshot of the unchanged site
        assert rankings(changed) == fresh(changed), name
        assert related_index(changed).reused == 0, name


@pytest.mark.parametrize("content", [b"", b"not a zip file", b"PK\x03\x04broken"])
def test_a_corrupt_snapshot_is_ignored(tmp_path: Path, content: bytes) -> None:
    site = evolve(random_site(seed=3, posts=150), cache_dir=str(tmp_path))
    expected = rankings(site)
    snapshot.forget()
    (tmp_path / snapshot.FILE).write_bytes(content)
    again = evolve(site, posts=tuple(site.posts))
    assert rankings(again) == expected
    assert related_index(again).reused == 0
    # The next build has a good snapshot again.
    snapshot.forget()
    third = evolve(site, posts=tuple(site.posts))
    assert rankings(third) == expected
    published = site.posts_newest_first()
    pinning = sum(1 for p in published if "related" in p.extra or "related_exclude" in p.extra)
    assert related_index(third).reused == len(published) - pinning


def test_a_site_without_a_cache_folder_keeps_nothing(tmp_path: Path) -> None:
    site = random_site(seed=5, posts=100)
    assert site.cache_dir is None
    rankings(site)
    assert related_index(site).reused == 0
    assert not list(tmp_path.iterdir())
