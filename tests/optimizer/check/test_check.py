"""The independent plan checker, rule by rule: a tiny scenario, a hand-made plan that breaks one rule."""

from __future__ import annotations

import time
from collections import Counter
from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from models import (
    Assignment,
    Cadre,
    Category,
    Plan,
    Rank,
    Reason,
    Scenario,
    Session,
    SessionStatus,
    Unit,
    build_plan,
    load_scenario,
    owed_obligations,
    write_plan,
)
from optimizer.check import (
    CHECKS,
    Violation,
    check_beds,
    check_budget,
    check_eligibility,
    check_folder,
    check_no_repeat,
    check_overlap,
    check_plan,
    check_references,
    check_release,
    check_seats,
    check_segments,
    check_sessions_run,
    check_unavailability,
)
from optimizer.cli.check import plan_check

# Release is generous unless a test is about it, so that each plan breaks one rule only.
TOML = 'name = "tiny"\ncycle_start = 2018\n[policy]\nmax_away_share = 1.0\n'

UNITS = [
    {"unit_id": "U0", "name": "市委", "parent_id": ""},
    {"unit_id": "U1", "name": "组织部", "parent_id": "U0"},
    {"unit_id": "U1a", "name": "干部科", "parent_id": "U1"},
    {"unit_id": "U2", "name": "财政局", "parent_id": "U0"},
]
INSTITUTIONS = [
    {"institution_id": iid, "name": name, "kind": kind, "city": "江州", "beds": beds, "cost_per_day": cost}
    for iid, name, kind, beds, cost in (
        ("I1", "市委党校", "party_school", "", "100"),
        ("I2", "网络学院", "online", "1", "10"),  # beds given, never used
        ("I3", "县委党校", "party_school", "2", "100"),
    )
]
COURSES = [
    {"course_id": f"K{i}", "title": f"课程{i}", "theme": "theory", "systematic": "false"} for i in range(1, 6)
]


def cadre(cadre_id: str, unit_id: str = "U1", **fields: str) -> dict[str, str]:
    row = {
        "cadre_id": cadre_id,
        "name": cadre_id,
        "unit_id": unit_id,
        "rank": "staff",
        "category": "civil_servant",
    }
    return {**row, **fields}


def session(
    session_id: str, course_id: str, start: str, end: str, institution_id: str = "I1", **fields: str
) -> dict[str, str]:
    row = {
        "session_id": session_id,
        "course_id": course_id,
        "institution_id": institution_id,
        "organiser": "city_org",
        "start": start,
        "end": end,
        "seats": "10",
    }
    return {**row, **fields}


@pytest.fixture
def scenario_of(make_scenario):
    """``scenario_of(cadres=..., sessions=..., units=..., history=..., toml=...)`` loads a tiny scenario."""

    def make(
        cadres: list[dict[str, Any]],
        sessions: list[dict[str, Any]],
        units: list[dict[str, Any]] = UNITS,
        history: list[dict[str, Any]] = (),  # type: ignore[assignment]
        toml: str = TOML,
    ) -> Scenario:
        tables = {
            "units.csv": units,
            "cadres.csv": cadres,
            "institutions.csv": INSTITUTIONS,
            "courses.csv": COURSES,
            "sessions.csv": sessions,
            "history.csv": list(history),
        }
        return load_scenario(make_scenario(tables=tables, toml=toml))

    return make


def make_plan(scenario: Scenario, pairs: list[tuple[str, str]], year: int = 2020) -> Plan:
    """A plan of exactly these (cadre_id, session_id) pairs, with a consistent sessions.csv."""
    assignments = []
    for cadre_id, session_id in pairs:
        s = scenario.session_by_id.get(session_id)
        if s is None:
            s = Session(session_id, "K1", "I1", "", date(year, 1, 1), date(year, 1, 1), 8, 1, 0)
        assignments.append(
            Assignment(
                cadre_id, session_id, s.course_id, s.institution_id, s.start, s.end, s.hours, Reason.ELECTIVE
            )
        )
    enrolled = Counter(session_id for _, session_id in pairs)
    statuses = tuple(
        SessionStatus(
            s.session_id, "run" if enrolled[s.session_id] else "cancelled", enrolled[s.session_id], s.seats
        )
        for s in scenario.sessions
        if s.start.year == year
    )
    return Plan(year, tuple(assignments), statuses)


