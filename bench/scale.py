"""Scale check: does anything in the build grow faster than the number of posts?

    python bench/scale.py --sizes 2500,5000,10000,20000 [--keep DIR] [--jobs N] [--timeout 600]

For each size builds the synthetic site (``bench/corpus.py``) with ``coachcontent check``
(load + collecting outputs) and ``coachcontent build`` (everything), each under
``/usr/bin/time -v``, and prints wall time, CPU time and peak memory, the per-post cost and,
between consecutive sizes, the growth exponent ``log(t2/t1) / log(n2/n1)``: 1 is linear,
2 is quadratic. A build that exceeds ``--timeout`` seconds is stopped and reported.
"""

from __future__ import annotations

import argparse
import math
import shutil
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import corpus
from build import WRITTEN, Run, _tool, measure


def _timed(command: list[str], timeout: float) -> Run | None:
    """``measure`` with a time limit; None when the build was stopped."""
    run = measure(command, timeout=timeout)
    if run.timed_out:
        print(f"    stopped after {timeout:.0f} s", flush=True)
        return None
    return run


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="2500,5000,10000,20000")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--keep", metavar="DIR")
    parser.add_argument("--jobs", type=int, default=0, help="build with --jobs N (default: serial)")
    parser.add_argument("--timeout", type=float, default=570, help="seconds allowed per build")
    parser.add_argument("--disable-plugin", action="append", default=[], metavar="NAME")
    parser.add_argument("--no-check", action="store_true", help="skip the load-only measurement")
    args = parser.parse_args(argv)
    sizes = [int(s) for s in args.sizes.split(",")]
    coachcontent = _tool("coachcontent")
    if coachcontent is None:
        print("coachcontent is not installed", file=sys.stderr)
        return 1
    extra = [arg for name in args.disable_plugin for arg in ("--disable-plugin", name)]
    root = Path(args.keep) if args.keep else Path(tempfile.mkdtemp(prefix="coachcontent-scale-"))
    rows: list[tuple[int, Run | None, Run | None, str]] = []
    try:
        for size in sizes:
            source = root / f"site-{size}"
            marker = source / ".bench-size"
            if not (marker.exists() and marker.read_text() == f"{size} {args.seed}"):
                if source.exists():
                    shutil.rmtree(source)
                started = time.perf_counter()
                corpus.write_coachcontent(source, corpus.make_posts(size, args.seed))
                marker.write_text(f"{size} {args.seed}")
                print(f"{size}: wrote the site in {time.perf_counter() - started:.1f} s", flush=True)
            check = None
            if not args.no_check:
                check = _timed([coachcontent, "check", str(source), *extra], args.timeout)
                if check is not None:
                    print(
                        f"  {size} check: {check.wall:.2f} s wall, {check.cpu:.2f} s CPU, {check.max_rss_mb:.0f} MB",
                        flush=True,
                    )
            out = root / f"out-{size}"
            if out.exists():
                shutil.rmtree(out)
            command = [coachcontent, "build", str(source), "-o", str(out), *extra]
            if args.jobs > 1:
                command += ["--jobs", str(args.jobs)]
            build = _timed(command, args.timeout)
            written = ""
            if build is not None:
                if build.returncode != 0:
                    print(f"  {size} build failed: {build.stderr.strip()[-500:]}", flush=True)
                    build = None
                else:
                    match = WRITTEN.search(build.stdout)
                    written = match.group(1) if match else "?"
                    print(
                        f"  {size} build: {build.wall:.2f} s wall, {build.cpu:.2f} s CPU, "
                        f"{build.max_rss_mb:.0f} MB max RSS, {build.tree_rss_mb:.0f} MB tree, {written} files",
                        flush=True,
                    )
            if out.exists():
                shutil.rmtree(out)
            rows.append((size, check, build, written))
    finally:
        if not args.keep:
            shutil.rmtree(root, ignore_errors=True)

    print()
    print(
        f"{'posts':>8}{'check s':>10}{'check MB':>10}{'build s':>10}{'CPU s':>9}{'peak MB':>9}"
        f"{'ms/post':>9}{'files':>8}{'exp(time)':>11}{'exp(mem)':>10}"
    )
    previous: tuple[int, Run] | None = None
    for size, check, build, written in rows:
        cells = [f"{size:>8}"]
        cells.append(f"{check.wall:>10.2f}{check.max_rss_mb:>10.0f}" if check else f"{'-':>10}{'-':>10}")
        if build is None:
            cells.append(f"{'not finished within the timeout':>40}")
            print("".join(cells))
            continue
        peak = max(build.max_rss_mb, build.tree_rss_mb)
        cells.append(f"{build.wall:>10.2f}{build.cpu:>9.2f}{peak:>9.0f}{build.cpu / size * 1000:>9.2f}{written:>8}")
        if previous is not None:
            n0, b0 = previous
            growth = math.log(size / n0)
            cells.append(f"{math.log(build.cpu / b0.cpu) / growth:>11.2f}")
            memory = max(build.max_rss_mb, build.tree_rss_mb) / max(b0.max_rss_mb, b0.tree_rss_mb)
            cells.append(f"{math.log(memory) / growth:>10.2f}")
        print("".join(cells))
        previous = (size, build)
    print("exp: growth exponent from the previous size (CPU time and peak memory); 1 = linear, 2 = quadratic")
    return 0


if __name__ == "__main__":
    sys.exit(main())
