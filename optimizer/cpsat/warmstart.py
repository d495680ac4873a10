"""A complete warm start: every variable of the model valued from the chosen pairs.

CP-SAT drops an incomplete or inconsistent hint, so helper variables
(runs, half-empty flags, attendance, obligation indicators) are derived
from the chosen pairs with the same definitions as the constraints
(including, in a neighbourhood, what the fixed cadres already use).
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
from ortools.sat.python import cp_model

from optimizer.cpsat.variables import Variables
from optimizer.prepare.data import PlanningData
from optimizer.prepare.serving import met_mask

Pick = tuple[int, int]


def chosen_of(data: PlanningData, picks: Iterable[Pick]) -> np.ndarray:
    """Bool mask over ``data``'s pairs of the (cadre index, offering index) picks."""
    chosen = np.zeros(data.num_pairs, dtype=bool)
    wanted = np.array(sorted(set(picks)), dtype=np.int64).reshape(-1, 2)
    if not len(wanted):
        return chosen
    width = len(data.offerings)
    codes = data.pair_cadre * width + data.pair_offering
    chosen[np.isin(codes, wanted[:, 0] * width + wanted[:, 1])] = True
    return chosen


def picks_of(data: PlanningData, chosen: np.ndarray) -> set[Pick]:
    return set(zip(data.pair_cadre[chosen].tolist(), data.pair_offering[chosen].tolist(), strict=True))


def values_from_chosen(data: PlanningData, v: Variables, chosen: np.ndarray) -> dict[cp_model.IntVar, int]:
    """Values of every model variable when exactly the pairs in the bool mask ``chosen`` are taken."""
    values: dict[cp_model.IntVar, int] = dict(zip(v.x, chosen.astype(int).tolist(), strict=True))
    enrolled = np.bincount(data.pair_offering[chosen], minlength=len(data.offerings))
    if data.fixed is not None:
        enrolled = enrolled + data.fixed.enrolled
    for o, var in v.filler.items():  # a core model's anonymous cadres: just enough for the minimum enrolment
        short = data.offerings[o].min_enrolment - int(enrolled[o]) if enrolled[o] > 0 else 0
        values[var] = max(0, min(short, int(max(var.proto.domain))))
        enrolled[o] += values[var]
    for o, run in v.run.items():
        is_run = int(enrolled[o] > 0)
        values[run] = is_run
        values[v.half_empty[o]] = int(is_run and enrolled[o] < (data.offerings[o].seats + 1) // 2)
    attending = {
        key: set(data.pair_cadre[chosen & mask[data.pair_offering]].tolist())
        for key, mask in v.attend_kinds.items()
    }
    for (c, key), var in v.attends.items():
        values[var] = int(c in attending[key])
    met = met_mask(data, chosen)
    for k, var in v.met.items():
        values[var] = int(met[k])
    for var in v.groups.values():
        values[var] = 1
    return values


def add_hint(model: cp_model.CpModel, values: dict[cp_model.IntVar, int]) -> None:
    """Replace the model's hint by ``values``, written into the proto at once (add_hint per variable: ~10 us
    each)."""
    model.clear_hints()
    hint = model.proto.solution_hint
    hint.vars.extend(var.index for var in values)
    hint.values.extend(int(value) for value in values.values())