def only(violations: list[Violation]) -> Violation:
    assert len(violations) == 1, [str(v) for v in violations]
    return violations[0]


# ---------------------------------------------------------------- a valid plan


@pytest.fixture
def rich(scenario_of) -> Scenario:
    """Segments, online, beds, audience units, a ledger: everything a valid plan may touch."""
    return scenario_of(
        cadres=[cadre("C1"), cadre("C2", "U1a"), cadre("C3", "U2", rank="division", category="leadership")],
        sessions=[
            session("S1", "K1", "2020-03-02", "2020-03-06"),
            session("S1b", "K1", "2020-03-16", "2020-03-20", segment_of="S1"),
            session("S2", "K2", "2020-03-07", "2020-03-08", "I2"),  # online, the day after S1 ends
            session("S3", "K3", "2020-05-04", "2020-05-08", "I3", audience_units="U1"),
            session(
                "S4",
                "K4",
                "2020-06-01",
                "2020-06-05",
                audience_ranks="division",
                audience_categories="leadership",
            ),
            session("S5", "K5", "2021-03-01", "2021-03-05"),  # next year: not in this plan
        ],
        history=[
            {"cadre_id": "C1", "course_id": "K4", "start": "2017-03-01", "end": "2017-03-05", "hours": "40"}
        ],
    )


def test_valid_plan_has_no_violations(rich: Scenario) -> None:
    obligations = owed_obligations(rich, 2020)
    plan = build_plan(
        rich, obligations, [("C1", "S1"), ("C1", "S2"), ("C1", "S3"), ("C2", "S3"), ("C3", "S4")]
    )
    assert len(plan.assignments) == 6  # S1 expands to its two segments
    assert check_plan(rich, plan) == []


def test_empty_plan_is_valid(rich: Scenario) -> None:
    assert check_plan(rich, make_plan(rich, [])) == []


def test_every_check_is_listed() -> None:
    assert len(CHECKS) == 14
    assert len(set(CHECKS)) == 14


def test_violation_reads_well() -> None:
    violation = Violation(
        "R9", "unit D07 on 2020-05-12: 4 cadres away, cap 3 (C0012, C0013, …)", unit_id="D07"
    )
    assert str(violation) == "R9 unit D07 on 2020-05-12: 4 cadres away, cap 3 (C0012, C0013, …)"


# ---------------------------------------------------------------- references


def test_assignment_disagreeing_with_its_session(rich: Scenario) -> None:
    plan = make_plan(rich, [("C1", "S3")])
    wrong = replace(plan.assignments[0], hours=39, start=date(2020, 5, 5))
    violation = only(check_plan(rich, replace(plan, assignments=(wrong,))))
    assert violation.rule == "references"
    assert (violation.cadre_id, violation.session_id) == ("C1", "S3")
    assert "start 2020-05-05 (session 2020-05-04)" in violation.message
    assert "hours 39 (session 40)" in violation.message


@pytest.mark.parametrize(
    "pair, expected",
    [
        (("C9", "S3"), "unknown cadre C9"),  # a cadre the scenario does not have
        (("C1", "S9"), "unknown session S9"),  # a session the scenario does not have
    ],
)
def test_unknown_ids(rich: Scenario, pair: tuple[str, str], expected: str) -> None:
    violations = check_plan(rich, make_plan(rich, [pair]))
    assert [v.rule for v in violations] == ["references"]
    assert expected in violations[0].message


