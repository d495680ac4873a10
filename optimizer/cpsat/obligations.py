"""The obligations of the CP-SAT model: one indicator ``met[k]`` per obligation, one function per kind."""

from __future__ import annotations

import numpy as np
from ortools.sat.python import cp_model

from models.obligations import UNIT_RULES
from models.serving import serve_key
from optimizer.cpsat.variables import LinearExpr, Variables, total
from optimizer.prepare.data import PlanningData
from optimizer.prepare.reach import reach
from optimizer.prepare.serving import (
    HOURS_RULES,
    SUMMED_RULES,
    member_pairs,
    needed,
    pair_gives,
    serving_pairs,
)


def _indicator(model: cp_model.CpModel, v: Variables, k: int, pairs: list[int], name: str) -> None:
    met = model.new_bool_var(f"{name}{k}")
    if pairs:
        model.add(met <= total(v, pairs))
    else:
        model.add(met == 0)
    v.met[k] = met


def obligations_met(model: cp_model.CpModel, data: PlanningData, v: Variables) -> None:
    """A cadre's one-session obligations (R7, R3, R5, R6, R6b, R17): met when it takes a serving run."""
    for k, item in enumerate(data.obligations):
        if item.rule in HOURS_RULES or item.rule in UNIT_RULES:
            continue
        chosen = serving_pairs(data, k).tolist()
        _indicator(model, v, k, chosen, item.rule.value)


def hours_met(model: cp_model.CpModel, data: PlanningData, v: Variables) -> None:
    """R1/R2/R3b: met when the off-job hours of the runs serving it reach the hours owed (R10)."""
    for k, item in enumerate(data.obligations):
        if item.rule not in HOURS_RULES:
            continue
        pairs = serving_pairs(data, k).tolist()
        hours = [data.offerings[int(data.pair_offering[p])].offjob_hours for p in pairs]
        met = model.new_bool_var(f"{item.rule.value}{k}")
        least = reach(hours, item.required)
        if least is not None:
            capped = [min(h, least) for h in hours]
            model.add(LinearExpr.weighted_sum([v.x[p] for p in pairs], capped) >= least * met)
        else:
            model.add(met == 0)
        v.met[k] = met


def _attends(model: cp_model.CpModel, data: PlanningData, v: Variables, k: int) -> list[cp_model.IntVar]:
    """Per member with a serving run, a literal "attends a run serving obligation ``k``" (shared by kind)."""
    item = data.obligations.items[k]
    key = serve_key(item)
    v.attend_kinds.setdefault(key, data.offering_mask(item))
    found = []
    for member, pairs in member_pairs(data, item):
        var = v.attends.get((member, key))
        if var is None:
            var = model.new_bool_var(f"att{member}")
            model.add(var <= total(v, pairs))
            v.attends[(member, key)] = var
        found.append(var)
    return found


def unit_met(model: cp_model.CpModel, data: PlanningData, v: Variables) -> None:
    """A unit's obligations (R4, R16, R12): met when its members give what it still needs.

    Counted (R4, R16, the R12 rates): members attending a serving run;
    summed (R12.hours, R12.online): the hours of its members' serving runs.
    In a neighbourhood, what the fixed members give is already subtracted.
    """
    for k, item in enumerate(data.obligations):
        if item.rule not in UNIT_RULES:
            continue
        met = model.new_bool_var(f"{item.rule.value}_{k}")
        v.met[k] = met
        owed = needed(data, item)
        if owed <= 0:
            continue
        if item.rule in SUMMED_RULES:
            served = [pairs for _, pairs in member_pairs(data, item)]
            pairs = np.concatenate(served) if served else np.zeros(0, dtype=np.int64)
            gives = pair_gives(data, item, pairs).tolist()
            terms = LinearExpr.weighted_sum([v.x[p] for p in pairs.tolist()], gives)
        else:
            literals = _attends(model, data, v, k)
            terms = LinearExpr.sum(literals)
            gives = [1] * len(literals)
        if sum(gives) >= owed:
            model.add(terms >= owed * met)
        else:
            model.add(met == 0)


OBLIGATION_RULES = (obligations_met, hours_met, unit_met)
