"""The per-tier table of summary.json and its lexicographic headline gap (DOMAIN.md, plan contract)."""

from __future__ import annotations

import pytest

from models import load_scenario
from optimizer import DEFAULT_SCENARIO, SolveOptions, check, solve, solve_greedy
from optimizer.pipeline.bounds import yardstick
from optimizer.prepare.tiers import tier_weights

KEYS = {"tier", "name", "owed", "met", "bound", "bound_source", "gap", "proven"}


def test_the_headline_gap_is_the_first_unproven_tiers() -> None:
    owed = {1: 5, 2: 4, 3: 2, 4: 10}
    met = {1: 5, 2: 2, 3: 1, 4: 6}
    possible = {1: 5, 2: 4, 3: 2, 4: 9}
    measure = yardstick(owed, met, possible, {1: 5, 2: 3}, {1: "cp-sat core", 2: "highs"})
    rows = [t.summary() for t in measure.tiers]
    assert [(r["tier"], r["bound"], r["bound_source"], r["proven"]) for r in rows] == [
        (1, 5, "trivial", True),  # its proven bound is no lower than what could be met at all
        (2, 3, "highs", False),
        (3, 2, "trivial", False),
        (4, 9, "trivial", False),
    ]
    assert measure.gap_tier == 2 and measure.gap == pytest.approx(1 / 3)
    assert measure.weighted_gap != measure.gap  # the weighted figure is kept apart, never the headline


def test_a_tier_nothing_can_meet_has_no_gap() -> None:
    measure = yardstick({1: 2, 4: 3}, {1: 2, 4: 0}, {1: 2, 4: 0}, {})
    assert [(t.bound, t.gap, t.proven) for t in measure.tiers] == [(2, 0.0, True), (0, 0.0, True)]
    assert measure.gap_tier is None and measure.gap == 0.0


def test_summary_json_carries_the_tiers_of_a_real_solve() -> None:
    scenario = load_scenario(DEFAULT_SCENARIO)
    result = solve(scenario, 2020, SolveOptions(time_limit=15, workers=2, seed=1))
    assert not check(scenario, result.plan)
    summary = result.plan.summary
    rows = summary["tiers"]
    assert [r["tier"] for r in rows] == [1, 2, 3, 4, 5] and all(set(r) == KEYS for r in rows)
    by_tier = summary["met_by_tier"]
    for r in rows:
        assert r["met"] == by_tier[str(r["tier"])] and 0 <= r["met"] <= r["bound"] <= r["owed"]
        assert r["gap"] == pytest.approx((r["bound"] - r["met"]) / r["bound"] if r["bound"] else 0.0)
    first = next((r for r in rows if r["gap"] > 0), None)
    assert summary["gap_tier"] == (first["tier"] if first else None)
    assert summary["gap"] == pytest.approx(first["gap"] if first else 0.0) == result.gap
    assert "weighted_gap" in summary


def test_summary_json_carries_the_indicators_with_their_targets() -> None:
    scenario = load_scenario(DEFAULT_SCENARIO)
    indicators = solve_greedy(scenario, 2020).plan.summary["indicators"]
    assert indicators["targets"] == {
        "summons_rate": 0.3,
        "participation_rate": 0.9,
        "hours_ratio": 1.0,
        "online_hours_per_capita": 24,
        "team_trained_share": 0.2,
    }
    units, total = indicators["units"], indicators["total"]
    assert total["headcount"] == len(scenario.cadres) == sum(u["headcount"] for u in units)
    for count in ("summoned", "participants", "team_trained", "top_leaders_trained", "young_trained"):
        assert total[count] == sum(u[count] for u in units)
    assert total["summons_rate"] == pytest.approx(total["summoned"] / total["headcount"])
    assert all(0 <= u["participation_rate"] <= 1 for u in units)


def test_a_province_sized_yardstick_is_exact_beyond_64_bits() -> None:
    # 100,000 cadres: ~3,000 + 4,000 + 30,000 + 175,000 + 1,700 obligations by tier pass 2**62 as weights.
    owed = {1: 3_000, 2: 4_000, 3: 30_000, 4: 175_000, 5: 1_700}
    met = {1: 2_990, 2: 3_900, 3: 13_000, 4: 70_000, 5: 1_000}
    with pytest.raises(OverflowError):
        tier_weights(owed)
    measure = yardstick(owed, met, owed, {1: 2_990, 2: 3_900})
    assert 0 < measure.bound <= measure.objective
    assert [t.met for t in measure.tiers] == list(met.values())
    assert measure.tiers[0].gap == 0 and measure.tiers[2].gap > 0