def test_sessions_csv_must_list_each_plan_year_session_once(rich: Scenario) -> None:
    plan = make_plan(rich, [("C1", "S3")])
    by_id = {s.session_id: s for s in plan.sessions}
    broken = (
        replace(by_id["S3"], enrolled=2),  # enrolled disagrees with the assignments
        replace(by_id["S4"], seats=11, enrolled=1),  # seats and enrolled disagree
        by_id["S2"],
        by_id["S2"],  # listed twice
        SessionStatus("S5", "cancelled", 0, 10),  # starts in 2021
        SessionStatus("S8", "cancelled", 0, 10),  # unknown
    )  # S1 and S1b are missing
    messages = sorted(v.message for v in check_references(rich, replace(plan, sessions=broken)))
    assert messages == sorted(
        [
            "session S3: enrolled 2 in sessions.csv but 1 assignments",
            "session S4: enrolled 1 in sessions.csv but 0 assignments",
            "session S4: seats 11 in sessions.csv but 10 in the scenario",
            "sessions.csv lists S2 2 times",
            "sessions.csv lists S5, which starts 2021-03-01, outside plan year 2020",
            "sessions.csv lists unknown session S8",
            "sessions.csv misses plan-year session S1",
            "sessions.csv misses plan-year session S1b",
        ]
    )


# ---------------------------------------------------------------- eligibility


@pytest.mark.parametrize(
    "pair, expected",
    [
        (("C2", "S4"), "rank staff not in division; category civil_servant not in leadership"),
        (("C3", "S3"), "unit U2 not under U1"),  # U2 is a sibling of U1, not in its subtree
        (("C1", "S5"), "session starts 2021-03-01, outside plan year 2020"),
    ],
)
def test_ineligible(rich: Scenario, pair: tuple[str, str], expected: str) -> None:
    violation = only(check_plan(rich, make_plan(rich, [pair])))
    assert violation.rule == "eligibility"
    assert violation.message == f"cadre {pair[0]} in {pair[1]}: {expected}"


def test_audience_unit_admits_its_whole_subtree(rich: Scenario) -> None:
    # C1 is in U1 itself, C2 in U1a under U1.
    assert check_eligibility(rich, make_plan(rich, [("C1", "S3"), ("C2", "S3")])) == []


# ---------------------------------------------------------------- seats


def test_seats(scenario_of) -> None:
    scenario = scenario_of(
        cadres=[cadre("C1"), cadre("C2")],
        sessions=[session("S1", "K1", "2020-03-02", "2020-03-06", seats="1")],
    )
    assert check_seats(scenario, make_plan(scenario, [("C1", "S1")])) == []
    violation = only(check_plan(scenario, make_plan(scenario, [("C1", "S1"), ("C2", "S1")])))
    assert (violation.rule, violation.session_id, violation.message) == (
        "seats",
        "S1",
        "session S1: 2 cadres, 1 seats",
    )


# ---------------------------------------------------------------- beds (R11)


@pytest.fixture
def lodging(scenario_of) -> Scenario:
    """I3 has 2 beds; S1 and S2 share 2020-03-06 only; S3 follows S1 without sharing a day."""
    return scenario_of(
        cadres=[cadre("C1"), cadre("C2"), cadre("C3")],
        sessions=[
            session("S1", "K1", "2020-03-02", "2020-03-06", "I3"),
            session("S2", "K2", "2020-03-06", "2020-03-10", "I3"),
            session("S3", "K3", "2020-03-07", "2020-03-10", "I3"),
            session("S4", "K4", "2020-03-02", "2020-03-06", "I2"),  # online: 1 bed given, never used
        ],
    )


def test_beds_counted_per_day(lodging: Scenario) -> None:
    plan = make_plan(lodging, [("C1", "S1"), ("C2", "S1"), ("C3", "S2")])
    violation = only(check_plan(lodging, plan))
    assert violation.rule == "R11"
    assert (violation.institution_id, violation.day, violation.last_day) == (
        "I3",
        date(2020, 3, 6),
        date(2020, 3, 6),
    )
    assert violation.message == "institution I3 on 2020-03-06: 3 cadres in residence, 2 beds (S1, S2)"


def test_beds_freed_the_day_after_a_session_ends(lodging: Scenario) -> None:
    plan = make_plan(lodging, [("C1", "S1"), ("C2", "S1"), ("C3", "S3")])
    assert check_beds(lodging, plan) == []


def test_online_sessions_use_no_beds(lodging: Scenario) -> None:
    plan = make_plan(lodging, [("C1", "S4"), ("C2", "S4"), ("C3", "S4")])
    assert check_plan(lodging, plan) == []


