"""Benchmark: one large feed written by coachcontent-feeds, feedgen and feedgenerator.

Each run builds the same N posts (about 2 KB of HTML each, 3 categories of
10, one author, aware dates) and times writing one feed of all of them, as
RSS 2.0 and as Atom 1.0.  Every measurement runs in a fresh process, so
caches and memory of one do not help another; the input is built before
the clock starts.  Peak memory is the growth of the process's peak resident
set size while the feed is written (``ru_maxrss``), which counts lxml's C
allocations that ``tracemalloc`` would miss.

Run from the repository root (feedgen and feedgenerator are not runtime
dependencies: ``pip install feedgen feedgenerator``)::

    python plugins/coachcontent-feeds/bench/feeds_bench.py            # 10,000 posts, 3 runs each
    python plugins/coachcontent-feeds/bench/feeds_bench.py -n 2000 -r 5

Prints wall time, CPU time and peak memory per tool and format (median of
the runs) and the ratios to feedgen.  On a busy machine the CPU-time ratio
is the steadier figure.
"""

from __future__ import annotations

import argparse
import json
import resource
import statistics
import subprocess
import sys
import time
from datetime import UTC, datetime, timedelta
from typing import Any

TOOLS = ("coachcontent", "feedgen", "feedgenerator")
FORMATS = ("rss", "atom")
BASE = "https://bench.example"
CATEGORIES = [f"topic-{n}" for n in range(10)]

PARAGRAPH = (
    "<p>Leaders who listen first make better decisions, because the people closest to the work "
    'see problems early. <a href="https://bench.example/guides/listening/">Our listening guide</a> '
    "walks through the <em>first ten minutes</em> of a hard conversation &amp; what to ask.</p>\n"
)


def make_posts(count: int, relative: bool) -> list[dict[str, Any]]:
    """The benchmark's posts as plain data: what every tool is given."""
    body = PARAGRAPH * 7  # about 2 KB
    if relative:
        body += '<p><img src="chart.png" alt="A chart"> <a href="/contact/">Contact us</a></p>\n'
    start = datetime(2020, 1, 1, 9, 0, tzinfo=UTC)
    return [
        {
            "slug": f"post-{n:05d}",
            "title": f"Post number {n}: listening & leading",
            "date": start + timedelta(hours=n),
            "summary": f"<p>Summary of post {n}: why listening comes first.</p>",
            "body": body,
            "categories": [CATEGORIES[n % 10], CATEGORIES[(n + 3) % 10], CATEGORIES[(n + 7) % 10]],
        }
        for n in range(count)
    ]


def run_coachcontent(posts: list[dict[str, Any]], fmt: str) -> tuple[float, float, bytes]:
    import coachcontent_feeds

    from coachcontent import Author, Post, Site, Taxonomy, Term

    site = Site(
        title="Bench Coaching",
        base_url=BASE,
        description="A benchmark site.",
        authors=(Author(slug="maren", name="Maren Okafor-Lind", email="maren@bench.example"),),
        taxonomies=(
            Taxonomy(
                name="categories",
                hierarchical=True,
                terms=tuple(Term(slug=slug, name=slug.replace("-", " ").title()) for slug in CATEGORIES),
            ),
        ),
        posts=tuple(
            Post(
                slug=p["slug"],
                title=p["title"],
                date=p["date"],
                summary=p["summary"],
                body=p["body"],
                authors=("maren",),
                terms={"categories": tuple(p["categories"])},
                source_path=f"content/posts/{p['slug']}.md",
            )
            for p in posts
        ),
        config={"feeds": {"limit": 0}},
    )
    started, cpu = time.perf_counter(), time.process_time()
    data = coachcontent_feeds.render_feed(site, format=fmt)  # type: ignore[arg-type]
    return time.perf_counter() - started, time.process_time() - cpu, data


def run_feedgen(posts: list[dict[str, Any]], fmt: str) -> tuple[float, float, bytes]:
    from feedgen.feed import FeedGenerator

    started, cpu = time.perf_counter(), time.process_time()
    fg = FeedGenerator()
    fg.load_extension("dc")
    fg.id(f"{BASE}/")
    fg.title("Bench Coaching")
    fg.description("A benchmark site.")
    fg.subtitle("A benchmark site.")
    fg.author({"name": "Bench Coaching"})
    fg.link(href=f"{BASE}/", rel="alternate")
    fg.link(href=f"{BASE}/feed.xml", rel="self")
    fg.language("en")
    # feedgen lists entries in reverse order of adding: add oldest first.
    for p in posts:
        fe = fg.add_entry()
        url = f"{BASE}/{p['slug']}/"
        fe.id(f"tag:bench.example,{p['date'].date().isoformat()}:{p['slug']}")
        fe.title(p["title"])
        fe.link(href=url)
        fe.published(p["date"])
        fe.updated(p["date"])
        fe.author({"name": "Maren Okafor-Lind", "email": "maren@bench.example"})
        for category in p["categories"]:
            fe.category(term=category, scheme=f"{BASE}/category/")
        if fmt == "rss":
            fe.description(p["summary"])
            fe.content(p["body"], type="CDATA")
        else:
            fe.summary(p["summary"], type="html")
            fe.content(p["body"], type="html")
    data = fg.rss_str() if fmt == "rss" else fg.atom_str()
    return time.perf_counter() - started, time.process_time() - cpu, data


