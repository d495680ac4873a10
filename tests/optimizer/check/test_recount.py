"""The checker's own recount of R3b, R17, R16 and R12, against hand counts on tiny scenarios.

Each scenario is built so that every owed obligation and every met one can be
counted by hand from the docstring; a plan whose summary lies about a rule
fails naming the rule and both counts.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

import pytest
from helpers import YEAR, cadre, course, history, institution, session, unit

from models import Assignment, Plan, Reason, Scenario, SessionStatus, load_scenario, with_policy
from optimizer.check import Violation, check_obligation_counts, check_plan, obligation_counts

Pairs = list[tuple[str, str]]


def plan_of(scenario: Scenario, pairs: Pairs, summary: dict[str, Any] | None = None) -> Plan:
    """A plan of exactly these (cadre_id, session_id) pairs, with a consistent sessions.csv."""
    assignments = []
    for cadre_id, session_id in pairs:
        s = scenario.session_by_id[session_id]
        assignments.append(
            Assignment(
                cadre_id, session_id, s.course_id, s.institution_id, s.start, s.end, s.hours, Reason.ELECTIVE
            )
        )
    enrolled = Counter(session_id for _, session_id in pairs)
    statuses = tuple(
        SessionStatus(
            s.session_id, "run" if enrolled[s.session_id] else "cancelled", enrolled[s.session_id], s.seats
        )
        for s in scenario.sessions
        if s.start.year == YEAR
    )
    return Plan(YEAR, tuple(assignments), statuses, summary=summary or {})


def row(cadre_id: str, course_id: str, start: str, end: str, hours: float, **extra: Any) -> dict[str, Any]:
    """A ledger row; ``systematic=True``, ``online="true"``, ``institution_id=...`` as given."""
    systematic = bool(extra.pop("systematic", False))
    return {**history(cadre_id, course_id, start, end, hours, systematic), **extra}


def counts(scenario: Scenario, pairs: Pairs, *rules: str) -> dict[str, tuple[int, int]]:
    tallies = obligation_counts(scenario, plan_of(scenario, pairs))
    return {rule: (tallies[rule].owed, tallies[rule].met) for rule in rules}


def summary_of(table: dict[str, tuple[int, int]]) -> dict[str, Any]:
    return {"obligations": {rule: {"owed": owed, "met": met} for rule, (owed, met) in table.items()}}


TOML = 'name = "recount"\ncycle_start = 2018\n[policy]\nmax_away_share = 1.0\n{policy}'
NO_R12 = (
    "summons_rate_target = 0\nparticipation_rate_target = 0\n"
    "per_capita_hours_leader = 0\nper_capita_hours_other = 0\n"
)
"""The unit indicators switched off, for the scenarios of a cadre's rule."""


def leader(cadre_id: str, unit_id: str = "U1") -> dict[str, Any]:
    return cadre(cadre_id, unit_id, "section", "leadership")


# ---------------------------------------------------------------- R3b


@pytest.fixture
def r3b(make_scenario) -> Scenario:
    """Systematic hours per cycle (2018-2022, 3 years left in 2020), leadership-team members only.

    L1  80 h in 2018: (367 - 80) / 3 -> 96 h owed; S1 gives 96 systematic hours: met (the boundary).
    L2  56 h ending 2018-01-05 count, 200 h ending 2017-12-31 do not: (367 - 56) / 3 -> 104 h; 96 short.
    L3  100 h in 2019 and 96 h already this year: 89 - 96 < 0, nothing owed.
    L4  200 h online (never systematic): 123 h owed; S2 is not systematic, S3 not at a party school.
    L5  400 h in 2019: max(0, ...) = 0, nothing owed.
    N   a division cadre outside the team: no R3b.
    """
    tables = {
        "units.csv": [unit("U1")],
        "cadres.csv": [
            leader("L1"),
            leader("L2"),
            leader("L3"),
            leader("L4"),
            leader("L5"),
            cadre("N", "U1", "division"),
        ],
        "institutions.csv": [institution("I1"), institution("UN", "university")],
        "courses.csv": [course("K1", systematic=True), course("K2"), course("K3", systematic=True)]
        + [course("K8", systematic=True), course("K9", systematic=True)],
        "sessions.csv": [
            session("S1", "K1", "2020-03-02", "2020-03-13"),  # systematic, 12 days, 96 h
            session("S2", "K2", "2020-04-06", "2020-04-25"),  # 160 h, not systematic
            session(
                "S3", "K3", "2020-05-04", "2020-05-08", institution="UN"
            ),  # systematic course, university
        ],
        "history.csv": [
            row("L1", "K9", "2018-05-07", "2018-05-16", 80, systematic=True),
            row("L2", "K9", "2017-12-28", "2018-01-05", 56, systematic=True),
            row("L2", "K8", "2017-11-01", "2017-12-31", 200, systematic=True),
            row("L3", "K9", "2019-03-04", "2019-03-15", 100, systematic=True),
            row("L3", "K8", "2020-01-06", "2020-01-17", 96, systematic=True),
            row("L4", "K9", "2019-03-04", "2019-03-29", 200, systematic=True, online="true"),
            row("L5", "K9", "2019-03-04", "2019-05-24", 400, systematic=True),
        ],
    }
    return load_scenario(make_scenario(tables=tables, toml=TOML.format(policy=NO_R12)))


