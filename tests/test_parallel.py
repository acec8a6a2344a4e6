"""Parallel and distributed rendering give the same bytes as a serial build."""

from __future__ import annotations

import hashlib
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
