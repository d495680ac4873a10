"""One writer per plan folder: a second run on the same ``--out`` stops at once; a killed run's lock is taken.

The library's lock is tested in this process; the command with two real
``plan-annual`` processes on a generated 1,000-cadre scenario, the second
started once the first has printed its first progress line.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from children import PLAN_ANNUAL, wait_for

from models import load_scenario
from models.planio import read_plan
from optimizer.check import check_plan
from optimizer.cli.common import EXIT_ERROR, EXIT_OK
from optimizer.reports.lock import FolderBusy, folder_lock, lock_path
from scenarios.generator import generate_scenario

YEAR = 2020
PATIENCE = 180.0
CHILD = PLAN_ANNUAL


def _dead_pid() -> int:
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    return child.pid


def test_a_second_lock_on_a_folder_is_refused_naming_the_holder(tmp_path: Path) -> None:
    out = tmp_path / "plans" / "2020"
    with folder_lock(out) as held:
        assert held.path == lock_path(out.resolve()) and held.path.parent.is_dir()
        assert held.path.read_text(encoding="ascii").split("\n")[0] == str(os.getpid())
        with pytest.raises(FolderBusy, match=rf"2020 is being written by process {os.getpid()}") as busy:
            with folder_lock(tmp_path / "plans" / "." / "2020"):  # the same folder, spelt otherwise
                pass
        assert busy.value.pid == os.getpid() and busy.value.since
        with folder_lock(tmp_path / "plans" / "2021"):  # another folder beside it is free
            pass
    assert not held.path.exists()
    assert not (tmp_path / "plans").exists()  # the parent made for the lock was left empty: removed
    with folder_lock(out):  # free again
        pass


def test_a_lock_left_by_a_killed_run_is_taken_over(tmp_path: Path) -> None:
    out = tmp_path / "2020"
    dead = _dead_pid()
    lock_path(out).write_text(f"{dead}\n2020-01-01T00:00:00\n", encoding="ascii")
    with folder_lock(out) as held:
        assert held.taken_over == dead
        assert held.path.read_text(encoding="ascii").startswith(f"{os.getpid()}\n")
    with folder_lock(out) as held:  # a run that ended normally leaves nothing to take over
        assert held.taken_over is None


@pytest.fixture(scope="module")
def scenario(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return generate_scenario(tmp_path_factory.mktemp("lock"), num_cadres=1000, seed=3)


def _command(scenario: Path, out: Path, time_limit: int) -> list[str]:
    options = ["--year", str(YEAR), "--scenario", str(scenario), "--out", str(out), "--no-exports"]
    return [sys.executable, "-c", CHILD, *options, "--time-limit", str(time_limit), "--lang", "en"]


def _start(scenario: Path, out: Path, time_limit: int) -> subprocess.Popen[str]:
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    command = _command(scenario, out, time_limit)
    return subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)


def _wait_for(child: subprocess.Popen[str], pattern: str, seen: list[str]) -> None:
    wait_for(child, pattern, seen, PATIENCE)


def _plan_is_valid(scenario: Path, out: Path) -> None:
    assert check_plan(load_scenario(scenario), read_plan(out)) == []


def test_a_second_run_on_the_same_folder_exits_at_once_and_the_first_writes_its_plan(
    scenario: Path, tmp_path: Path
) -> None:
    out = tmp_path / "plan"
    first = _start(scenario, out, 300)
    seen: list[str] = []
    _wait_for(first, r"^prepared ", seen)
    started = time.monotonic()
    second = subprocess.run(_command(scenario, out, 5), capture_output=True, text=True, timeout=PATIENCE)
    assert second.returncode == EXIT_ERROR, second.stderr
    assert f"is being written by process {first.pid}" in second.stderr and "Traceback" not in second.stderr
    assert time.monotonic() - started < 30  # at once: before loading the scenario
    assert first.poll() is None, "the first run ended before the second was refused"
    _wait_for(first, r"^\s+\[[^\]]+\]\s+\d+\.\d+s\s", seen)  # a stage is solving
    first.send_signal(signal.SIGINT)  # the first run stops with its best plan so far
    stdout, stderr = first.communicate(timeout=PATIENCE)
    assert first.returncode == EXIT_OK, "".join(seen) + stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["plan"]  # no lock, no temporary folder left
    assert json.loads((out / "summary.json").read_text(encoding="utf-8"))["provenance"]["command"]
    _plan_is_valid(scenario, out)


def test_a_killed_run_leaves_a_lock_that_the_next_run_takes_over(scenario: Path, tmp_path: Path) -> None:
    out = tmp_path / "plan"
    first = _start(scenario, out, 300)
    seen: list[str] = []
    _wait_for(first, r"^prepared ", seen)
    assert lock_path(out).read_text(encoding="ascii").startswith(f"{first.pid}\n")
    first.send_signal(signal.SIGKILL)
    first.wait(timeout=PATIENCE)
    assert lock_path(out).exists()  # kill -9: nothing could remove it, but the kernel released the lock
    second = subprocess.run(_command(scenario, out, 5), capture_output=True, text=True, timeout=PATIENCE)
    assert second.returncode == EXIT_OK, second.stderr
    assert f"took over the plan folder's lock left by process {first.pid}" in second.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["plan"]
    _plan_is_valid(scenario, out)
