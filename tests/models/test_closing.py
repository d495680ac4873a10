"""Closing a year on hand-made scenarios: the ledger, the cycle, sessions that run on, bad attendance rows."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import openpyxl
import pytest
from helpers import cadre, course, history, session, unit

from models import ALL_RULES, Rule, ScenarioError, load_scenario, owed_obligations
from models.attendance import Attendance, Status, read_attendance
from models.closing import close_year, repeat_catalogue
from models.plan import build_plan

YEAR = 2020


def _scenario(
    make_scenario, toml: str = 'name = "小城 2020"\ncycle_start = 2018\n', sessions=None, rows=None
):  # type: ignore[no-untyped-def]
    folder = make_scenario(
        tables={
            "units.csv": [unit("U1")],
            "cadres.csv": [
                cadre("L1", "U1", "division", "leadership"),
                cadre("L2", "U1", "division", "leadership", promoted_on="2019-06-01"),
                cadre("S1", "U1"),
            ],
            "courses.csv": [course("SYS", systematic=True), course("PRO", theme="professional")],
            "sessions.csv": sessions
            or [
                session("A", "SYS", "2020-03-02", "2020-03-13", hours="96"),
                session("B", "PRO", "2020-05-04", "2020-05-08"),
            ],
            "history.csv": rows or [history("L1", "PRO", "2018-04-02", "2018-04-06", 40)],
        },
        toml=toml,
    )
    return load_scenario(folder)


def _plan(scenario, picks):  # type: ignore[no-untyped-def]
    return build_plan(scenario, owed_obligations(scenario, YEAR, rules=ALL_RULES), picks)


def _owed(scenario, year: int = YEAR + 1) -> dict[tuple[str, str], int]:  # type: ignore[no-untyped-def]
    return {
        (o.rule.value, o.cadre_id or o.unit_id or ""): o.required for o in owed_obligations(scenario, year)
    }


def _row(cadre_id: str, session_id: str, status: Status, **extra) -> Attendance:  # type: ignore[no-untyped-def]
    return Attendance("attendance.csv", 2, cadre_id, session_id, status, **extra)


def test_a_missed_systematic_course_is_owed_again_and_attended_hours_count_in_the_cycle(
    make_scenario,
) -> None:
    scenario = _scenario(make_scenario)
    plan = _plan(scenario, {("L1", "A"), ("L1", "B"), ("L2", "A")})
    closed = close_year(scenario, plan, [_row("L2", "A", Status.ABSENT)]).scenario
    owed = _owed(closed)
    # L1 attended both: 40 + 96 + 40 h in the cycle 2018-2022; 2021 owes (550 - 176) / 2 = 187 h.
    assert owed[("R1", "L1")] == 187 and ("R3", "L1") not in owed
    # L2 missed the systematic course: R3 owed again; promoted 2019-06-01, due 2020-06-01: now overdue (R6b).
    assert owed[("R1", "L2")] == 275 and ("R3", "L2") in owed and ("R6b", "L2") in owed
    assert closed.plan_year == 2021 and closed.name == "小城 2021"


def test_left_early_counts_the_hours_done_up_to_the_day_left_but_not_the_course(make_scenario) -> None:
    scenario = _scenario(make_scenario)
    plan = _plan(scenario, {("L1", "A")})
    closing = close_year(scenario, plan, [_row("L1", "A", Status.LEFT_EARLY, hours=24.0)])
    (entry,) = [e for e in closing.scenario.history if e.start.year == YEAR]
    assert (entry.hours, entry.end, entry.systematic) == (24.0, date(2020, 3, 4), False)
    assert ("R3", "L1") in _owed(closing.scenario)
    (carried,) = [c for c in closing.carried if c.obligation.rule is Rule.R1]
    assert (carried.obligation.required, carried.if_attended) == (243, 207)  # (550-40-24)/2, (550-40-96)/2
    completed = close_year(scenario, plan, [_row("L1", "A", Status.LEFT_EARLY, hours=80.0, completed=True)])
    assert ("R3", "L1") not in _owed(completed.scenario)


def test_a_new_cycle_owes_its_first_share_whatever_was_missed(make_scenario) -> None:
    scenario = _scenario(make_scenario, toml='name = "old cycle"\ncycle_start = 2016\n')
    plan = _plan(scenario, {("L1", "A"), ("L2", "A")})
    closed = close_year(scenario, plan, [_row("L2", "A", Status.ABSENT)]).scenario
    owed = _owed(closed)
    assert owed[("R1", "L1")] == owed[("R1", "L2")] == 110  # 2021 starts the cycle 2021-2025: 550 / 5


def test_a_session_running_into_next_year_is_in_the_ledger_and_keeps_the_cadre_away(make_scenario) -> None:
    scenario = _scenario(
        make_scenario,
        sessions=[
            session("A", "SYS", "2020-12-21", "2021-01-08"),  # over New Year
            session("B", "PRO", "2020-06-01", "2020-06-05"),
            session("B2", "PRO", "2021-01-18", "2021-01-22", segment_of="B"),  # its second segment, next year
        ],
    )
    plan = _plan(scenario, {("L1", "A"), ("S1", "B")})
    closing = close_year(scenario, plan)
    closed = closing.scenario
    assert closing.count("held_next_year") == 2
    away = {c.cadre_id: c.unavailable for c in closed.cadres}
    assert [(r.first, r.last) for r in away["L1"]] == [(date(2021, 1, 1), date(2021, 1, 8))]
    assert [(r.first, r.last) for r in away["S1"]] == [(date(2021, 1, 18), date(2021, 1, 22))]
    ledger_2021 = {(e.cadre_id, e.course_id) for e in closed.history if e.end.year == 2021}
    assert ledger_2021 == {("L1", "SYS"), ("S1", "PRO")}
    repeated = {s.session_id: s.segment_of for s in closed.sessions}
    assert repeated == {"A-2021": None, "B-2021": None, "B2-2021": "B-2021"}


def test_the_catalogue_is_repeated_on_the_same_weekdays_next_year(make_scenario) -> None:
    scenario = _scenario(
        make_scenario,
        sessions=[
            session("S2020-01", "SYS", "2020-01-02", "2020-01-10"),
            session("S2020-02", "PRO", "2020-12-28", "2020-12-31"),
            session("S2020-03", "PRO", "2020-03-02", "2020-03-03"),
            session("S2020-04", "PRO", "2020-03-10", "2020-03-11", segment_of="S2020-03"),
        ],
    )
    repeated = {s.session_id: s for s in repeat_catalogue(scenario, YEAR)}
    assert sorted(repeated) == ["S2021-01", "S2021-02", "S2021-03", "S2021-04"]
    for old in scenario.sessions:
        new = repeated[old.session_id.replace("2020", "2021")]
        assert new.start.year == 2021 and new.start.weekday() == old.start.weekday()
        assert (new.end - new.start, new.hours, new.seats) == (old.end - old.start, old.hours, old.seats)
    assert repeated["S2021-04"].segment_of == "S2021-03"


def test_a_named_summons_attended_goes_and_one_missed_stays(make_scenario) -> None:
    folder = make_scenario(
        tables={
            "cadres.csv": [cadre("C1", "U1"), cadre("C2", "U1")],
            "sessions.csv": [session("S1", "K1", "2020-03-02", "2020-03-13")],
            "summons.csv": [
                {"cadre_id": "C1", "course_id": "K1", "organiser": "city_org", "reason": "点名"},
                {"cadre_id": "C2", "course_id": "K1", "organiser": "city_org", "reason": "点名"},
            ],
        }
    )
    scenario = load_scenario(folder)
    plan = _plan(scenario, {("C1", "S1"), ("C2", "S1")})
    closing = close_year(scenario, plan, [_row("C2", "S1", Status.ABSENT)])
    assert [(s.cadre_id, s.course_id) for s in closing.scenario.summons] == [("C2", "K1")]
    assert (closing.count("summons_met"), closing.count("summons_carried"), closing.count("missed")) == (
        1,
        1,
        1,
    )


@pytest.mark.parametrize(
    ("row", "column", "message"),
    [
        ("S1,NOPE,absent,,,,", "session_id", "unknown session"),
        ("S1,B,absent,,,,", "status", "not in the plan for B"),
        ("L1,A,left_early,200,,,", "hours", "more than the session's 96 h"),
        ("L1,A,left_early,8,2020-04-01,,", "left_on", "not a day of the session"),
        ("L1,A,left_early,,,,", "hours", "left_early needs the hours"),
        ("L1,A,absent,8,,,", "hours", "an absent cadre did no hours"),
        ("L1,A,gone,,,,", "status", "unknown status 'gone'"),
    ],
)
def test_a_bad_attendance_row_is_named_by_row_and_column(
    make_scenario, tmp_path: Path, row: str, column: str, message: str
) -> None:
    scenario = _scenario(make_scenario)
    plan = _plan(scenario, {("L1", "A")})
    path = tmp_path / "attendance.csv"
    path.write_text(
        "cadre_id,session_id,status,hours,left_on,completed,note\n" + row + "\n", encoding="utf-8"
    )
    with pytest.raises(ScenarioError) as caught:
        close_year(scenario, plan, read_attendance(path))
    (problem,) = caught.value.problems
    assert (problem.file, problem.row, problem.column) == ("attendance.csv", 2, column)
    assert message in problem.message


def test_the_attendance_sheet_may_be_a_workbook_in_chinese_words(tmp_path: Path) -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "attendance"
    for values in (
        ["cadre_id", "session_id", "status", "hours", "left_on"],
        ["C1", "S1", "缺席", None, None],
        ["C2", "S1", "提前离开", 16, "2020-03-03"],
    ):
        sheet.append(values)
    book.save(tmp_path / "考勤.xlsx")
    rows = read_attendance(tmp_path / "考勤.xlsx")
    assert [(r.cadre_id, r.status, r.hours, r.left_on) for r in rows] == [
        ("C1", Status.ABSENT, None, None),
        ("C2", Status.LEFT_EARLY, 16.0, date(2020, 3, 3)),
    ]
    assert rows[0].where == "考勤.xlsx[attendance]" and rows[1].line == 3
