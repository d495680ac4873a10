"""The hours tier over the whole scenario's short list (optimizer.pipeline.hours_shortlist)."""

from __future__ import annotations

import numpy as np
from helpers import YEAR, cadre, course, session, unit

from models import load_scenario
from optimizer.control.clock import Clock
from optimizer.control.context import SolveContext
from optimizer.control.options import SolveOptions
from optimizer.pipeline import hours_shortlist
from optimizer.pipeline.hours_shortlist import hours_over_shortlist, listed_pairs
from optimizer.pipeline.neighbourhoods import improve_by_regions
from optimizer.prepare.data import prepare
from optimizer.prepare.serving import by_tier, met_mask
from optimizer.prepare.tiers import HOURS


def _two_units_three_runs(make_scenario):
    # C1 (U1) and C2 (U2), staff with no ledger: each owes 90 h (R2, tier 4). Three runs of 96 h (12 days),
    # each course once: S1 with two seats, S2 and S3 with one. Both can be met, in one run or apart.
    weeks = [("2020-03-02", "2020-03-13"), ("2020-05-04", "2020-05-15"), ("2020-09-07", "2020-09-18")]
    return make_scenario(
        {
            "units.csv": [unit("U1"), unit("U2")],
            "cadres.csv": [cadre("C1", "U1"), cadre("C2", "U2")],
            "courses.csv": [course(f"K{i}") for i in (1, 2, 3)],
            "sessions.csv": [
                session(f"S{i}", f"K{i}", a, b, seats=2 if i == 1 else 1) for i, (a, b) in enumerate(weeks, 1)
            ],
        }
    )


def test_the_list_takes_fewer_runs_until_it_fits(make_scenario, monkeypatch) -> None:
    data = prepare(load_scenario(_two_units_three_runs(make_scenario)), YEAR)
    empty = np.zeros(data.num_pairs, dtype=bool)
    assert data.num_pairs == 6
    monkeypatch.setattr(hours_shortlist, "MOST_RUNS", 3)
    assert listed_pairs(data, empty, max_pairs=6)[1] == 3
    index, runs = listed_pairs(data, empty, max_pairs=5)
    assert runs == 2 and len(index) == 4  # each cadre's two cheapest runs
    index, runs = listed_pairs(data, empty, max_pairs=2)
    assert runs == 1 and len(index) == 2
    assert listed_pairs(data, empty, max_pairs=1)[1] == 0  # one run each is two pairs: none fits


def test_the_pass_meets_both_quotas_from_an_empty_plan(make_scenario, monkeypatch) -> None:
    data = prepare(load_scenario(_two_units_three_runs(make_scenario)), YEAR)
    assert by_tier(data, met_mask(data, np.zeros(data.num_pairs, dtype=bool)))[HOURS] == 0
    monkeypatch.setattr(hours_shortlist, "MOST_RUNS", 1)
    context = SolveContext(SolveOptions(time_limit=10, workers=1), Clock(10.0))
    found = hours_over_shortlist(data, np.zeros(data.num_pairs, dtype=bool), {}, context, Clock(10.0))
    assert found is not None and found.runs == 1 and found.pairs == 2 and found.gained == 2
    assert by_tier(data, met_mask(data, found.chosen))[HOURS] == 2
    assert int(found.chosen.sum()) == 2


def test_a_plan_already_at_the_lists_best_is_kept(make_scenario, monkeypatch) -> None:
    data = prepare(load_scenario(_two_units_three_runs(make_scenario)), YEAR)
    start = np.zeros(data.num_pairs, dtype=bool)
    for c in range(2):  # each cadre in S1, the run both can share
        start[np.flatnonzero((data.pair_cadre == c) & (data.pair_offering == 0))] = True
    assert by_tier(data, met_mask(data, start))[HOURS] == 2
    context = SolveContext(SolveOptions(time_limit=10, workers=1), Clock(10.0))
    found = hours_over_shortlist(data, start, {}, context, Clock(10.0))
    assert found is not None and found.gained == 0 and (found.chosen == start).all()


def test_a_list_too_large_for_one_model_goes_region_by_region(make_scenario, monkeypatch) -> None:
    data = prepare(load_scenario(_two_units_three_runs(make_scenario)), YEAR)
    monkeypatch.setattr(hours_shortlist, "MOST_PAIRS", 1)  # no list fits in one model
    options = SolveOptions(time_limit=10, workers=1, neighbourhood_pairs=3)  # a region per unit
    context = SolveContext(options, Clock(10.0))
    run, logs = improve_by_regions(data, np.zeros(data.num_pairs, dtype=bool), [HOURS], context)
    assert by_tier(data, met_mask(data, run.chosen))[HOURS] == 2
    assert any(note == "short list of 2 pairs by regions: +2" for note in logs[0].notes), logs[0].notes
