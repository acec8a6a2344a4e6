"""Build benchmark: coachcontent against Pelican and Hugo on the same synthetic site.

    python bench/build.py --posts 5000 [--runs 3] [--peers coachcontent,pelican,hugo]
                          [--jobs N] [--keep DIR] [--seed S]

Writes a synthetic site of N posts (``bench/corpus.py``) as a coachcontent site folder, a
Pelican project and a Hugo project with the same content, builds each with HTML, feeds and
related posts on, cold (into an empty folder, on the same disk as the sources), ``--runs``
times, and prints the median wall time, CPU time (user + sys) and peak memory of each side by
side with the ratios against the targets of issue 9. The builds go round by round, one of each
tool per round (every other round in the reverse order), so that a shared machine's changing
speed weighs on every tool alike; a ratio against the targets is the median of the rounds'
ratios (each round's are printed too). Each build runs under
``/usr/bin/time -v``; peak memory is its "Maximum resident set size" (the largest single
process) and, sampled every 50 ms, the sum over the process tree (which matters for
``--jobs``).

For coachcontent it also measures, in each round right after its cold build, a rebuild after
editing one post (wall time and the build's "N written, M unchanged" line); then the same
rebuild inside ``coachcontent serve``'s process (no interpreter start, no imports: what a user
editing with the dev server waits for) and the cost of ``import coachcontent``.

A missing peer is reported and skipped. Run it with the Python of the environment that has
coachcontent (and Pelican) installed, e.g. ``/work/venv/bin/python bench/build.py``.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import corpus

TIME = "/usr/bin/time"
PEERS = ("coachcontent", "pelican", "hugo")

TARGET_HUGO = 1.0
TARGET_PELICAN = 1 / 8
TARGET_MEMORY_MB = 300
TARGET_REBUILD = 0.10
TARGET_IMPORT_MS = 100


# --------------------------------------------------------------------------- tools


def _tool(name: str) -> str | None:
    """The executable: next to this Python first (the venv), then on PATH."""
    local = Path(sys.executable).parent / name
    if local.exists():
        return str(local)
    return shutil.which(name)


def _hugo() -> str | None:
    return "/usr/bin/hugo" if Path("/usr/bin/hugo").exists() else shutil.which("hugo")


def _version(command: list[str]) -> str:
    try:
        out = subprocess.run(command, capture_output=True, text=True, timeout=60).stdout
    except (OSError, subprocess.TimeoutExpired):
        return "?"
    return out.strip().splitlines()[0] if out.strip() else "?"


def _pelican_plugins(pelican: str) -> list[str]:
    """Plugins importable by the Python that runs ``pelican``."""
    python = Path(pelican).parent / "python"
    if not python.exists():
        python = Path(sys.executable)
    found = []
    for name in ("related_posts", "sitemap"):
        check = subprocess.run([str(python), "-c", f"import pelican.plugins.{name}"], capture_output=True)
        if check.returncode == 0:
            found.append(name)
    return found


# --------------------------------------------------------------------------- measuring


@dataclass
class Run:
    wall: float
    cpu: float  # user + sys of the whole process tree
    max_rss_mb: float  # largest single process ("Maximum resident set size")
    tree_rss_mb: float  # sampled sum over the process tree
    stdout: str
    stderr: str
    returncode: int
    timed_out: bool = False
    # Sampled sum of the tree's proportional set sizes: a page the processes share (a
    # forked worker's inherited site) counts once, split among them; 0 when not measured.
    tree_pss_mb: float = 0.0
    # The part of ``cpu`` spent in the kernel (on these machines mostly the file system
    # making the output's files and folders).
    system: float = 0.0


@dataclass
class Result:
    label: str
    runs: list[Run] = field(default_factory=list)
    files: int = 0
    bytes: int = 0
    note: str = ""

    def median(self, attribute: str) -> float:
        return statistics.median(getattr(run, attribute) for run in self.runs)


def _tree_memory(pid: int, *, pss: bool) -> tuple[int, int]:
    """(sum of RSS, sum of PSS) over ``pid`` and its descendants, in bytes (PSS 0 when
    not asked for or where the system does not report it)."""
    import psutil

    try:
        process = psutil.Process(pid)
        rss = shared = 0
        for each in [process, *process.children(recursive=True)]:
            with contextlib.suppress(psutil.Error):
                rss += each.memory_info().rss
                if pss:  # reads /proc/PID/smaps_rollup: about 2 ms a process
                    with contextlib.suppress(psutil.Error, AttributeError, NotImplementedError):
                        shared += getattr(each.memory_full_info(), "pss", 0)
        return rss, shared
    except psutil.Error:
        return 0, 0


def measure(command: list[str], cwd: Path | None = None, timeout: float | None = None) -> Run:
    """Run ``command`` under ``/usr/bin/time -v``; wall, CPU and peak memory.

    Past ``timeout`` seconds the command (its own process group) is killed and the run has
    ``timed_out`` set.
    """
    with tempfile.NamedTemporaryFile("r", suffix=".time") as report:
        started = time.perf_counter()
        process = subprocess.Popen(
            [TIME, "-v", "-o", report.name, *command],
            cwd=cwd,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            start_new_session=True,  # its own process group, to stop it and its workers on a timeout
        )
        peak = peak_pss = 0
        stop = threading.Event()

        def sample() -> None:
            # RSS every 50 ms; PSS, which costs more to read, every tenth time (0.5 s), so
            # that sampling takes about 1 % of a core beside the build it measures.
            nonlocal peak, peak_pss
            count = 0
            while not stop.is_set():
                rss, pss = _tree_memory(process.pid, pss=count % 10 == 0)
                peak, peak_pss = max(peak, rss), max(peak_pss, pss)
                count += 1
                stop.wait(0.05)

        try:
            import psutil  # noqa: F401

            sampler: threading.Thread | None = threading.Thread(target=sample, daemon=True)
            sampler.start()  # type: ignore[union-attr]
        except ImportError:
            sampler = None
        timed_out = False
        try:
            stdout, stderr = process.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            timed_out = True
            os.killpg(process.pid, 9)
            stdout, stderr = process.communicate()
        elapsed = time.perf_counter() - started
        stop.set()
        if sampler is not None:
            sampler.join()
        text = Path(report.name).read_text() if not timed_out else ""
    fields = dict(line.strip().rsplit(": ", 1) for line in text.splitlines() if ": " in line)

    def seconds(value: str) -> float:
        parts = [float(p) for p in value.split(":")]
        total = 0.0
        for part in parts:
            total = total * 60 + part
        return total

    wall = seconds(fields.get("Elapsed (wall clock) time (h:mm:ss or m:ss)", "0")) or elapsed
    system = float(fields.get("System time (seconds)", 0))
    cpu = float(fields.get("User time (seconds)", 0)) + system
    max_rss = int(fields.get("Maximum resident set size (kbytes)", 0)) / 1024
    return Run(
        wall, cpu, max_rss, peak / 2**20, stdout, stderr, process.returncode, timed_out, peak_pss / 2**20, system
    )


def _folder_size(path: Path) -> tuple[int, int]:
    files = size = 0
    for each in path.rglob("*"):
        if each.is_file():
            files += 1
            size += each.stat().st_size
    return files, size


def _fresh(path: Path) -> None:
    """An empty output folder: ``path`` and coachcontent's spare of it removed."""
    for folder in (path, path.parent / f".{path.name}.spare"):
        if folder.exists():
            shutil.rmtree(folder)


