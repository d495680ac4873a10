"""One tiny hand-made scenario per rule, solved, with the exact optimal plan asserted.

Every solve goes through ``solve_checked``, which runs the independent
plan checker on the result.
"""

from __future__ import annotations

from helpers import (
    cadre,
    chosen,
    course,
    history,
    institution,
    session,
    shortfall_reasons,
    solve_checked,
    unit,
)

UNITS3 = [unit("U1"), unit("U2"), unit("U3")]
CYCLE_DONE = [history(c, "OLD", "2018-05-01", "2018-07-31", 550, systematic=True) for c in ("L1", "L2", "L3")]


def test_eligibility_audience_ranks(make_scenario) -> None:
    # S1 is for division cadres only: the staff cadre must take S2.
    folder = make_scenario(
        {
            "sessions.csv": [
                session("S1", "K1", "2020-03-02", "2020-03-13", audience_ranks="division"),
                session("S2", "K1", "2020-05-04", "2020-05-15"),
            ],
        }
    )
    assert chosen(solve_checked(folder)) == {("C1", "S2")}


def test_seats_go_by_priority(make_scenario) -> None:
    # Two seats, three claims: the named summons (tier 1) and the remedial leader (tier 2)
    # beat the hours quota (tier 4); the staff cadre's shortfall says the session is full.
    folder = make_scenario(
        {
            "units.csv": UNITS3,
            "cadres.csv": [cadre("C1", "U1"), cadre("C2", "U2", rank="division"), cadre("C3", "U3")],
            "courses.csv": [course("K1", systematic=True)],
            "sessions.csv": [session("S1", "K1", "2020-03-02", "2020-03-13", seats=2)],
            "summons.csv": [{"cadre_id": "C1", "course_id": "K1", "organiser": "city_org", "reason": "点名"}],
        }
    )
    result = solve_checked(folder)
    assert chosen(result) == {("C1", "S1"), ("C2", "S1")}
    assert "full" in shortfall_reasons(result)[("R2", "C3")]


def test_beds_per_day(make_scenario) -> None:
    # One bed: the two overlapping residential sessions cannot both be used.
    folder = make_scenario(
        {
            "units.csv": UNITS3[:2],
            "cadres.csv": [cadre("C1", "U1"), cadre("C2", "U2")],
            "institutions.csv": [institution(beds="1")],
            "courses.csv": [course("K1"), course("K2")],
            "sessions.csv": [
                session("S1", "K1", "2020-03-02", "2020-03-13"),
                session("S2", "K2", "2020-03-09", "2020-03-20"),
            ],
            "summons.csv": [{"cadre_id": "C1", "course_id": "K1"}],
        }
    )
    result = solve_checked(folder)
    assert chosen(result) == {("C1", "S1")}
    assert "beds" in shortfall_reasons(result)[("R2", "C2")]


def test_no_overlap_takes_the_later_run(make_scenario) -> None:
    # Summoned to K1 and K2; S1 and S2 overlap, so K2 is taken in S3.
    folder = make_scenario(
        {
            "courses.csv": [course("K1"), course("K2")],
            "sessions.csv": [
                session("S1", "K1", "2020-03-02", "2020-03-13"),
                session("S2", "K2", "2020-03-13", "2020-03-20"),
                session("S3", "K2", "2020-06-01", "2020-06-05", cost_per_head="5000"),
            ],
            "summons.csv": [{"cadre_id": "C1", "course_id": "K1"}, {"cadre_id": "C1", "course_id": "K2"}],
        }
    )
    assert chosen(solve_checked(folder)) == {("C1", "S1"), ("C1", "S3")}


def test_unavailability(make_scenario) -> None:
    folder = make_scenario(
        {
            "cadres.csv": [cadre("C1", "U1", unavailable="2020-03-01..2020-03-31")],
            "sessions.csv": [
                session("S1", "K1", "2020-03-02", "2020-03-13"),
                session("S2", "K1", "2020-05-04", "2020-05-15", cost_per_head="9999"),
            ],
        }
    )
    assert chosen(solve_checked(folder)) == {("C1", "S2")}


def test_no_repeat_of_ledger_or_plan(make_scenario) -> None:
    # K0 is in the ledger; K1 runs twice but counts once: 184 h owed need S1 (cheaper run of K1) and S3.
    folder = make_scenario(
        {
            "cadres.csv": [cadre("C1", "U1", rank="division")],
            "courses.csv": [course("K0"), course("K1"), course("K2")],
            "sessions.csv": [
                session("S0", "K0", "2020-02-03", "2020-02-14"),
                session("S1", "K1", "2020-03-02", "2020-03-13"),
                session("S2", "K1", "2020-05-04", "2020-05-15", cost_per_head="5000"),
                session("S3", "K2", "2020-07-06", "2020-07-17"),
            ],
            "history.csv": [history("C1", "K0", "2019-03-04", "2019-03-08", 40)],
        }
    )
    result = solve_checked(folder)
    assert chosen(result) == {("C1", "S1"), ("C1", "S3")}


def test_segments_all_or_none(make_scenario) -> None:
    # C1 is away during the second segment, so takes neither segment; C2 takes both.
    folder = make_scenario(
        {
            "units.csv": UNITS3[:2],
            "cadres.csv": [cadre("C1", "U1", unavailable="2020-04-06..2020-04-10"), cadre("C2", "U2")],
            "courses.csv": [course("K1"), course("K2")],
            "sessions.csv": [
                session("S1a", "K1", "2020-03-02", "2020-03-13"),
                session("S1b", "K1", "2020-04-06", "2020-04-10", segment_of="S1a"),
                session("S2", "K2", "2020-06-01", "2020-06-12", cost_per_head="9000"),
            ],
            "summons.csv": [{"cadre_id": "C1", "course_id": "K1"}, {"cadre_id": "C2", "course_id": "K1"}],
        }
    )
    result = solve_checked(folder)
    assert chosen(result) == {("C2", "S1a"), ("C2", "S1b"), ("C1", "S2")}
    assert "unavailable" in shortfall_reasons(result)[("R7", "C1")]


