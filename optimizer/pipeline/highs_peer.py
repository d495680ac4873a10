"""HiGHS as a peer of the CP-SAT pipeline: the same rules as a MIP, in lexicographic stages from greedy."""

from __future__ import annotations

import math
import time
from dataclasses import dataclass

import numpy as np

from models import Plan, Scenario
from optimizer.control.options import SolveOptions
from optimizer.control.progress import Report, StageOutcome, format_line
from optimizer.diagnose.shortfalls import infeasibility
from optimizer.greedy.baseline import complete_picks, greedy_picks
from optimizer.highs.model import (
    MAX_MIP_WEIGHT,
    MipModel,
    build_mip,
    cost_objective,
    met_counts,
    penalty,
    values_from_pairs,
)
from optimizer.highs.solver import (
    Held,
    held_rows,
    integral_bound,
    penalty_row,
    per_tier,
    run_highs,
    stage2_objective,
    tier_objective,
    weighted_objective,
)
from optimizer.highs.variables import Pick, chosen_pairs, picks_of
from optimizer.pipeline.bounds import yardstick
from optimizer.pipeline.result import (
    RESERVE,
    Result,
    RunRecord,
    SolveStatus,
    plan_of,
    solve_summary,
)
from optimizer.pipeline.stages import StageResult, StagesRun
from optimizer.prepare.data import prepare
from optimizer.prepare.serving import by_tier as count_by_tier
from optimizer.prepare.serving import met_mask, possible_mask
from optimizer.prepare.tiers import TIERS

SUMMONS = TIERS[0]
"""The named summons' tier, hard with ``strict_summons``."""

STAGE1_SHARE = 0.6
"""Share of the solve time the HiGHS peer gives its obligations stage (the rest goes to cost)."""


@dataclass
class _Incumbent:
    chosen: np.ndarray
    values: np.ndarray
    source: str

    @classmethod
    def of(cls, mip: MipModel, chosen: np.ndarray, source: str) -> _Incumbent:
        return cls(chosen, values_from_pairs(mip, chosen), source)

    def completed(self, mip: MipModel) -> _Incumbent:
        """Greedily add what still fits toward unmet obligations (met counts only grow)."""
        data = mip.data
        return _Incumbent.of(
            mip, chosen_pairs(data, complete_picks(data, picks_of(data, self.chosen))), self.source
        )


def _finite(value: float) -> float | None:
    return value if math.isfinite(value) else None


def _hint(best: _Incumbent | None) -> np.ndarray | None:
    return None if best is None else best.values


def _stage1_weighted(
    mip: MipModel, best: _Incumbent | None, floor: Held, seconds: float, threads: int, say: Report
) -> tuple[StageOutcome, _Incumbent | None, list[dict]]:
    outcome = run_highs(mip, weighted_objective(mip, floor), seconds, threads, _hint(best))
    if outcome.chosen is not None:
        found = _Incumbent.of(mip, outcome.chosen, "highs")
        if best is None or penalty(mip, found.values) <= penalty(mip, best.values):
            best = found
    details = [
        {"name": "obligations (weighted)", "status": outcome.status, "seconds": round(outcome.seconds, 3)}
    ]
    if best is None:
        status = "infeasible" if outcome.status == "infeasible" else "unknown"
        return StageOutcome("obligations", status, None, None, outcome.seconds, False), None, details
    objective = penalty(mip, best.values)
    bound = objective if outcome.status == "optimal" else min(objective, integral_bound(outcome.bound))
    say(format_line("obligations", outcome.seconds, objective, bound) + f"  {outcome.status}")
    status = "optimal" if outcome.status == "optimal" else "feasible"
    return (
        StageOutcome("obligations", status, objective, _finite(bound), outcome.seconds, False),
        best,
        details,
    )


