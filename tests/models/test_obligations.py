"""What each cadre and team owes in the plan year: DOMAIN.md "Precise meanings", R1-R7."""

from __future__ import annotations

import dataclasses
from datetime import date

import pytest

from models import (
    Cadre,
    Category,
    HistoryEntry,
    Obligation,
    Policy,
    Rank,
    Rule,
    Scenario,
    Summons,
    Unit,
    owed_obligations,
)
from models.obligations import add_months

BUREAU, DIVISION, SECTION, STAFF = Rank.BUREAU, Rank.DIVISION, Rank.SECTION, Rank.STAFF
LEADERSHIP, CIVIL = Category.LEADERSHIP, Category.CIVIL_SERVANT


def day(text: str) -> date:
    return date.fromisoformat(text)


def cadre(
    cadre_id: str = "C1",
    rank: Rank = STAFF,
    category: Category = CIVIL,
    promoted_on: str | None = None,
    unit_id: str = "U1",
) -> Cadre:
    promoted = day(promoted_on) if promoted_on else None
    return Cadre(cadre_id, f"干部{cadre_id}", unit_id, rank, category, promoted_on=promoted)


def row(
    start: str,
    end: str | None = None,
    hours: float = 40,
    systematic: bool = False,
    online: bool = False,
    cadre_id: str = "C1",
) -> HistoryEntry:
    return HistoryEntry(cadre_id, "K0", day(start), day(end or start), hours, systematic, online)


def owed(
    cadres: list[Cadre],
    history: list[HistoryEntry] | None = None,
    year: int = 2020,
    policy: Policy | None = None,
    summons: list[Summons] | None = None,
) -> list[Obligation]:
    scenario = Scenario(
        name="obligations",
        cycle_start=2018,
        units=(Unit("U1", "局"), Unit("U2", "县")),
        cadres=tuple(cadres),
        institutions=(),
        courses=(),
        sessions=(),
        summons=tuple(summons or ()),
        history=tuple(history or ()),
        policy=policy or Policy(),
    )
    return list(owed_obligations(scenario, year))


def of_rule(rule: Rule, items: list[Obligation]) -> list[Obligation]:
    return [item for item in items if item.rule is rule]


def required(rule: Rule, items: list[Obligation]) -> int | None:
    """The one obligation of ``rule``'s requirement, ``None`` when nothing of it is owed."""
    matching = of_rule(rule, items)
    assert len(matching) <= 1
    return matching[0].required if matching else None


# --- R1: bureau and division cadres, 550 h per 5-year cycle ----------------------------------


@pytest.mark.parametrize(
    ("year", "rows", "expected"),
    [
        # cycle 2018-2022, 2020: 3 years left; (550 - 250) / 3 = 100
        (2020, [row("2018-05-07", hours=150), row("2019-05-06", hours=100)], 100),
        # (550 - 251) / 3 = 99.67, rounded up
        (2020, [row("2019-05-06", hours=251)], 100),
        # online hours never count
        (2020, [row("2019-05-06", hours=250), row("2019-09-02", hours=100, online=True)], 100),
        # rows before the cycle do not count: 550 / 3 = 183.3
        (2020, [row("2017-12-31", hours=300)], 184),
        # first year of the cycle: 550 / 5
        (2018, [], 110),
        # last year of the cycle: all that is left
        (2022, [row("2019-05-06", hours=500)], 50),
        # the cycle rolls over: 2023 starts 2023-2027, earlier hours are gone
        (2023, [row("2022-05-09", hours=500)], 110),
        # done already
        (2020, [row("2019-05-06", hours=550)], None),
        (2020, [row("2019-05-06", hours=700)], None),
    ],
)
def test_r1_hours_owed(year: int, rows: list[HistoryEntry], expected: int | None) -> None:
    assert required(Rule.R1, owed([cadre(rank=BUREAU)], rows, year)) == expected


def test_r1_applies_to_division_rank_and_not_r2() -> None:
    items = owed([cadre(rank=DIVISION)], [row("2019-05-06", hours=250)])
    assert (required(Rule.R1, items), required(Rule.R2, items)) == (100, None)


