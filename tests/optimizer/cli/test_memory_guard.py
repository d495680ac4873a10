"""The memory guard (issue 18, point 5; issue 16, point 4): a scenario whose eligible pairs need more
memory than ``--max-memory`` allows is thinned before anything is built (each cadre keeps its most useful
runs), planned, and said so, every tier measured against what is owed; with ``--refuse-too-large`` it is
refused instead, exit 1, with its size and what would fit, and nothing is written."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
from click.testing import CliRunner

from models import Rule, load_scenario
from optimizer.check import check_folder, check_plan
from optimizer.cli.annual import plan_annual
from optimizer.control.memory import GIB, max_pairs, model_room, needed_bytes, resident_bytes
from optimizer.control.options import SolveOptions
from optimizer.pipeline.solve import solve
from optimizer.prepare.data import TooManyPairs, prepare
from optimizer.prepare.serving import possible_mask, serving_pairs
from optimizer.prepare.thinning import FILL, thin
from scenarios.generator import generate_scenario


def test_max_pairs_is_the_inverse_of_needed_bytes() -> None:
    for limit in (1.0, 2.5, 12.0):
        pairs = max_pairs(limit)
        assert needed_bytes(pairs) <= limit * GIB < needed_bytes(pairs + 1)
    assert max_pairs(0.5) == 0


@pytest.fixture(scope="module")
def open_city(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return generate_scenario(tmp_path_factory.mktemp("open"), num_cadres=600, seed=3, audience="open")


def _pairs(folder: Path) -> int:
    return len(prepare(load_scenario(folder), 2020).pair_cadre)


def test_the_guard_counts_the_pairs_before_it_builds_them(open_city: Path) -> None:
    pairs = _pairs(open_city)
    with pytest.raises(TooManyPairs) as refused:
        prepare(load_scenario(open_city), 2020, max_pairs=pairs // 2)
    assert refused.value.pairs >= pairs  # the candidates before the personal filters: never fewer
    assert refused.value.cadres == 600
    assert len(prepare(load_scenario(open_city), 2020, max_pairs=refused.value.pairs).pair_cadre) == pairs


def test_thinning_keeps_each_cadre_s_most_useful_runs_within_the_limit(open_city: Path) -> None:
    whole = prepare(load_scenario(open_city), 2020)
    limit = whole.num_pairs // 2
    data = prepare(load_scenario(open_city), 2020, max_pairs=limit, thinning=True)
    assert data.thinned is not None and data.thinned.limit == limit
    assert data.num_pairs <= limit < whole.num_pairs
    per_cadre = np.bincount(data.pair_cadre, minlength=len(data.cadres))
    assert per_cadre.max() <= data.thinned.per_cadre + len(data.obligations.of_rule(Rule.R7))
    # Kept pairs are eligible pairs; a named summons keeps every run of its course.
    width = len(whole.offerings)
    assert np.isin(
        data.pair_cadre * width + data.pair_offering, whole.pair_cadre * width + whole.pair_offering
    ).all()
    for item in data.obligations.of_rule(Rule.R7):
        k = data.obligations.items.index(item)
        assert len(serving_pairs(data, k)) == len(serving_pairs(whole, whole.obligations.items.index(item)))
    # Every owed rule keeps runs, the higher tiers' first: at 11 runs a cadre (half the pairs) whatever
    # could be met in tiers 1-2 still can, and all but a few of the others (hours of systematic runs, R3b,
    # need several runs of one kind).
    before, after = possible_mask(whole), possible_mask(data)
    high = np.array([item.tier <= 2 and item.cadre_id is not None for item in whole.obligations])
    assert (after[high] == before[high]).all() and before[high].sum() > 0
    assert after.sum() >= 0.98 * before.sum()
    with pytest.raises(TooManyPairs):  # not even one run a cadre fits
        prepare(load_scenario(open_city), 2020, max_pairs=100, thinning=True)


def test_cadres_alike_share_half_their_runs_and_spread_over_the_rest(open_city: Path) -> None:
    offerings = prepare(load_scenario(open_city), 2020).offerings
    runs = np.array([o.index for o in offerings if o.offjob_hours > 0][:30])
    assert len(runs) == 30
    useful = [{Rule.R2} if o.offjob_hours > 0 else set() for o in offerings]
    group_of = np.zeros(12, dtype=np.int64)  # 12 cadres alike, owing hours, 30 runs: 12 x 10 pairs fit
    cut = thin(group_of, [runs], [frozenset({Rule.R2})], useful, offerings, limit=int(12 * 10 / FILL) + 1)
    assert cut is not None
    groups, kept, cap = cut
    assert cap == 10 and all(len(k) == cap for k in kept) and len(kept) == 5  # 5 shared, 25 others by 5
    shared = set.intersection(*(set(k.tolist()) for k in kept))
    assert len(shared) == 5 and set(np.concatenate(kept).tolist()) == set(runs.tolist())
    assert np.bincount(groups).tolist() == [3, 3, 2, 2, 2]  # the cadres in turn


def test_a_low_limit_plans_on_fewer_pairs_and_says_so(open_city: Path, tmp_path: Path) -> None:
    out = tmp_path / "plan"
    pairs = _pairs(open_city)
    limit = round((needed_bytes(pairs // 2)) / GIB, 3)
    args = ["--scenario", str(open_city), "--year", "2020", "--out", str(out), "--max-memory", str(limit)]
    result = CliRunner().invoke(plan_annual, [*args, "--lang", "en", "--time-limit", "20", "--no-exports"])
    assert result.exit_code == 0, result.output
    assert "memory: the " in result.output and "most useful runs" in result.output
    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    assert summary["thinned"]["limit_pairs"] == max_pairs(limit) and summary["model"]["pairs"] <= max_pairs(
        limit
    )
    assert all(t["bound"] == t["owed"] for t in summary["tiers"])  # no bound of the kept pairs is claimed
    assert check_folder(open_city, out, 2020) == []


def test_a_low_limit_refuses_an_open_scenario_and_writes_nothing(open_city: Path, tmp_path: Path) -> None:
    out = tmp_path / "plan"
    pairs = _pairs(open_city)
    limit = round((needed_bytes(pairs // 2)) / GIB, 3)
    args = ["--scenario", str(open_city), "--year", "2020", "--out", str(out), "--max-memory", str(limit)]
    result = CliRunner().invoke(plan_annual, [*args, "--lang", "en", "--refuse-too-large"])
    assert result.exit_code == 1, result.output
    assert "scenario too large, nothing planned" in result.output
    assert "600 cadres" in result.output and f"above the limit of {limit:.1f} GiB" in result.output
    assert f"about {max_pairs(limit):,} pairs fit ({max_pairs(limit) // 600:,} a cadre)" in result.output
    assert "Nothing was written" in result.output
    assert not out.exists()


def test_a_limit_that_fits_plans_as_before(open_city: Path, tmp_path: Path) -> None:
    out = tmp_path / "plan"
    args = ["--scenario", str(open_city), "--year", "2020", "--out", str(out), "--time-limit", "20"]
    result = CliRunner().invoke(plan_annual, [*args, "--max-memory", "8", "--workers", "1"])
    assert result.exit_code == 0, result.output
    assert (out / "summary.json").exists()


def test_a_core_model_that_would_not_fit_in_the_memory_left_is_not_built(open_city: Path) -> None:
    # No room beside what the process holds: no core is built, every search stops at once, it is said so,
    # and the plan (the greedy's, as good as the searches left it) is still a valid plan.
    scenario = load_scenario(open_city)
    limit = 0.9 * resident_bytes() / GIB  # below what the process holds already
    need, left = model_room(1_000, limit)
    assert need == 2_000_000 and left < need
    lines: list[str] = []
    options = SolveOptions(time_limit=10, workers=2, seed=1, max_memory=limit, max_pairs=10**9)  # data kept
    result = solve(scenario, 2020, options, lines.append)
    assert any("core of tier" in line and "not built" in line and "memory limit" in line for line in lines)
    # Every CP-SAT search is stopped at its first look at the memory, keeping its hint's plan.
    assert any("stopped at" in line and "memory above" in line for line in lines)
    assert "core" not in result.plan.summary or not result.plan.summary["core"].get("proven_tiers")
    assert not check_plan(scenario, result.plan)
