"""A second plan source for scenarios solved as one model: the hours tier as a MIP, solved by HiGHS.

Once the core (:mod:`optimizer.pipeline.core`) has settled tiers 1-3, what is left
is the hours tier: many knapsack-like quotas under one budget, where an LP
relaxation guides well and CP-SAT's search does not (benchmarks/RESULTS.md).
HiGHS (through MathOpt, :mod:`optimizer.highs`) is used only where the
scenario is one model, and not in reproducible runs (its time limit is
wall time). CP-SAT's hours and cost stages then start from its plan.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

import numpy as np
from ortools.util.python.solve_interrupter import SolveInterrupter

from optimizer.control.progress import Interrupted, Report, format_line
from optimizer.highs.model import MAX_MIP_WEIGHT, MipModel, build_mip, values_from_pairs
from optimizer.highs.solver import Objective, run_highs_watched, tier_objective, weighted_objective
from optimizer.prepare.data import PlanningData
from optimizer.prepare.serving import by_tier, met_mask
from optimizer.prepare.tiers import HOURS


@dataclass(frozen=True)
class Polished:
    """The plan after HiGHS (the start when it found nothing better) and an upper bound on the hours met."""

    chosen: np.ndarray
    met: int
    """Hours quotas met by ``chosen``."""
    upper: int | None
    optimal: bool
    seconds: float
    status: str


THREADS = 2
"""HiGHS' ``threads`` option, the same in every call: HiGHS keeps one thread pool per process and refuses a
model (kError) asked for another size later. Its branch and bound runs on one thread either way."""


def _objective(mip: MipModel, before: dict[int, int]) -> tuple[Objective, float]:
    """HiGHS' objective, and what it adds to the hours unmet when every higher tier stays as in ``before``.

    Where the exact tier weights are small enough for a MIP's tolerances it
    is the weighted penalty of every tier, which HiGHS searches better than
    the hours held by rows (benchmarks/RESULTS.md); otherwise the hours alone
    with rows holding the higher tiers. The
    solve runs once the core has proven tiers 1-3 optimal, so a bound on the
    weighted penalty, less the higher tiers' fixed share, bounds the hours.
    """
    if max(mip.weight.values()) <= MAX_MIP_WEIGHT and mip.weight[HOURS] == 1:
        higher = sum(mip.weight[t] * (mip.count(t) - before[t]) for t in before if t != HOURS)
        return weighted_objective(mip), float(higher)
    held = {t: m for t, m in before.items() if m > 0}
    return tier_objective(mip, HOURS, held), 0.0


def hours_by_highs(
    data: PlanningData,
    chosen: np.ndarray,
    seconds: float,
    threads: int = THREADS,
    interrupted: Interrupted | None = None,
    report: Report | None = None,
    every: float = 2.0,
) -> Polished:
    """Maximise the hours quotas met from the plan ``chosen``, with every higher tier held at its count.

    The hours tier is held at least at the start's count too, so the plan
    returned never meets fewer obligations in any tier than ``chosen``. A
    first Ctrl-C returns ``chosen`` at once and sets ``interrupted``; a second
    one (the flag already set) goes on up.
    """
    before = by_tier(data, met_mask(data, chosen))
    mip = build_mip(data)
    objective, offset = _objective(mip, before)
    interrupter = SolveInterrupter()

    def tick(elapsed: float) -> None:  # MathOpt gives HiGHS no progress callback: time only
        if report is not None:
            report(format_line("hours by HiGHS", elapsed, None, None))

    started = time.perf_counter()
    try:
        watched = run_highs_watched(
            mip, objective, seconds, threads, values_from_pairs(mip, chosen), interrupter, tick, every
        )
    except KeyboardInterrupt:
        # HiGHS's thread is left to run out its time limit; the solve goes on at once with its start plan.
        if interrupted is None or interrupted.flag:
            raise
        interrupted.flag = True
        if report is not None:
            report(
                "  [hours by HiGHS] interrupted: stopping and keeping the best plan found "
                "(Ctrl-C again to abort)"
            )
        return Polished(chosen, before[HOURS], None, False, time.perf_counter() - started, "interrupted")
    outcome = watched.outcome
    if outcome is None:  # HiGHS refused the model: the plan stays as it was
        return Polished(chosen, before[HOURS], None, False, watched.seconds, f"error: {watched.error}")
    count = mip.count(HOURS)
    upper = None if outcome.bound is None else count - int(np.ceil(outcome.bound - offset - 1e-6))
    plan, met = chosen, before[HOURS]
    if outcome.chosen is not None:
        after = by_tier(data, met_mask(data, outcome.chosen))
        if all(after[t] >= before[t] for t in before) and after[HOURS] > before[HOURS]:
            plan, met = outcome.chosen, after[HOURS]
        if outcome.status == "optimal":
            upper = after[HOURS]
    return Polished(plan, met, upper, upper is not None and met >= upper, outcome.seconds, outcome.status)
