"""Which session runs serve which obligation, and what runs give toward it (DOMAIN.md, "met").

The one statement of "does this run serve this obligation" and "is it met"
that the evaluation, the greedy, the models, the bounds and the
explanations all use; only the independent checker keeps its own.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Protocol

from models.entities import InstitutionKind, Theme
from models.obligations import Obligation, Rule
from models.scenario import Scenario

HOURS_RULES = frozenset({Rule.R1, Rule.R2, Rule.R3b})
"""A cadre's rules counted in off-job hours: the off-job hours of the runs serving them add up."""
COUNTED_RULES = frozenset({Rule.R4, Rule.R16, Rule.R12_SUMMONS, Rule.R12_PARTICIPATION})
"""A unit's rules counted in members: a member with a serving run counts once."""
VENUES = frozenset(
    {InstitutionKind.PARTY_SCHOOL.value, InstitutionKind.CADRE_ACADEMY.value, InstitutionKind.RED_BASE.value}
)
"""R16: where young cadres are trained."""


class Run(Protocol):
    """A session run as the rules see it: one session, or every segment of a segmented course (R15)."""

    @property
    def course_id(self) -> str: ...

    @property
    def systematic(self) -> bool: ...

    @property
    def offjob_hours(self) -> int: ...

    @property
    def end(self) -> date: ...

    @property
    def theme(self) -> str: ...

    @property
    def offjob_days(self) -> int: ...

    @property
    def online_hours(self) -> int: ...

    @property
    def institution_kinds(self) -> frozenset[str]: ...


@dataclass(frozen=True, slots=True)
class SessionRun:
    """The facts of one run that the rules read: course, theme, kind, place, hours, days and dates."""

    group_id: str
    course_id: str
    systematic: bool
    offjob_hours: int
    start: date
    end: date
    theme: str = ""
    offjob_days: int = 0
    """Days of the off-job segments, both ends included (0 for an online run)."""
    online_hours: int = 0
    """Hours of the online segments (R10: never off-job)."""
    institution_kinds: frozenset[str] = frozenset()
    """The kinds of its segments' institutions (R16: a run with a segment at a venue serves)."""


def run_of(scenario: Scenario, group_id: str) -> SessionRun:
    """The run of session group ``group_id`` (all its segments, in date order), read from the scenario."""
    segments = scenario.segments_by_group[group_id]
    first, last = segments[0], segments[-1]
    offjob = [s for s in segments if not scenario.is_online(s)]
    return SessionRun(
        group_id=first.group_id,
        course_id=first.course_id,
        systematic=scenario.is_systematic(first),
        offjob_hours=sum(s.hours for s in offjob),
        start=first.start,
        end=last.end,
        theme=scenario.course_by_id[first.course_id].theme.value,
        offjob_days=sum(s.days for s in offjob),
        online_hours=sum(s.hours for s in segments if scenario.is_online(s)),
        institution_kinds=frozenset(
            scenario.institution_by_id[s.institution_id].kind.value for s in segments
        ),
    )


def serves(item: Obligation, run: Run) -> bool:
    """Attending ``run`` counts toward ``item``.

    R7: a run of the summoned course; R1/R2, R12.hours: off-job hours (R10);
    R3/R5/R6/R6b: a systematic run, R6 ending by its deadline; R3b: a
    systematic run with off-job hours; R4, R12.participation: any run of the
    year; R12.summons: an off-job run; R12.online: online hours; R16: a run at
    a segment at a party school, cadre academy or red base, ending by its deadline when it
    has one; R17: a professional-theme run of at least ``min_days`` off-job days.
    """
    rule = item.rule
    if rule is Rule.R7:
        return run.course_id == item.course_id
    if rule in (Rule.R1, Rule.R2, Rule.R12_HOURS):
        return run.offjob_hours > 0
    if rule in (Rule.R4, Rule.R12_PARTICIPATION):
        return True
    if rule is Rule.R12_SUMMONS:
        return run.offjob_days > 0
    if rule is Rule.R12_ONLINE:
        return run.online_hours > 0
    if rule is Rule.R3b:
        return run.systematic and run.offjob_hours > 0
    if rule is Rule.R17:
        return run.theme == Theme.PROFESSIONAL.value and run.offjob_days >= (item.min_days or 0)
    if rule is Rule.R16:
        return bool(run.institution_kinds & VENUES) and _by_deadline(item, run)
    return run.systematic and _by_deadline(item, run)  # R3, R5, R6, R6b


def _by_deadline(item: Obligation, run: Run) -> bool:
    return item.deadline is None or run.end <= item.deadline


def planned_toward(item: Obligation, runs: Iterable[Run]) -> int:
    """What a cadre's ``runs`` give toward their own obligation ``item``, in ``required``'s unit.

    R1/R2/R3b: the off-job hours of the runs serving it, summed; else 1 when
    some run serves it. A unit's obligation is :func:`unit_planned`'s.
    """
    if item.rule in HOURS_RULES:
        return sum(run.offjob_hours for run in runs if serves(item, run))
    return int(any(serves(item, run) for run in runs))


def is_met(item: Obligation, runs: Iterable[Run]) -> bool:
    """Whether a cadre's ``runs`` meet their obligation ``item`` (not a unit's)."""
    return planned_toward(item, runs) >= item.required


def member_gives(item: Obligation, runs: Iterable[Run]) -> int:
    """What one member's ``runs`` give toward the unit's obligation ``item``, in ``required``'s unit.

    R4, R16, R12.summons, R12.participation: 1 when some run serves it;
    R12.hours: the off-job hours of the runs, R12.online their online hours
    (partial hours count).
    """
    if item.rule in COUNTED_RULES:
        return int(any(serves(item, run) for run in runs))
    if item.rule is Rule.R12_ONLINE:
        return sum(run.online_hours for run in runs if serves(item, run))
    return sum(run.offjob_hours for run in runs if serves(item, run))


def run_gives(item: Obligation, run: Run) -> int:
    """What one serving ``run`` of a member gives toward a unit's summed obligation (R12.hours, .online)."""
    return run.online_hours if item.rule is Rule.R12_ONLINE else run.offjob_hours


def serve_key(item: Obligation) -> tuple[object, ...]:
    """What decides which runs serve ``item``: obligations with the same key are served by the same runs."""
    if item.rule in (Rule.R4, Rule.R12_PARTICIPATION):
        return ("any",)
    if item.rule in (Rule.R1, Rule.R2, Rule.R12_HOURS):
        return ("offjob-hours",)
    return (item.rule.value, item.course_id, item.deadline, item.min_days)


def unit_planned(item: Obligation, runs_by_member: Mapping[str, Iterable[Run]]) -> int:
    """What the runs of a unit's ``item.members`` give toward the unit's obligation ``item``.

    The sum of :func:`member_gives` over the members: runs of cadres outside
    ``item.members`` never count.
    """
    return sum(member_gives(item, runs_by_member.get(member, ())) for member in item.members)
