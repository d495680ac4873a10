"""What keeps a cadre out of a run: one finder read three ways, one dictionary of words, one overlap test."""

from __future__ import annotations

from collections import Counter
from datetime import date

import pytest
from helpers import YEAR, cadre, course, history, institution, session, unit

from models import build_plan, load_scenario, owed_obligations
from optimizer.diagnose.blocks import FirstBlocks, entry_blocks, first_block, trade_blocks
from optimizer.diagnose.wording import WORDS, counted_words, sentence, trade_words
from optimizer.prepare.data import prepare
from optimizer.prepare.overlap import clash, overlap
from optimizer.prepare.usage import Block, Blocking, plan_usage

BUDGET = 'name = "tiny"\ncycle_start = 2018\n[budget]\ntotal = 2900\n'


@pytest.fixture
def crowded(make_scenario):
    """C1 attends S2; S1 overlaps it and its one seat is C2's. S1 and S2 cost 1,200 each: 500 yuan are left.

    S3 (June, 1,200) clashes with nothing; S4 (500) needs three cadres and has none; S5 has no seats;
    S6 (K6) is in C1's ledger; S7 is in C1's absence; S8 is for division-rank cadres only.
    """
    folder = make_scenario(
        {
            "units.csv": [unit("U1", max_away_share="1"), unit("U2", max_away_share="1")],
            "cadres.csv": [cadre("C1", "U1", unavailable="2020-11-01..2020-11-30"), cadre("C2", "U2")],
            "courses.csv": [course(f"K{k}") for k in range(1, 9)],
            "sessions.csv": [
                session("S1", "K1", "2020-03-02", "2020-03-13", seats=1),
                session("S2", "K2", "2020-03-09", "2020-03-20"),
                session("S3", "K3", "2020-06-01", "2020-06-12"),
                session("S4", "K4", "2020-07-06", "2020-07-10", min_enrolment="3"),
                session("S5", "K5", "2020-09-07", "2020-09-11", seats=0),
                session("S6", "K6", "2020-10-05", "2020-10-09"),
                session("S7", "K7", "2020-11-02", "2020-11-06"),
                session("S8", "K8", "2020-12-07", "2020-12-11", audience_ranks="division"),
            ],
            "history.csv": [history("C1", "K6", "2019-03-04", "2019-03-08", 40)],
        },
        toml=BUDGET,
    )
    scenario = load_scenario(folder)
    plan = build_plan(scenario, owed_obligations(scenario, YEAR), [("C1", "S2"), ("C2", "S1")])
    data = prepare(scenario, YEAR)
    run = {s.session_id: s.status == "run" for s in plan.sessions}
    return data, plan_usage(data, plan), run, {o.group_id: o for o in data.offerings}


def test_the_plan_as_it_is_names_the_first_rule_in_the_usage_order(crowded) -> None:
    data, usage, run, by_group = crowded
    firsts = {g: first_block(data, usage, run, 0, o) for g, o in by_group.items()}
    assert firsts == {
        "S1": Block.FULL,  # full before overlap, and the budget is spent
        "S2": Block.ALREADY,
        "S3": Block.BUDGET,
        "S4": Block.CANCELLED,  # nobody in it: not run
        "S5": Block.FULL,  # no seats is full here
        "S6": Block.TAKEN,
        "S7": Block.UNAVAILABLE,
        "S8": Block.AUDIENCE,
    }


@pytest.fixture
def limited(make_scenario):
    """C1 (U1, with C2; one of them away at a time, 1,500 yuan) attends S1 (I2, one bed, 500 yuan).

    For C1: S3 repeats K1, S4 overlaps S1. For C2: S4 is over U1's release cap, S6 (K6, 2,000 yuan) over
    U1's budget. For C3 (U2): S2 at I2 overlaps S1 and finds no bed. S5 needs three cadres.
    """
    folder = make_scenario(
        {
            "units.csv": [unit("U1", max_away_share="0.5", budget="1500"), unit("U2", max_away_share="1")],
            "cadres.csv": [cadre("C1", "U1"), cadre("C2", "U1"), cadre("C3", "U2")],
            "institutions.csv": [institution(), institution("I2", beds="1")],
            "courses.csv": [course(f"K{k}") for k in range(1, 7)],
            "sessions.csv": [
                session("S1", "K1", "2020-03-02", "2020-03-06", institution="I2"),
                session("S2", "K2", "2020-03-04", "2020-03-08", institution="I2"),
                session("S3", "K1", "2020-06-01", "2020-06-05"),
                session("S4", "K3", "2020-03-05", "2020-03-06"),
                session("S5", "K4", "2020-07-06", "2020-07-10", min_enrolment="3"),
                session("S6", "K6", "2020-09-01", "2020-09-20"),
            ],
        }
    )
    scenario = load_scenario(folder)
    plan = build_plan(scenario, owed_obligations(scenario, YEAR), [("C1", "S1")])
    data = prepare(scenario, YEAR)
    run = {s.session_id: s.status == "run" for s in plan.sessions}
    return data, plan_usage(data, plan), run, {o.group_id: o for o in data.offerings}


