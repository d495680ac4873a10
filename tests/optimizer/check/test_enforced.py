"""The checker checks what the product enforces: pins, strict summons, the summary's obligation counts."""

from __future__ import annotations

from collections import Counter
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from helpers import YEAR, cadre, course, history, institution, session, unit

from models import (
    Assignment,
    Pin,
    Plan,
    Reason,
    Scenario,
    SessionStatus,
    Summons,
    load_scenario,
    with_policy,
    write_plan,
)
from optimizer import DEFAULT_SCENARIO, SolveOptions, solve
from optimizer.check import (
    CHECKS,
    COUNTED_RULES,
    Violation,
    check_obligation_counts,
    check_pins,
    check_plan,
    check_strict_summons,
    obligation_counts,
)
from optimizer.cli.check import plan_check
from scenarios.generator import generate_scenario


def plan_of(scenario: Scenario, pairs: list[tuple[str, str]], summary: dict[str, Any] | None = None) -> Plan:
    """A plan of exactly these (cadre_id, session_id) pairs, with a consistent sessions.csv."""
    assignments = []
    for cadre_id, session_id in pairs:
        s = scenario.session_by_id[session_id]
        assignments.append(
            Assignment(
                cadre_id, session_id, s.course_id, s.institution_id, s.start, s.end, s.hours, Reason.ELECTIVE
            )
        )
    enrolled = Counter(session_id for _, session_id in pairs)
    statuses = tuple(
        SessionStatus(s.session_id, "run" if enrolled[sid] else "cancelled", enrolled[sid], s.seats)
        for s in scenario.sessions
        if s.start.year == YEAR
        for sid in (s.session_id,)
    )
    return Plan(YEAR, tuple(assignments), statuses, summary=summary or {})


def only(violations: list[Violation]) -> Violation:
    assert len(violations) == 1, [str(v) for v in violations]
    return violations[0]


@pytest.fixture
def ruled(make_scenario):
    """``ruled(policy="")``: one unit, a cadre per rule, a systematic and a plain course, an online session.

    A  staff, 10.5 h in the ledger in 2020: owes R2 ceil(79.5) = 80 h; summoned to K2.
    B  division, leadership, promoted 2019-06-15, no systematic course: R1 (550 - 110) / 3 -> 147 h,
       R3, R5, R6 due 2020-06-15; with C the team of U1 (R4: 1 of 2).
    C  section, leadership, systematic course ended 2018-05-01: R2 90 h only.
    D  bureau, promoted 2018-03-01, due 2019-03-01: overdue (R6b, or R6 with the switch off), R5, R1 184 h;
       summoned to K1.
    B and C owe R3b ((367 - 0) / 3 -> 123 h, (367 - 80) / 3 -> 96 h) and R17; U1 owes the R12 targets
    at their defaults (no online target).
    """

    def make(policy: str = "") -> Scenario:
        tables = {
            "units.csv": [unit("U1")],
            "cadres.csv": [
                cadre("A", "U1"),
                cadre("B", "U1", "division", "leadership", promoted_on="2019-06-15"),
                cadre("C", "U1", "section", "leadership"),
                cadre("D", "U1", "bureau", promoted_on="2018-03-01"),
            ],
            "institutions.csv": [institution("I1"), institution("I2", "online")],
            "courses.csv": [course("K1", systematic=True), course("K2"), course("K3"), course("K4")],
            "sessions.csv": [
                session("S1", "K1", "2020-03-02", "2020-03-06"),  # systematic, 40 h, ends before B's deadline
                session("S2", "K2", "2020-05-04", "2020-05-08"),  # 40 h
                session("S3", "K3", "2020-06-01", "2020-06-05", institution="I2"),  # online: 0 h off-job
            ],
            "history.csv": [
                history("A", "K4", "2020-01-06", "2020-01-07", 10.5),
                history("B", "K4", "2019-04-01", "2019-04-14", 110),
                history("C", "K1", "2018-04-20", "2018-05-01", 80, systematic=True),
            ],
        }
        toml = f'name = "ruled"\ncycle_start = 2018\n[policy]\nmax_away_share = 1.0\n{policy}'
        scenario = load_scenario(make_scenario(tables=tables, toml=toml))
        return scenario.replace(summons=(Summons("A", "K2"), Summons("D", "K1")))

    return make


