"""Sweeps on a Dask distributed cluster: the same plans as here, and clear errors instead of hangs."""

from __future__ import annotations

import os
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from models import Scenario, load_scenario
from models.variants import with_budget
from optimizer.cli.compare import plan_compare
from optimizer.whatif import cluster as cluster_module
from optimizer.whatif.cluster import ClusterError, run_on_cluster
from optimizer.whatif.compare import Comparison, compare
from scenarios.generator import generate_scenario

distributed = pytest.importorskip("distributed")

YEAR = 2020
SECONDS = 1  # a reproducible solve of the generated tiny scenario: about 2 s here


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return generate_scenario(tmp_path_factory.mktemp("sweep") / "tiny", size="tiny", seed=3)


@pytest.fixture(scope="module")
def variants(generated: Path) -> dict[str, Scenario]:
    base = load_scenario(generated)
    return {"baseline": base, "budget -30%": with_budget(base, factor=0.7)}


@pytest.fixture(scope="module")
def local(variants: dict[str, Scenario]) -> Comparison:
    return compare(variants, YEAR, time_limit=SECONDS, workers=1)


@pytest.fixture(scope="module")
def process_cluster() -> Iterator[distributed.LocalCluster]:
    """One worker process of one thread: the scenarios cross a process boundary as pickled data."""
    with distributed.LocalCluster(
        n_workers=1, threads_per_worker=1, processes=True, dashboard_address=":0"
    ) as started:
        yield started


@pytest.fixture
def thread_cluster() -> Iterator[distributed.LocalCluster]:
    """A worker in this process, for the failure cases (it may be stopped mid-job)."""
    with distributed.LocalCluster(
        n_workers=1, threads_per_worker=1, processes=False, dashboard_address=":0"
    ) as started:
        yield started


def test_a_cluster_gives_the_plans_of_the_local_run(
    process_cluster: distributed.LocalCluster, variants: dict[str, Scenario], local: Comparison
) -> None:
    lines: list[str] = []
    address = process_cluster.scheduler_address
    remote = compare(variants, YEAR, time_limit=SECONDS, workers=1, cluster=address, report=lines.append)
    assert list(remote.runs) == list(local.runs) == list(variants)
    for name in variants:
        assert remote.plans[name].assignments == local.plans[name].assignments, name
        assert remote.plans[name].shortfalls == local.plans[name].shortfalls, name
    assert len(local.plans["baseline"].assignments) > len(local.plans["budget -30%"].assignments)
    columns = [c for c in local.table.columns if c != "seconds"]
    assert remote.table[columns].equals(local.table[columns])
    assert [line.split(":")[0] for line in lines] == list(variants)


