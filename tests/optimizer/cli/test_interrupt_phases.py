"""A first Ctrl-C or SIGTERM keeps the best plan found so far in every phase; only a second one aborts.

``plan-annual`` runs in a subprocess and is signalled once a progress line
says which phase it is in: loading, the greedy start, the core, the building
of a model, the neighbourhoods, HiGHS on the hours, the filing. Where a phase
is too short on a test scenario to be hit for sure, the child slows it down
(a sleep at its start, said by a ``[test]`` line), so that the signal lands
in it and nowhere else. Every plan written is checked by the independent
checker and says in ``summary.json`` where the signal came (``interrupted_during``).
Ctrl-C in the greedy start, a signal before any plan and SIGTERM in the
filing run by default; the other phases are slow-marked.
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
from children import PLAN_ANNUAL, PRELUDE, wait_for

from models import load_scenario
from models.planio import read_plan
from optimizer.check import check_plan
from optimizer.cli.common import EXIT_ABORTED, EXIT_OK
from scenarios import default_scenario
from scenarios.generator import generate_scenario

YEAR = 2020
PATIENCE = 240.0


def slowed(module: str, name: str, when: str = "True") -> str:
    """Child code making ``module.name`` sleep first (saying so) when ``when`` holds of its arguments."""
    return (
        f"import sys, time, {module} as _m\n"
        f"_real = _m.{name}\n"
        "def _slow(*args, **kwargs):\n"
        f"    if {when}:\n"
        f"        print('[test] slowed {name}', file=sys.stderr, flush=True)\n"
        "        time.sleep(120)\n"
        "    return _real(*args, **kwargs)\n"
        f"_m.{name} = _slow\n"
    )


def _start(scenario: Path, out: Path, *options: str, inject: str = "") -> subprocess.Popen[str]:
    code = PLAN_ANNUAL.replace(PRELUDE, PRELUDE + inject)
    command = [sys.executable, "-c", code, "--year", str(YEAR), "--scenario", str(scenario)]
    command += ["--out", str(out), "--lang", "en", *options]
    env = {**os.environ, "PYTHONUNBUFFERED": "1", "MPLBACKEND": "Agg"}
    return subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)


def _wait_for(child: subprocess.Popen[str], pattern: str, seen: list[str]) -> None:
    wait_for(child, pattern, seen, PATIENCE)


def _interrupt(child: subprocess.Popen[str], seen: list[str], signum: int = signal.SIGINT) -> tuple[int, str]:
    child.send_signal(signum)
    started = time.monotonic()
    stdout, stderr = child.communicate(timeout=PATIENCE)
    assert time.monotonic() - started < 90, "the run did not stop promptly"
    return child.returncode, stdout + "".join(seen) + stderr


def _kept(scenario: Path, out: Path, output: str, during: str) -> dict[str, object]:
    """The run wrote a plan the checker accepts, marked interrupted in ``during``; its summary."""
    assert "Traceback" not in output and "aborted" not in output, output
    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    assert summary["interrupted_during"] == during, output
    assert summary["status"] in ("feasible", "optimal")
    assert check_plan(load_scenario(scenario), read_plan(out)) == []
    return summary


@pytest.fixture(scope="module")
def whole(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Solved as one model (under 20,000 pairs), with an hours tier HiGHS works on for a while."""
    return generate_scenario(tmp_path_factory.mktemp("whole"), num_cadres=1000, seed=3)


@pytest.mark.parametrize(
    "signum", [signal.SIGINT, pytest.param(signal.SIGTERM, marks=pytest.mark.slow)], ids=["ctrl-c", "sigterm"]
)
def test_a_first_signal_in_the_greedy_start_keeps_the_greedy_plan_so_far(tmp_path: Path, signum: int) -> None:
    """The default scenario's greedy passes take seconds: the one under way ends with what it has."""
    out = tmp_path / "plan"
    child = _start(default_scenario(), out, "--no-exports", "--workers", "1", "--time-limit", "60")
    seen: list[str] = []
    _wait_for(child, r"^prepared ", seen)
    time.sleep(0.2)  # past the end of that line's printing: in the first of the three passes (~1-3 s each)
    code, output = _interrupt(child, seen, signum)
    assert code == EXIT_OK, output
    summary = _kept(default_scenario(), out, output, "greedy start")
    assert summary["interrupted"] is True and summary["assignments"] > 0
    assert output.count("greedy (") < 3, output  # the pass under way ended, no other started
    assert "[tier" not in output and "core of tier" not in output  # nothing after the greedy start ran
    assert "(interrupted: the best plan found so far)" in output


