"""Fuzzed changes files: whatever a planner types into ``changes.csv``, a re-plan answers without a traceback.

As :mod:`test_fuzz` does for the scenario's CSV files: hypothesis draws the
rows of a changes file (any action, ids of the right and the wrong kind,
spoilt dates and values, cells too many) and then spoils its bytes as a
spreadsheet can (encodings, truncation, stray quotes, inserted bytes,
dropped or shuffled columns). Reading and applying it must give a changed
scenario or one :class:`ScenarioError` whose every problem names
``changes.csv`` and, where one place is at fault, its row and column;
``plan-annual --from PLAN --changes FILE`` must end with exit 0 (a plan the
checker accepts on the changed scenario) or exit 2 (every problem printed,
nothing written); exit 3 only when the file's pins cannot all hold (a pin
into a session not open to the cadre, say), with the explanation written.

The default run is derandomised (the same examples each time); the ``slow``
variants draw many more, at random.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest
import test_fuzz
from changes_files import Ids, change_rows, to_csv
from click.testing import CliRunner
from hypothesis import example, given, settings
from hypothesis import strategies as st
from mutations import Mutation, mutate, mutations, trimmed_default, write_files
from test_fuzz import MANY, _header, _lines

from models import ScenarioError, load_scenario
from models.changes import COLUMNS, OPTIONAL, apply_changes, read_changes
from models.errors import Problem
from models.planio import read_plan
from optimizer.check import check_plan
from optimizer.cli.annual import plan_annual

NAME = "changes.csv"
SMALL = trimmed_default(12)
WHOLE_FILE = ("file is missing", "saved as UTF-16", "cannot read the text", "binary data", "no header")
WHOLE_ROW = ("cells but the header has", "not UTF-8", "middle of a character", "quote mark")


def _scenario(top: Path):  # type: ignore[no-untyped-def]
    return load_scenario(write_files(SMALL, top / "scenario"))


with tempfile.TemporaryDirectory() as _top:
    IDS = Ids.of(_scenario(Path(_top)))

changes_files = st.tuples(
    change_rows(IDS),
    st.lists(mutations([NAME]), max_size=2).map(lambda edits: [m for m in edits if m.kind != "delete"]),
)


def assert_names_its_place(problem: Problem, raw: bytes) -> None:
    """The problem names the changes file, and the row and column when one place is at fault."""
    assert problem.file == NAME, problem
    if problem.row is None:
        assert problem.column or any(kind in problem.message for kind in WHOLE_FILE), problem
        return
    assert 1 <= problem.row <= _lines(raw), problem
    if problem.column is None:
        assert problem.row == 1 or any(kind in problem.message for kind in WHOLE_ROW), problem
    else:
        column = problem.column.removeprefix("value: ")
        assert problem.column in _header(raw) | set(COLUMNS) | set(OPTIONAL) or column != problem.column, (
            problem
        )


def _spoilt(rows: list[list[str]], edits: list[Mutation]) -> bytes:
    return mutate({NAME: to_csv(rows)}, edits)[NAME]


def check_applying(rows: list[list[str]], edits: list[Mutation]) -> ScenarioError | None:
    """Read and apply the changes file; any error but ScenarioError fails the test."""
    raw = _spoilt(rows, edits)
    with tempfile.TemporaryDirectory() as top:
        scenario = _scenario(Path(top))
        path = Path(top) / NAME
        path.write_bytes(raw)
        try:
            apply_changes(scenario, read_changes(path))
        except ScenarioError as error:
            assert error.problems, "a ScenarioError without a problem"
            for problem in error.problems:
                assert_names_its_place(problem, raw)
            return error
    return None


@pytest.fixture(scope="module")
def previous(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """The small scenario and a plan of it: the previous plan of every re-plan below."""
    top = tmp_path_factory.mktemp("fuzz_changes")
    scenario = write_files(SMALL, top / "scenario")
    result = CliRunner().invoke(plan_annual, [*_options(scenario, top / "plan"), "--quiet"])
    assert result.exit_code == 0, result.output
    return scenario, top / "plan"


def _options(scenario: Path, out: Path) -> list[str]:
    return [
        "--year",
        "2020",
        "--scenario",
        str(scenario),
        "--out",
        str(out),
        "--no-exports",
        "--workers",
        "1",
    ]


def check_replan(previous: tuple[Path, Path], rows: list[list[str]], edits: list[Mutation]) -> None:
    """``plan-annual --from --changes``: exit 0 with a plan checked on the changed scenario, or exit 2."""
    scenario, plan = previous
    raw = _spoilt(rows, edits)
    with tempfile.TemporaryDirectory() as top:
        changes, out = Path(top) / NAME, Path(top) / "r1"
        changes.write_bytes(raw)
        error = check_applying(rows, edits)
        args = [*_options(scenario, out), "--from", str(plan), "--changes", str(changes), "--time-limit", "3"]
        result = CliRunner().invoke(plan_annual, [*args, "--quiet"])
        assert result.exception is None or isinstance(result.exception, SystemExit), result.output
        assert "Traceback" not in result.output
        if error is not None:
            assert result.exit_code == 2, result.output
            assert not out.exists(), "bad input, yet something was written"
            for problem in error.problems:
                assert str(problem) in result.output
            return
        assert result.exit_code in (0, 3), result.output
        if result.exit_code == 3:  # pins the changes made cannot all hold: the explanation is written
            assert (out / "infeasibility.txt").read_text(encoding="utf-8").strip()
        else:
            changed = apply_changes(load_scenario(scenario), read_changes(changes))
            assert check_plan(changed, read_plan(out)) == []


FAST = settings(test_fuzz.FAST, max_examples=200)
FAST_CLI = settings(test_fuzz.FAST_CLI, max_examples=6)
MANY_CLI = settings(test_fuzz.MANY_CLI, max_examples=100)


@FAST
@given(drawn=changes_files)
@example(drawn=([["add_session", "S2020-9999", "2020-10-12", "2020-10-16", "from=S2020-0001 seats", ""]], []))
@example(drawn=([["set_seats", IDS.sessions[0], "", "", "1e400", ""]], []))
@example(drawn=([["pin", IDS.cadres[0], "", "", IDS.sessions[0], "", "spill"]], []))
@example(drawn=([["cancel_session", IDS.sessions[0], "", "", "", ""]], [Mutation("gbk", NAME)]))
def test_a_fuzzed_changes_file_applies_or_names_every_problem(
    drawn: tuple[list[list[str]], list[Mutation]],
) -> None:
    check_applying(*drawn)


@FAST_CLI
@given(drawn=changes_files)
@example(drawn=([["cancel_session", IDS.sessions[0], "", "", "", "取消"]], []))
def test_a_replan_with_a_fuzzed_changes_file_exits_0_or_2(
    previous: tuple[Path, Path], drawn: tuple[list[list[str]], list[Mutation]]
) -> None:
    check_replan(previous, *drawn)


@pytest.mark.slow
@MANY
@given(drawn=changes_files)
def test_many_fuzzed_changes_files_apply_or_name_every_problem(
    drawn: tuple[list[list[str]], list[Mutation]],
) -> None:
    check_applying(*drawn)


@pytest.mark.slow
@MANY_CLI
@given(drawn=changes_files)
def test_many_replans_with_fuzzed_changes_files_exit_0_or_2(
    previous: tuple[Path, Path], drawn: tuple[list[list[str]], list[Mutation]]
) -> None:
    check_replan(previous, *drawn)