# ---------------------------------------------------------------- overlap (R8)


@pytest.fixture
def calendar(scenario_of) -> Scenario:
    return scenario_of(
        cadres=[cadre("C1", unavailable="2020-03-10..2020-03-20")],
        sessions=[
            session("S1", "K1", "2020-03-02", "2020-03-06"),
            session("S2", "K2", "2020-03-06", "2020-03-09", "I2"),  # touches S1 on 03-06; online
            session("S3", "K3", "2020-03-07", "2020-03-09"),  # starts the day after S1 ends
            session("S4", "K4", "2020-03-09", "2020-03-09"),  # ends the day before C1 is away
            session("S5", "K5", "2020-03-20", "2020-03-25"),  # starts on C1's last unavailable day
        ],
    )


def test_sessions_touching_on_one_day_overlap(calendar: Scenario) -> None:
    violation = only(check_plan(calendar, make_plan(calendar, [("C1", "S1"), ("C1", "S2")])))
    assert violation.rule == "R8"
    assert (violation.cadre_id, violation.day) == ("C1", date(2020, 3, 6))
    assert "S1 (2020-03-02..2020-03-06) and S2 (2020-03-06..2020-03-09)" in violation.message


def test_back_to_back_sessions_do_not_overlap(calendar: Scenario) -> None:
    assert check_overlap(calendar, make_plan(calendar, [("C1", "S1"), ("C1", "S3")])) == []


# ---------------------------------------------------------------- unavailability


def test_unavailable_on_a_sessions_last_day(calendar: Scenario) -> None:
    violation = only(check_plan(calendar, make_plan(calendar, [("C1", "S5")])))
    assert violation.rule == "unavailability"
    assert (
        violation.message
        == "cadre C1 in S5 (2020-03-20..2020-03-25) while unavailable 2020-03-10..2020-03-20"
    )


def test_available_the_day_before(calendar: Scenario) -> None:
    assert check_unavailability(calendar, make_plan(calendar, [("C1", "S4")])) == []


# ---------------------------------------------------------------- no repeat (R8)


@pytest.fixture
def repeats(scenario_of) -> Scenario:
    return scenario_of(
        cadres=[cadre("C1"), cadre("C2")],
        sessions=[
            session("S1", "K1", "2020-03-02", "2020-03-06"),
            session("S1b", "K1", "2020-03-16", "2020-03-20", segment_of="S1"),
            session("S2", "K1", "2020-09-07", "2020-09-11"),  # another run of K1
            session("S3", "K2", "2020-10-12", "2020-10-16"),
        ],
        history=[
            {"cadre_id": "C2", "course_id": "K2", "start": "2015-10-12", "end": "2015-10-16", "hours": "40"}
        ],
    )


def test_course_already_in_the_ledger(repeats: Scenario) -> None:
    violation = only(check_plan(repeats, make_plan(repeats, [("C2", "S3")])))
    assert violation.rule == "R8"
    assert violation.message == "cadre C2 repeats course K2, in the ledger up to 2015-10-16 (S3 in the plan)"


def test_course_twice_in_the_plan(repeats: Scenario) -> None:
    plan = make_plan(repeats, [("C1", "S1"), ("C1", "S1b"), ("C1", "S2")])
    violation = only(check_plan(repeats, plan))
    assert violation.message == "cadre C1 takes course K1 2 times (S1, S2)"


def test_segments_of_one_run_are_no_repeat(repeats: Scenario) -> None:
    both = [("C1", "S1"), ("C1", "S1b"), ("C2", "S1"), ("C2", "S1b")]
    assert check_no_repeat(repeats, make_plan(repeats, both)) == []


# ---------------------------------------------------------------- release (R9)