def test_a_signal_before_any_plan_writes_nothing_and_says_so(whole: Path, tmp_path: Path) -> None:
    out = tmp_path / "plan"
    out.mkdir()
    (out / "summary.json").write_text('{"filed": true}\n', encoding="utf-8")
    inject = slowed("optimizer.pipeline.solve", "prepare")
    child = _start(whole, out, "--no-exports", inject=inject)
    seen: list[str] = []
    _wait_for(child, r"^\[test\] slowed prepare", seen)
    code, output = _interrupt(child, seen)
    assert code == EXIT_ABORTED, output
    assert (
        "interrupted before any plan was found: nothing was written" in output and "Traceback" not in output
    )
    assert sorted(p.name for p in tmp_path.iterdir()) == ["plan"]
    assert json.loads((out / "summary.json").read_text(encoding="utf-8")) == {"filed": True}


def test_a_first_signal_while_the_filing_is_written_keeps_the_plan_files(whole: Path, tmp_path: Path) -> None:
    out = tmp_path / "plan"
    inject = slowed("optimizer.cli.annual", "write_exports")
    child = _start(whole, out, "--time-limit", "5", inject=inject)
    seen: list[str] = []
    _wait_for(child, r"^\[test\] slowed write_exports", seen)
    code, output = _interrupt(child, seen, signal.SIGTERM)
    assert code == EXIT_OK, output
    summary = _kept(whole, out, output, "exports")
    assert summary["exports_interrupted"] is True and summary["interrupted"] is False
    assert sorted(p.name for p in out.iterdir()) == [
        "assignments.csv",
        "sessions.csv",
        "shortfalls.csv",
        "summary.json",
    ]
    assert "interrupted while writing the filing: the plan files are written" in output
    assert sorted(p.name for p in tmp_path.iterdir()) == ["plan"]  # no lock or temporary folder left


@pytest.mark.slow
def test_a_real_filing_cut_short_leaves_no_part_of_it(whole: Path, tmp_path: Path) -> None:
    """Without a sleep: the signal comes while the workbook and charts are really being drawn."""
    out = tmp_path / "plan"
    child = _start(whole, out, "--time-limit", "5")
    seen: list[str] = []
    _wait_for(child, r"^writing the filing", seen)
    time.sleep(1.0)
    code, output = _interrupt(child, seen)
    assert code == EXIT_OK, output
    names = sorted(p.name for p in out.iterdir())
    if "exports_interrupted" in json.loads((out / "summary.json").read_text(encoding="utf-8")):
        assert names == ["assignments.csv", "sessions.csv", "shortfalls.csv", "summary.json"], names
    else:  # the filing was done before the signal came: then it is whole
        assert {"filing.xlsx", "report.md", "charts"} <= set(names), names


@pytest.mark.slow
def test_a_first_signal_in_the_core_keeps_the_greedy_plan(tmp_path: Path) -> None:
    out = tmp_path / "plan"
    inject = slowed("optimizer.pipeline.core", "core_data")
    child = _start(default_scenario(), out, "--no-exports", "--time-limit", "60", inject=inject)
    seen: list[str] = []
    _wait_for(child, r"^\[test\] slowed core_data", seen)
    code, output = _interrupt(child, seen)
    assert code == EXIT_OK, output
    summary = _kept(default_scenario(), out, output, "core")
    assert summary["interrupted"] is True


