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
from collections.abc import Callable, Iterable, Mapping
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property
from typing import Any, NamedTuple

import pandas as pd

from models import Plan, Reason, Rule, Scenario, Shortfall
from optimizer.control.options import SolveOptions
from optimizer.pipeline.solve import solve

RULES = tuple(rule.value for rule in Rule)
TIERS = ("1", "2", "3", "4")
"""Priority tiers: 1 named summons, 2 remedial, 3 team share and 2-3-year course, 4 hours."""
DIFF_COLUMNS = ["cadre_id", "unit_id", "change", "course_id", "session_a", "session_b", "served", "reason"]
CHANGE_ORDER = {"moved": 0, "lost": 1, "gained": 2}
SERVED_WORDS = {
    Reason.NAMED_SUMMONS: "named summons",
    Reason.REMEDIAL: "remedial training",
    Reason.TEAM_SHARE: "team share",
    Reason.HOURS_QUOTA: "hours quota",
    Reason.ELECTIVE: "elective",
}


@dataclass(frozen=True)
class ScenarioRun:
    """One solved scenario: a plain, picklable value (no solver objects)."""

    name: str
    status: str
    plan: Plan
    workers: int
    wall_seconds: float


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

    def to_markdown(self) -> str:
        """The table as Markdown, obligations written ``met/owed``."""
        return table_markdown(self.table)

    def __str__(self) -> str:
        return f"Comparison of {len(self.runs)} scenarios for {self.year}:\n{self.to_markdown()}"


def workers_per_process(workers: int, processes: int) -> int:
    """CP-SAT workers for each of ``processes`` solves sharing ``workers`` cores: ``max(1, workers // processes)``."""
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

    Returns
    -------
    Comparison
        With ``table`` (one row per scenario, in the order given) and ``plans``.

    Raises
    ------
    ValueError
        For no scenarios, a time limit that is not positive, or fewer than one
        worker or process.
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
    if processes == 1:
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


def comparison_table(runs: Iterable[ScenarioRun]) -> pd.DataFrame:
    """One row per run, indexed by scenario name.

    Columns: ``status``; ``source`` (``cp-sat``, or the greedy plan when
    CP-SAT found none in time); ``R1_met``, ``R1_owed`` ... ``R7_met``, ``R7_owed``;
    ``tier1_met`` ... ``tier4_met`` (1 named summons, 2 remedial, 3 team share
    and 2-3-year course, 4 hours); ``cost`` and ``budget`` (yuan; budget NaN
    when none); ``sessions_run``; ``seat_fill`` (enrolled / seats of the
    sessions run); ``assignments``; ``cadres_trained``; ``gap`` (of the
    obligations stage, NaN when unknown); ``seconds`` (wall time of the solve).
    """
    rows = [_row(run) for run in runs]
    return pd.DataFrame(rows).set_index("scenario") if rows else pd.DataFrame()


def _row(run: ScenarioRun) -> dict[str, Any]:
    summary = run.plan.summary
    row: dict[str, Any] = {
        "scenario": run.name,
        "status": run.status,
        "source": summary.get("plan_source", ""),
    }
    obligations = summary.get("obligations", {})
    for rule in RULES:
        counts = obligations.get(rule, {"met": 0, "owed": 0})
        row[f"{rule}_met"], row[f"{rule}_owed"] = counts["met"], counts["owed"]
    tiers = summary.get("met_by_tier", {})
    for tier in TIERS:
        row[f"tier{tier}_met"] = tiers.get(tier, 0)
    budget, gap = summary.get("budget_total"), summary.get("gap")
    row.update(
        cost=summary.get("cost", 0),
        budget=float("nan") if budget is None else budget,
        sessions_run=sum(1 for s in run.plan.sessions if s.status == "run"),
        seat_fill=seat_fill(run.plan),
        assignments=len(run.plan.assignments),
        cadres_trained=len({a.cadre_id for a in run.plan.assignments}),
        gap=float("nan") if gap is None else gap,
        seconds=run.wall_seconds,
    )
    return row


def seat_fill(plan: Plan) -> float:
    """Enrolled / seats over the sessions that run; NaN when none runs."""
    run = [s for s in plan.sessions if s.status == "run"]
    seats = sum(s.seats for s in run)
    return sum(s.enrolled for s in run) / seats if seats else float("nan")