def _tail(text: str, lines: int = 15) -> str:
    return "\n".join(text.strip().splitlines()[-lines:])


@dataclass
class ColdJob:
    """A tool's cold build: its command, where it writes, its caches removed before each run."""

    label: str
    command: list[str]
    out: Path
    cwd: Path | None = None
    caches: tuple[Path, ...] = ()


def cold_run(job: ColdJob, result: Result, number: int) -> bool:
    """One build of ``job`` into an empty folder, with its caches (of earlier runs) removed first;
    added to ``result``.  False (and ``result.note`` set) when it failed."""
    _fresh(job.out)
    for cache in job.caches:
        if cache.exists():
            shutil.rmtree(cache)
    run = measure(job.command, job.cwd)
    if run.returncode != 0:
        result.note = f"failed (exit {run.returncode}):\n{_tail(run.stderr or run.stdout)}"
        print(f"  {job.label}: run {number + 1} FAILED\n{result.note}", flush=True)
        return False
    result.runs.append(run)
    print(
        f"  {job.label}: run {number + 1}: {run.wall:.2f} s wall, {run.cpu:.2f} s CPU ({run.system:.2f} s system), "
        f"{run.max_rss_mb:.0f} MB max RSS, {run.tree_rss_mb:.0f} MB tree, {run.tree_pss_mb:.0f} MB tree PSS",
        flush=True,
    )
    return True


