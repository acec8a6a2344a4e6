"""Benchmark: every feed output of a whole site, as a build renders them.

Where ``feeds_bench.py`` times one large feed, this times what a build of a
site costs the feeds plugin: collecting its outputs (settings and every
episode checked) and rendering all of them — the site's, each category's,
tag's, series' and author's feeds in RSS, Atom and JSON Feed — in one
process, as ``build_site(..., jobs=None)`` does.  A post is in many of
these feeds, so this is where entries prepared once per post pay off.

Sites measured:

- ``demo``: the bundled demo site (``coachcontent.demo_path()``);
- ``synthetic``: N posts (default 2,000; about 2 KB of HTML each, a fifth of
  them with relative links and images), 12 categories in two levels, 60
  tags, 2 series, 3 authors, with the default ``limit`` of 20 entries;
- ``synthetic-all``: the same with ``limit = 0`` (every post in every feed).

Each run is a fresh process with a freshly loaded site, so no cache of an
earlier run helps.  Run from the repository root::

    python plugins/coachcontent-feeds/bench/site_bench.py            # 2,000 posts, 5 runs
    python plugins/coachcontent-feeds/bench/site_bench.py -n 500 -r 3
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import time
from datetime import UTC, datetime, timedelta
from typing import Any

SITES = ("demo", "synthetic", "synthetic-all")
BASE = "https://site-bench.example"

PARAGRAPH = (
    "<p>Leaders who listen first make better decisions, because the people closest to the work "
    'see problems early. <a href="https://site-bench.example/guides/listening/">Our listening guide</a> '
    "walks through the <em>first ten minutes</em> of a hard conversation &amp; what to ask.</p>\n"
)
RELATIVE = (
    '<p><img src="chart.png" alt="A chart" srcset="chart.png 1x, /img/chart@2x.png 2x"> '
    '<a href="/contact/">Contact us</a> or read <a href="../notes/">the notes</a>.</p>\n'
)


def synthetic_site(count: int, limit: int) -> Any:
    """A coaching blog of ``count`` posts made in Python."""
    from coachcontent import Author, Post, Site, Taxonomy, Term

    parents = [f"area-{n}" for n in range(3)]
    children = [f"topic-{n}" for n in range(9)]
    categories = tuple(Term(slug=slug, name=slug.replace("-", " ").title()) for slug in parents) + tuple(
        Term(slug=slug, name=slug.replace("-", " ").title(), parent=parents[n % 3]) for n, slug in enumerate(children)
    )
    tags = tuple(Term(slug=f"tag-{n}", name=f"Tag {n}") for n in range(60))
    series = (Term(slug="quiet-hour", name="The Quiet Hour"), Term(slug="field-notes", name="Field Notes"))
    authors = (
        Author(slug="maren", name="Maren Okafor-Lind", email="maren@site-bench.example"),
        Author(slug="theo", name="Théo Brandt", url="https://theo.example/"),
        Author(slug="ines", name="Inés Calloway"),
    )
    start = datetime(2019, 1, 1, 9, 0, tzinfo=UTC)
    posts = []
    for n in range(count):
        body = PARAGRAPH * 7 + (RELATIVE if n % 5 == 0 else "")
        terms: dict[str, tuple[str, ...]] = {
            "categories": (children[n % 9],),
            "tags": (f"tag-{n % 60}", f"tag-{(n * 7 + 3) % 60}", f"tag-{(n * 13 + 5) % 60}"),
        }
        if n % 10 == 0:
            terms["series"] = (series[n % 20 // 10].slug,)
        posts.append(
            Post(
                slug=f"post-{n:05d}",
                title=f"Post {n}: listening & leading",
                date=start + timedelta(hours=7 * n),
                summary=f'<p>Summary of post {n}: why <a href="/about/">listening</a> comes first.</p>',
                body=body,
                authors=(authors[n % 3].slug,) if n % 4 else (authors[0].slug, authors[1].slug),
                terms=terms,
                source_path=f"content/posts/post-{n:05d}.md",
            )
        )
    return Site(
        title="Site Bench Coaching",
        base_url=BASE,
        description="A benchmark site.",
        authors=authors,
        taxonomies=(
            Taxonomy(name="categories", hierarchical=True, terms=categories),
            Taxonomy(name="tags", terms=tags),
            Taxonomy(name="series", label="Series", terms=series),
        ),
        posts=tuple(posts),
        config={"feeds": {"limit": limit}},
    )


def measure_here(which: str, count: int) -> dict[str, float]:
    """Load the site, then time collecting and rendering every feed output (the child's side)."""
    from coachcontent_feeds import plugin

    import coachcontent

    if which == "demo":
        site = coachcontent.load_site(coachcontent.demo_path())
    else:
        site = synthetic_site(count, 0 if which == "synthetic-all" else 20)
    context = coachcontent.BuildContext(site)
    started, cpu = time.perf_counter(), time.process_time()
    outputs = list(plugin.coachcontent_outputs(build=context, site=site))
    size = sum(len(output.render(context)) for output in outputs)
    return {
        "seconds": time.perf_counter() - started,
        "cpu": time.process_time() - cpu,
        "outputs": len(outputs),
        "posts": len(site.posts_newest_first()),
        "bytes": size,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("-n", "--posts", type=int, default=2000, help="posts of the synthetic site (default 2,000)")
    parser.add_argument("-r", "--runs", type=int, default=5, help="runs per site; the median is shown")
    parser.add_argument("--child", metavar="SITE", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(measure_here(args.child, args.posts)))
        return
    print(f"every feed output of a site, median of {args.runs} runs, each in a fresh process")
    print(f"{'site':15}{'posts':>7}{'feeds':>7}{'out MB':>8}{'time s':>8}{'cpu s':>8}")
    for which in SITES:
        runs = []
        for _ in range(args.runs):
            command = [sys.executable, __file__, "--child", which, "-n", str(args.posts)]
            result = subprocess.run(command, check=True, capture_output=True, text=True)
            runs.append(json.loads(result.stdout))
        print(
            f"{which:15}{runs[0]['posts']:7d}{runs[0]['outputs']:7d}{runs[0]['bytes'] / 1e6:8.2f}"
            f"{statistics.median(r['seconds'] for r in runs):8.3f}{statistics.median(r['cpu'] for r in runs):8.3f}"
        )


if __name__ == "__main__":
    main()
