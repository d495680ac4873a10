"""Fuzzed bad input: whatever a spreadsheet does to a scenario, the product answers without a traceback.

The same holds for the scenario handed as one workbook: the mutated CSV files
become sheets (cells typed as Excel types them, or left as text), then cells
are typed oddly, sheets renamed or dropped, settings set, the file's bytes
spoilt; every problem names the workbook or its sheet, and a row and column
the sheet has.

Hypothesis mutates the shipped default scenario (trimmed to a few cadres,
for speed): blanked cells, wrong types, huge values, GBK/GB18030 and BOM
encodings, UTF-16, duplicated, dropped and shuffled columns, truncated
files, stray quote marks, inserted bytes, deleted files. Loading must give a
scenario or a :class:`ScenarioError` whose every problem names its file and,
where one place is at fault, the row and the column; ``plan-annual`` must
end with exit 0 (a plan the checker accepts) or exit 2 (every problem
printed, nothing written).

The default run is derandomised (the same examples each time, < 60 s); the
``slow`` variants draw many more, at random.
"""

from __future__ import annotations

import csv
import re
import tempfile
from datetime import datetime
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from mutations import CELL_EDITS, Files, Mutation, mutate, mutations, trimmed_default, write_files
from workbook_mutations import BookEdit, Grid, book_edits, grid_of, workbook_bytes, write_workbook

from models import ScenarioError, load_scenario
from models.csvfile import BadText, decode
from models.errors import Problem
from models.layout import SETTINGS_SHEET, SHEET_BY_NAME
from models.loader import FILES
from models.planio import read_plan
from optimizer.check import check_plan
from optimizer.cli.annual import plan_annual

BASE = trimmed_default(40)
SMALL = trimmed_default(12)
NAMES = sorted(BASE)

WHOLE_FILE = (
    "file is missing",
    "saved as UTF-16",
    "cannot read the text",
    "binary data",
    "no units",
    "scenario folder does not exist",
)
"""Problems of a whole file: no row or column to name."""
WHOLE_ROW = ("cells but the header has", "not UTF-8", "middle of a character", "quote mark", "not valid TOML")
"""Problems of a whole row: the row is named, a column only when one cell is at fault."""

LINE_BREAK = re.compile(rb"\r\n|\r|\n")

edit_lists = st.lists(mutations(NAMES), min_size=1, max_size=3)


def _lines(raw: bytes) -> int:
    """Lines as a spreadsheet counts them: a lone CR breaks a line too."""
    return len(LINE_BREAK.findall(raw)) + 1


def _header(raw: bytes) -> set[str]:
    try:
        text = decode(raw)
    except BadText:
        text = raw.decode("utf-8", "replace")
    first = re.split(LINE_BREAK.pattern.decode(), text.lstrip("\ufeff"), maxsplit=1)[0]
    return {cell.strip() for cell in next(csv.reader([first]), [])}


def assert_names_its_place(problem: Problem, files: Files) -> None:
    """The problem names a scenario file, and the row and column when one place is at fault."""
    assert problem.file in NAMES, problem
    raw = files.get(problem.file, b"")
    if problem.row is None:
        assert problem.column or any(kind in problem.message for kind in WHOLE_FILE), problem
        return
    assert 1 <= problem.row <= _lines(raw), problem
    if problem.column is None:
        assert problem.row == 1 or any(kind in problem.message for kind in WHOLE_ROW), problem
    elif problem.file in FILES:
        required, optional = FILES[problem.file]
        assert problem.column in _header(raw) | set(required) | set(optional), problem


def load_mutated(edits: list[Mutation], base: Files, folder: Path) -> tuple[Files, ScenarioError | None]:
    """Write the mutated scenario to ``folder`` and load it; any error but ScenarioError fails the test."""
    files = mutate(base, edits)
    write_files(files, folder)
    try:
        load_scenario(folder)
    except ScenarioError as error:
        assert error.problems, "a ScenarioError without a problem"
        for problem in error.problems:
            assert_names_its_place(problem, files)
        return files, error
    return files, None


def check_loading(edits: list[Mutation]) -> None:
    with tempfile.TemporaryDirectory() as top:
        load_mutated(edits, BASE, Path(top) / "scenario")


