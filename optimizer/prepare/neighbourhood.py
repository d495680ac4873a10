"""What the assignments outside a neighbourhood already use, and the neighbourhood's own planning data.

Large scenarios are improved a neighbourhood at a time (large-neighbourhood
search): the cadres of a few units are freed, everyone else keeps their
sessions. The kept assignments still take seats, beds, days away of their
unit, budget and team members trained; :class:`FixedUsage` counts them so
that the neighbourhood's model subtracts them from every shared limit.
A whole scenario is the neighbourhood in which every cadre is free
(``data.fixed is None``).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import replace

import numpy as np

from models import Obligations
from models.obligations import UNIT_RULES
from optimizer.prepare.data import FixedUsage, PlanningData
from optimizer.prepare.serving import MemberGiving


def fixed_usage(data: PlanningData, chosen: np.ndarray, free: np.ndarray) -> FixedUsage:
    """Count what the chosen pairs (a bool mask over ``data``'s pairs) of cadres outside ``free`` use."""
    kept = chosen & ~free[data.pair_cadre]
    cadres, offerings = data.pair_cadre[kept], data.pair_offering[kept]
    enrolled = np.bincount(offerings, minlength=len(data.offerings)).astype(np.int64)
    units = np.array([c.unit_id for c in data.cadres], dtype=object)
    unit_of = units[cadres]
    cost_of = np.array([o.cost for o in data.offerings], dtype=np.int64)
    unit_spent: dict[str, int] = defaultdict(int)
    for unit_id, cost in zip(unit_of.tolist(), cost_of[offerings].tolist(), strict=True):
        unit_spent[unit_id] += cost
    cliques_of = _cliques_by_offering(data.cliques_offjob, len(data.offerings))
    away: dict[tuple[str, int], int] = defaultdict(int)
    for unit_id, o in zip(unit_of.tolist(), offerings.tolist(), strict=True):
        for k in cliques_of[o]:
            away[(unit_id, k)] += 1
    beds: dict[tuple[str, int], int] = {}
    for institution_id, cliques in data.cliques_beds.items():
        for k, clique in enumerate(cliques):
            used = int(sum(enrolled[o] for o in clique))
            if used:
                beds[(institution_id, k)] = used
    giving = MemberGiving(data, kept)
    unit_given = {}
    for item in data.obligations:
        if item.rule in UNIT_RULES:
            members = data.members_of(item)
            unit_given[item.key] = giving.given(item, members[~free[members]])
    return FixedUsage(enrolled, beds, dict(away), int(cost_of[offerings].sum()), dict(unit_spent), unit_given)


def _cliques_by_offering(cliques: list[frozenset[int]], size: int) -> list[list[int]]:
    found: list[list[int]] = [[] for _ in range(size)]
    for k, clique in enumerate(cliques):
        for o in clique:
            found[o].append(k)
    return found


def neighbourhood(
    data: PlanningData, free: np.ndarray, chosen: np.ndarray
) -> tuple[PlanningData, np.ndarray]:
    """The planning data of the free cadres, with everyone else's chosen pairs counted as fixed.

    Cadres and offerings keep their numbers; only the free cadres have pairs,
    pins and obligations (a unit's: those with a free member). Also returns,
    for each pair of the neighbourhood, its number in ``data``.
    """
    keep = free[data.pair_cadre]
    pair_cadre, pair_offering = data.pair_cadre[keep], data.pair_offering[keep]
    items = [
        item
        for item in data.obligations
        if (item.cadre_id is not None and free[data.cadre_index[item.cadre_id]])
        or (item.rule in UNIT_RULES and free[data.members_of(item)].any())
    ]
    obligations = Obligations(data.scenario, data.year, items)
    sub = replace(
        data,
        obligations=obligations,
        pair_cadre=pair_cadre,
        pair_offering=pair_offering,
        pinned=tuple(p for p in data.pinned if free[p[0]]),
        fixed=fixed_usage(data, chosen, free),
    )
    return sub, np.flatnonzero(keep)


def regions(data: PlanningData, max_pairs: int) -> list[np.ndarray]:
    """Cadre masks of neighbourhoods: whole unit subtrees of at most about ``max_pairs`` eligible pairs.

    The unit tree is cut top-down: a subtree small enough becomes (part of)
    one region; a larger one is split into its own unit and its children's
    subtrees. Regions are then packed in tree order up to ``max_pairs``, so
    a region is a few neighbouring counties or departments of one city.
    """
    scenario = data.scenario
    pairs_of_unit: dict[str, int] = defaultdict(int)
    cadres_of_unit: dict[str, list[int]] = defaultdict(list)
    for c, cadre in enumerate(data.cadres):
        pairs_of_unit[cadre.unit_id] += len(data.pairs_by_cadre[c])
        cadres_of_unit[cadre.unit_id].append(c)
    children = scenario.children_by_unit
    subtree: dict[str, int] = {}

    def total(unit_id: str) -> int:
        if unit_id not in subtree:
            subtree[unit_id] = pairs_of_unit[unit_id] + sum(total(k) for k in children.get(unit_id, ()))
        return subtree[unit_id]

    pieces: list[list[str]] = []

    def cut(unit_id: str) -> None:
        if total(unit_id) <= max_pairs or not children.get(unit_id):
            pieces.append(_subtree_units(unit_id, children))
            return
        pieces.append([unit_id])
        for child in children[unit_id]:
            cut(child)

    for root in (u.unit_id for u in scenario.units if not u.parent_id):
        cut(root)
    masks: list[np.ndarray] = []
    current: list[str] = []
    size = 0
    for piece in pieces:
        weight = sum(pairs_of_unit[u] for u in piece)
        if current and size + weight > max_pairs:
            masks.append(_mask(current, cadres_of_unit, len(data.cadres)))
            current, size = [], 0
        current += piece
        size += weight
    if current:
        masks.append(_mask(current, cadres_of_unit, len(data.cadres)))
    return [m for m in masks if m.any()]


def _subtree_units(unit_id: str, children: dict[str, tuple[str, ...]]) -> list[str]:
    found, stack = [], [unit_id]
    while stack:
        unit = stack.pop()
        found.append(unit)
        stack.extend(reversed(children.get(unit, ())))
    return found


def _mask(units: list[str], cadres_of_unit: dict[str, list[int]], size: int) -> np.ndarray:
    mask = np.zeros(size, dtype=bool)
    for unit_id in units:
        mask[cadres_of_unit[unit_id]] = True
    return mask
