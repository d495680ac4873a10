"""The indicators of :mod:`optimizer.cpsat.obligations` as MIP rows: ``met[k]`` only where it is met.

Each rule adds rows ``sum(coef x column) >= required[k] met[k]`` and records
its terms in ``v.indicator``, so that the values of a plan
(:func:`optimizer.highs.model.values_from_pairs`) read met the same way.
"""

from __future__ import annotations

import numpy as np

from models.obligations import UNIT_RULES
from models.serving import COUNTED_RULES, serve_key
from optimizer.highs.patterns import hours_patterns
from optimizer.highs.rows import Rows
from optimizer.highs.variables import MipVariables
from optimizer.prepare.data import PlanningData
from optimizer.prepare.reach import reach
from optimizer.prepare.serving import HOURS_RULES, member_pairs, needed, pair_gives, serving_pairs


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
        if item.rule in HOURS_RULES or item.rule in UNIT_RULES:
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
    for obligation, serving in zip(owed, pairs, strict=True):
        least = reach(hours[serving].astype(np.int64).tolist(), int(v.required[obligation]))
        v.possible[obligation] = least is not None
        if least is not None:
            v.required[obligation] = least  # the same integer row, a tighter LP (optimizer.prepare.reach)
    terms = v.possible[k]
    _indicators(rows, v, k[terms], v.x[pair[terms]], _capped(hours[pair[terms]], v.required[k[terms]]))


def _capped(coef: np.ndarray, required: np.ndarray) -> np.ndarray:
    """Each term's coefficient capped at what its row requires: the same integer rows (one term at the
    cap meets the row alone either way), a tighter LP (a fraction of a long session no longer meets a
    short quota at a fraction of its cost)."""
    return np.minimum(coef, required)


def unit_met(rows: Rows, data: PlanningData, v: MipVariables) -> None:
    """A unit's obligations (R4, R16, R12): what its members give reaches what it still needs.

    Counted (R4, R16, the R12 rates): ``attends[c] <= sum of c's serving x``
    and the members' ``attends`` sum to at least ``needed met``; summed
    (R12.hours, R12.online): the hours of the members' serving pairs do.
    """
    ks, cols, coefs = [], [], []
    for k, item in enumerate(data.obligations):
        if item.rule not in UNIT_RULES:
            continue
        v.required[k] = max(0, needed(data, item))
        served = member_pairs(data, item)
        if item.rule in COUNTED_RULES:
            column = v.attends[serve_key(item)][[member for member, _ in served]]
            coef = np.ones(len(column))
        else:
            pairs = np.concatenate([p for _, p in served]) if served else np.zeros(0, dtype=np.int64)
            column, coef = v.x[pairs], pair_gives(data, item, pairs).astype(np.float64)
            coef = _capped(coef, np.full(len(coef), v.required[k]))
        v.possible[k] = coef.sum() >= v.required[k]
        ks.append(np.full(len(column), k, dtype=np.int64))
        cols.append(column)
        coefs.append(coef)
    if ks:
        _indicators(rows, v, np.concatenate(ks), np.concatenate(cols), np.concatenate(coefs))
    for key, columns in v.attends.items():
        _attend_rows(rows, data, columns, v.x, v.attend_kinds[key])


def _attend_rows(
    rows: Rows, data: PlanningData, attends: np.ndarray, x: np.ndarray, mask: np.ndarray
) -> None:
    """``attends[c] - sum of c's pairs of the kind <= 0`` for every cadre with an ``attends`` column."""
    cadre = np.flatnonzero(attends >= 0)
    if len(cadre) == 0:
        return
    pairs = [p[mask[data.pair_offering[p]]] for p in (data.pairs_by_cadre[c] for c in cadre.tolist())]
    row = np.repeat(np.arange(len(cadre)), [len(p) for p in pairs])
    n = len(cadre)
    rows.add(
        np.concatenate([np.arange(n), row]),
        np.concatenate([attends[cadre], x[np.concatenate(pairs)]]),
        np.concatenate([np.ones(n), -np.ones(len(row))]),
        np.full(n, -np.inf),
        np.zeros(n),
    )


OBLIGATION_RULES = (obligations_met, hours_met, hours_patterns, unit_met)
