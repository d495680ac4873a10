"""The objective as named penalty terms, solved in two lexicographic stages.

Stage 1 (obligations) minimises unmet obligations weighted by tier:
named summons > remedial (R5, R6) > team share (R4) and the 2-3-year
course (R3) > hours (R1, R2). Tier weights are exact, not tuned: each
tier's weight exceeds the largest possible penalty of all lower tiers
together, so no number of lower-tier gains can pay for one higher-tier loss.

Stage 2 (cost) keeps the stage-1 penalty at the value found and minimises
cost, then sessions run below half their seats. Cost and half-empty
sessions would need weights of 10^17 and more if folded into stage 1, so
they get a stage of their own, hinted with the stage-1 plan.
"""

from __future__ import annotations

from dataclasses import dataclass

from ortools.sat.python import cp_model

from models.obligations import TIER_BY_RULE
from optimizer.data import PlanningData
from optimizer.model import LinearExpr, Variables

MAX_WEIGHT = 2**62


@dataclass(frozen=True)
class Penalty:
    """A named term: ``weight x (count - met)``."""

    name: str
    weight: int
    count: int
    met: list[cp_model.IntVar]

    def expression(self) -> LinearExpr:
        return self.weight * (self.count - LinearExpr.sum(self.met))


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


def obligation_penalties(data: PlanningData, v: Variables) -> list[Penalty]:
    tiers = sorted(set(TIER_BY_RULE.values()))
    met_by_tier: dict[int, list[cp_model.IntVar]] = {t: [] for t in tiers}
    for k, item in enumerate(data.obligations):
        met_by_tier[item.tier].append(v.met[k])
    weights = tier_weights({t: len(m) for t, m in met_by_tier.items()})
    return [Penalty(f"tier{t}", weights[t], len(met_by_tier[t]), met_by_tier[t]) for t in tiers]


def stage1_objective(penalties: list[Penalty]) -> LinearExpr:
    return LinearExpr.sum([p.expression() for p in penalties])


def stage2_objective(data: PlanningData, v: Variables) -> LinearExpr:
    """Cost (yuan), then half-empty sessions: weight of a yuan > all half-empty sessions."""
    per_yuan = len(v.half_empty) + 1
    return per_yuan * v.cost + LinearExpr.sum(list(v.half_empty.values()))
