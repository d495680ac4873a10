"""The owed and met counts of a unit's obligations (R4, R16, R12), recomputed from the data after DOMAIN.md.

A unit owes what its own cadres (those whose ``unit_id`` is the unit) give:
a share of its leadership team trained (R4), a share of its untrained young
cadres trained at a party school, cadre academy or red base (R16), and the
Annex-1 targets (R12): summons and participation rates, off-job hours and,
when the policy sets them, online hours. The ledger's rows ending in the plan
year count as done; a unit whose ledger already reaches a target owes nothing
for it.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Callable
from datetime import date

from models import Cadre, Category, HistoryEntry, Rank, Scenario
from optimizer.check.attendance import EPSILON, NOTHING, VENUE_KINDS, Attended, Run, Tally

R12_RULES = ("R12.summons", "R12.participation", "R12.hours", "R12.online")
UNIT_RULES = ("R4", "R16", *R12_RULES)
SENIOR_RANKS = frozenset({Rank.BUREAU, Rank.DIVISION})


def unit_counts(
    scenario: Scenario,
    year: int,
    rows_by_cadre: dict[str, list[HistoryEntry]],
    attended: dict[str, Attended],
) -> dict[str, Tally]:
    """Owed and met per rule of :data:`UNIT_RULES`, one obligation per unit and rule at most."""
    cadres_by_unit: dict[str, list[Cadre]] = defaultdict(list)
    for cadre in scenario.cadres:
        cadres_by_unit[cadre.unit_id].append(cadre)
    tallies = {rule: Tally() for rule in UNIT_RULES}
    for cadres in cadres_by_unit.values():
        unit = Members(cadres, year, rows_by_cadre, attended)
        _team_share(scenario, unit, tallies["R4"])
        _young(scenario, unit, tallies["R16"])
        _rates(scenario, unit, tallies)
        _hours(scenario, unit, tallies)
    return tallies


class Members:
    """A unit's own cadres, each with their ledger rows ending in the plan year and their planned runs."""

    def __init__(
        self,
        cadres: list[Cadre],
        year: int,
        rows_by_cadre: dict[str, list[HistoryEntry]],
        attended: dict[str, Attended],
    ):
        self.cadres = cadres
        self.year = year
        self.rows = {c.cadre_id: rows_by_cadre.get(c.cadre_id, []) for c in cadres}
        self.attended = {c.cadre_id: attended.get(c.cadre_id, NOTHING) for c in cadres}

    def rows_in_year(self, cadre_id: str) -> list[HistoryEntry]:
        """Ledger rows "in the plan year": those ending in it."""
        return [e for e in self.rows[cadre_id] if e.end.year == self.year]

    def trained_in_ledger(self, cadre_id: str) -> bool:
        return bool(self.rows_in_year(cadre_id))


def _share_met(
    tally: Tally,
    needed: int,
    group: list[str],
    done: Callable[[str], bool],
    planned: Callable[[str], bool],
) -> None:
    """At least ``needed`` of ``group`` counted: owed when the ledger (``done``) gives fewer."""
    already = {c for c in group if done(c)}
    if len(already) >= needed:
        return
    tally.add(len(already) + sum(1 for c in group if c not in already and planned(c)) >= needed)


def _team_share(scenario: Scenario, unit: Members, tally: Tally) -> None:
    """R4: ceil(share x team size) members of the leadership team attend a session this year."""
    team = [c.cadre_id for c in unit.cadres if c.category is Category.LEADERSHIP]
    if not team:
        return
    needed = math.ceil(scenario.policy.team_share * len(team) - EPSILON)
    _share_met(tally, needed, team, unit.trained_in_ledger, lambda c: bool(unit.attended[c].runs))


