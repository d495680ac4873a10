"""The objective's pieces: exact tier weights, and the last (cost) stage's objective.

Obligations are met in strict priority order: named summons > remedial
(R5, R6) > team share (R4) and the 2-3-year course (R3) > hours (R1, R2).
:mod:`optimizer.pipeline.stages` solves one stage per tier; the weights here only
measure a whole plan as one number (the weighted objective of
``summary.json``, :mod:`optimizer.prepare.serving`). They are exact, not tuned: each
tier's weight exceeds the largest possible penalty of all lower tiers
together, so no number of lower-tier gains can pay for one higher-tier loss.

The cost stage keeps every tier at the value found and minimises cost, then
sessions run below half their seats.
"""

from __future__ import annotations

from optimizer.cpsat.model import LinearExpr, Variables
from optimizer.prepare.data import PlanningData


def stage2_objective(data: PlanningData, v: Variables) -> LinearExpr:
    """Cost (yuan), then half-empty sessions: weight of a yuan > all half-empty sessions."""
    per_yuan = len(v.half_empty) + 1
    return per_yuan * v.cost + LinearExpr.sum(list(v.half_empty.values()))
