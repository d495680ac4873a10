"""HiGHS on the last core's tier before CP-SAT (optimizer.pipeline.core_highs): its plan and its bound."""

from __future__ import annotations

import os
import signal
import threading
import time

import numpy as np
import pytest
from helpers import YEAR, cadre, course, history, session, solve_checked, unit

from models import load_scenario
from optimizer.pipeline import core as core_module
from optimizer.pipeline import core_highs
from optimizer.pipeline.core import core_cadres, core_data
from optimizer.pipeline.core_highs import tier_by_highs, tier_by_highs_listed
from optimizer.prepare.data import prepare
from optimizer.prepare.serving import by_tier, met_mask
from scenarios import default_scenario


def _two_leaders_one_seat(make_scenario):
    # L1 and L2, U1's leadership team, last took a systematic course in 2016: each owes one this year (R3,
    # tier 3), and the team owes one member trained (R4, tier 3: 1/5 of two, rounded up). S1, the only
    # systematic run, has one seat: R3 for one of them and R4 can be met (2), not R3 for both.
    return make_scenario(
        {
            "units.csv": [unit("U1")],
            "cadres.csv": [cadre(c, "U1", rank="division", category="leadership") for c in ("L1", "L2")],
            "courses.csv": [course("K1", systematic=True)],
            "sessions.csv": [session("S1", "K1", "2020-03-02", "2020-03-13", seats=1)],
            "history.csv": [
                history(c, "OLD", "2016-03-01", "2016-03-31", 200, systematic=True) for c in ("L1", "L2")
            ],
        }
    )


def test_highs_meets_and_proves_the_core_tier(make_scenario) -> None:
    folder = _two_leaders_one_seat(make_scenario)
    data = prepare(load_scenario(folder), YEAR)
    rules = sorted(item.rule.value for item in data.obligations if item.tier == 3)
    assert rules == ["R3", "R3", "R3b", "R3b", "R4"]  # R3b's 367 h: more than S1 holds
    core, _ = core_data(data, core_cadres(data))
    found = tier_by_highs(core, np.zeros(core.num_pairs, dtype=bool), 3, {}, seconds=10)
    assert found.upper == 2
    assert found.chosen is not None and by_tier(core, met_mask(core, found.chosen))[3] == 2


def test_a_plan_not_ahead_of_the_start_is_not_handed_over(make_scenario) -> None:
    folder = _two_leaders_one_seat(make_scenario)
    data = prepare(load_scenario(folder), YEAR)
    core, _ = core_data(data, core_cadres(data))
    start = np.zeros(core.num_pairs, dtype=bool)
    start[0] = True  # one of them in S1: already the optimum
    assert by_tier(core, met_mask(core, start))[3] == 2
    found = tier_by_highs(core, start, 3, {}, seconds=10)
    assert found.upper == 2 and found.chosen is None


def test_the_solve_keeps_the_bound_and_the_plan(make_scenario) -> None:
    result = solve_checked(_two_leaders_one_seat(make_scenario))
    tier3 = next(t for t in result.plan.summary["tiers"] if t["tier"] == 3)
    assert tier3["met"] == 2 and tier3["bound"] == 2 and tier3["proven"]


def _two_leaders_ten_runs(make_scenario):
    # L1 and L2 of U1's team each owe a systematic course (R3) and the team one member trained (R4): ten
    # one-seat runs of K1 on separate weeks, each serving all three; tier 3 meets 3 (R3b's 367 h: never).
    weeks = [(f"2020-{m:02d}-02", f"2020-{m:02d}-06") for m in range(1, 11)]
    return make_scenario(
        {
            "units.csv": [unit("U1")],
            "cadres.csv": [cadre(c, "U1", rank="division", category="leadership") for c in ("L1", "L2")],
            "courses.csv": [course("K1", systematic=True)],
            "sessions.csv": [session(f"S{i}", "K1", a, b, seats=1) for i, (a, b) in enumerate(weeks, 1)],
            "history.csv": [
                history(c, "OLD", "2016-03-01", "2016-03-31", 200, systematic=True) for c in ("L1", "L2")
            ],
        }
    )


def test_a_large_core_is_solved_over_its_short_list(make_scenario, monkeypatch) -> None:
    data = prepare(load_scenario(_two_leaders_ten_runs(make_scenario)), YEAR)
    core, _ = core_data(data, core_cadres(data))
    assert core.num_pairs == 20
    monkeypatch.setattr(core_highs, "HIGHS_SHORTLIST_RUNS", 2)
    found, listed = tier_by_highs_listed(core, np.zeros(core.num_pairs, dtype=bool), 3, {}, seconds=10)
    assert listed == 4  # each leader's two cheapest runs (R3; R4's members the same)
    assert found.upper is None  # pairs left out could help: no bound from a short list
    assert found.chosen is not None and found.chosen.shape == (20,) and int(found.chosen.sum()) == 2
    assert by_tier(core, met_mask(core, found.chosen))[3] == 3


def test_the_solve_takes_the_short_lists_plan(make_scenario, monkeypatch) -> None:
    calls = []

    def counted(*args, **kwargs):
        calls.append(1)
        return tier_by_highs_listed(*args, **kwargs)

    monkeypatch.setattr(core_module, "HIGHS_CORE_PAIRS", 0)
    monkeypatch.setattr(core_module, "tier_by_highs_listed", counted)
    result = solve_checked(_two_leaders_ten_runs(make_scenario))
    tier3 = next(t for t in result.plan.summary["tiers"] if t["tier"] == 3)
    assert calls and tier3["met"] == 3 and tier3["bound"] == 3 and tier3["proven"]


def test_a_ctrl_c_during_the_highs_solve_is_not_lost() -> None:
    # HiGHS in the main thread swallowed a SIGINT that came during its solve (the core of plan-annual then
    # went on to its time limit; seen in tests/robustness/test_lock.py): the solve runs in a thread, and the
    # Ctrl-C is raised at once. The shipped default's tier-3 core takes HiGHS about 2 s.
    data = prepare(load_scenario(default_scenario()), YEAR)
    core, _ = core_data(data, core_cadres(data))
    # Python's own handler, whatever an earlier test left (SIG_DFL would end the test run itself).
    previous = signal.signal(signal.SIGINT, signal.default_int_handler)
    try:
        timer = threading.Timer(0.5, os.kill, (os.getpid(), signal.SIGINT))
        started = time.perf_counter()
        timer.start()
        with pytest.raises(KeyboardInterrupt):
            tier_by_highs(core, np.zeros(core.num_pairs, dtype=bool), 3, {1: 94, 2: 108}, seconds=20)
        assert time.perf_counter() - started < 1.5
        time.sleep(3)  # the solve left in the background ends before the next test's HiGHS
    finally:
        timer.cancel()
        signal.signal(signal.SIGINT, previous)
