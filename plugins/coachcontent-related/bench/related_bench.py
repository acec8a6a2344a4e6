"""Benchmark: top-5 related posts for every post of synthetic sites of growing size.

Runs each measurement in a fresh process (so that peak memory is its own)
and prints, per size: the time to build the index, the wall and CPU time to
build it and answer all posts (the plugin works on as many threads as the
process has cores, up to 4: CPU time adds up all of them, and is what to
compare on a busy machine), the peak memory of that step (the site itself
included, its size before the step beside it) and how many of the related
posts share the post's hidden topic; the same for the brute-force reference
(tests/related_reference.py, every pair scored) and for Pelican's
algorithm (count shared tags, ties by file order) on the sizes given.
Then the growth ratio between successive sizes: time ratio / size ratio,
1.0 being linear.

    python bench/related_bench.py                          # 500 1000 2000 4000
    python bench/related_bench.py --sizes 1000 10000 100000 --brute-max 2000
"""

from __future__ import annotations

import argparse
import gc
import json
import subprocess
import sys
import time
from collections import Counter
from itertools import pairwise
from pathlib import Path
from types import SimpleNamespace
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent / "tests"))


def _memory() -> dict[str, int]:
    """Current and peak resident memory of this process, in KiB (Linux)."""
    values = {}
    for line in Path("/proc/self/status").read_text().splitlines():
        key, _, rest = line.partition(":")
        if key in ("VmRSS", "VmHWM"):
            values[key] = int(rest.split()[0])
    return values


def _reset_peak() -> None:
    # Linux: writing 5 to clear_refs resets the peak (VmHWM) to the current RSS.
    Path("/proc/self/clear_refs").write_text("5")


class _Article:
    """What Pelican's plugin reads of an article: its tags; it sets related_posts."""

    __slots__ = ("post", "related_posts", "slug", "tags")

    def __init__(self, post: Any) -> None:
        self.post = post
        self.slug = post.slug
        self.tags = list(post.tags)


def pelican_related(posts: list[Any], limit: int) -> tuple[dict[str, list[Any]], str]:
    """Pelican's related_posts plugin on the same posts: the installed one
    (pelican-related-posts) when importable, else the same algorithm written out
    (count the shared tags of every other article, most_common, ties by order)."""
    articles = [_Article(post) for post in posts]
    by_tag: dict[str, list[Any]] = {}
    for article in articles:  # Pelican's generator.tags: tag -> articles, in order
        for tag in article.tags:
            by_tag.setdefault(tag, []).append(article)
    try:
        from pelican.plugins.related_posts.related_posts import add_related_posts
    except ImportError:
        for article in articles:
            scores: Counter[Any] = Counter()
            for tag in article.tags:
                scores.update(by_tag[tag])
            scores.pop(article, None)
            article.related_posts = [other for other, _ in scores.most_common(limit)]
        source = "pelican algorithm (re-implemented)"
    else:
        generator = SimpleNamespace(articles=articles, drafts=[], tags=by_tag, settings={"RELATED_POSTS_MAX": limit})
        add_related_posts(generator)
        source = "pelican-related-posts (installed)"
    return {a.slug: [other.post for other in a.related_posts] for a in articles}, source


def _topic_share(site: Any, related: dict[str, list[Any]]) -> float:
    same = total = 0
    for slug, others in related.items():
        topic = site.post(slug).extra["topic"]
        for other in others:
            total += 1
            same += other.extra["topic"] == topic
    return same / total if total else 0.0


def measure(size: int, what: str) -> dict[str, Any]:
    """One measurement, in this process."""
    from synthetic import synthetic_site

    started = time.perf_counter()
    site = synthetic_site(size)
    generated = time.perf_counter() - started
    # Imported before the clock starts, as a build imports its plugins before loading the site.
    import coachcontent_related as related
    from related_reference import Reference

    published = site.posts_newest_first()
    gc.collect()
    before = _memory()["VmRSS"]
    _reset_peak()
    result: dict[str, Any] = {"size": size, "what": what, "generate_s": round(generated, 3)}
    started = time.perf_counter()
    cpu = time.process_time()
    if what == "index":
        index = related.related_index(site)
        built = time.perf_counter()
        answers = {slug: [r.post for r in rs] for slug, rs in index.all_rankings(5).items()}
        result["build_s"] = round(built - started, 3)
        result["features"] = len(index.features)
    elif what == "brute":
        reference = Reference(site)
        built = time.perf_counter()
        answers = {post.slug: [site.post(slug) for slug, _, _ in reference.ranking(post, 5)] for post in published}
        result["build_s"] = round(built - started, 3)
    elif what == "pelican":
        answers, result["source"] = pelican_related(list(published), 5)
    else:
        raise ValueError(what)
    result["total_s"] = round(time.perf_counter() - started, 3)
    result["cpu_s"] = round(time.process_time() - cpu, 3)
    memory = _memory()
    result["rss_before_mib"] = round(before / 1024, 1)
    result["peak_mib"] = round(memory["VmHWM"] / 1024, 1)
    result["topic_share"] = round(_topic_share(site, answers), 4)
    result["answered"] = sum(1 for others in answers.values() if others)
    result["posts"] = len(published)
    return result


def run(size: int, what: str) -> dict[str, Any]:
    """``measure`` in a fresh process."""
    output = subprocess.run(
        [sys.executable, __file__, "--one", str(size), what],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    return dict(json.loads(output.strip().splitlines()[-1]))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[500, 1000, 2000, 4000])
    parser.add_argument("--brute-max", type=int, default=2000, help="largest size for brute force")
    parser.add_argument("--pelican-max", type=int, default=100_000, help="largest size for Pelican")
    parser.add_argument("--one", nargs=2, metavar=("SIZE", "WHAT"), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.one:
        print(json.dumps(measure(int(args.one[0]), args.one[1])))
        return 0
    rows = []
    header = (
        f"{'what':<8} {'posts':>7} {'build s':>8} {'total s':>8} {'cpu s':>8} {'µs/post':>8} "
        f"{'peak MiB':>9} {'site MiB':>9} {'topic':>6}"
    )
    print(header)
    for size in args.sizes:
        kinds = ["index"]
        if size <= args.brute_max:
            kinds.append("brute")
        if size <= args.pelican_max:
            kinds.append("pelican")
        for what in kinds:
            row = run(size, what)
            rows.append(row)
            print(
                f"{what:<8} {row['posts']:>7} {row.get('build_s', 0):>8.2f} {row['total_s']:>8.2f} "
                f"{row['cpu_s']:>8.2f} {1e6 * row['cpu_s'] / row['posts']:>8.0f} {row['peak_mib']:>9.1f} "
                f"{row['rss_before_mib']:>9.1f} {row['topic_share']:>6.3f}",
                flush=True,
            )
    sources = sorted({row["source"] for row in rows if "source" in row})
    if sources:
        print(f"(pelican: {', '.join(sources)})")
    print("\ngrowth of CPU time (time ratio / size ratio; 1.0 is linear, 2.0 quadratic):")
    for what in ("index", "brute", "pelican"):
        mine = [row for row in rows if row["what"] == what]
        for smaller, larger in pairwise(mine):
            size_ratio = larger["posts"] / smaller["posts"]
            time_ratio = larger["cpu_s"] / max(smaller["cpu_s"], 1e-9)
            print(
                f"  {what:<8} {smaller['size']:>7} -> {larger['size']:<7} time × {time_ratio:6.2f} "
                f"for size × {size_ratio:5.2f}: {time_ratio / size_ratio:5.2f}"
            )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
