"""What a check reports, and the groupings and sweeps the checks share.

Nothing here comes from the model builder or from the Scenario's helper
methods: the checker recomputes every rule from the scenario's and the plan's
records, so that it can judge any plan, whoever made it.
"""

from __future__ import annotations

import itertools
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from models import Assignment, InstitutionKind, Plan, Scenario, Session

ONE_DAY = timedelta(days=1)
MAX_NAMES = 5
"""How many ids a message lists before it writes "…"."""


@dataclass(frozen=True)
class Violation:
    """One broken hard rule, with the ids a planner needs to find it."""

    rule: str
    message: str
    cadre_id: str | None = None
    session_id: str | None = None
    unit_id: str | None = None
    institution_id: str | None = None
    day: date | None = None
    last_day: date | None = None

    def __str__(self) -> str:
        return f"{self.rule} {self.message}"


def names(ids: Iterable[str]) -> str:
    """Sorted ids, the first few, then "…"."""
    ordered = sorted(set(ids))
    shown = ", ".join(ordered[:MAX_NAMES])
    return shown + (", …" if len(ordered) > MAX_NAMES else "")


def span(first: date, last: date) -> str:
    """``on <day>`` or ``on <first>..<last>``."""
    return f"on {first}" if first == last else f"on {first}..{last}"


def known_assignments(scenario: Scenario, plan: Plan) -> list[tuple[Assignment, Session]]:
    """Assignments whose cadre and session exist, each with the scenario's session (the truth)."""
    sessions, cadres = scenario.session_by_id, scenario.cadre_by_id
    return [
        (a, sessions[a.session_id])
        for a in plan.assignments
        if a.session_id in sessions and a.cadre_id in cadres
    ]


def enrolled_by_session(scenario: Scenario, plan: Plan) -> Counter[str]:
    """Assignments per known session (an unknown cadre still takes a seat and a bed)."""
    return Counter(a.session_id for a in plan.assignments if a.session_id in scenario.session_by_id)


def run_id(session: Session) -> str:
    """The first segment's id: a run is the first segment and the sessions naming it in ``segment_of``."""
    return session.segment_of or session.session_id


def is_online(scenario: Scenario, session: Session) -> bool:
    return scenario.institution_by_id[session.institution_id].kind is InstitutionKind.ONLINE


def overloads(intervals: Iterable[tuple[date, date, int]], cap: int) -> list[tuple[date, date, int]]:
    """Sweep closed day ranges with weights; the spans of constant load above ``cap``."""
    delta: dict[date, int] = defaultdict(int)
    for first, last, weight in intervals:
        delta[first] += weight
        delta[last + ONE_DAY] -= weight
    spans = []
    load = 0
    for day, next_day in itertools.pairwise(sorted(delta)):
        load += delta[day]
        if load > cap:
            spans.append((day, next_day - ONE_DAY, load))
    return spans


def merged(ranges: list[tuple[date, date]]) -> list[tuple[date, date]]:
    """Union of closed day ranges, so that a cadre is counted once per day."""
    union: list[tuple[date, date]] = []
    for first, last in sorted(ranges):
        if union and first <= union[-1][1] + ONE_DAY:
            union[-1] = (union[-1][0], max(union[-1][1], last))
        else:
            union.append((first, last))
    return union


def unit_chains(scenario: Scenario) -> dict[str, frozenset[str]]:
    """Each unit with all its ancestors (a cadre of unit u is in the subtree of every unit here)."""
    parent_by_unit = {u.unit_id: u.parent_id for u in scenario.units}
    chains = {}
    for unit_id in parent_by_unit:
        chain: set[str] = set()
        current: str | None = unit_id
        while current and current not in chain:
            chain.add(current)
            current = parent_by_unit.get(current)
        chains[unit_id] = frozenset(chain)
    return chains
