"""One solver on one scenario, in a process of its own: ``python -m benchmarks.worker SOLVER DIR OUT.json``.

The harness starts one per solver so that the peak resident memory
(``ru_maxrss`` of this process, read right after the solve and before the
plan is evaluated and checked) belongs to that solver alone.

Every solver's plan is measured by the same function, :func:`models.evaluate` on the plan with the
obligations :func:`models.owed_obligations` lists, and checked by the independent checker
(:func:`optimizer.check.check_plan`), so the counts of different solvers compare.
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path
from typing import Any

from benchmarks.load import peak_bytes
from models import Plan, Scenario, load_scenario, owed_obligations
from models.evaluation import evaluate, met_by_rule, met_by_tier
from models.obligations import TIER_BY_RULE

GREEDY_ORDERS = ("priority", "deadline", "constrained")
"""The orders of :class:`optimizer.greedy.orders.Order`, one greedy peer each."""
GREEDY = tuple(f"greedy-{order}" for order in GREEDY_ORDERS)
OURS = "ours"
"""Our pipeline, :func:`optimizer.solve`."""
PEERS = (*GREEDY, "highs")
"""The peers ours is compared with: the greedy in every order, HiGHS on the same formulation."""
SOLVERS = (*PEERS, OURS)
TIERS = tuple(sorted(set(TIER_BY_RULE.values())))


def _peak_mb() -> float:
    return peak_bytes() / 1024**2


def _greedy(scenario: Scenario, year: int, order: str) -> tuple[Plan, dict[str, Any]]:
    """The greedy plan in ``order``: preparing counts as its build, the greedy pass as its solve."""
    from models.plan import build_plan
    from optimizer.greedy.baseline import greedy_picks
    from optimizer.greedy.orders import Order
    from optimizer.prepare.data import prepare

    started = time.perf_counter()
    data = prepare(scenario, year)
    prepared = time.perf_counter()
    picks = greedy_picks(data, order=Order(order))
    solved = time.perf_counter()
    by_id = [(data.cadres[c].cadre_id, data.offerings[o].group_id) for c, o in sorted(picks)]
    plan = build_plan(scenario, data.obligations, by_id)
    return plan, {
        "status": "feasible",
        "build_s": prepared - started,
        "solve_s": solved - prepared,
        "pairs": data.num_pairs,
    }


def _solved(
    solver: str,
    scenario: Scenario,
    year: int,
    time_limit: float,
    workers: int,
    seed: int,
    max_memory: float | None = None,
) -> Plan:
    if solver == "highs":
        from optimizer.pipeline.highs_peer import solve_highs

        return solve_highs(scenario, year, time_limit, threads=workers).plan
    from optimizer import SolveOptions, solve

    options = SolveOptions(time_limit=time_limit, workers=workers, seed=seed, max_memory=max_memory)
    return solve(scenario, year, options).plan


def _own_summary(summary: dict[str, Any]) -> dict[str, Any]:
    """What a solve says of itself: status, times, the per-tier table with its bounds, the model's size."""
    model = summary.get("model") or {}
    return {
        "status": summary.get("status"),
        "build_s": summary.get("build_seconds"),
        "solve_s": summary.get("solve_seconds"),
        "greedy_s": summary.get("greedy_seconds"),
        "pairs": model.get("pairs"),
        "tiers": summary.get("tiers"),
        "gap": summary.get("gap"),
        "gap_tier": summary.get("gap_tier"),
        "weighted_gap": summary.get("weighted_gap"),
        "bound_source": summary.get("bound_source"),
        "method": summary.get("method"),
        "plan_source": summary.get("plan_source"),
        "model": model,
        "core": summary.get("core"),
        "mip": summary.get("mip"),
        "peers": summary.get("peers"),
        "solver_settings": summary.get("solver"),
    }


def measured(scenario: Scenario, plan: Plan) -> dict[str, Any]:
    """The plan's obligations met per tier and rule, and its cost, from the plan and the data alone."""
    obligations = owed_obligations(scenario, plan.year)
    outcomes = evaluate(scenario, obligations, plan)
    by_rule = met_by_rule(outcomes)
    owed_by_tier = dict.fromkeys(TIERS, 0)
    for item in obligations:
        owed_by_tier[item.tier] += 1
    return {
        "met_by_tier": {str(t): m for t, m in met_by_tier(outcomes).items()},
        "owed_by_tier": {str(t): n for t, n in owed_by_tier.items()},
        "met_by_rule": {r: v["met"] for r, v in by_rule.items()},
        "owed_by_rule": {r: v["owed"] for r, v in by_rule.items()},
        "cost": sum(scenario.session_by_id[a.session_id].cost_per_head for a in plan.assignments),
        "assignments": len(plan.assignments),
    }


def run(
    solver: str,
    folder: Path,
    year: int,
    time_limit: float,
    seed: int,
    workers: int = 2,
    max_memory: float | None = None,
) -> dict[str, Any]:
    """Solve, measure, evaluate, check; a JSON-ready row. ``max_memory``: ours' memory limit (GiB)."""
    from optimizer.check import check_plan

    started = time.perf_counter()
    scenario = load_scenario(folder)
    load_s = time.perf_counter() - started
    if solver in GREEDY:
        plan, own = _greedy(scenario, year, solver.removeprefix("greedy-"))
    else:
        plan = _solved(solver, scenario, year, time_limit, workers, seed, max_memory)
        own = _own_summary(plan.summary)
    wall = time.perf_counter() - started
    peak = _peak_mb()
    row = {"solver": solver, **own, "load_s": load_s, "wall_s": wall, "peak_mb": peak}
    row["cadres"] = len(scenario.cadres)
    row.update(measured(scenario, plan))
    if solver in GREEDY:  # the checker's recount compares with the counts the plan states
        plan = Plan(
            plan.year, plan.assignments, plan.sessions, plan.shortfalls, {"obligations": _counts(row)}
        )
    violations = check_plan(scenario, plan)
    row["violations"] = len(violations)
    row["first_violations"] = [str(v) for v in violations[:3]]
    return row


def _counts(row: dict[str, Any]) -> dict[str, dict[str, int]]:
    return {r: {"owed": row["owed_by_rule"][r], "met": m} for r, m in row["met_by_rule"].items()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("solver", choices=SOLVERS)
    parser.add_argument("scenario", type=Path)
    parser.add_argument("out", type=Path, help="where the row is written (JSON)")
    parser.add_argument("--year", type=int, default=2020)
    parser.add_argument("--time-limit", type=float, default=60.0)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--workers", type=int, default=2, help="CP-SAT workers, HiGHS threads")
    parser.add_argument("--max-memory", type=float, default=None, help="ours' memory limit, GiB")
    args = parser.parse_args()
    row = run(
        args.solver, args.scenario, args.year, args.time_limit, args.seed, args.workers, args.max_memory
    )
    args.out.write_text(json.dumps(row, ensure_ascii=False, indent=1, default=str), encoding="utf-8")


if __name__ == "__main__":
    main()
