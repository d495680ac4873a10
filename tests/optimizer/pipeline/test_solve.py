"""End to end: determinism, property tests against the greedy baseline, the default scenario."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from models import load_scenario
from optimizer.check import check_plan
from optimizer.control.options import SolveOptions
from optimizer.pipeline.result import SolveStatus
from optimizer.pipeline.solve import solve, solve_greedy
from scenarios import default_scenario
from scenarios.generator import generate_scenario

YEAR = 2020


def _assignments(result) -> list[tuple]:  # type: ignore[no-untyped-def]
    return [(a.cadre_id, a.session_id, a.reason.value) for a in result.plan.assignments]


@pytest.fixture(scope="module")
def tiny(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return generate_scenario(tmp_path_factory.mktemp("tiny"), size="tiny", seed=7)


def test_same_seed_one_worker_gives_the_same_plan(tiny: Path) -> None:
    scenario = load_scenario(tiny)
    options = SolveOptions(time_limit=8, workers=1, seed=3)
    first, second = solve(scenario, YEAR, options), solve(scenario, YEAR, options)
    assert _assignments(first) == _assignments(second)
    assert first.plan.assignments


@settings(max_examples=6, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(seed=st.integers(0, 10_000))
def test_generated_scenarios_are_never_behind_a_greedy_peer(
    tmp_path_factory: pytest.TempPathFactory, seed: int
) -> None:
    folder = generate_scenario(tmp_path_factory.mktemp("gen"), size="tiny", seed=seed)
    scenario = load_scenario(folder)
    greedy = solve_greedy(scenario, YEAR)
    result = solve(scenario, YEAR, SolveOptions(time_limit=6, workers=2, seed=1))
    assert result.status in (SolveStatus.OPTIMAL, SolveStatus.FEASIBLE)
    assert check_plan(scenario, result.plan) == []
    assert check_plan(scenario, greedy.plan) == []
    # Lexicographically, against every greedy peer: tier 1 first, then tier 2 given tier 1, ...
    ours = _ranked(result.plan.summary["met_by_tier"])
    assert ours >= _ranked(greedy.plan.summary["met_by_tier"])
    for order, peer in result.plan.summary["peers"].items():
        assert ours >= _ranked(peer["met"]), order
    shutil.rmtree(folder)


def _ranked(met: dict[str, int]) -> tuple[int, ...]:
    return tuple(met[tier] for tier in sorted(met, key=int))


def test_default_scenario_end_to_end() -> None:
    scenario = load_scenario(default_scenario())
    greedy = solve_greedy(scenario, YEAR)
    result = solve(scenario, YEAR, SolveOptions(time_limit=25, workers=2, seed=0))
    assert check_plan(scenario, result.plan) == []
    ours, base = result.plan.summary["met_by_tier"], greedy.plan.summary["met_by_tier"]
    # Never behind the greedy baseline or any peer in the priority order (tier 1 first, then tier 2 ...).
    # How much better within a time limit depends on the machine's load: that is measured by the
    # benchmarks, not asserted here; strict gains are asserted on tiny scenarios where they are exact.
    assert _ranked(ours) >= _ranked(base)
    assert all(_ranked(ours) >= _ranked(peer["met"]) for peer in result.plan.summary["peers"].values())
    assert result.plan.summary["total_seconds"] <= 25 * 1.05
