"""The summary's owed and met counts of R1-R7 (and R6b), recomputed from the data after DOMAIN.md.

Nothing here calls the product's obligations, ledger or evaluation: what is
owed is read from the scenario's records (cadres, the ledger rows of
``history``, sessions, institutions, courses, the policy numbers) after the
"Precise meanings" and "Counting conventions" of DOMAIN.md, and what is met
from the plan's assignments. A plan whose ``summary.json`` says otherwise for
a rule fails, naming the rule and both counts.
"""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from models import Cadre, Category, HistoryEntry, InstitutionKind, Plan, Rank, Scenario, Session
from optimizer.check.violations import Violation, known_assignments, run_id

COUNTED_RULES = ("R1", "R2", "R3", "R4", "R5", "R6", "R6b", "R7")
"""The rules whose summary counts are checked (R6b: an overdue R6 with ``overdue_as_summons``)."""
SENIOR_RANKS = frozenset({Rank.BUREAU, Rank.DIVISION})
SYSTEMATIC_KINDS = frozenset({InstitutionKind.PARTY_SCHOOL, InstitutionKind.CADRE_ACADEMY})
EPSILON = 1e-9
"""Keeps float noise (90 - 89.999…) from owing a whole extra hour."""


@dataclass
class Tally:
    """Owed and met counts of one rule."""

    owed: int = 0
    met: int = 0

    def add(self, met: bool) -> None:
        self.owed += 1
        self.met += int(met)


@dataclass(frozen=True)
class Attended:
    """A cadre's runs in the plan: a run is a session, or all segments of a segmented course (R15)."""

    courses: frozenset[str] = frozenset()
    offjob_hours: int = 0
    systematic_ends: tuple[date, ...] = ()
    """End of each systematic run (its last segment's end)."""


def check_obligation_counts(scenario: Scenario, plan: Plan) -> list[Violation]:
    """R1-R7, R6b: ``summary["obligations"][rule]`` owed and met equal the counts recomputed from the data."""
    reported = plan.summary.get("obligations")
    if not isinstance(reported, dict):
        return []
    counts = obligation_counts(scenario, plan)
    violations = []
    for rule, tally in counts.items():
        row = reported.get(rule)
        if not isinstance(row, dict):
            continue
        mine, theirs = (tally.owed, tally.met), (row.get("owed"), row.get("met"))
        if mine != theirs:
            violations.append(
                Violation(
                    rule,
                    f"summary counts owed {theirs[0]}, met {theirs[1]}; "
                    f"the data give owed {mine[0]}, met {mine[1]}",
                )
            )
    return violations


def obligation_counts(scenario: Scenario, plan: Plan) -> dict[str, Tally]:
    """Owed and met per rule of :data:`COUNTED_RULES`, from the scenario's records and the plan."""
    year = plan.year
    attended = attended_by_cadre(scenario, plan)
    rows_by_cadre: dict[str, list[HistoryEntry]] = defaultdict(list)
    for entry in scenario.history:
        rows_by_cadre[entry.cadre_id].append(entry)
    tallies = {rule: Tally() for rule in COUNTED_RULES}
    for summons in scenario.summons:
        tallies["R7"].add(summons.course_id in attended.get(summons.cadre_id, Attended()).courses)
    for cadre in scenario.cadres:
        rows = rows_by_cadre.get(cadre.cadre_id, [])
        mine = attended.get(cadre.cadre_id, Attended())
        _hours(scenario, year, cadre, rows, mine, tallies)
        _systematic(scenario, year, cadre, rows, mine, tallies)
    _team_share(scenario, year, rows_by_cadre, attended, tallies["R4"])
    return tallies


def attended_by_cadre(scenario: Scenario, plan: Plan) -> dict[str, Attended]:
    """Per cadre: the courses, planned off-job hours and systematic runs' ends of the plan."""
    runs: dict[str, dict[str, list[Session]]] = defaultdict(lambda: defaultdict(list))
    for a, session in known_assignments(scenario, plan):
        runs[a.cadre_id][run_id(session)].append(session)
    result = {}
    for cadre_id, by_run in runs.items():
        sessions = [s for segments in by_run.values() for s in segments]
        result[cadre_id] = Attended(
            courses=frozenset(s.course_id for s in sessions),
            offjob_hours=sum(offjob_hours(scenario, s) for s in sessions),
            systematic_ends=tuple(
                max(s.end for s in segments)
                for segments in by_run.values()
                if is_systematic(scenario, min(segments, key=lambda s: s.start))
            ),
        )
    return result


