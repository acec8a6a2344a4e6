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
