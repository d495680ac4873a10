"""The rules of issue 15 one by one: what is owed (R3b, R6b, R16, R17, R12, R18 flag) and what a plan meets.

Every scenario is made by hand here: one unit ``U1`` (and an empty ``U2``),
the five kinds of institution and the sessions below, cycle 2018-2022.
"""

from __future__ import annotations

import math
from dataclasses import replace
from datetime import date

import pytest

from models import (
    ALL_RULES,
    RULE_TITLES,
    SOLVER_RULES,
    TIER_BY_RULE,
    Cadre,
    Category,
    Course,
    HistoryEntry,
    Institution,
    InstitutionKind,
    Obligation,
    Policy,
    Rank,
    Rule,
    Scenario,
    Session,
    SessionRun,
    Summons,
    Theme,
    Unit,
    build_plan,
    evaluate,
    met_by_rule,
    met_by_tier,
    owed_obligations,
    planned_toward,
    serves,
    unit_planned,
)
from models.evaluation import Outcome
from models.indicators import INDICATOR_COLUMNS, PRIORITY_COLUMNS, unit_indicators
from models.serving import run_of

BUREAU, DIVISION, SECTION, STAFF = Rank.BUREAU, Rank.DIVISION, Rank.SECTION, Rank.STAFF
LEADERSHIP, CIVIL = Category.LEADERSHIP, Category.CIVIL_SERVANT
YEAR = 2020


def day(text: str) -> date:
    return date.fromisoformat(text)


INSTITUTIONS = (
    Institution("PS", "市委党校", InstitutionKind.PARTY_SCHOOL, cost_per_day=100),
    Institution("CA", "干部学院", InstitutionKind.CADRE_ACADEMY, cost_per_day=100),
    Institution("RB", "红色教育基地", InstitutionKind.RED_BASE, cost_per_day=100),
    Institution("UN", "大学", InstitutionKind.UNIVERSITY, cost_per_day=100),
    Institution("ON", "网络学院", InstitutionKind.ONLINE, cost_per_day=0),
)
COURSES = (
    Course("SYS", "系统理论班", Theme.THEORY, systematic=True),
    Course("PRO", "专业化能力班", Theme.PROFESSIONAL),
    Course("PRO2", "专业化能力二班", Theme.PROFESSIONAL),
    Course("KNO", "知识班", Theme.KNOWLEDGE),
    Course("RED", "党性教育班", Theme.PARTY_SPIRIT),
)


def session(
    session_id: str,
    course_id: str,
    institution_id: str,
    start: str,
    end: str,
    hours: int | None = None,
    segment_of: str | None = None,
) -> Session:
    days = (day(end) - day(start)).days + 1
    return Session(
        session_id,
        course_id,
        institution_id,
        "city_org",
        day(start),
        day(end),
        days * 8 if hours is None else hours,
        seats=50,
        cost_per_head=days * 100,
        segment_of=segment_of,
    )


SESSIONS = (
    session("SYS-PS", "SYS", "PS", "2020-03-02", "2020-03-13", hours=96),  # systematic, 96 h
    session("SYS-CA", "SYS", "CA", "2020-09-07", "2020-09-11"),  # systematic, 40 h
    session("SYS-ON", "SYS", "ON", "2020-10-12", "2020-10-13"),  # online: not systematic, 16 online h
    session("SYS-UN", "SYS", "UN", "2020-10-19", "2020-10-23"),  # at a university: not systematic
    session("PRO5", "PRO", "UN", "2020-04-06", "2020-04-10"),  # professional, 5 days
    session("PRO4", "PRO", "UN", "2020-05-11", "2020-05-14"),  # professional, 4 days
    session("PRO-A", "PRO2", "UN", "2020-06-01", "2020-06-03"),  # professional in two segments: 3 days
    session("PRO-B", "PRO2", "UN", "2020-06-15", "2020-06-16", segment_of="PRO-A"),  # ... and 2 days
    session("PRO-ON", "PRO", "ON", "2020-07-01", "2020-07-07"),  # professional but online, 7 days
    session("RED", "RED", "RB", "2020-07-06", "2020-07-10"),  # party spirit at a red base
    session("KNO-UN", "KNO", "UN", "2020-11-02", "2020-11-06"),  # knowledge at a university, 40 h
    session("KNO-ON", "KNO", "ON", "2020-08-03", "2020-08-04", hours=12),  # online, 12 h
)


def cadre(
    cadre_id: str,
    rank: Rank = STAFF,
    category: Category = CIVIL,
    top_leader: bool = False,
    young: bool = False,
    promoted_on: str | None = None,
    unit_id: str = "U1",
) -> Cadre:
    promoted = day(promoted_on) if promoted_on else None
    return Cadre(cadre_id, f"干部{cadre_id}", unit_id, rank, category, top_leader, young, promoted)


