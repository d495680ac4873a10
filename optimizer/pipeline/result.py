"""What a solve returns: its status, the plan with its shortfall reasons, and ``summary.json``."""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from enum import Enum
from typing import Any

from models import Plan, build_plan, evaluate, met_by_rule, met_by_tier
from models.indicators import indicators_summary
from optimizer.control.options import SolveOptions
from optimizer.control.progress import StageOutcome
from optimizer.diagnose.shortfalls import shortfalls
from optimizer.pipeline.bounds import Yardstick
from optimizer.pipeline.stages import COST, StageResult, StagesRun, stage_name
from optimizer.prepare.data import PlanningData

METHOD_NEIGHBOURHOODS = (
    "neighbourhoods (around the shortfalls for tiers 1-3, unit subtrees for hours and cost)"
)
RESERVE = 0.08
"""Share of the time limit kept for building the plan, explaining and writing it."""


class SolveStatus(str, Enum):
    OPTIMAL = "optimal"
    FEASIBLE = "feasible"
    INFEASIBLE = "infeasible"
    UNKNOWN = "unknown"


@dataclass
class Result:
    """What a solve returns; ``plan`` is empty, not ``None``, when nothing was found.

    ``objective``, ``bound`` and ``gap`` are the weighted obligations objective
    (stage 1 of the priority order, :mod:`optimizer.prepare.serving`).
    """

    status: SolveStatus
    objective: float | None
    bound: float | None
    gap: float | None
    runtime: float
    plan: Plan
    stages: list[StageOutcome] = field(default_factory=list)
    interrupted: bool = False

    def __str__(self) -> str:
        gap = "-" if self.gap is None else f"{100 * self.gap:.3f}%"
        obligations = self.plan.summary.get("obligations", {})
        met = ", ".join(f"{r} {v['met']}/{v['owed']}" for r, v in obligations.items() if v["owed"])
        return (
            f"{self.status.value}: objective {self.objective}, bound {self.bound}, gap {gap}, "
            f"{self.runtime:.1f}s\n{self.plan}\nobligations met: {met}"
        )


def plan_of(data: PlanningData, picks: set[tuple[int, int]]) -> Plan:
    by_id = [(data.cadres[c].cadre_id, data.offerings[o].group_id) for c, o in sorted(picks)]
    plan = build_plan(data.scenario, data.obligations, by_id)
    return Plan(plan.year, plan.assignments, plan.sessions, tuple(shortfalls(data, plan)), plan.summary)


def stage_summary(result: StageResult) -> dict[str, Any]:
    outcome = result.outcome
    row: dict[str, Any] = {
        "name": stage_name(result.stage),
        "owed": result.count,
        "met": result.met,
        "upper": result.upper,
        "upper_source": result.source if result.upper is not None else None,
        "proven": result.proven,
        "note": result.note,
    }
    if outcome is not None:
        row.update(
            {
                "status": outcome.status,
                "objective": outcome.objective,
                "bound": outcome.bound,
                "seconds": round(outcome.seconds, 3),
                "deterministic_time": round(outcome.deterministic_time, 3),
            }
        )
    return row


@dataclass(frozen=True)
class RunRecord:
    """How a solve ran, for its summary: options, when it started, the greedy's seconds, how it ended."""

    options: SolveOptions
    started: float
    greedy_seconds: float
    interrupted: bool = False
    whole: bool = True
    """Solved as one model (else a neighbourhood at a time)."""


def solve_summary(
    data: PlanningData,
    plan: Plan,
    status: SolveStatus,
    run: StagesRun,
    measure: Yardstick | None,
    record: RunRecord,
) -> dict[str, Any]:
    """``summary.json`` of a solve (before provenance, re-plan counts and conflicts are added)."""
    options, started, greedy_seconds = record.options, record.started, record.greedy_seconds
    interrupted, whole = record.interrupted, record.whole
    outcomes = evaluate(data.scenario, data.obligations, plan)
    cost = sum(data.scenario.session_by_id[a.session_id].cost_per_head for a in plan.assignments)
    cost_stage = run.result(COST)
    cost_outcome = cost_stage.outcome if cost_stage is not None else None
    return {
        "status": status.value,
        "objective": measure.objective if measure else None,
        "bound": measure.bound if measure else None,
        "gap": measure.gap if measure else None,
        "gap_tier": measure.gap_tier if measure else None,
        "weighted_gap": measure.weighted_gap if measure else None,
        "tiers": [t.summary() for t in measure.tiers] if measure else [],
        "bound_source": measure.source if measure else None,
        "gap_meaning": "lexicographic: the gap of the first tier not proven optimal (gap_tier); see tiers",
        "objective_meaning": (
            "weighted unmet obligations (tier weight x unmet, summed); 0 means every obligation met"
        ),
        "cost_objective": cost_outcome.objective if cost_outcome else None,
        "cost_bound": cost_outcome.bound if cost_outcome else None,
        "cost_gap": cost_outcome.gap if cost_outcome else None,
        "solve_seconds": round(run.solve_seconds, 3),
        "build_seconds": round(run.build_seconds, 3),
        "greedy_seconds": round(greedy_seconds, 3),
        "total_seconds": round(time.perf_counter() - started, 3),
        "interrupted": interrupted,
        "method": "whole model" if whole else METHOD_NEIGHBOURHOODS,
        "stages": [stage_summary(r) for r in run.results],
        "obligations": met_by_rule(outcomes),
        "indicators": indicators_summary(data.scenario, plan),
        "met_by_tier": {str(k): v for k, v in met_by_tier(outcomes).items()},
        "cost": cost,
        "budget_total": data.scenario.budget_total,
        "sessions_run": sum(1 for s in plan.sessions if s.status == "run"),
        "sessions_cancelled": sum(1 for s in plan.sessions if s.status == "cancelled"),
        "assignments": len(plan.assignments),
        "cadres_trained": len({a.cadre_id for a in plan.assignments}),
        "model": {"cadres": len(data.cadres), "session_runs": len(data.offerings), "pairs": data.num_pairs},
        "solver": {
            "name": "cp-sat",
            "workers": options.workers,
            "seed": options.seed,
            "time_limit": options.time_limit,
            "reproducible": options.deterministic,
            "strict_summons": options.strict_summons,
            "greedy_floor": options.greedy_floor,
            "presolve": options.presolve,
            "core": options.core,
            "highs_hours": options.highs_hours,
            "whole_model_pairs": options.whole_model_pairs,
            "neighbourhood_pairs": options.neighbourhood_pairs,
            "shortfall_pairs": options.shortfall_pairs,
            "max_presolve_iterations": 1,
            "presolve_inclusion_work_limit": 0,
        },
        "plan_source": "cp-sat"
        if any(r.outcome is not None and r.outcome.solution for r in run.results)
        else "greedy",
    }
