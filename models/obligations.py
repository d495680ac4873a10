"""What each cadre and each leadership team owes in a plan year (R1-R7), and why."""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from enum import Enum

from models.entities import LEADER_RANKS, Cadre
from models.ledger import Ledger
from models.scenario import Scenario


class Rule(str, Enum):
    R1 = "R1"
    R2 = "R2"
    R3 = "R3"
    R4 = "R4"
    R5 = "R5"
    R6 = "R6"
    R7 = "R7"


TIER_BY_RULE = {Rule.R7: 1, Rule.R5: 2, Rule.R6: 2, Rule.R4: 3, Rule.R3: 3, Rule.R1: 4, Rule.R2: 4}
RULE_TITLES = {
    Rule.R1: "leader hours per cycle",
    Rule.R2: "section/staff hours per year",
    Rule.R3: "systematic course every 2-3 years",
    Rule.R4: "leadership-team share trained",
    Rule.R5: "remedial: no systematic course in 5 years",
    Rule.R6: "remedial: newly promoted",
    Rule.R7: "named summons",
}


@dataclass(frozen=True, slots=True)
class Obligation:
    """One thing owed in the plan year.

    ``required`` is off-job hours for R1/R2 (whole hours, rounded up), team
    members for R4 (beyond those the ledger already shows trained), and 1
    otherwise. ``deadline`` is the latest end date of the session (R6).
    """

    rule: Rule
    required: int
    reason: str
    cadre_id: str | None = None
    unit_id: str | None = None
    course_id: str | None = None
    deadline: date | None = None

    @property
    def tier(self) -> int:
        return TIER_BY_RULE[self.rule]

    @property
    def key(self) -> tuple[str, str]:
        """A stable identity: rule and who owes it (and the course for a summons)."""
        who = self.cadre_id or self.unit_id or ""
        return self.rule.value, who + (f"/{self.course_id}" if self.course_id else "")


class Obligations:
    """The obligations of one scenario and plan year, with lookups."""

    def __init__(self, scenario: Scenario, year: int, items: list[Obligation]):
        self.scenario = scenario
        self.year = year
        self.items = tuple(items)
        by_cadre: dict[str, list[Obligation]] = defaultdict(list)
        for item in self.items:
            if item.cadre_id:
                by_cadre[item.cadre_id].append(item)
        self.by_cadre = {k: tuple(v) for k, v in by_cadre.items()}

    def __iter__(self) -> Iterator[Obligation]:
        return iter(self.items)

    def __len__(self) -> int:
        return len(self.items)

    def of_rule(self, rule: Rule) -> list[Obligation]:
        return [o for o in self.items if o.rule is rule]

    def count_by_rule(self) -> dict[str, int]:
        return {rule.value: sum(1 for o in self.items if o.rule is rule) for rule in Rule}


def owed_obligations(scenario: Scenario, year: int, ledger: Ledger | None = None) -> Obligations:
    """Everything owed in ``year`` under R1-R7, computed from the data alone (no solving).

    Parameters
    ----------
    scenario
        The loaded scenario.
    year
        The plan year.
    ledger
        The ledger summary for ``year``; built when not given.
    """
    ledger = ledger or Ledger(scenario, year)
    items: list[Obligation] = []
    for cadre in scenario.cadres:
        items.extend(_cadre_obligations(scenario, year, ledger, cadre))
    items.extend(_team_obligations(scenario, year, ledger))
    return Obligations(scenario, year, items)


def _cadre_obligations(scenario: Scenario, year: int, ledger: Ledger, cadre: Cadre) -> Iterator[Obligation]:
    for summons in scenario.summons_by_cadre.get(cadre.cadre_id, ()):
        why = f"named summons by {summons.organiser or 'the organisation department'}"
        why += f": {summons.reason}" if summons.reason else ""
        yield Obligation(Rule.R7, 1, why, cadre_id=cadre.cadre_id, course_id=summons.course_id)
    if cadre.is_leader:
        yield from _remedial(scenario, year, ledger, cadre)
    if cadre.in_leadership_team:
        yield from _systematic_every(scenario, year, ledger, cadre)
    hours = _hours(scenario, year, ledger, cadre)
    if hours is not None:
        yield hours


