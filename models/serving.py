"""Which session runs serve which obligation, and what a cadre's runs give toward it (DOMAIN.md, "met").

The one statement of "does this run serve this obligation" and "is it met"
that the evaluation, the greedy, the models, the bounds and the
explanations all use; only the independent checker keeps its own.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Protocol

from models.entities import Session
from models.obligations import Obligation, Rule


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


@dataclass(frozen=True, slots=True)
class SessionRun:
    """The facts of one run that the rules read: its course, kind, off-job hours and last day."""

    group_id: str
    course_id: str
    systematic: bool
    offjob_hours: int
    start: date
    end: date


def run_of(segments: tuple[Session, ...], systematic: bool, offjob_hours: int) -> SessionRun:
    """The run made of ``segments`` (in date order), with its systematic flag and summed off-job hours."""
    first = segments[0]
    last = segments[-1]
    return SessionRun(first.group_id, first.course_id, systematic, offjob_hours, first.start, last.end)


def serves(item: Obligation, run: Run) -> bool:
    """Attending ``run`` counts toward ``item``.

    R7: a run of the summoned course; R1/R2: off-job hours (R10); R3/R5/R6: a
    systematic run, R6 ending by its deadline; R4: any run of the year.
    """
    if item.rule is Rule.R7:
        return run.course_id == item.course_id
    if item.rule in (Rule.R1, Rule.R2):
        return run.offjob_hours > 0
    if item.rule is Rule.R4:
        return True
    return run.systematic and (item.deadline is None or run.end <= item.deadline)


def planned_toward(item: Obligation, runs: Iterable[Run]) -> int:
    """What a cadre's ``runs`` give toward their own obligation ``item`` (not R4), in ``required``'s unit.

    Hours for R1/R2 (off-job hours summed), else 1 when some run serves it.
    """
    if item.rule in (Rule.R1, Rule.R2):
        return sum(run.offjob_hours for run in runs)
    return int(any(serves(item, run) for run in runs))


def is_met(item: Obligation, runs: Iterable[Run]) -> bool:
    """Whether a cadre's ``runs`` meet their obligation ``item`` (not R4)."""
    return planned_toward(item, runs) >= item.required