def release_scenario(scenario_of, headcount: int, toml: str, unit_share: str = "") -> Scenario:
    units = [
        {"unit_id": "U0", "name": "市委", "parent_id": ""},
        {"unit_id": "U1", "name": "组织部", "parent_id": "U0", "max_away_share": unit_share},
    ]
    cadres = [cadre(f"C{i}") for i in range(1, headcount + 1)] + [cadre("B1", "U0"), cadre("B2", "U0")]
    sessions = [
        session("S1", "K1", "2020-03-02", "2020-03-06"),
        session("S2", "K2", "2020-03-06", "2020-03-10"),
        session("S3", "K3", "2020-03-02", "2020-03-06", "I2"),  # online keeps nobody away
    ]
    return scenario_of(cadres=cadres, sessions=sessions, units=units, toml=toml)


POLICY_30 = 'name = "tiny"\ncycle_start = 2018\n[policy]\nmax_away_share = 0.3\n'


def test_release_cap_of_three_cadres_at_30_percent_is_one(scenario_of) -> None:
    scenario = release_scenario(scenario_of, 3, POLICY_30)
    plan = make_plan(scenario, [("C1", "S1"), ("C2", "S2"), ("C3", "S3")])
    violation = only(check_plan(scenario, plan))
    assert violation.rule == "R9"
    assert (violation.unit_id, violation.day, violation.last_day) == (
        "U1",
        date(2020, 3, 6),
        date(2020, 3, 6),
    )
    assert violation.message == "unit U1 on 2020-03-06: 2 cadres away, cap 1 (C1, C2)"


def test_release_counts_each_day_of_a_span(scenario_of) -> None:
    scenario = release_scenario(scenario_of, 3, POLICY_30)
    violation = only(check_release(scenario, make_plan(scenario, [("C1", "S1"), ("C2", "S1")])))
    assert violation.message == "unit U1 on 2020-03-02..2020-03-06: 2 cadres away, cap 1 (C1, C2)"


def test_release_headcount_is_the_units_own_cadres(scenario_of) -> None:
    # U0 has 2 cadres of its own (cap 1); the 10 cadres of U1 below it do not count.
    scenario = release_scenario(scenario_of, 10, POLICY_30)
    violation = only(check_release(scenario, make_plan(scenario, [("B1", "S1"), ("B2", "S1")])))
    assert violation.unit_id == "U0"
    assert "cap 1" in violation.message


def test_release_cap_of_ten_cadres_at_30_percent_is_three(scenario_of) -> None:
    scenario = release_scenario(scenario_of, 10, POLICY_30)
    three = [("C1", "S1"), ("C2", "S1"), ("C3", "S1")]
    assert check_release(scenario, make_plan(scenario, three)) == []
    violation = only(check_release(scenario, make_plan(scenario, [*three, ("C4", "S2")])))
    assert violation.message == "unit U1 on 2020-03-06: 4 cadres away, cap 3 (C1, C2, C3, C4)"


def test_release_unit_share_overrides_policy(scenario_of) -> None:
    scenario = release_scenario(scenario_of, 3, POLICY_30, unit_share="0.7")  # cap 2
    assert check_release(scenario, make_plan(scenario, [("C1", "S1"), ("C2", "S1")])) == []


def test_online_keeps_nobody_away(scenario_of) -> None:
    scenario = release_scenario(scenario_of, 3, POLICY_30)
    assert check_plan(scenario, make_plan(scenario, [("C1", "S3"), ("C2", "S3"), ("C3", "S3")])) == []


# ---------------------------------------------------------------- budget (R14)


def test_total_budget(scenario_of) -> None:
    toml = TOML + "[budget]\ntotal = 1000\n"
    scenario = scenario_of(
        cadres=[cadre("C1"), cadre("C2", "U2")],
        sessions=[session("S1", "K1", "2020-03-02", "2020-03-06")],
        toml=toml,
    )
    assert check_budget(scenario, make_plan(scenario, [("C1", "S1"), ("C2", "S1")])) == []  # 2 x 500 = 1000
    scenario = scenario_of(
        cadres=[cadre("C1"), cadre("C2", "U2"), cadre("C3", "U2")],
        sessions=[session("S1", "K1", "2020-03-02", "2020-03-06")],
        toml=toml,
    )
    violation = only(check_plan(scenario, make_plan(scenario, [("C1", "S1"), ("C2", "S1"), ("C3", "S1")])))
    assert (violation.rule, violation.message) == (
        "R14",
        "total cost 1,500 yuan exceeds the budget 1,000 by 500",
    )