def _stage1_by_tier(
    mip: MipModel, best: _Incumbent | None, floor: Held, until: float, threads: int, say: Report
) -> tuple[StageOutcome, _Incumbent | None, list[dict]]:
    """One MIP per tier, highest first; the bound is exact up to the first tier not proven optimal."""
    held, details = dict(floor), list[dict]()
    seconds, bound, proven = 0.0, 0, True
    tiers = [t for t in sorted(mip.weight) if mip.count(t)]
    for position, tier in enumerate(tiers):
        reachable = int(mip.v.possible[mip.tier == tier].sum())
        status, upper = "optimal", reachable
        if best is None or met_counts(mip, best.values)[tier] < reachable:  # else nothing to gain
            share = (until - time.perf_counter()) / (len(tiers) - position)
            outcome = run_highs(mip, tier_objective(mip, tier, held), share, threads, _hint(best))
            seconds += outcome.seconds
            if outcome.chosen is not None:
                # Completed, the next tier's hint starts from more than this tier's solver cared for.
                found = _Incumbent.of(mip, outcome.chosen, "highs").completed(mip)
                if best is None or _lexicographic(mip, found.values, tiers[: position + 1]) >= _lexicographic(
                    mip, best.values, tiers[: position + 1]
                ):
                    best = found
            status = outcome.status
            dual = integral_bound(outcome.bound)
            if math.isfinite(dual):
                upper = min(reachable, mip.count(tier) - int(dual))
        if best is None:
            status = "infeasible" if status == "infeasible" else "unknown"
            return StageOutcome("obligations", status, None, None, seconds, False), None, details
        met = met_counts(mip, best.values)[tier]
        upper = met if status == "optimal" else max(upper, met)
        held[tier] = met
        if proven:
            bound += mip.weight[tier] * (mip.count(tier) - upper)
            proven = status == "optimal"
        say(f"  [tier {tier}] met {met}/{mip.count(tier)}, at most {upper}  {status}")
        details.append(
            {
                "name": f"tier {tier}",
                "status": status,
                "met": met,
                "at_most": upper,
                "count": mip.count(tier),
                "seconds": round(seconds, 3),
            }
        )
    if best is None:  # no tier with an obligation, and no valid start
        return StageOutcome("obligations", "unknown", None, None, seconds, False), None, details
    objective = penalty(mip, best.values)
    stage = StageOutcome("obligations", "optimal" if proven else "feasible", objective, bound, seconds, False)
    return stage, best, details


def _lexicographic(mip: MipModel, values: np.ndarray, tiers: list[int]) -> tuple[int, ...]:
    met = met_counts(mip, values)
    return tuple(met[t] for t in tiers)


def _stage2(
    mip: MipModel,
    best: _Incumbent,
    rows: list[tuple[np.ndarray, np.ndarray, float]],
    seconds: float,
    threads: int,
    say: Report,
) -> tuple[StageOutcome, _Incumbent]:
    """Minimise cost with the stage-1 result held by ``rows``; a plan found must keep best's met counts."""
    outcome = run_highs(mip, stage2_objective(mip, rows), seconds, threads, best.values)
    if outcome.chosen is not None:
        found = _Incumbent.of(mip, outcome.chosen, "highs")
        held = met_counts(mip, best.values)
        kept = all(met_counts(mip, found.values)[t] >= m for t, m in held.items())
        if kept and cost_objective(mip, found.values) <= cost_objective(mip, best.values):
            best = found
    objective = cost_objective(mip, best.values)
    bound = objective if outcome.status == "optimal" else min(objective, integral_bound(outcome.bound))
    say(format_line("cost", outcome.seconds, objective, bound) + f"  {outcome.status}")
    status = outcome.status if outcome.status in ("optimal", "infeasible") else "feasible"
    return StageOutcome("cost", status, objective, _finite(bound), outcome.seconds, False), best


def _mip_status(stages: list[StageOutcome]) -> SolveStatus:
    names = [s.status for s in stages]
    if names[0] in ("infeasible", "model_invalid"):
        return SolveStatus.INFEASIBLE
    if stages[0].objective is None:
        return SolveStatus.UNKNOWN
    if len(names) == 2 and all(n == "optimal" for n in names):
        return SolveStatus.OPTIMAL
    return SolveStatus.FEASIBLE


def _greedy_start(mip: MipModel, picks: set[Pick]) -> tuple[_Incumbent | None, Held]:
    """The greedy plan as the first incumbent, and its met counts as a floor, where it keeps every hard rule.

    As in :func:`optimizer.pipeline.solve.solve`: the pins, and with strict summons every named summons.
    """
    data = mip.data
    if not set(data.pinned) <= picks or data.pin_problems:
        return None, {}
    best = _Incumbent.of(mip, chosen_pairs(data, picks), "greedy (HiGHS found no better plan in time)")
    met = met_counts(mip, best.values)
    if mip.v.strict_summons and met[SUMMONS] < mip.count(SUMMONS):
        return None, {}
    return best, {t: m for t, m in met.items() if m > 0}


