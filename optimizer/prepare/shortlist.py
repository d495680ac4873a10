"""A short list of the eligible pairs: a plan's own, and each obligation's cheapest serving runs.

When a scenario has too many pairs for its LP to be solved within the time
limit (open audiences: hundreds of runs a cadre), the LP that guides the
hours stage (:mod:`optimizer.pipeline.lp_rounding`) is solved over this
list instead; HiGHS's MIP on a tier-3 core too large for it is solved over
the core's list (:mod:`optimizer.pipeline.core_highs`). Either gives a plan
or a guide, not a bound: pairs left out could help, so no bound is read
from it.
"""

from __future__ import annotations

from dataclasses import replace

import numpy as np

from models.obligations import UNIT_RULES
from optimizer.prepare.data import PlanningData
from optimizer.prepare.serving import HOURS_RULES, member_pairs, serving_pairs
from optimizer.prepare.tiers import HOURS

PER_OBLIGATION = 4
"""Cheapest serving runs kept per obligation (per hour given, for an hours quota)."""


def shortlist(
    data: PlanningData, chosen: np.ndarray, per_obligation: int = PER_OBLIGATION, members: bool = False
) -> np.ndarray:
    """Bool mask over the pairs: ``chosen``, the pins, and per cadre obligation of the hours tier or above
    its ``per_obligation`` cheapest serving pairs (cost per hour toward an hours quota); with ``members``,
    per member of a unit's obligation of those tiers (R4's team share) too."""
    keep = chosen.copy()
    cost = np.array([o.cost for o in data.offerings], dtype=np.float64)[data.pair_offering]
    hours = np.array([o.offjob_hours for o in data.offerings], dtype=np.float64)[data.pair_offering]

    def cheapest(serving: np.ndarray, per_hour_of: int | None) -> None:
        if len(serving) <= per_obligation:
            keep[serving] = True
            return
        price = cost[serving]
        if per_hour_of is not None:
            price = price / np.maximum(np.minimum(hours[serving], max(1, per_hour_of)), 1.0)
        keep[serving[np.argsort(price, kind="stable")[:per_obligation]]] = True

    for k, item in enumerate(data.obligations):
        if item.tier > HOURS:
            continue
        if item.rule in UNIT_RULES:
            for _, pairs in member_pairs(data, item) if members else ():
                cheapest(pairs, None)
            continue
        cheapest(serving_pairs(data, k), item.required if item.rule in HOURS_RULES else None)
    if data.pinned:
        width = max(1, len(data.offerings))
        wanted = np.array([c * width + o for c, o in data.pinned], dtype=np.int64)
        keep |= np.isin(data.pair_cadre * width + data.pair_offering, wanted)
    return keep


def listed_data(data: PlanningData, index: np.ndarray) -> PlanningData:
    """``data`` with only the pairs ``index`` (every limit whole): each of its plans is one of ``data``."""
    return replace(data, pair_cadre=data.pair_cadre[index], pair_offering=data.pair_offering[index])