def leader(cadre_id: str = "L1", rank: Rank = DIVISION, **flags: object) -> Cadre:
    return cadre(cadre_id, rank, LEADERSHIP, **flags)  # type: ignore[arg-type]


def row(
    start: str,
    end: str | None = None,
    hours: float = 40,
    systematic: bool = False,
    online: bool = False,
    cadre_id: str = "L1",
    course_id: str = "K0",
    institution_id: str | None = None,
) -> HistoryEntry:
    return HistoryEntry(
        cadre_id, course_id, day(start), day(end or start), hours, systematic, online, institution_id
    )


def scenario_of(
    cadres: list[Cadre],
    history: list[HistoryEntry] | None = None,
    policy: Policy | None = None,
    summons: list[Summons] | None = None,
) -> Scenario:
    return Scenario(
        name="issue 15",
        cycle_start=2018,
        units=(Unit("U1", "局"), Unit("U2", "空单位")),
        cadres=tuple(cadres),
        institutions=INSTITUTIONS,
        courses=COURSES,
        sessions=SESSIONS,
        summons=tuple(summons or ()),
        history=tuple(history or ()),
        policy=policy or Policy(),
    )


def owed(
    cadres: list[Cadre],
    history: list[HistoryEntry] | None = None,
    year: int = YEAR,
    policy: Policy | None = None,
    rules: tuple[Rule, ...] = ALL_RULES,
) -> list[Obligation]:
    return list(owed_obligations(scenario_of(cadres, history, policy), year, rules=rules))


def of_rule(rule: Rule, items: list[Obligation]) -> list[Obligation]:
    return [item for item in items if item.rule is rule]


def one(rule: Rule, items: list[Obligation]) -> Obligation | None:
    """The one obligation of ``rule``, ``None`` when nothing of it is owed."""
    matching = of_rule(rule, items)
    assert len(matching) <= 1, matching
    return matching[0] if matching else None


def outcomes(
    cadres: list[Cadre],
    picks: list[tuple[str, str]],
    history: list[HistoryEntry] | None = None,
    policy: Policy | None = None,
    year: int = YEAR,
) -> dict[tuple[str, str], Outcome]:
    """What a plan of (cadre_id, session group) picks meets, by obligation key."""
    scenario = scenario_of(cadres, history, policy)
    obligations = owed_obligations(scenario, year, rules=ALL_RULES)
    plan = build_plan(scenario, obligations, picks)
    return {o.obligation.key: o for o in evaluate(scenario, obligations, plan)}


def run(session_id: str) -> SessionRun:
    """The run of a session group of :data:`SESSIONS`, as ``evaluate`` sees it."""
    return run_of(scenario_of([]), session_id)


# --- the rules themselves -------------------------------------------------------------------


def test_new_rules_ids_tiers_and_titles() -> None:
    assert [r.value for r in Rule][7:] == [
        "R3b",
        "R6b",
        "R16",
        "R17",
        "R12.summons",
        "R12.participation",
        "R12.hours",
        "R12.online",
    ]
    tiers = {tier: sorted(r.value for r, t in TIER_BY_RULE.items() if t == tier) for tier in range(1, 6)}
    assert tiers == {
        1: ["R6b", "R7"],
        2: ["R5", "R6"],
        3: ["R16", "R3", "R3b", "R4"],
        4: ["R1", "R17", "R2"],
        5: ["R12.hours", "R12.online", "R12.participation", "R12.summons"],
    }
    assert set(TIER_BY_RULE) == set(RULE_TITLES) == set(Rule)
    assert SOLVER_RULES == tuple(Rule)  # the solver plans every rule


def test_the_solver_sees_only_its_rules_unless_every_rule_is_asked_for() -> None:
    cadres = [leader("L1", promoted_on="2018-06-01", young=True), cadre("S1")]
    scenario = scenario_of(cadres)
    solver = owed_obligations(scenario, YEAR)
    assert {o.rule for o in solver} <= set(SOLVER_RULES)
    # overdue promotion: R6b (tier 1) for the solver too, now that it meets R6b
    (r6b,) = solver.of_rule(Rule.R6b)
    assert (r6b.tier, r6b.deadline) == (1, None) and not solver.of_rule(Rule.R6)
    every = owed_obligations(scenario, YEAR, rules=ALL_RULES)
    assert {o.rule for o in every} == {
        Rule.R1,
        Rule.R2,
        Rule.R3,
        Rule.R4,
        Rule.R5,
        Rule.R6b,
        Rule.R3b,
        Rule.R16,
        Rule.R17,
        Rule.R12_SUMMONS,
        Rule.R12_PARTICIPATION,
        Rule.R12_HOURS,
    }
    # the solver's obligations are those of every rule, R6 apart
    assert [o for o in every if o.rule in SOLVER_RULES] == [o for o in solver if o.rule is not Rule.R6]


