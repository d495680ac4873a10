"""Re-planning mid-year: apply a changes file, solve keeping the previous plan, and say who moved and why.

The solve keeps as many of the previous plan's assignments as the rules
allow, right after the named summons (``keep`` of :func:`optimizer.pipeline.solve.solve`).
The diff compares the two plans run by run (a segmented course is one run):
a cadre who lost a run and gained another *moved*; the rest *gained* or
*lost* one. Each row gives the reason: the change that forced it when one
did (a cancellation, a closure, fewer seats, a move, an absence, a pin, a
summons), else the hard rule that keeps the cadre out in the new plan.
"""

from __future__ import annotations

import csv
import shutil
from collections.abc import Iterable
from dataclasses import dataclass, field, fields
from datetime import date
from itertools import groupby, zip_longest
from pathlib import Path

from models import Plan, Scenario, messages
from models.changes import Action, Change, Changes, apply_changes
from models.entities import Session
from models.messages import Message, Text, message, text_of
from models.plan import assignment_reason
from optimizer.control.options import SolveOptions
from optimizer.control.progress import Report
from optimizer.diagnose.blocks import trade_blocks
from optimizer.diagnose.wording import trade_words
from optimizer.pipeline.result import Result
from optimizer.pipeline.solve import solve
from optimizer.prepare.data import PlanningData, prepare
from optimizer.prepare.overlap import overlap
from optimizer.prepare.usage import Usage, plan_usage
from optimizer.whatif.runs import GAINED, LOST, MOVED, RunChange, run_changes, run_start, runs_by_cadre


@dataclass(frozen=True, slots=True)
class DiffRow:
    """One cadre's change between two plans (``diff.csv``)."""

    cadre_id: str
    change: str
    """``moved``, ``gained`` or ``lost``."""
    from_session: str
    to_session: str
    reason: Text


DIFF_COLUMNS = tuple(f.name for f in fields(DiffRow))


@dataclass
class Replan:
    """A re-plan: the changed scenario, the solve, and the diff against the previous plan."""

    scenario: Scenario
    result: Result
    diff: list[DiffRow]
    previous: int
    """Runs (cadre, session run) in the previous plan."""
    kept: int
    """Of those, runs the new plan keeps."""
    counts: dict[str, int] = field(default_factory=dict)

    def summary(self) -> dict[str, int]:
        """The counts written to ``summary.json`` under ``replan``."""
        return {
            "previous": self.previous,
            "kept": self.kept,
            **self.counts,
            "cadres_changed": len({row.cadre_id for row in self.diff}),
        }

    def __str__(self) -> str:
        c = self.counts
        return (
            f"re-plan: kept {self.kept} of {self.previous} previous assignments; {c[MOVED]} moved, "
            f"{c[GAINED]} gained, {c[LOST]} lost ({len({r.cadre_id for r in self.diff})} cadres)"
        )


def replan(
    scenario: Scenario,
    year: int,
    previous: Plan,
    changes: Changes | None = None,
    options: SolveOptions | None = None,
    report: Report | None = None,
) -> Replan:
    """Apply ``changes`` and re-plan ``year``, keeping as much of ``previous`` as the rules allow.

    Parameters
    ----------
    previous
        The plan in force (read with :func:`models.read_plan`).
    changes
        The changes file's rows (:func:`models.changes.read_changes`); ``None``
        re-plans the scenario as it is.
    report
        Progress lines, as for :func:`optimizer.pipeline.solve.solve`.

    Raises
    ------
    ScenarioError
        When a change names something the scenario does not have.
    """
    changes = changes or Changes("")
    changed = apply_changes(scenario, changes)
    result = solve(changed, year, options, report, keep=previous)
    return compare(changed, year, previous, result, changes)


def compare(
    scenario: Scenario, year: int, previous: Plan, result: Result, changes: Changes | None = None
) -> Replan:
    """The :class:`Replan` of an already solved ``result`` against ``previous``."""
    before, after = runs_by_cadre(scenario, previous), runs_by_cadre(scenario, result.plan)
    rows = diff_rows(scenario, year, previous, result.plan, changes)
    total = sum(len(v) for v in before.values())
    kept = sum(len(v & after.get(k, set())) for k, v in before.items())
    counts = {kind: sum(1 for r in rows if r.change == kind) for kind in (MOVED, GAINED, LOST)}
    return Replan(scenario, result, rows, total, kept, counts)


def diff_rows(
    scenario: Scenario, year: int, before: Plan, after: Plan, changes: Changes | None = None
) -> list[DiffRow]:
    """Who moved, gained or lost a session run from ``before`` to ``after``, with the reason (``diff.csv``).

    A lost run is paired with a gained run of the same course first, then
    with the cadre's other gained runs in date order; each pair is a move.
    """
    why = _Reasons(scenario, year, after, changes or Changes(""))
    rows = []
    for cadre_id, changed in groupby(run_changes(scenario, before, after), key=lambda c: c.cadre_id):
        for left, joined in _pairs(scenario, list(changed)):
            if left and joined:
                reason = messages.joined([why.left(cadre_id, left), why.joined(cadre_id, joined)])
                rows.append(DiffRow(cadre_id, MOVED, left, joined, reason))
            elif left:
                rows.append(DiffRow(cadre_id, LOST, left, "", why.left(cadre_id, left)))
            else:
                rows.append(DiffRow(cadre_id, GAINED, "", joined, why.joined(cadre_id, joined)))
    return rows


