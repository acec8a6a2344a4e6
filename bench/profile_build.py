"""Where a coachcontent build spends its time.

    python bench/profile_build.py --posts 2000 [--keep DIR] [--cprofile FILE] [--pyinstrument] [--top 40]

Generates the synthetic site (``bench/corpus.py``, coachcontent form only), then builds it in
this process phase by phase, timing each:

* load: ``load_site`` (front matter, Markdown, summaries, the Site graph), with a cProfile
  breakdown of the loader's parts;
* collect: every plugin's ``coachcontent_outputs``;
* render: each output's renderer, summed per plugin and per kind of page;
* write: the writer (hashing, files, manifest), measured by calling ``write_outputs`` with
  outputs that already hold their bytes.

With ``--cprofile FILE`` the whole build also runs under cProfile (stats saved to FILE, top
functions printed); with ``--pyinstrument`` under pyinstrument (text tree printed).
"""

from __future__ import annotations

import argparse
import cProfile
import gc
import io
import json
import pstats
import re
import resource
import shutil
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import corpus


def _clock() -> float:
    """CPU time of this process: other work on a shared machine does not count."""
    return time.process_time()


def _kind(path: str) -> str:
    """A coarse kind of output from its path, for grouping render times."""
    if re.match(r"^\d{4}/\d{2}/[^/]+/index\.html$", path):
        return "post page"
    if re.match(r"^\d{4}/(\d{2}/)?(page/\d+/)?index\.html$", path):
        return "date archive"
    if path.startswith(("tag/", "category/", "author/", "series/")) and path.endswith(".html"):
        return path.split("/", 1)[0] + " page"
    if path == "index.html" or path.startswith("page/"):
        return "home page"
    if path.endswith((".xml", ".json")) and ("feed" in path or path.endswith(("atom.xml", "rss.xml"))):
        return "feed"
    if "sitemap" in path:
        return "sitemap"
    return "other: " + (path.rsplit(".", 1)[-1] if "." in path else path)


def _ensure_corpus(root: Path, posts: int, seed: int) -> Path:
    marker = root / "corpus-coachcontent.json"
    wanted = {"posts": posts, "seed": seed}
    source = root / "coachcontent"
    if marker.exists() and json.loads(marker.read_text()) == wanted and source.exists():
        return source
    if source.exists():
        shutil.rmtree(source)
    corpus.write_coachcontent(source, corpus.make_posts(posts, seed))
    marker.write_text(json.dumps(wanted))
    return source


def _print_stats(profile: cProfile.Profile, sort: str, top: int, pattern: str | None = None) -> None:
    stream = io.StringIO()
    stats = pstats.Stats(profile, stream=stream)
    stats.sort_stats(sort)
    if pattern:
        stats.print_stats(pattern, top)
    else:
        stats.print_stats(top)
    text = stream.getvalue()
    start = text.find("   ncalls")
    print(text[start:] if start >= 0 else text)


