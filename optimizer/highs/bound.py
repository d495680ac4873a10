"""Lower bounds on the weighted objective from the MIP's LP relaxation (HiGHS)."""

from __future__ import annotations

import math
import time

from optimizer.highs.model import MAX_MIP_WEIGHT, MipModel, build_mip
from optimizer.highs.solver import (
    held_rows,
    integral_bound,
    penalty_row,
    per_tier,
    run_highs,
    stage2_objective,
    tier_objective,
    weighted_objective,
)
from optimizer.prepare.data import PlanningData


def lp_bound(
    data: PlanningData,
    stage: int = 1,
    stage1_value: int | None = None,
    *,
    time_limit: float = 60.0,
    threads: int = 2,
    mip: MipModel | None = None,
    max_weight: float = MAX_MIP_WEIGHT,
) -> float:
    """A lower bound from the LP relaxation (HiGHS) of stage 1, or of stage 2 given a stage-1 penalty.

    Stage 1 with weights above ``max_weight`` is bounded tier by tier: the
    LP maximum U of tier t's met count, then tier t held at >= floor(U)
    for the next tiers. With exact weights, sum of weight x (count - floor(U))
    stays a valid bound and the LPs keep small coefficients.
    Stage 2 holds the stage-1 penalty at ``stage1_value`` (per tier, decoded
    from the weights, when stage 1 goes tier by tier, as in :func:`solve_highs`).
    Pins are kept; the greedy floor is left out, which only lowers the bound,
    so it holds for the floored model of :func:`optimizer.pipeline.solve.solve` too.
    """
    mip = mip or build_mip(data)
    by_tier = per_tier(mip, max_weight)
    if stage == 1:
        if not by_tier:
            return integral_bound(
                run_highs(mip, weighted_objective(mip), time_limit, threads, relax=True).bound
            )
        return float(_lp_by_tier(mip, time_limit, threads))
    if stage1_value is None:
        raise ValueError("lp_bound(stage=2) needs the stage-1 penalty (stage1_value)")
    if by_tier:
        rows = held_rows(
            mip, {t: mip.count(t) - unmet for t, unmet in unmet_by_tier(mip, stage1_value).items()}
        )
    else:
        rows = [penalty_row(mip, stage1_value)]
    return integral_bound(run_highs(mip, stage2_objective(mip, rows), time_limit, threads, relax=True).bound)


def _lp_by_tier(mip: MipModel, time_limit: float, threads: int) -> int:
    held: dict[int, int] = {}
    bound = 0
    tiers = [t for t in sorted(mip.weight) if mip.count(t)]
    until = time.perf_counter() + time_limit
    for position, tier in enumerate(tiers):
        share = (until - time.perf_counter()) / (len(tiers) - position)
        # Dual simplex first, then barrier with the time left: each method stalls on some of these LPs
        # that the other solves quickly.
        objective = tier_objective(mip, tier, held)
        outcome = run_highs(mip, objective, share / 2, threads, relax=True)
        if not math.isfinite(integral_bound(outcome.bound)):
            left = (until - time.perf_counter()) / (len(tiers) - position)
            outcome = run_highs(mip, objective, left, threads, relax=True, barrier=True)
        dual = integral_bound(outcome.bound)
        if not math.isfinite(dual):
            return bound  # no bound for this tier: the higher tiers' part still holds
        unmet = max(0, int(dual))
        held[tier] = mip.count(tier) - unmet
        bound += mip.weight[tier] * unmet
    return bound


def unmet_by_tier(mip: MipModel, value: int) -> dict[int, int]:
    """Decode a penalty into unmet counts per tier (exact weights make it a mixed-radix number)."""
    unmet = {}
    for tier in sorted(mip.weight):
        unmet[tier], value = divmod(value, mip.weight[tier])
    return unmet
