"""Which obligations a set of chosen pairs meets, and which any plan could meet at all.

The solver-side view of :mod:`models.serving`: the same predicate, read over
the planning data's numbered pairs.
"""

from __future__ import annotations

import numpy as np

from models import Obligation, Rule
from models.serving import is_met, serves
from optimizer.prepare.data import PlanningData
from optimizer.prepare.offerings import Offering
from optimizer.prepare.tiers import TIERS

HOURS_RULES = frozenset({Rule.R1, Rule.R2, Rule.R3b})
"""Obligations met by hours summed over the runs that serve them; the others by one serving run."""


def serves_mask(data: PlanningData, k: int) -> np.ndarray:
    """Bool mask over the cadre's pairs of the runs that serve obligation ``k`` (not R4)."""
    item = data.obligations.items[k]
    offerings = data.offerings
    pairs = data.pairs_of(item.cadre_id or "")
    return np.array([serves(item, offerings[o]) for o in data.pair_offering[pairs].tolist()], dtype=bool)


def serving_pairs(data: PlanningData, k: int) -> np.ndarray:
    """The cadre's pairs (indices into the data's pairs) whose run serves obligation ``k`` (not R4)."""
    item = data.obligations.items[k]
    pairs = data.pairs_of(item.cadre_id or "")
    return pairs[serves_mask(data, k)]


def _team_met(data: PlanningData, item: Obligation, members: int) -> bool:
    """R4: team members trained outside the neighbourhood plus ``members`` reach the share."""
    outside = data.used_outside.team_trained.get(item.unit_id or "", 0)
    return outside + members >= item.required


def _runs(data: PlanningData, pairs: np.ndarray) -> list[Offering]:
    return [data.offerings[o] for o in data.pair_offering[pairs].tolist()]


def met_mask(data: PlanningData, chosen: np.ndarray) -> np.ndarray:
    """Per obligation of ``data``: is it met by the chosen pairs (counting, in a neighbourhood, the fixed
    ones)?"""
    attending = set(data.pair_cadre[chosen].tolist())
    met = np.zeros(len(data.obligations), dtype=bool)
    for k, item in enumerate(data.obligations):
        if item.rule is Rule.R4:
            members = data.team_members(item.unit_id or "")
            met[k] = _team_met(data, item, sum(m in attending for m in members))
            continue
        pairs = data.pairs_of(item.cadre_id or "")
        taken = pairs[chosen[pairs]]
        met[k] = len(taken) > 0 and is_met(item, _runs(data, taken))
    return met


def possible_mask(data: PlanningData) -> np.ndarray:
    """Per obligation: could any plan meet it, looking at its own eligible sessions only?"""
    possible = np.zeros(len(data.obligations), dtype=bool)
    for k, item in enumerate(data.obligations):
        if item.rule is Rule.R4:
            members = data.team_members(item.unit_id or "")
            possible[k] = _team_met(data, item, sum(1 for m in members if len(data.pairs_by_cadre[m])))
        else:
            possible[k] = is_met(item, _runs(data, data.pairs_of(item.cadre_id or "")))
    return possible


def by_tier(data: PlanningData, mask: np.ndarray) -> dict[int, int]:
    """How many obligations of each tier the mask holds."""
    tiers = np.array([item.tier for item in data.obligations], dtype=np.int64)
    return {t: int(mask[tiers == t].sum()) for t in TIERS}
