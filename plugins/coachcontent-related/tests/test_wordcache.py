"""Words counted in earlier builds, kept per batch: the same results as counting everything."""

from __future__ import annotations

import random
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import coachcontent_related as related
import numpy as np
import pytest
from attrs import evolve
from coachcontent_related import snapshot, wordcache, wordcount
from coachcontent_related.wordcache import WordCache
from coachcontent_related.wordcount import WordCounts, count_words
from related_testkit import WORDS, random_site

from coachcontent import Post, Site

STOP = frozenset({"the", "and", "with", "über", "which"})
MIN = 3


@pytest.fixture(autouse=True)
def _empty_memory() -> Iterator[None]:
    snapshot.forget()
    yield
    snapshot.forget()


@pytest.fixture
def small_batches(monkeypatch: pytest.MonkeyPatch) -> int:
    """Batches of 8 texts, so that small inputs have several."""
    monkeypatch.setattr(wordcount, "BATCH", 8)
    return 8


def texts(seed: int, count: int) -> list[str]:
    """Prose of every kind: ASCII, accented and other scripts, long words, stop words, nothing."""
    rng = random.Random(seed)
    extra = [
        "Über",
        "café",
        "naïve",
        "Straße",
        "документация",
        "日本語",
        "internationalization",
        "counterrevolutionaries",
        "abcdefghijkl",
        "abcdefghijklm",
        "the",
        "and",
        "which",
        "x",
        "of",
        "Feedback",
        "TRUST",
    ]
    made = []
    for _ in range(count):
        words = rng.choices(WORDS + tuple(extra), k=rng.randint(0, 40))
        made.append(rng.choice([" ", ", ", "; ", "\n", " — "]).join(words))
    return made


def counted(items: list[str], cache: WordCache | None) -> WordCounts:
    return count_words(items, str, min_length=MIN, stop=STOP, workers=2, cache=cache)


def per_text(counts: WordCounts, items: list[str]) -> list[Counter[str]]:
    """Each text's Counter, read back from the arrays."""
    made: list[Counter[str]] = [Counter() for _ in items]
    for batch in counts.batches:
        words = batch.vocabulary[batch.word]
        for text, word, n in zip(batch.text.tolist(), words.tolist(), batch.count.tolist(), strict=True):
            made[batch.first + text][counts.words[word]] += n
    return made


def expected(items: list[str]) -> list[Counter[str]]:
    return [Counter(w for w in related.tokens(text) if len(w) >= MIN and w not in STOP) for text in items]


def same(a: WordCounts, b: WordCounts) -> bool:
    """The same vocabulary and the same arrays, batch by batch."""
    if a.words != b.words or len(a.batches) != len(b.batches):
        return False
    for one, other in zip(a.batches, b.batches, strict=True):
        if one.first != other.first:
            return False
        for name in ("text", "word", "count", "vocabulary"):
            x, y = getattr(one, name), getattr(other, name)
            if x.dtype != y.dtype or not np.array_equal(x, y):
                return False
    return True


def test_batches_are_aligned_on_the_last_text(small_batches: int) -> None:
    assert wordcount.batch_bounds(0) == []
    assert wordcount.batch_bounds(3) == [(0, 3)]
    assert wordcount.batch_bounds(8) == [(0, 8)]
    assert wordcount.batch_bounds(19) == [(0, 3), (3, 11), (11, 19)]
    assert wordcount.batch_bounds(24) == [(0, 8), (8, 16), (16, 24)]


def test_counting_with_a_cache_equals_counting_everything(small_batches: int, tmp_path: Path) -> None:
    items = texts(seed=1, count=45)
    assert per_text(counted(items, None), items) == expected(items)
    cache = WordCache(tmp_path)
    first = counted(items, cache)
    assert first.reused == 0
    assert same(first, counted(items, None))
    edited = list(items)
    edited[20] += " Zyzzogeton überall internationalization"
    changes = {
        "unchanged": (items, len(items)),
        "one text edited": (edited, len(items) - 8),
        "one text added in front": (["Newest post about délégation and trust", *items], len(items) - 5),
        "the newest text removed": (items[1:], len(items) - 5),
        # (Batches are counted from the oldest text: the newer ones move.)
        "an older text removed": (items[:30] + items[31:], 8),
        "all texts changed": (texts(seed=2, count=45), 0),
    }
    for name, (changed, reused) in changes.items():
        # Each change starts from the words kept for `items`.
        counted(items, cache)
        again = counted(changed, cache)
        assert again.reused == reused, name
        fresh = counted(changed, None)
        assert same(again, fresh), name
        assert per_text(again, changed) == expected(changed), name