def test_staggered_release_cap(make_scenario) -> None:
    # Four cadres, share 0.3: cap max(1, 1) = 1 away per day. S1 and S2 overlap; S3 is later.
    cadres = [cadre(f"C{k}", "U1") for k in range(1, 5)]
    folder = make_scenario(
        {
            "cadres.csv": cadres,
            "courses.csv": [course("K1"), course("K2"), course("K3")],
            "sessions.csv": [
                session("S1", "K1", "2020-03-02", "2020-03-13"),
                session("S2", "K2", "2020-03-09", "2020-03-20"),
                session("S3", "K3", "2020-06-01", "2020-06-12"),
            ],
            "summons.csv": [{"cadre_id": "C1", "course_id": "K1"}, {"cadre_id": "C2", "course_id": "K3"}],
        }
    )
    result = solve_checked(folder)
    assert chosen(result) == {("C1", "S1"), ("C2", "S3")}
    reasons = shortfall_reasons(result)
    assert "release cap" in reasons[("R2", "C3")] and "release cap" in reasons[("R2", "C4")]


def test_budget_total(make_scenario) -> None:
    # Budget for one 12-day seat (1,200 yuan): the summoned cadre gets it.
    folder = make_scenario(
        {
            "units.csv": UNITS3[:2],
            "cadres.csv": [cadre("C1", "U1"), cadre("C2", "U2")],
            "sessions.csv": [session("S1", "K1", "2020-03-02", "2020-03-13")],
            "summons.csv": [{"cadre_id": "C2", "course_id": "K1"}],
        },
        toml='name = "t"\ncycle_start = 2018\n[budget]\ntotal = 1500\n',
    )
    result = solve_checked(folder)
    assert chosen(result) == {("C2", "S1")}
    assert "budget" in shortfall_reasons(result)[("R2", "C1")]


def test_unit_budget(make_scenario) -> None:
    folder = make_scenario(
        {
            "units.csv": [unit("U1", budget="1000"), unit("U2")],
            "cadres.csv": [cadre("C1", "U1"), cadre("C2", "U2")],
            "sessions.csv": [session("S1", "K1", "2020-03-02", "2020-03-13")],
        }
    )
    result = solve_checked(folder)
    assert chosen(result) == {("C2", "S1")}
    assert "unit budget" in shortfall_reasons(result)[("R2", "C1")]


def test_minimum_enrolment_cancels(make_scenario) -> None:
    # S1 needs 3 cadres but only 2 exist: it is cancelled, both go to the dearer S2.
    folder = make_scenario(
        {
            "units.csv": UNITS3[:2],
            "cadres.csv": [cadre("C1", "U1"), cadre("C2", "U2")],
            "sessions.csv": [
                session("S1", "K1", "2020-03-02", "2020-03-13", min_enrolment="3"),
                session("S2", "K1", "2020-05-04", "2020-05-15", cost_per_head="2000"),
            ],
        }
    )
    result = solve_checked(folder)
    assert chosen(result) == {("C1", "S2"), ("C2", "S2")}
    status = {s.session_id: s.status for s in result.plan.sessions}
    assert status == {"S1": "cancelled", "S2": "run"}


def test_promotion_deadline(make_scenario) -> None:
    # Promoted 2019-03-15: the systematic course must end by 2020-03-15, so the dearer S1, not S2.
    folder = make_scenario(
        {
            "cadres.csv": [cadre("C1", "U1", rank="division", promoted_on="2019-03-15")],
            "courses.csv": [course("K1", systematic=True)],
            "sessions.csv": [
                session("S1", "K1", "2020-03-02", "2020-03-13", cost_per_head="8000"),
                session("S2", "K1", "2020-05-04", "2020-05-15"),
            ],
            "history.csv": [history("C1", "OLD", "2018-03-01", "2018-03-10", 550, systematic=True)],
        }
    )
    result = solve_checked(folder)
    assert chosen(result) == {("C1", "S1")}
    assert result.plan.assignments[0].reason.value == "remedial"


def test_team_share_takes_one_member(make_scenario) -> None:
    # Team of 3 with nothing else owed: ceil(0.2 x 3) = 1 member attends, in the cheap online class.
    folder = make_scenario(
        {
            "cadres.csv": [
                cadre("L1", "U1", rank="division", category="leadership"),
                cadre(
                    "L2", "U1", rank="division", category="leadership", unavailable="2020-01-01..2020-12-31"
                ),
                cadre(
                    "L3", "U1", rank="division", category="leadership", unavailable="2020-01-01..2020-12-31"
                ),
            ],
            "institutions.csv": [institution(), institution("NET", kind="online", cost_per_day=10)],
            "sessions.csv": [
                session("S1", "K1", "2020-03-02", "2020-03-13"),
                session("S2", "K2", "2020-04-01", "2020-04-03", institution="NET"),
            ],
            "courses.csv": [course("K1"), course("K2")],
            "history.csv": [h | {"end": "2019-07-31", "start": "2019-05-01"} for h in CYCLE_DONE],
        }
    )
    result = solve_checked(folder)
    assert chosen(result) == {("L1", "S2")}
    assert result.plan.assignments[0].reason.value == "team_share"
    # R17, each member's professional week, has no session of that theme to take here.
    assert [(s.rule, s.cadre_id) for s in result.plan.shortfalls] == [("R17", c) for c in ("L1", "L2", "L3")]