R3B_PAIRS = [("L1", "S1"), ("L2", "S1"), ("L4", "S2"), ("L4", "S3"), ("N", "S1")]
R3B_COUNTS = {"R3b": (3, 1)}


def test_r3b_hand_count(r3b: Scenario) -> None:
    assert counts(r3b, R3B_PAIRS, "R3b") == R3B_COUNTS


def test_r3b_boundary_hour(r3b: Scenario) -> None:
    """L1 owes 96 h: S1's 96 h meet it, and nothing else of the plan is systematic."""
    assert counts(r3b, [("L1", "S1")], "R3b") == {"R3b": (3, 1)}
    assert counts(r3b, [("L1", "S2")], "R3b") == {"R3b": (3, 0)}


# ---------------------------------------------------------------- R17


@pytest.fixture
def r17(make_scenario) -> Scenario:
    """A professional-theme course of >= 5 off-job days a year (ledger rows ending in 2020).

    P1  KP's two segments in the ledger, 3 + 2 days: 5 days, nothing owed.
    P2  4 days of KP: owes; SP (5 days, professional): met.
    P3  7 days of KP from 2019-12-28 to 2020-01-03, ending in the plan year: nothing owed.
    P4  5 days of KP online: owes; the segments SQ1 + SQ2 give 3 + 2 off-job days: met.
    P5  5 days of KP in 2019: owes; SS has 4 days, SO is online: not met.
    P6  5 days of a theory course: owes; S1 is a theory course: not met.
    X   a staff cadre outside the team: no R17.
    """
    tables = {
        "units.csv": [unit("U1")],
        "cadres.csv": [*(leader(f"P{i}") for i in range(1, 7)), cadre("X", "U1")],
        "institutions.csv": [institution("I1"), institution("ON", "online")],
        "courses.csv": [course("K1"), course("K9")]
        + [course(k, theme="professional") for k in ("KP", "KQ", "KR", "KS", "KT")],
        "sessions.csv": [
            session("S1", "K1", "2020-03-02", "2020-03-06"),
            session("SP", "KQ", "2020-06-01", "2020-06-05"),
            session("SQ1", "KR", "2020-03-02", "2020-03-04"),
            session("SQ2", "KR", "2020-04-06", "2020-04-07", segment_of="SQ1"),
            session("SS", "KS", "2020-05-04", "2020-05-07"),
            session("SO", "KT", "2020-06-01", "2020-06-05", institution="ON"),
        ],
        "history.csv": [
            row("P1", "KP", "2020-01-06", "2020-01-08", 24),
            row("P1", "KP", "2020-02-03", "2020-02-04", 16),
            row("P2", "KP", "2020-01-06", "2020-01-09", 32),
            row("P3", "KP", "2019-12-28", "2020-01-03", 56),
            row("P4", "KP", "2020-01-06", "2020-01-10", 40, online="true"),
            row("P5", "KP", "2019-06-03", "2019-06-07", 40),
            row("P6", "K9", "2020-01-06", "2020-01-10", 40),
        ],
    }
    return load_scenario(make_scenario(tables=tables, toml=TOML.format(policy=NO_R12)))


