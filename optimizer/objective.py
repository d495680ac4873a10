"""The objective's pieces: exact tier weights, and the last (cost) stage's objective.

Obligations are met in strict priority order: named summons > remedial
(R5, R6) > team share (R4) and the 2-3-year course (R3) > hours (R1, R2).
:mod:`optimizer.stages` solves one stage per tier; the weights here only
measure a whole plan as one number (the weighted objective of
``summary.json``, :mod:`optimizer.bounds`). They are exact, not tuned: each
tier's weight exceeds the largest possible penalty of all lower tiers
together, so no number of lower-tier gains can pay for one higher-tier loss.

The cost stage keeps every tier at the value found and minimises cost, then
sessions run below half their seats.
"""

from __future__ import annotations

from optimizer.data import PlanningData
from optimizer.model import LinearExpr, Variables

MAX_WEIGHT = 2**62


def tier_weights(counts: dict[int, int]) -> dict[int, int]:
    """Weights such that one unmet obligation of a tier outweighs all lower tiers unmet.

    ``counts`` maps tier (1 = highest) to its number of obligations.
    """
    weights: dict[int, int] = {}
    below = 0
    for tier in sorted(counts, reverse=True):
        weights[tier] = below + 1
        below += weights[tier] * counts[tier]
    if below >= MAX_WEIGHT:
        raise OverflowError("too many obligations for exact tier weights in 64 bits")
    return weights


def stage2_objective(data: PlanningData, v: Variables) -> LinearExpr:
    """Cost (yuan), then half-empty sessions: weight of a yuan > all half-empty sessions."""
    per_yuan = len(v.half_empty) + 1
    return per_yuan * v.cost + LinearExpr.sum(list(v.half_empty.values()))
