"""A short list of the eligible pairs: a plan's own, and each obligation's cheapest serving runs.

When a scenario has too many pairs for its LP to be solved within the time
limit (open audiences: hundreds of runs a cadre), the LP that guides the
hours stage (:mod:`optimizer.pipeline.lp_rounding`) is solved over this
list instead. It is a guide, not a bound: pairs left out could help, so no
bound is read from it.
"""

from __future__ import annotations

import numpy as np

from models.obligations import UNIT_RULES
from optimizer.prepare.data import PlanningData
from optimizer.prepare.serving import HOURS_RULES, serving_pairs
from optimizer.prepare.tiers import HOURS

PER_OBLIGATION = 4
"""Cheapest serving runs kept per obligation (per hour given, for an hours quota)."""


def shortlist(data: PlanningData, chosen: np.ndarray, per_obligation: int = PER_OBLIGATION) -> np.ndarray:
    """Bool mask over the pairs: ``chosen``, the pins, and per cadre obligation of the hours tier or above
    its ``per_obligation`` cheapest serving pairs (cost per hour toward an hours quota)."""
    keep = chosen.copy()
    cost = np.array([o.cost for o in data.offerings], dtype=np.float64)[data.pair_offering]
    hours = np.array([o.offjob_hours for o in data.offerings], dtype=np.float64)[data.pair_offering]
    for k, item in enumerate(data.obligations):
        if item.rule in UNIT_RULES or item.tier > HOURS:
            continue
        serving = serving_pairs(data, k)
        if len(serving) <= per_obligation:
            keep[serving] = True
            continue
        price = cost[serving]
        if item.rule in HOURS_RULES:
            price = price / np.maximum(np.minimum(hours[serving], max(1, item.required)), 1.0)
        keep[serving[np.argsort(price, kind="stable")[:per_obligation]]] = True
    if data.pinned:
        width = max(1, len(data.offerings))
        wanted = np.array([c * width + o for c, o in data.pinned], dtype=np.int64)
        keep |= np.isin(data.pair_cadre * width + data.pair_offering, wanted)
    return keep
