"""The obligations of the CP-SAT model: one indicator ``met[k]`` per obligation, one function per rule."""

from __future__ import annotations

from ortools.sat.python import cp_model

from models import Rule
from optimizer.cpsat.variables import LinearExpr, Variables, total
from optimizer.prepare.data import PlanningData
from optimizer.prepare.serving import HOURS_RULES, serving_pairs


def _indicator(model: cp_model.CpModel, v: Variables, k: int, pairs: list[int], name: str) -> None:
    met = model.new_bool_var(f"{name}{k}")
    if pairs:
        model.add(met <= total(v, pairs))
    else:
        model.add(met == 0)
    v.met[k] = met


def obligations_met(model: cp_model.CpModel, data: PlanningData, v: Variables) -> None:
    """A cadre's one-session obligations (R7, R3, R5, R6, R17): met when the cadre takes a serving run."""
    for k, item in enumerate(data.obligations):
        if item.rule in HOURS_RULES or item.rule is Rule.R4:
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
        if sum(hours) >= item.required:
            model.add(LinearExpr.weighted_sum([v.x[p] for p in pairs], hours) >= item.required * met)
        else:
            model.add(met == 0)
        v.met[k] = met


def team_share(model: cp_model.CpModel, data: PlanningData, v: Variables) -> None:
    """R4: at least ceil(share x team) members of each leadership team attend a session."""
    trained = data.used_outside.team_trained
    for k, item in enumerate(data.obligations):
        if item.rule is not Rule.R4:
            continue
        attends = []
        for c in data.team_members(item.unit_id or ""):
            pairs = data.pairs_by_cadre[c]
            if len(pairs) == 0:
                continue
            if c not in v.attends:
                v.attends[c] = model.new_bool_var(f"att{c}")
                model.add(v.attends[c] <= total(v, pairs))
            attends.append(v.attends[c])
        met = model.new_bool_var(f"R4_{k}")
        needed = max(0, item.required - trained.get(item.unit_id or "", 0))
        model.add(LinearExpr.sum(attends) >= needed * met)
        v.met[k] = met


OBLIGATION_RULES = (obligations_met, hours_met, team_share)
