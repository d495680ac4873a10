"""The objective of each lexicographic stage, as named penalty terms to minimise.

A tier's stage counts its unmet obligations, the re-plan's ``keep`` stage
the previous plan's pairs not kept, the ``early`` stage the last days of the
runs taken for overdue remedial training (R6b), and the last stage cost in
yuan, then sessions run below half their seats. Each stage holds what the stages before
it reached (:mod:`optimizer.pipeline.stages`), so no weights are needed.
"""

from __future__ import annotations

from collections.abc import Sequence

from ortools.sat.python import cp_model

from models import Rule
from optimizer.cpsat.variables import LinearExpr, Variables
from optimizer.prepare.data import PlanningData
from optimizer.prepare.serving import serving_pairs


def unmet(indicators: Sequence[cp_model.IntVar]) -> LinearExpr:
    """Obligations of a tier not met: count - sum of their ``met`` indicators."""
    return len(indicators) - LinearExpr.sum(list(indicators))


def cost_then_half_empty(v: Variables) -> LinearExpr:
    """R14 cost in yuan, then half-empty sessions: one yuan weighs more than every half-empty session."""
    per_yuan = len(v.half_empty) + 1
    return per_yuan * v.cost + LinearExpr.sum(list(v.half_empty.values()))


def overdue_ends(data: PlanningData) -> tuple[list[int], list[int]]:
    """R6b: the pairs serving an overdue remedial obligation, and each run's last day of the year (1-366)."""
    pairs, days = [], []
    for k, item in enumerate(data.obligations):
        if item.rule is Rule.R6b:
            for p in serving_pairs(data, k).tolist():
                pairs.append(p)
                days.append(data.offerings[int(data.pair_offering[p])].spans[-1][1] + 1)
    return pairs, days


def lateness(v: Variables, ends: tuple[list[int], list[int]]) -> LinearExpr:
    """R6b "as early as possible": the sum of the last days of the runs taken for overdue remedial."""
    pairs, days = ends
    return LinearExpr.weighted_sum([v.x[p] for p in pairs], days) if pairs else LinearExpr.constant(0)
