"""HiGHS on the hours tier (optimizer.pipeline.polish): never worse than its start; proven where exact."""

from __future__ import annotations

from helpers import YEAR, cadre, session, unit

from models import load_scenario
from optimizer.check import check_plan
from optimizer.control.options import SolveOptions
from optimizer.cpsat.warmstart import chosen_of
from optimizer.greedy.baseline import greedy_picks
from optimizer.pipeline.polish import hours_by_highs
from optimizer.pipeline.solve import solve
from optimizer.prepare.data import prepare
from optimizer.prepare.serving import by_tier, met_mask
from scenarios.generator import generate_scenario


def test_highs_finds_the_cheaper_sessions_that_meet_both_quotas(make_scenario) -> None:
    # Money for 2,000 yuan: the greedy start sends C1 to S1 (1,500 yuan) and nobody else fits;
    # both quotas are met only in S2 (1,000 yuan each). HiGHS finds it and proves 2 is the most.
    folder = make_scenario(
        {
            "units.csv": [unit("U1"), unit("U2")],
            "cadres.csv": [cadre("C1", "U1"), cadre("C2", "U2")],
            "courses.csv": [
                {"course_id": "K1", "title": "甲", "theme": "theory", "systematic": "false"},
                {"course_id": "K2", "title": "乙", "theme": "theory", "systematic": "false"},
            ],
            "sessions.csv": [
                session("S1", "K1", "2020-03-02", "2020-03-13", cost_per_head="1500"),
                session("S2", "K2", "2020-05-04", "2020-05-15", cost_per_head="1000"),
            ],
        },
        toml='name = "t"\ncycle_start = 2018\n[budget]\ntotal = 2000\n',
    )
    data = prepare(load_scenario(folder), YEAR)
    start = chosen_of(data, greedy_picks(data))
    assert by_tier(data, met_mask(data, start))[4] == 1
    polished = hours_by_highs(data, start, seconds=10)
    assert polished.optimal and polished.upper == 2
    assert {
        (data.cadres[int(c)].cadre_id, data.offerings[int(o)].group_id)
        for c, o in zip(data.pair_cadre[polished.chosen], data.pair_offering[polished.chosen], strict=True)
    } == {("C1", "S2"), ("C2", "S2")}


def test_highs_never_loses_a_tier_and_the_plan_passes_the_checker(tmp_path) -> None:
    folder = generate_scenario(tmp_path / "tiny", size="tiny", seed=11)
    scenario = load_scenario(folder)
    data = prepare(scenario, YEAR)
    start = chosen_of(data, greedy_picks(data))
    polished = hours_by_highs(data, start, seconds=10)
    before, after = by_tier(data, met_mask(data, start)), by_tier(data, met_mask(data, polished.chosen))
    assert all(after[t] >= before[t] for t in before)
    assert polished.upper is None or polished.upper >= after[4]
    result = solve(scenario, YEAR, SolveOptions(time_limit=10, workers=2, seed=1))
    assert result.plan.summary["solver"]["highs_hours"]
    assert check_plan(scenario, result.plan) == []