def offjob_hours(scenario: Scenario, session: Session) -> int:
    """A session's hours, 0 at an online institution (R10)."""
    online = scenario.institution_by_id[session.institution_id].kind is InstitutionKind.ONLINE
    return 0 if online else session.hours


def is_systematic(scenario: Scenario, session: Session) -> bool:
    """Its course is systematic and its institution a party school or cadre academy."""
    kind = scenario.institution_by_id[session.institution_id].kind
    return scenario.course_by_id[session.course_id].systematic and kind in SYSTEMATIC_KINDS


def is_leader(cadre: Cadre) -> bool:
    return cadre.rank in SENIOR_RANKS or cadre.category is Category.LEADERSHIP


def cycle_of(scenario: Scenario, year: int) -> tuple[int, int]:
    """First and last year of the ``cycle_years`` cycle from ``cycle_start`` that holds ``year``."""
    length = scenario.policy.cycle_years
    first = scenario.cycle_start + (year - scenario.cycle_start) // length * length
    return first, first + length - 1


def _hours(
    scenario: Scenario,
    year: int,
    cadre: Cadre,
    rows: list[HistoryEntry],
    mine: Attended,
    tallies: dict[str, Tally],
) -> None:
    """R1 (bureau, division): (550 - cycle hours) / years left; R2 (section, staff): 90 - year hours."""
    policy = scenario.policy
    offjob = [e for e in rows if not e.online]
    if cadre.rank in SENIOR_RANKS:
        first, last = cycle_of(scenario, year)
        done = sum(e.hours for e in offjob if first <= e.end.year < year)
        owed = max(0.0, (policy.leader_cycle_hours - done) / (last - year + 1))
        rule = "R1"
    else:
        done = sum(e.hours for e in offjob if e.end.year == year)
        owed = policy.annual_hours - done
        rule = "R2"
    required = math.ceil(owed - EPSILON)
    if required > 0:
        tallies[rule].add(mine.offjob_hours >= required)


def _systematic(
    scenario: Scenario,
    year: int,
    cadre: Cadre,
    rows: list[HistoryEntry],
    mine: Attended,
    tallies: dict[str, Tally],
) -> None:
    """R3 (team, every 3 years), R5 (leaders, 5 years) and R6 (promoted leaders, within 12 months)."""
    policy = scenario.policy
    ledger_ends = [e.end for e in rows if e.systematic and not e.online]
    last = max(ledger_ends, default=None)
    planned = bool(mine.systematic_ends)
    r3_cutoff = date(year - policy.systematic_every_years, 1, 1)
    if cadre.category is Category.LEADERSHIP and _before(last, r3_cutoff):
        tallies["R3"].add(planned)
    if not is_leader(cadre):
        return
    if _before(last, date(year - policy.remedial_after_years, 1, 1)):
        tallies["R5"].add(planned)
    promoted = cadre.promoted_on
    if promoted is None or any(end >= promoted for end in ledger_ends):
        return
    deadline = add_months(promoted, policy.promotion_deadline_months)
    if deadline.year == year:
        tallies["R6"].add(any(end <= deadline for end in mine.systematic_ends))
    elif deadline.year < year:
        tallies["R6b" if policy.overdue_as_summons else "R6"].add(planned)


def _before(last: date | None, cutoff: date) -> bool:
    """No systematic course, or the last one ended before ``cutoff``."""
    return last is None or last < cutoff


def _team_share(
    scenario: Scenario,
    year: int,
    rows_by_cadre: dict[str, list[HistoryEntry]],
    attended: dict[str, Attended],
    tally: Tally,
) -> None:
    """R4: per leadership team, ceil(share x size) members attend a session this year (ledger or plan)."""
    team_by_unit: dict[str, list[str]] = defaultdict(list)
    for cadre in scenario.cadres:
        if cadre.category is Category.LEADERSHIP:
            team_by_unit[cadre.unit_id].append(cadre.cadre_id)
    for team in team_by_unit.values():
        needed = math.ceil(scenario.policy.team_share * len(team) - EPSILON)
        in_ledger = {c for c in team if any(e.end.year == year for e in rows_by_cadre.get(c, []))}
        if len(in_ledger) >= needed:
            continue
        in_plan = {c for c in team if c in attended}
        tally.add(len(in_ledger | in_plan) >= needed)


def add_months(day: date, months: int) -> date:
    """``day`` plus ``months`` calendar months, clamped to the month's last day (31 Jan + 1: 28/29 Feb)."""
    total = day.month - 1 + months
    year, month = day.year + total // 12, total % 12 + 1
    next_month = date(year + month // 12, month % 12 + 1, 1)
    last_day = (next_month - date(year, month, 1)).days
    return date(year, month, min(day.day, last_day))