WRITTEN = re.compile(r"(\d+) written, (\d+) unchanged, (\d+) removed(?:; (\d+) rendered)?")


def rebuild_round(
    command: list[str], post_file: Path, original: str, number: int, result: Result, counts: list[tuple[int, ...]]
) -> bool:
    """Right after a cold build into the output folder: a rebuild without an edit (reported,
    not counted: a user's second build, which leaves the first beside the output as the spare
    that every later build updates, the state a site is in from then on), then one after
    appending a paragraph to ``post_file``, counted in ``result``.  ``post_file`` gets back
    ``original`` by the caller."""
    first = measure(command)
    match = WRITTEN.search(first.stdout)
    print(
        f"  coachcontent rebuild without an edit (not counted): {first.wall:.2f} s wall, {first.cpu:.2f} s CPU; "
        f"{match.group(0) if match else first.stderr[-300:]}",
        flush=True,
    )
    post_file.write_text(original + f"\nA sentence added for rebuild {number + 1}.\n", encoding="utf-8")
    run = measure(command)
    if run.returncode != 0:
        result.note = f"failed (exit {run.returncode}):\n{_tail(run.stderr or run.stdout)}"
        print(f"  rebuild FAILED\n{result.note}", flush=True)
        return False
    match = WRITTEN.search(run.stdout)
    counts.append(tuple(int(g or -1) for g in match.groups()) if match else (-1, -1, -1, -1))
    result.runs.append(run)
    print(
        f"  coachcontent rebuild {number + 1}: {run.wall:.2f} s wall, {run.cpu:.2f} s CPU, "
        f"{run.max_rss_mb:.0f} MB; {counts[-1][0]} written, {counts[-1][1]} unchanged, "
        f"{counts[-1][2]} removed, {counts[-1][3]} rendered",
        flush=True,
    )
    return True


_SERVE_REBUILDS = r"""
import json, sys, time
from pathlib import Path
from coachcontent import PluginSelection
from coachcontent.devserver import DevServer

source, out, post_file, runs = Path(sys.argv[1]), Path(sys.argv[2]), Path(sys.argv[3]), int(sys.argv[4])
disabled = sys.argv[5:]
server = DevServer(source, out, PluginSelection(disabled=disabled), log=lambda line: None)
assert server.rebuild() and server.rebuild()  # the server's first build, then one without an edit
original = post_file.read_text(encoding="utf-8")
times = []
try:
    for number in range(runs):
        post_file.write_text(original + f"\nA sentence added for rebuild {number + 1}.\n", encoding="utf-8")
        started, cpu = time.perf_counter(), time.process_time()
        assert server.rebuild(), server.errors
        times.append((time.perf_counter() - started, time.process_time() - cpu))
finally:
    post_file.write_text(original, encoding="utf-8")
print(json.dumps(times))
"""


