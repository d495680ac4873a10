"""The previous plan of a re-plan is checked: another scenario, another year, missing, corrupted or unknown.

Every case exits 2 naming file, row, column and value, and writes nothing;
a plan of another scenario is taken with ``--allow-other-scenario`` and a warning.
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from conftest import write_scenario
from helpers import YEAR, cadre, course, session, unit

from optimizer.cli.annual import plan_annual
from optimizer.cli.common import EXIT_OK, EXIT_USAGE

TABLES = {
    "units.csv": [unit(f"U{k}") for k in range(1, 4)],
    "cadres.csv": [cadre(f"C{k}", f"U{k % 3 + 1}") for k in range(1, 7)],
    "courses.csv": [course("K1"), course("K2"), course("K3")],
    "sessions.csv": [
        session("S1", "K1", "2020-03-02", "2020-03-13", seats=3),
        session("S2", "K2", "2020-05-04", "2020-05-15", seats=3),
        session("S3", "K3", "2020-09-07", "2020-09-18", seats=3),
    ],
}


def _plan_annual(scenario: Path, out: Path, *extra: str) -> Result:
    args = ["--year", str(YEAR), "--scenario", str(scenario), "--out", str(out), "--time-limit", "5"]
    return CliRunner().invoke(plan_annual, [*args, "--workers", "1", "--no-exports", "--quiet", *extra])


@pytest.fixture(scope="module")
def made(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """A scenario and a plan of it made by plan-annual (its summary.json names the scenario's files)."""
    top = tmp_path_factory.mktemp("replan_inputs")
    scenario = write_scenario(top / "scenario", TABLES)
    result = _plan_annual(scenario, top / "plan")
    assert result.exit_code == EXIT_OK, result.output
    return scenario, top / "plan"


@pytest.fixture
def copies(made: tuple[Path, Path], tmp_path: Path) -> tuple[Path, Path]:
    """A copy of the scenario and of its plan for one test to spoil."""
    scenario, plan = made
    return Path(shutil.copytree(scenario, tmp_path / "scenario")), Path(
        shutil.copytree(plan, tmp_path / "plan")
    )


def _replan(scenario: Path, previous: Path, *extra: str) -> Result:
    return _plan_annual(scenario, previous.parent / "r1", "--from", str(previous), *extra)


def _refused(result: Result, previous: Path, *expected: str) -> None:
    assert result.exit_code == EXIT_USAGE, result.output
    assert "Traceback" not in result.output
    for text in expected:
        assert text in result.output, result.output
    assert not (previous.parent / "r1").exists(), "bad input, yet something was written"
    assert not list(previous.parent.glob(".r1*")), "a temporary or lock file was left"


def _edit(path: Path, change: Callable[[list[str]], list[str]]) -> None:
    lines = path.read_text(encoding="utf-8").splitlines()
    path.write_text("\n".join(change(lines)) + "\n", encoding="utf-8")


def _cell(path: Path, row: int, column: str, value: str) -> None:
    """Set one cell of a plan CSV (row as a spreadsheet counts: the header is row 1)."""

    def change(lines: list[str]) -> list[str]:
        header = lines[0].split(",")
        cells = lines[row - 1].split(",")
        cells[header.index(column)] = value
        lines[row - 1] = ",".join(cells)
        return lines

    _edit(path, change)


def test_a_plan_of_another_scenario_is_refused_unless_allowed(copies: tuple[Path, Path]) -> None:
    scenario, previous = copies
    _edit(
        scenario / "sessions.csv",
        lambda lines: [lines[0], *(line.replace(",3,", ",4,") for line in lines[1:])],
    )
    result = _replan(scenario, previous)
    _refused(
        result,
        previous,
        f"{previous / 'summary.json'}, column 'provenance.files', value 'sessions.csv': "
        "the previous plan was made on another scenario",
        "--allow-other-scenario",
    )
    allowed = _replan(scenario, previous, "--allow-other-scenario")
    assert allowed.exit_code == EXIT_OK, allowed.output
    assert (
        "warning: --from" in allowed.output
        and "made on another scenario (sessions.csv differ)" in allowed.output
    )
    assert (previous.parent / "r1" / "diff.csv").exists()


def test_a_plan_of_another_scenario_with_other_cadres_is_taken_when_allowed(
    copies: tuple[Path, Path],
) -> None:
    scenario, previous = copies
    _edit(scenario / "cadres.csv", lambda lines: [line for line in lines if not line.startswith("C1,")])
    allowed = _replan(scenario, previous, "--allow-other-scenario")
    assert allowed.exit_code == EXIT_OK, allowed.output
    kept = json.loads((previous / "summary.json").read_text(encoding="utf-8"))
    gone = sum(
        1 for line in (previous / "assignments.csv").read_text().splitlines() if line.startswith("C1,")
    )
    assert gone > 0 and f"{gone} of its" in allowed.output and "cannot be kept" in allowed.output
    assert kept["year"] == YEAR


def test_a_plan_of_another_year_is_refused(copies: tuple[Path, Path]) -> None:
    scenario, previous = copies
    summary = json.loads((previous / "summary.json").read_text(encoding="utf-8"))
    (previous / "summary.json").write_text(json.dumps({**summary, "year": YEAR - 1}), encoding="utf-8")
    result = _replan(scenario, previous)
    _refused(
        result,
        previous,
        f"summary.json, column 'year', value '{YEAR - 1}': the previous plan is for another year, not {YEAR}",
    )


@pytest.mark.parametrize(
    ("spoil", "expected"),
    [
        # a file lost in a copy
        (lambda p: (p / "sessions.csv").unlink(), "sessions.csv: file missing"),
        (lambda p: (p / "summary.json").unlink(), "summary.json"),
        # a date a spreadsheet rewrote
        (
            lambda p: _cell(p / "assignments.csv", 2, "start", "2020/03/02"),
            "row 2, column 'start', value '2020/03/02'",
        ),
        # hours that are no number, a reason that is no reason
        (lambda p: _cell(p / "assignments.csv", 3, "hours", "八十"), "row 3, column 'hours', value '八十'"),
        (lambda p: _cell(p / "assignments.csv", 2, "reason", "favour"), "column 'reason', value 'favour'"),
        # a status that is none, a count that is negative
        (lambda p: _cell(p / "sessions.csv", 2, "status", "maybe"), "sessions.csv, row 2, column 'status'"),
        (lambda p: _cell(p / "sessions.csv", 3, "enrolled", "-2"), "row 3, column 'enrolled', value '-2'"),
        # a file cut short in the middle of a row
        (
            lambda p: _edit(p / "assignments.csv", lambda lines: [*lines[:-1], lines[-1][:9]]),
            "assignments.csv, row",
        ),
        # summary.json that is no JSON
        (
            lambda p: (p / "summary.json").write_text('{"year": 2020,', encoding="utf-8"),
            "summary.json, row 1",
        ),
        # the same assignment twice
        (
            lambda p: _edit(p / "assignments.csv", lambda lines: [*lines, lines[1]]),
            "is in this session already",
        ),
    ],
    ids=[
        "no-sessions",
        "no-summary",
        "bad-date",
        "bad-hours",
        "bad-reason",
        "bad-status",
        "negative",
        "cut-short",
        "bad-json",
        "twice",
    ],
)
def test_a_missing_or_corrupted_previous_plan_is_refused(
    copies: tuple[Path, Path], spoil: Callable[[Path], None], expected: str
) -> None:
    scenario, previous = copies
    spoil(previous)
    _refused(_replan(scenario, previous), previous, expected)


def test_assignments_of_unknown_cadres_or_sessions_are_refused(copies: tuple[Path, Path]) -> None:
    scenario, previous = copies
    _cell(previous / "assignments.csv", 2, "cadre_id", "C99")
    _cell(previous / "assignments.csv", 3, "session_id", "S99")
    _cell(previous / "assignments.csv", 4, "course_id", "K9")
    result = _replan(scenario, previous)
    _refused(
        result,
        previous,
        "assignments.csv, row 2, column 'cadre_id', value 'C99': no such cadre in the scenario",
        "assignments.csv, row 3, column 'session_id', value 'S99': no such session in the scenario",
        "assignments.csv, row 4, column 'course_id', value 'K9': session",
    )


def test_a_session_the_previous_changes_added_may_be_gone(copies: tuple[Path, Path]) -> None:
    """In a chain of re-plans, a session the previous changes file added and this one not is lost, not bad."""
    scenario, previous = copies
    added = previous.parent / "add.csv"
    added.write_text(
        "action,target,start,end,value,note\nadd_session,S9,2020-10-12,2020-10-23,from=S1,加开\n"
        "pin,C1,,,S9,已确认\n",
        encoding="utf-8",
    )
    first = _plan_annual(scenario, previous.parent / "r0", "--from", str(previous), "--changes", str(added))
    assert first.exit_code == EXIT_OK, first.output
    assert "S9" in (previous.parent / "r0" / "assignments.csv").read_text(encoding="utf-8")
    result = _replan(scenario, previous.parent / "r0")
    assert result.exit_code == EXIT_OK, result.output
    diff = (previous.parent / "r1" / "diff.csv").read_text(encoding="utf-8")
    assert "C1,lost,S9" in diff or "C1,moved,S9" in diff
