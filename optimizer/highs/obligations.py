"""The indicators of :mod:`optimizer.cpsat.obligations` as MIP rows: ``met[k]`` only where it is met.

Each rule adds rows ``sum(coef x column) >= required[k] met[k]`` and records
its terms in ``v.indicator``, so that the values of a plan
(:func:`optimizer.highs.model.values_from_pairs`) read met the same way.
"""

from __future__ import annotations

import numpy as np

from models import Rule
from optimizer.highs.rows import Rows
from optimizer.highs.variables import MipVariables
from optimizer.prepare.data import PlanningData
from optimizer.prepare.serving import HOURS_RULES, serving_pairs


def _indicators(rows: Rows, v: MipVariables, k: np.ndarray, col: np.ndarray, coef: np.ndarray) -> None:
    """Rows ``sum(coef x col) - required[k] met[k] >= 0`` for the obligations ``k`` of the terms."""
    owners = np.unique(k)
    local = np.searchsorted(owners, k)
    n = len(owners)
    rows.add(
        np.concatenate([local, np.arange(n)]),
        np.concatenate([col, v.met[owners]]),
        np.concatenate([coef, -v.required[owners]]),
        np.zeros(n),
        np.full(n, np.inf),
    )
    v.indicator.append((k, col, coef))


def obligations_met(rows: Rows, data: PlanningData, v: MipVariables) -> None:
    """A cadre's one-session obligations (R7, R3, R5, R6, R17): met when the cadre takes a serving run."""
    ks, cols = [], []
    for k, item in enumerate(data.obligations):
        if item.rule in HOURS_RULES or item.rule is Rule.R4:
            continue
        chosen = serving_pairs(data, k)
        ks.append(np.full(len(chosen), k, dtype=np.int64))
        cols.append(v.x[chosen])
        v.possible[k] = len(chosen) > 0
    if ks:
        k_all = np.concatenate(ks)
        _indicators(rows, v, k_all, np.concatenate(cols), np.ones(len(k_all)))


def hours_met(rows: Rows, data: PlanningData, v: MipVariables) -> None:
    """R1/R2/R3b: met when the off-job hours of the runs serving it reach the hours owed (R10)."""
    hours = np.array([o.offjob_hours for o in data.offerings], dtype=np.float64)[data.pair_offering]
    owed = [k for k, item in enumerate(data.obligations) if item.rule in HOURS_RULES]
    if not owed:
        return
    pairs = [serving_pairs(data, k) for k in owed]
    k = np.repeat(np.array(owed, dtype=np.int64), [len(p) for p in pairs])
    pair = np.concatenate(pairs).astype(np.int64)
    available = np.bincount(k, weights=hours[pair], minlength=len(data.obligations))
    for obligation in owed:
        v.possible[obligation] = available[obligation] >= v.required[obligation]
    terms = v.possible[k]
    _indicators(rows, v, k[terms], v.x[pair[terms]], hours[pair[terms]])


def team_share(rows: Rows, data: PlanningData, v: MipVariables) -> None:
    """R4: at least ceil(share x team) - (members trained outside) members of each leadership team attend.

    attends[c] <= sum_o x[c, o]; sum of attends >= needed met.
    """
    trained = data.used_outside.team_trained
    ks, members = [], []
    for k, item in enumerate(data.obligations):
        if item.rule is Rule.R4:
            v.required[k] = max(0, item.required - trained.get(item.unit_id or "", 0))
            team = [c for c in data.team_members(item.unit_id or "") if len(data.pairs_by_cadre[c])]
            ks.append(np.full(len(team), k, dtype=np.int64))
            members.append(np.array(team, dtype=np.int64))
    if not ks:
        return
    owner, cadre = np.concatenate(ks), np.concatenate(members)
    for obligation in {k for k, item in enumerate(data.obligations) if item.rule is Rule.R4}:
        v.possible[obligation] = (owner == obligation).sum() >= v.required[obligation]
    _indicators(rows, v, owner, v.attends[cadre], np.ones(len(owner)))
    if len(cadre) == 0:
        return
    pairs = [data.pairs_by_cadre[c] for c in cadre]
    row = np.repeat(np.arange(len(cadre)), [len(p) for p in pairs])
    n = len(cadre)
    rows.add(
        np.concatenate([np.arange(n), row]),
        np.concatenate([v.attends[cadre], v.x[np.concatenate(pairs)]]),
        np.concatenate([np.ones(n), -np.ones(len(row))]),
        np.full(n, -np.inf),
        np.zeros(n),
    )


OBLIGATION_RULES = (obligations_met, hours_met, team_share)
