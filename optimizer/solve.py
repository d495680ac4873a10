"""Scenario -> Plan: prepare, greedy warm start, CP-SAT in two lexicographic stages, explain."""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from enum import Enum
from typing import Any

import numpy as np
from ortools.sat.python import cp_model

from models import Plan, Scenario, build_plan, evaluate, met_by_rule, met_by_tier
from optimizer.data import PlanningData, prepare
from optimizer.explain import infeasibility, shortfalls
from optimizer.greedy import complete_picks, greedy_picks
from optimizer.hint import add_hint, values_from_picks
from optimizer.model import LinearExpr, Variables, build_model
from optimizer.objective import Penalty, obligation_penalties, stage1_objective, stage2_objective
from optimizer.runner import Interrupted, Report, StageOutcome, run_solver

STAGE1_SHARE = 0.6
"""Share of the solve time for the obligations stage; the cost stage gets the rest."""
RESERVE = 0.08
"""Share of the time limit kept for building the plan, explaining and writing it."""


class SolveStatus(str, Enum):
    OPTIMAL = "optimal"
    FEASIBLE = "feasible"
    INFEASIBLE = "infeasible"
    UNKNOWN = "unknown"


@dataclass(frozen=True)
class SolveOptions:
    time_limit: float = 60.0
    workers: int = 2
    seed: int = 0
    log_every: float = 2.0


@dataclass
class Result:
    """What a solve returns; ``plan`` is empty, not ``None``, when nothing was found."""

    status: SolveStatus
    objective: float | None
    bound: float | None
    gap: float | None
    runtime: float
    plan: Plan
    stages: list[StageOutcome] = field(default_factory=list)
    interrupted: bool = False

    def __str__(self) -> str:
        gap = "-" if self.gap is None else f"{100 * self.gap:.2f}%"
        obligations = self.plan.summary.get("obligations", {})
        met = ", ".join(f"{r} {v['met']}/{v['owed']}" for r, v in obligations.items() if v["owed"])
        return (
            f"{self.status.value}: objective {self.objective}, bound {self.bound}, gap {gap}, "
            f"{self.runtime:.1f}s\n{self.plan}\nobligations met: {met}"
        )


def _solver(options: SolveOptions, seconds: float) -> cp_model.CpSolver:
    solver = cp_model.CpSolver()
    params = solver.parameters
    params.num_workers = max(1, options.workers)
    params.random_seed = options.seed
    params.max_time_in_seconds = max(0.1, seconds)
    params.catch_sigint_signal = False  # Ctrl-C is ours: the runner stops the search and keeps the plan
    # Presolve's dominated-constraint detection costs far more than it saves here
    # (../shared/PERFORMANCE.md: 17 s -> 2.6 s at city scale).
    params.max_presolve_iterations = 1
    params.presolve_inclusion_work_limit = 0
    if options.workers == 1:
        params.interleave_search = True  # one worker still rotates LNS and search strategies
    return solver


def _picks(data: PlanningData, solution: list[int], v: Variables) -> set[tuple[int, int]]:
    values = np.asarray(solution, dtype=np.int64)
    chosen = values[[x.index for x in v.x]].astype(bool) if v.x else np.zeros(0, dtype=bool)
    return set(zip(data.pair_cadre[chosen].tolist(), data.pair_offering[chosen].tolist()))


def solve(
    scenario: Scenario,
    year: int,
    options: SolveOptions | None = None,
    report: Report | None = None,
) -> Result:
    """Plan ``year`` for ``scenario``: greedy start, then CP-SAT obligations stage, then cost stage.

    Parameters
    ----------
    report
        Called with progress lines (objective, bound, gap, elapsed); ``None`` is quiet.
    """
    options = options or SolveOptions()
    started = time.perf_counter()
    say = report or (lambda _: None)
    data = prepare(scenario, year)
    say(f"prepared {data} in {time.perf_counter() - started:.1f}s")
    greedy_started = time.perf_counter()
    picks = greedy_picks(data)
    greedy_seconds = time.perf_counter() - greedy_started
    build_started = time.perf_counter()
    model, v = build_model(data)
    penalties = obligation_penalties(data, v)
    build_seconds = time.perf_counter() - build_started
    say(f"greedy start {len(picks)} assignments in {greedy_seconds:.1f}s; model built in {build_seconds:.1f}s")
    if set(data.pinned) <= picks and not data.pin_problems:
        _greedy_floor(model, penalties, values_from_picks(data, v, picks))
    interrupted = Interrupted()
    stages: list[StageOutcome] = []
    stage1 = stage1_objective(penalties)
    model.minimize(stage1)
    add_hint(model, values_from_picks(data, v, picks))
    deadline = started + options.time_limit * (1 - RESERVE)
    solver = _solver(options, (deadline - time.perf_counter()) * STAGE1_SHARE)
    stages.append(run_solver(model, solver, "obligations", report, interrupted, options.log_every))
    first = stages[-1]
    if first.solution:
        picks = complete_picks(data, _picks(data, first.solution, v))
        if not interrupted.flag and first.status in ("optimal", "feasible"):
            values = values_from_picks(data, v, picks)
            model.add(stage1 <= _penalty(penalties, values))
            model.minimize(stage2_objective(data, v))
            add_hint(model, values)
            solver = _solver(options, deadline - time.perf_counter())
            stages.append(run_solver(model, solver, "cost", report, interrupted, options.log_every))
            if stages[-1].solution:
                picks = _picks(data, stages[-1].solution, v)
    status = _status(stages)
    source = "cp-sat"
    if status is SolveStatus.UNKNOWN and picks:
        status, source = SolveStatus.FEASIBLE, "greedy (CP-SAT found no plan in time)"
    plan = _plan(data, picks if status is not SolveStatus.INFEASIBLE else set())
    runtime = time.perf_counter() - started
    summary = _summary(data, plan, status, stages, interrupted.flag, build_seconds, greedy_seconds, runtime)
    summary["plan_source"] = source
    if status is SolveStatus.INFEASIBLE:
        summary["explanation"] = infeasibility(data)
    plan = Plan(plan.year, plan.assignments, plan.sessions, plan.shortfalls, summary)
    return Result(status, first.objective, first.bound, first.gap, runtime, plan, stages, interrupted.flag)


