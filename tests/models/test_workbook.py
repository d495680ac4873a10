"""The scenario as one workbook: the same records as the folder, the same problems, named by sheet."""

from __future__ import annotations

import shutil
import subprocess
import sys
import time
from datetime import date, datetime
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from models import Scenario, ScenarioError, load_scenario
from models.layout import SETTINGS_SHEET, SHEETS, Kind
from models.loader import FILES
from models.scenario_writer import write_scenario
from models.workbook import cell_text, setting_value
from models.workbook_writer import GUIDE_SHEET, write_template
from scenarios import default_scenario

RECORDS = ("units", "cadres", "institutions", "courses", "sessions", "summons", "history", "pinned")
SETTINGS = ("name", "cycle_start", "policy", "budget_total", "weights", "plan_year")


def assert_same_records(left: Scenario, right: Scenario) -> None:
    for name in RECORDS + SETTINGS:
        assert getattr(left, name) == getattr(right, name), name


@pytest.fixture(scope="module")
def default() -> Scenario:
    return load_scenario(default_scenario())


@pytest.fixture(scope="module")
def small(default: Scenario, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The default scenario's first 200 cadres with their ledger and summons, as a folder."""
    cadres = default.cadres[:200]
    kept = {c.cadre_id for c in cadres}
    trimmed = default.replace(
        cadres=cadres,
        history=tuple(h for h in default.history if h.cadre_id in kept),
        summons=tuple(s for s in default.summons if s.cadre_id in kept),
    )
    return write_scenario(trimmed, tmp_path_factory.mktemp("small") / "small")


@pytest.fixture(scope="module")
def default_workbook(small: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The small scenario as a workbook (the bad-cell tests edit a copy of it)."""
    return write_scenario(load_scenario(small), tmp_path_factory.mktemp("book") / "default.xlsx")


def test_the_default_round_trips_through_a_workbook_and_back(default: Scenario, tmp_path: Path) -> None:
    from_book = load_scenario(write_scenario(default, tmp_path / "default.xlsx"))
    assert_same_records(default, from_book)
    folder = write_scenario(from_book, tmp_path / "again")
    assert_same_records(default, load_scenario(folder))
    # The tables come back as the planner wrote them: blanks stay blank (hours, cost from the dates).
    for name in ("units.csv", "cadres.csv", "institutions.csv", "courses.csv", "history.csv", "summons.csv"):
        assert (folder / name).read_bytes() == (default_scenario() / name).read_bytes(), name


def test_the_layout_is_the_loaders_contract() -> None:
    assert [s.file for s in SHEETS] == list(FILES)
    for sheet in SHEETS:
        assert (sheet.required, sorted(sheet.optional)) == (
            FILES[sheet.file][0],
            sorted(FILES[sheet.file][1]),
        )


def _book(path: Path) -> openpyxl.Workbook:
    return openpyxl.load_workbook(path)


def test_the_template_has_every_sheet_headers_drop_downs_and_date_formats(tmp_path: Path) -> None:
    path = write_template(tmp_path / "template.xlsx")
    book = _book(path)
    assert book.sheetnames == [GUIDE_SHEET, SETTINGS_SHEET, *(s.name for s in SHEETS)]
    for sheet in SHEETS:
        ws = book[sheet.name]
        assert [c.value for c in ws[1]] == [c.name for c in sheet.columns]
        assert all(c.value and not c.value.isascii() for c in ws[2]), sheet.name  # the Chinese headings
        assert ws.freeze_panes == "A3"
        rules = {str(dv.sqref).split(":")[0][:-1]: dv for dv in ws.data_validations.dataValidation}
        for index, column in enumerate(sheet.columns, start=1):
            letter = openpyxl.utils.get_column_letter(index)
            if column.kind in (Kind.ENUM, Kind.BOOL):
                rule = rules[letter]
                assert rule.type == "list" and rule.showErrorMessage, (sheet.name, column.name)
                words = rule.formula1.strip('"').split(",")
                assert words == (list(column.allowed) if column.kind is Kind.ENUM else ["true", "false"])
            if column.kind is Kind.DATE:
                assert rules[letter].type == "date"
                assert ws.column_dimensions[letter].number_format == "yyyy-mm-dd"
    guide = [row for row in book[GUIDE_SHEET].iter_rows(values_only=True)]
    named = {(row[1], row[2]) for row in guide if row[1]}
    assert ("rank", "职级") in named and ("promoted_on", "提任日期") in named
    keys = [row[0] for row in book[SETTINGS_SHEET].iter_rows(min_row=3, values_only=True)]
    assert keys[:2] == ["name", "cycle_start"] and "policy.team_share" in keys and "budget.total" in keys


def test_an_empty_template_names_what_is_missing(tmp_path: Path) -> None:
    path = write_template(tmp_path / "template.xlsx")
    with pytest.raises(ScenarioError) as caught:
        load_scenario(path)
    found = {(p.file, p.column) for p in caught.value.problems}
    assert found == {("template.xlsx[scenario]", "cycle_start"), ("template.xlsx[units]", None)}


def _fill(path: Path, rows: dict[str, list[list[Any]]], settings: dict[str, Any]) -> Path:
    """Type rows into a template under its two header rows, and settings into its scenario sheet."""
    book = _book(path)
    for name, values in rows.items():
        for row in values:
            book[name].append(row)
    for row in book[SETTINGS_SHEET].iter_rows(min_row=3):
        if row[0].value in settings:
            row[1].value = settings[row[0].value]
    book.save(path)
    return path


def test_a_filled_template_with_typed_cells_reads_as_the_csv_folder(make_scenario, tmp_path: Path) -> None:
    """Numbers, dates and booleans as a spreadsheet types them read as the CSV text does."""
    folder = make_scenario(
        tables={
            "cadres.csv": [
                {
                    "cadre_id": "C1",
                    "name": "张三",
                    "unit_id": "U1",
                    "rank": "division",
                    "category": "leadership",
                },
                {
                    "cadre_id": "1002",
                    "name": "李四",
                    "unit_id": "U1",
                    "rank": "staff",
                    "category": "civil_servant",
                    "top_leader": "true",
                    "promoted_on": "2019-05-01",
                },
            ],
            "history.csv": [
                {"cadre_id": "C1", "course_id": "K1", "start": "2019-03-04", "end": "2019-03-08"}
                | {"hours": "40", "systematic": "false", "online": "false"}
            ],
        },
        toml='name = "tiny"\ncycle_start = 2018\n[policy]\nteam_share = 0.25\nyoung_deadline = 2021-12-31\n',
    )
    path = write_template(tmp_path / "filled.xlsx")
    _fill(
        path,
        {
            "units": [["U1", "测试局", None]],
            "cadres": [
                ["C1", "张三", "U1", "division", "leadership"],
                [1002, "李四", "U1", "staff", "civil_servant", True, False, datetime(2019, 5, 1)],
            ],
            "institutions": [["I1", "市委党校", "party_school", "江州", None, 100]],
            "courses": [["K1", "理论班", "theory", "false"]],
            "sessions": [["S1", "K1", "I1", "city_org", date(2020, 3, 2), "2020-03-13", None, 10.0]],
            "history": [["C1", "K1", date(2019, 3, 4), date(2019, 3, 8), 40, False, "false"]],
        },
        {
            "name": "tiny",
            "cycle_start": 2018,
            "policy.team_share": "0.25",
            "policy.young_deadline": date(2021, 12, 31),
        },
    )
    expected = load_scenario(folder)
    got = load_scenario(path)
    for name in RECORDS:
        assert getattr(got, name) == getattr(expected, name), name
    assert got.policy.team_share == 0.25 and got.policy.young_deadline == date(2021, 12, 31)
    assert got.cycle_start == 2018 and got.name == "tiny"


@pytest.mark.parametrize(
    ("sheet", "row", "column", "value"),
    [
        ("cadres", 5, "rank", "boss"),  # a word outside the drop-down
        ("cadres", 9, "promoted_on", "tomorrow"),  # not a date
        ("sessions", 4, "seats", -3),  # a negative number
        ("sessions", 6, "end", "2019-01-01"),  # ends before it starts
        ("history", 12, "hours", "abc"),  # words for a number
        ("units", 7, "parent_id", "NOWHERE"),  # an unknown unit
        ("courses", 3, "systematic", "maybe"),  # not a boolean
    ],
)
def test_a_bad_cell_is_named_by_workbook_sheet_row_and_column_as_in_the_csv_file(
    default_workbook: Path, small: Path, tmp_path: Path, sheet: str, row: int, column: str, value: object
) -> None:
    """The same bad cell in the workbook and in the folder gives the same problem, named by sheet."""
    book = _book(default_workbook)
    ws = book[sheet]
    index = [c.value for c in ws[1]].index(column) + 1
    ws.cell(row=row, column=index, value=value)
    book.save(tmp_path / "bad.xlsx")
    csv_row = row - 1  # the workbook's second header row has no line in the CSV file
    folder = shutil.copytree(small, tmp_path / "bad")
    lines = (folder / f"{sheet}.csv").read_text(encoding="utf-8").splitlines()
    cells = lines[csv_row - 1].split(",")
    cells[lines[0].split(",").index(column)] = str(value)
    lines[csv_row - 1] = ",".join(cells)
    (folder / f"{sheet}.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(ScenarioError) as from_book:
        load_scenario(tmp_path / "bad.xlsx")
    with pytest.raises(ScenarioError) as from_folder:
        load_scenario(folder)
    (problem,) = from_book.value.problems
    (same,) = from_folder.value.problems
    assert (problem.file, problem.row, problem.column, problem.value) == (
        f"bad.xlsx[{sheet}]",
        row,
        column,
        str(value),
    )
    assert (same.file, same.row, same.message) == (f"{sheet}.csv", csv_row, problem.message)


def test_a_date_with_a_time_and_a_number_in_a_date_column_are_refused(
    default_workbook: Path, tmp_path: Path
) -> None:
    book = _book(default_workbook)
    book["history"]["C3"] = datetime(2014, 5, 6, 9, 30)
    book["history"]["D4"] = 43831  # a date's serial number, in a cell not formatted as a date
    book["history"]["D4"].number_format = "General"
    book.save(tmp_path / "bad.xlsx")
    with pytest.raises(ScenarioError) as caught:
        load_scenario(tmp_path / "bad.xlsx")
    found = {(p.row, p.column, p.value) for p in caught.value.problems}
    assert found == {(3, "start", "2014-05-06 09:30:00"), (4, "end", "43831")}


def test_the_heading_row_may_be_deleted_but_not_half_edited(default_workbook: Path, tmp_path: Path) -> None:
    book = _book(default_workbook)
    book["cadres"].delete_rows(2)
    book["units"]["A2"] = "单位"  # a heading row whose first heading was changed is data
    book.save(tmp_path / "edited.xlsx")
    with pytest.raises(ScenarioError) as caught:
        load_scenario(tmp_path / "edited.xlsx")
    assert {(p.file, p.row) for p in caught.value.problems} == {("edited.xlsx[units]", 2)}


@pytest.mark.parametrize(
    ("edit", "expected"),
    [
        ({"policy.team_share": "0.3"}, None),  # text that reads as a number
        ({"policy.overdue_as_summons": "false"}, None),
        ({"policy.team_share": ""}, None),  # empty: the default
        ({"policy.team_share": 1.5}, ("policy.team_share", "expected a share from 0 to 1 (such as 0.3)")),
        ({"policy.nonsense": 1}, ("policy.nonsense", "unknown policy setting")),
        ({"cycle_start": "soon"}, ("cycle_start", "expected the first year of the training cycle")),
        ({"plan_year": 1900}, ("plan_year", "expected the plan year")),
    ],
)
def test_the_settings_sheet_reads_as_scenario_toml(
    default_workbook: Path, tmp_path: Path, edit: dict[str, Any], expected: tuple[str, str] | None
) -> None:
    book = _book(default_workbook)
    ws = book[SETTINGS_SHEET]
    rows = {row[0].value: row for row in ws.iter_rows(min_row=3)}
    for key, value in edit.items():
        if key in rows:
            rows[key][1].value = value
        else:
            ws.append([key, value])
    book.save(tmp_path / "settings.xlsx")
    if expected is None:
        load_scenario(tmp_path / "settings.xlsx")
        return
    with pytest.raises(ScenarioError) as caught:
        load_scenario(tmp_path / "settings.xlsx")
    (problem,) = caught.value.problems
    key = next(iter(edit))
    assert problem.file == "settings.xlsx[scenario]" and problem.row == (
        rows[key][0].row if key in rows else ws.max_row
    )
    assert (problem.column, problem.message[: len(expected[1])]) == expected


def test_a_workbook_inherits_the_sheets_it_lacks_from_its_base(tmp_path: Path, small: Path) -> None:
    base = load_scenario(small)
    book = openpyxl.Workbook()
    ws = book.active
    ws.title = SETTINGS_SHEET
    for row in (
        ["key", "value"],
        ["name", "lean"],
        ["base", "../small/small"],  # a folder, relative to the workbook's folder
        ["budget.total", 5000],
    ):
        ws.append(row)
    (tmp_path / "lean").mkdir()
    book.save(tmp_path / "lean" / "lean.xlsx")
    (tmp_path / "small").symlink_to(small.parent)
    lean = load_scenario(tmp_path / "lean" / "lean.xlsx")
    assert lean.name == "lean" and lean.budget_total == 5000
    assert (lean.cadres, lean.history, lean.policy) == (base.cadres, base.history, base.policy)


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b"not a zip at all", "cannot read the workbook"),
        (b"", "cannot read the workbook"),
    ],
)
def test_a_file_that_is_not_a_workbook_is_one_problem(tmp_path: Path, content: bytes, expected: str) -> None:
    (tmp_path / "broken.xlsx").write_bytes(content)
    with pytest.raises(ScenarioError) as caught:
        load_scenario(tmp_path / "broken.xlsx")
    (problem,) = caught.value.problems
    assert problem.file == "broken.xlsx" and expected in problem.message


def test_a_missing_sheet_is_named(default_workbook: Path, tmp_path: Path) -> None:
    book = _book(default_workbook)
    del book["courses"]
    del book["summons"]  # optional, as summons.csv is
    book.save(tmp_path / "short.xlsx")
    with pytest.raises(ScenarioError) as caught:
        load_scenario(tmp_path / "short.xlsx")
    assert [(p.file, p.message) for p in caught.value.problems] == [
        ("short.xlsx[courses]", "the workbook has no sheet named 'courses'")
    ]


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (None, ""),
        ("  padded ", "padded"),
        (True, "true"),
        (12.0, "12"),
        (0.25, "0.25"),
        (1e20, "100000000000000000000"),
        (float("nan"), "nan"),
        (date(2020, 3, 2), "2020-03-02"),
        (datetime(2020, 3, 2), "2020-03-02"),
        (datetime(2020, 3, 2, 8, 0), "2020-03-02 08:00:00"),
    ],
)
def test_a_typed_cell_reads_as_the_text_of_a_csv_file(value: object, text: str) -> None:
    assert cell_text(value) == text


@pytest.mark.parametrize(
    ("value", "expected"),
    [(2018.0, 2018), ("0.3", 0.3), ("true", True), ("2021-12-31", date(2021, 12, 31)), ("abc", "abc")],
)
def test_a_setting_cell_reads_as_toml_would(value: object, expected: object) -> None:
    assert setting_value(value) == expected


def _timed_load(path: Path) -> tuple[Scenario, float]:
    started = time.perf_counter()
    scenario = load_scenario(path)
    return scenario, time.perf_counter() - started


def test_the_default_workbook_loads_in_a_few_seconds(default: Scenario, tmp_path: Path) -> None:
    scenario, seconds = _timed_load(write_scenario(default, tmp_path / "default.xlsx"))
    assert len(scenario.cadres) == 3000 and seconds <= 10  # 0.6 s when the machine is idle


@pytest.mark.slow
def test_a_100000_cadre_workbook_loads_within_30_seconds(tmp_path: Path) -> None:
    """Issue 17: a 100,000-cadre workbook loads and validates in at most 30 s (15.7 s measured)."""
    folder = tmp_path / "s100k"
    command = [sys.executable, "-m", "scenarios.generator", "--cadres", "100000", "--seed", "1"]
    subprocess.run([*command, "--out", str(folder)], check=True, capture_output=True)
    book = write_scenario(load_scenario(folder), tmp_path / "s100k.xlsx")
    scenario, seconds = _timed_load(book)
    print(f"100,000-cadre workbook ({book.stat().st_size:,} bytes) loaded in {seconds:.1f} s")
    assert len(scenario.cadres) == 100_000 and len(scenario.history) > 200_000
    assert seconds <= 30
