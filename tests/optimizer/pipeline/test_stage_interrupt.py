"""A Ctrl-C outside the search (building the model, completing a plan) keeps the plan; a second aborts."""

from __future__ import annotations

import numpy as np
import pytest
from helpers import YEAR, cadre, course, session, unit

import optimizer.pipeline.stages as stages
from models import load_scenario
from optimizer.control.clock import Clock
from optimizer.control.context import SolveContext
from optimizer.control.options import SolveOptions
from optimizer.control.progress import Interrupted
from optimizer.cpsat.warmstart import chosen_of
from optimizer.greedy.baseline import greedy_picks
from optimizer.prepare.data import prepare


@pytest.fixture
def start(make_scenario):
    folder = make_scenario(
        {
            "units.csv": [unit("U1"), unit("U2")],
            "cadres.csv": [cadre("C1", "U1"), cadre("C2", "U2")],
            "courses.csv": [course("K1")],
            "sessions.csv": [session("S1", "K1", "2020-03-02", "2020-03-13")],
            "summons.csv": [{"cadre_id": "C1", "course_id": "K1"}],
        }
    )
    data = prepare(load_scenario(folder), YEAR)
    return data, chosen_of(data, greedy_picks(data))


def _interrupt_building(monkeypatch) -> None:
    def building(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(stages._Model, "__init__", building)


def test_first_ctrl_c_while_building_keeps_the_start_plan(start, monkeypatch) -> None:
    data, chosen = start
    _interrupt_building(monkeypatch)
    flag = Interrupted()
    context = SolveContext(SolveOptions(), Clock(5), interrupted=flag)
    run = stages.run_stages(data, chosen, [1, 4, stages.COST], context)
    assert flag.flag
    assert np.array_equal(run.chosen, chosen) and chosen.any()


def test_second_ctrl_c_aborts(start, monkeypatch) -> None:
    data, chosen = start
    _interrupt_building(monkeypatch)
    flag = Interrupted()
    flag.flag = True  # the first Ctrl-C already came
    with pytest.raises(KeyboardInterrupt):
        context = SolveContext(SolveOptions(), Clock(5), interrupted=flag)
        stages.run_stages(data, chosen, [1, 4, stages.COST], context)
