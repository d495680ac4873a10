"""A unit's obligations in the solver (R16, R12) and the top-leader tie-break (R18), each on a tiny scenario
with its exact optimal plan."""

from __future__ import annotations

from helpers import cadre, chosen, course, history, institution, session, solve_checked, unit

# Policy numbers that switch the other rules off, so that each scenario tests its own: no hours quota (R2),
# no unit indicator (R12) unless a test sets one.
QUIET = {
    "annual_hours": "0",
    "summons_rate_target": "0",
    "participation_rate_target": "0",
    "per_capita_hours_leader": "0",
    "per_capita_hours_other": "0",
}


def toml(budget: int | None = None, **policy: str) -> str:
    lines = [f"{key} = {value}" for key, value in {**QUIET, **policy}.items()]
    text = 'name = "t"\ncycle_start = 2018\n\n[policy]\n' + "\n".join(lines) + "\n"
    return text + (f"\n[budget]\ntotal = {budget}\n" if budget is not None else "")


VENUES = [institution("I1"), institution("UNI", kind="university"), institution("NET", kind="online")]
UNITS = [unit("U1", max_away_share="1")]  # the whole unit may be away at once (R9 is not tested here)


def test_r16_young_cadres_take_the_party_school_although_the_university_is_cheaper(make_scenario) -> None:
    # Three untrained young cadres, deadline 2021-12-31: ceil(3 / 2 years left) = 2 this year. SV (party
    # school) serves, SU (university, cheaper) does not; Y3 is away during SV, so Y1 and Y2 go.
    folder = make_scenario(
        {
            "units.csv": UNITS,
            "cadres.csv": [
                cadre("Y1", "U1", young="true"),
                cadre("Y2", "U1", young="true"),
                cadre("Y3", "U1", young="true", unavailable="2020-03-01..2020-03-31"),
            ],
            "institutions.csv": VENUES,
            "courses.csv": [course("K1"), course("K2")],
            "sessions.csv": [
                session("SV", "K1", "2020-03-02", "2020-03-06", cost_per_head="800"),
                session("SU", "K2", "2020-05-04", "2020-05-08", institution="UNI", cost_per_head="100"),
            ],
        },
        toml(),
    )
    result = solve_checked(folder)
    assert chosen(result) == {("Y1", "SV"), ("Y2", "SV")}
    assert result.plan.summary["obligations"]["R16"] == {"owed": 1, "met": 1}
    assert not result.plan.shortfalls


def test_r16_the_deadline_day_serves_the_day_after_does_not(make_scenario) -> None:
    # Deadline 2020-02-29 (a leap day) in the plan year: both young cadres are due this year. S1 ends on the
    # deadline and serves; S2, a day later and cheaper, does not.
    folder = make_scenario(
        {
            "units.csv": UNITS,
            "cadres.csv": [cadre("Y1", "U1", young="true"), cadre("Y2", "U1", young="true")],
            "courses.csv": [course("K1"), course("K2")],
            "sessions.csv": [
                session("S1", "K1", "2020-02-25", "2020-02-29", cost_per_head="900"),
                session("S2", "K2", "2020-02-26", "2020-03-01", cost_per_head="100"),
            ],
        },
        toml(young_deadline="2020-02-29"),
    )
    result = solve_checked(folder)
    assert chosen(result) == {("Y1", "S1"), ("Y2", "S1")}
    assert result.plan.summary["obligations"]["R16"] == {"owed": 1, "met": 1}


def test_r16_unmet_is_a_unit_shortfall_row(make_scenario) -> None:
    # Two young cadres due this year, one seat at a venue: R16 cannot be met, and nobody is sent for it.
    folder = make_scenario(
        {
            "units.csv": UNITS,
            "cadres.csv": [cadre("Y1", "U1", young="true"), cadre("Y2", "U1", young="true")],
            "sessions.csv": [session("S1", "K1", "2020-03-02", "2020-03-06", seats=1)],
        },
        toml(young_deadline="2020-12-31"),
    )
    result = solve_checked(folder)
    assert chosen(result) == set()
    (row,) = result.plan.shortfalls
    assert (row.rule, row.unit_id, row.cadre_id, row.required, row.planned) == ("R16", "U1", None, 2, 0)
    assert row.reason