def _pairs(scenario: Scenario, changed: list[RunChange]) -> list[tuple[str, str]]:
    """One cadre's (lost, gained) run ids: moves within a course, then the rest paired in date order.

    '' where one side is missing; sorted by the first day of the run (unknown runs last).
    """
    pairs = [(c.from_run, c.to_run) for c in changed if c.change == MOVED]
    lost = [c.from_run for c in changed if c.change == LOST]
    gained = [c.to_run for c in changed if c.change == GAINED]
    pairs += zip_longest(lost, gained, fillvalue="")
    return sorted(pairs, key=lambda p: (run_start(scenario, p[0] or p[1]), p))


def _course(scenario: Scenario, group: str) -> str | None:
    segments = scenario.segments_by_group.get(group)
    return segments[0].course_id if segments else None


def _clash(scenario: Scenario, a: str, b: str) -> bool:
    """R8: a cadre cannot attend both runs: they share a day or a course."""
    first, second = scenario.segments_by_group.get(a, ()), scenario.segments_by_group.get(b, ())
    return overlap(_days(first), _days(second)) or _course(scenario, a) == _course(scenario, b)


def _days(sessions: Iterable[Session]) -> list[tuple[date, date]]:
    return [(s.start, s.end) for s in sessions]


class _Reasons:
    """Reasons in planner words, from the changes file or else from the new plan's usage."""

    def __init__(self, scenario: Scenario, year: int, after: Plan, changes: Changes):
        self.scenario = scenario
        self.changes = changes
        self.year = year
        self.after = after
        self._data: PlanningData | None = None
        self._usage: Usage | None = None
        self._after_runs: dict[str, set[str]] | None = None

    def left(self, cadre_id: str, group: str) -> Message:
        """Why the cadre is no longer in run ``group``."""
        segments = self.scenario.segments_by_group.get(group, ())
        if not segments:
            return message("diff.gone", group=group)
        for session in segments:
            found = self.changes.of_session(session)
            if found:
                return found[-1].words()
        for change in self.changes.of_cadre(cadre_id):
            if change.action is Action.MOVE_CADRE:
                return change.words()
            if change.action is Action.ADD_UNAVAILABILITY and change.start and change.end:
                if overlap([(change.start, change.end)], _days(segments)):
                    return change.words()
        for new in self._runs_after().get(cadre_id, set()):
            cause = self._cause(cadre_id, new)
            if cause is not None and new != group and _clash(self.scenario, new, group):
                return message("diff.makes_way", new=new, cause=cause.words())
        return self._blocked(cadre_id, group)

    def joined(self, cadre_id: str, group: str) -> Message:
        """What the new run serves, and the change that brought it when one did."""
        obligations = self._planning().obligations
        served = assignment_reason(self.scenario, obligations, cadre_id, group).value
        cause = self._cause(cadre_id, group)
        because = message("diff.cause", cause=cause.words()) if cause else ""
        return message("diff.serves", group=group, served=message(f"served.{served}"), cause=because)

    def _cause(self, cadre_id: str, group: str) -> Change | None:
        """The change bringing the cadre to run ``group``: a pin, a summons to its course, the new session."""
        cause = next(
            (
                c
                for c in self.changes.of_cadre(cadre_id)
                if (c.action is Action.PIN and self._group(c.value) == group)
                or (c.action is Action.ADD_SUMMONS and c.value == _course(self.scenario, group))
            ),
            None,
        )
        return cause or next(
            (c for c in self.changes if c.action is Action.ADD_SESSION and self._group(c.target) == group),
            None,
        )

    def _runs_after(self) -> dict[str, set[str]]:
        if self._after_runs is None:
            self._after_runs = runs_by_cadre(self.scenario, self.after)
        return self._after_runs

    def _group(self, session_id: str) -> str | None:
        session = self.scenario.session_by_id.get(session_id)
        return session.group_id if session else None

    def _planning(self) -> PlanningData:
        if self._data is None:
            self._data = prepare(self.scenario, self.year)
        return self._data

    def _blocked(self, cadre_id: str, group: str) -> Message:
        """The hard rules keeping the cadre out of ``group`` in the new plan, their own runs set aside."""
        data = self._planning()
        offering = next((o for o in data.offerings if o.group_id == group), None)
        if offering is None or cadre_id not in data.cadre_index:
            return message("diff.not_this_year", group=group, year=self.year)
        if self._usage is None:
            self._usage = plan_usage(data, self.after)
        return trade_words(group, trade_blocks(data, self._usage, data.cadre_index[cadre_id], offering))


def write_diff(rows: list[DiffRow], path: str | Path, lang: str = "zh") -> Path:
    """Write ``diff.csv``: cadre_id, change, from_session, to_session, reason (in ``lang``)."""
    messages.check_lang(lang)
    path = Path(path)
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(DIFF_COLUMNS)
        for row in rows:
            writer.writerow(
                [row.cadre_id, row.change, row.from_session, row.to_session, text_of(row.reason, lang)]
            )
    return path


def write_replan(
    folder: str | Path, replanned: Replan | None, changes_file: str | Path | None, lang: str = "zh"
) -> None:
    """Into a plan folder: ``diff.csv`` of a re-plan, and a copy of the changes file as ``changes.csv``."""
    folder = Path(folder)
    if replanned is not None:
        write_diff(replanned.diff, folder / "diff.csv", lang)
    if changes_file is not None:
        shutil.copyfile(changes_file, folder / "changes.csv")