def test_r1_reason_explains_the_numbers() -> None:
    [item] = of_rule(Rule.R1, owed([cadre(rank=BUREAU)], [row("2019-05-06", hours=250)]))
    assert str(item.reason) == (
        "bureau cadre: 550 h due in cycle 2018-2022, 250 h done, 3 year(s) left; 100 h owed"
    )
    assert (item.cadre_id, item.tier) == ("C1", 4)


# --- R2: section and staff cadres, 90 h per year ----------------------------------------------


@pytest.mark.parametrize(
    ("rows", "expected"),
    [
        ([], 90),
        ([row("2020-03-02", hours=30)], 60),
        ([row("2020-03-02", hours=30.5)], 60),  # 59.5 rounded up
        ([row("2019-12-30", "2020-01-03", hours=40)], 50),  # started last year, ends in the plan year
        ([row("2020-03-02", hours=30, online=True)], 90),  # online never counts
        ([row("2020-03-02", hours=90)], None),
        ([row("2020-03-02", hours=120)], None),
    ],
)
def test_r2_hours_owed(rows: list[HistoryEntry], expected: int | None) -> None:
    assert required(Rule.R2, owed([cadre(rank=SECTION)], rows)) == expected


def test_r2_follows_rank_not_category() -> None:
    items = owed([cadre(rank=STAFF, category=LEADERSHIP)])
    assert (required(Rule.R1, items), required(Rule.R2, items)) == (None, 90)


# --- R3: leadership-team members, a systematic course every 3 years ------------------------


@pytest.mark.parametrize(
    ("rows", "owes"),
    [
        ([], True),  # none in the ledger
        ([row("2016-11-01", "2016-12-31", systematic=True)], True),  # ended before 2017-01-01
        ([row("2016-11-01", "2017-01-01", systematic=True)], False),  # ended on 2017-01-01
        ([row("2019-05-06", "2019-06-28")], True),  # recent but not systematic
        ([row("2019-05-06", "2019-06-28", systematic=True, online=True)], True),  # online is never systematic
    ],
)
def test_r3_boundary(rows: list[HistoryEntry], owes: bool) -> None:
    items = owed([cadre(rank=SECTION, category=LEADERSHIP)], rows)
    assert required(Rule.R3, items) == (1 if owes else None)


def test_r3_is_for_team_members_only() -> None:
    assert of_rule(Rule.R3, owed([cadre(rank=DIVISION, category=CIVIL)])) == []


def test_r3_reason() -> None:
    [item] = of_rule(
        Rule.R3, owed([cadre(category=LEADERSHIP)], [row("2016-12-01", "2016-12-31", systematic=True)])
    )
    assert (
        str(item.reason)
        == "leadership-team member: last systematic course ended 2016-12-31, none since 2017-01-01"
    )


# --- R5: remedial, a leader with no systematic course in 5 years -----------------------------


@pytest.mark.parametrize(
    ("rows", "owes"),
    [
        ([], True),
        ([row("2014-11-03", "2014-12-31", systematic=True)], True),  # ended before 2015-01-01
        ([row("2014-11-03", "2015-01-01", systematic=True)], False),  # ended on 2015-01-01
    ],
)
def test_r5_boundary(rows: list[HistoryEntry], owes: bool) -> None:
    assert required(Rule.R5, owed([cadre(rank=DIVISION)], rows)) == (1 if owes else None)


@pytest.mark.parametrize(
    ("rank", "category", "leader"),
    [
        (BUREAU, CIVIL, True),
        (DIVISION, Category.ENTERPRISE, True),
        (SECTION, LEADERSHIP, True),  # a leader by category
        (STAFF, LEADERSHIP, True),
        (SECTION, CIVIL, False),
        (STAFF, Category.GRASSROOTS, False),
    ],
)
def test_r5_is_for_leaders_only(rank: Rank, category: Category, leader: bool) -> None:
    assert bool(of_rule(Rule.R5, owed([cadre(rank=rank, category=category)]))) is leader


