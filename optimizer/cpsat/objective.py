"""The objective of each lexicographic stage, as named penalty terms to minimise.

A tier's stage counts its unmet obligations, the re-plan's ``keep`` stage
the previous plan's pairs not kept, and the last stage cost in yuan, then
sessions run below half their seats. Each stage holds what the stages before
it reached (:mod:`optimizer.pipeline.stages`), so no weights are needed.
"""

from __future__ import annotations

from collections.abc import Sequence

from ortools.sat.python import cp_model

from optimizer.cpsat.variables import LinearExpr, Variables


def unmet(indicators: Sequence[cp_model.IntVar]) -> LinearExpr:
    """Obligations of a tier not met: count - sum of their ``met`` indicators."""
    return len(indicators) - LinearExpr.sum(list(indicators))


def cost_then_half_empty(v: Variables) -> LinearExpr:
    """R14 cost in yuan, then half-empty sessions: one yuan weighs more than every half-empty session."""
    per_yuan = len(v.half_empty) + 1
    return per_yuan * v.cost + LinearExpr.sum(list(v.half_empty.values()))