def test_unit_budget_counts_its_own_cadres(scenario_of) -> None:
    units = [{**u, "budget": "400"} if u["unit_id"] in ("U0", "U1") else u for u in UNITS]
    scenario = scenario_of(
        cadres=[cadre("C1"), cadre("C2", "U1a")],
        units=units,
        sessions=[session("S1", "K1", "2020-03-02", "2020-03-06")],  # 500 per head
    )
    assert (
        check_budget(scenario, make_plan(scenario, [("C2", "S1")])) == []
    )  # U1a has no budget; U0, U1 untouched
    violation = only(check_plan(scenario, make_plan(scenario, [("C1", "S1")])))
    assert (violation.unit_id, violation.message) == (
        "U1",
        "unit U1: cost 500 yuan exceeds its budget 400 by 100",
    )


# ---------------------------------------------------------------- segments (R15)


def test_all_segments_or_none(repeats: Scenario) -> None:
    violation = only(check_plan(repeats, make_plan(repeats, [("C1", "S1b")])))
    assert (violation.rule, violation.cadre_id, violation.session_id) == ("R15", "C1", "S1")
    assert (
        violation.message == "cadre C1 attends S1b but not S1 of the segmented run S1 (all segments or none)"
    )
    assert check_segments(repeats, make_plan(repeats, [("C1", "S1"), ("C1", "S1b")])) == []


# ---------------------------------------------------------------- sessions run


def test_cancelled_session_has_nobody(rich: Scenario) -> None:
    plan = make_plan(rich, [("C1", "S3")])
    statuses = tuple(replace(s, status="cancelled") if s.session_id == "S3" else s for s in plan.sessions)
    violation = only(check_plan(rich, replace(plan, sessions=statuses)))
    assert (violation.rule, violation.message) == (
        "sessions",
        "session S3 is cancelled but has 1 cadres (C1)",
    )


def test_run_session_below_its_minimum(scenario_of) -> None:
    scenario = scenario_of(
        cadres=[cadre("C1"), cadre("C2")],
        sessions=[session("S1", "K1", "2020-03-02", "2020-03-06", min_enrolment="2")],
    )
    violation = only(check_plan(scenario, make_plan(scenario, [("C1", "S1")])))
    assert violation.message == "session S1 runs with 1 cadres, below its minimum 2"
    assert check_sessions_run(scenario, make_plan(scenario, [("C1", "S1"), ("C2", "S1")])) == []


def test_run_session_needs_someone_and_a_known_status(rich: Scenario) -> None:
    plan = make_plan(rich, [])
    statuses = tuple(
        replace(s, status={"S3": "run", "S4": "maybe"}.get(s.session_id, s.status)) for s in plan.sessions
    )
    messages = [v.message for v in check_plan(rich, replace(plan, sessions=statuses))]
    assert messages == [
        "session S3 runs with 0 cadres, below its minimum 1",
        "session S4 has status 'maybe' (expected run or cancelled)",
    ]


# ---------------------------------------------------------------- folders and the command


@pytest.fixture
def folders(make_scenario, tmp_path: Path):
    """A scenario folder with a release cap of 1 (3 cadres at 30%), a valid and a broken plan folder."""
    scenario_dir = make_scenario(
        tables={
            "cadres.csv": [cadre("C1", "U1"), cadre("C2", "U1"), cadre("C3", "U1")],
            "units.csv": [{"unit_id": "U1", "name": "测试局", "parent_id": ""}],
        },
        toml=POLICY_30,
    )
    scenario = load_scenario(scenario_dir)
    good = write_plan(make_plan(scenario, [("C1", "S1")]), tmp_path / "good")
    bad = write_plan(make_plan(scenario, [("C1", "S1"), ("C2", "S1")]), tmp_path / "bad")
    return scenario_dir, good, bad


def test_check_folder(folders) -> None:
    scenario_dir, good, bad = folders
    assert check_folder(scenario_dir, good) == []
    assert [v.rule for v in check_folder(scenario_dir, bad)] == ["R9"]


