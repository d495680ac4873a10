"""A complete warm start: every variable of the model valued from a set of picks.

CP-SAT drops an incomplete or inconsistent hint, so helper variables
(runs, half-empty flags, attendance, obligation indicators) are derived
from the chosen pairs with the same definitions as the constraints.
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
from ortools.sat.python import cp_model

from models import Rule
from optimizer.data import PlanningData
from optimizer.model import Variables

Pick = tuple[int, int]


def values_from_picks(data: PlanningData, v: Variables, picks: Iterable[Pick]) -> dict[cp_model.IntVar, int]:
    """Values of every model variable for the plan made of ``picks``."""
    chosen = set(picks)
    x_values = np.fromiter(
        ((int(c), int(o)) in chosen for c, o in zip(data.pair_cadre, data.pair_offering)),
        dtype=bool,
        count=data.num_pairs,
    )
    values: dict[cp_model.IntVar, int] = {var: int(x_values[p]) for p, var in enumerate(v.x)}
    enrolled = np.bincount(data.pair_offering[x_values], minlength=len(data.offerings))
    for o, run in v.run.items():
        is_run = int(enrolled[o] > 0)
        values[run] = is_run
        values[v.half_empty[o]] = int(is_run and enrolled[o] < (data.offerings[o].seats + 1) // 2)
    attending = set(data.pair_cadre[x_values].tolist())
    for c, var in v.attends.items():
        values[var] = int(c in attending)
    for k, var in v.met.items():
        values[var] = _met(data, x_values, k, attending)
    return values


def _met(data: PlanningData, x_values: np.ndarray, k: int, attending: set[int]) -> int:
    item = data.obligations.items[k]
    if item.rule is Rule.R4:
        members = data.team_members(item.unit_id or "")
        return int(sum(m in attending for m in members) >= item.required)
    pairs = data.pairs_of(item.cadre_id or "")
    offerings = [data.offerings[int(data.pair_offering[p])] for p in pairs if x_values[p]]
    if item.rule in (Rule.R1, Rule.R2):
        return int(sum(o.offjob_hours for o in offerings) >= item.required)
    if item.rule is Rule.R7:
        return int(any(o.course_id == item.course_id for o in offerings))
    return int(any(o.systematic and (item.deadline is None or o.end <= item.deadline) for o in offerings))


def add_hint(model: cp_model.CpModel, values: dict[cp_model.IntVar, int]) -> None:
    model.clear_hints()
    for var, value in values.items():
        model.add_hint(var, value)
