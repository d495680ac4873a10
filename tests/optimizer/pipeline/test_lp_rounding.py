"""A plan read off the hours tier's LP (optimizer.pipeline.lp_rounding): valid, whole sets, ahead where the
greedy is not."""

from __future__ import annotations

import pytest
from helpers import YEAR, cadre, course, session, unit

from models import load_scenario
from optimizer.check import check_plan
from optimizer.cpsat.warmstart import chosen_of, picks_of
from optimizer.greedy.baseline import greedy_picks
from optimizer.highs.variables import chosen_pairs
from optimizer.pipeline import lp_bounds
from optimizer.pipeline.lp_bounds import lp_tier_bounds
from optimizer.pipeline.lp_rounding import lp_rounded
from optimizer.pipeline.result import plan_of
from optimizer.prepare.data import prepare
from optimizer.prepare.serving import by_tier, met_mask

TOML = 'name = "t"\ncycle_start = 2018\n[policy]\nannual_hours = 40\n[budget]\ntotal = 300\n'


def _cheap_session_needs_three(make_scenario):
    # Three staff cadres owe 40 h. B (March, 300 a head) comes first; A (May, 100 a head) runs only with all
    # three (minimum 3). With 300 to spend the earliest-first greedy sends one cadre to B and has no money
    # left: one quota. All three in A meet three.
    return make_scenario(
        {
            "units.csv": [unit("U1", max_away_share="1")],
            "cadres.csv": [cadre(c, "U1") for c in ("C1", "C2", "C3")],
            "courses.csv": [course("K1"), course("K2")],
            "sessions.csv": [
                session("B", "K2", "2020-03-02", "2020-03-06", hours="40", cost_per_head="300"),
                session(
                    "A", "K1", "2020-05-04", "2020-05-08", hours="40", cost_per_head="100", min_enrolment="3"
                ),
            ],
        },
        TOML,
    )


def test_the_lp_opens_the_cheap_session_the_greedy_cannot(make_scenario) -> None:
    scenario = load_scenario(_cheap_session_needs_three(make_scenario))
    data = prepare(scenario, YEAR)
    start = chosen_pairs(data, greedy_picks(data))
    assert by_tier(data, met_mask(data, start))[4] == 1
    found = lp_tier_bounds(data, {}, {4}, seconds=30)
    assert found.upper == {4: 3} and found.guide is not None
    rounded = lp_rounded(data, found.guide, start)
    assert by_tier(data, met_mask(data, rounded))[4] == 3
    names = {
        (data.cadres[c].cadre_id, data.offerings[o].group_id)
        for c, o in zip(data.pair_cadre[rounded].tolist(), data.pair_offering[rounded].tolist(), strict=True)
    }
    assert names == {("C1", "A"), ("C2", "A"), ("C3", "A")}
    assert check_plan(scenario, plan_of(data, picks_of(data, rounded))) == []


def test_the_rounded_plan_keeps_the_tiers_above_and_every_rule(make_scenario) -> None:
    # C1 is summoned to K2 (tier 1): B stays C1's, the other two cannot fill A alone (minimum 3) and the
    # money is spent: the summons is kept, whatever the LP says of the hours.
    folder = _cheap_session_needs_three(make_scenario)
    (folder / "summons.csv").write_text("cadre_id,course_id\nC1,K2\n", encoding="utf-8")
    scenario = load_scenario(folder)
    data = prepare(scenario, YEAR)
    start = chosen_pairs(data, greedy_picks(data))
    assert by_tier(data, met_mask(data, start))[1] == 1
    found = lp_tier_bounds(data, {1: 1}, {4}, seconds=30)
    assert found.guide is not None
    rounded = lp_rounded(data, found.guide, start)
    met = by_tier(data, met_mask(data, rounded))
    assert met[1] == 1 and met[4] == 1
    plan = plan_of(data, picks_of(data, rounded))
    assert check_plan(scenario, plan) == []


def _summons_holds_the_seat_c2_needs(make_scenario):
    # C1 (U1) is summoned to K, which runs in B (March, for U1 only) and in A (May, open); one seat each. C2
    # (U2) owes 40 h and can only take A. A plan that sends C1 to A leaves C2 nothing; the LP free to move
    # C1 sends C1 to B and C2 to A.
    folder = make_scenario(
        {
            "units.csv": [unit("U1", max_away_share="1"), unit("U2", max_away_share="1")],
            "cadres.csv": [cadre("C1", "U1"), cadre("C2", "U2")],
            "courses.csv": [course("K")],
            "sessions.csv": [
                session("B", "K", "2020-03-02", "2020-03-06", seats=1, hours="40", audience_units="U1"),
                session("A", "K", "2020-05-04", "2020-05-08", seats=1, hours="40"),
            ],
        },
        'name = "t"\ncycle_start = 2018\n[policy]\nannual_hours = 40\n',
    )
    (folder / "summons.csv").write_text("cadre_id,course_id\nC1,K\n", encoding="utf-8")
    return folder


def test_the_guide_keeps_the_pairs_by_which_the_plan_meets_the_tiers_above(make_scenario) -> None:
    scenario = load_scenario(_summons_holds_the_seat_c2_needs(make_scenario))
    data = prepare(scenario, YEAR)
    pair = {
        (data.cadres[c].cadre_id, data.offerings[o].group_id): p
        for p, (c, o) in enumerate(zip(data.pair_cadre.tolist(), data.pair_offering.tolist(), strict=True))
    }
    start = chosen_of(data, [(data.cadre_index["C1"], int(data.pair_offering[pair["C1", "A"]]))])
    met = by_tier(data, met_mask(data, start))
    assert (met[1], met[4]) == (1, 1)
    free = lp_tier_bounds(data, {1: 1}, {4}, seconds=30)
    assert free.upper == {4: 2} and free.guide is not None
    assert free.guide.x[pair["C1", "B"]] == pytest.approx(1) and free.guide.x[
        pair["C2", "A"]
    ] == pytest.approx(1)
    kept = lp_tier_bounds(data, {1: 1}, {4}, seconds=30, start=start)
    assert kept.upper == {4: 2}  # the bound is still the free LP's
    assert kept.guide is not None and kept.guide.x[pair["C1", "A"]] == pytest.approx(1)
    assert kept.guide.x[pair["C1", "B"]] == pytest.approx(0) and kept.guide.x[
        pair["C2", "A"]
    ] == pytest.approx(0)
    rounded = lp_rounded(data, kept.guide, start)
    met = by_tier(data, met_mask(data, rounded))
    assert (met[1], met[4]) == (1, 1)
    assert check_plan(scenario, plan_of(data, picks_of(data, rounded))) == []


def test_the_short_list_guide_keeps_them_too(make_scenario, monkeypatch) -> None:
    monkeypatch.setattr(lp_bounds, "LP_FULL_PAIRS", 0)  # every scenario is "too large": the short list
    scenario = load_scenario(_summons_holds_the_seat_c2_needs(make_scenario))
    data = prepare(scenario, YEAR)
    a = next(o.index for o in data.offerings if o.group_id == "A")
    start = chosen_of(data, [(data.cadre_index["C1"], a)])
    found = lp_tier_bounds(data, {1: 1}, {4}, seconds=30, start=start)
    assert found.guide is not None
    c1_in_a = next(p for p in data.pairs_of("C1").tolist() if int(data.pair_offering[p]) == a)
    assert found.guide.x[c1_in_a] == pytest.approx(1)
    assert found.guide.x[data.pairs_of("C2")].sum() == pytest.approx(0)