def _loader_breakdown(profile: cProfile.Profile, total: float) -> None:
    """Cumulative time of the loader's parts, from the load's cProfile stats."""
    stats = pstats.Stats(profile)
    parts = {
        "read files": ("loader.py", "_read_bytes"),
        "front matter (YAML)": ("frontmatter.py", "_parse_yaml"),
        "Markdown to HTML": ("markdown.py", "render_markdown"),
        "summaries": ("summary.py", "make_summary"),
        "link checks": ("links.py", "content_problems"),
        "read_entry (all of a file)": ("entries.py", "read_entry"),
        "Site(...) graph and indexes": ("loader.py", "assemble"),
        "plugin sections / manager": ("loader.py", "plugin_sections"),
        "slugs": ("slugs.py", "make_slug"),
    }
    print(f"load: {total:.2f} s; cumulative time of its parts (under cProfile, so inflated):")
    for label, (filename, function) in parts.items():
        cumulative = 0.0
        calls = 0
        for (file, _line, name), (_cc, nc, _tt, ct, _callers) in stats.stats.items():  # type: ignore[attr-defined]
            if file.endswith(filename) and name == function:
                cumulative += ct
                calls += nc
        print(f"  {label:<30}{cumulative:8.2f} s  ({calls} calls)")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--posts", type=int, default=2000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--keep", metavar="DIR")
    parser.add_argument("--source", metavar="DIR", help="profile this site folder instead of generating one")
    parser.add_argument("--cprofile", metavar="FILE", help="also profile the whole build, save stats here")
    parser.add_argument("--pyinstrument", action="store_true", help="also profile the whole build with pyinstrument")
    parser.add_argument("--top", type=int, default=35)
    parser.add_argument("--disable-plugin", action="append", default=[], metavar="NAME")
    parser.add_argument("--no-load-profile", action="store_true", help="skip the cProfile of the load")
    args = parser.parse_args(argv)

    import coachcontent
    from coachcontent.build.builder import build_site, collect_outputs
    from coachcontent.build.context import BuildContext
    from coachcontent.build.output import Output
    from coachcontent.build.paths import check_outputs
    from coachcontent.build.writer import write_outputs
    from coachcontent.content.loader import load_site

    root = Path(args.keep) if args.keep else Path(tempfile.mkdtemp(prefix="coachcontent-profile-"))
    root.mkdir(parents=True, exist_ok=True)
    try:
        source = Path(args.source) if args.source else _ensure_corpus(root, args.posts, args.seed)
        selection = coachcontent.PluginSelection.from_sources(disabled=args.disable_plugin)
        names = sorted(name for name, _plugin in coachcontent.make_plugin_manager(selection).list_name_plugin())
        print(f"{source}; plugins: {', '.join(names)}")

        # ---- phases, timed without a profiler
        gc.collect()
        started = _clock()
        site = load_site(source, selection=selection)
        t_load = _clock() - started
        rss_after_load = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

        started = _clock()
        context = BuildContext(site, selection)
        outputs = collect_outputs(context)
        t_collect = _clock() - started

        started = _clock()
        checked = check_outputs(outputs)
        t_check = _clock() - started

        by_plugin: dict[str, float] = defaultdict(float)
        by_kind: dict[str, list[float]] = defaultdict(list)
        count_plugin: dict[str, int] = defaultdict(int)
        rendered = []
        started = _clock()
        for output in checked:
            t0 = _clock()
            data = output.render(context)
            elapsed = _clock() - t0
            by_plugin[output.plugin] += elapsed
            count_plugin[output.plugin] += 1
            by_kind[_kind(output.path)].append(elapsed)
            rendered.append(Output(path=output.path, media_type=output.media_type, content=data, plugin=output.plugin))
        t_render = _clock() - started

        out = root / "out-profile"
        if out.exists():
            shutil.rmtree(out)
        started = _clock()
        report = write_outputs(rendered, out, BuildContext(site, selection))
        t_write = _clock() - started
        started = _clock()
        report2 = write_outputs(rendered, out, BuildContext(site, selection))
        t_write_again = _clock() - started
        rss_peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

        total = t_load + t_collect + t_check + t_render + t_write
        print(
            f"\n== phases (no profiler; CPU seconds of this process), {len(checked)} outputs, "
            f"{report.total_bytes / 2**20:.1f} MB =="
        )
        for label, value in (
            ("load_site", t_load),
            ("collect outputs", t_collect),
            ("check paths", t_check),
            ("render", t_render),
            ("write (cold)", t_write),
        ):
            print(f"  {label:<26}{value:8.2f} s  {value / total:6.1%}")
        print(f"  {'total':<26}{total:8.2f} s   ({total / args.posts * 1000:.2f} ms per post)")
        print(
            f"  write again, nothing changed: {t_write_again:.2f} s "
            f"({len(report2.written)} written, {len(report2.unchanged)} unchanged)"
        )
        print(f"  peak RSS: {rss_after_load:.0f} MB after load, {rss_peak:.0f} MB at the end (all bytes held)")
        print("\n  render by plugin:")
        for plugin, value in sorted(by_plugin.items(), key=lambda kv: -kv[1]):
            print(
                f"    {plugin:<22}{value:8.2f} s  {count_plugin[plugin]:6d} outputs  "
                f"{value / count_plugin[plugin] * 1000:7.2f} ms each"
            )
        print("  render by kind:")
        for kind, values in sorted(by_kind.items(), key=lambda kv: -sum(kv[1])):
            print(
                f"    {kind:<22}{sum(values):8.2f} s  {len(values):6d} outputs  "
                f"{sum(values) / len(values) * 1000:7.2f} ms each  (max {max(values) * 1000:.1f} ms)"
            )

        # ---- the load under cProfile
        if not args.no_load_profile:
            del site, context, outputs, checked, rendered
            gc.collect()
            profile = cProfile.Profile()
            started = _clock()
            profile.enable()
            load_site(source, selection=selection)
            profile.disable()
            _loader_breakdown(profile, _clock() - started)
            print("\n  load: top functions by own time")
            _print_stats(profile, "tottime", 15)

        # ---- the whole build under a profiler
        if args.cprofile:
            profile = cProfile.Profile()
            out2 = root / "out-cprofile"
            if out2.exists():
                shutil.rmtree(out2)
            profile.enable()
            build_site(load_site(source, selection=selection), out2, selection=selection)
            profile.disable()
            profile.dump_stats(args.cprofile)
            print(f"\n== whole build under cProfile (saved to {args.cprofile}) ==\n  top by own time:")
            _print_stats(profile, "tottime", args.top)
            print("  top by cumulative time:")
            _print_stats(profile, "cumulative", args.top)
        if args.pyinstrument:
            from pyinstrument import Profiler

            out3 = root / "out-pyinstrument"
            if out3.exists():
                shutil.rmtree(out3)
            profiler = Profiler(interval=0.002)
            profiler.start()
            build_site(load_site(source, selection=selection), out3, selection=selection)
            profiler.stop()
            print(profiler.output_text(unicode=False, color=False, show_all=False))
    finally:
        if not args.keep:
            shutil.rmtree(root, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
