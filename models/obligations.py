"""What each cadre and each unit owes in a plan year (R1-R7, R3b, R6b, R12, R16, R17), and why."""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from datetime import date
from enum import Enum

from models import reasons
from models.entities import LEADER_RANKS, Cadre
from models.ledger import Ledger
from models.messages import Text, text_of
from models.scenario import Scenario


class Rule(str, Enum):
    R1 = "R1"
    R2 = "R2"
    R3 = "R3"
    R4 = "R4"
    R5 = "R5"
    R6 = "R6"
    R7 = "R7"
    R3b = "R3b"
    R6b = "R6b"
    R16 = "R16"
    R17 = "R17"
    R12_SUMMONS = "R12.summons"
    R12_PARTICIPATION = "R12.participation"
    R12_HOURS = "R12.hours"
    R12_ONLINE = "R12.online"


TIER_BY_RULE = {
    Rule.R7: 1,
    Rule.R6b: 1,
    Rule.R5: 2,
    Rule.R6: 2,
    Rule.R4: 3,
    Rule.R3: 3,
    Rule.R3b: 3,
    Rule.R16: 3,
    Rule.R1: 4,
    Rule.R2: 4,
    Rule.R17: 4,
    Rule.R12_SUMMONS: 5,
    Rule.R12_PARTICIPATION: 5,
    Rule.R12_HOURS: 5,
    Rule.R12_ONLINE: 5,
}


def rule_title(rule: Rule | str, lang: str = "en") -> str:
    """What a rule asks, in a few words of ``lang`` (the catalogue's ``rule.<id>``)."""
    return text_of(reasons.rule_words(Rule(rule).value), lang)


RULE_TITLES = {rule: rule_title(rule) for rule in Rule}
"""The rules' titles in English."""
ALL_RULES = tuple(Rule)
SOLVER_RULES = ALL_RULES
"""The rules the optimizer plans: every rule (:func:`owed_obligations` gives these unless asked for fewer)."""
R12_RULES = frozenset({Rule.R12_SUMMONS, Rule.R12_PARTICIPATION, Rule.R12_HOURS, Rule.R12_ONLINE})
UNIT_RULES = frozenset({Rule.R4, Rule.R16}) | R12_RULES
"""Rules owed by a unit (``unit_id``), met by its ``members``' attendance; the others are owed by a cadre."""


@dataclass(frozen=True, slots=True)
class Obligation:
    """One thing owed in the plan year.

    ``required`` is off-job hours for R1/R2/R3b and R12.hours (whole hours,
    rounded up), online hours for R12.online, cadres for R4, R16,
    R12.summons and R12.participation (beyond those the ledger already shows),
    and 1 otherwise. ``deadline`` is the latest end date of the session (R6,
    R16). ``members`` are the cadres whose attendance counts toward a unit's
    obligation (:data:`UNIT_RULES`); ``min_days`` the least days of off-job
    training of the session (R17); ``top_leader`` whether the owing cadre is
    a top leader (R18: preferred inside each tier).
    """

    rule: Rule
    required: int
    reason: Text
    cadre_id: str | None = None
    unit_id: str | None = None
    course_id: str | None = None
    deadline: date | None = None
    members: tuple[str, ...] = ()
    min_days: int | None = None
    top_leader: bool = False

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


def owed_obligations(
    scenario: Scenario, year: int, ledger: Ledger | None = None, rules: Iterable[Rule] = SOLVER_RULES
) -> Obligations:
    """Everything owed in ``year`` under ``rules``, computed from the data alone (no solving).

    Parameters
    ----------
    scenario
        The loaded scenario.
    year
        The plan year.
    ledger
        The ledger summary for ``year``; built when not given.
    rules
        The rules to list: :data:`SOLVER_RULES` (R1-R7, what the optimizer
        handles today) unless told, :data:`ALL_RULES` for every rule. Without
        R6b an overdue promotion stays an R6 obligation (deadline 31 December).
    """
    wanted = frozenset(rules)
    ledger = ledger or Ledger(scenario, year)
    overdue = Rule.R6b if scenario.policy.overdue_as_summons and Rule.R6b in wanted else Rule.R6
    items: list[Obligation] = []
    for cadre in scenario.cadres:
        owed = _cadre_obligations(scenario, year, ledger, cadre, overdue)
        if cadre.top_leader:
            owed = (replace(item, top_leader=True) for item in owed)
        items.extend(item for item in owed if item.rule in wanted)
    if wanted & UNIT_RULES:
        units = _unit_obligations(scenario, year, ledger, wanted)
        items.extend(item for item in units if item.rule in wanted)
    return Obligations(scenario, year, items)


