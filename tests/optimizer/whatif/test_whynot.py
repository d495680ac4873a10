"""Why-not: what a cadre owes, each session serving it and the rule keeping them out, the checked fix."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest
from click.testing import CliRunner
from helpers import YEAR, cadre, course, institution, session, unit

from models import DateRange, build_plan, load_scenario, owed_obligations, write_plan
from optimizer.cli.explain import plan_explain
from optimizer.control.options import SolveOptions
from optimizer.whatif.verdicts import Verdict
from optimizer.whatif.whynot import why_not

QUICK = SolveOptions(time_limit=5, workers=1, seed=1)
BUDGET = 'name = "tiny"\ncycle_start = 2018\n[budget]\ntotal = 3000\n'


@pytest.fixture
def blocked(make_scenario):
    """C1 owes 90 h and each of the five sessions is closed to them by a different rule.

    The plan: C2 (summoned to K1) in S1, which has one seat; C4, C1's only
    colleague in U1 (release cap 1), in S4. 2,400 of the 3,000 yuan are spent.
    """
    folder = make_scenario(
        {
            "units.csv": [unit("U1"), unit("U2")],
            "cadres.csv": [cadre("C1", "U1"), cadre("C2", "U2"), cadre("C4", "U1", unavailable="")],
            "courses.csv": [course(f"K{k}") for k in range(1, 6)],
            "sessions.csv": [
                session("S1", "K1", "2020-03-02", "2020-03-13", seats=1),
                session("S2", "K2", "2020-04-06", "2020-04-17"),
                session("S3", "K3", "2020-05-04", "2020-05-15", audience_ranks="division"),
                session("S4", "K4", "2020-06-01", "2020-06-12"),
                session("S5", "K5", "2020-09-07", "2020-09-18"),
            ],
            "summons.csv": [{"cadre_id": "C2", "course_id": "K1", "organiser": "city_org", "reason": "点名"}],
        },
        toml=BUDGET,
    )
    scenario = load_scenario(folder)
    scenario = scenario.replace(
        cadres=tuple(c if c.cadre_id != "C1" else load_unavailable(c) for c in scenario.cadres)
    )
    plan = build_plan(scenario, owed_obligations(scenario, YEAR), [("C2", "S1"), ("C4", "S4")])
    return scenario, plan


def load_unavailable(person):
    return replace(person, unavailable=(DateRange(date(2020, 4, 1), date(2020, 4, 30)),))


def test_every_session_with_the_rule_that_keeps_the_cadre_out(blocked) -> None:
    scenario, plan = blocked
    answer = why_not(scenario, YEAR, plan, "C1", attempts=0)
    assert [(o.rule, o.required, o.planned) for o in answer.owed] == [("R2", 90, 0)]
    assert answer.planned == []
    budget = "total budget: 600 yuan left, the session costs 1,200 (R14)"
    assert [replace(v, why=str(v.why)) for v in answer.sessions] == [
        Verdict(
            "S1",
            "K1",
            date(2020, 3, 2),
            date(2020, 3, 13),
            ("R2",),
            False,
            ("full", "budget"),
            f"full (1 seats taken); {budget}",
        ),
        Verdict(
            "S2",
            "K2",
            date(2020, 4, 6),
            date(2020, 4, 17),
            ("R2",),
            False,
            ("unavailable",),
            "the cadre is unavailable 2020-04-01..2020-04-30",
        ),
        Verdict(
            "S3",
            "K3",
            date(2020, 5, 4),
            date(2020, 5, 15),
            ("R2",),
            False,
            ("audience",),
            "not open to a staff civil_servant cadre of unit U1",
        ),
        Verdict(
            "S4",
            "K4",
            date(2020, 6, 1),
            date(2020, 6, 12),
            ("R2",),
            False,
            ("release", "budget"),
            f"unit U1's release cap (R9) of 1 reached on those dates (C4 in S4 away); {budget}",
        ),
        Verdict("S5", "K5", date(2020, 9, 7), date(2020, 9, 18), ("R2",), False, ("budget",), budget),
    ]
    assert answer.fix is None and answer.tried == []


def test_the_smallest_change_is_checked_by_re_solving(blocked) -> None:
    # S5 needs one change (600 yuan more); S1 and S4 need two. The re-solve keeps C2 and C4 where they are.
    scenario, plan = blocked
    answer = why_not(scenario, YEAR, plan, "C1", QUICK, attempts=3)
    assert answer.fix is not None
    assert str(answer.fix.change) == "600 yuan more in the total budget and C1 confirmed in S5"
    assert answer.fix.verified and answer.fix.others_changed == 0 and answer.fix.obligations_lost == 0
    assert answer.fix.direct  # C1 added to the plan as it is, with the 600 yuan, is valid
    assert [f.session_id for f in answer.tried] == ["S5"]  # the next candidates need more changes
    text = str(answer)
    assert "smallest change: 600 yuan more in the total budget and C1 confirmed in S5 -- checked" in text
    assert (
        "  and 1 more serving hours or the team share, not open to a staff civil_servant cadre of unit U1: S3"
        in text
    )


def test_a_full_session_needs_one_more_seat(make_scenario) -> None:
    # Two cadres owe 90 h, one session with one seat taken by C2: one more seat lets C1 in.
    folder = make_scenario(
        {
            "units.csv": [unit("U1"), unit("U2")],
            "cadres.csv": [cadre("C1", "U1"), cadre("C2", "U2")],
            "sessions.csv": [session("S1", "K1", "2020-03-02", "2020-03-13", seats=1)],
        }
    )
    scenario = load_scenario(folder)
    plan = build_plan(scenario, owed_obligations(scenario, YEAR), [("C2", "S1")])
    answer = why_not(scenario, YEAR, plan, "C1", QUICK)
    assert [(v.session_id, v.blocks) for v in answer.sessions] == [("S1", ("full",))]
    assert answer.fix is not None and str(answer.fix.change) == "one more seat in S1 and C1 confirmed in S1"
    assert answer.fix.verified and answer.fix.others_changed == 0


def test_overlap_is_lifted_by_confirming_the_cadre_and_counts_what_it_costs(make_scenario) -> None:
    # C1 is summoned to K1 (S1) and owes 90 h; S2 overlaps S1. Confirming C1 in S2 is valid
    # only by dropping S1: the checked fix reports the lost summons.
    folder = make_scenario(
        {
            "courses.csv": [course("K1"), course("K2")],
            "sessions.csv": [
                session("S1", "K1", "2020-03-02", "2020-03-06"),
                session("S2", "K2", "2020-03-04", "2020-03-17"),
            ],
            "summons.csv": [{"cadre_id": "C1", "course_id": "K1"}],
        }
    )
    scenario = load_scenario(folder)
    plan = build_plan(scenario, owed_obligations(scenario, YEAR), [("C1", "S1")])
    answer = why_not(scenario, YEAR, plan, "C1", QUICK)
    assert [(o.rule, o.met) for o in answer.owed] == [("R7", True), ("R2", False)]
    assert [(v.session_id, v.chosen, v.blocks) for v in answer.sessions] == [
        ("S1", True, ()),
        ("S2", False, ("overlap",)),
    ]
    assert str(answer.sessions[1].why) == "overlaps S1, which the cadre attends (R8)"
    assert answer.fix is not None and str(answer.fix.change) == "C1 confirmed in S2"
    assert answer.fix.obligations_lost == 1 and answer.fix.direct


def test_no_change_when_the_session_cannot_run(make_scenario) -> None:
    # S1 needs three cadres and only C1 may attend (division only): confirming C1 is infeasible.
    folder = make_scenario(
        {
            "units.csv": [unit("U1"), unit("U2")],
            "cadres.csv": [cadre("C1", "U1", rank="division"), cadre("C2", "U2")],
            "courses.csv": [course("K1", systematic=True)],
            "sessions.csv": [
                session("S1", "K1", "2020-03-02", "2020-03-13", min_enrolment="3", audience_ranks="division")
            ],
        }
    )
    scenario = load_scenario(folder)
    plan = build_plan(scenario, owed_obligations(scenario, YEAR), [])
    answer = why_not(scenario, YEAR, plan, "C1", QUICK)
    assert [v.blocks for v in answer.sessions] == [("cancelled",)]
    assert answer.fix is None
    assert [(f.verified, str(f.detail), f.direct) for f in answer.tried] == [
        (False, "re-solve: infeasible", False)
    ]
    assert "no change found that lets the cadre in" in str(answer)


def test_a_cadre_who_owes_nothing(make_scenario) -> None:
    folder = make_scenario({})
    scenario = load_scenario(folder)
    scenario = scenario.replace(history=())
    plan = build_plan(scenario, owed_obligations(scenario, YEAR), [("C1", "S1")])
    answer = why_not(scenario, YEAR, plan, "C1", QUICK)
    assert answer.planned == ["S1"] and [v.chosen for v in answer.sessions] == [True]
    assert answer.fix is None and answer.tried == []


def test_unknown_cadre(make_scenario) -> None:
    scenario = load_scenario(make_scenario({}))
    with pytest.raises(KeyError, match="C9"):
        why_not(scenario, YEAR, build_plan(scenario, owed_obligations(scenario, YEAR), []), "C9", attempts=0)


def test_plan_explain_command(make_scenario, tmp_path) -> None:
    folder = make_scenario(
        {
            "units.csv": [unit("U1"), unit("U2")],
            "cadres.csv": [cadre("C1", "U1"), cadre("C2", "U2")],
            "sessions.csv": [session("S1", "K1", "2020-03-02", "2020-03-13", seats=1)],
        }
    )
    scenario = load_scenario(folder)
    write_plan(build_plan(scenario, owed_obligations(scenario, YEAR), [("C2", "S1")]), tmp_path / "plan")
    runner = CliRunner()
    args = [
        "--year",
        str(YEAR),
        "--scenario",
        str(folder),
        "--plan",
        str(tmp_path / "plan"),
        "--workers",
        "1",
        "--time-limit",
        "5",
    ]
    result = runner.invoke(plan_explain, [*args, "--cadre", "C1", "--lang", "en"])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0] == "C1 干部C1 (staff, civil_servant, unit U1) in 2020"
    assert "  S1 K1 2020-03-02..2020-03-13 serves R2: full (1 seats taken)" in lines
    assert lines[-1].startswith("smallest change: one more seat in S1 and C1 confirmed in S1 -- checked")
    chinese = runner.invoke(plan_explain, [*args, "--cadre", "C1"]).output.splitlines()  # zh by default
    assert chinese[0] == "C1 干部C1(科员及以下,公务员,单位U1)2020年"
    assert "  S1 K1 2020-03-02..2020-03-13 可满足R2:名额已满(1个名额均已安排)" in chinese
    assert chinese[-1].startswith("最小改动:S1增加1个名额,并确认C1参加S1 -- 已核验")
    unknown = runner.invoke(plan_explain, [*args, "--cadre", "C9"])
    assert unknown.exit_code == 2 and "unknown cadre 'C9'" in unknown.output


LIMITS = [
    # C4, C1's only colleague (U1 cap 1), is in S1: the unit's cap goes up by one.
    (
        {"cadres.csv": [cadre("C1", "U1"), cadre("C4", "U1")]},
        [("C4", "S1")],
        "unit U1 may have 2 cadres away at once (release cap 1 -> 2) and C1 confirmed in S1",
    ),
    # The institution has one bed, C2's.
    (
        {"institutions.csv": [institution(beds="1")]},
        [("C2", "S1")],
        "one more bed at I1 and C1 confirmed in S1",
    ),
    # U1's budget of 1,000 yuan is short of the session's 1,200.
    (
        {"units.csv": [unit("U1", budget="1000"), unit("U2")]},
        [("C2", "S1")],
        "200 yuan more in unit U1's budget and C1 confirmed in S1",
    ),
]


@pytest.mark.parametrize(("tables", "picks", "change"), LIMITS)
def test_each_limit_is_raised_by_the_least_that_lets_the_cadre_in(
    make_scenario, tables, picks, change
) -> None:
    folder = make_scenario(
        {
            "units.csv": [unit("U1"), unit("U2")],
            "cadres.csv": [cadre("C1", "U1"), cadre("C2", "U2")],
            **tables,
        }
    )
    scenario = load_scenario(folder)
    plan = build_plan(scenario, owed_obligations(scenario, YEAR), picks)
    answer = why_not(scenario, YEAR, plan, "C1", QUICK)
    assert answer.fix is not None and str(answer.fix.change) == change
    assert answer.fix.verified and answer.fix.direct and answer.fix.others_changed == 0
