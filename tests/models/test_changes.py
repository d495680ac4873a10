"""The changes file of a re-plan: every action applied, every bad row named by file, row, column and value."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from models import ScenarioError, load_scenario
from models.changes import Action, apply_changes, read_changes
from models.entities import DateRange

HEADER = "action,target,start,end,value,note\n"
SESSION_HEADER = (
    "session_id,course_id,institution_id,organiser,start,end,hours,seats,min_enrolment,"
    "audience_ranks,audience_categories,cost_per_head,segment_of\n"
)


@pytest.fixture
def scenario(make_scenario):
    """Two units, two cadres, two institutions, a segmented run (S2a+S2b) and a session at I2."""
    folder = make_scenario(
        {
            "units.csv": [
                {"unit_id": "U1", "name": "甲局", "parent_id": ""},
                {"unit_id": "U2", "name": "乙局", "parent_id": ""},
            ],
            "cadres.csv": [
                {
                    "cadre_id": "C1",
                    "name": "张三",
                    "unit_id": "U1",
                    "rank": "staff",
                    "category": "civil_servant",
                },
                {
                    "cadre_id": "C2",
                    "name": "李四",
                    "unit_id": "U2",
                    "rank": "division",
                    "category": "leadership",
                },
            ],
            "institutions.csv": [
                {
                    "institution_id": "I1",
                    "name": "市委党校",
                    "kind": "party_school",
                    "city": "江州",
                    "beds": "",
                    "cost_per_day": "100",
                },
                {
                    "institution_id": "I2",
                    "name": "红色教育基地",
                    "kind": "red_base",
                    "city": "嘉兴",
                    "beds": "50",
                    "cost_per_day": "200",
                },
            ],
            "courses.csv": [
                {"course_id": "K1", "title": "理论班", "theme": "theory", "systematic": "true"},
                {"course_id": "K2", "title": "党性班", "theme": "party_spirit", "systematic": "false"},
            ],
            "sessions.csv": [
                {
                    "session_id": "S1",
                    "course_id": "K1",
                    "institution_id": "I1",
                    "organiser": "city_org",
                    "start": "2020-03-02",
                    "end": "2020-03-13",
                    "seats": "10",
                    "min_enrolment": "2",
                    "audience_ranks": "division",
                },
                {
                    "session_id": "S2a",
                    "course_id": "K2",
                    "institution_id": "I2",
                    "organiser": "city_org",
                    "start": "2020-06-01",
                    "end": "2020-06-05",
                    "seats": "20",
                },
                {
                    "session_id": "S2b",
                    "course_id": "K2",
                    "institution_id": "I2",
                    "organiser": "city_org",
                    "start": "2020-07-06",
                    "end": "2020-07-10",
                    "seats": "20",
                    "segment_of": "S2a",
                },
                {
                    "session_id": "S3",
                    "course_id": "K2",
                    "institution_id": "I2",
                    "organiser": "city_org",
                    "start": "2020-09-07",
                    "end": "2020-09-11",
                    "seats": "30",
                },
            ],
        }
    )
    return load_scenario(folder)


def write(tmp_path: Path, body: str, encoding: str = "utf-8") -> Path:
    path = tmp_path / "changes.csv"
    path.write_bytes((HEADER + body).encode(encoding))
    return path


def applied(scenario, tmp_path: Path, body: str):
    return apply_changes(scenario, read_changes(write(tmp_path, body)))


def test_cancel_session_cancels_the_whole_run(scenario, tmp_path) -> None:
    # Cancelling the second segment cancels both segments of the run (all or none, R15).
    changed = applied(scenario, tmp_path, "cancel_session,S2b,,,,基地关闭\n")
    seats = {s.session_id: s.seats for s in changed.sessions}
    assert seats == {"S1": 10, "S2a": 0, "S2b": 0, "S3": 30}
    assert {s.session_id: s.seats for s in scenario.sessions}["S2a"] == 20  # the original is untouched


def test_cancelling_drops_the_minimum_enrolment(scenario, tmp_path) -> None:
    changed = applied(scenario, tmp_path, "cancel_session,S1,,,,\n")
    s1 = changed.session_by_id["S1"]
    assert (s1.seats, s1.min_enrolment) == (0, 0)


def test_close_institution_cancels_the_runs_meeting_the_dates(scenario, tmp_path) -> None:
    # Closed 2020-07-01..2020-07-31: S2b is inside, so S2a goes too; S3 (September) and S1 (I1) stay.
    changed = applied(scenario, tmp_path, "close_institution,I2,2020-07-01,2020-07-31,,\n")
    assert {s.session_id: s.seats for s in changed.sessions} == {"S1": 10, "S2a": 0, "S2b": 0, "S3": 30}


def test_set_seats(scenario, tmp_path) -> None:
    changed = applied(scenario, tmp_path, "set_seats,S3,,,12,\n")
    assert changed.session_by_id["S3"].seats == 12


def test_move_cadre(scenario, tmp_path) -> None:
    changed = applied(scenario, tmp_path, "move_cadre,C1,,,U2,调任\n")
    assert changed.cadre_by_id["C1"].unit_id == "U2"
    assert [c.cadre_id for c in changed.cadres_by_unit["U2"]] == ["C1", "C2"]


def test_add_summons(scenario, tmp_path) -> None:
    changed = applied(scenario, tmp_path, "add_summons,C1,,,K2,省委点名\n")
    (summons,) = changed.summons
    assert (summons.cadre_id, summons.course_id, summons.reason) == ("C1", "K2", "省委点名")


def test_add_unavailability(scenario, tmp_path) -> None:
    changed = applied(scenario, tmp_path, "add_unavailability,C2,2020-06-01,2020-06-30,,\n")
    assert changed.cadre_by_id["C2"].unavailable == (DateRange(date(2020, 6, 1), date(2020, 6, 30)),)


def test_add_session_from_another_then_pin_into_it(scenario, tmp_path) -> None:
    # A copy of S1 on new dates with fewer seats; hours and cost follow the new dates (5 days).
    body = "add_session,S9,2020-10-12,2020-10-16,from=S1 seats=6,加开一期\npin,C2,,,S9,已确认\n"
    changed = applied(scenario, tmp_path, body)
    s9 = changed.session_by_id["S9"]
    assert (s9.course_id, s9.institution_id, s9.seats, s9.min_enrolment) == ("K1", "I1", 6, 2)
    assert (s9.hours, s9.cost_per_head, s9.audience_ranks) == (
        40,
        500,
        scenario.session_by_id["S1"].audience_ranks,
    )
    assert [(p.cadre_id, p.session_id) for p in changed.pinned] == [("C2", "S9")]


def test_add_session_from_fields(scenario, tmp_path) -> None:
    body = (
        "add_session,S8,2020-11-02,2020-11-03,"
        "course_id=K2 institution_id=I2 seats=15 hours=12 organiser=省委组织部,\n"
    )
    s8 = applied(scenario, tmp_path, body).session_by_id["S8"]
    assert (s8.course_id, s8.seats, s8.hours, s8.cost_per_head, s8.organiser) == (
        "K2",
        15,
        12,
        400,
        "省委组织部",
    )


def test_gbk_file(scenario, tmp_path) -> None:
    changes = read_changes(write(tmp_path, "move_cadre,C1,,,U2,调任\n", encoding="gbk"))
    (change,) = changes
    assert (change.action, change.note) == (Action.MOVE_CADRE, "调任")


def test_changes_name_what_they_touch(scenario, tmp_path) -> None:
    changes = read_changes(
        write(tmp_path, "close_institution,I2,2020-07-01,2020-07-31,,\nmove_cadre,C1,,,U2,\n")
    )
    assert [c.line for c in changes.of_session(scenario.session_by_id["S2b"])] == [2]
    assert changes.of_session(scenario.session_by_id["S3"]) == []
    assert [str(c) for c in changes.of_cadre("C1")] == ["cadre C1 moved to unit U2 (changes row 3)"]


BAD_ROWS = [
    # unknown action
    ("drop_session,S1,,,,\n", 2, "action", "drop_session"),
    # an action without its target
    ("cancel_session,,,,,\n", 2, "target", ""),
    # a column the action does not read is filled (dates given to a cancellation)
    ("cancel_session,S1,2020-03-01,,,\n", 2, "start", "2020-03-01"),
    # a column the action needs is empty
    ("set_seats,S1,,,,\n", 2, "value", ""),
    # seats that are not a whole number
    ("set_seats,S1,,,ten,\n", 2, "value", "ten"),
    # a bad date
    ("close_institution,I2,2020-02-30,2020-03-05,,\n", 2, "start", "2020-02-30"),
    # a range ending before it starts
    ("add_unavailability,C1,2020-05-01,2020-04-01,,\n", 2, "end", "2020-04-01"),
    # the problem is on the third row, after a good one
    ("cancel_session,S1,,,,\nmove_cadre,C1,,,,\n", 3, "value", ""),
]


@pytest.mark.parametrize(("body", "row", "column", "value"), BAD_ROWS)
def test_bad_rows_are_named(scenario, tmp_path, body, row, column, value) -> None:
    with pytest.raises(ScenarioError) as caught:
        read_changes(write(tmp_path, body))
    (problem,) = caught.value.problems
    assert (problem.file, problem.row, problem.column, problem.value) == ("changes.csv", row, column, value)


BAD_REFERENCES = [
    # unknown session
    ("cancel_session,S7,,,,\n", "target", "S7", "unknown session"),
    # unknown institution
    ("close_institution,I9,2020-07-01,2020-07-31,,\n", "target", "I9", "unknown institution"),
    # unknown cadre
    ("move_cadre,C9,,,U2,\n", "target", "C9", "unknown cadre"),
    # unknown unit
    ("move_cadre,C1,,,U9,\n", "value", "U9", "unknown unit"),
    # unknown course
    ("add_summons,C1,,,K9,\n", "value", "K9", "unknown course"),
    # pin into a session that does not exist
    ("pin,C1,,,S7,\n", "value", "S7", "unknown session"),
    # fewer seats than the minimum enrolment
    ("set_seats,S1,,,1,\n", "value", "1", "minimum enrolment 2"),
    # a new session with an id already used
    ("add_session,S1,2020-10-12,2020-10-16,from=S3,\n", "target", "S1", "already exists"),
    # a new session copied from an unknown one
    ("add_session,S9,2020-10-12,2020-10-16,from=S7,\n", "value: from", "S7", "unknown session"),
    # a new session of an unknown course
    (
        "add_session,S9,2020-10-12,2020-10-16,course_id=K9 institution_id=I1 seats=5,\n",
        "value: course_id",
        "K9",
        "unknown course",
    ),
    # a new session without seats
    (
        "add_session,S9,2020-10-12,2020-10-16,course_id=K1 institution_id=I1,\n",
        "value",
        "course_id=K1 institution_id=I1",
        "seats=",
    ),
    # a bad field of a new session
    ("add_session,S9,2020-10-12,2020-10-16,from=S3 seats=-4,\n", "value: seats", "-4", "negative"),
    # not key=value
    ("add_session,S9,2020-10-12,2020-10-16,S3,\n", "value", "S3", "key=value"),
    # a summons given twice
    ("add_summons,C1,,,K2,\nadd_summons,C1,,,K2,\n", "value", "K2", "already summoned"),
]


@pytest.mark.parametrize(("body", "column", "value", "words"), BAD_REFERENCES)
def test_bad_references_are_named(scenario, tmp_path, body, column, value, words) -> None:
    changes = read_changes(write(tmp_path, body))
    with pytest.raises(ScenarioError) as caught:
        apply_changes(scenario, changes)
    (problem,) = caught.value.problems
    assert (problem.file, problem.row, problem.column, problem.value) == (
        "changes.csv",
        len(changes) + 1,
        column,
        value,
    )
    assert words in problem.message


def test_every_problem_is_reported_at_once(scenario, tmp_path) -> None:
    changes = read_changes(write(tmp_path, "cancel_session,S7,,,,\nmove_cadre,C9,,,U2,\nset_seats,S3,,,5,\n"))
    with pytest.raises(ScenarioError) as caught:
        apply_changes(scenario, changes)
    assert [(p.row, p.value) for p in caught.value.problems] == [(2, "S7"), (3, "C9")]


def test_missing_file_and_column(tmp_path) -> None:
    with pytest.raises(ScenarioError, match="changes.csv: file is missing"):
        read_changes(tmp_path / "changes.csv")
    (tmp_path / "changes.csv").write_text("action,value\ncancel_session,S1\n", encoding="utf-8")
    with pytest.raises(ScenarioError, match="column 'target'"):
        read_changes(tmp_path / "changes.csv")