def run_feedgenerator(posts: list[dict[str, Any]], fmt: str) -> tuple[float, float, bytes]:
    import feedgenerator

    started, cpu = time.perf_counter(), time.process_time()
    cls = feedgenerator.Rss201rev2Feed if fmt == "rss" else feedgenerator.Atom1Feed
    feed = cls(
        title="Bench Coaching",
        link=f"{BASE}/",
        description="A benchmark site.",
        language="en",
        feed_url=f"{BASE}/feed.xml",
    )
    for p in reversed(posts):
        feed.add_item(
            title=p["title"],
            link=f"{BASE}/{p['slug']}/",
            description=p["summary"],
            content=p["body"],
            author_name="Maren Okafor-Lind",
            author_email="maren@bench.example",
            pubdate=p["date"],
            updateddate=p["date"],
            unique_id=f"tag:bench.example,{p['date'].date().isoformat()}:{p['slug']}",
            categories=p["categories"],
        )
    data = feed.writeString("utf-8").encode("utf-8")
    return time.perf_counter() - started, time.process_time() - cpu, data


RUNNERS = {"coachcontent": run_coachcontent, "feedgen": run_feedgen, "feedgenerator": run_feedgenerator}


def measure_here(tool: str, fmt: str, count: int, relative: bool) -> dict[str, float]:
    """One measurement in this process (the child's side)."""
    posts = make_posts(count, relative)
    RUNNERS[tool]([posts[0]], fmt)  # import the tool and warm it up outside the measurement
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    seconds, cpu, data = RUNNERS[tool](posts, fmt)
    after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return {"seconds": seconds, "cpu": cpu, "peak_mb": (after - before) / 1024, "bytes": len(data)}


def measure(tool: str, fmt: str, count: int, relative: bool) -> dict[str, float]:
    """One measurement in a fresh process."""
    args = [sys.executable, __file__, "--child", tool, fmt, "-n", str(count)]
    if relative:
        args.append("--relative")
    result = subprocess.run(args, check=True, capture_output=True, text=True)
    data: dict[str, float] = json.loads(result.stdout)
    return data


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("-n", "--posts", type=int, default=10_000, help="entries in the feed (default 10,000)")
    parser.add_argument("-r", "--runs", type=int, default=3, help="runs per tool and format; the median is shown")
    parser.add_argument("--relative", action="store_true", help="add relative links to every body (ours rewrite them)")
    parser.add_argument("--child", nargs=2, metavar=("TOOL", "FORMAT"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(measure_here(args.child[0], args.child[1], args.posts, args.relative)))
        return
    results: dict[tuple[str, str], dict[str, float]] = {}
    for fmt in FORMATS:
        for run in range(args.runs):
            for tool in TOOLS:  # interleaved, so a noisy moment hits every tool alike
                got = measure(tool, fmt, args.posts, args.relative)
                bucket = results.setdefault(
                    (tool, fmt), {"seconds": [], "cpu": [], "peak_mb": [], "bytes": got["bytes"]}
                )
                bucket["seconds"].append(got["seconds"])  # type: ignore[union-attr]
                bucket["cpu"].append(got["cpu"])  # type: ignore[union-attr]
                bucket["peak_mb"].append(got["peak_mb"])  # type: ignore[union-attr]
            del run
    print(f"{args.posts:,} entries, ~2 KB of HTML each, median of {args.runs} runs, each in a fresh process")
    header = f"{'format':7}{'tool':15}{'time s':>8}{'cpu s':>8}{'peak MB':>9}{'out MB':>8}"
    print(f"{header}{'time ×feedgen':>15}{'cpu ×feedgen':>14}{'peak ×feedgen':>15}")
    for fmt in FORMATS:
        base_time = statistics.median(results[("feedgen", fmt)]["seconds"])  # type: ignore[arg-type]
        base_peak = statistics.median(results[("feedgen", fmt)]["peak_mb"])  # type: ignore[arg-type]
        base_cpu = statistics.median(results[("feedgen", fmt)]["cpu"])  # type: ignore[arg-type]
        for tool in TOOLS:
            entry = results[(tool, fmt)]
            seconds = statistics.median(entry["seconds"])  # type: ignore[arg-type]
            peak = statistics.median(entry["peak_mb"])  # type: ignore[arg-type]
            cpu = statistics.median(entry["cpu"])  # type: ignore[arg-type]
            print(
                f"{fmt:7}{tool:15}{seconds:8.3f}{cpu:8.3f}{peak:9.1f}{entry['bytes'] / 1e6:8.1f}"
                f"{seconds / base_time:15.2f}{cpu / base_cpu:14.2f}"
                f"{peak / base_peak if base_peak else float('nan'):15.2f}"
            )


if __name__ == "__main__":
    main()
