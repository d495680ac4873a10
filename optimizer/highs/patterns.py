"""The configuration rows of the hours quotas (:mod:`optimizer.prepare.patterns`) as MIP columns and rows.

Per hours obligation with a short list of minimal sets, one column ``z`` per
set and the rows ``met[k] <= sum of its z`` and, per pair of a set,
``sum of the z through it <= x[pair]``. Every plan has values for them (a
met quota holds a minimal set); the LP no longer meets a quota with part of
a session, which is what made the hours tier's LP bound loose.
"""

from __future__ import annotations

import numpy as np

from optimizer.highs.rows import Rows
from optimizer.highs.variables import MipVariables
from optimizer.prepare.data import PlanningData
from optimizer.prepare.overlap import clashes_among
from optimizer.prepare.patterns import minimal_sets
from optimizer.prepare.serving import HOURS_RULES, serving_pairs


def hours_patterns(rows: Rows, data: PlanningData, v: MipVariables) -> None:
    """Pattern columns and rows for every hours obligation whose minimal sets are few and not all single."""
    hours = np.array([o.offjob_hours for o in data.offerings], dtype=np.int64)
    owners, members = [], []  # per pattern: its obligation, and its pairs
    for k, item in enumerate(data.obligations):
        if item.rule not in HOURS_RULES or not v.possible[k]:
            continue
        serving = serving_pairs(data, k)
        offerings = [data.offerings[o] for o in data.pair_offering[serving].tolist()]
        required = int(v.required[k])
        lengths = np.minimum(hours[data.pair_offering[serving]], required).tolist()
        found = minimal_sets(lengths, required, clashes_among(offerings))
        if found is None or all(len(chosen) <= 1 for chosen in found):
            continue
        for chosen in found:
            owners.append(k)
            members.append(serving[list(chosen)])
    if not owners:
        return
    first = len(v.upper)
    z = np.arange(first, first + len(owners), dtype=np.int64)
    v.upper = np.concatenate([v.upper, np.ones(len(owners))])
    owner = np.array(owners, dtype=np.int64)
    # met[k] - sum of k's z <= 0
    groups = np.unique(owner)
    local = np.searchsorted(groups, owner)
    rows.add(
        np.concatenate([np.arange(len(groups)), local]),
        np.concatenate([v.met[groups], z]),
        np.concatenate([np.ones(len(groups)), -np.ones(len(z))]),
        np.full(len(groups), -np.inf),
        np.zeros(len(groups)),
    )
    # per (obligation, pair): sum of the z through the pair - x[pair] <= 0
    sizes = np.array([len(m) for m in members], dtype=np.int64)
    term_z = np.repeat(z, sizes)
    term_pair = np.concatenate(members).astype(np.int64)
    term_owner = np.repeat(owner, sizes)
    keys, row = np.unique(term_owner * max(1, data.num_pairs) + term_pair, return_inverse=True)
    key_pair = keys % max(1, data.num_pairs)
    n = len(keys)
    rows.add(
        np.concatenate([row, np.arange(n)]),
        np.concatenate([term_z, v.x[key_pair]]),
        np.concatenate([np.ones(len(term_z)), -np.ones(n)]),
        np.full(n, -np.inf),
        np.zeros(n),
    )
    v.patterns = (owner, z, members)


def pattern_values(v: MipVariables, chosen: np.ndarray, met: np.ndarray) -> np.ndarray:
    """Per pattern column, 1 for the first minimal set of each met obligation that the plan holds whole."""
    owner, _, members = v.patterns
    values = np.zeros(len(owner))
    done = ~met.astype(bool)
    for position, (k, pairs) in enumerate(zip(owner.tolist(), members, strict=True)):
        if not done[k] and chosen[pairs].all():
            values[position] = 1.0
            done[k] = True
    return values