def test_r5_is_remedial_tier() -> None:
    [item] = of_rule(Rule.R5, owed([cadre(rank=BUREAU)]))
    assert item.tier == 2
    assert str(item.reason) == "remedial: no systematic course in the ledger, none since 2015-01-01"


# --- R6: remedial, a newly promoted leader trained within 12 months -------------------------

RECENT_SYSTEMATIC = [row("2019-06-03", "2019-07-26", systematic=True)]  # keeps R5 quiet


@pytest.mark.parametrize(
    ("promoted_on", "rows", "deadline"),
    [
        # due within the plan year
        ("2019-03-15", [], "2020-03-15"),
        # due next year: nothing owed in 2020
        ("2020-03-01", [], None),
        # overdue since 2019-05-01: no R6 but R6b, tier 1 (test_r6_overdue_is_r6b)
        ("2018-05-01", [], None),
        # a systematic course ending after the promotion clears it
        ("2019-03-15", [row("2019-05-06", "2019-06-28", systematic=True)], None),
        # ... so does one spanning the promotion day
        ("2019-03-15", [row("2019-03-01", "2019-03-29", systematic=True)], None),
        # ... and one ending on it ("since P" includes P)
        ("2019-03-15", [row("2019-03-01", "2019-03-15", systematic=True)], None),
        # one ending the day before does not
        ("2019-03-15", [row("2019-03-01", "2019-03-14", systematic=True)], "2020-03-15"),
        # an ordinary course does not
        ("2019-03-15", [row("2019-05-06", "2019-06-28")], "2020-03-15"),
        # neither does an online one
        ("2019-03-15", [row("2019-05-06", "2019-06-28", systematic=True, online=True)], "2020-03-15"),
        # 31 January + 12 months
        ("2019-01-31", [], "2020-01-31"),
        # 29 February + 12 months ends on 28 February
        ("2020-02-29", [], None),
        # promoted 2019-12-31: due on the plan year's last day
        ("2019-12-31", [], "2020-12-31"),
    ],
)
def test_r6_deadline(promoted_on: str, rows: list[HistoryEntry], deadline: str | None) -> None:
    items = of_rule(Rule.R6, owed([cadre(rank=DIVISION, promoted_on=promoted_on)], rows))
    assert [item.deadline for item in items] == ([day(deadline)] if deadline else [])
    assert all(item.required == 1 and item.tier == 2 for item in items)


def test_r6_overdue_is_r6b() -> None:
    # DOMAIN.md: an overdue R6 is a tier-1 obligation (overdue_as_summons, on by default), with no deadline.
    (late,) = of_rule(Rule.R6b, owed([cadre(rank=DIVISION, promoted_on="2018-05-01")]))
    assert (late.required, late.tier, late.deadline) == (1, 1, None)


def test_r6_reasons_say_due_or_overdue() -> None:
    due = of_rule(Rule.R6, owed([cadre(rank=DIVISION, promoted_on="2019-03-15")]))
    late = of_rule(
        Rule.R6,
        owed([cadre(rank=DIVISION, promoted_on="2018-05-01")], policy=Policy(overdue_as_summons=False)),
    )
    assert str(due[0].reason) == "remedial: promoted 2019-03-15, not yet trained; due by 2020-03-15"
    assert str(late[0].reason) == "remedial: promoted 2018-05-01, training was due by 2019-05-01 (overdue)"


def test_r6_is_for_leaders_only() -> None:
    assert of_rule(Rule.R6, owed([cadre(rank=SECTION, category=CIVIL, promoted_on="2019-03-15")])) == []


def test_r6_with_a_recent_systematic_course_owes_no_r5() -> None:
    items = owed([cadre(rank=DIVISION, promoted_on="2019-09-02")], RECENT_SYSTEMATIC)
    assert [(o.rule, o.deadline) for o in items if o.rule in (Rule.R5, Rule.R6)] == [
        (Rule.R6, day("2020-09-02"))
    ]