def check_plan_annual(edits: list[Mutation]) -> None:
    """``plan-annual`` on the mutated scenario: exit 0 with a checked plan, or exit 2 naming every problem."""
    with tempfile.TemporaryDirectory() as top:
        folder, out = Path(top) / "scenario", Path(top) / "plan"
        _, error = load_mutated(edits, SMALL, folder)
        args = [
            "--year",
            "2020",
            "--scenario",
            str(folder),
            "--out",
            str(out),
            "--no-exports",
            "--time-limit",
            "3",
            "--workers",
            "1",
            "--quiet",
        ]
        result = CliRunner().invoke(plan_annual, args)
        assert result.exception is None or isinstance(result.exception, SystemExit), result.output
        assert "Traceback" not in result.output
        if error is not None:
            assert result.exit_code == 2, result.output
            assert not out.exists(), "bad input, yet something was written"
            for problem in error.problems:
                assert str(problem) in result.output
            return
        assert result.exit_code == 0, result.output
        assert check_plan(load_scenario(folder), read_plan(out)) == []


FAST = settings(
    max_examples=150,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow],
)
FAST_CLI = settings(
    max_examples=8,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow],
)
MANY = settings(max_examples=3000, deadline=None, suppress_health_check=[HealthCheck.too_slow])
MANY_CLI = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@FAST
@given(edits=edit_lists)
@example(edits=[Mutation("insert_bytes", "cadres.csv", blob=b"\r\x80")])  # a bare CR before a bad byte
@example(edits=[Mutation("insert_bytes", "units.csv", row=40, blob=b'a,"\r\n\xe5')])
@example(
    edits=[
        Mutation("set_cell", "courses.csv", row=19, value=""),
        Mutation("crlf", "courses.csv"),
        Mutation("crlf", "courses.csv"),
    ]
)  # CR CR LF: a spreadsheet shows a blank line after each row
def test_a_mutated_scenario_loads_or_names_every_problem(edits: list[Mutation]) -> None:
    check_loading(edits)


@FAST_CLI
@given(edits=edit_lists)
def test_plan_annual_on_a_mutated_scenario_exits_0_or_2(edits: list[Mutation]) -> None:
    check_plan_annual(edits)


@pytest.mark.slow
@MANY
@given(edits=edit_lists)
def test_many_mutated_scenarios_load_or_name_every_problem(edits: list[Mutation]) -> None:
    check_loading(edits)


@pytest.mark.slow
@MANY_CLI
@given(edits=edit_lists)
def test_plan_annual_on_many_mutated_scenarios_exits_0_or_2(edits: list[Mutation]) -> None:
    check_plan_annual(edits)


@pytest.mark.parametrize(
    "edit",
    [
        Mutation("gbk", "cadres.csv"),
        Mutation("gb18030", "units.csv"),
        Mutation("bom", "sessions.csv"),
        Mutation("crlf", "history.csv"),
        Mutation("shuffle_columns", "cadres.csv", row=3),
        Mutation("shuffle_columns", "sessions.csv", row=11),
    ],
    ids=str,
)
def test_what_a_spreadsheet_saves_reads_the_same(edit: Mutation) -> None:
    """Encodings a Chinese Excel saves, Windows line ends and reordered columns change nothing."""
    with tempfile.TemporaryDirectory() as top:
        expected = load_scenario(write_files(BASE, Path(top) / "original"))
        scenario = load_scenario(write_files(mutate(BASE, [edit]), Path(top) / "edited"))
    assert (scenario.units, scenario.cadres, scenario.sessions, scenario.history) == (
        expected.units,
        expected.cadres,
        expected.sessions,
        expected.history,
    )


# ---------------------------------------------------------------- the same scenario as one workbook

BOOK = "scenario.xlsx"
WHOLE_BOOK = ("cannot read the workbook", "has no sheet named", "cannot read the sheet", "no units")
"""Problems of a whole workbook or sheet: no row or column to name."""
BOOK_ROW = ("which has no heading in row 1",)
"""Problems of a whole row of a sheet: a value beyond the headed columns."""

cell_edit_lists = st.lists(
    mutations(NAMES).filter(lambda m: m.kind in CELL_EDITS or m.kind == "delete"), max_size=2
)
book_edit_lists = st.lists(book_edits(), max_size=3)


