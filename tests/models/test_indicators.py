"""Annex-1 indicators (R12) against values computed by hand on a tiny unit tree."""

from __future__ import annotations

import math

import pytest

from models import build_plan, load_scenario, owed_obligations
from models.indicators import plan_totals, tree_order, unit_indicators

# CITY (no cadres of its own)
# ├── BUR: L1 division leader, L2 section leader, S1 staff, S2 staff
# │   └── OFF: O1 section, O2 staff, O3 staff
# └── CTY: T1 bureau leader
TABLES = {
    "units.csv": [
        {"unit_id": "CITY", "name": "江州市", "parent_id": ""},
        {"unit_id": "BUR", "name": "财政局", "parent_id": "CITY", "budget": "5000"},
        {"unit_id": "CTY", "name": "东山县", "parent_id": "CITY"},
        {"unit_id": "OFF", "name": "预算科", "parent_id": "BUR"},
    ],
    "cadres.csv": [
        {"cadre_id": "L1", "name": "张一", "unit_id": "BUR", "rank": "division", "category": "leadership"},
        {"cadre_id": "L2", "name": "张二", "unit_id": "BUR", "rank": "section", "category": "leadership"},
        {"cadre_id": "S1", "name": "李一", "unit_id": "BUR", "rank": "staff", "category": "civil_servant"},
        {"cadre_id": "S2", "name": "李二", "unit_id": "BUR", "rank": "staff", "category": "civil_servant"},
        {"cadre_id": "O1", "name": "王一", "unit_id": "OFF", "rank": "section", "category": "civil_servant"},
        {"cadre_id": "O2", "name": "王二", "unit_id": "OFF", "rank": "staff", "category": "civil_servant"},
        {"cadre_id": "O3", "name": "王三", "unit_id": "OFF", "rank": "staff", "category": "civil_servant"},
        {"cadre_id": "T1", "name": "赵一", "unit_id": "CTY", "rank": "bureau", "category": "leadership"},
    ],
    "institutions.csv": [
        {"institution_id": "PS", "name": "市委党校", "kind": "party_school", "cost_per_day": "100"},
        {"institution_id": "ON", "name": "网络学院", "kind": "online", "cost_per_day": "0"},
    ],
    "courses.csv": [
        {"course_id": "K1", "title": "理论班", "theme": "theory", "systematic": "false"},
        {"course_id": "K2", "title": "网络专题", "theme": "professional", "systematic": "false"},
        {"course_id": "K3", "title": "知识班", "theme": "knowledge", "systematic": "false"},
    ],
    "sessions.csv": [
        # 5 days = 40 h, 500 yuan a head
        {
            "session_id": "SA",
            "course_id": "K1",
            "institution_id": "PS",
            "organiser": "city",
            "start": "2020-03-02",
            "end": "2020-03-06",
            "seats": "10",
        },
        # online: 16 h, never off-job; 50 yuan a head
        {
            "session_id": "SB",
            "course_id": "K2",
            "institution_id": "ON",
            "organiser": "city",
            "start": "2020-04-01",
            "end": "2020-04-02",
            "seats": "10",
            "cost_per_head": "50",
        },
        # 2 days = 16 h, 200 yuan a head
        {
            "session_id": "SC",
            "course_id": "K3",
            "institution_id": "PS",
            "organiser": "city",
            "start": "2020-05-04",
            "end": "2020-05-05",
            "seats": "10",
        },
    ],
    # L2 already trained in the plan year according to the ledger
    "history.csv": [
        {
            "cadre_id": "L2",
            "course_id": "K2",
            "start": "2020-01-10",
            "end": "2020-01-10",
            "hours": "4",
            "systematic": "false",
            "online": "true",
        },
    ],
}
PICKS = [("L1", "SA"), ("L1", "SB"), ("S1", "SB"), ("O1", "SA"), ("O2", "SC"), ("T1", "SC")]


@pytest.fixture
def scenario_and_plan(make_scenario):
    scenario = load_scenario(make_scenario(TABLES, indicators=True))
    plan = build_plan(scenario, owed_obligations(scenario, 2020), PICKS)
    return scenario, plan


