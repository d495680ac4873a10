"""Neighbourhoods around the shortfalls: who owes, and who holds the seats they need.

Unit-subtree regions (:func:`optimizer.prepare.neighbourhood.regions`) keep everyone
outside the region in place, so a remedial cadre whose only session is full
of other units' cadres can never get in. A shortfall neighbourhood frees,
for a few unmet obligations of the tier at hand, the cadre who owes it (or
the unit's leadership team, R4), the cadres now sitting in the sessions that
could meet it (they may move elsewhere) and the owing cadre's unit-mates on
the training calendar (the unit's release cap, R9). Everyone else keeps
their sessions and what they use is fixed (:func:`optimizer.prepare.neighbourhood.neighbourhood`).
"""

from __future__ import annotations

import numpy as np

from models import Rule
from models.obligations import UNIT_RULES
from optimizer.prepare.data import PlanningData
from optimizer.prepare.serving import member_pairs, met_mask, possible_mask, serves_mask


def open_obligations(data: PlanningData, chosen: np.ndarray, tier: int) -> np.ndarray:
    """Indices of the tier's obligations not met by ``chosen`` that some plan could meet."""
    tiers = np.array([item.tier for item in data.obligations], dtype=np.int64)
    open_ = (tiers == tier) & possible_mask(data) & ~met_mask(data, chosen)
    return np.flatnonzero(open_)


def shortfall_neighbourhoods(
    data: PlanningData, chosen: np.ndarray, tier: int, max_pairs: int, rng: np.random.Generator
) -> list[np.ndarray]:
    """Cadre masks, each of about ``max_pairs`` eligible pairs, covering the tier's open obligations.

    The open obligations are taken in random order (``rng``), so that
    repeated rounds try other groupings.
    """
    open_ = open_obligations(data, chosen, tier)
    if len(open_) == 0:
        return []
    sizes = np.array([len(p) for p in data.pairs_by_cadre], dtype=np.int64)
    sitting = _cadres_by_offering(data, chosen)
    busy_by_unit: dict[str, list[int]] = {}
    for c in np.unique(data.pair_cadre[chosen]).tolist():
        busy_by_unit.setdefault(data.cadres[c].unit_id, []).append(c)
    spenders = _spenders(data, chosen)
    room = int(max_pairs * (1 - SPENDERS_SHARE)) if len(spenders) else max_pairs
    masks: list[np.ndarray] = []
    current = np.zeros(len(data.cadres), dtype=bool)
    for k in rng.permutation(open_).tolist():
        wanted = _around(data, int(k), sitting, busy_by_unit)
        if len(wanted) == 0:
            continue
        fresh = wanted[~current[wanted]]
        if current.any() and sizes[current].sum() + sizes[fresh].sum() > room:
            masks.append(_with_spenders(current, spenders, sizes, max_pairs, rng))
            current = np.zeros(len(data.cadres), dtype=bool)
        current[wanted] = True
    if current.any():
        masks.append(_with_spenders(current, spenders, sizes, max_pairs, rng))
    return masks


SPENDERS_SHARE = 0.3
"""Share of a neighbourhood's pairs given, when the budget binds, to cadres drawn at random among those in
sessions."""


def _spenders(data: PlanningData, chosen: np.ndarray) -> np.ndarray:
    """Cadres in some session, when the total budget has no room for one more of its dearest sessions; else
    none.

    With the budget spent, a shortfall is met only with money freed
    elsewhere: freeing a few cadres anywhere lets the solve move them to
    cheaper sessions, or give up hours above the greedy floor (a lower
    tier), and spend the difference.
    """
    budget = data.scenario.budget_total
    costs = np.array([o.cost for o in data.offerings], dtype=np.int64)
    if budget is None or len(costs) == 0:
        return np.zeros(0, dtype=np.int64)
    spent = int(costs[data.pair_offering[chosen]].sum())
    if spent + int(costs.max()) <= budget:
        return np.zeros(0, dtype=np.int64)
    return np.unique(data.pair_cadre[chosen])


def _with_spenders(
    mask: np.ndarray, spenders: np.ndarray, sizes: np.ndarray, max_pairs: int, rng: np.random.Generator
) -> np.ndarray:
    """``mask`` plus spenders drawn at random until the neighbourhood holds about ``max_pairs`` pairs."""
    room = max_pairs - int(sizes[mask].sum())
    if room <= 0 or len(spenders) == 0:
        return mask
    mask = mask.copy()
    for c in rng.permutation(spenders).tolist():
        if room <= 0:
            break
        if not mask[c] and sizes[c] <= room:
            mask[c] = True
            room -= int(sizes[c])
    return mask


def _cadres_by_offering(data: PlanningData, chosen: np.ndarray) -> list[np.ndarray]:
    cadres, offerings = data.pair_cadre[chosen], data.pair_offering[chosen]
    order = np.argsort(offerings, kind="stable")
    bounds = np.searchsorted(offerings[order], np.arange(len(data.offerings) + 1))
    return [cadres[order[bounds[o] : bounds[o + 1]]] for o in range(len(data.offerings))]


def _around(
    data: PlanningData, k: int, sitting: list[np.ndarray], busy_by_unit: dict[str, list[int]]
) -> np.ndarray:
    """The cadres freed for obligation ``k``: who owes it, who sits where it could be met, unit-mates away."""
    item = data.obligations.items[k]
    if item.rule in UNIT_RULES:
        owing = np.array([m for m, _ in member_pairs(data, item)], dtype=np.int64)
        unit_id = item.unit_id
    else:
        owing = np.array([data.cadre_index[item.cadre_id or ""]], dtype=np.int64)
        unit_id = data.cadres[int(owing[0])].unit_id
    offerings: set[int] = set()
    for c in owing.tolist():
        pairs = data.pairs_by_cadre[c]
        if item.rule in (Rule.R1, Rule.R2) or item.rule in UNIT_RULES:
            offerings.update(
                data.pair_offering[pairs[data.offering_mask(item)[data.pair_offering[pairs]]]].tolist()
            )
        else:
            offerings.update(
                data.pair_offering[data.pairs_of(item.cadre_id or "")[serves_mask(data, k)]].tolist()
            )
    parts = [owing, *(sitting[o] for o in offerings)]
    parts.append(np.array(busy_by_unit.get(unit_id or "", []), dtype=np.int64))
    return np.unique(np.concatenate(parts))