def assert_names_its_sheet(problem: Problem, grid: Grid, spoilt: bool) -> None:
    """The problem names the workbook, or one of its sheets; a row and column that the sheet has."""
    if problem.file == BOOK:
        assert problem.row is None and any(kind in problem.message for kind in WHOLE_BOOK), problem
        return
    assert problem.file.startswith(f"{BOOK}[") and problem.file.endswith("]"), problem
    sheet = problem.file[len(BOOK) + 1 : -1]
    if problem.row is None:
        assert problem.column or any(kind in problem.message for kind in WHOLE_BOOK), problem
        return
    if spoilt:
        return  # the sheet read back is not the one written: its size is unknown here
    rows = grid.get(sheet, [])
    assert 1 <= problem.row <= max(1, len(rows)), problem
    header = {str(c).strip() for c in rows[0] if c is not None} if rows else set()
    if problem.column is None:
        assert problem.row == 1 or any(kind in problem.message for kind in BOOK_ROW), problem
    elif sheet == SETTINGS_SHEET:
        keys = {str(row[0]).strip() for row in rows[1:] if row and row[0] is not None}
        # An unknown setting is named by its key, as in scenario.toml (a typed cell's key as read back).
        unknown = problem.message.startswith("unknown setting")
        assert unknown or problem.column in header | keys | {"key", "value", "cycle_start"}, problem
    elif sheet in SHEET_BY_NAME:
        required, optional = FILES[SHEET_BY_NAME[sheet].file]
        assert problem.column in header | set(required) | set(optional), problem


def load_mutated_workbook(
    cell_edits: list[Mutation], edits: list[BookEdit], typed: bool, base: Files, path: Path
) -> ScenarioError | None:
    grid = grid_of(mutate(base, cell_edits), typed)
    write_workbook(workbook_bytes(grid, edits), path)
    try:
        load_scenario(path)
    except ScenarioError as error:
        assert error.problems, "a ScenarioError without a problem"
        spoilt = any(edit.kind == "spoil" for edit in edits)
        for problem in error.problems:
            assert_names_its_sheet(problem, grid, spoilt)
        return error
    return None


FAST_BOOK = settings(FAST, max_examples=100)
"""Fewer than the CSV files': each example writes and reads a whole workbook (~0.3 s)."""


@FAST_BOOK
@given(cell_edits=cell_edit_lists, edits=book_edit_lists, typed=st.booleans())
@example(cell_edits=[], edits=[], typed=True)  # the trimmed default itself loads
@example(cell_edits=[], edits=[BookEdit("spoil", row=900, spoil="truncate")], typed=False)
@example(
    cell_edits=[],
    edits=[BookEdit("typed_cell", sheet=1, row=3, column=7, value=datetime(2020, 1, 1, 9))],
    typed=True,
)
def test_a_mutated_workbook_loads_or_names_every_problem(
    cell_edits: list[Mutation], edits: list[BookEdit], typed: bool
) -> None:
    with tempfile.TemporaryDirectory() as top:
        load_mutated_workbook(cell_edits, edits, typed, BASE, Path(top) / BOOK)


@FAST_CLI
@given(cell_edits=cell_edit_lists, edits=book_edit_lists, typed=st.booleans())
def test_plan_annual_on_a_mutated_workbook_exits_0_or_2(
    cell_edits: list[Mutation], edits: list[BookEdit], typed: bool
) -> None:
    with tempfile.TemporaryDirectory() as top:
        book, out = Path(top) / BOOK, Path(top) / "plan"
        error = load_mutated_workbook(cell_edits, edits, typed, SMALL, book)
        args = ["--year", "2020", "--scenario", str(book), "--out", str(out), "--no-exports"]
        result = CliRunner().invoke(plan_annual, [*args, "--time-limit", "3", "--workers", "1", "--quiet"])
        assert result.exception is None or isinstance(result.exception, SystemExit), result.output
        assert "Traceback" not in result.output
        if error is not None:
            assert result.exit_code == 2, result.output
            assert not out.exists(), "bad input, yet something was written"
            for problem in error.problems:
                assert str(problem) in result.output
            return
        assert result.exit_code == 0, result.output
        assert check_plan(load_scenario(book), read_plan(out)) == []


@pytest.mark.slow
@MANY
@given(cell_edits=cell_edit_lists, edits=book_edit_lists, typed=st.booleans())
def test_many_mutated_workbooks_load_or_name_every_problem(
    cell_edits: list[Mutation], edits: list[BookEdit], typed: bool
) -> None:
    with tempfile.TemporaryDirectory() as top:
        load_mutated_workbook(cell_edits, edits, typed, BASE, Path(top) / BOOK)
