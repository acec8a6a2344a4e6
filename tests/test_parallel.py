"""Parallel and distributed rendering give the same bytes as a serial build."""

from __future__ import annotations

import hashlib
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

import coachcontent

Cli = Callable[..., tuple[int, str, str]]


def snapshot(root: Path) -> dict[str, str]:
    return {
        p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


@pytest.fixture(scope="module")
def serial_build(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("serial") / "site"
    site = coachcontent.load_site(coachcontent.demo_path())
    coachcontent.build_site(site, out)
    return out


def test_jobs_2_is_byte_identical(cli: Cli, serial_build: Path, tmp_path: Path) -> None:
    out = tmp_path / "jobs"
    code, _, err = cli("build", "--demo", "-o", str(out), "--jobs", "2")
    assert code == 0, err
    assert snapshot(out) == snapshot(serial_build)
    assert len(snapshot(out)) > 100


def test_dask_cluster_is_byte_identical(serial_build: Path, tmp_path: Path) -> None:
    import distributed

    with (
        distributed.LocalCluster(
            n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None, silence_logs=50
        ) as cluster,
        distributed.Client(cluster) as client,
    ):
        site = coachcontent.load_site(coachcontent.demo_path())
        coachcontent.build_site(site, tmp_path / "dask", executor=client.get_executor())
    assert snapshot(tmp_path / "dask") == snapshot(serial_build)


def test_a_selection_that_cannot_reach_workers_is_a_clear_error(tmp_path: Path) -> None:
    # A module given as a plugin object does not pickle: the executor cannot receive the build.
    # The error says so before anything is rendered, and the output folder is not made.
    from concurrent.futures import ProcessPoolExecutor

    import coachcontent_readingtime.plugin as module

    site = coachcontent.load_site(coachcontent.demo_path())
    selection = coachcontent.PluginSelection(enabled=["html"], extra=[module])
    with ProcessPoolExecutor(max_workers=1) as pool, pytest.raises(coachcontent.BuildError) as info:
        coachcontent.build_site(site, tmp_path / "out", selection=selection, executor=pool)
    assert str(info.value).startswith("cannot send the build to worker processes: TypeError:")
    assert "must pickle" in str(info.value)
    assert not (tmp_path / "out").exists()


BAD_INPUTS = Path(__file__).parent / "bad_inputs"


def _load_outcome(source: Path, **kwargs: object) -> object:
    """The site's entries, or the exact list of problems loading reports."""
    from datetime import UTC, datetime

    try:
        site = coachcontent.load_site(source, as_of=datetime(2030, 1, 1, tzinfo=UTC), **kwargs)  # type: ignore[arg-type]
    except coachcontent.ContentErrors as errors:
        return [str(error) for error in errors.errors]
    except coachcontent.PluginError as error:  # a broken plugin table stops the load before any file
        return str(error)
    return (site.posts, site.pages, site.taxonomies)


@pytest.mark.parametrize(
    "case",
    sorted(
        path.name
        for path in BAD_INPUTS.iterdir()
        if path.is_dir() and (path / "site.toml").is_file() and not (path / "generate.txt").exists()
    ),
)
def test_parallel_load_reports_the_same_problems_in_the_same_order(case: str, monkeypatch: pytest.MonkeyPatch) -> None:
    # Every file goes to the pool, however few there are.
    monkeypatch.setattr("coachcontent.content.loader.PARALLEL_MIN_FILES", 1)
    source = BAD_INPUTS / case
    assert _load_outcome(source, jobs=2) == _load_outcome(source)


def test_parallel_load_with_a_cache_gives_the_serial_site(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import shutil

    monkeypatch.setattr("coachcontent.content.loader.PARALLEL_MIN_FILES", 1)
    source = tmp_path / "site"
    shutil.copytree(coachcontent.demo_path(), source)
    serial = _load_outcome(source)
    cache = tmp_path / "cache"
    assert _load_outcome(source, jobs=2, cache_dir=cache) == serial  # every file parsed in the pool
    assert (cache / "content.pickle").exists() or any(cache.iterdir())
    assert _load_outcome(source, jobs=2, cache_dir=cache) == serial  # every file from the cache
    post = sorted((source / "content/posts").rglob("*.md"))[0]
    post.write_text(post.read_text(encoding="utf-8").replace("\n\n", "\n\nAn added sentence.\n\n", 1), "utf-8")
    changed = _load_outcome(source)
    assert changed != serial
    assert _load_outcome(source, jobs=2, cache_dir=cache) == changed  # one file parsed again


def test_loading_pauses_the_garbage_collector_and_turns_it_back_on(tmp_path: Path) -> None:
    import gc

    seen: list[bool] = []

    def during(phase: str, info: dict[str, int]) -> None:
        seen.append(phase)  # type: ignore[arg-type]

    load, demo = coachcontent.load_site, coachcontent.demo_path()  # imported before
    load(demo)  # and the plugins too
    gc.callbacks.append(during)
    try:
        site = load(demo)
    finally:
        gc.callbacks.remove(during)
    assert site.posts
    # No collection ran while the site's objects were made, nor as the collector is turned
    # back on (they went to its oldest generation, not walked at the next allocation), and
    # the collector is on again.
    assert seen.count("start") == 0
    assert gc.isenabled()
    # A program's frozen objects stay frozen (the move to the oldest generation is made
    # only when nothing is frozen).
    mine: list[object] = [object()]
    gc.freeze()
    try:
        load(demo)
        assert not any(any(each is mine for each in gc.get_objects(generation)) for generation in range(3))
    finally:
        gc.unfreeze()
    assert any(each is mine for each in gc.get_objects(2))  # the check can see it, once unfrozen
    gc.disable()
    try:
        load(demo)
        assert not gc.isenabled()  # a program that turned it off keeps it off
    finally:
        gc.enable()


def test_a_build_hides_the_site_from_the_garbage_collector_while_it_runs(tmp_path: Path) -> None:
    import gc

    site = coachcontent.load_site(coachcontent.demo_path())
    frozen_during: list[int] = []

    class Probe:
        @coachcontent.hookimpl
        def coachcontent_outputs(self, site):
            frozen_during.append(gc.get_freeze_count())
            return []

    coachcontent.build_site(site, tmp_path / "out", selection=coachcontent.PluginSelection(extra=[Probe()]))
    # The site's objects (thousands, even for the demo) were frozen while outputs were made...
    assert frozen_during and frozen_during[0] > 1000
    # ...and are back in the collector's sight afterwards.
    assert gc.get_freeze_count() == 0


def test_a_parallel_build_leaves_the_garbage_collector_as_it_found_it(tmp_path: Path) -> None:
    # The render pool freezes the objects its workers inherit; the build unfreezes them.
    import gc

    site = coachcontent.load_site(coachcontent.demo_path())
    assert gc.get_freeze_count() == 0
    coachcontent.build_site(site, tmp_path / "out", jobs=2)
    assert gc.get_freeze_count() == 0
    assert gc.isenabled()
    # A program that froze objects of its own keeps them frozen.
    gc.freeze()
    try:
        frozen = gc.get_freeze_count()
        assert frozen > 0
        coachcontent.build_site(site, tmp_path / "again", jobs=2)
        # Still frozen (a few may have been freed meanwhile; unfreezing would leave none),
        # and the build's own objects were frozen too, for its workers.
        assert gc.get_freeze_count() > frozen // 2
    finally:
        gc.unfreeze()


def _render_marked(number: int, marks: str, context: coachcontent.BuildContext) -> bytes:
    """A renderer that notes which process ran it (in a file of its own) and takes a while."""
    import os
    import time

    Path(marks, f"{number}-{os.getpid()}").touch()
    time.sleep(0.002)
    return f"output {number} of {context.site.title}\n".encode()


class _NumberedOutputs:
    """A plugin of 400 outputs per folder of ``folders`` (``made/000.txt`` on), each
    rendered by ``render(number, *args)``."""

    def __init__(self, render: Callable[..., bytes], *args: object, folders: tuple[str, ...] = ("made",)) -> None:
        self.render, self.args, self.folders = render, args, folders

    @coachcontent.hookimpl
    def coachcontent_outputs(self) -> list[coachcontent.Output]:
        from functools import partial

        return [
            coachcontent.Output(path=f"{folder}/{n:03}.txt", renderer=partial(self.render, n, *self.args))
            for folder in self.folders
            for n in range(400)
        ]


@pytest.mark.parametrize("jobs", [2, 3])
def test_jobs_n_renders_in_n_processes_this_one_included(tmp_path: Path, jobs: int) -> None:
    # -j N: this process and N - 1 workers; this one takes batches no worker has
    # started whenever it has nothing to write.  Same bytes as a serial build.
    import os

    marks = tmp_path / f"marks-{jobs}"
    marks.mkdir()
    selection = coachcontent.PluginSelection(enabled=[], extra=[_NumberedOutputs(_render_marked, str(marks))])
    site = coachcontent.load_site(coachcontent.demo_path(), selection=selection)
    coachcontent.build_site(site, tmp_path / "serial", selection=selection)
    serial = snapshot(tmp_path / "serial")
    for mark in marks.iterdir():
        mark.unlink()
    coachcontent.build_site(site, tmp_path / "parallel", selection=selection, jobs=jobs)
    assert snapshot(tmp_path / "parallel") == serial
    runs = [mark.name.split("-") for mark in marks.iterdir()]
    assert sorted(int(number) for number, _ in runs) == list(range(400))  # each output rendered once
    processes = {int(pid) for _, pid in runs}
    assert os.getpid() in processes
    assert 2 <= len(processes) <= jobs


class _SlowOutput:
    """A plugin of one output whose renderer, in the building process, waits until the
    workers have rendered ``wanted`` of the 400 marked outputs (30 s at most)."""

    def __init__(self, marks: str, parent: int, wanted: int) -> None:
        self.marks, self.parent, self.wanted = marks, parent, wanted

    @coachcontent.hookimpl
    def coachcontent_outputs(self) -> list[coachcontent.Output]:
        from functools import partial

        return [
            coachcontent.Output(path="slow.txt", renderer=partial(_render_slow, self.marks, self.parent, self.wanted))
        ]


def _render_slow(marks: str, parent: int, wanted: int, context: coachcontent.BuildContext) -> bytes:
    import os
    import time

    if os.getpid() != parent:
        return b"rendered by a worker\n"
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        by_workers = [mark for mark in os.listdir(marks) if not mark.endswith(f"-{parent}")]
        if len(by_workers) >= wanted:
            return b"the workers went on meanwhile\n"
        time.sleep(0.01)
    return b"the workers waited\n"


def test_workers_get_batches_while_this_process_renders_a_long_output(tmp_path: Path) -> None:
    # The building process renders from the end of the list: the one output of the
    # smallest group (a search index in one file, say) first.  Each worker holds two
    # batches at a time (about 50 outputs each here); while that output takes its time,
    # the workers must be handed more, or they stop after those two.
    import os

    marks = tmp_path / "marks"
    marks.mkdir()
    selection = coachcontent.PluginSelection(
        enabled=[], extra=[_NumberedOutputs(_render_marked, str(marks)), _SlowOutput(str(marks), os.getpid(), 300)]
    )
    site = coachcontent.load_site(coachcontent.demo_path(), selection=selection)
    coachcontent.build_site(site, tmp_path / "out", selection=selection, jobs=2)
    assert (tmp_path / "out" / "slow.txt").read_text() == "the workers went on meanwhile\n"
    assert len(list((tmp_path / "out" / "made").iterdir())) == 400


def _render_inherited(number: int, probe: str, context: coachcontent.BuildContext) -> bytes:
    """Says whether this process has the module the test made before building: a forked
    worker inherits it, a worker started afresh (forkserver, spawn) has not."""
    import sys

    return f"output {number}: {'inherited' if probe in sys.modules else 'started afresh'}\n".encode()


@pytest.mark.skipif(sys.platform != "linux", reason="the render pool forks on Linux only")
def test_the_render_pool_forks_whatever_the_default_start_method(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Python 3.14 makes "forkserver" Linux's default: the workers would then be sent the
    # whole build's context instead of inheriting it.
    import multiprocessing
    import types

    probe = "coachcontent_test_fork_probe"
    monkeypatch.setitem(sys.modules, probe, types.ModuleType(probe))
    previous = multiprocessing.get_start_method(allow_none=True)
    multiprocessing.set_start_method("forkserver", force=True)
    try:
        selection = coachcontent.PluginSelection(enabled=[], extra=[_NumberedOutputs(_render_inherited, probe)])
        site = coachcontent.load_site(coachcontent.demo_path(), selection=selection)
        coachcontent.build_site(site, tmp_path / "out", selection=selection, jobs=2)
    finally:
        multiprocessing.set_start_method(previous, force=True)
    texts = {path.read_text() for path in (tmp_path / "out" / "made").iterdir()}
    assert texts == {f"output {n}: inherited\n" for n in range(400)}


def _render_or_fail(number: int, failing: int, context: coachcontent.BuildContext) -> bytes:
    if number == failing:
        raise ValueError(f"output {number} cannot be made")
    return f"output {number}\n".encode()


@pytest.mark.parametrize("failing", [0, 399])  # a batch a worker starts with, one this process takes back
# The same paths as the site before (the bytes come back to be compared), or new ones (the
# workers write them into the new folder themselves, and stop before it is removed).
@pytest.mark.parametrize("before", ["made", "elsewhere"])
def test_a_renderer_failing_in_a_parallel_build_names_the_output_and_keeps_the_old_site(
    tmp_path: Path, failing: int, before: str
) -> None:
    _fails_keeping_the_old_site(
        tmp_path,
        _NumberedOutputs(_render_or_fail, -1, folders=(before,)),
        _NumberedOutputs(_render_or_fail, failing),
        rf"made/{failing:03}\.txt.*cannot be made",
    )


def _fails_keeping_the_old_site(tmp_path: Path, before: object, after: object, error: str) -> None:
    """Build the plugin ``before`` into a folder, then ``after`` with ``jobs=2``: a
    :class:`~coachcontent.BuildError` matching ``error``, the old site byte for byte, and
    no temporary folder left over."""
    out = tmp_path / "site"
    first = coachcontent.PluginSelection(enabled=[], extra=[before])
    coachcontent.build_site(coachcontent.load_site(coachcontent.demo_path(), selection=first), out, selection=first)
    before_files = snapshot(out)
    selection = coachcontent.PluginSelection(enabled=[], extra=[after])
    site = coachcontent.load_site(coachcontent.demo_path(), selection=selection)
    with pytest.raises(coachcontent.BuildError, match=error):
        coachcontent.build_site(site, out, selection=selection, jobs=2, incremental=False)
    assert snapshot(out) == before_files
    assert not [p.name for p in tmp_path.iterdir() if ".new-" in p.name or ".old-" in p.name]  # no leftovers


def _render_or_die(number: int, parent: int, context: coachcontent.BuildContext) -> bytes:
    """A renderer that ends a worker process abruptly (as the out-of-memory killer would)."""
    import os

    if number == 5 and os.getpid() != parent:
        os._exit(3)
    return f"output {number}\n".encode()


def test_a_worker_that_dies_in_a_parallel_build_is_a_clear_error_and_keeps_the_old_site(tmp_path: Path) -> None:
    # Output 5 is in the first batch, which a worker takes (this process renders from the
    # end): the pool breaks while this process still has outputs to render and batches
    # to hand out.
    import os

    _fails_keeping_the_old_site(
        tmp_path,
        _NumberedOutputs(_render_or_die, os.getpid()),
        _NumberedOutputs(_render_or_die, os.getpid(), folders=("made", "more")),
        r"rendering failed in a worker: BrokenProcessPool",
    )


def _render_version(number: int, version: int, context: coachcontent.BuildContext) -> bytes:
    return f"output {number}, version {version if number % 3 == 0 else 1}\n".encode()


def test_a_parallel_rebuild_with_new_changed_and_unchanged_files_is_a_fresh_build(tmp_path: Path) -> None:
    # Files new to the folder are written by the workers; changed and unchanged ones come
    # back to this process to be compared with the previous build's.
    def build(out: Path, version: int, folders: tuple[str, ...], jobs: int | None) -> coachcontent.BuildReport:
        plugin = _NumberedOutputs(_render_version, version, folders=folders)
        selection = coachcontent.PluginSelection(enabled=[], extra=[plugin])
        site = coachcontent.load_site(coachcontent.demo_path(), selection=selection)
        return coachcontent.build_site(site, out, selection=selection, jobs=jobs, incremental=False)

    out = tmp_path / "site"
    build(out, 1, ("made", "gone"), jobs=2)
    build(out, 2, ("made", "gone"), jobs=2)  # the first site becomes the spare, updated by the third
    report = build(out, 3, ("made", "new/deep"), jobs=2)
    build(tmp_path / "fresh", 3, ("made", "new/deep"), jobs=None)
    assert snapshot(out) == snapshot(tmp_path / "fresh")
    changed = {f"made/{n:03}.txt" for n in range(0, 400, 3)}
    new = {f"new/deep/{n:03}.txt" for n in range(400)}
    assert set(report.write.written) == changed | new
    assert {f"made/{n:03}.txt" for n in range(400)} - changed <= set(report.write.unchanged)
    assert {path for path in report.write.removed if not path.startswith("made/")} == {
        f"gone/{n:03}.txt" for n in range(400)
    }
