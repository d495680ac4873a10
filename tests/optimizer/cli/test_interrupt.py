"""Ctrl-C and SIGTERM during a long solve: the best plan so far is written, checked and marked interrupted.

``plan-annual`` runs in a subprocess on a generated 1,000-cadre scenario
whose hours stage takes many seconds; the signal is sent once a progress
line shows a stage solving (those lines are printed only while CP-SAT runs).
"""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from models import Plan, load_scenario
from optimizer.check import check_plan
from optimizer.cli import annual as cli
from optimizer.cli.common import EXIT_ABORTED, EXIT_ERROR, EXIT_OK
from optimizer.pipeline.result import Result, SolveStatus
from scenarios.generator import generate_scenario

YEAR = 2020
SOLVING = re.compile(r"^\s+\[[^\]]+\]\s+\d+\.\d+s\s+objective .* gap \S+$")
"""A progress line printed while a stage is solving (a stage's last line ends with its status)."""
PATIENCE = 120.0
CHILD = (
    "import signal; signal.signal(signal.SIGINT, signal.default_int_handler)\n"
    "from optimizer.cli.annual import plan_annual; plan_annual(prog_name='plan-annual')"
)
"""plan-annual as a terminal starts it: Ctrl-C is not ignored even when these tests run in the background
(a shell starts background jobs with SIGINT ignored, and children inherit that)."""


@pytest.fixture(scope="module")
def scenario(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return generate_scenario(tmp_path_factory.mktemp("interrupt"), num_cadres=1000, seed=3)


def _start(scenario: Path, out: Path) -> subprocess.Popen[str]:
    command = [
        sys.executable,
        "-c",
        CHILD,
        "--year",
        str(YEAR),
        "--scenario",
        str(scenario),
        "--out",
        str(out),
        "--no-exports",
        "--time-limit",
        "300",
        "--workers",
        "2",
    ]
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    return subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)


def _wait_for(child: subprocess.Popen[str], pattern: re.Pattern[str], seen: list[str]) -> str:
    """Read the child's progress lines until one matches ``pattern``."""
    assert child.stderr is not None
    deadline = time.monotonic() + PATIENCE
    for line in child.stderr:
        seen.append(line)
        if pattern.search(line.rstrip("\n")):
            return line
        assert time.monotonic() < deadline, "no stage solved long enough:\n" + "".join(seen)
    raise AssertionError("plan-annual ended before a stage was solving:\n" + "".join(seen))


def _finish(child: subprocess.Popen[str], seen: list[str]) -> tuple[int, str, str]:
    stdout, stderr = child.communicate(timeout=PATIENCE)
    return child.returncode, stdout, "".join(seen) + stderr


@pytest.mark.parametrize("signum", [signal.SIGINT, signal.SIGTERM], ids=["ctrl-c", "sigterm"])
def test_a_signal_during_the_solve_writes_the_best_plan_so_far(
    scenario: Path, tmp_path: Path, signum: int
) -> None:
    out = tmp_path / "plan"
    child = _start(scenario, out)
    seen: list[str] = []
    _wait_for(child, SOLVING, seen)
    child.send_signal(signum)
    started = time.monotonic()
    code, stdout, stderr = _finish(child, seen)
    assert code == EXIT_OK, stderr
    assert time.monotonic() - started < 30, "the solve did not stop promptly"
    assert "Traceback" not in stderr
    assert "interrupted: stopping and keeping the best plan found" in stderr
    assert "(interrupted: the best plan found so far)" in stdout
    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    assert summary["interrupted"] is True
    assert summary["status"] in ("feasible", "optimal")
    code = "from optimizer.cli.check import plan_check; plan_check(prog_name='plan-check')"
    checked = subprocess.run(
        [sys.executable, "-c", code, str(scenario), str(out)], capture_output=True, text=True
    )
    assert checked.returncode == 0, checked.stdout + checked.stderr
    from models.planio import read_plan

    assert check_plan(load_scenario(scenario), read_plan(out)) == []


def test_a_second_ctrl_c_aborts_and_keeps_the_previous_plan(scenario: Path, tmp_path: Path) -> None:
    out = tmp_path / "plan"
    out.mkdir()
    (out / "summary.json").write_text('{"filed": true}\n', encoding="utf-8")
    child = _start(scenario, out)
    seen: list[str] = []
    _wait_for(child, SOLVING, seen)
    child.send_signal(signal.SIGINT)
    _wait_for(child, re.compile("interrupted: stopping"), seen)
    child.send_signal(signal.SIGINT)
    code, _, stderr = _finish(child, seen)
    assert code == EXIT_ABORTED, stderr
    assert "aborted: nothing was written" in stderr and "Traceback" not in stderr
    assert sorted(path.name for path in tmp_path.iterdir()) == ["plan"]
    assert [path.name for path in out.iterdir()] == ["summary.json"]
    assert json.loads((out / "summary.json").read_text(encoding="utf-8")) == {"filed": True}


def _no_plan(interrupted: bool):  # type: ignore[no-untyped-def]
    def solve(*args: object, **kwargs: object) -> Result:
        return Result(SolveStatus.UNKNOWN, None, None, None, 1.0, Plan(YEAR), interrupted=interrupted)

    return solve


@pytest.mark.parametrize(
    ("interrupted", "code", "message"),
    [
        (False, EXIT_ERROR, "no plan was found within the time limit (5 s): nothing was written"),
        (True, EXIT_ABORTED, "interrupted before any plan was found: nothing was written"),
    ],
    ids=["time-limit", "interrupted"],
)
def test_no_plan_at_all_writes_nothing_and_says_why(
    scenario: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    interrupted: bool,
    code: int,
    message: str,
) -> None:
    """The time limit (or Ctrl-C) came before any plan: a clear message, and a filed plan is not replaced."""
    out = tmp_path / "plan"
    out.mkdir()
    (out / "summary.json").write_text('{"filed": true}\n', encoding="utf-8")
    monkeypatch.setattr(cli, "solve", _no_plan(interrupted))
    args = [
        "--year",
        str(YEAR),
        "--scenario",
        str(scenario),
        "--out",
        str(out),
        "--time-limit",
        "5",
        "--quiet",
    ]
    result = CliRunner().invoke(cli.plan_annual, args)
    assert result.exit_code == code
    assert message in result.output
    assert sorted(path.name for path in tmp_path.iterdir()) == ["plan"]
    assert json.loads((out / "summary.json").read_text(encoding="utf-8")) == {"filed": True}
