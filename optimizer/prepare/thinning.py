"""When the eligible pairs would not fit in memory: each cadre keeps only its most useful runs.

The memory guard (:mod:`optimizer.control.memory`) knows, before any pair
exists, how many candidate pairs a scenario has. Above the limit a plan is
still made, on fewer pairs: every group of cadres with the same audience and
the same rules owed keeps the same number of runs at most, the cap chosen
as high as the limit allows. The rules a group owes take turns, highest
tier first (remedial training before the systematic course before the
hours), each keeping its next cheapest run per off-job hour, so that every
rule keeps some runs. Runs of a summoned course are always kept (they are
added after thinning).

Any plan on the kept pairs is a plan of the whole scenario; bounds found on
them are not bounds of the whole, so the solve reports each tier against
what is owed (:attr:`optimizer.prepare.data.PlanningData.thinned`).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from models import Rule
from models.obligations import TIER_BY_RULE
from optimizer.prepare.offerings import Offering

FILL = 0.95
"""Share of the limit the thinned candidates may take: the summoned runs and the pins come on top."""


@dataclass(frozen=True)
class Thinned:
    """What thinning did: the candidates there were, the limit, and the runs a cadre kept at most."""

    candidates: int
    limit: int
    per_cadre: int

    def summary(self) -> dict[str, object]:
        return {
            "candidate_pairs": self.candidates,
            "limit_pairs": self.limit,
            "runs_per_cadre": self.per_cadre,
            "bounds": "the owed counts: bounds found on the kept pairs do not hold for the whole scenario",
        }


def thin(
    group_of: np.ndarray,
    members: list[np.ndarray],
    rules: list[frozenset[Rule]],
    useful: list[set[Rule]],
    offerings: tuple[Offering, ...],
    limit: int,
) -> tuple[np.ndarray, list[np.ndarray], int] | None:
    """Each group's runs (``members[g]``, for the group's owed ``rules[g]``) cut to one cap, the highest
    that keeps the candidates within :data:`FILL` of ``limit``: the new group of each cadre, each new
    group's runs, the cap. ``None``: not even one run a cadre fits.

    A group cut down is split into shards (its cadres in turn): all keep the first half of the cap in
    the group's order of use (:func:`_ranked`), each shard another slice of the rest, so that the cadres
    of a group do not all crowd into the same runs.
    """
    sizes = np.bincount(group_of, minlength=len(members))
    lengths = np.array([len(m) for m in members], dtype=np.int64)
    room = int(FILL * limit)
    if int(np.minimum(lengths, 1) @ sizes) > room:
        return None
    low, high = 1, max(1, int(lengths.max(initial=1)))
    while low < high:  # the largest cap whose candidates fit
        cap = (low + high + 1) // 2
        if int(np.minimum(lengths, cap) @ sizes) <= room:
            low = cap
        else:
            high = cap - 1
    cap, shared = low, low - low // 2
    new_group = np.empty_like(group_of)
    kept: list[np.ndarray] = []
    for g, (runs, owed) in enumerate(zip(members, rules, strict=True)):
        cadres = np.flatnonzero(group_of == g) if len(runs) > cap else None
        if cadres is None:
            new_group[group_of == g] = len(kept)
            kept.append(runs)
            continue
        ranked = _ranked(runs, owed, useful, offerings)
        rest = ranked[shared:]
        step = cap - shared  # 0 at one run a cadre: every cadre of the group keeps the same first run
        shards = max(1, min(len(cadres), -(-len(rest) // step))) if step else 1
        for shard in range(shards):
            window = [rest[(shard * step + k) % len(rest)] for k in range(step)]
            new_group[cadres[shard::shards]] = len(kept)
            kept.append(np.array(sorted(set(ranked[:shared] + window)), dtype=runs.dtype))
    return new_group, kept, cap


def _ranked(
    runs: np.ndarray, owed: frozenset[Rule], useful: list[set[Rule]], offerings: tuple[Offering, ...]
) -> list[int]:
    """``runs`` in the order a group owing ``owed`` keeps them.

    The owed rules take turns, highest tier first and among a tier the one with the fewest serving runs
    (a systematic course before "any run" of a team share); each turn keeps the rule's next run, the
    cheapest per off-job hour, then the earliest. Runs serving no owed rule come last.
    """
    ordered = sorted(runs.tolist(), key=lambda o: _cheap_first(offerings[o]))
    turns = []
    for rule in sorted(owed, key=lambda r: r.value):
        serving = [o for o in ordered if rule in useful[o]]
        if serving:
            turns.append((TIER_BY_RULE[rule], len(serving), rule.value, serving))
    lists = [serving for *_, serving in sorted(turns)]
    lists.append(ordered)  # then whatever is left, for the minimum enrolments
    kept: dict[int, None] = {}
    at = [0] * len(lists)
    while len(kept) < len(ordered):
        for k, serving in enumerate(lists):
            while at[k] < len(serving) and serving[at[k]] in kept:
                at[k] += 1
            if at[k] < len(serving):
                kept[serving[at[k]]] = None
    return list(kept)


def _cheap_first(offering: Offering) -> tuple[float, int, int]:
    per_hour = offering.cost / offering.offjob_hours if offering.offjob_hours > 0 else float("inf")
    return (per_hour, offering.start.toordinal(), offering.index)
