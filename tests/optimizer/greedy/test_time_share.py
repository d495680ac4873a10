"""The greedy baseline stops at its share of the time limit and still gives a valid plan (issue 16.4:
``--time-limit`` holds at every size, the greedy start included)."""

from __future__ import annotations

import itertools

import pytest

from models import load_scenario
from optimizer import DEFAULT_SCENARIO
from optimizer.check import check_plan
from optimizer.greedy import baseline
from optimizer.greedy.baseline import greedy_picks
from optimizer.pipeline.result import plan_of
from optimizer.prepare.data import PlanningData, prepare

YEAR = 2020


@pytest.fixture(scope="module")
def data() -> PlanningData:
    return prepare(load_scenario(DEFAULT_SCENARIO), YEAR)


def test_without_a_stop_the_plan_is_the_full_baseline(data: PlanningData) -> None:
    assert greedy_picks(data, until=float("inf")) == greedy_picks(data)


@pytest.mark.parametrize("ticks", [0, 300, 2_000])
def test_a_pass_stopped_midway_keeps_every_hard_rule(
    data: PlanningData, monkeypatch: pytest.MonkeyPatch, ticks: int
) -> None:
    full = greedy_picks(data)
    clock = itertools.count()  # one tick per look at the clock: the pass stops after `ticks` obligations
    monkeypatch.setattr(baseline.time, "perf_counter", lambda: float(next(clock)))
    cut = greedy_picks(data, until=float(ticks))
    assert len(cut) < len(full)
    assert check_plan(data.scenario, plan_of(data, cut)) == []