# --- R6b: remedial not done in time becomes a strict named summons -----------------------------


@pytest.mark.parametrize(
    ("promoted", "year", "rule", "deadline"),
    [
        # 12 months after 2018-12-31 is 2019-12-31, before the plan year: overdue
        ("2018-12-31", 2020, Rule.R6b, None),
        # exactly 12 months before the plan year starts: due 2020-01-01, the plan year's first day
        ("2019-01-01", 2020, Rule.R6, day("2020-01-01")),
        # promoted 12 months before the plan year's last day: due on 31 December
        ("2019-12-31", 2020, Rule.R6, day("2020-12-31")),
        # a leap day: 12 months after 2020-02-29 is 2021-02-28
        ("2020-02-29", 2021, Rule.R6, day("2021-02-28")),
        # ... and a year later that deadline has passed
        ("2020-02-29", 2022, Rule.R6b, None),
        # 12 months after 2019-02-28 is 2020-02-28 (not the leap day)
        ("2019-02-28", 2020, Rule.R6, day("2020-02-28")),
    ],
)
def test_r6b_an_overdue_promotion_is_a_tier_1_summons(
    promoted: str, year: int, rule: Rule, deadline: date | None
) -> None:
    items = owed([leader(promoted_on=promoted)], year=year)
    remedial = [o for o in items if o.rule in (Rule.R6, Rule.R6b)]
    assert [(o.rule, o.deadline, o.required, o.cadre_id) for o in remedial] == [(rule, deadline, 1, "L1")]
    assert remedial[0].tier == (1 if rule is Rule.R6b else 2)


def test_r6b_off_keeps_the_overdue_r6_due_by_the_end_of_the_plan_year() -> None:
    policy = Policy(overdue_as_summons=False)
    items = owed([leader(promoted_on="2018-06-01")], policy=policy)
    assert one(Rule.R6b, items) is None
    r6 = one(Rule.R6, items)
    assert r6 is not None and (r6.deadline, r6.tier) == (date(YEAR, 12, 31), 2)
    assert "overdue" in str(r6.reason)


def test_r6b_is_not_owed_once_trained_since_promotion() -> None:
    history = [row("2019-03-04", "2019-03-15", 80, systematic=True)]
    assert one(Rule.R6b, owed([leader(promoted_on="2018-06-01")], history)) is None


def test_r6b_any_systematic_run_of_the_year_serves() -> None:
    item = one(Rule.R6b, owed([leader(promoted_on="2018-06-01")]))
    assert item is not None and "strict named summons" in str(item.reason)
    served = {s.session_id for s in SESSIONS if s.segment_of is None and serves(item, run(s.session_id))}
    assert served == {"SYS-PS", "SYS-CA"}  # not online, not at a university


@pytest.mark.parametrize(("group", "met"), [("SYS-CA", True), ("SYS-UN", False), ("PRO5", False)])
def test_r6b_evaluated(group: str, met: bool) -> None:
    result = outcomes([leader(promoted_on="2018-06-01")], [("L1", group)])
    assert result["R6b", "L1"].met is met


# --- R3b: systematic hours over the cycle -----------------------------------------------------