# --- R4: at least 1/5 of each leadership team trained each year ------------------------------


def team(size: int, unit_id: str = "U1", prefix: str = "L") -> list[Cadre]:
    return [cadre(f"{prefix}{i}", SECTION, LEADERSHIP, unit_id=unit_id) for i in range(1, size + 1)]


@pytest.mark.parametrize(
    ("size", "trained", "expected"),
    [
        (1, 0, 1),  # ceil(0.2)
        (5, 0, 1),
        (6, 0, 2),  # ceil(1.2)
        (6, 1, 1),  # one member already has a row in the plan year
        (5, 1, None),
        (10, 2, None),
        (11, 2, 1),  # ceil(2.2) = 3
    ],
)
def test_r4_team_share(size: int, trained: int, expected: int | None) -> None:
    rows = [row("2020-02-03", cadre_id=f"L{i}") for i in range(1, trained + 1)]
    items = of_rule(Rule.R4, owed(team(size), rows))
    assert [(o.unit_id, o.required) for o in items] == ([("U1", expected)] if expected else [])


@pytest.mark.parametrize(
    ("history", "expected"),
    [
        ([row("2020-06-01", online=True, cadre_id="L1")], None),  # an online class counts as training
        ([row("2019-12-02", cadre_id="L1")], 1),  # last year does not count
        ([row("2020-02-03", cadre_id="C9")], 1),  # a cadre outside the team does not count
    ],
)
def test_r4_what_counts_as_trained(history: list[HistoryEntry], expected: int | None) -> None:
    items = of_rule(Rule.R4, owed([*team(5), cadre("C9", DIVISION, CIVIL)], history))
    assert [o.required for o in items] == ([expected] if expected else [])


def test_r4_counts_each_unit_alone_and_skips_units_without_a_team() -> None:
    cadres = [*team(6, "U1"), *team(2, "U2", prefix="M"), cadre("C9", STAFF, CIVIL, unit_id="U2")]
    items = of_rule(Rule.R4, owed(cadres))
    assert [(o.unit_id, o.required, o.cadre_id) for o in items] == [("U1", 2, None), ("U2", 1, None)]
    assert str(items[0].reason) == "leadership team of 6: at least 2 must train in 2020 (20%), 0 already did"


def test_r4_without_any_team_owes_nothing() -> None:
    assert of_rule(Rule.R4, owed([cadre("C1", BUREAU, CIVIL)])) == []


# --- R7: named summons ------------------------------------------------------------------------


def test_r7_one_obligation_per_summons() -> None:
    summons = [
        Summons("C1", "K1", "province", "点名调训"),
        Summons("C1", "K2"),
        Summons("C2", "K1", "city_org"),
    ]
    items = of_rule(Rule.R7, owed([cadre("C1"), cadre("C2")], summons=summons))
    assert [(o.cadre_id, o.course_id, o.required, o.tier) for o in items] == [
        ("C1", "K1", 1, 1),
        ("C1", "K2", 1, 1),
        ("C2", "K1", 1, 1),
    ]
    assert [str(o.reason) for o in items] == [
        "named summons by province: 点名调训",
        "named summons by the organisation department",
        "named summons by city_org",
    ]
    assert [o.key for o in items] == [("R7", "C1/K1"), ("R7", "C1/K2"), ("R7", "C2/K1")]


# --- the numbers come from the policy ---------------------------------------------------------

CHANGED = Policy(
    cycle_years=4,
    leader_cycle_hours=600,
    annual_hours=100,
    systematic_every_years=2,
    remedial_after_years=4,
    promotion_deadline_months=6,
    team_share=0.5,
)


def test_changed_policy_r1() -> None:
    # cycle 2018-2021, 2020 leaves 2 years: (600 - 200) / 2
    assert (
        required(Rule.R1, owed([cadre(rank=BUREAU)], [row("2019-05-06", hours=200)], policy=CHANGED)) == 200
    )


