"""The Plan (DOMAIN.md "Plan contract"): assignments, sessions run, shortfalls, summary."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from enum import Enum
from typing import Any

from models.messages import Text, text_of
from models.obligations import Obligations, Rule
from models.scenario import Scenario


class Reason(str, Enum):
    NAMED_SUMMONS = "named_summons"
    REMEDIAL = "remedial"
    TEAM_SHARE = "team_share"
    HOURS_QUOTA = "hours_quota"
    ELECTIVE = "elective"


@dataclass(frozen=True, slots=True)
class Assignment:
    cadre_id: str
    session_id: str
    course_id: str
    institution_id: str
    start: date
    end: date
    hours: int
    reason: Reason


@dataclass(frozen=True, slots=True)
class SessionStatus:
    session_id: str
    status: str
    """``run`` or ``cancelled``."""
    enrolled: int
    seats: int


@dataclass(frozen=True, slots=True)
class Shortfall:
    rule: str
    cadre_id: str | None
    unit_id: str | None
    required: int
    planned: int
    shortfall: int
    reason: Text
    """A sentence a planner understands: a catalogue message, or plain text read back from a file."""

    def text(self, lang: str = "en") -> str:
        """The reason in ``lang``."""
        return text_of(self.reason, lang)


@dataclass(frozen=True)
class Plan:
    """A training plan for one year; an empty plan (no assignments) is a valid value."""

    year: int
    assignments: tuple[Assignment, ...] = ()
    sessions: tuple[SessionStatus, ...] = ()
    shortfalls: tuple[Shortfall, ...] = ()
    summary: dict[str, Any] = field(default_factory=dict)

    def __str__(self) -> str:
        run = sum(1 for s in self.sessions if s.status == "run")
        cadres = len({a.cadre_id for a in self.assignments})
        return (
            f"Plan {self.year}: {len(self.assignments)} assignments of {cadres} cadres, "
            f"{run}/{len(self.sessions)} sessions run, {len(self.shortfalls)} shortfalls"
        )

    def picks(self) -> set[tuple[str, str]]:
        """(cadre_id, session_id) pairs of the plan."""
        return {(a.cadre_id, a.session_id) for a in self.assignments}


def assignment_reason(scenario: Scenario, obligations: Obligations, cadre_id: str, group_id: str) -> Reason:
    """The highest-priority obligation a session group serves for this cadre."""
    session = scenario.session_by_id[group_id]
    owed = {o.rule for o in obligations.by_cadre.get(cadre_id, ())}
    summoned = {o.course_id for o in obligations.by_cadre.get(cadre_id, ()) if o.rule is Rule.R7}
    systematic = scenario.is_systematic(session)
    if session.course_id in summoned:
        return Reason.NAMED_SUMMONS
    if systematic and owed & {Rule.R5, Rule.R6, Rule.R6b}:
        return Reason.REMEDIAL
    if systematic and owed & {Rule.R3, Rule.R3b}:
        return Reason.TEAM_SHARE
    cadre = scenario.cadre_by_id[cadre_id]
    if cadre.in_leadership_team and cadre.unit_id in _units_owing_share(obligations):
        return Reason.TEAM_SHARE
    if owed & {Rule.R1, Rule.R2} and scenario.offjob_hours(session) > 0:
        return Reason.HOURS_QUOTA
    return Reason.ELECTIVE


def _units_owing_share(obligations: Obligations) -> set[str]:
    cached = getattr(obligations, "_share_units", None)
    if cached is None:
        cached = {o.unit_id for o in obligations.of_rule(Rule.R4) if o.unit_id}
        obligations._share_units = cached  # type: ignore[attr-defined]
    return cached


def build_plan(
    scenario: Scenario,
    obligations: Obligations,
    picks: Iterable[tuple[str, str]],
    summary: dict[str, Any] | None = None,
) -> Plan:
    """A plan from chosen (cadre_id, group_id) pairs; each group expands to its segments.

    A session runs when it has at least ``max(1, min_enrolment)`` cadres;
    the plan year's sessions that nobody attends are listed as cancelled.
    """
    year = obligations.year
    assignments = []
    for cadre_id, group_id in sorted(set(picks)):
        reason = assignment_reason(scenario, obligations, cadre_id, group_id)
        for s in scenario.segments_by_group[group_id]:
            assignments.append(
                Assignment(
                    cadre_id, s.session_id, s.course_id, s.institution_id, s.start, s.end, s.hours, reason
                )
            )
    enrolled = Counter(a.session_id for a in assignments)
    statuses = []
    for s in sorted(scenario.plan_year_sessions(year), key=lambda s: (s.start, s.session_id)):
        count = enrolled.get(s.session_id, 0)
        status = "run" if count >= max(1, s.min_enrolment) else "cancelled"
        statuses.append(SessionStatus(s.session_id, status, count, s.seats))
    assignments.sort(key=lambda a: (a.cadre_id, a.start, a.session_id))
    return Plan(year, tuple(assignments), tuple(statuses), (), dict(summary or {}))
