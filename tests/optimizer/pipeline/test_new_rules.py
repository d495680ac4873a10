"""The rules issue 15 added to the solver, each on a tiny scenario with its exact optimal plan (R3b, R17)."""

from __future__ import annotations

from helpers import cadre, chosen, course, history, session, solve_checked

# A division leader of a team of one: the cycle's 550 h are done (R1), the last systematic course ended in
# 2019 (no R3 or R5), and a professional week in January 2020 is in the ledger (no R4, no R17).
LEDGER = [
    history("L1", "OLD", "2018-05-01", "2018-07-31", 303),
    history("L1", "SYS", "2019-03-04", "2019-05-31", 247, systematic=True),
]
PROFESSIONAL_WEEK = history("L1", "PRO", "2020-01-06", "2020-01-10", 40)
COURSES = [course("OLD"), course("SYS", systematic=True), course("PRO", theme="professional")]


def test_r3b_takes_the_systematic_session_although_another_is_cheaper(make_scenario) -> None:
    # R3b: (367 - 247) h of systematic training over the 3 years left of 2018-2022 = 40 h in 2020.
    # S1 (systematic, 900 yuan) serves it; S2 (same hours, 300 yuan) does not.
    folder = make_scenario(
        {
            "cadres.csv": [cadre("L1", "U1", rank="division", category="leadership")],
            "courses.csv": [*COURSES, course("K1", systematic=True), course("K2")],
            "sessions.csv": [
                session("S1", "K1", "2020-03-02", "2020-03-06", cost_per_head="900"),
                session("S2", "K2", "2020-04-06", "2020-04-10", cost_per_head="300"),
            ],
            "history.csv": [*LEDGER, PROFESSIONAL_WEEK],
        }
    )
    result = solve_checked(folder)
    assert chosen(result) == {("L1", "S1")}
    assert result.plan.summary["obligations"]["R3b"] == {"owed": 1, "met": 1}
    assert not result.plan.shortfalls


def test_r17_takes_a_professional_week_not_four_days(make_scenario) -> None:
    # R17: a professional-theme session of at least 5 days; P4 (4 days, cheaper) does not serve it.
    folder = make_scenario(
        {
            "cadres.csv": [cadre("L1", "U1", rank="division", category="leadership")],
            "courses.csv": [*COURSES, course("P", theme="professional"), course("Q", theme="professional")],
            "sessions.csv": [
                session("P4", "P", "2020-05-04", "2020-05-07", cost_per_head="100"),
                session("P5", "Q", "2020-06-01", "2020-06-05", cost_per_head="500"),
            ],
            "history.csv": [*LEDGER, history("L1", "SYS2", "2019-06-03", "2019-06-28", 120, systematic=True)],
        }
    )
    result = solve_checked(folder)
    assert chosen(result) == {("L1", "P5")}
    assert result.plan.summary["obligations"]["R17"] == {"owed": 1, "met": 1}
    assert not result.plan.shortfalls


def test_r6b_overdue_remedial_takes_the_earliest_session_although_a_later_one_is_cheaper(
    make_scenario,
) -> None:
    # Promoted 2018-06-01 and untrained since: training was due by 2019-06-01, so it is overdue (R6b, tier 1)
    # and should end as early as the plan allows, before cost: S1 (March, 900 yuan), not S2 (October, 300).
    folder = make_scenario(
        {
            "cadres.csv": [cadre("C1", "U1", rank="division", promoted_on="2018-06-01")],
            "courses.csv": [course("OLD"), course("SYS", systematic=True), course("K1", systematic=True)],
            "sessions.csv": [
                session("S2", "K1", "2020-10-05", "2020-10-09", cost_per_head="300"),
                session("S1", "K1", "2020-03-02", "2020-03-06", cost_per_head="900"),
            ],
            "history.csv": [
                history("C1", "OLD", "2018-02-01", "2018-04-30", 550),
                history("C1", "SYS", "2016-03-01", "2016-05-31", 300, systematic=True),
            ],
        }
    )
    result = solve_checked(folder)
    assert chosen(result) == {("C1", "S1")}
    assert result.plan.summary["obligations"]["R6b"] == {"owed": 1, "met": 1}
    assert result.plan.summary["obligations"]["R6"] == {"owed": 0, "met": 0}
    assert not result.plan.shortfalls