@pytest.mark.slow
def test_a_first_signal_while_the_model_is_built_keeps_the_start_plan(whole: Path, tmp_path: Path) -> None:
    out = tmp_path / "plan"
    # Slowed only in the whole model's stages, which solve's run_stages starts (the core calls its own).
    arm = (
        "import optimizer.pipeline.solve as _solve\n"
        "_armed = []\n"
        "_run_stages = _solve.run_stages\n"
        "def _arming(*args, **kwargs):\n"
        "    _armed.append(True)\n"
        "    return _run_stages(*args, **kwargs)\n"
        "_solve.run_stages = _arming\n"
    )
    inject = arm + slowed("optimizer.pipeline.stages", "build_model", when="_armed")
    child = _start(whole, out, "--no-exports", "--time-limit", "20", inject=inject)
    seen: list[str] = []
    _wait_for(child, r"^\[test\] slowed build_model", seen)
    assert any(line.startswith("building the model of") for line in seen)
    code, output = _interrupt(child, seen)
    assert code == EXIT_OK, output
    _kept(whole, out, output, "whole model")
    after = output[output.index("[test] slowed build_model") :]
    assert not re.search(r"\[tier \d\]", after), "a stage ran after the model's building was cut short"


@pytest.mark.slow
def test_a_first_signal_in_the_neighbourhoods_keeps_the_plan_so_far(tmp_path: Path) -> None:
    out = tmp_path / "plan"
    child = _start(default_scenario(), out, "--no-exports", "--time-limit", "120")
    seen: list[str] = []
    _wait_for(child, r"^neighbourhoods: ", seen)
    _wait_for(child, r"region \d+/\d+|round \d+", seen)
    code, output = _interrupt(child, seen)
    assert code == EXIT_OK, output
    _kept(default_scenario(), out, output, "neighbourhoods")


@pytest.mark.slow
def test_a_first_signal_while_highs_works_on_the_hours_keeps_the_plan(whole: Path, tmp_path: Path) -> None:
    out = tmp_path / "plan"
    child = _start(whole, out, "--no-exports", "--time-limit", "120", "--workers", "2")
    seen: list[str] = []
    _wait_for(child, r"\[hours by HiGHS\]\s+\d", seen)
    code, output = _interrupt(child, seen)
    assert code == EXIT_OK, output
    _kept(whole, out, output, "hours by HiGHS")


@pytest.mark.slow
def test_a_second_signal_in_the_greedy_start_aborts(tmp_path: Path) -> None:
    out = tmp_path / "plan"
    out.mkdir()
    (out / "summary.json").write_text('{"filed": true}\n', encoding="utf-8")
    child = _start(default_scenario(), out, "--no-exports", "--workers", "1", "--time-limit", "60")
    seen: list[str] = []
    _wait_for(child, r"^prepared ", seen)
    time.sleep(0.2)
    child.send_signal(signal.SIGINT)
    _wait_for(child, r"interrupted: keeping the best plan", seen)
    code, output = _interrupt(child, seen)
    assert code == EXIT_ABORTED, output
    assert "aborted: nothing was written" in output and "Traceback" not in output
    assert json.loads((out / "summary.json").read_text(encoding="utf-8")) == {"filed": True}


@pytest.fixture(scope="module")
def open_city(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """5,000 cadres with open audiences (about 890,000 eligible pairs): every phase lasts seconds unaided."""
    return generate_scenario(tmp_path_factory.mktemp("open_city"), size="city-open", seed=1)


@pytest.mark.slow
@pytest.mark.parametrize(
    ("line", "during"),
    [(r"^prepared ", "greedy start"), (r"^core of tier 3", "core")],
    ids=["greedy", "core"],
)
def test_at_scale_a_first_signal_keeps_the_best_plan_so_far(
    open_city: Path, tmp_path: Path, line: str, during: str
) -> None:
    """The issue's case, smaller: after the greedy plan was found, one Ctrl-C must not lose it."""
    out = tmp_path / "plan"
    child = _start(open_city, out, "--no-exports", "--workers", "1", "--time-limit", "600")
    seen: list[str] = []
    _wait_for(child, line, seen)
    time.sleep(1.0)
    code, output = _interrupt(child, seen)
    assert code == EXIT_OK, output
    summary = _kept(open_city, out, output, during)
    assert summary["assignments"] > 0