def _cadre_obligations(
    scenario: Scenario, year: int, ledger: Ledger, cadre: Cadre, overdue: Rule
) -> Iterator[Obligation]:
    for summons in scenario.summons_by_cadre.get(cadre.cadre_id, ()):
        why = reasons.named_summons(summons)
        yield Obligation(Rule.R7, 1, why, cadre_id=cadre.cadre_id, course_id=summons.course_id)
    if cadre.is_leader:
        yield from _remedial(scenario, year, ledger, cadre, overdue)
    if cadre.in_leadership_team:
        yield from _systematic_every(scenario, year, ledger, cadre)
        yield from _systematic_hours(scenario, year, ledger, cadre)
        yield from _professional_week(scenario, ledger, cadre)
    hours = _hours(scenario, year, ledger, cadre)
    if hours is not None:
        yield hours


def _remedial(
    scenario: Scenario, year: int, ledger: Ledger, cadre: Cadre, overdue: Rule
) -> Iterator[Obligation]:
    policy = scenario.policy
    last = ledger[cadre.cadre_id].last_systematic_end
    cutoff = date(year - policy.remedial_after_years, 1, 1)
    if last is None or last < cutoff:
        yield Obligation(Rule.R5, 1, reasons.remedial(last, cutoff), cadre_id=cadre.cadre_id)
    promoted = cadre.promoted_on
    if promoted is None or ledger.systematic_since(cadre.cadre_id, promoted):
        return
    deadline = add_months(promoted, policy.promotion_deadline_months)
    if deadline.year > year:
        return  # due next year or later
    if deadline.year < year and overdue is Rule.R6b:
        yield Obligation(Rule.R6b, 1, reasons.overdue_summons(promoted, deadline), cadre_id=cadre.cadre_id)
    elif deadline.year < year:
        why = reasons.promoted_overdue(promoted, deadline)
        yield Obligation(Rule.R6, 1, why, cadre_id=cadre.cadre_id, deadline=date(year, 12, 31))
    else:
        why = reasons.promoted(promoted, deadline)
        yield Obligation(Rule.R6, 1, why, cadre_id=cadre.cadre_id, deadline=deadline)


def _systematic_every(scenario: Scenario, year: int, ledger: Ledger, cadre: Cadre) -> Iterator[Obligation]:
    last = ledger[cadre.cadre_id].last_systematic_end
    cutoff = date(year - scenario.policy.systematic_every_years, 1, 1)
    if last is None or last < cutoff:
        yield Obligation(Rule.R3, 1, reasons.systematic_every(last, cutoff), cadre_id=cadre.cadre_id)


def _systematic_hours(scenario: Scenario, year: int, ledger: Ledger, cadre: Cadre) -> Iterator[Obligation]:
    """R3b: a team member owes max(0, (367 - systematic h before this year) / years left) - h this year."""
    cycle_hours = scenario.policy.systematic_cycle_hours
    record = ledger[cadre.cadre_id]
    first, last = ledger.cycle
    years_left = last - year + 1
    owed = max(0.0, (cycle_hours - record.systematic_cycle_hours) / years_left) - record.systematic_year_hours
    required = math.ceil(owed - 1e-9)
    if required > 0:
        why = reasons.systematic_hours(
            cycle_hours,
            record.systematic_cycle_hours,
            record.systematic_year_hours,
            first,
            last,
            years_left,
            required,
        )
        yield Obligation(Rule.R3b, required, why, cadre_id=cadre.cadre_id)


def _professional_week(scenario: Scenario, ledger: Ledger, cadre: Cadre) -> Iterator[Obligation]:
    """R17: a team member without a professional course of >= 5 off-job days this year owes one."""
    min_days = scenario.policy.professional_week_days
    longest = ledger[cadre.cadre_id].professional_days
    if longest < min_days:
        why = reasons.professional_week(min_days, longest)
        yield Obligation(Rule.R17, 1, why, cadre_id=cadre.cadre_id, min_days=min_days)


def _hours(scenario: Scenario, year: int, ledger: Ledger, cadre: Cadre) -> Obligation | None:
    policy = scenario.policy
    record = ledger[cadre.cadre_id]
    if cadre.rank in LEADER_RANKS:
        first, last = ledger.cycle
        years_left = last - year + 1
        owed = max(0.0, (policy.leader_cycle_hours - record.cycle_hours) / years_left)
        required = math.ceil(owed - 1e-9)
        why = reasons.leader_hours(
            cadre.rank, policy.leader_cycle_hours, first, last, record.cycle_hours, years_left, required
        )
        rule = Rule.R1
    else:
        owed = max(0.0, policy.annual_hours - record.year_hours)
        required = math.ceil(owed - 1e-9)
        why = reasons.annual_hours(cadre.rank, policy.annual_hours, record.year_hours, year, required)
        rule = Rule.R2
    if required <= 0:
        return None
    return Obligation(rule, required, why, cadre_id=cadre.cadre_id)


