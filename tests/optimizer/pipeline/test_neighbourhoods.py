"""The neighbourhood search on tiny scenarios forced through it: exact plans, checker-valid."""

from __future__ import annotations

import numpy as np
from helpers import YEAR, cadre, chosen, course, session, unit

from models import load_scenario
from optimizer.check import check_plan
from optimizer.control.options import SolveOptions
from optimizer.pipeline.shortfall_neighbourhoods import open_obligations, shortfall_neighbourhoods
from optimizer.pipeline.solve import solve, solve_greedy
from optimizer.prepare.data import prepare

THROUGH_NEIGHBOURHOODS = SolveOptions(time_limit=20, workers=2, seed=1, whole_model_pairs=0)


def _two_summons(make_scenario):
    # C1 is summoned to K1 (S1 in March or S2 in May) and K2 (S3 only, in March, overlapping S1).
    return make_scenario(
        {
            "units.csv": [unit("U1"), unit("U2")],
            "cadres.csv": [cadre("C1", "U1"), cadre("C2", "U2")],
            "courses.csv": [course("K1"), course("K2")],
            "sessions.csv": [
                session("S1", "K1", "2020-03-02", "2020-03-13"),
                session("S2", "K1", "2020-05-04", "2020-05-15", cost_per_head="3000"),
                session("S3", "K2", "2020-03-09", "2020-03-20"),
            ],
            "summons.csv": [{"cadre_id": "C1", "course_id": "K1"}, {"cadre_id": "C1", "course_id": "K2"}],
        }
    )


def test_neighbourhoods_meet_both_summons(make_scenario) -> None:
    scenario = load_scenario(_two_summons(make_scenario))
    result = solve(scenario, YEAR, THROUGH_NEIGHBOURHOODS)
    assert check_plan(scenario, result.plan) == []
    assert result.plan.summary["method"].startswith("neighbourhoods")
    assert {("C1", "S2"), ("C1", "S3")} <= chosen(result)
    assert result.plan.summary["met_by_tier"]["1"] == 2


def test_a_shortfall_neighbourhood_frees_who_sits_in_the_needed_session(make_scenario) -> None:
    # S1 has one seat; greedy gives it to C2 (hours) before anyone else; C1 owes a summons to K1.
    folder = make_scenario(
        {
            "units.csv": [unit("U1"), unit("U2")],
            "cadres.csv": [cadre("C1", "U1"), cadre("C2", "U2"), cadre("C3", "U2")],
            "courses.csv": [course("K1"), course("K2")],
            "sessions.csv": [
                session("S1", "K1", "2020-03-02", "2020-03-13", seats=1),
                session("S2", "K2", "2020-06-01", "2020-06-12", seats=1),
            ],
            "summons.csv": [{"cadre_id": "C1", "course_id": "K1"}],
        }
    )
    data = prepare(load_scenario(folder), YEAR)
    chosen_mask = np.zeros(data.num_pairs, dtype=bool)
    c2, s1 = data.cadre_index["C2"], next(o.index for o in data.offerings if o.group_id == "S1")
    chosen_mask[[p for p in data.pairs_by_cadre[c2].tolist() if data.pair_offering[p] == s1]] = True
    assert len(open_obligations(data, chosen_mask, 1)) == 1
    masks = shortfall_neighbourhoods(data, chosen_mask, 1, 1_000, np.random.default_rng(0))
    assert len(masks) == 1
    freed = {data.cadres[c].cadre_id for c in np.flatnonzero(masks[0]).tolist()}
    assert freed == {"C1", "C2"}  # who owes, and who sits in the one session that meets it


def test_neighbourhoods_never_fall_below_greedy(make_scenario) -> None:
    scenario = load_scenario(_two_summons(make_scenario))
    greedy = solve_greedy(scenario, YEAR).plan.summary["met_by_tier"]
    ours = solve(scenario, YEAR, THROUGH_NEIGHBOURHOODS).plan.summary["met_by_tier"]
    assert all(ours[t] >= greedy[t] for t in greedy)
    assert (greedy["1"], ours["1"]) == (
        1,
        2,
    )  # greedy takes S1 for K1 and so loses K2; the neighbourhood does not
