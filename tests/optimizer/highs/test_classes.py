"""The LP over classes of alike cadres (optimizer.highs.classes): exact on small cases, never below the LP."""

from __future__ import annotations

import shutil

import pytest
from helpers import YEAR, cadre, course, session, unit
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from models import load_scenario
from optimizer.check import check_plan
from optimizer.control.options import SolveOptions
from optimizer.cpsat.warmstart import chosen_of
from optimizer.greedy.baseline import greedy_picks
from optimizer.highs.classes import FINE_STEP, class_bound
from optimizer.pipeline import lp_bounds
from optimizer.pipeline.lp_bounds import lp_tier_bounds
from optimizer.pipeline.solve import solve
from optimizer.prepare.data import prepare
from optimizer.prepare.serving import by_tier, met_mask, possible_mask
from optimizer.prepare.tiers import HOURS
from scenarios.generator import generate_scenario

TOML = 'name = "t"\ncycle_start = 2018\n\n[policy]\nannual_hours = 40\n'
# Three staff cadres owe 40 h (R2, tier 4); S1 gives 40 h and has two seats: two quotas at most.
TABLES = {
    "units.csv": [unit("U1", max_away_share="1")],
    "cadres.csv": [cadre(c, "U1") for c in ("C1", "C2", "C3")],
    "sessions.csv": [session("S1", "K1", "2020-03-02", "2020-03-06", seats=2, hours="40")],
}


def test_three_alike_cadres_are_one_class_and_the_seats_bound_them(make_scenario) -> None:
    data = prepare(load_scenario(make_scenario(TABLES, TOML)), YEAR)
    found = class_bound(data, 4, {}, seconds=30)
    assert (found.upper, found.classes) == (2, 1)


def test_the_tiers_above_are_held(make_scenario) -> None:
    # C1 is summoned to K1 (its own class): held at one summons met, C1 takes a seat of S1, one is left.
    tables = {**TABLES, "summons.csv": [{"cadre_id": "C1", "course_id": "K1"}]}
    data = prepare(load_scenario(make_scenario(tables, TOML)), YEAR)
    assert class_bound(data, 1, {}, seconds=30).upper == 1
    found = class_bound(data, 4, {1: 1}, seconds=30)
    assert (found.upper, found.classes) == (2, 2)


def test_a_class_pays_whole_sessions_toward_its_quota(make_scenario) -> None:
    # Three cadres owe 90 h; the sessions give 40 h each with 2, 2 and 1 seats. A quota needs three
    # sessions (120 h, the least reachable), so five seats make one quota: 5 x 40 / 120 = 1.67.
    tables = {
        "units.csv": [unit("U1", max_away_share="1")],
        "cadres.csv": [cadre(c, "U1") for c in ("C1", "C2", "C3")],
        "courses.csv": [course(f"K{i}") for i in (1, 2, 3)],
        "sessions.csv": [
            session("S1", "K1", "2020-03-02", "2020-03-06", seats=2, hours="40"),
            session("S2", "K2", "2020-04-06", "2020-04-10", seats=2, hours="40"),
            session("S3", "K3", "2020-05-04", "2020-05-08", seats=1, hours="40"),
        ],
    }
    toml = TOML.replace("annual_hours = 40", "annual_hours = 90")
    data = prepare(load_scenario(make_scenario(tables, toml)), YEAR)
    assert class_bound(data, 4, {}, seconds=30).upper == 1


def test_a_course_counts_once_for_a_class_of_one(make_scenario) -> None:
    # Two runs of one course, 40 h each, plenty of seats: the cadre may take only one, so its 80 h quota is
    # out of reach; the course row (both runs together at most the class's one member) keeps the LP at half.
    tables = {
        **TABLES,
        "cadres.csv": [cadre("C1", "U1")],
        "sessions.csv": [
            session("S1", "K1", "2020-03-02", "2020-03-06", seats=9, hours="40"),
            session("S2", "K1", "2020-04-06", "2020-04-10", seats=9, hours="40"),
        ],
    }
    toml = TOML.replace("annual_hours = 40", "annual_hours = 80")
    data = prepare(load_scenario(make_scenario(tables, toml)), YEAR)
    assert class_bound(data, 4, {}, seconds=30).upper == 0