def solve_greedy(scenario: Scenario, year: int) -> Result:
    """The greedy baseline alone, as a Result (no bound: status ``feasible``)."""
    started = time.perf_counter()
    data = prepare(scenario, year)
    picks = greedy_picks(data)
    seconds = time.perf_counter() - started
    plan = _plan(data, picks)
    stage = StageOutcome("greedy", "feasible", None, None, seconds, False)
    summary = _summary(data, plan, SolveStatus.FEASIBLE, [stage], False, 0.0, seconds, seconds)
    summary["plan_source"] = "greedy"
    plan = Plan(plan.year, plan.assignments, plan.sessions, plan.shortfalls, summary)
    return Result(SolveStatus.FEASIBLE, None, None, None, seconds, plan, [stage])


def _greedy_floor(model: cp_model.CpModel, penalties: list[Penalty], values: dict[cp_model.IntVar, int]) -> None:
    """Never fewer obligations met than the greedy baseline, tier by tier.

    The lexicographic optimum could trade lower-tier obligations for a
    higher-tier one; planners compare with the simple rule-of-thumb plan,
    so no tier may fall below it. The greedy plan (with every pin) satisfies these rows.
    """
    for penalty in penalties:
        met = sum(values[m] for m in penalty.met)
        if met > 0:
            model.add(LinearExpr.sum(penalty.met) >= met)


def _penalty(penalties: list[Penalty], values: dict[cp_model.IntVar, int]) -> int:
    return sum(p.weight * (p.count - sum(values[m] for m in p.met)) for p in penalties)


def _status(stages: list[StageOutcome]) -> SolveStatus:
    names = [s.status for s in stages]
    if names[0] == "infeasible" or names[0] == "model_invalid":
        return SolveStatus.INFEASIBLE
    if stages[0].objective is None:
        return SolveStatus.UNKNOWN
    if all(n == "optimal" for n in names) and len(names) == 2:
        return SolveStatus.OPTIMAL
    return SolveStatus.FEASIBLE


def _plan(data: PlanningData, picks: set[tuple[int, int]]) -> Plan:
    by_id = [(data.cadres[c].cadre_id, data.offerings[o].group_id) for c, o in sorted(picks)]
    plan = build_plan(data.scenario, data.obligations, by_id)
    return Plan(plan.year, plan.assignments, plan.sessions, tuple(shortfalls(data, plan)), plan.summary)


def _summary(
    data: PlanningData,
    plan: Plan,
    status: SolveStatus,
    stages: list[StageOutcome],
    interrupted: bool,
    build_seconds: float,
    greedy_seconds: float,
    runtime: float,
) -> dict[str, Any]:
    outcomes = evaluate(data.scenario, data.obligations, plan)
    first = stages[0]
    cost = sum(data.scenario.session_by_id[a.session_id].cost_per_head for a in plan.assignments)
    return {
        "status": status.value,
        "objective": first.objective,
        "bound": first.bound,
        "gap": first.gap,
        "bound_source": "cp-sat",
        "objective_meaning": "weighted unmet obligations (stage 1); 0 means every obligation met",
        "cost_objective": stages[1].objective if len(stages) > 1 else None,
        "cost_bound": stages[1].bound if len(stages) > 1 else None,
        "cost_gap": stages[1].gap if len(stages) > 1 else None,
        "solve_seconds": round(sum(s.seconds for s in stages), 3),
        "build_seconds": round(build_seconds, 3),
        "greedy_seconds": round(greedy_seconds, 3),
        "total_seconds": round(runtime, 3),
        "interrupted": interrupted,
        "stages": [
            {"name": s.name, "status": s.status, "objective": s.objective, "bound": s.bound, "gap": s.gap,
             "seconds": round(s.seconds, 3)}
            for s in stages
        ],
        "obligations": met_by_rule(outcomes),
        "met_by_tier": {str(k): v for k, v in met_by_tier(outcomes).items()},
        "cost": cost,
        "budget_total": data.scenario.budget_total,
        "sessions_run": sum(1 for s in plan.sessions if s.status == "run"),
        "sessions_cancelled": sum(1 for s in plan.sessions if s.status == "cancelled"),
        "assignments": len(plan.assignments),
        "cadres_trained": len({a.cadre_id for a in plan.assignments}),
        "model": {"cadres": len(data.cadres), "session_runs": len(data.offerings), "pairs": data.num_pairs},
    }
