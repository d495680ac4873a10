"""A plan for the hours tier read off its LP relaxation: the LP's sessions, taken whole, cheapest first.

The hours tier is a knapsack under one budget: its LP (the pattern rows of
:mod:`optimizer.highs.patterns`, every higher tier held) spends the money on
the cheap sessions and fills them, minimum enrolments included, where a
search that moves a few cadres at a time never opens a session that needs
twenty (benchmarks/RESULTS.md: on the default the cheapest party-school runs
stay empty in the searched plan and full in the LP). Rounding keeps what the
plan needs for tiers 1-3, then gives each hours obligation one of its LP sets
whole (largest LP value first), and completes greedily, cheapest hours first;
sessions left below their minimum enrolment are cancelled and the plan built
again (:func:`optimizer.greedy.baseline.keeping_picks`). The caller keeps it
only when it is lexicographically ahead.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from models.obligations import UNIT_RULES
from optimizer.greedy.baseline import Pick, Stop, keeping_picks, never
from optimizer.highs.model import MipModel
from optimizer.highs.variables import chosen_pairs
from optimizer.prepare.data import PlanningData
from optimizer.prepare.overlap import clashes_among
from optimizer.prepare.patterns import minimal_sets
from optimizer.prepare.serving import HOURS_RULES, member_pairs, met_mask, serving_pairs
from optimizer.prepare.tiers import HOURS
from optimizer.prepare.usage import Usage

LP_TINY = 1e-4
"""LP values below this are taken as zero."""
SUPPORT_SETS = 200
"""Most minimal sets listed among the pairs the LP gives an obligation without pattern columns."""


def higher_tier_pairs(data: PlanningData, chosen: np.ndarray, tier: int = HOURS) -> np.ndarray:
    """The chosen pairs that serve an obligation of a tier above ``tier`` that the plan meets."""
    met = met_mask(data, chosen)
    keep = np.zeros(data.num_pairs, dtype=bool)
    for k, item in enumerate(data.obligations):
        if item.tier >= tier or not met[k]:
            continue
        if item.rule in UNIT_RULES:
            for _, pairs in member_pairs(data, item):
                keep[pairs[chosen[pairs]]] = True
        else:
            pairs = serving_pairs(data, k)
            keep[pairs[chosen[pairs]]] = True
    return keep


@dataclass(frozen=True)
class Guide:
    """An LP solution of the hours tier in the numbering of the data it is rounded on."""

    x: np.ndarray
    """Per pair, its LP value (0 for a pair the LP did not have)."""
    met: np.ndarray
    """Per obligation, its LP met value."""
    required: np.ndarray
    """Per obligation, what its row requires (an hours quota's reach)."""
    sets: dict[int, list[tuple[float, list[int]]]]
    """Per obligation with pattern columns, each used set: (LP value, pairs)."""


def guide_of(mip: MipModel, values: np.ndarray, index: np.ndarray | None = None, size: int = 0) -> Guide:
    """The guide of an LP solution of ``mip``; ``index`` maps its pairs to those of a larger data of ``size``
    pairs (the LP was solved over a short list, :mod:`optimizer.prepare.shortlist`)."""
    x = values[mip.v.x]
    owner, z, members = mip.v.patterns
    if index is not None:
        full = np.zeros(size)
        full[index] = x
        x = full
    sets: dict[int, list[tuple[float, list[int]]]] = {}
    for k, column, pairs in zip(owner.tolist(), z.tolist(), members, strict=True):
        if values[column] > LP_TINY:
            mapped = pairs if index is None else index[pairs]
            sets.setdefault(k, []).append((float(values[column]), mapped.tolist()))
    return Guide(x, values[mip.v.met].copy(), mip.v.required.copy(), sets)


def _lp_sets(
    data: PlanningData, guide: Guide, tier: int
) -> list[tuple[float, int, list[tuple[float, int, list[int]]]]]:
    """Per obligation of ``tier``, its LP sets of pairs: (LP value, cost, pairs), largest value first."""
    cost = np.array([o.cost for o in data.offerings], dtype=np.int64)[data.pair_offering]
    hours = np.array([o.offjob_hours for o in data.offerings], dtype=np.int64)[data.pair_offering]
    found = []
    for k, item in enumerate(data.obligations):
        if item.tier != tier or item.rule in UNIT_RULES or guide.met[k] <= LP_TINY:
            continue
        listed = guide.sets.get(k)
        if listed is not None:
            sets = [(value, int(cost[pairs].sum()), pairs) for value, pairs in listed]
        else:  # no pattern columns: the minimal sets of the pairs the LP uses
            sets = _support_sets(data, k, guide.x, hours, cost, int(guide.required[k]))
        found.append((float(guide.met[k]), k, sorted(sets, key=lambda s: (-s[0], s[1]))))
    found.sort(key=lambda entry: (-entry[0], min(s[1] for s in entry[2]) if entry[2] else 0))
    return found


def _support_sets(
    data: PlanningData, k: int, x: np.ndarray, hours: np.ndarray, cost: np.ndarray, required: int
) -> list[tuple[float, int, list[int]]]:
    """Obligation ``k``'s minimal sets among the pairs the LP gives it, each valued at its least used pair."""
    serving = serving_pairs(data, k)
    support = serving[x[serving] > LP_TINY]
    if data.obligations.items[k].rule not in HOURS_RULES:
        return [(float(x[p]), int(cost[p]), [p]) for p in support.tolist()]
    offerings = [data.offerings[o] for o in data.pair_offering[support].tolist()]
    lengths = np.minimum(hours[support], required).tolist()
    found = minimal_sets(lengths, required, clashes_among(offerings), SUPPORT_SETS)
    if not found:
        return []
    chosen = [support[list(s)] for s in found]
    return [(float(x[p].min()), int(cost[p].sum()), p.tolist()) for p in chosen]


def lp_rounded(
    data: PlanningData,
    guide: Guide,
    start: np.ndarray,
    tier: int = HOURS,
    stop: Stop = never,
) -> np.ndarray:
    """A valid plan that keeps ``start``'s service of the tiers above ``tier`` and takes the LP's sets for
    ``tier`` whole, then completes greedily (cheapest hours first)."""
    usage, wanted, have = Usage(data), [], set()
    offerings = data.offerings

    def take(pairs: list[int]) -> bool:
        new = [(int(data.pair_cadre[p]), int(data.pair_offering[p])) for p in pairs]
        new = [pick for pick in new if pick not in have]
        added: list[Pick] = []
        for cadre, offering in new:
            if not usage.fits(cadre, offerings[offering]):
                for c, o in added:
                    usage.remove(c, offerings[o])
                return False
            usage.add(cadre, offerings[offering])
            added.append((cadre, offering))
        wanted.extend(added)
        have.update(added)
        return True

    for cadre, offering in data.pinned:
        if (cadre, offering) not in have and usage.fits(cadre, offerings[offering]):
            usage.add(cadre, offerings[offering])
            wanted.append((cadre, offering))
            have.add((cadre, offering))
    take_each = np.flatnonzero(higher_tier_pairs(data, start, tier)).tolist()
    for pair in take_each:
        take([pair])
    for _, _, sets in _lp_sets(data, guide, tier):
        if stop():
            break
        for _, _, pairs in sets:
            if take(list(pairs)):
                break
    return chosen_pairs(data, keeping_picks(data, wanted, cheap_hours=True, stop=stop))