def test_changed_policy_r1_rolls_over_with_the_cycle_length() -> None:
    # a 4-year cycle from 2018 starts again in 2022: 600 / 4
    assert required(Rule.R1, owed([cadre(rank=BUREAU)], [row("2021-05-10", hours=300)], 2022, CHANGED)) == 150


def test_changed_policy_r2() -> None:
    assert required(Rule.R2, owed([cadre()], [row("2020-03-02", hours=30)], policy=CHANGED)) == 70


@pytest.mark.parametrize(("end", "owes"), [("2017-12-31", True), ("2018-01-01", False)])
def test_changed_policy_r3(end: str, owes: bool) -> None:
    rows = [row("2017-11-01", end, systematic=True)]
    items = owed([cadre(category=LEADERSHIP)], rows, policy=CHANGED)
    assert required(Rule.R3, items) == (1 if owes else None)


@pytest.mark.parametrize(("end", "owes"), [("2015-12-31", True), ("2016-01-01", False)])
def test_changed_policy_r5(end: str, owes: bool) -> None:
    rows = [row("2015-11-02", end, systematic=True)]
    assert required(Rule.R5, owed([cadre(rank=DIVISION)], rows, policy=CHANGED)) == (1 if owes else None)


@pytest.mark.parametrize(
    ("promoted_on", "deadline"),
    [("2019-08-01", "2020-02-01"), ("2019-05-01", "2020-12-31"), ("2020-07-02", None)],
)
def test_changed_policy_r6(promoted_on: str, deadline: str | None) -> None:
    policy = dataclasses.replace(CHANGED, overdue_as_summons=False)  # an overdue R6 stays R6, by 31 Dec
    items = of_rule(Rule.R6, owed([cadre(rank=DIVISION, promoted_on=promoted_on)], policy=policy))
    assert [o.deadline for o in items] == ([day(deadline)] if deadline else [])


def test_changed_policy_r4() -> None:
    # ceil(0.5 x 3) = 2
    assert [o.required for o in of_rule(Rule.R4, owed(team(3), policy=CHANGED))] == [2]


# --- all together -------------------------------------------------------------------------------


def test_count_by_rule_and_lookups() -> None:
    scenario = Scenario(
        name="all",
        cycle_start=2018,
        units=(Unit("U1", "局"),),
        cadres=(
            cadre("C1", BUREAU, LEADERSHIP, promoted_on="2019-06-01"),  # R1 R3 R3b R5 R6 R17; a team: R4
            cadre("C2", STAFF, CIVIL),  # R2, and R7 below
        ),
        institutions=(),
        courses=(),
        sessions=(),
        summons=(Summons("C2", "K1"),),
    )
    obligations = owed_obligations(scenario, 2020)  # the solver's rules; every rule is counted
    solver = {"R1": 1, "R2": 1, "R3": 1, "R4": 1, "R5": 1, "R6": 1, "R7": 1, "R3b": 1, "R17": 1}
    solver |= {"R12.summons": 1, "R12.participation": 1, "R12.hours": 1}  # one unit, no online target
    assert obligations.count_by_rule() == solver | {r.value: 0 for r in Rule if r.value not in solver}
    assert [o.rule for o in obligations.by_cadre["C1"]] == [
        Rule.R5,
        Rule.R6,
        Rule.R3,
        Rule.R3b,
        Rule.R17,
        Rule.R1,
    ]
    assert [o.rule for o in obligations.by_cadre["C2"]] == [Rule.R7, Rule.R2]
    assert len(obligations) == 12
    assert [o.unit_id for o in obligations.of_rule(Rule.R4)] == ["U1"]


@pytest.mark.parametrize(
    ("start", "months", "expected"),
    [
        ("2019-03-15", 12, "2020-03-15"),
        ("2019-01-31", 1, "2019-02-28"),  # clamped to the month's last day
        ("2020-02-29", 12, "2021-02-28"),
        ("2019-11-30", 3, "2020-02-29"),
        ("2019-08-01", 6, "2020-02-01"),
    ],
)
def test_add_months(start: str, months: int, expected: str) -> None:
    assert add_months(day(start), months) == day(expected)