R17_PAIRS = [
    ("P2", "SP"),
    ("P4", "SQ1"),
    ("P4", "SQ2"),
    ("P5", "SS"),
    ("P5", "SO"),
    ("P6", "S1"),
    ("X", "SP"),
]
R17_COUNTS = {"R17": (4, 2)}


def test_r17_hand_count(r17: Scenario) -> None:
    assert counts(r17, R17_PAIRS, "R17") == R17_COUNTS


def test_r17_days_are_a_policy_setting(r17: Scenario) -> None:
    """With professional_week_days = 4, P2's 4 days in the ledger suffice and SS's 4 days meet P5's."""
    four = with_policy(r17, professional_week_days=4)
    assert counts(four, R17_PAIRS, "R17") == {"R17": (3, 2)}  # P4, P5, P6 owe; P4 and P5 met


# ---------------------------------------------------------------- R16


VENUES = [
    institution("I1"),
    institution("RB", "red_base"),
    institution("UN", "university"),
]


@pytest.fixture
def young(make_scenario):
    """``young(cadres, history, policy="")``: units U1-U3, the venues, sessions SB (red base), SU, S1, SG."""

    def make(cadres: list[dict[str, Any]], rows: list[dict[str, Any]] = (), policy: str = "") -> Scenario:  # type: ignore[assignment]
        tables = {
            "units.csv": [unit("U1"), unit("U2"), unit("U3")],
            "cadres.csv": cadres,
            "institutions.csv": VENUES,
            "courses.csv": [course(k) for k in ("K1", "K2", "K3", "K4", "K9")],
            "sessions.csv": [
                session("SB", "K1", "2020-05-04", "2020-05-08", institution="RB"),
                session("SU", "K2", "2020-06-01", "2020-06-05", institution="UN"),
                session("S1", "K3", "2020-06-29", "2020-06-30"),  # ends on 30 June
                session("S2", "K3", "2020-06-29", "2020-07-01"),  # ends on 1 July
                session("SL", "K4", "2020-02-25", "2020-02-29"),  # ends on the leap day
                session("SG1", "K9", "2020-09-07", "2020-09-11", institution="UN"),
                session("SG2", "K9", "2020-10-12", "2020-10-16", segment_of="SG1"),  # at the party school
            ],
            "history.csv": list(rows),
        }
        toml = TOML.format(policy=NO_R12 + policy)
        return load_scenario(make_scenario(tables=tables, toml=toml))

    return make


def youth(cadre_id: str, unit_id: str) -> dict[str, Any]:
    return cadre(cadre_id, unit_id, young="true")


@pytest.fixture
def r16(young) -> Scenario:
    """Young cadres trained at a party school, cadre academy or red base by 2021-12-31 (2 years left).

    U1  Y1 at the red base in 2019, Y4 in a systematic row without institution ending 2018-01-02,
        Y6 systematic at an institution outside the scenario: trained. Y2 systematic but at a
        named university, Y3 never, Y5 only before 1 January 2018: untrained, ceil(3 / 2) = 2 owed;
        Y2 at the red base, Y3 at the university, N1 (not young) at the red base: 1, not met.
    U2  Z1, Z2 untrained, ceil(2 / 2) = 1; Z1 trained at the party school in February: nothing owed.
    U3  W1, W2, W3 untrained: 2 owed; W1 at the red base, W2 at the party school: met.
    """
    cadres = [youth(f"Y{i}", "U1") for i in range(1, 7)]
    cadres += [cadre("N1", "U1"), youth("Z1", "U2"), youth("Z2", "U2")]
    cadres += [youth(f"W{i}", "U3") for i in range(1, 4)]
    rows = [
        row("Y1", "K9", "2019-04-01", "2019-04-05", 40, institution_id="RB"),
        row("Y2", "K9", "2019-04-01", "2019-04-05", 40, systematic=True, institution_id="UN"),
        row("Y4", "K9", "2017-12-28", "2018-01-02", 40, systematic=True),
        row("Y5", "K9", "2017-12-04", "2017-12-29", 40, institution_id="I1"),
        row("Y6", "K9", "2019-04-01", "2019-04-05", 40, systematic=True, institution_id="PROV"),
        row("Z1", "K9", "2020-02-03", "2020-02-07", 40, institution_id="I1"),
    ]
    return young(cadres, rows)


