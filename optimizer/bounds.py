"""Obligations met per tier, what could be met at all, and the weighted objective and its bound.

The plan's yardstick (``summary.json``'s ``objective``) is the penalty of
stage 1 of the lexicographic order: sum over tiers of the tier weight times
its unmet obligations, with weights exact enough that one unmet obligation
of a tier outweighs every lower tier unmet (:func:`optimizer.objective.tier_weights`).

Its lower bound is assembled tier by tier. A tier proven optimal (given the
tiers above it at their optimum) contributes its own unmet count; the first
tier not proven contributes its solver's bound; every tier below that only
its *trivial* bound: the obligations no plan can meet because no eligible
session serves them at all. Each part is a valid bound of the lexicographic
optimum, so the sum is too; ``bound_source`` says which parts were used.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from models import Rule
from optimizer.data import PlanningData
from optimizer.objective import tier_weights
from optimizer.stages import TIERS


def _serves(data: PlanningData, k: int) -> np.ndarray:
    """Bool mask over the cadre's pairs of the sessions that would meet obligation ``k`` (not R4)."""
    item = data.obligations.items[k]
    pairs = data.pairs_of(item.cadre_id or "")
    offerings = [data.offerings[o] for o in data.pair_offering[pairs].tolist()]
    if item.rule is Rule.R7:
        return np.array([o.course_id == item.course_id for o in offerings], dtype=bool)
    if item.rule in (Rule.R1, Rule.R2):
        return np.array([o.offjob_hours > 0 for o in offerings], dtype=bool)
    return np.array(
        [o.systematic and (item.deadline is None or o.end <= item.deadline) for o in offerings], dtype=bool
    )


def met_mask(data: PlanningData, chosen: np.ndarray) -> np.ndarray:
    """Per obligation of ``data``: is it met by the chosen pairs (counting, in a neighbourhood, the fixed ones)?"""
    attending = set(data.pair_cadre[chosen].tolist())
    met = np.zeros(len(data.obligations), dtype=bool)
    hours = np.array([o.offjob_hours for o in data.offerings], dtype=np.int64)
    for k, item in enumerate(data.obligations):
        if item.rule is Rule.R4:
            outside = data.fixed.team_trained.get(item.unit_id or "", 0) if data.fixed is not None else 0
            inside = sum(m in attending for m in data.team_members(item.unit_id or ""))
            met[k] = outside + inside >= item.required
            continue
        pairs = data.pairs_of(item.cadre_id or "")
        taken = chosen[pairs]
        if not taken.any():
            continue
        if item.rule in (Rule.R1, Rule.R2):
            met[k] = hours[data.pair_offering[pairs[taken]]].sum() >= item.required
        else:
            met[k] = bool((_serves(data, k) & taken).any())
    return met


def possible_mask(data: PlanningData) -> np.ndarray:
    """Per obligation: could any plan meet it, looking at its own eligible sessions only?"""
    possible = np.zeros(len(data.obligations), dtype=bool)
    hours = np.array([o.offjob_hours for o in data.offerings], dtype=np.int64)
    for k, item in enumerate(data.obligations):
        if item.rule is Rule.R4:
            members = sum(1 for m in data.team_members(item.unit_id or "") if len(data.pairs_by_cadre[m]))
            outside = data.fixed.team_trained.get(item.unit_id or "", 0) if data.fixed is not None else 0
            possible[k] = outside + members >= item.required
        elif item.rule in (Rule.R1, Rule.R2):
            possible[k] = hours[data.pair_offering[data.pairs_of(item.cadre_id or "")]].sum() >= item.required
        else:
            possible[k] = bool(_serves(data, k).any())
    return possible


def by_tier(data: PlanningData, mask: np.ndarray) -> dict[int, int]:
    """How many obligations of each tier the mask holds."""
    tiers = np.array([item.tier for item in data.obligations], dtype=np.int64)
    return {t: int(mask[tiers == t].sum()) for t in TIERS}


@dataclass(frozen=True)
class Yardstick:
    """The weighted stage-1 objective of a plan and the best lower bound on it."""

    objective: int
    bound: int
    source: str

    @property
    def gap(self) -> float:
        return abs(self.objective - self.bound) / max(1.0, abs(self.objective))


def yardstick(
    owed: dict[int, int],
    met: dict[int, int],
    possible: dict[int, int],
    upper: dict[int, int | None],
    sources: dict[int, str] | None = None,
) -> Yardstick:
    """The weighted objective and its bound from per-tier counts.

    ``upper[t]`` is an upper bound on tier ``t``'s met count valid when every
    higher tier is at its optimum (a solver's stage bound), or ``None``;
    ``sources[t]`` names where it comes from (``"cp-sat"`` if not given).
    """
    weights = tier_weights(owed)
    objective = sum(weights[t] * (owed[t] - met[t]) for t in owed)
    bound, used, conditional = 0, set(), True
    for t in sorted(owed):
        best = possible[t]
        if conditional and upper.get(t) is not None:
            best = min(best, int(upper[t]))  # type: ignore[arg-type]
            used.add((sources or {}).get(t, "cp-sat") if best < possible[t] or met[t] >= best else "trivial")
        else:
            used.add("trivial")
        bound += weights[t] * (owed[t] - best)
        conditional = conditional and met[t] >= best
    return Yardstick(objective, bound, "+".join(sorted(used)))