PAIRS = [("A", "S1"), ("A", "S2"), ("A", "S3"), ("B", "S1"), ("D", "S2")]
"""A: 80 h off-job (R2 met) and K2 (R7 met); B: S1 (R3, R5, R6 met, R4 met, R1 not); D: no systematic run.

R3b: B's 40 systematic hours are short of 123; R17: no professional course. U1 (4 cadres): summons
ceil(0.3 x 4) = 2, A in the ledger, B and D planned off-job: met; participation ceil(0.9 x 4) = 4,
C attends nothing: not met; hours 2 x 110 + 2 x 90 - 10.5 -> 390 h owed, 160 h planned: not met.
"""
EXPECTED = {
    "R1": (2, 0),
    "R2": (2, 1),
    "R3": (1, 1),
    "R4": (1, 1),
    "R5": (2, 1),
    "R6": (1, 1),
    "R6b": (1, 0),
    "R7": (2, 1),
    "R3b": (2, 0),
    "R17": (2, 0),
    "R16": (0, 0),
    "R12.summons": (1, 1),
    "R12.participation": (1, 0),
    "R12.hours": (1, 0),
    "R12.online": (0, 0),
}


def summary_of(counts: dict[str, tuple[int, int]]) -> dict[str, Any]:
    return {"obligations": {rule: {"owed": owed, "met": met} for rule, (owed, met) in counts.items()}}


def test_enforced_checks_come_last() -> None:
    assert CHECKS[-3:] == (check_pins, check_strict_summons, check_obligation_counts)


# ---------------------------------------------------------------- pins


def test_missing_pin_is_one_violation_naming_cadre_and_session(ruled) -> None:
    scenario = ruled().replace(pinned=(Pin("A", "S1"), Pin("B", "S1")))
    violation = only(check_pins(scenario, plan_of(scenario, [("A", "S1")])))
    assert (violation.rule, violation.cadre_id, violation.session_id) == ("pins", "B", "S1")
    assert violation.message == "cadre B is pinned to S1 but not assigned to it"


def test_kept_pins_pass(ruled) -> None:
    scenario = ruled().replace(pinned=(Pin("A", "S1"),))
    assert check_pins(scenario, plan_of(scenario, [("A", "S1")])) == []


# ---------------------------------------------------------------- strict summons


@pytest.mark.parametrize(
    "solver, expected",
    [
        ({"strict_summons": True}, ["D"]),  # made with --strict-summons: D's summons to K1 is unmet
        ({"strict_summons": False}, []),  # an unmet summons is a shortfall, not a violation
        (None, []),  # a summary without the solver's options
    ],
)
def test_strict_summons(ruled, solver: dict[str, Any] | None, expected: list[str]) -> None:
    scenario = ruled()
    summary = {} if solver is None else {"solver": solver}
    violations = check_strict_summons(scenario, plan_of(scenario, PAIRS, summary))
    assert [v.cadre_id for v in violations] == expected
    if violations:
        assert violations[0].rule == "R7"
        assert "summoned to course K1" in violations[0].message


# ---------------------------------------------------------------- obligation counts


def test_counts_recomputed_from_the_data(ruled) -> None:
    scenario = ruled()
    counts = obligation_counts(scenario, plan_of(scenario, PAIRS))
    assert {rule: (t.owed, t.met) for rule, t in counts.items()} == EXPECTED


def test_overdue_remedial_is_r6_with_the_switch_off(ruled) -> None:
    scenario = ruled("overdue_as_summons = false\n")
    counts = obligation_counts(scenario, plan_of(scenario, PAIRS))
    assert (counts["R6"].owed, counts["R6"].met, counts["R6b"].owed) == (2, 1, 0)


def test_right_counts_pass(ruled) -> None:
    scenario = ruled()
    assert check_obligation_counts(scenario, plan_of(scenario, PAIRS, summary_of(EXPECTED))) == []
    assert check_plan(scenario, plan_of(scenario, PAIRS, summary_of(EXPECTED))) == []


def test_wrong_count_names_rule_and_both_numbers(ruled) -> None:
    scenario = ruled()
    wrong = summary_of({**EXPECTED, "R2": (2, 2)})
    violation = only(check_obligation_counts(scenario, plan_of(scenario, PAIRS, wrong)))
    assert violation.rule == "R2"
    assert violation.message == "summary counts owed 2, met 2; the data give owed 2, met 1"


def test_rules_absent_from_the_summary_are_skipped(ruled) -> None:
    scenario = ruled()
    assert check_obligation_counts(scenario, plan_of(scenario, PAIRS)) == []  # no "obligations"
    partial = summary_of({"R7": EXPECTED["R7"]})
    assert check_obligation_counts(scenario, plan_of(scenario, PAIRS, partial)) == []