@pytest.mark.parametrize(
    ("year", "rows", "expected"),
    [
        # cycle 2018-2022, plan year 2020: 3 years left; 367 / 3 = 122.3, rounded up
        (2020, [], 123),
        # (367 - 100) / 3 = 89
        (2020, [row("2019-05-06", "2019-05-17", 100, systematic=True)], 89),
        # a row ending on 1 January of cycle_start counts: (367 - 40) / 3 = 109
        (2020, [row("2017-12-28", "2018-01-01", 40, systematic=True)], 109),
        # a row ending the day before does not
        (2020, [row("2017-12-27", "2017-12-31", 40, systematic=True)], 123),
        # nor do rows that are not systematic, or online
        (
            2020,
            [row("2019-05-06", hours=100), row("2019-06-03", hours=100, systematic=True, online=True)],
            123,
        ),
        # a ledger row ending in the plan year (a mid-year re-plan) is this year's: 123 - 40 = 83
        (2020, [row("2020-03-02", "2020-03-06", 40, systematic=True)], 83),
        # ... also when it started the year before (rows count by the year they end in)
        (2020, [row("2019-12-28", "2020-01-03", 40, systematic=True)], 83),
        # a row ending 29 February of a leap plan year is the plan year's
        (2020, [row("2020-02-24", "2020-02-29", 48, systematic=True)], 75),
        # first year of the cycle: 367 / 5 = 73.4
        (2018, [], 74),
        # last year of the cycle: all that is left
        (2022, [row("2019-05-06", "2019-06-28", 300, systematic=True)], 67),
        # the cycle rolls over in 2023: earlier hours are gone
        (2023, [row("2021-05-06", "2021-06-28", 300, systematic=True)], 74),
        # done already
        (2020, [row("2019-05-06", "2019-06-28", 367, systematic=True)], None),
    ],
)
def test_r3b_systematic_hours_owed(year: int, rows: list[HistoryEntry], expected: int | None) -> None:
    item = one(Rule.R3b, owed([leader()], rows, year))
    assert (item.required if item else None) == expected
    if item is not None:
        assert (item.cadre_id, item.tier, item.members, item.min_days) == ("L1", 3, (), None)


def test_r3b_is_for_the_leadership_team_only() -> None:
    items = owed([leader("L1", rank=SECTION), cadre("D1", DIVISION, CIVIL)])
    assert [o.cadre_id for o in of_rule(Rule.R3b, items)] == ["L1"]


def test_r3b_uses_the_policy_hours() -> None:
    item = one(Rule.R3b, owed([leader()], policy=Policy(systematic_cycle_hours=300)))
    assert item is not None and item.required == 100


def test_r3b_sums_the_off_job_hours_of_systematic_runs_only() -> None:
    item = one(Rule.R3b, owed([leader()]))
    assert item is not None
    runs = [run(g) for g in ("SYS-PS", "SYS-CA", "SYS-ON", "SYS-UN", "PRO5")]
    assert [serves(item, r) for r in runs] == [True, True, False, False, False]
    assert planned_toward(item, runs) == 96 + 40


@pytest.mark.parametrize(
    ("groups", "planned", "met"),
    [(["SYS-PS"], 96, False), (["SYS-PS", "SYS-CA"], 136, True), (["SYS-PS", "KNO-UN"], 96, False)],
)
def test_r3b_evaluated(groups: list[str], planned: int, met: bool) -> None:
    result = outcomes([leader()], [("L1", g) for g in groups])
    assert (result["R3b", "L1"].planned, result["R3b", "L1"].met) == (planned, met)
    # R1/R2 still count every off-job hour
    assert result["R1", "L1"].planned == sum(run(g).offjob_hours for g in groups)


# --- R16: young cadres trained once by the deadline --------------------------------------------


def young(count: int, unit_id: str = "U1") -> list[Cadre]:
    return [cadre(f"Y{k}", young=True, unit_id=unit_id) for k in range(1, count + 1)]


@pytest.mark.parametrize(
    ("year", "deadline", "required", "due_by"),
    [
        # 2020 with the deadline 2021-12-31: 2 years left, ceil(5 / 2) = 3
        (2020, "2021-12-31", 3, None),
        # the deadline's own year: all of them, by the deadline
        (2021, "2021-12-31", 5, day("2021-12-31")),
        # after the deadline: all of them, as early as possible
        (2022, "2021-12-31", 5, None),
        # a deadline on 1 January of the next year leaves two years: ceil(5 / 2) = 3
        (2021, "2022-01-01", 3, None),
        # a mid-year deadline in the plan year: all, by that day
        (2021, "2021-06-30", 5, day("2021-06-30")),
        # a leap day as the deadline
        (2024, "2024-02-29", 5, day("2024-02-29")),
        # three years left: ceil(5 / 3) = 2
        (2020, "2022-12-31", 2, None),
    ],
)
def test_r16_untrained_young_cadres_spread_over_the_years_left(
    year: int, deadline: str, required: int, due_by: date | None
) -> None:
    items = owed(young(5) + [cadre("S1")], year=year, policy=Policy(young_deadline=day(deadline)))
    item = one(Rule.R16, items)
    assert item is not None
    assert (item.unit_id, item.required, item.deadline, item.tier) == ("U1", required, due_by, 3)
    assert item.members == ("Y1", "Y2", "Y3", "Y4", "Y5")
    assert item.cadre_id is None