def test_the_words_that_count_are_part_of_the_key(small_batches: int, tmp_path: Path) -> None:
    items = texts(seed=3, count=30)
    cache = WordCache(tmp_path)
    counted(items, cache)
    other = count_words(items, str, min_length=4, stop=STOP, cache=cache)
    assert other.reused == 0
    assert per_text(other, items) == [Counter({w: n for w, n in c.items() if len(w) >= 4}) for c in expected(items)]
    fewer = count_words(items, str, min_length=4, stop=STOP - {"which"}, cache=cache)
    assert fewer.reused == 0
    assert same(fewer, count_words(items, str, min_length=4, stop=STOP - {"which"}))


def test_files_no_batch_uses_are_removed(small_batches: int, tmp_path: Path) -> None:
    items = texts(seed=4, count=20)
    counted(items, WordCache(tmp_path))
    folder = tmp_path / wordcache.FOLDER
    before = {path.name for path in folder.iterdir()}
    assert len(before) == 3
    (folder / "notes.txt").write_text("not ours")
    edited = [*items[:-1], items[-1] + " more words"]
    counted(edited, WordCache(tmp_path))
    after = {path.name for path in folder.iterdir()}
    assert len(after & before) == 2
    assert len(after - {"notes.txt"}) == 3
    assert "notes.txt" in after


