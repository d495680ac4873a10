"""Which obligations a set of chosen pairs meets, and which any plan could meet at all.

The solver-side view of :mod:`models.serving`: the same predicate, read over
the planning data's numbered pairs. A cadre's obligation is served by its own
pairs (:func:`serving_pairs`); a unit's (R4, R16, R12) by its members' pairs
(:func:`member_pairs`), each member giving one (a counted rule) or the
hours of its runs (R12.hours, R12.online).
"""

from __future__ import annotations

import numpy as np

from models import Obligation, Rule
from models.obligations import UNIT_RULES
from models.serving import COUNTED_RULES, run_gives, serve_key
from optimizer.prepare.data import PlanningData
from optimizer.prepare.tiers import TIERS

HOURS_RULES = frozenset({Rule.R1, Rule.R2, Rule.R3b})
"""A cadre's obligations met by hours summed over the runs that serve them; the others by one serving run."""
SUMMED_RULES = frozenset(UNIT_RULES - COUNTED_RULES)
"""A unit's obligations met by the hours its members' runs give, summed (R12.hours, R12.online)."""


def serves_mask(data: PlanningData, k: int) -> np.ndarray:
    """Bool mask over the cadre's pairs of the runs that serve obligation ``k`` (a cadre's)."""
    item = data.obligations.items[k]
    pairs = data.pairs_of(item.cadre_id or "")
    return data.offering_mask(item)[data.pair_offering[pairs]]


def serving_pairs(data: PlanningData, k: int) -> np.ndarray:
    """The cadre's pairs (indices into the data's pairs) whose run serves obligation ``k`` (a cadre's)."""
    item = data.obligations.items[k]
    pairs = data.pairs_of(item.cadre_id or "")
    return pairs[serves_mask(data, k)]


def member_pairs(data: PlanningData, item: Obligation) -> list[tuple[int, np.ndarray]]:
    """A unit obligation's members that have a serving pair, each with those pairs."""
    mask = data.offering_mask(item)
    found = []
    for member in data.members_of(item).tolist():
        pairs = data.pairs_by_cadre[member]
        pairs = pairs[mask[data.pair_offering[pairs]]]
        if len(pairs):
            found.append((member, pairs))
    return found


def pair_gives(data: PlanningData, item: Obligation, pairs: np.ndarray) -> np.ndarray:
    """What each serving pair gives toward a summed unit obligation (R12.hours, R12.online): its hours."""
    per_offering = np.array([run_gives(item, o) for o in data.offerings], dtype=np.int64)
    return per_offering[data.pair_offering[pairs]]


def needed(data: PlanningData, item: Obligation) -> int:
    """What a unit obligation still needs from the data's free members, after the fixed ones' sessions."""
    return item.required - data.used_outside.unit_given.get(item.key, 0)


class MemberGiving:
    """Per cadre, what its chosen pairs give toward each kind of unit obligation; one pass over the pairs
    per kind (:func:`models.serving.serve_key`)."""

    def __init__(self, data: PlanningData, chosen: np.ndarray):
        self.data = data
        self.chosen = chosen
        self.by_kind: dict[tuple[object, ...], np.ndarray] = {}

    def per_cadre(self, item: Obligation) -> np.ndarray:
        key = (serve_key(item), item.rule in COUNTED_RULES)
        found = self.by_kind.get(key)
        if found is None:
            data = self.data
            served = np.flatnonzero(self.chosen & data.offering_mask(item)[data.pair_offering])
            cadres = data.pair_cadre[served]
            if item.rule in COUNTED_RULES:
                found = (np.bincount(cadres, minlength=len(data.cadres)) > 0).astype(np.int64)
            else:
                weights = pair_gives(data, item, served).astype(np.float64)
                found = np.bincount(cadres, weights=weights, minlength=len(data.cadres)).astype(np.int64)
            self.by_kind[key] = found
        return found

    def given(self, item: Obligation, members: np.ndarray | None = None) -> int:
        """What the chosen pairs of ``members`` (the obligation's, unless told) give toward ``item``."""
        members = self.data.members_of(item) if members is None else members
        return int(self.per_cadre(item)[members].sum())


def unit_given(data: PlanningData, item: Obligation, chosen: np.ndarray, members: np.ndarray) -> int:
    """What the chosen pairs of ``members`` (cadre indices) give toward the unit obligation ``item``."""
    return MemberGiving(data, chosen).given(item, members)


def met_mask(data: PlanningData, chosen: np.ndarray) -> np.ndarray:
    """Per obligation of ``data``: is it met by the chosen pairs (counting, in a neighbourhood, the fixed
    ones)?"""
    met = np.zeros(len(data.obligations), dtype=bool)
    giving = MemberGiving(data, chosen)
    hours = _offjob_hours(data)
    for k, item in enumerate(data.obligations):
        if item.rule in UNIT_RULES:
            met[k] = giving.given(item) >= needed(data, item)
            continue
        pairs = data.pairs_of(item.cadre_id or "")
        taken = data.pair_offering[pairs[chosen[pairs]]]
        met[k] = len(taken) > 0 and _planned(data, item, taken, hours) >= item.required
    return met


def possible_mask(data: PlanningData) -> np.ndarray:
    """Per obligation: could any plan meet it, looking at its own eligible sessions only?"""
    possible = np.zeros(len(data.obligations), dtype=bool)
    giving = MemberGiving(data, np.ones(data.num_pairs, dtype=bool))
    hours = _offjob_hours(data)
    for k, item in enumerate(data.obligations):
        if item.rule in UNIT_RULES:
            possible[k] = giving.given(item) >= needed(data, item)
        else:
            runs = data.pair_offering[data.pairs_of(item.cadre_id or "")]
            possible[k] = _planned(data, item, runs, hours) >= item.required
    return possible


def _offjob_hours(data: PlanningData) -> np.ndarray:
    return np.array([o.offjob_hours for o in data.offerings], dtype=np.int64)


def _planned(data: PlanningData, item: Obligation, runs: np.ndarray, hours: np.ndarray) -> int:
    """:func:`models.serving.planned_toward` of a cadre's runs, given as offering indices, read from the
    offering masks (no Python call per run: a province's cadre has hundreds)."""
    serving = runs[data.offering_mask(item)[runs]]
    if item.rule in HOURS_RULES:
        return int(hours[serving].sum())
    return int(len(serving) > 0)


def by_tier(data: PlanningData, mask: np.ndarray) -> dict[int, int]:
    """How many obligations of each tier the mask holds."""
    tiers = np.array([item.tier for item in data.obligations], dtype=np.int64)
    return {t: int(mask[tiers == t].sum()) for t in TIERS}
