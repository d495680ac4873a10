"""Compare scenarios: solve each, tabulate what each plan achieves, diff two plans.

>>> comparison = compare({"baseline": base, "budget -20%": with_budget(base, factor=0.8)}, 2020)
>>> comparison.table                    # one row per scenario
>>> plan_diff(comparison.scenarios["budget -20%"], comparison.plans["baseline"],
...           comparison.plans["budget -20%"])

The command ``plan-compare`` writes the same table as ``comparison.csv`` and
``comparison.md`` for readers without Jupyter.
"""

from __future__ import annotations

import multiprocessing
import time
from collections.abc import Callable, Mapping
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING

import pandas as pd

from models import Plan, Reason, Scenario, Shortfall
from optimizer.control.options import SolveOptions
from optimizer.pipeline.solve import solve
from optimizer.whatif.cluster import result_timeout, run_on_cluster
from optimizer.whatif.compare_table import (
    ScenarioRun,
    comparison_table,
    differences_markdown,
    table_markdown,
    tier_differences,
)
from optimizer.whatif.runs import GAINED, LOST, MOVED, RunChange, run_changes

if TYPE_CHECKING:
    from distributed import Client

DIFF_COLUMNS = ["cadre_id", "unit_id", "change", "course_id", "session_a", "session_b", "served", "reason"]
CHANGE_ORDER = {MOVED: 0, LOST: 1, GAINED: 2}
SERVED_WORDS = {
    Reason.NAMED_SUMMONS: "named summons",
    Reason.REMEDIAL: "remedial training",
    Reason.TEAM_SHARE: "team share",
    Reason.HOURS_QUOTA: "hours quota",
    Reason.ELECTIVE: "elective",
}


@dataclass(frozen=True)
class Comparison:
    """Solved scenarios, in the order given, with their comparison table.

    Attributes
    ----------
    year
        The plan year.
    scenarios
        Name -> the scenario that was solved.
    runs
        Name -> its :class:`ScenarioRun` (status, plan, workers, wall time).
    """

    year: int
    scenarios: dict[str, Scenario]
    runs: dict[str, ScenarioRun] = field(default_factory=dict)

    @property
    def plans(self) -> dict[str, Plan]:
        """Name -> plan."""
        return {name: run.plan for name, run in self.runs.items()}

    @cached_property
    def table(self) -> pd.DataFrame:
        """One row per scenario; see :func:`comparison_table` for the columns."""
        return comparison_table(self.runs.values())

    @cached_property
    def differences(self) -> pd.DataFrame:
        """Per variant and tier, its difference from the first scenario (the baseline) and whether the
        tier bounds establish it; see :func:`tier_differences`."""
        return tier_differences(self.table)

    def to_markdown(self) -> str:
        """The table as Markdown, obligations written ``met/owed``, tiers ``met ≤bound``; then, with more
        than one scenario, the differences from the first and whether they are established."""
        text = table_markdown(self.table)
        if len(self.runs) > 1:
            first = next(iter(self.runs))
            text += f"\nDifferences from {first} per tier:\n\n" + differences_markdown(self.differences)
        return text

    def __str__(self) -> str:
        return f"Comparison of {len(self.runs)} scenarios for {self.year}:\n{self.to_markdown()}"