def serve_rebuilds(
    source: Path, out: Path, post_file: Path, runs: int, disabled: list[str]
) -> list[tuple[float, float]]:
    """Rebuilds after one edit inside ``coachcontent serve``'s process, as its file watcher runs
    them (``DevServer.rebuild``: load with the parse cache, then build into the same folder):
    no interpreter to start and no imports, as a user editing with the dev server has it.
    (wall, CPU) of each, measured in that process."""
    command = [sys.executable, "-c", _SERVE_REBUILDS, str(source), str(out), str(post_file), str(runs), *disabled]
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        print(f"  rebuild in serve FAILED\n{_tail(done.stderr or done.stdout)}", flush=True)
        return []
    times = [(float(wall), float(cpu)) for wall, cpu in json.loads(done.stdout.strip().splitlines()[-1])]
    for number, (wall, cpu) in enumerate(times):
        print(f"  coachcontent serve rebuild {number + 1}: {wall:.2f} s wall, {cpu:.2f} s CPU", flush=True)
    return times


def byte_compile_coachcontent() -> int:
    """Write the bytecode of coachcontent and its plugins next to their sources, as a
    regular ``pip install`` does at install time (Pelican's and the libraries' are there
    already); returns how many package folders were compiled.

    An editable install keeps the sources in the checkout, and with
    ``PYTHONDONTWRITEBYTECODE`` set (as on these machines) Python would compile every
    module from source in every run: about 0.2 s of each build that a user does not pay.
    """
    import compileall
    import importlib.util
    from importlib.metadata import entry_points

    names = {"coachcontent"}
    names.update(point.value.split(":")[0].split(".")[0] for point in entry_points(group="coachcontent"))
    count = 0
    for name in sorted(names):
        spec = importlib.util.find_spec(name)
        if spec is None or not spec.submodule_search_locations:
            continue
        for folder in spec.submodule_search_locations:
            compileall.compile_dir(folder, quiet=2)
            count += 1
    return count


def import_time(repeat: int = 15) -> tuple[float, float, float]:
    """(ms for ``import coachcontent`` minus ``pass``, ms of the bare interpreter, -X importtime cumulative ms)."""
    python = sys.executable

    def best(code: str) -> list[float]:
        times = []
        for _ in range(repeat):
            started = time.perf_counter()
            subprocess.run([python, "-c", code], check=True)
            times.append(time.perf_counter() - started)
        return times

    bare = statistics.median(best("pass"))
    loaded = statistics.median(best("import coachcontent"))
    trace = subprocess.run([python, "-X", "importtime", "-c", "import coachcontent"], capture_output=True, text=True)
    cumulative = 0.0
    for line in trace.stderr.splitlines():
        parts = [p.strip() for p in line.split("|")]
        if len(parts) == 3 and parts[2] == "coachcontent":
            cumulative = int(parts[1]) / 1000
    return (loaded - bare) * 1000, bare * 1000, cumulative


# --------------------------------------------------------------------------- report


def _ratio(a: float, b: float) -> str:
    return f"{a / b:.2f}" if b else "-"


def _verdict(ok: bool) -> str:
    return "met" if ok else "NOT met"


def _paired(mine: Result, other: Result) -> list[float]:
    """The wall-time ratio of ``mine`` to ``other`` in each round (builds made side by side)."""
    return [a.wall / b.wall for a, b in zip(mine.runs, other.runs, strict=False) if b.wall]


def _rounds(ratios: list[float], digits: int) -> str:
    return ", ".join(f"{r:.{digits}f}" for r in ratios)