@pytest.mark.parametrize("fixture", ["crowded", "limited"])
def test_many_runs_at_once_name_the_same_first_rule_as_one_at_a_time(fixture, request) -> None:
    data, usage, run, _ = request.getfixturevalue(fixture)
    finder = FirstBlocks(data, usage, run)
    seen = set()
    by = {}
    for cadre_index in range(len(data.cadres)):
        offerings = data.pair_offering[data.pairs_by_cadre[cadre_index]]
        one_by_one = [first_block(data, usage, run, cadre_index, data.offerings[o]) for o in offerings]
        assert finder.of(cadre_index, offerings) == one_by_one
        seen |= set(one_by_one)
        groups = [data.offerings[o].group_id for o in offerings]
        by |= {(cadre_index, g): b for g, b in zip(groups, one_by_one, strict=True)}
    if fixture == "crowded":
        assert {Block.FULL, Block.ALREADY, Block.BUDGET, Block.CANCELLED} <= seen
    else:
        assert by[0, "S1"] is Block.ALREADY and by[0, "S3"] is Block.REPEAT and by[0, "S4"] is Block.OVERLAP
        assert by[1, "S4"] is Block.RELEASE and by[1, "S6"] is Block.UNIT_BUDGET
        assert by[2, "S2"] is Block.BEDS and by[2, "S5"] is Block.CANCELLED and by[2, "S3"] is None


def test_entering_a_run_names_the_clash_first_and_frees_what_the_clashing_run_used(crowded) -> None:
    # Leaving S2 for S1 frees S2's 1,200 yuan: the budget no longer blocks S1; it still blocks S3.
    data, usage, run, by_group = crowded
    before = (usage.enrolled.tolist(), usage.spent, dict(usage.taken[0]))
    assert entry_blocks(data, usage, run, 0, by_group["S1"]) == [
        Blocking(Block.OVERLAP, "S2"),
        Blocking(Block.FULL, amount=1),
    ]
    assert (usage.enrolled.tolist(), usage.spent, dict(usage.taken[0])) == before
    words = [
        str(sentence(data, usage, 0, by_group[g], b))
        for g in ("S1", "S3", "S4", "S5", "S6", "S7", "S8")
        for b in entry_blocks(data, usage, run, 0, by_group[g])
    ]
    assert words == [
        "overlaps S2, which the cadre attends (R8)",
        "full (1 seats taken)",
        "total budget: 500 yuan left, the session costs 1,200 (R14)",
        "cancelled: 0 enrolled, the cadre alone would not reach its minimum enrolment 3",
        "cancelled (no seats)",
        "course K6 is already in the cadre's ledger (no repeat, R8)",
        "the cadre is unavailable 2020-11-01..2020-11-30",
        "not open to a staff civil_servant cadre of unit U1",
    ]


def test_a_lost_run_is_explained_without_the_cadres_own_runs(crowded) -> None:
    # With S2 set aside its 1,200 yuan are free again: S3 was only traded; S1 is still full.
    data, usage, _, by_group = crowded
    assert str(trade_words("S1", trade_blocks(data, usage, 0, by_group["S1"]))) == "S1: full (1 seats)"
    assert str(trade_words("S3", trade_blocks(data, usage, 0, by_group["S3"]))).startswith("S3 traded for")
    assert str(trade_words("S8", trade_blocks(data, usage, 0, by_group["S8"]))) == (
        "S8 is not open to the cadre's rank, category or unit"
    )
    assert str(trade_words("S7", trade_blocks(data, usage, 0, by_group["S7"]))) == (
        "S7: cadre unavailable on those dates"
    )
    assert trade_blocks(data, usage, 0, by_group["S6"]) == []  # the ledger is not asked


def test_every_rule_has_its_words() -> None:
    assert set(WORDS) == set(Block)
    limits = set(Block) - {Block.AUDIENCE, Block.TAKEN, Block.UNAVAILABLE, Block.CANCELLED}
    assert all(WORDS[b].counted and WORDS[b].sentence for b in Block)
    assert all(WORDS[b].pinned for b in limits)
    assert str(counted_words(Counter({Block.FULL: 3, Block.BUDGET: 1}))) == "3 full; 1 budget exhausted"


@pytest.mark.parametrize(
    ("first", "second", "meets"),
    [
        ([(1, 5)], [(5, 9)], True),  # both ends count
        ([(1, 5)], [(6, 9)], False),
        ([(1, 2), (20, 25)], [(10, 12), (24, 30)], True),  # second segments meet
        ([(date(2020, 3, 2), date(2020, 3, 6))], [(date(2020, 3, 6), date(2020, 3, 9))], True),
    ],
)
def test_overlap(first, second, meets) -> None:
    assert overlap(first, second) is meets
    assert overlap(second, first) is meets


def test_clash_is_another_run_on_the_same_days_or_of_the_same_course(crowded) -> None:
    _, _, _, by_group = crowded
    assert clash(by_group["S1"], by_group["S2"])  # same days
    assert not clash(by_group["S1"], by_group["S3"])
    assert not clash(by_group["S1"], by_group["S1"])  # the same run