R16_PAIRS = [("Y2", "SB"), ("Y3", "SU"), ("N1", "SB"), ("W1", "SB"), ("W2", "S1")]
R16_COUNTS = {"R16": (2, 1)}


def test_r16_hand_count(r16: Scenario) -> None:
    assert counts(r16, R16_PAIRS, "R16") == R16_COUNTS


@pytest.mark.parametrize(
    "deadline, met",
    [
        ("2022-12-31", True),  # 3 years left: ceil(3 / 3) = 1, Y1 and Y2 are more than enough
        ("2021-12-31", True),  # 2 years left: ceil(3 / 2) = 2
        ("2020-12-31", False),  # the deadline's year: all 3
        ("2019-12-31", False),  # passed: all 3
    ],
)
def test_r16_share_by_the_years_left(young, deadline: str, met: bool) -> None:
    scenario = young([youth(f"Y{i}", "U1") for i in range(1, 4)], policy=f"young_deadline = {deadline}\n")
    assert counts(scenario, [("Y1", "SB"), ("Y2", "SB")], "R16") == {"R16": (1, int(met))}


@pytest.mark.parametrize(
    "deadline, session_id, met",
    [
        ("2020-06-30", "S1", True),  # ends on the deadline day
        ("2020-06-30", "S2", False),  # a day late
        ("2020-02-29", "SL", True),  # the leap day
        ("2020-02-29", "S1", False),
        ("2019-12-31", "S2", True),  # a passed deadline bounds nothing: trained as soon as possible
        ("2021-12-31", "SG1", True),  # a segmented run with a segment at the party school
    ],
)
def test_r16_deadline_bounds_the_end(young, deadline: str, session_id: str, met: bool) -> None:
    scenario = young([youth("Y", "U1")], policy=f"young_deadline = {deadline}\n")
    pairs = [("Y", session_id)] + ([("Y", "SG2")] if session_id == "SG1" else [])
    assert counts(scenario, pairs, "R16") == {"R16": (1, int(met))}


@pytest.mark.parametrize(
    "end, owed",
    [
        ("2020-03-06", 0),  # trained this year before the deadline: nothing owed
        ("2020-08-07", 1),  # after the deadline: still owed
    ],
)
def test_r16_ledger_this_year_counts_by_the_deadline(young, end: str, owed: int) -> None:
    rows = [row("Y", "K9", end[:8] + "02", end, 40, institution_id="I1")]
    scenario = young([youth("Y", "U1")], rows, policy="young_deadline = 2020-06-30\n")
    assert counts(scenario, [], "R16") == {"R16": (owed, 0)}


# ---------------------------------------------------------------- R12


R12_POLICY = (
    "summons_rate_target = 0.3\nparticipation_rate_target = 0.9\n"
    "per_capita_hours_leader = 110\nper_capita_hours_other = 90\n"
)


