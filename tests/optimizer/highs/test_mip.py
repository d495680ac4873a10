"""HiGHS (optimizer.highs) against CP-SAT: same met per tier, same cost, a plan the checker accepts.

Each hand-made scenario mixes several rules so that the stages have
something to trade; HiGHS solves them weighted (one stage-1 objective)
and tier by tier (``max_weight=0``), and both must agree with CP-SAT.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import write_scenario
from helpers import YEAR, cadre, course, history, institution, session, solve_checked, unit

from models import load_scenario
from optimizer.check import check_plan
from optimizer.control.options import SolveOptions
from optimizer.highs.bound import lp_bound
from optimizer.highs.model import build_mip
from optimizer.pipeline.highs_peer import solve_highs
from optimizer.pipeline.result import Result
from optimizer.pipeline.solve import solve
from optimizer.prepare.data import prepare
from scenarios.generator import generate_scenario

PER_TIER, WEIGHTED = 0.0, 1e7

# Two seats and three claims (summons > remedial > hours), an overlap, one bed, a release cap of 1,
# a session cancelled below its minimum enrolment, a team-share obligation and a budget.
MIXED = {
    "units.csv": [unit("U1"), unit("U2"), unit("U3", budget="3000")],
    "cadres.csv": [
        cadre("C1", "U1"),
        cadre("C2", "U2", rank="division"),
        cadre("C3", "U3"),
        cadre("C4", "U1"),
        cadre("C5", "U3"),
        cadre("L1", "U2", rank="division", category="leadership"),
    ],
    "institutions.csv": [
        institution(),
        institution("I2", beds="1", cost_per_day=80),
        institution("NET", kind="online", cost_per_day=10),
    ],
    "courses.csv": [course("K1", systematic=True), course("K2"), course("K3"), course("K4")],
    "sessions.csv": [
        session("S1", "K1", "2020-03-02", "2020-03-13", seats=2),
        session("S2", "K2", "2020-03-09", "2020-03-20", institution="I2"),
        session("S3", "K3", "2020-03-09", "2020-03-20", institution="I2", cost_per_head="700"),
        session("S4", "K4", "2020-06-01", "2020-06-12", min_enrolment="3"),
        session("S5", "K2", "2020-09-07", "2020-09-18", cost_per_head="1500"),
        session("S6", "K3", "2020-10-12", "2020-10-14", institution="NET"),
    ],
    "summons.csv": [{"cadre_id": "C1", "course_id": "K1"}, {"cadre_id": "C4", "course_id": "K2"}],
    "history.csv": [history("L1", "OLD", "2018-05-01", "2018-07-31", 550, systematic=True)],
}

# Hours by several sessions per cadre, one of them segmented, with a tight total budget.
HOURS = {
    "units.csv": [unit("U1"), unit("U2")],
    "cadres.csv": [cadre("C1", "U1", rank="division"), cadre("C2", "U2"), cadre("C3", "U2")],
    "courses.csv": [course("K1"), course("K2"), course("K3")],
    "sessions.csv": [
        session("S1a", "K1", "2020-02-03", "2020-02-07"),
        session("S1b", "K1", "2020-02-17", "2020-02-21", segment_of="S1a"),
        session("S2", "K2", "2020-04-06", "2020-04-17", cost_per_head="900"),
        session("S3", "K3", "2020-05-04", "2020-05-15", seats=1),
        session("S4", "K2", "2020-07-06", "2020-07-17"),
    ],
}
HOURS_TOML = 'name = "t"\ncycle_start = 2018\n[budget]\ntotal = 4000\n'

CASES = {"mixed": (MIXED, None), "hours": (HOURS, HOURS_TOML)}


@pytest.fixture(scope="module")
def cp_sat_results(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[Path, Result]]:
    results = {}
    for name, (tables, toml) in CASES.items():
        folder = write_scenario(tmp_path_factory.mktemp(name), tables, toml)
        results[name] = folder, solve_checked(folder)
    return results


def _highs_checked(folder: Path, max_weight: float, time_limit: float = 20.0) -> Result:
    scenario = load_scenario(folder)
    result = solve_highs(scenario, YEAR, time_limit, max_weight=max_weight)
    violations = check_plan(scenario, result.plan)
    assert not violations, "\n".join(map(str, violations))
    return result


@pytest.mark.parametrize("max_weight", [WEIGHTED, PER_TIER], ids=["weighted", "per-tier"])
@pytest.mark.parametrize("case", sorted(CASES))
def test_highs_matches_cp_sat(cp_sat_results, case: str, max_weight: float) -> None:
    folder, cp_sat = cp_sat_results[case]
    assert cp_sat.status.value == "optimal"
    highs = _highs_checked(folder, max_weight)
    assert highs.status.value == "optimal"
    assert highs.plan.summary["bound_source"] == "highs"
    assert highs.plan.summary["met_by_tier"] == cp_sat.plan.summary["met_by_tier"]
    assert highs.plan.summary["cost"] == cp_sat.plan.summary["cost"]
    assert highs.objective == cp_sat.objective and highs.bound == highs.objective
    assert highs.stages[-1].objective == cp_sat.stages[-1].objective  # the cost stage


@pytest.mark.parametrize("max_weight", [WEIGHTED, PER_TIER], ids=["weighted", "per-tier"])
@pytest.mark.parametrize("case", sorted(CASES))
def test_lp_bounds_stay_below_the_optimum(cp_sat_results, case: str, max_weight: float) -> None:
    folder, cp_sat = cp_sat_results[case]
    data = prepare(load_scenario(folder), YEAR)
    mip = build_mip(data)
    penalty = int(cp_sat.objective)
    assert lp_bound(data, 1, mip=mip, max_weight=max_weight) <= penalty
    assert lp_bound(data, 2, penalty, mip=mip, max_weight=max_weight) <= cp_sat.stages[-1].objective


@pytest.mark.parametrize("max_weight", [WEIGHTED, PER_TIER], ids=["weighted", "per-tier"])
def test_pins(make_scenario, max_weight: float) -> None:
    # C1 is pinned to the dearer run S2 and keeps it; a pin on a course in C2's ledger cannot be kept (R8).
    tables = {
        "units.csv": [unit("U1"), unit("U2")],
        "cadres.csv": [cadre("C1", "U1"), cadre("C2", "U2")],
        "sessions.csv": [
            session("S1", "K1", "2020-03-02", "2020-03-13"),
            session("S2", "K1", "2020-05-04", "2020-05-15", cost_per_head="5000"),
        ],
        "history.csv": [history("C2", "K1", "2019-03-04", "2019-03-08", 40)],
    }
    keep, broken = make_scenario(tables), make_scenario(tables)
    (keep / "pinned.csv").write_text("cadre_id,session_id\nC1,S2\n", encoding="utf-8")
    (broken / "pinned.csv").write_text("cadre_id,session_id\nC2,S1\n", encoding="utf-8")
    kept = _highs_checked(keep, max_weight)
    assert ("C1", "S2") in {(a.cadre_id, a.session_id) for a in kept.plan.assignments}
    assert kept.plan.summary["cost"] == solve_checked(keep).plan.summary["cost"]
    refused = solve_highs(load_scenario(broken), YEAR, 10.0, max_weight=max_weight)
    assert refused.status.value == "infeasible" and not refused.plan.assignments
    assert refused.plan.summary["explanation"]


def test_generated_tiny_optimum_lies_within_cp_sat_bounds(tmp_path: Path) -> None:
    # HiGHS proves the 200-cadre scenario in seconds; CP-SAT's objective and bound must bracket it.
    scenario = load_scenario(generate_scenario(tmp_path / "tiny", "tiny", seed=1))
    highs = solve_highs(scenario, YEAR, 30.0)
    assert not check_plan(scenario, highs.plan)
    assert highs.status.value == "optimal"
    cp_sat = solve(scenario, YEAR, SolveOptions(time_limit=5.0, workers=2, seed=1))
    assert cp_sat.bound is not None and cp_sat.objective is not None
    assert cp_sat.bound <= highs.objective <= cp_sat.objective