def report(
    results: list[Result],
    args: argparse.Namespace,
    rebuild: Result | None,
    counts: list[tuple[int, int, int, int]],
    imports: tuple[float, float, float] | None,
    versions: dict[str, str],
    notes: list[str],
    serve: list[tuple[float, float]] | None = None,
) -> None:
    print()
    print(
        f"== {args.posts} posts, median of {args.runs} cold builds (one of each tool per round), "
        f"{os.cpu_count()} CPUs =="
    )
    for name, version in versions.items():
        print(f"   {name}: {version}")
    header = (
        f"{'build':<28}{'wall s':>9}{'CPU s':>9}{'sys s':>7}{'max RSS MB':>12}{'tree MB':>10}{'tree PSS':>10}"
        f"{'files':>9}{'MB out':>9}"
    )
    print(header)
    print("-" * len(header))
    for result in results:
        if not result.runs:
            print(f"{result.label:<28}  {result.note.splitlines()[0] if result.note else 'not measured'}")
            continue
        print(
            f"{result.label:<28}{result.median('wall'):>9.2f}{result.median('cpu'):>9.2f}"
            f"{result.median('system'):>7.2f}{result.median('max_rss_mb'):>12.0f}{result.median('tree_rss_mb'):>10.0f}"
            f"{result.median('tree_pss_mb'):>10.0f}{result.files:>9}{result.bytes / 2**20:>9.1f}"
        )
    if rebuild is not None and rebuild.runs:
        print(
            f"{'coachcontent rebuild (1 edit)':<28}{rebuild.median('wall'):>9.2f}{rebuild.median('cpu'):>9.2f}"
            f"{rebuild.median('system'):>7.2f}{rebuild.median('max_rss_mb'):>12.0f}{rebuild.median('tree_rss_mb'):>10.0f}"
        )
    for note in notes:
        print(f"   note: {note}")

    by_label = {r.label: r for r in results if r.runs}
    ours = by_label.get("coachcontent")
    print()
    print("== targets (issue 9) ==")
    if not any(r.label.startswith("coachcontent") and r.runs for r in results):
        print("   coachcontent was not measured")
    for label in [r.label for r in results if r.label.startswith("coachcontent") and r.runs]:
        mine = by_label[label]
        for peer, target, digits in (("hugo", TARGET_HUGO, 2), ("pelican", TARGET_PELICAN, 3)):
            if peer not in by_label:
                print(f"   {label} / {peer}: {peer} not measured")
                continue
            other = by_label[peer]
            paired = _paired(mine, other)
            r = statistics.median(paired)
            print(
                f"   {label} / {peer} wall: {r:.{digits}f}  (target <= {target:.{digits}f}: {_verdict(r <= target)});"
                f" round by round {_rounds(paired, digits)}; ratio of the medians"
                f" {mine.median('wall') / other.median('wall'):.{digits}f}; CPU ratio"
                f" {_ratio(mine.median('cpu'), other.median('cpu'))}"
            )
        peak = max(mine.median("max_rss_mb"), mine.median("tree_rss_mb"))
        pss = mine.median("tree_pss_mb")
        shared = f"; the tree's PSS (shared pages counted once): {pss:.0f} MB" if pss else ""
        print(
            f"   {label} peak memory: {peak:.0f} MB  "
            f"(target < {TARGET_MEMORY_MB} MB: {_verdict(peak < TARGET_MEMORY_MB)}){shared}"
        )
    if rebuild is not None and rebuild.runs and ours is not None:
        # Each rebuild against the cold build just before it, in the same round.
        paired = _paired(rebuild, ours)
        r = statistics.median(paired)
        written = [c[0] for c in counts]
        print(
            f"   rebuild after one edit: {rebuild.median('wall'):.2f} s = {r:.1%} of cold  "
            f"(target <= {TARGET_REBUILD:.0%}: {_verdict(r <= TARGET_REBUILD)}); "
            f"round by round {', '.join(f'{x:.1%}' for x in paired)}; "
            f"files written per rebuild {written}, unchanged {[c[1] for c in counts]}, "
            f"rendered {[c[3] for c in counts]}"
        )
    if serve and ours is not None:
        wall = statistics.median(w for w, _ in serve)
        cpu = statistics.median(c for _, c in serve)
        r = wall / ours.median("wall")
        print(
            f"   rebuild after one edit in `coachcontent serve`: {wall:.2f} s wall ({cpu:.2f} s CPU) "
            f"= {r:.1%} of cold  "
            f"(target <= {TARGET_REBUILD:.0%}: {_verdict(r <= TARGET_REBUILD)})"
        )
    if imports is not None:
        ms, bare, cumulative = imports
        print(
            f"   import coachcontent: {ms:.0f} ms over a bare interpreter ({bare:.0f} ms); -X importtime cumulative "
            f"{cumulative:.0f} ms  (target < {TARGET_IMPORT_MS} ms: {_verdict(ms < TARGET_IMPORT_MS)})"
        )