def test_r18_the_top_leader_gets_the_one_seat_over_an_equal_cadre(make_scenario) -> None:
    # Two staff cadres each owe 40 h (R2); S1 has one seat. Either meets one quota: the top leader is chosen,
    # although listed second.
    folder = make_scenario(
        {
            "units.csv": UNITS,
            "cadres.csv": [cadre("C1", "U1"), cadre("C2", "U1", top_leader="true")],
            "sessions.csv": [session("S1", "K1", "2020-03-02", "2020-03-06", seats=1, hours="40")],
        },
        toml(annual_hours="40"),
    )
    result = solve_checked(folder)
    assert chosen(result) == {("C2", "S1")}
    assert [(s.rule, s.cadre_id) for s in result.plan.shortfalls] == [("R2", "C1")]


def _participation(make_scenario, budget: int, target: str):  # type: ignore[no-untyped-def]
    # A owes 40 h (R2); B, a division cadre with the cycle's hours and a recent systematic course, owes
    # nothing. S1 (off-job, 40 h, 1,000 yuan) meets A's quota; S2 (online, 8 h, 100 yuan) meets nothing.
    return make_scenario(
        {
            "units.csv": UNITS,
            "cadres.csv": [cadre("A", "U1"), cadre("B", "U1", rank="division")],
            "institutions.csv": VENUES,
            "courses.csv": [course("K1"), course("K2"), course("OLD"), course("SYS", systematic=True)],
            "sessions.csv": [
                session("S1", "K1", "2020-03-02", "2020-03-06", hours="40", cost_per_head="1000"),
                session(
                    "S2", "K2", "2020-05-04", "2020-05-04", hours="8", institution="NET", cost_per_head="100"
                ),
            ],
            "history.csv": [
                history("B", "OLD", "2018-03-01", "2018-05-31", 550),
                history("B", "SYS", "2019-03-04", "2019-03-29", 120, systematic=True),
            ],
        },
        toml(budget, annual_hours="40", participation_rate_target=target),
    )


def test_r12_participation_changes_the_plan_only_after_the_hours_are_held(make_scenario) -> None:
    # Target 100 %: both must attend. A in S1 keeps A's quota (tier 4) and B online meets the target (tier 5),
    # 1,100 yuan; both online would meet the target cheaper but lose the quota.
    result = solve_checked(_participation(make_scenario, 1100, "1"))
    assert chosen(result) == {("A", "S1"), ("B", "S2")}
    assert result.plan.summary["obligations"]["R12.participation"] == {"owed": 1, "met": 1}
    # Without the target, B stays home (cost).
    result = solve_checked(_participation(make_scenario, 1100, "0"))
    assert chosen(result) == {("A", "S1")}


def test_r12_participation_never_costs_an_hours_quota(make_scenario) -> None:
    # With 1,000 yuan, meeting the target would take A out of S1: the quota wins, the target is a shortfall.
    result = solve_checked(_participation(make_scenario, 1000, "1"))
    assert chosen(result) == {("A", "S1")}
    (row,) = result.plan.shortfalls
    assert (row.rule, row.unit_id, row.required, row.planned) == ("R12.participation", "U1", 2, 1)


def test_r12_hours_count_partial_hours_of_a_cadre_short_of_its_quota(make_scenario) -> None:
    # Each owes 60 h (R2); the unit's target is 2 x 50 = 100 h. Three 40-h sessions fit the budget: A takes
    # S1 and S2 (quota met; A is away in September), B, away until July, takes S3: 40 h, short of B's quota,
    # but they count: 120 h.
    folder = make_scenario(
        {
            "units.csv": UNITS,
            "cadres.csv": [
                cadre("A", "U1", unavailable="2020-09-01..2020-09-30"),
                cadre("B", "U1", unavailable="2020-01-01..2020-06-30"),
            ],
            "courses.csv": [course("K1"), course("K2"), course("K3")],
            "sessions.csv": [
                session("S1", "K1", "2020-03-02", "2020-03-06", seats=2, hours="40", cost_per_head="1000"),
                session("S2", "K2", "2020-05-04", "2020-05-08", seats=2, hours="40", cost_per_head="1000"),
                session("S3", "K3", "2020-09-07", "2020-09-11", seats=2, hours="40", cost_per_head="1000"),
            ],
        },
        toml(3000, annual_hours="60", per_capita_hours_other="50"),
    )
    result = solve_checked(folder)
    assert chosen(result) == {("A", "S1"), ("A", "S2"), ("B", "S3")}
    assert result.plan.summary["obligations"]["R12.hours"] == {"owed": 1, "met": 1}
    assert [(s.rule, s.cadre_id, s.planned) for s in result.plan.shortfalls] == [("R2", "B", 40)]