def workers_per_process(workers: int, processes: int) -> int:
    """CP-SAT workers per solve when ``processes`` solves share ``workers`` cores: at least 1."""
    return max(1, workers // max(1, processes))


def compare(
    scenarios: Mapping[str, Scenario],
    year: int,
    *,
    time_limit: float = 20,
    workers: int = 2,
    processes: int = 1,
    seed: int = 0,
    report: Callable[[str], None] | None = None,
    cluster: str | Client | None = None,
    cluster_timeout: float | None = None,
) -> Comparison:
    """Solve every scenario for ``year`` and compare the plans.

    Parameters
    ----------
    scenarios
        Name -> scenario (e.g. a base and variants of :mod:`models.variants`).
    year
        The plan year.
    time_limit
        Seconds for each solve.
    workers
        The cores to use in all: CP-SAT workers of one solve when
        ``processes`` is 1; otherwise each of the parallel solves gets
        ``max(1, workers // processes)``, so that they share the cores.
    processes
        Solves run at once, each in its own process
        (:class:`concurrent.futures.ProcessPoolExecutor`); at most one per
        scenario.
    seed
        CP-SAT random seed of every solve.
    report
        Called with one line as each scenario is solved; ``None`` is quiet.
    cluster
        A Dask distributed scheduler's address (``tcp://host:8786``) or a
        connected ``distributed.Client``: every scenario is solved on the
        cluster's workers instead of here (:mod:`optimizer.whatif.cluster`),
        with the same options as it would be locally (``processes`` still
        shares ``workers`` out), so a reproducible run (one worker a solve)
        gives the same plans. The cluster decides how many run at once.
    cluster_timeout
        Seconds each scenario's result may take on the cluster once it is its
        turn (default :func:`optimizer.whatif.cluster.result_timeout`).

    Returns
    -------
    Comparison
        With ``table`` (one row per scenario, in the order given) and ``plans``.

    Raises
    ------
    ValueError
        For no scenarios, a time limit that is not positive, or fewer than one
        worker or process.
    optimizer.whatif.cluster.ClusterError
        When the cluster cannot be reached or gives no result for a scenario (the message names it).
    """
    if not scenarios:
        raise ValueError("give at least one scenario to compare")
    if time_limit <= 0 or workers < 1 or processes < 1:
        raise ValueError(
            f"time_limit ({time_limit}) must be positive, workers ({workers}) and "
            f"processes ({processes}) at least 1"
        )
    processes = min(processes, len(scenarios))
    options = SolveOptions(time_limit, workers_per_process(workers, processes), seed)
    say = report or (lambda _: None)
    if cluster is not None:
        # A fresh copy of each scenario leaves its cached lookups behind, so less is sent.
        jobs = {name: (name, s.replace(), year, options) for name, s in scenarios.items()}
        waited = cluster_timeout or result_timeout(time_limit)
        runs = [_announce(run, say) for _, run in run_on_cluster(cluster, solve_run, jobs, waited)]
    elif processes == 1:
        runs = [_announce(solve_run(name, s, year, options), say) for name, s in scenarios.items()]
    else:
        # spawn, not fork: the caller (a Jupyter kernel, CP-SAT) may hold threads. A fresh copy of
        # each scenario leaves its cached lookups behind, so less is pickled.
        context = multiprocessing.get_context("spawn")
        with ProcessPoolExecutor(processes, mp_context=context) as pool:
            futures = [
                pool.submit(solve_run, name, s.replace(), year, options) for name, s in scenarios.items()
            ]
            runs = [_announce(future.result(), say) for future in futures]
    return Comparison(year, dict(scenarios), {run.name: run for run in runs})


def solve_run(name: str, scenario: Scenario, year: int, options: SolveOptions) -> ScenarioRun:
    """Solve one scenario and keep only picklable values (runs in a worker process)."""
    started = time.perf_counter()
    result = solve(scenario, year, options)
    return ScenarioRun(name, result.status.value, result.plan, options.workers, time.perf_counter() - started)


def _announce(run: ScenarioRun, say: Callable[[str], None]) -> ScenarioRun:
    say(f"{run.name}: {run.status}, {run.plan}, {run.wall_seconds:.1f}s")
    return run


def plan_diff(scenario: Scenario, plan_a: Plan, plan_b: Plan) -> pd.DataFrame:
    """What changes for each cadre from ``plan_a`` to ``plan_b``.

    A cadre takes a course at most once (R8), so each (cadre, course) is
    compared: a course only in B is ``gained``, only in A ``lost``, in both
    but in another session ``moved``; unchanged ones are left out.

    Parameters
    ----------
    scenario
        The scenario of ``plan_b`` (for each cadre's unit).
    plan_a, plan_b
        The plans to compare (e.g. a baseline and a variant's plan).

    Returns
    -------
    pandas.DataFrame
        Columns ``cadre_id``, ``unit_id``, ``change`` (moved, lost, gained),
        ``course_id``, ``session_a``, ``session_b`` (the first session of the
        run, "" when none), ``served`` (the obligation the session serves,
        from the assignment's reason: in B, or in A for a lost one) and
        ``reason``: gained and moved say what the session serves in B; lost
        names the cadre's shortfalls of ``plan_b`` that ``plan_a`` lacks or
        has smaller (``R2: <why>``; a leadership-team member's include the
        unit's R4), or says that no obligation is worse off. Sorted by cadre,
        change and course.
    """
    worse = _shortfalls_by_cadre(scenario, _worse_shortfalls(plan_a, plan_b))
    # Plan A may come from another scenario, whose sessions B's scenario may lack: runs are read by course.
    changes = run_changes(scenario, plan_a, plan_b, by_course=True)
    rows = [_diff_row(scenario, change, worse) for change in changes]
    rows.sort(key=lambda r: (r["cadre_id"], CHANGE_ORDER[r["change"]], r["course_id"]))
    return pd.DataFrame(rows, columns=DIFF_COLUMNS)


def _diff_row(scenario: Scenario, change: RunChange, worse: dict[str, list[Shortfall]]) -> dict[str, str]:
    a, b = change.before, change.after
    either = b if b is not None else a
    assert either is not None
    cadre = scenario.cadre_by_id.get(change.cadre_id)
    return {
        "cadre_id": change.cadre_id,
        "unit_id": cadre.unit_id if cadre else "",
        "change": change.change,
        "course_id": either.course_id or "",
        "session_a": a.sessions[0] if a else "",
        "session_b": b.sessions[0] if b else "",
        "served": either.served.value,
        "reason": _diff_reason(change.change, either.served, worse.get(change.cadre_id, [])),
    }


def _worse_shortfalls(plan_a: Plan, plan_b: Plan) -> list[Shortfall]:
    """The shortfalls of ``plan_b`` that ``plan_a`` does not have, or has smaller."""
    before = {(s.rule, s.cadre_id, s.unit_id): s.shortfall for s in plan_a.shortfalls}
    return [s for s in plan_b.shortfalls if s.shortfall > before.get((s.rule, s.cadre_id, s.unit_id), 0)]


def _shortfalls_by_cadre(scenario: Scenario, shortfalls: list[Shortfall]) -> dict[str, list[Shortfall]]:
    """Each cadre's shortfalls, with their unit's team share (R4) for leadership-team members."""
    by_unit: dict[str, list[Shortfall]] = {}
    by_cadre: dict[str, list[Shortfall]] = {}
    for s in shortfalls:
        if s.cadre_id:
            by_cadre.setdefault(s.cadre_id, []).append(s)
        elif s.unit_id:
            by_unit.setdefault(s.unit_id, []).append(s)
    for cadre in scenario.cadres:
        if cadre.in_leadership_team and cadre.unit_id in by_unit:
            by_cadre.setdefault(cadre.cadre_id, []).extend(by_unit[cadre.unit_id])
    return by_cadre


def _diff_reason(change: str, served: Reason, shortfalls: list[Shortfall]) -> str:
    words = SERVED_WORDS[served]
    if change == GAINED:
        return f"{words} in B"
    if change == MOVED:
        return f"{words}: same course, other session"
    if shortfalls:
        return f"was {words}; worse in B: " + "; ".join(f"{s.rule}: {s.reason}" for s in shortfalls)
    return f"was {words}; no obligation worse off in B"