def solve_highs(
    scenario: Scenario,
    year: int,
    time_limit: float = 60.0,
    threads: int = 2,
    *,
    report: Report | None = None,
    max_weight: float = MAX_MIP_WEIGHT,
    greedy_floor: bool = True,
    strict_summons: bool = False,
) -> Result:
    """Plan ``year`` with HiGHS: the model and stages of :func:`optimizer.pipeline.solve.solve`, as a MIP.

    Parameters
    ----------
    time_limit
        Seconds for everything, split between the stages as :func:`optimizer.pipeline.solve.solve` does.
    threads
        HiGHS' ``threads`` option (its branch and bound itself runs on one).
    report
        Called with progress lines; ``None`` is quiet.
    max_weight
        Above this tier weight stage 1 is solved tier by tier (0: always).
    greedy_floor
        Keep every tier at >= the greedy plan's met count, as :func:`optimizer.pipeline.solve.solve` does.
        The floor forbids the lexicographic trades (fewer hours met for more summons) and
        can keep HiGHS at the greedy plan for the whole time limit.
    strict_summons
        Named summons (R7) are hard, as with ``SolveOptions.strict_summons``.

    Returns
    -------
    Result
        ``objective``/``bound``/``gap`` are stage 1's, as for CP-SAT; the summary says
        ``bound_source = "highs"`` and, under ``mip``, how stage 1 was solved.
    """
    started = time.perf_counter()
    say = report or (lambda _: None)
    data = prepare(scenario, year)
    greedy_started = time.perf_counter()
    picks = greedy_picks(data)
    greedy_seconds = time.perf_counter() - greedy_started
    mip = build_mip(data, strict_summons)
    say(f"prepared {data}; greedy {len(picks)} assignments in {greedy_seconds:.1f}s; {mip}")
    best, floor = _greedy_start(mip, picks)
    floor = floor if greedy_floor else {}
    deadline = started + time_limit * (1 - RESERVE)
    until = time.perf_counter() + (deadline - time.perf_counter()) * STAGE1_SHARE
    by_tier = per_tier(mip, max_weight)
    if by_tier:
        first, best, details = _stage1_by_tier(mip, best, floor, until, threads, say)
    else:
        first, best, details = _stage1_weighted(mip, best, floor, until - time.perf_counter(), threads, say)
    stages = [first]
    if best is not None:
        best = best.completed(mip)
        held = {t: m for t, m in met_counts(mip, best.values).items() if mip.count(t)}
        if by_tier:
            rows = held_rows(mip, held)
        else:
            rows = [penalty_row(mip, penalty(mip, best.values)), *held_rows(mip, floor)]
        second, best = _stage2(mip, best, rows, deadline - time.perf_counter(), threads, say)
        stages.append(second)
    status = _mip_status(stages)
    chosen = best.chosen if best is not None else np.zeros(data.num_pairs, dtype=bool)
    plan = plan_of(data, picks_of(data, chosen))
    runtime = time.perf_counter() - started
    owed = count_by_tier(data, np.ones(len(data.obligations), dtype=bool))
    measure = yardstick(
        owed, count_by_tier(data, met_mask(data, chosen)), count_by_tier(data, possible_mask(data)), {}
    )
    run = StagesRun(chosen, [StageResult(o.name, 0, 0, None, o) for o in stages])
    options = SolveOptions(time_limit=time_limit, workers=threads, strict_summons=strict_summons)
    summary = solve_summary(data, plan, status, run, measure, RunRecord(options, started, greedy_seconds))
    summary.update(
        {
            "objective": first.objective,
            "bound": first.bound,
            "gap": first.gap,
            "build_seconds": mip.build_seconds,
            "solve_seconds": round(sum(o.seconds for o in stages), 3),
        }
    )
    summary["solver"] = {"name": "highs (mathopt)", "threads": threads, "time_limit": time_limit}
    summary["bound_source"] = "highs"
    summary["plan_source"] = best.source if best is not None else "none"
    summary["mip"] = {
        "stage1": "per tier" if by_tier else "weighted",
        "stages": details,
        "columns": mip.num_columns,
        "rows": mip.num_rows,
        "nonzeros": len(mip.proto.linear_constraint_matrix.row_ids),
    }
    if status is SolveStatus.INFEASIBLE:
        summary["explanation"] = infeasibility(data)
    plan = Plan(plan.year, plan.assignments, plan.sessions, plan.shortfalls, summary)
    return Result(status, first.objective, first.bound, first.gap, runtime, plan, stages)