def test_plan_compare_runs_on_the_cluster(
    process_cluster: distributed.LocalCluster, generated: Path, local: Comparison, tmp_path: Path
) -> None:
    args = ["--year", str(YEAR), "--scenario", str(generated), "--time-limit", str(SECONDS), "--workers", "1"]
    args += ["--cluster", process_cluster.scheduler_address, "--out", str(tmp_path)]
    result = CliRunner().invoke(plan_compare, args)
    assert result.exit_code == 0, result.output
    table = (tmp_path / "comparison.csv").read_text(encoding="utf-8").splitlines()
    assert table[1].split(",")[0] == generated.name
    assert f",{len(local.plans['baseline'].assignments)}," in table[1]  # the assignments column


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def test_an_unreachable_scheduler_is_a_clear_error(
    variants: dict[str, Scenario], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(cluster_module, "CONNECT_SECONDS", 1.0)
    address = f"tcp://127.0.0.1:{_free_port()}"
    started = time.monotonic()
    with pytest.raises(ClusterError, match=f"cannot reach the Dask scheduler at {address}"):
        compare(variants, YEAR, time_limit=SECONDS, workers=1, cluster=address)
    assert time.monotonic() - started < 15


def test_plan_compare_exits_1_when_the_cluster_cannot_be_reached(
    generated: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(cluster_module, "CONNECT_SECONDS", 1.0)
    address = f"tcp://127.0.0.1:{_free_port()}"
    args = ["--year", str(YEAR), "--scenario", str(generated), "--cluster", address]
    args += ["--out", str(tmp_path / "o")]
    result = CliRunner().invoke(plan_compare, args)
    assert result.exit_code == 1
    assert f"cannot reach the Dask scheduler at {address}" in result.output
    assert not (tmp_path / "o").exists()


RELEASE = threading.Event()
"""Ends every :func:`slow` job at once (at the end of a test)."""


def slow(seconds: float) -> float:
    """A job that takes ``seconds`` unless released; its worker can be stopped under it."""
    RELEASE.wait(seconds)
    return seconds


@pytest.fixture
def released() -> Iterator[None]:
    RELEASE.clear()
    yield
    RELEASE.set()


def test_a_cluster_that_loses_its_workers_stops_the_sweep(
    thread_cluster: distributed.LocalCluster, monkeypatch: pytest.MonkeyPatch, released: None
) -> None:
    monkeypatch.setattr(cluster_module, "NO_WORKER_SECONDS", 1.0)
    threading.Timer(1.0, thread_cluster.scale, args=(0,)).start()  # the only worker goes mid-job
    started = time.monotonic()
    with pytest.raises(ClusterError, match="job: the Dask cluster at .* has had no worker for 1 s"):
        list(run_on_cluster(thread_cluster.scheduler_address, slow, {"job": (60.0,)}, timeout=60))
    assert time.monotonic() - started < 20


def test_a_job_whose_worker_goes_runs_again_on_the_next(
    thread_cluster: distributed.LocalCluster, released: None
) -> None:
    def replace_the_worker() -> None:
        thread_cluster.scale(0)
        time.sleep(1.0)
        thread_cluster.scale(1)

    threading.Timer(0.5, replace_the_worker).start()
    started = time.monotonic()
    assert list(run_on_cluster(thread_cluster.scheduler_address, slow, {"job": (3.0,)}, timeout=60)) == [
        ("job", 3.0)
    ]
    assert time.monotonic() - started > 3.5  # it started again on the new worker


def test_a_result_that_does_not_come_in_time_is_a_clear_error(
    thread_cluster: distributed.LocalCluster, released: None
) -> None:
    found = run_on_cluster(thread_cluster.scheduler_address, slow, {"first": (0.0,), "second": (60.0,)}, 1)
    assert next(found) == ("first", 0.0)
    with pytest.raises(ClusterError, match="second: no result from the Dask cluster at .* within 1 s"):
        next(found)


@pytest.mark.parametrize(
    ("answer", "message"),
    [
        (
            {"cadre-plan": "0.0", "ortools": "9.0"},
            "1 worker\\(s\\) of .* run other versions than this machine",
        ),
        (ModuleNotFoundError("No module named 'optimizer'"), "1 worker\\(s\\) of .* cannot run cadre-plan"),
    ],
    ids=["other versions", "not installed"],
)
def test_workers_that_would_plan_otherwise_are_refused(
    thread_cluster: distributed.LocalCluster, monkeypatch: pytest.MonkeyPatch, answer: object, message: str
) -> None:
    with distributed.Client(thread_cluster.scheduler_address, set_as_default=False) as client:
        gone = OSError("the stream is closed")  # a worker that went away while asked: not counted
        monkeypatch.setattr(
            client, "run", lambda *_, **__: {"tcp://127.0.0.1:1": answer, "tcp://127.0.0.1:2": gone}
        )
        with pytest.raises(ClusterError, match=message):
            list(run_on_cluster(client, slow, {"job": (0.0,)}, timeout=10))


@pytest.mark.slow
def test_a_worker_process_killed_mid_solve_is_replaced_and_gives_the_same_plan(
    variants: dict[str, Scenario], local: Comparison
) -> None:
    """A real worker process dies (SIGKILL) during the solve: its nanny starts another, the scheduler runs
    the solve again there, and the plan is still the local one."""
    import signal

    with distributed.LocalCluster(
        n_workers=1, threads_per_worker=1, processes=True, dashboard_address=":0"
    ) as started:
        watcher = distributed.Client(started, set_as_default=False)
        (pid,) = watcher.run(os.getpid).values()

        def kill_once_solving() -> None:
            deadline = time.monotonic() + 60
            while not any(watcher.processing().values()) and time.monotonic() < deadline:
                time.sleep(0.1)
            time.sleep(0.5)  # inside the solve
            os.kill(pid, signal.SIGKILL)

        killer = threading.Thread(target=kill_once_solving)
        killer.start()
        lines: list[str] = []
        remote = compare(
            {"budget -30%": variants["budget -30%"]},
            YEAR,
            time_limit=SECONDS,
            workers=1,
            cluster=started.scheduler_address,
            report=lines.append,
        )
        killer.join()
        (again,) = watcher.run(os.getpid).values()
        watcher.close()
    assert again != pid  # a new worker process solved it
    assert remote.plans["budget -30%"].assignments == local.plans["budget -30%"].assignments
    assert lines[0].startswith("budget -30%: ")