@pytest.mark.parametrize(
    ("history", "untrained"),
    [
        # at a party school named in the ledger: trained
        ([row("2019-05-06", cadre_id="Y1", institution_id="PS")], ["Y2"]),
        # at a red base: trained
        ([row("2019-05-06", cadre_id="Y1", institution_id="RB")], ["Y2"]),
        # at a known university, even marked systematic: the institution's kind decides
        ([row("2019-05-06", cadre_id="Y1", systematic=True, institution_id="UN")], ["Y1", "Y2"]),
        # at an institution the scenario does not list: the systematic flag decides
        ([row("2019-05-06", cadre_id="Y1", systematic=True, institution_id="PROV-PS")], ["Y2"]),
        ([row("2019-05-06", cadre_id="Y1", institution_id="PROV-PS")], ["Y1", "Y2"]),
        # no institution given: a systematic row counts, an online one never
        ([row("2019-05-06", cadre_id="Y1", systematic=True)], ["Y2"]),
        ([row("2019-05-06", cadre_id="Y1", systematic=True, online=True)], ["Y1", "Y2"]),
        # a row ending on 1 January of cycle_start counts; one ending the day before does not
        ([row("2017-12-28", "2018-01-01", cadre_id="Y1", institution_id="CA")], ["Y2"]),
        ([row("2017-12-27", "2017-12-31", cadre_id="Y1", institution_id="CA")], ["Y1", "Y2"]),
    ],
)
def test_r16_who_is_untrained(history: list[HistoryEntry], untrained: list[str]) -> None:
    items = owed(young(2), history, year=2021)
    item = one(Rule.R16, items)
    assert item is not None and list(item.members) == untrained and item.required == len(untrained)


def test_r16_young_cadres_trained_this_year_per_the_ledger_count_toward_it() -> None:
    # 4 untrained in 2020, 2 years left: 2 this year; Y1 already did (a ledger row of 2020)
    history = [row("2020-03-02", "2020-03-06", cadre_id="Y1", institution_id="PS")]
    item = one(Rule.R16, owed(young(4), history))
    assert item is not None and (item.required, item.members) == (1, ("Y2", "Y3", "Y4"))
    assert "1 already did this year" in str(item.reason)
    # two of them done: nothing more owed this year
    history.append(row("2020-04-06", "2020-04-10", cadre_id="Y2", institution_id="RB"))
    assert one(Rule.R16, owed(young(4), history)) is None


def test_r16_a_ledger_row_after_a_mid_year_deadline_is_too_late() -> None:
    policy = Policy(young_deadline=day("2021-06-30"))
    on_time = [row("2021-06-28", "2021-06-30", cadre_id="Y1", institution_id="PS")]
    late = [row("2021-06-28", "2021-07-01", cadre_id="Y1", institution_id="PS")]
    assert one(Rule.R16, owed(young(1), on_time, year=2021, policy=policy)) is None
    item = one(Rule.R16, owed(young(1), late, year=2021, policy=policy))
    assert item is not None and item.members == ("Y1",)


def test_r16_is_per_unit_and_only_for_young_cadres() -> None:
    items = owed(young(1, "U1") + young(3, "U2")[1:] + [cadre("S1")])
    assert [(o.unit_id, o.members, o.required) for o in of_rule(Rule.R16, items)] == [
        ("U1", ("Y1",), 1),
        ("U2", ("Y2", "Y3"), 1),
    ]


def test_r16_runs_at_a_party_school_cadre_academy_or_red_base_serve() -> None:
    item = one(Rule.R16, owed(young(1)))
    assert item is not None
    served = {s.session_id for s in SESSIONS if s.segment_of is None and serves(item, run(s.session_id))}
    assert served == {"SYS-PS", "SYS-CA", "RED"}


def test_r16_the_deadline_day_itself_serves_the_next_day_does_not() -> None:
    item = Obligation(Rule.R16, 1, "", unit_id="U1", deadline=day("2021-12-31"), members=("Y1",))
    on_time, late = replace(run("RED"), end=day("2021-12-31")), replace(run("RED"), end=day("2022-01-01"))
    assert serves(item, on_time) and not serves(item, late)


@pytest.mark.parametrize(
    ("picks", "planned"),
    [
        ([("Y1", "RED"), ("Y2", "SYS-PS"), ("Y3", "SYS-CA")], 3),
        ([("Y1", "RED"), ("Y2", "SYS-PS"), ("Y3", "KNO-UN")], 2),  # a university does not count
        ([("Y1", "RED"), ("Y1", "SYS-PS"), ("S1", "SYS-CA")], 1),  # once a member; S1 is not young
    ],
)
def test_r16_evaluated(picks: list[tuple[str, str]], planned: int) -> None:
    result = outcomes(young(5) + [cadre("S1")], picks)
    outcome = result["R16", "U1"]
    assert (outcome.obligation.required, outcome.planned, outcome.met) == (3, planned, planned >= 3)