def _unit_obligations(
    scenario: Scenario, year: int, ledger: Ledger, wanted: frozenset[Rule]
) -> Iterator[Obligation]:
    for unit in scenario.units:
        cadres = scenario.cadres_by_unit[unit.unit_id]
        if Rule.R4 in wanted:
            yield from _team_share(scenario, year, ledger, unit.unit_id, cadres)
        if Rule.R16 in wanted:
            yield from _young(scenario, year, ledger, unit.unit_id, cadres)
        if wanted & R12_RULES and cadres:
            yield from _indicator_targets(scenario, ledger, unit.unit_id, cadres)


def _team_share(
    scenario: Scenario, year: int, ledger: Ledger, unit_id: str, cadres: tuple[Cadre, ...]
) -> Iterator[Obligation]:
    """R4: at least ceil(share x team size) team members train this year; members not trained yet count."""
    share = scenario.policy.team_share
    team = [c for c in cadres if c.in_leadership_team]
    if not team:
        return
    needed = math.ceil(share * len(team) - 1e-9)
    members = tuple(c.cadre_id for c in team if not ledger[c.cadre_id].trained_in_year)
    already = len(team) - len(members)
    if needed - already <= 0:
        return
    why = reasons.team_share(len(team), needed, year, share, already)
    yield Obligation(Rule.R4, needed - already, why, unit_id=unit_id, members=members)


def _young(
    scenario: Scenario, year: int, ledger: Ledger, unit_id: str, cadres: tuple[Cadre, ...]
) -> Iterator[Obligation]:
    """R16: at least ceil(untrained young / years left to the deadline's year) train at a venue this year."""
    deadline = scenario.policy.young_deadline
    since, before = date(scenario.cycle_start, 1, 1), date(year - 1, 12, 31)
    untrained = [
        c.cadre_id for c in cadres if c.young and not ledger.venue_between(c.cadre_id, since, before)
    ]
    if not untrained:
        return
    years_left = deadline.year - year + 1
    needed = math.ceil(len(untrained) / years_left) if years_left > 1 else len(untrained)
    due_by = deadline if deadline.year == year else None
    year_end = due_by or date(year, 12, 31)
    members = tuple(c for c in untrained if not ledger.venue_between(c, date(year, 1, 1), year_end))
    already = len(untrained) - len(members)
    if needed - already <= 0:
        return
    why = reasons.young_cadres(len(untrained), needed, already, deadline, years_left)
    yield Obligation(Rule.R16, needed - already, why, unit_id=unit_id, deadline=due_by, members=members)


def _indicator_targets(
    scenario: Scenario, ledger: Ledger, unit_id: str, cadres: tuple[Cadre, ...]
) -> Iterator[Obligation]:
    """R12: a unit's summons and participation rates, off-job hours and online hours reach their targets."""
    policy = scenario.policy
    headcount = len(cadres)
    records = [(c.cadre_id, ledger[c.cadre_id]) for c in cadres]
    for rule, target, why in (
        (Rule.R12_SUMMONS, policy.summons_rate_target, reasons.summons_rate),
        (Rule.R12_PARTICIPATION, policy.participation_rate_target, reasons.participation_rate),
    ):
        offjob = rule is Rule.R12_SUMMONS
        members = tuple(c for c, r in records if not (r.attended_offjob if offjob else r.attended))
        needed = math.ceil(target * headcount - 1e-9)
        already = headcount - len(members)
        if needed - already > 0:
            text = why(target, headcount, needed, already)
            yield Obligation(rule, needed - already, text, unit_id=unit_id, members=members)
    everyone = tuple(c for c, _ in records)
    due = sum(
        policy.per_capita_hours_leader if c.rank in LEADER_RANKS else policy.per_capita_hours_other
        for c in cadres
    )
    done = sum(r.offjob_hours_ended for _, r in records)
    required = math.ceil(due - done - 1e-9)
    if required > 0:
        text = reasons.unit_hours(headcount, due, done, required)
        yield Obligation(Rule.R12_HOURS, required, text, unit_id=unit_id, members=everyone)
    if policy.online_hours_per_year is not None:
        due_online = policy.online_hours_per_year * headcount
        done = sum(r.online_hours_ended for _, r in records)
        required = math.ceil(due_online - done - 1e-9)
        if required > 0:
            text = reasons.unit_online_hours(policy.online_hours_per_year, headcount, done, required)
            yield Obligation(Rule.R12_ONLINE, required, text, unit_id=unit_id, members=everyone)


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