def test_own_indicators_match_hand_computation(scenario_and_plan):
    scenario, plan = scenario_and_plan
    table = unit_indicators(scenario, plan)
    bur = table.loc["BUR"]
    assert bur["headcount"] == 4
    assert bur["summoned"] == 1  # L1 only: S1's one session is online
    assert bur["summons_rate"] == pytest.approx(1 / 4)
    assert bur["participants"] == 2  # L1 and S1
    assert bur["participation_rate"] == pytest.approx(2 / 4)
    assert bur["offjob_hours"] == 40
    assert bur["online_hours"] == 32
    assert bur["required_hours"] == 110 + 90 + 90 + 90
    assert bur["hours_ratio"] == pytest.approx(40 / 380)
    assert bur["team_size"] == 2
    assert bur["team_trained"] == 2  # L1 by the plan, L2 by the ledger
    assert bur["team_trained_share"] == pytest.approx(1.0)
    assert bur["cost"] == 500 + 50 + 50
    assert bur["budget"] == 5000
    off = table.loc["OFF"]
    assert (off["headcount"], off["summoned"], off["participants"]) == (3, 2, 2)
    assert (off["offjob_hours"], off["required_hours"], off["cost"]) == (56, 270, 700)
    assert off["team_size"] == 0 and math.isnan(off["team_trained_share"])
    cty = table.loc["CTY"]
    assert (cty["summoned"], cty["offjob_hours"], cty["required_hours"], cty["team_trained"]) == (
        1,
        16,
        110,
        1,
    )


def test_subtree_sums_roll_up_and_rates_are_recomputed(scenario_and_plan):
    scenario, plan = scenario_and_plan
    table = unit_indicators(scenario, plan)
    bur = table.loc["BUR"]
    assert bur["subtree_headcount"] == 7
    assert bur["subtree_summoned"] == 3
    assert bur["subtree_summons_rate"] == pytest.approx(3 / 7)  # not the mean of 1/4 and 2/3
    assert bur["subtree_offjob_hours"] == 96
    assert bur["subtree_required_hours"] == 650
    assert bur["subtree_cost"] == 1300
    city = table.loc["CITY"]
    assert city["headcount"] == 0 and math.isnan(city["summons_rate"])
    assert (city["subtree_headcount"], city["subtree_summoned"], city["subtree_participants"]) == (8, 4, 5)
    assert city["subtree_participation_rate"] == pytest.approx(5 / 8)
    assert (city["subtree_team_size"], city["subtree_team_trained"]) == (3, 3)
    assert (city["subtree_offjob_hours"], city["subtree_required_hours"], city["subtree_cost"]) == (
        112,
        760,
        1500,
    )
    assert city["subtree_hours_ratio"] == pytest.approx(112 / 760)


def test_rows_follow_the_unit_tree(scenario_and_plan):
    scenario, plan = scenario_and_plan
    table = unit_indicators(scenario, plan)
    assert list(table.index) == ["CITY", "BUR", "OFF", "CTY"] == tree_order(scenario)
    assert list(table["depth"]) == [0, 1, 2, 1]
    assert list(table["parent_id"]) == ["", "CITY", "BUR", "CITY"]


def test_plan_totals_equal_the_root_rollup(scenario_and_plan):
    scenario, plan = scenario_and_plan
    totals = plan_totals(scenario, plan)
    city = unit_indicators(scenario, plan).loc["CITY"]
    for key in (
        "headcount",
        "summoned",
        "participants",
        "offjob_hours",
        "required_hours",
        "team_trained",
        "cost",
    ):
        assert totals[key] == city[f"subtree_{key}"], key
    assert totals["summons_rate"] == pytest.approx(4 / 8)
    assert totals["num_assignments"] == 6
    assert (totals["num_sessions"], totals["num_sessions_run"], totals["num_sessions_cancelled"]) == (3, 3, 0)
    assert totals["enrolled"] == 6 and totals["seats_run"] == 30
    assert totals["budget_total"] is None and totals["budget_used"] is None


def test_an_empty_plan_has_zero_counts_and_undefined_ratios(scenario_and_plan):
    scenario, _ = scenario_and_plan
    plan = build_plan(scenario, owed_obligations(scenario, 2020), [])
    table = unit_indicators(scenario, plan)
    assert table["summoned"].sum() == 0 and table["cost"].sum() == 0
    assert table.loc["BUR", "team_trained"] == 1  # the ledger still shows L2 trained this year
    totals = plan_totals(scenario, plan)
    assert totals["participants"] == 0 and totals["fill_rate"] is None