# --- R17: a professional course of about a week a year -----------------------------------------


@pytest.mark.parametrize(
    ("rows", "owes"),
    [
        ([], True),
        # 5 days of a professional course in the plan year
        ([row("2020-03-02", "2020-03-06", course_id="PRO")], False),
        # 4 days only
        ([row("2020-03-02", "2020-03-05", course_id="PRO")], True),
        # two segments of one course: 3 + 2 days
        (
            [
                row("2020-03-02", "2020-03-04", course_id="PRO"),
                row("2020-04-01", "2020-04-02", course_id="PRO"),
            ],
            False,
        ),
        # two different courses do not add up
        (
            [
                row("2020-03-02", "2020-03-04", course_id="PRO"),
                row("2020-04-01", "2020-04-02", course_id="PRO2"),
            ],
            True,
        ),
        # online does not count
        ([row("2020-03-02", "2020-03-08", course_id="PRO", online=True)], True),
        # another theme does not count
        ([row("2020-03-02", "2020-03-06", course_id="KNO")], True),
        # a course the catalogue does not know does not count
        ([row("2020-03-02", "2020-03-06", course_id="K0")], True),
        # the year before does not count
        ([row("2019-11-04", "2019-11-08", course_id="PRO")], True),
        # a row ending in the plan year counts (rows count by the year they end in)
        ([row("2019-12-28", "2020-01-01", course_id="PRO")], False),
        # across the leap day: 2020-02-26..2020-03-01 is 5 days
        ([row("2020-02-26", "2020-03-01", course_id="PRO")], False),
    ],
)
def test_r17_who_owes_a_professional_week(rows: list[HistoryEntry], owes: bool) -> None:
    item = one(Rule.R17, owed([leader()], rows))
    assert (item is not None) is owes
    if item is not None:
        assert (item.cadre_id, item.required, item.min_days, item.tier) == ("L1", 1, 5, 4)


def test_r17_is_for_the_leadership_team_and_follows_the_policy() -> None:
    items = owed([leader("L1"), cadre("D1", DIVISION)], [row("2020-03-02", "2020-03-05", course_id="PRO")])
    assert [o.cadre_id for o in of_rule(Rule.R17, items)] == ["L1"]
    policy = Policy(professional_week_days=4)
    assert (
        one(Rule.R17, owed([leader()], [row("2020-03-02", "2020-03-05", course_id="PRO")], policy=policy))
        is None
    )
    item = one(Rule.R17, owed([leader()], policy=policy))
    assert item is not None and item.min_days == 4


def test_r17_professional_off_job_runs_of_enough_days_serve() -> None:
    item = one(Rule.R17, owed([leader()]))
    assert item is not None
    served = {s.session_id for s in SESSIONS if s.segment_of is None and serves(item, run(s.session_id))}
    assert served == {"PRO5", "PRO-A"}  # PRO-A with its segment PRO-B: 3 + 2 days
    assert run("PRO-A").offjob_days == 5 and run("PRO-ON").offjob_days == 0


@pytest.mark.parametrize(("group", "met"), [("PRO-A", True), ("PRO4", False), ("PRO-ON", False)])
def test_r17_evaluated(group: str, met: bool) -> None:
    assert outcomes([leader()], [("L1", group)])["R17", "L1"].met is met


# --- R12: the unit's Annex-1 targets ------------------------------------------------------------


def unit_of_ten() -> list[Cadre]:
    """Two division leaders (110 h each) and eight staff (90 h each): 940 h."""
    return [cadre("D1", DIVISION), cadre("D2", DIVISION)] + [cadre(f"S{k}") for k in range(1, 9)]


ALL_TEN = ("D1", "D2", "S1", "S2", "S3", "S4", "S5", "S6", "S7", "S8")


def test_r12_targets_of_a_unit_without_ledger_rows() -> None:
    items = owed(unit_of_ten())
    found = {(o.rule, o.unit_id): (o.required, o.members, o.tier) for o in items if o.unit_id}
    assert found == {
        (Rule.R12_SUMMONS, "U1"): (3, ALL_TEN, 5),  # ceil(0.3 x 10)
        (Rule.R12_PARTICIPATION, "U1"): (9, ALL_TEN, 5),  # ceil(0.9 x 10)
        (Rule.R12_HOURS, "U1"): (940, ALL_TEN, 5),
    }  # no R12.online without the policy; U2 has no cadres, hence no rows


