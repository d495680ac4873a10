"""The LP bound of a tier (optimizer.pipeline.lp_bounds): valid, tighter than the trivial one, held above."""

from __future__ import annotations

from helpers import YEAR, cadre, course, session, unit

from models import load_scenario
from optimizer.pipeline.lp_bounds import lp_tier_bounds
from optimizer.prepare.data import prepare
from optimizer.prepare.serving import by_tier, possible_mask

# Three staff cadres each owe 40 h (R2, tier 4); S1 gives 40 h but has two seats: at most two quotas, while
# each alone could be met (the trivial bound says three).
TABLES = {
    "units.csv": [unit("U1", max_away_share="1")],
    "cadres.csv": [cadre(c, "U1") for c in ("C1", "C2", "C3")],
    "sessions.csv": [session("S1", "K1", "2020-03-02", "2020-03-06", seats=2, hours="40")],
}
TOML = 'name = "t"\ncycle_start = 2018\n\n[policy]\nannual_hours = 40\n'


def test_the_lp_bound_of_the_hours_is_the_seats(make_scenario) -> None:
    data = prepare(load_scenario(make_scenario(TABLES, TOML)), YEAR)
    assert by_tier(data, possible_mask(data))[4] == 3
    found = lp_tier_bounds(data, {}, {4}, seconds=30)
    assert found.upper == {4: 2}


def test_the_tiers_above_are_held(make_scenario) -> None:
    # C1 is summoned to K1 (tier 1, at most one met). Held at one summons met, C1 sits in S1 and one seat is
    # left: C1's quota and one other, two quotas at most.
    tables = {**TABLES, "summons.csv": [{"cadre_id": "C1", "course_id": "K1"}]}
    data = prepare(load_scenario(make_scenario(tables, TOML)), YEAR)
    assert lp_tier_bounds(data, {1: 1}, {4}, seconds=30).upper == {4: 2}
    assert lp_tier_bounds(data, {1: 1}, {1}, seconds=30).upper == {1: 1}


def test_nothing_is_computed_without_time(make_scenario) -> None:
    data = prepare(load_scenario(make_scenario(TABLES, TOML)), YEAR)
    found = lp_tier_bounds(data, {}, {4}, seconds=0.5)
    assert found.upper == {} and found.note


def test_solves_asking_other_thread_counts_still_run(make_scenario) -> None:
    # HiGHS refuses a second thread count in one process; every solve keeps the first one's.
    data = prepare(load_scenario(make_scenario(TABLES, TOML)), YEAR)
    for threads in (1, 2, 1):
        assert lp_tier_bounds(data, {}, {4}, seconds=30, threads=threads).upper == {4: 2}


def test_the_hours_bound_counts_whole_sessions(make_scenario) -> None:
    # Three cadres owe 90 h (R2); the only sessions are three of 40 h with two seats each: six seats, 240 h.
    # Hours alone allow two quotas (240 / 90); whole sessions reach 120 h a cadre, so only two cadres can get
    # three sessions each out of six seats: at most two quotas; with five seats, one.
    tables = {
        "units.csv": [unit("U1", max_away_share="1")],
        "cadres.csv": [cadre(c, "U1") for c in ("C1", "C2", "C3")],
        "courses.csv": [course(f"K{i}") for i in (1, 2, 3)],
        "sessions.csv": [
            session("S1", "K1", "2020-03-02", "2020-03-06", seats=2, hours="40"),
            session("S2", "K2", "2020-04-06", "2020-04-10", seats=2, hours="40"),
            session("S3", "K3", "2020-05-04", "2020-05-08", seats=1, hours="40"),
        ],
    }
    toml = 'name = "t"\ncycle_start = 2018\n\n[policy]\nannual_hours = 90\n'
    data = prepare(load_scenario(make_scenario(tables, toml)), YEAR)
    assert by_tier(data, possible_mask(data))[4] == 3
    # Without whole sessions the LP would allow (2 + 2 + 1) x 40 / 90 = 2.2 quotas, two; with them 5 / 3: one.
    assert lp_tier_bounds(data, {}, {4}, seconds=30).upper == {4: 1}


def test_the_hours_bound_pays_whole_sets_of_sessions(make_scenario) -> None:
    # Three cadres owe 90 h; A gives 80 h (3 seats), B 20 h (1 seat), E 80 h (1 seat). A quota needs two
    # sessions (A+B, A+E or E+B: 100 h or more), five seats make two such pairs: two quotas at most. The
    # hours rows alone allow 340 / 100 = 3.4 (each cadre A and a quarter of E tops up 80 h): three.
    tables = {
        "units.csv": [unit("U1", max_away_share="1")],
        "cadres.csv": [cadre(c, "U1") for c in ("C1", "C2", "C3")],
        "courses.csv": [course(f"K{i}") for i in (1, 2, 3)],
        "sessions.csv": [
            session("A", "K1", "2020-03-02", "2020-03-13", seats=3, hours="80"),
            session("B", "K2", "2020-04-06", "2020-04-08", seats=1, hours="20"),
            session("E", "K3", "2020-05-04", "2020-05-15", seats=1, hours="80"),
        ],
    }
    toml = 'name = "t"\ncycle_start = 2018\n\n[policy]\nannual_hours = 90\n'
    data = prepare(load_scenario(make_scenario(tables, toml)), YEAR)
    assert by_tier(data, possible_mask(data))[4] == 3
    assert lp_tier_bounds(data, {}, {4}, seconds=30).upper == {4: 2}