# --------------------------------------------------------------------------- main


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--posts", type=int, default=5000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--peers", default=",".join(PEERS), help="comma-separated: coachcontent,pelican,hugo")
    parser.add_argument("--jobs", type=int, default=2, help="also build coachcontent with --jobs N (0: skip)")
    parser.add_argument("--keep", metavar="DIR", help="write sources and outputs here and keep them")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--no-rebuild", action="store_true", help="skip the one-edit rebuild")
    parser.add_argument(
        "--no-serial", action="store_true", help="skip coachcontent's serial cold builds (and the rebuild)"
    )
    parser.add_argument("--no-import", action="store_true", help="skip the import-time measurement")
    parser.add_argument(
        "--disable-plugin",
        action="append",
        default=[],
        metavar="NAME",
        help="build coachcontent without this plugin (repeatable; default: all installed)",
    )
    args = parser.parse_args(argv)
    peers = [p.strip() for p in args.peers.split(",") if p.strip()]
    unknown = set(peers) - set(PEERS)
    if unknown:
        parser.error(f"unknown peers: {', '.join(sorted(unknown))}")
    if not Path(TIME).exists():
        print(f"{TIME} is missing (Debian package 'time')", file=sys.stderr)
        return 1

    notes: list[str] = []
    tools: dict[str, str] = {}
    versions: dict[str, str] = {"python": sys.version.split()[0]}
    finders = {"coachcontent": lambda: _tool("coachcontent"), "pelican": lambda: _tool("pelican"), "hugo": _hugo}
    for peer in peers:
        found = finders[peer]()
        if found is None:
            message = f"{peer} is not installed: not measured"
            notes.append(message)
            print(message, flush=True)
        else:
            tools[peer] = found
    if "coachcontent" in tools:
        compiled = byte_compile_coachcontent()
        if compiled:
            notes.append(
                f"coachcontent's modules byte-compiled first ({compiled} folders), as `pip install` "
                "compiles Pelican's: an editable install under PYTHONDONTWRITEBYTECODE would "
                "compile them from source in every run"
            )
        versions["coachcontent"] = _version([tools["coachcontent"], "--version"])
        plugins = subprocess.run([tools["coachcontent"], "plugins"], capture_output=True, text=True).stdout
        names = [line.split()[0] for line in plugins.splitlines() if line and not line.startswith(" ")]
        versions["coachcontent plugins"] = ", ".join(names)
    if "pelican" in tools:
        versions["pelican"] = _version([tools["pelican"], "--version"])
        pelican_plugins = _pelican_plugins(tools["pelican"])
        versions["pelican plugins"] = ", ".join(pelican_plugins) or "none"
        if "related_posts" not in pelican_plugins:
            notes.append("pelican-related-posts is not installed: Pelican builds without related posts")
    else:
        # The corpus records which plugins the Pelican project uses, measured or not.
        pelican = _tool("pelican")
        pelican_plugins = _pelican_plugins(pelican) if pelican else []
    if "hugo" in tools:
        versions["hugo"] = _version([tools["hugo"], "version"])

    root = Path(args.keep) if args.keep else Path(tempfile.mkdtemp(prefix="coachcontent-bench-"))
    root.mkdir(parents=True, exist_ok=True)
    marker = root / "corpus.json"
    wanted = {"posts": args.posts, "seed": args.seed, "pelican_plugins": pelican_plugins}
    started = time.perf_counter()
    posts = corpus.make_posts(args.posts, args.seed)
    if marker.exists() and json.loads(marker.read_text()) == wanted:
        print(f"reusing the corpus in {root}", flush=True)
    else:
        for form in ("coachcontent", "pelican", "hugo"):
            _fresh(root / form)
        corpus.write_coachcontent(root / "coachcontent", posts)
        corpus.write_pelican(root / "pelican", posts, pelican_plugins)
        corpus.write_hugo(root / "hugo", posts)
        marker.write_text(json.dumps(wanted))
        print(f"wrote {args.posts} posts three ways into {root} in {time.perf_counter() - started:.1f} s", flush=True)

    jobs: list[ColdJob] = []
    results: list[Result] = []
    rebuild: Result | None = None
    counts: list[tuple[int, ...]] = []
    serve: list[tuple[float, float]] = []
    imports = None
    post_file: Path | None = None
    original = ""
    try:
        if "coachcontent" in tools:
            source, out = root / "coachcontent", root / "out-coachcontent"
            # The parse cache a build leaves in the site folder: removed before each cold
            # build, kept for the rebuild (as a user's second build has it).
            load_cache = source / ".coachcontent-cache"
            extra = [arg for name in args.disable_plugin for arg in ("--disable-plugin", name)]
            if args.disable_plugin:
                notes.append(f"coachcontent built without: {', '.join(args.disable_plugin)}")
            command = [tools["coachcontent"], "build", str(source), "-o", str(out), *extra]
            if args.no_serial:
                results.append(Result("coachcontent", note="serial build skipped (--no-serial)"))
            else:
                jobs.append(ColdJob("coachcontent", command, out, caches=(load_cache,)))
                if not args.no_rebuild:
                    rebuild = Result("coachcontent rebuild")
                    # Edit a post in the middle of the site.
                    post_file = corpus.coachcontent_post_file(source, posts[len(posts) // 2])
                    original = post_file.read_text(encoding="utf-8")
            if args.jobs and args.jobs > 1:
                out_jobs = root / "out-coachcontent-jobs"
                command_jobs = [
                    *command[:4],
                    str(out_jobs),
                    "--jobs",
                    str(args.jobs),
                    *extra,
                ]
                jobs.append(ColdJob(f"coachcontent --jobs {args.jobs}", command_jobs, out_jobs, caches=(load_cache,)))
        if "pelican" in tools:
            command = [tools["pelican"], "content", "-s", "pelicanconf.py", "-o", str(root / "out-pelican")]
            jobs.append(ColdJob("pelican", command, root / "out-pelican", cwd=root / "pelican"))
        if "hugo" in tools:
            project = root / "hugo"
            command = [
                tools["hugo"],
                "--quiet",
                "-s",
                str(project),
                "-d",
                str(root / "out-hugo"),
                "--cacheDir",
                str(root / "hugo-cache"),
            ]
            jobs.append(ColdJob("hugo", command, root / "out-hugo", caches=(root / "hugo-cache",)))
        # Round by round, every tool once per round (and the rebuild right after coachcontent's
        # cold build): a machine that gets slower or faster during the run (these are shared)
        # weighs on every tool alike, and each round gives ratios of builds made side by side.
        results.extend(Result(job.label) for job in jobs)
        by_label = {result.label: result for result in results}
        for number in range(args.runs):
            # Every other round in the reverse order: a machine that slows down (or speeds
            # up) steadily then favours no tool for coming first.
            for job in jobs if number % 2 == 0 else jobs[::-1]:
                result = by_label[job.label]
                if result.note:
                    continue  # failed in an earlier round
                built = cold_run(job, result, number)
                if built and job.label == "coachcontent" and rebuild is not None and post_file is not None:
                    try:
                        rebuild_round(job.command, post_file, original, number, rebuild, counts)
                    finally:
                        post_file.write_text(original, encoding="utf-8")
        for job in jobs:
            by_label[job.label].files, by_label[job.label].bytes = _folder_size(job.out)
        if post_file is not None and by_label["coachcontent"].runs:
            served = root / "out-coachcontent-serve"
            serve = serve_rebuilds(root / "coachcontent", served, post_file, args.runs, args.disable_plugin)
        if "coachcontent" in tools and not args.no_import:
            imports = import_time()
        report(results, args, rebuild, counts, imports, versions, notes, serve)
    finally:
        if not args.keep:
            shutil.rmtree(root, ignore_errors=True)
    return 0 if all(r.runs for r in results) else 1


if __name__ == "__main__":
    sys.exit(main())