def _young(scenario: Scenario, unit: Members, tally: Tally) -> None:
    """R16: ceil(untrained young / years left to the deadline's year) trained at a venue this year.

    Untrained: no venue row ending from 1 January of ``cycle_start`` to the end of the year before;
    all of them when the deadline falls in or before the plan year; a deadline in the plan year
    bounds the end of the training (in the ledger or the plan).
    """
    year, deadline = unit.year, scenario.policy.young_deadline
    since, before = date(scenario.cycle_start, 1, 1), date(year - 1, 12, 31)
    untrained = [
        c.cadre_id
        for c in unit.cadres
        if c.young
        and not any(since <= e.end <= before and _at_venue(scenario, e) for e in unit.rows[c.cadre_id])
    ]
    if not untrained:
        return
    years_left = deadline.year - year + 1
    needed = len(untrained) if years_left <= 1 else -(-len(untrained) // years_left)
    by = deadline if deadline.year == year else date(year, 12, 31)

    def done(cadre_id: str) -> bool:
        return any(e.end <= by for e in unit.rows_in_year(cadre_id) if _at_venue(scenario, e))

    def planned(cadre_id: str) -> bool:
        return any(run.at_venue and _in_time(run, deadline, year) for run in unit.attended[cadre_id].runs)

    _share_met(tally, needed, untrained, done, planned)


def _at_venue(scenario: Scenario, entry: HistoryEntry) -> bool:
    """R16: the row's institution is a party school, cadre academy or red base; unnamed, it is systematic."""
    institution = scenario.institution_by_id.get(entry.institution_id or "")
    if institution is not None:
        return institution.kind in VENUE_KINDS
    return entry.systematic and not entry.online


def _in_time(run: Run, deadline: date, year: int) -> bool:
    """A deadline in the plan year bounds the run's end; one passed or to come does not."""
    return deadline.year != year or run.end <= deadline


def _rates(scenario: Scenario, unit: Members, tallies: dict[str, Tally]) -> None:
    """R12 summons rate (an off-job session) and participation rate (off-job or online) of the headcount."""
    policy, everyone = scenario.policy, [c.cadre_id for c in unit.cadres]
    for rule, target, offjob_only in (
        ("R12.summons", policy.summons_rate_target, True),
        ("R12.participation", policy.participation_rate_target, False),
    ):
        needed = math.ceil(target * len(everyone) - EPSILON)

        def done(cadre_id: str, offjob_only: bool = offjob_only) -> bool:
            return any(not (offjob_only and e.online) for e in unit.rows_in_year(cadre_id))

        def planned(cadre_id: str, offjob_only: bool = offjob_only) -> bool:
            mine = unit.attended[cadre_id]
            return mine.offjob if offjob_only else bool(mine.runs)

        _share_met(tallies[rule], needed, everyone, done, planned)


def _hours(scenario: Scenario, unit: Members, tallies: dict[str, Tally]) -> None:
    """R12 hours: off-job hours >= sum of per-capita hours; online: online hours >= per capita x headcount.

    The ledger's rows ending in the plan year count, and every planned hour (partial hours count).
    """
    policy = scenario.policy
    ids = [c.cadre_id for c in unit.cadres]
    rows = [e for c in ids for e in unit.rows_in_year(c)]
    due = sum(
        policy.per_capita_hours_leader if c.rank in SENIOR_RANKS else policy.per_capita_hours_other
        for c in unit.cadres
    )
    _hours_met(
        tallies["R12.hours"],
        due - sum(e.hours for e in rows if not e.online),
        sum(unit.attended[c].offjob_hours for c in ids),
    )
    if policy.online_hours_per_year is not None:
        _hours_met(
            tallies["R12.online"],
            policy.online_hours_per_year * len(ids) - sum(e.hours for e in rows if e.online),
            sum(unit.attended[c].online_hours for c in ids),
        )


def _hours_met(tally: Tally, owed: float, planned: int) -> None:
    """Owed when whole hours are still due after the ledger; met when the planned hours reach them."""
    required = math.ceil(owed - EPSILON)
    if required > 0:
        tally.add(planned >= required)