def test_r12_online_only_when_the_policy_sets_it() -> None:
    item = one(Rule.R12_ONLINE, owed(unit_of_ten(), policy=Policy(online_hours_per_year=12.5)))
    assert item is not None and (item.required, item.members, item.tier) == (125, ALL_TEN, 5)
    assert one(Rule.R12_ONLINE, owed(unit_of_ten(), policy=Policy(online_hours_per_year=0))) is None


def test_r12_counts_what_the_ledger_already_holds_in_the_plan_year() -> None:
    history = [
        row("2020-03-02", "2020-03-06", 40, cadre_id="D1"),  # off-job: summoned, participates, 40 h
        row("2020-04-01", "2020-04-02", 16, online=True, cadre_id="S1"),  # online: participates, 16 online h
        row("2019-12-30", "2020-01-03", 24, cadre_id="S2"),  # ends in the plan year: counts
        row("2019-05-06", "2019-05-10", 40, cadre_id="S3"),  # the year before: does not count
    ]
    items = owed(unit_of_ten(), history, policy=Policy(online_hours_per_year=12.5))
    summons, participation = one(Rule.R12_SUMMONS, items), one(Rule.R12_PARTICIPATION, items)
    hours, online = one(Rule.R12_HOURS, items), one(Rule.R12_ONLINE, items)
    assert summons and participation and hours and online
    assert (summons.required, summons.members) == (1, ("D2", "S1", "S3", "S4", "S5", "S6", "S7", "S8"))
    assert (participation.required, participation.members) == (6, ("D2", "S3", "S4", "S5", "S6", "S7", "S8"))
    assert (hours.required, hours.members) == (940 - 40 - 24, ALL_TEN)
    assert (online.required, online.members) == (125 - 16, ALL_TEN)


def test_r12_no_row_once_a_target_is_reached() -> None:
    policy = Policy(summons_rate_target=0.0, per_capita_hours_leader=0, per_capita_hours_other=0)
    items = owed(unit_of_ten(), policy=policy)
    assert [o.rule for o in items if o.unit_id] == [Rule.R12_PARTICIPATION]


def test_r12_what_serves_each_target() -> None:
    items = owed(unit_of_ten(), policy=Policy(online_hours_per_year=10))
    runs = [run(g) for g in ("SYS-PS", "KNO-ON", "PRO-ON", "PRO-A")]
    by_rule = {o.rule: [serves(o, r) for r in runs] for o in items if o.unit_id}
    assert by_rule == {
        Rule.R12_SUMMONS: [True, False, False, True],  # off-job runs
        Rule.R12_PARTICIPATION: [True, True, True, True],  # any run
        Rule.R12_HOURS: [True, False, False, True],  # off-job hours
        Rule.R12_ONLINE: [False, True, True, False],  # online hours
    }


def test_unit_planned_counts_members_and_sums_partial_hours() -> None:
    items = {o.rule: o for o in owed(unit_of_ten(), policy=Policy(online_hours_per_year=10)) if o.unit_id}
    runs_by_member = {
        "D1": [run("SYS-PS"), run("KNO-ON")],  # 96 off-job h, 12 online h
        "S1": [run("KNO-ON")],  # 12 online h
        "S2": [run("PRO-A")],  # 40 off-job h in two segments
        "X9": [run("KNO-UN")],  # not a member: never counts
    }
    planned = {rule.value: unit_planned(item, runs_by_member) for rule, item in items.items()}
    assert planned == {"R12.summons": 2, "R12.participation": 3, "R12.hours": 136, "R12.online": 24}


def test_r12_evaluated() -> None:
    picks = [("D1", "SYS-PS"), ("S1", "KNO-ON"), ("S2", "PRO-A"), ("S3", "KNO-UN")]
    result = outcomes(unit_of_ten(), picks, policy=Policy(online_hours_per_year=1))
    got = {
        rule: (result[rule, "U1"].planned, result[rule, "U1"].met)
        for rule in ("R12.summons", "R12.participation", "R12.hours", "R12.online")
    }
    assert got == {
        "R12.summons": (3, True),
        "R12.participation": (4, False),
        "R12.hours": (96 + 40 + 40, False),
        "R12.online": (12, True),
    }


# --- R4 members, R18's flag -----------------------------------------------------------------------


def test_r4_members_are_the_team_not_already_trained_this_year() -> None:
    team = [leader(f"L{k}") for k in range(1, 6)] + [cadre("S1")]
    item = one(Rule.R4, owed(team, [row("2020-03-02", cadre_id="L2")]))
    # ceil(0.2 x 5) = 1, and L2 already trained: nothing owed
    assert item is None
    item = one(Rule.R4, owed(team + [leader("L6")], [row("2020-03-02", cadre_id="L2")]))
    assert item is not None and (item.required, item.members) == (1, ("L1", "L3", "L4", "L5", "L6"))


