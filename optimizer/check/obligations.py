"""The summary's owed and met counts of every obligation, recomputed from the data after DOMAIN.md.

Nothing here calls the product's obligations, ledger, serving rules or
evaluation: what is owed is read from the scenario's records (cadres, the
ledger rows of ``history``, sessions, institutions, courses, the policy
numbers) after the "Precise meanings" and "Counting conventions" of
DOMAIN.md, and what is met from the plan's assignments. A plan whose
``summary.json`` says otherwise for a rule fails, naming the rule and both
counts. A cadre's rules are here, a unit's (R4, R16, R12) in
:mod:`~optimizer.check.unit_obligations`.
"""

from __future__ import annotations

import math
from collections import defaultdict
from datetime import date

from models import Cadre, Category, HistoryEntry, Plan, Rank, Scenario, Theme
from optimizer.check.attendance import (
    EPSILON,
    NOTHING,
    Attended,
    Tally,
    attended_by_cadre,
    cycle_of,
    rows_by_cadre,
)
from optimizer.check.unit_obligations import UNIT_RULES, unit_counts
from optimizer.check.violations import Violation

CADRE_RULES = ("R1", "R2", "R3", "R5", "R6", "R6b", "R7", "R3b", "R17")
"""A cadre's rules (R6b: an overdue R6 with ``overdue_as_summons``)."""
COUNTED_RULES = (*CADRE_RULES, *UNIT_RULES)
"""The rules whose summary counts are checked."""
SENIOR_RANKS = frozenset({Rank.BUREAU, Rank.DIVISION})


def check_obligation_counts(scenario: Scenario, plan: Plan) -> list[Violation]:
    """Each rule of :data:`COUNTED_RULES`: ``summary["obligations"][rule]`` owed and met equal the recount."""
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
    rows = rows_by_cadre(scenario)
    tallies = {rule: Tally() for rule in CADRE_RULES}
    for summons in scenario.summons:
        tallies["R7"].add(summons.course_id in attended.get(summons.cadre_id, NOTHING).courses)
    for cadre in scenario.cadres:
        mine = attended.get(cadre.cadre_id, NOTHING)
        own_rows = rows.get(cadre.cadre_id, [])
        _hours(scenario, year, cadre, own_rows, mine, tallies)
        _systematic(scenario, year, cadre, own_rows, mine, tallies)
        if cadre.category is Category.LEADERSHIP:
            _systematic_hours(scenario, year, own_rows, mine, tallies["R3b"])
            _professional_week(scenario, year, own_rows, mine, tallies["R17"])
    units = unit_counts(scenario, year, rows, attended)
    return {rule: (units[rule] if rule in units else tallies[rule]) for rule in COUNTED_RULES}


def is_leader(cadre: Cadre) -> bool:
    return cadre.rank in SENIOR_RANKS or cadre.category is Category.LEADERSHIP


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


def _systematic_hours(
    scenario: Scenario, year: int, rows: list[HistoryEntry], mine: Attended, tally: Tally
) -> None:
    """R3b (team): max(0, (367 - systematic h of the cycle before this year) / years left) - h this year."""
    first, last = cycle_of(scenario, year)
    systematic = [e for e in rows if e.systematic and not e.online]
    done = sum(e.hours for e in systematic if first <= e.end.year < year)
    this_year = sum(e.hours for e in systematic if e.end.year == year)
    owed = max(0.0, (scenario.policy.systematic_cycle_hours - done) / (last - year + 1)) - this_year
    required = math.ceil(owed - EPSILON)
    if required > 0:
        tally.add(mine.systematic_hours >= required)


def _professional_week(
    scenario: Scenario, year: int, rows: list[HistoryEntry], mine: Attended, tally: Tally
) -> None:
    """R17 (team): a professional-theme course of >= 5 off-job days this year (its segments' days add up)."""
    min_days = scenario.policy.professional_week_days
    days_by_course: dict[str, int] = defaultdict(int)
    for e in rows:
        course = scenario.course_by_id.get(e.course_id)
        if e.end.year == year and not e.online and course is not None and course.theme is Theme.PROFESSIONAL:
            days_by_course[e.course_id] += (e.end - e.start).days + 1
    if max(days_by_course.values(), default=0) >= min_days:
        return
    tally.add(any(run.professional and run.offjob_days >= min_days for run in mine.runs))


def add_months(day: date, months: int) -> date:
    """``day`` plus ``months`` calendar months, clamped to the month's last day (31 Jan + 1: 28/29 Feb)."""
    total = day.month - 1 + months
    year, month = day.year + total // 12, total % 12 + 1
    next_month = date(year + month // 12, month % 12 + 1, 1)
    last_day = (next_month - date(year, month, 1)).days
    return date(year, month, min(day.day, last_day))