def test_above_the_full_lp_size_the_tiers_get_class_bounds(make_scenario, monkeypatch) -> None:
    monkeypatch.setattr(lp_bounds, "LP_FULL_PAIRS", 0)
    data = prepare(load_scenario(make_scenario(TABLES, TOML)), YEAR)
    found = lp_tier_bounds(data, {}, {4}, seconds=30)
    assert found.upper == {4: 2} and found.source == {4: "highs class lp"}


def test_thinned_pairs_get_no_class_bound(make_scenario, monkeypatch) -> None:
    # Above --max-memory each cadre keeps only its most useful runs: an LP over those bounds another
    # instance, so no bound is claimed (the tiers are measured against what is owed).
    monkeypatch.setattr(lp_bounds, "LP_FULL_PAIRS", 0)
    tables = {
        **TABLES,
        "courses.csv": [course("K1"), course("K2")],
        "sessions.csv": [
            session("S1", "K1", "2020-03-02", "2020-03-06", seats=2, hours="40"),
            session("S2", "K2", "2020-04-06", "2020-04-10", seats=2, hours="40"),
        ],
    }
    data = prepare(load_scenario(make_scenario(tables, TOML)), YEAR, max_pairs=5, thinning=True)
    assert data.thinned is not None and data.num_pairs < 6
    found = lp_tier_bounds(data, {}, {4}, seconds=30)
    assert found.upper == {} and "kept of" in found.note


@settings(max_examples=4, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(seed=st.integers(0, 10_000))
def test_never_below_the_lp_over_every_pair_nor_a_plan(
    tmp_path_factory: pytest.TempPathFactory, seed: int
) -> None:
    """A relaxation of the LP over every pair: for each tier with cadres' own obligations, the class bound
    (coarse and fine) is at least that LP's bound, which is at least what the greedy plan meets, the tiers
    above held at the plan's counts."""
    folder = generate_scenario(tmp_path_factory.mktemp("classes"), size="tiny", seed=seed)
    data = prepare(load_scenario(folder), YEAR)
    met = by_tier(data, met_mask(data, chosen_of(data, greedy_picks(data))))
    for tier in (1, 2, 3, 4):
        held = {t: m for t, m in met.items() if t < tier}
        lp = lp_tier_bounds(data, held, {tier}, seconds=60).upper[tier]
        for step, by_place in ((40, False), (FINE_STEP, True)):
            found = class_bound(data, tier, held, seconds=60, hours_step=step, by_place=by_place)
            assert found.upper is not None and found.upper >= lp >= met[tier], (tier, step)
    shutil.rmtree(folder)


def test_a_solve_above_the_full_lp_size_reports_the_class_bound(tmp_path_factory, monkeypatch) -> None:
    """End to end on a generated scenario, as if its pairs were too many for the LP over every pair (and
    for one model: neighbourhoods, whose hours tier has no bound of its own): the hours tier's bound is
    the class LP's, at least what the checked plan meets, and a real bound (below the trivial one: the
    tiny scenario's seats and budget do not let every quota be met)."""
    monkeypatch.setattr(lp_bounds, "LP_FULL_PAIRS", 0)
    folder = generate_scenario(tmp_path_factory.mktemp("classes-solve"), size="tiny", seed=7)
    scenario = load_scenario(folder)
    result = solve(scenario, YEAR, SolveOptions(time_limit=10, workers=2, seed=1, whole_model_pairs=0))
    assert check_plan(scenario, result.plan) == []
    hours = next(t for t in result.plan.summary["tiers"] if t["tier"] == HOURS)
    data = prepare(scenario, YEAR)
    expected = class_bound(data, HOURS, {}, seconds=30, hours_step=FINE_STEP).upper
    assert hours["bound_source"] == "highs class lp"
    assert expected is not None and hours["met"] <= hours["bound"] <= expected
    assert hours["bound"] < by_tier(data, possible_mask(data))[HOURS]
    shutil.rmtree(folder)