def corrupt(path: Path, how: str, other: Path) -> None:
    data = path.read_bytes()
    if how == "truncated":
        path.write_bytes(data[: len(data) // 2])
    elif how == "empty":
        path.write_bytes(b"")
    elif how == "garbage":
        path.write_bytes(b"PK\x03\x04" + bytes(random.Random(5).randrange(256) for _ in range(500)))
    elif how == "bit flipped":
        flipped = bytearray(data)
        flipped[len(flipped) // 2] ^= 0x10
        path.write_bytes(bytes(flipped))
    elif how == "another batch":
        path.write_bytes(other.read_bytes())
    elif how == "bad arrays":
        with np.load(path, allow_pickle=False) as arrays:
            kept = {name: arrays[name] for name in arrays.files}
        kept["word"] = kept["word"] + 10**6
        with path.open("wb") as stream:
            np.savez(stream, **kept)
    elif how == "missing array":
        with np.load(path, allow_pickle=False) as arrays:
            kept = {name: arrays[name] for name in arrays.files if name != "count"}
        with path.open("wb") as stream:
            np.savez(stream, **kept)


@pytest.mark.parametrize(
    "how", ["truncated", "empty", "garbage", "bit flipped", "another batch", "bad arrays", "missing array"]
)
def test_a_corrupt_or_truncated_file_is_ignored(small_batches: int, tmp_path: Path, how: str) -> None:
    items = texts(seed=6, count=30)
    reference = counted(items, None)
    counted(items, WordCache(tmp_path))
    files = sorted((tmp_path / wordcache.FOLDER).iterdir())
    assert len(files) == 4
    corrupt(files[1], how, files[2])
    again = counted(items, WordCache(tmp_path))
    assert same(again, reference)
    assert again.reused == len(items) - 8
    # A good file is written in its place (it was there: it is replaced when it goes).
    (tmp_path / wordcache.FOLDER / files[1].name).unlink()
    counted(items, WordCache(tmp_path))
    assert counted(items, WordCache(tmp_path)).reused == len(items)


def test_a_cache_folder_that_cannot_be_written_fails_nothing(small_batches: int, tmp_path: Path) -> None:
    items = texts(seed=7, count=20)
    (tmp_path / wordcache.FOLDER).write_text("a file where the folder goes")
    first = counted(items, WordCache(tmp_path))
    assert same(first, counted(items, None))
    # Nothing kept, nothing failed.
    assert counted(items, WordCache(tmp_path)).reused == 0
    # Without a folder nothing is kept.
    counted(items, WordCache(None))
    assert counted(items, WordCache(None)).reused == 0
    # A cache folder that does not exist is not made.
    counted(items, WordCache(tmp_path / "missing"))
    assert not (tmp_path / "missing").exists()


# -- the index -----------------------------------------------------------------


def everything(site: Site) -> dict[str, Any]:
    """Every post's vector and ranking, and the explanations of its two best."""
    index = related.related_index(site)
    found: dict[str, Any] = {"features": list(index.features)}
    for item in site.posts_newest_first():
        ranking = index.ranking(item)
        found[item.slug] = (
            index.vector(item),
            [(r.post.slug, r.score, r.relevance, r.pinned) for r in ranking],
            [related.explain(site, item, r.post) for r in ranking[:2]],
        )
    return found


def counted_afresh(site: Site) -> dict[str, Any]:
    """Computed with no words kept, nothing kept after."""
    snapshot.forget()
    alone = evolve(site, cache_dir=None)
    result = everything(alone)
    assert related.related_index(alone).words_reused == 0
    return result


def edit(site: Site, slug: str, **changes: Any) -> Site:
    return evolve(site, posts=tuple(evolve(p, **changes) if p.slug == slug else p for p in site.posts))


def variants(site: Site) -> dict[str, tuple[Site, int]]:
    """Changed sites, and how many of their published posts' words are to be counted again
    (batches of 16)."""
    published = site.posts_newest_first()
    n = len(published)
    middle = published[n // 2]
    newest = published[0]
    first = n % 16 or 16
    added = Post(
        # Newest first, then by slug: the newest of all.
        slug="a-brand-new-post",
        title="Delegation Rituals",
        body="<p>Delegation rituals for the boardroom: trust, candour, momentum. Überraschung!</p>",
        date=newest.date,
        authors=("ann",),
        terms={"tags": newest.tags, "categories": ()},
    )
    with_added = evolve(site, posts=(*site.posts, added))
    assert with_added.posts_newest_first()[0] == added
    removed = tuple(p for p in site.posts if p.slug != newest.slug)
    return {
        "a body edited": (edit(site, middle.slug, body=middle.body + "<p>Zyzzogeton delegation.</p>"), 16),
        "a title edited": (edit(site, middle.slug, title="Negotiation Podcast"), 16),
        "a post added": (with_added, (n + 1) % 16 or 16),
        "the newest post removed": (evolve(site, posts=removed), (n - 1) % 16 or 16),
        "settings changed": (evolve(site, config={"related": {"min_word_length": 4}}), n),
        "unchanged": (evolve(site, posts=tuple(site.posts)), 0),
        "the first batch edited": (edit(site, newest.slug, body="<p>Résumé of the curiosity habit.</p>"), first),
    }


def test_related_posts_with_kept_words_equal_those_of_counting_everything(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setattr(wordcount, "BATCH", 16)
    site = evolve(random_site(seed=17, posts=150, related={"recency_weight": 0.2}), cache_dir=str(tmp_path))
    n = len(site.posts_newest_first())
    assert n > 100
    for name, (changed, recounted) in variants(site).items():
        expected_result = counted_afresh(changed)
        # The words of the unchanged site kept (in the cache folder), the rankings not.
        related.related_index(evolve(site, posts=tuple(site.posts)))
        (tmp_path / snapshot.FILE).unlink(missing_ok=True)
        snapshot.forget()
        assert everything(changed) == expected_result, name
        index = related.related_index(changed)
        assert index.words_reused == len(changed.posts_newest_first()) - recounted, name
        assert len(list((tmp_path / wordcache.FOLDER).iterdir())) == -(-len(changed.posts_newest_first()) // 16)


def test_a_corrupt_file_fails_no_build(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setattr(wordcount, "BATCH", 16)
    site = evolve(random_site(seed=19, posts=80), cache_dir=str(tmp_path))
    expected_result = counted_afresh(site)
    related.related_index(site)
    for path in (tmp_path / wordcache.FOLDER).iterdir():
        path.write_bytes(path.read_bytes()[:100])
    again = evolve(site, posts=tuple(site.posts))
    assert everything(again) == expected_result
    assert related.related_index(again).words_reused == 0