def table_markdown(table: pd.DataFrame) -> str:
    """A comparison table as a Markdown table: obligations ``met/owed``, money in yuan, shares in %.

    A status marked ``(greedy)`` is the greedy plan: CP-SAT found none in time.
    """
    headers = [
        "scenario",
        "status",
        *RULES,
        *(f"tier {t}" for t in TIERS),
        "cost",
        "budget",
        "sessions run",
        "seat fill",
        "gap",
        "seconds",
    ]
    lines = [
        "| " + " | ".join(headers) + " |",
        "|" + "|".join(["---"] * 2 + ["---:"] * (len(headers) - 2)) + "|",
    ]
    for name, row in table.iterrows():
        greedy = " (greedy)" if str(row["source"]).startswith("greedy") else ""
        cells = [str(name), f"{row['status']}{greedy}"]
        cells += [f"{row[f'{r}_met']}/{row[f'{r}_owed']}" for r in RULES]
        cells += [str(row[f"tier{t}_met"]) for t in TIERS]
        cells += [
            _amount(row["cost"]),
            _amount(row["budget"]),
            str(row["sessions_run"]),
            _percent(row["seat_fill"]),
            _percent(row["gap"]),
            f"{row['seconds']:.1f}",
        ]
        lines.append("| " + " | ".join(c.replace("|", "\\|") for c in cells) + " |")
    return "\n".join(lines) + "\n"


def _amount(value: float) -> str:
    return "-" if pd.isna(value) else f"{value:,.0f}"


def _percent(value: float) -> str:
    return "-" if pd.isna(value) else f"{100 * value:.1f}%"


class _Run(NamedTuple):
    """The sessions of one course a cadre attends in a plan (one run: its segments)."""

    session_ids: tuple[str, ...]
    served: Reason


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
    runs_a, runs_b = _runs(plan_a), _runs(plan_b)
    worse = _shortfalls_by_cadre(scenario, _worse_shortfalls(plan_a, plan_b))
    rows = [
        _diff_row(scenario, key, runs_a.get(key), runs_b.get(key), worse)
        for key in runs_a.keys() | runs_b.keys()
        if key not in runs_a or key not in runs_b or runs_a[key].session_ids != runs_b[key].session_ids
    ]
    rows.sort(key=lambda r: (r["cadre_id"], CHANGE_ORDER[r["change"]], r["course_id"]))
    return pd.DataFrame(rows, columns=DIFF_COLUMNS)


def _diff_row(
    scenario: Scenario,
    key: tuple[str, str],
    a: _Run | None,
    b: _Run | None,
    worse: dict[str, list[Shortfall]],
) -> dict[str, str]:
    cadre_id, course_id = key
    change = "gained" if a is None else "lost" if b is None else "moved"
    either = b if b is not None else a
    assert either is not None
    cadre = scenario.cadre_by_id.get(cadre_id)
    return {
        "cadre_id": cadre_id,
        "unit_id": cadre.unit_id if cadre else "",
        "change": change,
        "course_id": course_id,
        "session_a": a.session_ids[0] if a else "",
        "session_b": b.session_ids[0] if b else "",
        "served": either.served.value,
        "reason": _diff_reason(change, either.served, worse.get(cadre_id, [])),
    }


def _runs(plan: Plan) -> dict[tuple[str, str], _Run]:
    sessions: dict[tuple[str, str], list[tuple[date, str]]] = {}
    served: dict[tuple[str, str], Reason] = {}
    for a in plan.assignments:
        key = (a.cadre_id, a.course_id)
        sessions.setdefault(key, []).append((a.start, a.session_id))
        served.setdefault(key, Reason(a.reason))
    return {key: _Run(tuple(sid for _, sid in sorted(found)), served[key]) for key, found in sessions.items()}


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
    if change == "gained":
        return f"{words} in B"
    if change == "moved":
        return f"{words}: same course, other session"
    if shortfalls:
        return f"was {words}; worse in B: " + "; ".join(f"{s.rule}: {s.reason}" for s in shortfalls)
    return f"was {words}; no obligation worse off in B"