def test_r18_top_leaders_obligations_are_flagged() -> None:
    items = owed([leader("T1", top_leader=True, promoted_on="2018-06-01"), leader("L2"), cadre("S1")])
    flagged = sorted({(o.cadre_id, o.top_leader) for o in items if o.cadre_id})
    assert flagged == [("L2", False), ("S1", False), ("T1", True)]
    assert {o.rule for o in items if o.top_leader} == {
        Rule.R1,
        Rule.R3,
        Rule.R3b,
        Rule.R5,
        Rule.R6b,
        Rule.R17,
    }
    assert not any(o.top_leader for o in items if o.unit_id)


# --- every rule together ------------------------------------------------------------------------


def test_met_by_rule_and_by_tier_list_every_rule_and_tier() -> None:
    cadres = [leader("L1", top_leader=True, young=True, promoted_on="2018-06-01"), cadre("S1")]
    picks = [("L1", "SYS-PS"), ("L1", "PRO5"), ("S1", "KNO-UN"), ("S1", "KNO-ON")]
    outcome = list(outcomes(cadres, picks, policy=Policy(online_hours_per_year=5)).values())
    table = met_by_rule(outcome)
    assert list(table) == [r.value for r in Rule]
    assert table == {
        "R1": {"owed": 1, "met": 0},  # 136 h of 184
        "R2": {"owed": 1, "met": 0},  # 40 of 90
        "R3": {"owed": 1, "met": 1},
        "R4": {"owed": 1, "met": 1},
        "R5": {"owed": 1, "met": 1},
        "R6": {"owed": 0, "met": 0},
        "R7": {"owed": 0, "met": 0},
        "R3b": {"owed": 1, "met": 0},  # 96 of 123
        "R6b": {"owed": 1, "met": 1},
        "R16": {"owed": 1, "met": 1},
        "R17": {"owed": 1, "met": 1},
        "R12.summons": {"owed": 1, "met": 1},
        "R12.participation": {"owed": 1, "met": 1},
        "R12.hours": {"owed": 1, "met": 0},
        "R12.online": {"owed": 1, "met": 1},  # 12 of 10
    }
    assert met_by_tier(outcome) == {1: 1, 2: 1, 3: 3, 4: 1, 5: 3}


def test_a_plan_year_on_a_leap_day_and_the_cycle_start() -> None:
    # the first day of the cycle and 29 February in the same ledger, seen from 2020
    history = [
        row("2017-12-29", "2018-01-01", 40, systematic=True),  # ends on 1 January of cycle_start
        row("2020-02-25", "2020-02-29", 40, course_id="PRO"),  # 5 days ending on the leap day
    ]
    items = owed([leader()], history)
    r3b = one(Rule.R3b, items)
    assert r3b is not None and r3b.required == 109  # (367 - 40) / 3
    assert one(Rule.R17, items) is None


# --- R18 indicators per unit ----------------------------------------------------------------------


def test_r18_indicators_top_leaders_and_young_cadres_trained_per_unit() -> None:
    cadres = [
        leader("T1", top_leader=True),  # trained by the plan
        leader("L2"),
        cadre("Y1", young=True),  # trained by a ledger row of the plan year
        cadre("Y2", young=True),  # untrained
        cadre("S1"),
        leader("T3", top_leader=True, unit_id="U2"),  # untrained
    ]
    scenario = scenario_of(cadres, [row("2020-02-03", "2020-02-07", cadre_id="Y1")])
    obligations = owed_obligations(scenario, YEAR)
    table = unit_indicators(scenario, build_plan(scenario, obligations, [("T1", "SYS-PS"), ("S1", "KNO-UN")]))
    u1, u2 = table.loc["U1"], table.loc["U2"]
    assert (u1["top_leaders"], u1["top_leaders_trained"], u1["top_leaders_trained_share"]) == (1, 1, 1.0)
    assert (u1["young"], u1["young_trained"], u1["young_trained_share"]) == (2, 1, 0.5)
    assert (u1["team_size"], u1["team_trained"], u1["team_trained_share"]) == (2, 1, 0.5)
    assert (u2["top_leaders"], u2["top_leaders_trained"], u2["top_leaders_trained_share"]) == (1, 0, 0.0)
    assert u2["young"] == 0 and math.isnan(u2["young_trained_share"])
    assert list(table.columns[-6:]) == [f"subtree_{c}" for c in PRIORITY_COLUMNS]
    assert set(PRIORITY_COLUMNS).isdisjoint(INDICATOR_COLUMNS)  # the filing's columns are unchanged