def test_hours_are_rounded_up_to_whole_hours(ruled) -> None:
    """A owes ceil(90 - 10.5) = 80 h: 80 planned hours meet it, 40 do not."""
    scenario = ruled()
    met = obligation_counts(scenario, plan_of(scenario, [("A", "S1"), ("A", "S2")]))["R2"]
    short = obligation_counts(scenario, plan_of(scenario, [("A", "S1"), ("A", "S3")]))["R2"]
    assert (met.met, short.met) == (1, 0)


def test_r6_needs_a_session_ending_by_the_deadline(ruled) -> None:
    """B's deadline is 2020-06-15: a systematic session ending later is no R6 (but is R3 and R5)."""
    scenario = ruled()
    s1 = scenario.session_by_id["S1"]
    late = replace(s1, session_id="S4", start=date(2020, 7, 6), end=date(2020, 7, 10))
    scenario = scenario.replace(sessions=(*scenario.sessions, late))
    counts = obligation_counts(scenario, plan_of(scenario, [("B", "S4")]))
    assert (counts["R6"].met, counts["R5"].met, counts["R3"].met) == (0, 1, 1)


# ---------------------------------------------------------------- real solves


def generated(tmp_path: Path, seed: int) -> Scenario:
    return load_scenario(generate_scenario(tmp_path / f"generated{seed}", num_cadres=300, seed=seed))


ISSUE_15_RULES = ("R3b", "R17", "R16", "R12.summons", "R12.participation", "R12.hours")
"""The new rules the default scenario owes (R12.online only when ``online_hours_per_year`` is set)."""


def test_default_solve_agrees_with_the_checker() -> None:
    """The product and the checker agree on every rule's counts for the shipped scenario's plan."""
    scenario = load_scenario(DEFAULT_SCENARIO)
    plan = solve(scenario, YEAR, SolveOptions(time_limit=20, workers=1)).plan
    reported = plan.summary["obligations"]
    assert set(COUNTED_RULES) <= set(reported)
    assert all(reported[rule]["owed"] > 0 for rule in ISSUE_15_RULES), reported
    assert check_obligation_counts(scenario, plan) == []
    assert check_plan(scenario, plan) == []


@pytest.mark.parametrize("seed, online_hours", [(1, None), (2, None), (1, 12.0)])
def test_generated_solves_agree_with_the_checker(
    seed: int, online_hours: float | None, tmp_path: Path
) -> None:
    """The same on generated scenarios, one of them with an online-hours target (R12.online)."""
    scenario = with_policy(generated(tmp_path, seed), online_hours_per_year=online_hours)
    plan = solve(scenario, YEAR, SolveOptions(time_limit=10)).plan
    if online_hours is not None:
        assert plan.summary["obligations"]["R12.online"]["owed"] > 0
    assert check_obligation_counts(scenario, plan) == []
    assert check_plan(scenario, plan) == []


def test_command_reports_a_wrong_count(ruled, tmp_path: Path) -> None:
    """``plan-check`` reads the counts from summary.json and names the rule and both numbers."""
    scenario = ruled()
    assert scenario.source is not None
    summary = {"year": YEAR, **summary_of({"R7": (2, 2)})}
    folder = write_plan(plan_of(scenario, PAIRS, summary), tmp_path / "plan")
    # The summons live in the Scenario only (ruled adds them): write them for the command.
    (scenario.source / "summons.csv").write_text(
        "cadre_id,course_id,organiser,reason\nA,K2,,\nD,K1,,\n", encoding="utf-8"
    )
    result = CliRunner().invoke(plan_check, [str(scenario.source), str(folder)])
    assert result.exit_code == 1, result.output
    assert "  R7 summary counts owed 2, met 2; the data give owed 2, met 1" in result.output.splitlines()


def test_overdue_remedial_is_counted_as_r6b_by_the_product(make_scenario) -> None:
    """DOMAIN.md: with ``overdue_as_summons`` (the default) an overdue R6 is R6b, tier 1."""
    tables = {
        "units.csv": [unit("U1")],
        "cadres.csv": [cadre("D", "U1", "bureau", promoted_on="2018-03-01")],  # due 2019-03-01
        "institutions.csv": [institution("I1")],
        "courses.csv": [course("K1", systematic=True)],
        "sessions.csv": [session("S1", "K1", "2020-03-02", "2020-03-06")],
    }
    scenario = load_scenario(make_scenario(tables=tables, toml='name = "overdue"\ncycle_start = 2018\n'))
    plan = solve(scenario, YEAR, SolveOptions(time_limit=5)).plan
    assert check_obligation_counts(scenario, plan) == []
