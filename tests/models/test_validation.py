"""Bad scenario input: every problem names file, row, column and value, all in one raise."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from conftest import BASE_ROWS

from models import Problem, ScenarioError, load_scenario

TOML = 'name = "tiny"\ncycle_start = 2018\n'
POLICY = TOML + "[policy]\n"
Edit = Callable[[Path], None]


def rows(file: str, *changes: dict[str, Any]) -> dict[str, list[dict[str, Any]]]:
    """``file`` with one row per change: the base row with those cells changed."""
    base = BASE_ROWS[file][0] if BASE_ROWS[file] else {}
    return {file: [{**base, **change} for change in changes]}


def history(**changes: Any) -> dict[str, Any]:
    row = {"cadre_id": "C1", "course_id": "K0", "start": "2019-05-06", "end": "2019-05-10", "hours": "40"}
    return {**row, **changes}


def summons(**changes: Any) -> dict[str, Any]:
    return {"cadre_id": "C1", "course_id": "K1", "organiser": "city_org", "reason": "", **changes}


def delete(name: str) -> Edit:
    return lambda folder: (folder / name).unlink()


def write(name: str, text: str, encoding: str = "utf-8") -> Edit:
    return lambda folder: (folder / name).write_bytes(text.encode(encoding))


def write_bytes(name: str, raw: bytes) -> Edit:
    return lambda folder: (folder / name).write_bytes(raw)


CADRES_HEADER = "cadre_id,name,unit_id,rank,category\n"
TWO_CADRES = CADRES_HEADER + "C1,张三,U1,staff,civil_servant\nC2,李四,U1,staff,civil_servant\n"


def sibling_base(toml: str) -> Edit:
    """A second scenario next to the tested one, with ``toml`` as its scenario.toml."""

    def edit(folder: Path) -> None:
        other = folder.parent / "other"
        other.mkdir(exist_ok=True)
        (other / "scenario.toml").write_text(toml, encoding="utf-8")

    return edit


SEGMENTS = [
    {"session_id": "S1"},
    {"session_id": "S2", "start": "2020-04-06", "end": "2020-04-10", "segment_of": "S1"},
]


def case(
    expected: tuple[str, int | None, str | None, str | None, str],
    tables: dict[str, list[dict[str, Any]]] | None = None,
    toml: str | None = None,
    edit: Edit | None = None,
) -> Any:
    name = f"{expected[0]}:{expected[2]}:{expected[4]}"
    return pytest.param(tables, toml, edit, expected, id=name)


CASES = [
    # a required file is not in the folder (nor in any base)
    case(("cadres.csv", None, None, None, "file is missing"), edit=delete("cadres.csv")),
    # the header lacks a required column
    case(
        ("cadres.csv", 1, "rank", None, "required column is missing"),
        edit=write("cadres.csv", "cadre_id,name,unit_id,category\nC1,张三,U1,civil_servant\n"),
    ),
    # the header names one column twice
    case(
        ("units.csv", 1, "name", None, "column appears twice"),
        edit=write("units.csv", "unit_id,name,parent_id,name\nU1,测试局,,x\n"),
    ),
    # a data row with more cells than the header
    case(
        ("units.csv", 2, None, "surplus", "row has 4 cells but the header has 3 columns"),
        edit=write("units.csv", "unit_id,name,parent_id\nU1,测试局,,surplus\n"),
    ),
    # a file saved as UTF-16, which is neither UTF-8 nor GBK
    case(
        ("institutions.csv", None, None, None, "save it as UTF-8 (or GBK)"),
        edit=write(
            "institutions.csv", "institution_id,name,kind,cost_per_day\nI1,党校,party_school,100\n", "utf-16"
        ),
    ),
    # a UTF-8 file cut short in the middle of a Chinese character: not read as GB18030 mojibake
    case(
        ("cadres.csv", 3, "name", None, "ends in the middle of a character"),
        edit=write_bytes("cadres.csv", TWO_CADRES.encode()[: TWO_CADRES.encode().index("四".encode()) + 1]),
    ),
    # one cell pasted from a GBK file into a UTF-8 file: the other names must not be garbled
    case(
        ("cadres.csv", 3, "name", None, "bytes that are not UTF-8 in a UTF-8 file"),
        edit=write_bytes("cadres.csv", TWO_CADRES.encode().replace("李四".encode(), "李四".encode("gbk"))),
    ),
    # a file with Excel's BOM is UTF-8: a bad byte after it is reported, not read as GB18030
    case(
        ("cadres.csv", 2, "name", None, "not UTF-8"),
        edit=write_bytes("cadres.csv", b"\xef\xbb\xbf" + TWO_CADRES.encode("gbk")),
    ),
    # a stray quote mark opening a cell that never closes would swallow the rows after it
    case(
        ("cadres.csv", 2, "name", None, "never closes"),
        edit=write("cadres.csv", TWO_CADRES.replace(",张三,", ',"张三,')),
    ),
    # a stray quote mark in the last column (free text): the next summons must not vanish into it
    case(
        ("summons.csv", 2, "reason", None, "never closes"),
        edit=write("summons.csv", 'cadre_id,course_id,organiser,reason\nC1,K1,o,"点名\nC1,K2,o,x\n'),
    ),
    # a cell that goes on after its closing quote mark
    case(
        ("cadres.csv", 3, "name", None, "goes on after its closing quote"),
        edit=write("cadres.csv", TWO_CADRES.replace(",李四,", ',"李"四,')),
    ),
    # binary data where a CSV file should be
    case(
        ("units.csv", None, None, None, "binary data"),
        edit=write_bytes("units.csv", b"PK\x03\x04\x14\x00\x06\x00\x08\x00\x00\x00!\x00"),
    ),
    # bytes that are neither UTF-8 nor GB18030 (and no NUL)
    case(
        ("units.csv", None, None, None, "cannot read the text"),
        edit=write_bytes("units.csv", b"\xff\xff\x80\x80"),
    ),
    # an empty file
    case(("cadres.csv", 1, None, None, "no header row"), edit=write_bytes("cadres.csv", b"")),
    # units.csv with a header and no rows: nobody to plan for
    case(("units.csv", None, None, None, "no units"), {"units.csv": [], "cadres.csv": []}),
    # a daily cost with the decimal point lost
    case(
        ("institutions.csv", 2, "cost_per_day", "100000000", "at most 100000"),
        rows("institutions.csv", {"cost_per_day": "100000000"}),
    ),
    # a cost per head beyond any training
    case(
        ("sessions.csv", 2, "cost_per_head", "1000000000000", "at most 10000000"),
        rows("sessions.csv", {"cost_per_head": "1000000000000"}),
    ),
    # beds beyond any institution
    case(
        ("institutions.csv", 2, "beds", "9" * 13, "at most 100000"),
        rows("institutions.csv", {"beds": "9" * 13}),
    ),
    # a number too large for a float
    case(
        ("sessions.csv", 2, "seats", "9" * 400, "finite number"), rows("sessions.csv", {"seats": "9" * 400})
    ),
    # a date in the wrong format (slashes, as some spreadsheets write)
    case(
        ("sessions.csv", 2, "start", "2020/03/02", "YYYY-MM-DD"),
        rows("sessions.csv", {"start": "2020/03/02"}),
    ),
    # a date that is not in the calendar
    case(
        ("sessions.csv", 2, "end", "2020-02-30", "no such day"), rows("sessions.csv", {"end": "2020-02-30"})
    ),
    # an impossible date in the ledger
    case(
        ("history.csv", 2, "start", "2019-02-29", "no such day"),
        {"history.csv": [history(start="2019-02-29")]},
    ),
    # a bad promotion date
    case(
        ("cadres.csv", 2, "promoted_on", "2019-13-01", "no such day"),
        rows("cadres.csv", {"promoted_on": "2019-13-01"}),
    ),
    # a session that ends before it starts
    case(
        ("sessions.csv", 2, "end", "2020-03-01", "ends before it starts on 2020-03-02"),
        rows("sessions.csv", {"end": "2020-03-01"}),
    ),
    # a ledger row that ends before it starts
    case(
        ("history.csv", 2, "end", "2019-05-01", "ends before it starts on 2019-05-06"),
        {"history.csv": [history(end="2019-05-01")]},
    ),
    # a session far from the cycle: 1990 typed for 2020 (cycle 2018)
    case(
        ("sessions.csv", 2, "start", "1990-03-02", "not a plausible year"),
        rows("sessions.csv", {"start": "1990-03-02", "end": "1990-03-13"}),
    ),
    # a session longer than a year
    case(
        ("sessions.csv", 2, "end", "2021-06-30", "at most a year"),
        rows("sessions.csv", {"end": "2021-06-30"}),
    ),
    # a cadre of a unit that does not exist
    case(("cadres.csv", 2, "unit_id", "U9", "unknown unit"), rows("cadres.csv", {"unit_id": "U9"})),
    # a ledger row of a cadre that does not exist
    case(("history.csv", 2, "cadre_id", "C9", "unknown cadre"), {"history.csv": [history(cadre_id="C9")]}),
    # a session of a course that does not exist
    case(("sessions.csv", 2, "course_id", "K9", "unknown course"), rows("sessions.csv", {"course_id": "K9"})),
    # a session at an institution that does not exist
    case(
        ("sessions.csv", 2, "institution_id", "I9", "unknown institution"),
        rows("sessions.csv", {"institution_id": "I9"}),
    ),
    # a session open to a unit that does not exist (extension column)
    case(
        ("sessions.csv", 2, "audience_units", "U9", "unknown unit"),
        rows("sessions.csv", {"audience_units": "U1;U9"}),
    ),
    # the same unit id on two rows
    case(("units.csv", 3, "unit_id", "U1", "duplicate id"), rows("units.csv", {}, {"name": "另一局"})),
    # the same cadre id on two rows
    case(("cadres.csv", 3, "cadre_id", "C1", "also on row(s) 2"), rows("cadres.csv", {}, {"name": "李四"})),
    # the same institution id on two rows
    case(("institutions.csv", 3, "institution_id", "I1", "duplicate id"), rows("institutions.csv", {}, {})),
    # the same course id on two rows
    case(("courses.csv", 3, "course_id", "K1", "duplicate id"), rows("courses.csv", {}, {"title": "又一班"})),
    # the same session id on two rows
    case(("sessions.csv", 3, "session_id", "S1", "duplicate id"), rows("sessions.csv", {}, {})),
    # a rank outside bureau|division|section|staff
    case(("cadres.csv", 2, "rank", "chief", "unknown rank"), rows("cadres.csv", {"rank": "chief"})),
    # a category outside the contract's list
    case(
        ("cadres.csv", 2, "category", "military", "unknown category"),
        rows("cadres.csv", {"category": "military"}),
    ),
    # an institution kind outside the contract's list
    case(
        ("institutions.csv", 2, "kind", "school", "unknown institution kind"),
        rows("institutions.csv", {"kind": "school"}),
    ),
    # a course theme outside the contract's list
    case(("courses.csv", 2, "theme", "history", "unknown theme"), rows("courses.csv", {"theme": "history"})),
    # one bad rank in a session's audience list: the message names it
    case(
        ("sessions.csv", 2, "audience_ranks", "division;chief", "unknown rank 'chief'"),
        rows("sessions.csv", {"audience_ranks": "division;chief"}),
    ),
    # negative seats
    case(("sessions.csv", 2, "seats", "-1", "cannot be negative"), rows("sessions.csv", {"seats": "-1"})),
    # seats that are not a whole number
    case(("sessions.csv", 2, "seats", "10.5", "whole number"), rows("sessions.csv", {"seats": "10.5"})),
    # seats written as words
    case(("sessions.csv", 2, "seats", "ten", "expected a number"), rows("sessions.csv", {"seats": "ten"})),
    # negative session hours
    case(("sessions.csv", 2, "hours", "-8", "cannot be negative"), rows("sessions.csv", {"hours": "-8"})),
    # negative ledger hours
    case(("history.csv", 2, "hours", "-40", "cannot be negative"), {"history.csv": [history(hours="-40")]}),
    # a negative daily cost
    case(
        ("institutions.csv", 2, "cost_per_day", "-100", "cannot be negative"),
        rows("institutions.csv", {"cost_per_day": "-100"}),
    ),
    # a negative cost per head
    case(
        ("sessions.csv", 2, "cost_per_head", "-5", "cannot be negative"),
        rows("sessions.csv", {"cost_per_head": "-5"}),
    ),
    # a negative unit budget
    case(("units.csv", 2, "budget", "-1", "cannot be negative"), rows("units.csv", {"budget": "-1"})),
    # a minimum enrolment above the seats
    case(
        ("sessions.csv", 2, "min_enrolment", "12", "more than the 10 seats"),
        rows("sessions.csv", {"min_enrolment": "12"}),
    ),
    # a share above 1 (a percentage typed as 70)
    case(
        ("courses.csv", 2, "theory_share", "70", "share from 0 to 1"),
        rows("courses.csv", {"theory_share": "70"}),
    ),
    # theory and party-spirit shares that add up to more than the whole course
    case(
        ("courses.csv", 2, "party_spirit_share", "0.5", "add up to more than 1"),
        rows("courses.csv", {"theory_share": "0.6", "party_spirit_share": "0.5"}),
    ),
    # a unit release share above 1
    case(
        ("units.csv", 2, "max_away_share", "1.5", "share from 0 to 1"),
        rows("units.csv", {"max_away_share": "1.5"}),
    ),
    # two units that are each other's parent
    case(
        ("units.csv", 2, "parent_id", "U2", "cycle: U1 -> U2 -> U1"),
        rows("units.csv", {"parent_id": "U2"}, {"unit_id": "U2", "parent_id": "U1"}),
    ),
    # a unit that is its own parent
    case(("units.csv", 2, "parent_id", "U1", "its own parent"), rows("units.csv", {"parent_id": "U1"})),
    # a parent unit that does not exist
    case(("units.csv", 2, "parent_id", "U0", "unknown parent"), rows("units.csv", {"parent_id": "U0"})),
    # a segment of a session that does not exist
    case(
        ("sessions.csv", 3, "segment_of", "S7", "unknown session"),
        rows("sessions.csv", SEGMENTS[0], {**SEGMENTS[1], "segment_of": "S7"}),
    ),
    # a segment that names another segment instead of the first
    case(
        ("sessions.csv", 4, "segment_of", "S2", "must name the first segment (S1)"),
        rows(
            "sessions.csv",
            *SEGMENTS,
            {"session_id": "S3", "start": "2020-05-04", "end": "2020-05-08", "segment_of": "S2"},
        ),
    ),
    # a segment of another course
    case(
        ("sessions.csv", 3, "segment_of", "S1", "segments must share the course"),
        {
            **rows("sessions.csv", SEGMENTS[0], {**SEGMENTS[1], "course_id": "K2"}),
            **rows("courses.csv", {}, {"course_id": "K2"}),
        },
    ),
    # a segment that starts before the first segment ends
    case(
        ("sessions.csv", 3, "start", "2020-03-10", "start after the first segment ends"),
        rows("sessions.csv", SEGMENTS[0], {**SEGMENTS[1], "start": "2020-03-10"}),
    ),
    # a session that is a segment of itself
    case(
        ("sessions.csv", 2, "segment_of", "S1", "segment of itself"),
        rows("sessions.csv", {"segment_of": "S1"}),
    ),
    # a named summons for a course that does not exist
    case(("summons.csv", 2, "course_id", "K9", "unknown course"), {"summons.csv": [summons(course_id="K9")]}),
    # a named summons for a cadre that does not exist
    case(("summons.csv", 2, "cadre_id", "C9", "unknown cadre"), {"summons.csv": [summons(cadre_id="C9")]}),
    # the same named summons twice
    case(("summons.csv", 3, "course_id", "K1", "also on row(s) 2"), {"summons.csv": [summons(), summons()]}),
    # a boolean that is neither true nor false
    case(
        ("cadres.csv", 2, "top_leader", "maybe", "true or false"), rows("cadres.csv", {"top_leader": "maybe"})
    ),
    # an unavailable range without the '..'
    case(
        ("cadres.csv", 2, "unavailable", "2020-01-01-2020-02-01", "YYYY-MM-DD..YYYY-MM-DD"),
        rows("cadres.csv", {"unavailable": "2020-01-01-2020-02-01"}),
    ),
    # an unavailable range that ends before it starts
    case(
        ("cadres.csv", 2, "unavailable", "2020-03-01..2020-02-01", "ends before it starts"),
        rows("cadres.csv", {"unavailable": "2020-03-01..2020-02-01"}),
    ),
    # an id with a space in it
    case(("cadres.csv", 2, "cadre_id", "C 1", "without spaces"), rows("cadres.csv", {"cadre_id": "C 1"})),
    # a required cell left empty
    case(("courses.csv", 2, "title", "", "a value is required"), rows("courses.csv", {"title": ""})),
    # scenario.toml that is not TOML
    case(("scenario.toml", 2, None, None, "not valid TOML"), toml='name = "tiny"\ncycle_start = \n'),
    # scenario.toml without cycle_start
    case(
        ("scenario.toml", None, "cycle_start", None, "first year of the training cycle"),
        toml='name = "tiny"\n',
    ),
    # cycle_start that is not a year
    case(
        ("scenario.toml", 2, "cycle_start", "2018", "such as 2018"),
        toml='name = "tiny"\ncycle_start = "2018"\n',
    ),
    # an unknown top-level setting
    case(("scenario.toml", 3, "cycle", "5", "unknown setting"), toml=TOML + "cycle = 5\n"),
    # an unknown policy setting (a typo)
    case(
        ("scenario.toml", 4, "policy.team_shar", "0.3", "unknown policy setting"),
        toml=POLICY + "team_shar = 0.3\n",
    ),
    # a negative policy number
    case(
        ("scenario.toml", 4, "policy.annual_hours", "-90", "cannot be negative"),
        toml=POLICY + "annual_hours = -90\n",
    ),
    # a policy number written as text
    case(
        ("scenario.toml", 4, "policy.annual_hours", "ninety", "expected a number"),
        toml=POLICY + 'annual_hours = "ninety"\n',
    ),
    # a policy share above 1
    case(
        ("scenario.toml", 4, "policy.team_share", "20", "share from 0 to 1"),
        toml=POLICY + "team_share = 20\n",
    ),
    # a policy count that must be whole
    case(
        ("scenario.toml", 4, "policy.cycle_years", "4.5", "whole number"), toml=POLICY + "cycle_years = 4.5\n"
    ),
    # an infinite policy number (TOML allows inf)
    case(
        ("scenario.toml", 4, "policy.annual_hours", "inf", "expected a number"),
        toml=POLICY + "annual_hours = inf\n",
    ),
    # zero hours in a training day
    case(
        ("scenario.toml", 4, "policy.hours_per_day", "0", "at least 1"), toml=POLICY + "hours_per_day = 0\n"
    ),
    # a negative budget
    case(
        ("scenario.toml", 4, "budget.total", "-1", "non-negative amount"),
        toml=TOML + "[budget]\ntotal = -1\n",
    ),
    # a budget total beyond any budget (TOML reads 1e300 as a number)
    case(("scenario.toml", 4, "budget.total", "1e+300", "at most"), toml=TOML + "[budget]\ntotal = 1e300\n"),
    # a cycle of a hundred billion billion years
    case(
        ("scenario.toml", 4, "policy.cycle_years", str(10**20), "at most 20"),
        toml=POLICY + f"cycle_years = {10**20}\n",
    ),
    # a cost weight far beyond any tie-break
    case(
        ("scenario.toml", 4, "weights.cost", str(10**15), "at most"),
        toml=TOML + f"[weights]\ncost = {10**15}\n",
    ),
    # scenario.toml cut short in the middle of a character
    case(
        ("scenario.toml", 1, None, None, "ends in the middle of a character"),
        edit=write_bytes("scenario.toml", 'name = "江州'.encode()[:-1]),
    ),
    # a base folder that does not exist
    case(("scenario.toml", 3, "base", "../nowhere", "does not exist"), toml=TOML + 'base = "../nowhere"\n'),
    # a base that is not a folder path
    case(("scenario.toml", 3, "base", "5", "in quotes"), toml=TOML + "base = 5\n"),
    # a scenario that is its own base
    case(("scenario.toml", 3, "base", ".", "in a cycle"), toml=TOML + 'base = "."\n'),
    # two scenarios that are each other's base: reported where the loop closes
    case(
        ("../other/scenario.toml", 1, "base", "../scenario0", "in a cycle"),
        toml=TOML + 'base = "../other"\n',
        edit=sibling_base('base = "../scenario0"\n'),
    ),
    # a base scenario whose scenario.toml is broken: named by its path
    case(
        ("../other/scenario.toml", 1, None, None, "not valid TOML"),
        toml=TOML + 'base = "../other"\n',
        edit=sibling_base("cycle_start 2018\n"),
    ),
]


@pytest.mark.parametrize(("tables", "toml", "edit", "expected"), CASES)
def test_bad_input_names_file_row_column_and_value(
    make_scenario: Callable[..., Path],
    tables: dict[str, list[dict[str, Any]]] | None,
    toml: str | None,
    edit: Edit | None,
    expected: tuple[str, int | None, str | None, str | None, str],
) -> None:
    folder = make_scenario(tables=tables, toml=toml)
    if edit is not None:
        edit(folder)
    with pytest.raises(ScenarioError) as caught:
        load_scenario(folder)
    file, row, column, value, fragment = expected
    found = [
        p for p in caught.value.problems if (p.file, p.row, p.column, p.value) == (file, row, column, value)
    ]
    assert found, f"expected {expected}, got:\n{caught.value}"
    assert fragment in found[0].message


def test_the_tiny_scenario_itself_is_valid(make_scenario: Callable[..., Path]) -> None:
    scenario = load_scenario(make_scenario())
    assert [c.cadre_id for c in scenario.cadres] == ["C1"]


def test_problems_in_several_files_are_all_reported_in_one_raise(make_scenario: Callable[..., Path]) -> None:
    folder = make_scenario(
        tables={
            **rows("cadres.csv", {"rank": "chief"}),
            **rows("sessions.csv", {"course_id": "K9"}),
            "history.csv": [history(cadre_id="C9"), history(end="2019-02-30")],
        },
        toml=TOML + "[policy]\nannual_hours = -90\n",
    )
    with pytest.raises(ScenarioError) as caught:
        load_scenario(folder)
    where = {(p.file, p.row, p.column) for p in caught.value.problems}
    assert where == {
        ("scenario.toml", 4, "policy.annual_hours"),
        ("cadres.csv", 2, "rank"),
        ("sessions.csv", 2, "course_id"),
        ("history.csv", 2, "cadre_id"),
        ("history.csv", 3, "end"),
    }


def test_a_rejected_row_does_not_cascade_into_unknown_id_problems(make_scenario: Callable[..., Path]) -> None:
    folder = make_scenario(
        tables={
            **rows("cadres.csv", {"rank": "chief"}),
            **rows("courses.csv", {"theme": "history"}),
            "history.csv": [history()],
            "summons.csv": [summons()],
        }
    )
    with pytest.raises(ScenarioError) as caught:
        load_scenario(folder)
    assert [(p.file, p.column) for p in caught.value.problems] == [
        ("cadres.csv", "rank"),
        ("courses.csv", "theme"),
    ]


def test_a_missing_file_does_not_cascade(make_scenario: Callable[..., Path]) -> None:
    folder = make_scenario()
    (folder / "units.csv").unlink()
    with pytest.raises(ScenarioError) as caught:
        load_scenario(folder)
    assert caught.value.problems == [Problem("units.csv", None, None, None, "file is missing")]


def test_the_error_text_names_file_row_column_and_value(make_scenario: Callable[..., Path]) -> None:
    folder = make_scenario(tables=rows("cadres.csv", {"rank": "chief"}))
    with pytest.raises(ScenarioError) as caught:
        load_scenario(folder)
    assert str(caught.value) == (
        "1 problem(s) in the scenario:\n"
        "  cadres.csv, row 2, column 'rank', value 'chief': "
        "unknown rank 'chief'; expected one of bureau|division|section|staff"
    )


def test_a_scenario_folder_that_does_not_exist(tmp_path: Path) -> None:
    with pytest.raises(ScenarioError) as caught:
        load_scenario(tmp_path / "nowhere")
    [problem] = caught.value.problems
    assert (problem.file, problem.row, problem.column, problem.value) == (
        "scenario.toml",
        None,
        None,
        str(tmp_path / "nowhere"),
    )
    assert problem.message == "scenario folder does not exist"


def test_a_folder_without_scenario_toml(make_scenario: Callable[..., Path]) -> None:
    folder = make_scenario()
    (folder / "scenario.toml").unlink()
    with pytest.raises(ScenarioError) as caught:
        load_scenario(folder)
    assert [(p.file, p.row, p.column, p.value) for p in caught.value.problems] == [
        ("scenario.toml", None, None, None)
    ]


def test_summons_file_is_optional(make_scenario: Callable[..., Path]) -> None:
    folder = make_scenario()
    (folder / "summons.csv").unlink()
    assert load_scenario(folder).summons == ()


def test_blank_lines_and_extra_columns_are_kept_out_of_the_way(make_scenario: Callable[..., Path]) -> None:
    folder = make_scenario(tables=rows("cadres.csv", {"note": "备注"}))
    path = folder / "cadres.csv"
    path.write_text(path.read_text(encoding="utf-8") + ",,,\n\n", encoding="utf-8")
    cadre = load_scenario(folder).cadres[0]
    assert cadre.extra == (("note", "备注"),)


def test_blank_header_cells_from_trailing_commas_are_ignored(make_scenario: Callable[..., Path]) -> None:
    folder = make_scenario()
    (folder / "units.csv").write_text("unit_id,name,parent_id,,\nU1,测试局,,,\n", encoding="utf-8")
    unit = load_scenario(folder).units[0]
    assert (unit.unit_id, unit.extra) == ("U1", ())


def test_a_csv_with_a_byte_order_mark_loads(make_scenario: Callable[..., Path]) -> None:
    folder = make_scenario()
    text = "cadre_id,name,unit_id,rank,category\nC1,张三,U1,staff,civil_servant\n"
    (folder / "cadres.csv").write_bytes(text.encode("utf-8-sig"))
    cadre = load_scenario(folder).cadres[0]
    assert (cadre.cadre_id, cadre.name) == ("C1", "张三")


def test_a_csv_saved_as_gbk_loads(make_scenario: Callable[..., Path]) -> None:
    folder = make_scenario()
    (folder / "units.csv").write_bytes("unit_id,name,parent_id\nU1,江州市委组织部,\n".encode("gbk"))
    (folder / "cadres.csv").write_bytes(
        "cadre_id,name,unit_id,rank,category\nC1,欧阳明辉,U1,staff,civil_servant\n".encode("gbk")
    )
    scenario = load_scenario(folder)
    assert scenario.units[0].name == "江州市委组织部"
    assert scenario.cadres[0].name == "欧阳明辉"


def test_gbk_and_gb18030_files_read_like_utf8(make_scenario: Callable[..., Path]) -> None:
    """Excel on a Chinese Windows saves CSV as GBK; Notepad saves scenario.toml as GBK too."""
    folder = make_scenario(toml='name = "江州市2020"\ncycle_start = 2018\n')
    expected = load_scenario(folder)
    for name, encoding in [("cadres.csv", "gb18030"), ("courses.csv", "gbk"), ("scenario.toml", "gbk")]:
        path = folder / name
        path.write_bytes(path.read_text(encoding="utf-8").encode(encoding))
    scenario = load_scenario(folder)
    assert (scenario.name, scenario.cadres, scenario.courses) == (
        "江州市2020",
        expected.cadres,
        expected.courses,
    )
    assert (scenario.cadres[0].name, scenario.courses[0].title) == ("张三", "理论班")


def test_a_rare_character_only_gb18030_has(make_scenario: Callable[..., Path]) -> None:
    """The name 𠀾 is outside GBK; GB18030 (four-byte form) has it."""
    folder = make_scenario(tables=rows("cadres.csv", {"name": "王𠀾"}))
    path = folder / "cadres.csv"
    path.write_bytes(path.read_text(encoding="utf-8").encode("gb18030"))
    assert load_scenario(folder).cadres[0].name == "王𠀾"


def test_a_double_byte_order_mark_is_ignored(make_scenario: Callable[..., Path]) -> None:
    folder = make_scenario()
    path = folder / "cadres.csv"
    path.write_bytes(b"\xef\xbb\xbf\xef\xbb\xbf" + path.read_bytes())
    assert load_scenario(folder).cadres[0].cadre_id == "C1"


def test_quoted_cells_with_commas_and_line_breaks_still_load(make_scenario: Callable[..., Path]) -> None:
    """Strict quoting rejects stray quote marks only; what a spreadsheet writes still reads."""
    folder = make_scenario()
    reason = '点名调训,见"组发〔2019〕3号"\n第二行'
    (folder / "summons.csv").write_text(
        'cadre_id,course_id,organiser,reason\r\nC1,K1,city_org,"点名调训,见""组发〔2019〕3号""\n第二行"\r\n',
        encoding="utf-8",
    )
    assert [s.reason for s in load_scenario(folder).summons] == [reason]