def test_command_passes_a_valid_plan(folders) -> None:
    scenario_dir, good, _ = folders
    result = CliRunner().invoke(plan_check, [str(scenario_dir), str(good)])
    assert result.exit_code == 0, result.output
    assert result.output.strip() == "plan OK: 1 assignments, all 14 checks passed"


def test_command_lists_violations_by_rule(folders) -> None:
    scenario_dir, _, bad = folders
    result = CliRunner().invoke(plan_check, [str(scenario_dir), str(bad)])
    assert result.exit_code == 1
    assert result.output.splitlines() == [
        "release: 1 violation(s)",
        "  R9 unit U1 on 2020-03-02..2020-03-13: 2 cadres away, cap 1 (C1, C2)",
        "plan FAILED: 1 violation(s) in 1 of 14 checks",
    ]


def test_command_rejects_a_bad_scenario(folders, make_scenario) -> None:
    _, good, _ = folders
    broken = make_scenario(tables={"cadres.csv": [cadre("C1", "U9")]})  # unknown unit
    result = CliRunner().invoke(plan_check, [str(broken), str(good)])
    assert result.exit_code == 2
    assert "U9" in result.output


@pytest.mark.parametrize(
    "damage, expected",
    [
        (lambda folder: (folder / "assignments.csv").unlink(), "assignments.csv: file missing"),
        (
            lambda folder: (folder / "sessions.csv").write_text(
                "session_id,status,seats\n", encoding="utf-8"
            ),
            "sessions.csv: column(s) missing: enrolled",
        ),
        (lambda folder: (folder / "summary.json").write_text("{}", encoding="utf-8"), "no 'year' given"),
        (lambda folder: (folder / "summary.json").unlink(), "summary.json"),
    ],
)
def test_command_rejects_an_unreadable_plan(folders, damage, expected: str) -> None:
    scenario_dir, good, _ = folders
    damage(good)
    result = CliRunner().invoke(plan_check, [str(scenario_dir), str(good)])
    assert result.exit_code == 2
    assert expected in result.output


def test_command_takes_the_year_when_summary_lacks_it(folders) -> None:
    scenario_dir, good, _ = folders
    (good / "summary.json").write_text("{}", encoding="utf-8")
    result = CliRunner().invoke(plan_check, [str(scenario_dir), str(good), "--year", "2020"])
    assert result.exit_code == 0, result.output


# ---------------------------------------------------------------- scale


@pytest.mark.slow
def test_large_plan_is_checked_in_seconds(make_scenario) -> None:
    """100,000 cadres x 3 assignments, valid, checked in seconds."""
    base = load_scenario(make_scenario(tables={"courses.csv": COURSES}, toml=TOML))
    num_cadres = 100_000
    units = tuple(Unit(f"D{u:04d}", f"D{u}") for u in range(num_cadres // 20))
    cadres = tuple(
        Cadre(f"C{i:06d}", f"C{i}", f"D{i // 20:04d}", Rank.STAFF, Category.CIVIL_SERVANT)
        for i in range(num_cadres)
    )
    sessions = []
    for week in range(45):
        start = date(2020, 1, 6) + timedelta(weeks=week)
        course = ("K1", "K2", "K3")[week // 15]
        for slot in range(20):
            sessions.append(
                Session(
                    f"S{week:02d}{slot:02d}",
                    course,
                    "I1",
                    "org",
                    start,
                    start + timedelta(days=4),
                    40,
                    10_000,
                    500,
                )
            )
    scenario = base.replace(units=units, cadres=cadres, sessions=tuple(sessions))
    # Cadre p of a unit of 20 goes in weeks p % 15 (+15, +30): at most 2 away at once, the cap is 6.
    pairs = [
        (f"C{i:06d}", f"S{block * 15 + i % 20 % 15:02d}{i // 20 % 20:02d}")
        for i in range(num_cadres)
        for block in range(3)
    ]
    plan = make_plan(scenario, pairs)
    began = time.perf_counter()
    violations = check_plan(scenario, plan)
    elapsed = time.perf_counter() - began
    assert violations == []
    assert elapsed < 15, f"{elapsed:.1f} s"
