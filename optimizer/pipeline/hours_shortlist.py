"""The hours tier over the whole scenario at once, each cadre with a few runs: its short list.

The regions of :mod:`optimizer.pipeline.neighbourhoods` free a few units at a
time, so they never fill a cheap city-wide run that needs cadres from twenty
units. One CP-SAT model of every cadre, each with the plan's own pairs and a
few cheapest serving runs per obligation
(:func:`optimizer.prepare.shortlist.shortlist`), does: on the shipped
default, from the 60 s plan (tier 4 at 2,421), 18,349 pairs, 15 s, 2,555
(benchmarks/RESULTS.md). Every plan of the short list is a plan of the
scenario (the list is a subset of the eligible pairs, with every limit
whole), so the pass is a neighbourhood like the regions, only cut the other
way: all cadres free, most of their pairs left out.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from optimizer.control.clock import Clock
from optimizer.control.context import SolveContext
from optimizer.control.memory import model_room
from optimizer.pipeline.stages import run_stages
from optimizer.prepare.data import PlanningData
from optimizer.prepare.serving import by_tier, met_mask, possible_mask
from optimizer.prepare.shortlist import listed_data, shortlist
from optimizer.prepare.tiers import HOURS

MOST_RUNS = 4
"""Most cheapest runs listed per obligation (default, 15 s from 2,421: 2 runs 2,532, 3 runs 2,545, 4 runs
2,555)."""
MOST_PAIRS = 40_000
"""Largest short list solved as one model; fewer runs per obligation are listed until it fits (none fits:
the list of :data:`SPLIT_RUNS` runs goes region by region, :mod:`optimizer.pipeline.neighbourhoods`)."""
SPLIT_RUNS = 1
"""Runs per obligation of the short list that is worked region by region when no list fits in one model."""


@dataclass(frozen=True)
class ShortlistPass:
    """The plan after the pass (a mask over the scenario's pairs), and what the pass did."""

    chosen: np.ndarray
    pairs: int
    runs: int
    gained: int
    build_seconds: float
    solve_seconds: float


def listed_pairs(
    data: PlanningData, chosen: np.ndarray, max_pairs: int | None = None
) -> tuple[np.ndarray, int]:
    """The pairs of the largest short list of ``chosen`` (at most :data:`MOST_RUNS` runs per obligation)
    within ``max_pairs`` (None: :data:`MOST_PAIRS`), and its runs per obligation (0: none fits)."""
    limit = MOST_PAIRS if max_pairs is None else max_pairs
    for runs in range(MOST_RUNS, 0, -1):
        index = np.flatnonzero(shortlist(data, chosen, runs, members=True))
        if len(index) <= limit:
            return index, runs
    return np.zeros(0, dtype=np.int64), 0


def hours_over_shortlist(
    data: PlanningData, chosen: np.ndarray, floors: dict[int, int], context: SolveContext, clock: Clock
) -> ShortlistPass | None:
    """The hours stage on the short list of ``chosen``, the other tiers held at ``floors``; None when no
    list fits (in pairs or in memory) or the solve found nothing valid."""
    index, runs = listed_pairs(data, chosen)
    need, left = model_room(len(index), context.options.max_memory)
    if runs == 0 or need > left:
        return None
    listed = listed_data(data, index)
    local = context.but(
        clock=clock, report=None, floors=floors, possible=by_tier(listed, possible_mask(listed))
    )
    result = run_stages(listed, chosen[index], [HOURS], local)
    if result.infeasible:
        return None
    before = by_tier(data, met_mask(data, chosen))
    plan = np.zeros(data.num_pairs, dtype=bool)
    plan[index[result.chosen]] = True
    after = by_tier(data, met_mask(data, plan))
    gained = after[HOURS] - before[HOURS]
    if gained <= 0 or any(after[t] < before[t] for t in after if t < HOURS):
        plan, gained = chosen, 0  # nothing gained: the plan stays as it was
    return ShortlistPass(plan, len(index), runs, gained, result.build_seconds, result.solve_seconds)