@pytest.fixture
def units(make_scenario):
    """``units(policy)``: the Annex-1 targets of five units (U3 lies under U1 but is counted apart).

    U1  A (division), B, C, D; the ledger: A 40 h off-job, D 6 h online. Summons ceil(0.3 x 4) = 2:
        A, then C off-job (B only online): met. Participation ceil(0.9 x 4) = 4: A, D, B, C: met.
        Hours 110 + 3 x 90 - 40 = 340, 40 planned: not met. Online 10 x 4 - 6 = 34, B's 48: met.
    U2  no cadres: no rows.
    U3  E; 30 h in the ledger: both rates reached. Hours 90 - 30 = 60, SX + SW give 64: met.
        Online 10, SO's 8: not met.
    U4  F, G: rates 1 and 2 of 2: met. Hours 180: F's 160 and G's 24 (short of his own 90 h,
        partial hours count): met. Online 20: not met.
    U5  H, nothing planned: every target owed, none met.
    """

    def make(policy: str = R12_POLICY + "online_hours_per_year = 10\n") -> Scenario:
        tables = {
            "units.csv": [unit("U1"), unit("U2"), unit("U3", parent_id="U1"), unit("U4"), unit("U5")],
            "cadres.csv": [cadre("A", "U1", "division"), cadre("B", "U1"), cadre("C", "U1"), cadre("D", "U1")]
            + [cadre("E", "U3"), cadre("F", "U4"), cadre("G", "U4"), cadre("H", "U5")],
            "institutions.csv": [institution("I1"), institution("ON", "online")],
            "courses.csv": [course(f"K{i}") for i in range(1, 10)],
            "sessions.csv": [
                session("SX", "K1", "2020-03-02", "2020-03-06"),  # 40 h
                session("SY", "K2", "2020-04-06", "2020-04-25"),  # 160 h
                session("SW", "K3", "2020-05-04", "2020-05-06"),  # 24 h
                session("SO", "K4", "2020-06-01", "2020-06-01", institution="ON"),  # 8 h online
                session("SO2", "K5", "2020-07-06", "2020-07-10", institution="ON"),  # 40 h online
            ],
            "history.csv": [
                row("A", "K9", "2020-01-06", "2020-01-10", 40),
                row("D", "K9", "2020-01-06", "2020-01-06", 6, online="true"),
                row("E", "K9", "2020-01-13", "2020-01-16", 30),
            ],
        }
        return load_scenario(make_scenario(tables=tables, toml=TOML.format(policy=policy), indicators=True))

    return make


R12_PAIRS = [
    ("B", "SO"),
    ("B", "SO2"),
    ("C", "SX"),
    ("E", "SX"),
    ("E", "SW"),
    ("E", "SO"),
    ("F", "SY"),
    ("G", "SW"),
]
R12_COUNTS = {
    "R12.summons": (3, 2),
    "R12.participation": (3, 2),
    "R12.hours": (4, 2),
    "R12.online": (4, 1),
}


def test_r12_hand_count(units) -> None:
    assert counts(units(), R12_PAIRS, *R12_COUNTS) == R12_COUNTS


def test_r12_online_only_when_set(units) -> None:
    assert counts(units(R12_POLICY), R12_PAIRS, "R12.online") == {"R12.online": (0, 0)}


def test_r12_headcount_is_the_units_own_cadres(units) -> None:
    """U1's participation needs 4 of its own 4 cadres: without C, 3 of 4 (E of U3 is not U1's)."""
    pairs = [p for p in R12_PAIRS if p[0] != "C"]
    assert counts(units(), pairs, "R12.participation")["R12.participation"] == (3, 1)


# ---------------------------------------------------------------- summaries that lie


CASES = {
    "R3b": ("r3b", R3B_PAIRS, R3B_COUNTS),
    "R17": ("r17", R17_PAIRS, R17_COUNTS),
    "R16": ("r16", R16_PAIRS, R16_COUNTS),
    **{rule: ("units", R12_PAIRS, R12_COUNTS) for rule in R12_COUNTS},
}


def scenario_for(request: pytest.FixtureRequest, name: str) -> Scenario:
    value = request.getfixturevalue(name)
    return value() if name == "units" else value


def only(violations: list[Violation]) -> Violation:
    assert len(violations) == 1, [str(v) for v in violations]
    return violations[0]


@pytest.mark.parametrize("rule", list(CASES))
def test_true_summary_passes_every_check(request: pytest.FixtureRequest, rule: str) -> None:
    name, pairs, table = CASES[rule]
    scenario = scenario_for(request, name)
    assert check_plan(scenario, plan_of(scenario, pairs, summary_of(table))) == []


@pytest.mark.parametrize("rule", list(CASES))
def test_summary_that_lies_names_the_rule_and_both_counts(request: pytest.FixtureRequest, rule: str) -> None:
    name, pairs, table = CASES[rule]
    scenario = scenario_for(request, name)
    owed, met = table[rule]
    lie = summary_of({**table, rule: (owed, met + 1)})
    violation = only(check_obligation_counts(scenario, plan_of(scenario, pairs, lie)))
    assert violation.rule == rule
    assert violation.message == (
        f"summary counts owed {owed}, met {met + 1}; the data give owed {owed}, met {met}"
    )
