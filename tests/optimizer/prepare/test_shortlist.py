"""The short list of pairs the hours LP is solved over on a large scenario (optimizer.prepare.shortlist)."""

from __future__ import annotations

import numpy as np
from helpers import YEAR, cadre, course, session, unit

from models import load_scenario
from optimizer.prepare.data import prepare
from optimizer.prepare.shortlist import shortlist

TOML = 'name = "t"\ncycle_start = 2018\n[policy]\nannual_hours = 40\n'


def test_each_obligation_keeps_its_cheapest_runs_per_hour_and_the_plan_its_own(make_scenario) -> None:
    # C1 owes 40 h; five 40 h runs cost 500, 100, 400, 200, 300 a head. Two per obligation keep S2 and S4;
    # S5, in the plan, stays too.
    costs = ["500", "100", "400", "200", "300"]
    folder = make_scenario(
        {
            "units.csv": [unit("U1", max_away_share="1")],
            "cadres.csv": [cadre("C1", "U1")],
            "courses.csv": [course(f"K{i}") for i in range(1, 6)],
            "sessions.csv": [
                session(
                    f"S{i}", f"K{i}", f"2020-0{i + 1}-03", f"2020-0{i + 1}-07", hours="40", cost_per_head=c
                )
                for i, c in enumerate(costs, start=1)
            ],
        },
        TOML,
    )
    data = prepare(load_scenario(folder), YEAR)
    names = np.array([data.offerings[o].group_id for o in data.pair_offering.tolist()])
    chosen = names == "S5"
    kept = shortlist(data, chosen, per_obligation=2)
    assert sorted(names[kept].tolist()) == ["S2", "S4", "S5"]
    assert sorted(names[shortlist(data, chosen, per_obligation=9)].tolist()) == ["S1", "S2", "S3", "S4", "S5"]
