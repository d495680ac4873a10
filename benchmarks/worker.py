"""One solver on one scenario, in a process of its own: ``python -m benchmarks.worker SOLVER DIR OUT.json``.

The harness starts one per solver so that the peak resident memory
(``ru_maxrss`` of this process, read right after the solve and before the
plan check) belongs to that solver alone.
"""

from __future__ import annotations

import argparse
import json
import resource
import time
from pathlib import Path
from typing import Any

from models import load_scenario
from models.obligations import TIER_BY_RULE, Rule
from optimizer.check import check_plan
from optimizer.control.progress import relative_gap
from optimizer.prepare.tiers import tier_weights

SOLVERS = ("greedy", "lp", "highs", "cp-sat")
"""``lp`` is the LP relaxation of stage 1 (HiGHS): a bound, no plan."""


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # kilobytes on Linux


def plan_penalty(summary: dict[str, Any]) -> int:
    """Stage-1 objective from met counts: sum of tier weight x unmet (optimizer.prepare.tiers)."""
    owed: dict[int, int] = {t: 0 for t in sorted(set(TIER_BY_RULE.values()))}
    for rule, row in summary["obligations"].items():
        owed[TIER_BY_RULE[Rule(rule)]] += row["owed"]
    weights = tier_weights(owed)
    met = {int(t): m for t, m in summary["met_by_tier"].items()}
    return sum(weights[t] * (owed[t] - met[t]) for t in owed)


def _lp_row(folder: Path, year: int, time_limit: float) -> dict[str, Any]:
    from optimizer.highs.bound import lp_bound
    from optimizer.highs.model import build_mip
    from optimizer.prepare.data import prepare

    started = time.perf_counter()
    data = prepare(load_scenario(folder), year)
    mip = build_mip(data)
    solve_started = time.perf_counter()
    bound = lp_bound(data, 1, time_limit=time_limit, mip=mip)
    return {
        "status": "bound",
        "build_s": mip.build_seconds,
        "solve_s": time.perf_counter() - solve_started,
        "total_s": time.perf_counter() - started,
        "bound": bound,
        "bound_source": "lp",
        "peak_mb": _peak_mb(),
        "model": {"columns": mip.num_columns, "rows": mip.num_rows},
    }


def run(solver: str, folder: Path, year: int, time_limit: float, seed: int) -> dict[str, Any]:
    """Solve, measure, check; a JSON-ready row."""
    if solver == "lp":
        return {"solver": solver, **_lp_row(folder, year, time_limit)}
    load_started = time.perf_counter()
    scenario = load_scenario(folder)
    load_s = time.perf_counter() - load_started
    started = time.perf_counter()
    if solver == "greedy":
        from optimizer.pipeline.solve import solve_greedy

        result = solve_greedy(scenario, year)
    elif solver == "highs":
        from optimizer.pipeline.highs_peer import solve_highs

        result = solve_highs(scenario, year, time_limit, threads=2)
    else:
        from optimizer.control.options import SolveOptions
        from optimizer.pipeline.solve import solve

        result = solve(scenario, year, SolveOptions(time_limit=time_limit, workers=2, seed=seed))
    total = time.perf_counter() - started
    peak = _peak_mb()
    summary = result.plan.summary
    violations = check_plan(scenario, result.plan)
    objective = plan_penalty(summary)
    own_bound = result.bound if solver != "greedy" else None
    return {
        "solver": solver,
        "status": result.status.value,
        "build_s": summary.get("build_seconds", 0.0) if solver != "greedy" else 0.0,
        "solve_s": summary.get("solve_seconds", 0.0)
        if solver != "greedy"
        else summary.get("greedy_seconds", total),
        "total_s": total,
        "load_s": load_s,
        "greedy_s": summary.get("greedy_seconds"),
        "method": summary.get("method"),
        "cadres": len(scenario.cadres),
        "met_by_rule": {r: v["met"] for r, v in summary["obligations"].items()},
        "owed_by_rule": {r: v["owed"] for r, v in summary["obligations"].items()},
        "met_by_tier": summary["met_by_tier"],
        "cost": summary["cost"],
        "objective": objective,
        "solver_objective": result.objective,
        "bound": own_bound,
        "bound_source": summary.get("bound_source") if own_bound is not None else None,
        "gap": relative_gap(objective, own_bound),
        "cost_objective": summary.get("cost_objective"),
        "cost_bound": summary.get("cost_bound"),
        "peak_mb": peak,
        "violations": len(violations),
        "first_violations": [str(v) for v in violations[:3]],
        "plan_source": summary.get("plan_source"),
        "assignments": summary.get("assignments"),
        "sessions_run": summary.get("sessions_run"),
        "mip": summary.get("mip"),
        "model": summary.get("model"),
        "core": summary.get("core"),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("solver", choices=SOLVERS)
    parser.add_argument("scenario", type=Path)
    parser.add_argument("out", type=Path, help="where the row is written (JSON)")
    parser.add_argument("--year", type=int, default=2020)
    parser.add_argument("--time-limit", type=float, default=60.0)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    row = run(args.solver, args.scenario, args.year, args.time_limit, args.seed)
    args.out.write_text(json.dumps(row, ensure_ascii=False, indent=1, default=str), encoding="utf-8")


if __name__ == "__main__":
    main()
