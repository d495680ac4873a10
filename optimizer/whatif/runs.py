"""A plan's session runs per cadre, and the one diff of two plans, run by run.

A run is a session, or all segments of a segmented course (R15), named by its first segment. The
re-plan's ``diff.csv`` and the comparison's diff table are both worded from :func:`run_changes`.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Hashable, Iterable
from dataclasses import dataclass
from datetime import date

from models import Assignment, Plan, Reason, Scenario, build_plan, owed_obligations

MOVED, GAINED, LOST = "moved", "gained", "lost"


@dataclass(frozen=True, slots=True)
class Run:
    """A cadre's run in a plan: the sessions of it they attend (in date order) and what the first serves."""

    run_id: str
    course_id: str | None
    """None for a session the scenario does not have (read ``by_course``: the plan's course)."""
    sessions: tuple[str, ...]
    served: Reason


@dataclass(frozen=True, slots=True)
class RunChange:
    """A run one plan gives a cadre and the other does not; a run lost and one gained of a course: a move."""

    cadre_id: str
    change: str
    """``moved``, ``gained`` or ``lost``."""
    before: Run | None
    after: Run | None

    @property
    def from_run(self) -> str:
        """The id of the run left, '' for a gain."""
        return self.before.run_id if self.before else ""

    @property
    def to_run(self) -> str:
        """The id of the run joined, '' for a loss."""
        return self.after.run_id if self.after else ""


def plan_runs(scenario: Scenario, plan: Plan, by_course: bool = False) -> dict[str, dict[str, Run]]:
    """Each cadre's runs in ``plan``, by run id (its first session).

    Runs are the scenario's; a session it does not have is a run of its own, of no known course.
    ``by_course`` reads a plan of another scenario: a cadre's sessions of one course, as the plan
    names it, are one run (R8: a cadre takes a course once).
    """
    grouped: dict[str, dict[str, list[Assignment]]] = defaultdict(dict)
    for a in plan.assignments:
        session = scenario.session_by_id.get(a.session_id)
        key = f"course {a.course_id}" if by_course else session.group_id if session else a.session_id
        grouped[a.cadre_id].setdefault(key, []).append(a)
    runs: dict[str, dict[str, Run]] = {}
    for cadre_id, by_key in grouped.items():
        runs[cadre_id] = {}
        for key, found in by_key.items():
            ordered = sorted(found, key=lambda a: (a.start, a.session_id))
            run_id = ordered[0].session_id if by_course else key
            segments = scenario.segments_by_group.get(run_id)
            course = found[0].course_id if by_course else segments[0].course_id if segments else None
            sessions = tuple(a.session_id for a in ordered)
            runs[cadre_id][run_id] = Run(run_id, course, sessions, Reason(found[0].reason))
    return runs


def runs_by_cadre(scenario: Scenario, plan: Plan) -> dict[str, set[str]]:
    """Each cadre's runs (run ids) in ``plan``."""
    return {cadre_id: set(runs) for cadre_id, runs in plan_runs(scenario, plan).items()}


def run_changes(scenario: Scenario, before: Plan, after: Plan, by_course: bool = False) -> list[RunChange]:
    """Every run only one of two plans gives a cadre; a lost run and a gained run of its course are one move.

    By cadre; a cadre's moves and losses in the date order of the lost runs, then their gains in date
    order (runs the scenario does not have last). ``by_course`` as for :func:`plan_runs`.
    """
    old, new = plan_runs(scenario, before, by_course), plan_runs(scenario, after, by_course)
    changes = []
    for cadre_id in sorted(old.keys() | new.keys()):
        was, now = _by_key(old.get(cadre_id, {}), by_course), _by_key(new.get(cadre_id, {}), by_course)
        lost = by_date(scenario, [run for key, run in was.items() if key not in now])
        gained = by_date(scenario, [run for key, run in now.items() if key not in was])
        for left in lost:
            same = next((run for run in gained if run.course_id == left.course_id), None)
            if same is None:
                changes.append(RunChange(cadre_id, LOST, left, None))
                continue
            gained.remove(same)
            changes.append(RunChange(cadre_id, MOVED, left, same))
        changes.extend(RunChange(cadre_id, GAINED, None, joined) for joined in gained)
    return changes


def _by_key(runs: dict[str, Run], by_course: bool) -> dict[Hashable, Run]:
    """Runs by what makes them the same run: its id, or read by course its course and sessions."""
    return {(run.course_id, run.sessions) if by_course else run.run_id: run for run in runs.values()}


def run_start(scenario: Scenario, run_id: str) -> tuple[bool, date | None, str]:
    """Sort key of runs: by first day, then id; runs the scenario does not have last."""
    segments = scenario.segments_by_group.get(run_id)
    return (segments is None, segments[0].start if segments else None, run_id)


def by_date(scenario: Scenario, runs: list[Run]) -> list[Run]:
    """``runs`` in date order (:func:`run_start`)."""
    return sorted(runs, key=lambda run: run_start(scenario, run.run_id))


def with_run(
    scenario: Scenario, year: int, plan: Plan, cadre_id: str, group: str, drop: Iterable[str] = ()
) -> Plan:
    """``plan`` with the cadre in run ``group`` and out of the runs ``drop``, session statuses recomputed."""
    dropped = {(cadre_id, g) for g in drop}
    picks = {(c, g) for c, groups in runs_by_cadre(scenario, plan).items() for g in groups} - dropped
    return build_plan(scenario, owed_obligations(scenario, year), picks | {(cadre_id, group)})