def _last_systematic_text(last: date | None) -> str:
    return (
        f"last systematic course ended {last.isoformat()}" if last else "no systematic course in the ledger"
    )


def _remedial(scenario: Scenario, year: int, ledger: Ledger, cadre: Cadre) -> Iterator[Obligation]:
    policy = scenario.policy
    last = ledger[cadre.cadre_id].last_systematic_end
    cutoff = date(year - policy.remedial_after_years, 1, 1)
    if last is None or last < cutoff:
        why = f"remedial: {_last_systematic_text(last)}, none since {cutoff.isoformat()}"
        yield Obligation(Rule.R5, 1, why, cadre_id=cadre.cadre_id)
    promoted = cadre.promoted_on
    if promoted is None or ledger.systematic_since(cadre.cadre_id, promoted):
        return
    deadline = add_months(promoted, policy.promotion_deadline_months)
    if deadline.year > year:
        return  # due next year or later
    if deadline.year < year:
        why = (
            f"remedial: promoted {promoted.isoformat()}, training was due by {deadline.isoformat()} (overdue)"
        )
        yield Obligation(Rule.R6, 1, why, cadre_id=cadre.cadre_id, deadline=date(year, 12, 31))
    else:
        why = f"remedial: promoted {promoted.isoformat()}, not yet trained; due by {deadline.isoformat()}"
        yield Obligation(Rule.R6, 1, why, cadre_id=cadre.cadre_id, deadline=deadline)


def _systematic_every(scenario: Scenario, year: int, ledger: Ledger, cadre: Cadre) -> Iterator[Obligation]:
    last = ledger[cadre.cadre_id].last_systematic_end
    cutoff = date(year - scenario.policy.systematic_every_years, 1, 1)
    if last is None or last < cutoff:
        why = f"leadership-team member: {_last_systematic_text(last)}, none since {cutoff.isoformat()}"
        yield Obligation(Rule.R3, 1, why, cadre_id=cadre.cadre_id)


def _hours(scenario: Scenario, year: int, ledger: Ledger, cadre: Cadre) -> Obligation | None:
    policy = scenario.policy
    record = ledger[cadre.cadre_id]
    if cadre.rank in LEADER_RANKS:
        first, last = ledger.cycle
        years_left = last - year + 1
        owed = max(0.0, (policy.leader_cycle_hours - record.cycle_hours) / years_left)
        why = (
            f"{cadre.rank.value} cadre: {policy.leader_cycle_hours} h due in cycle {first}-{last}, "
            f"{record.cycle_hours:g} h done, {years_left} year(s) left"
        )
        rule = Rule.R1
    else:
        owed = max(0.0, policy.annual_hours - record.year_hours)
        why = (
            f"{cadre.rank.value} cadre: {policy.annual_hours} h due each year, "
            f"{record.year_hours:g} h done in {year}"
        )
        rule = Rule.R2
    required = math.ceil(owed - 1e-9)
    if required <= 0:
        return None
    return Obligation(rule, required, f"{why}; {required} h owed", cadre_id=cadre.cadre_id)


def _team_obligations(scenario: Scenario, year: int, ledger: Ledger) -> Iterator[Obligation]:
    share = scenario.policy.team_share
    for unit in scenario.units:
        team = [c for c in scenario.cadres_by_unit[unit.unit_id] if c.in_leadership_team]
        if not team:
            continue
        needed = math.ceil(share * len(team) - 1e-9)
        already = sum(1 for c in team if ledger[c.cadre_id].trained_in_year)
        if needed - already <= 0:
            continue
        why = (
            f"leadership team of {len(team)}: at least {needed} must train in {year} "
            f"({share:.0%}), {already} already did"
        )
        yield Obligation(Rule.R4, needed - already, why, unit_id=unit.unit_id)


def add_months(day: date, months: int) -> date:
    """``day`` plus ``months`` calendar months (clamped to the month's last day)."""
    total = day.month - 1 + months
    year, month = day.year + total // 12, total % 12 + 1
    for candidate in (31, 30, 29, 28):
        try:
            return date(year, month, min(day.day, candidate))
        except ValueError:
            continue
    raise AssertionError("unreachable")
