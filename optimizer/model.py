"""The CP-SAT model: one function per rule, taking ``(model, data, vars)``.

Hard rules are constraints. Eligibility (audience, R8 courses already in
the ledger) and unavailability are structural: a variable exists only for
an eligible pair (:mod:`optimizer.data`). Segments (R15) are structural too:
one variable covers every segment of a run. Obligations (R1-R7) are
indicator variables ``met``; :mod:`optimizer.objective` weighs them.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

import numpy as np
from ortools.sat.python import cp_model

from models import Obligation, Rule
from optimizer.data import PlanningData

LinearExpr = cp_model.LinearExpr


@dataclass
class Variables:
    """The model's variables; ``met[k]`` is the indicator of obligation ``k`` of ``data.obligations``."""

    x: list[cp_model.IntVar]
    run: dict[int, cp_model.IntVar] = field(default_factory=dict)
    half_empty: dict[int, cp_model.IntVar] = field(default_factory=dict)
    attends: dict[int, cp_model.IntVar] = field(default_factory=dict)
    met: dict[int, cp_model.IntVar] = field(default_factory=dict)
    cost: LinearExpr | int = 0


def build_model(data: PlanningData) -> tuple[cp_model.CpModel, Variables]:
    """The full model: every hard rule and an indicator per obligation (no objective yet)."""
    model = cp_model.CpModel()
    x = [model.new_bool_var(f"x{p}") for p in range(data.num_pairs)]
    variables = Variables(x=x)
    for rule in HARD_RULES:
        rule(model, data, variables)
    for rule in OBLIGATION_RULES:
        rule(model, data, variables)
    return model, variables


def _sum(variables: Variables, pairs: np.ndarray | list[int]) -> LinearExpr:
    return LinearExpr.sum([variables.x[p] for p in pairs])


def seats_and_runs(model: cp_model.CpModel, data: PlanningData, v: Variables) -> None:
    """Seats; a session runs with >= max(1, min_enrolment) cadres or is cancelled with none."""
    for offering in data.offerings:
        pairs = data.pairs_by_offering[offering.index]
        if len(pairs) == 0:
            continue
        run = model.new_bool_var(f"run{offering.index}")
        half = model.new_bool_var(f"half{offering.index}")
        enrolled = _sum(v, pairs)
        model.add(enrolled <= min(offering.seats, len(pairs)) * run)
        model.add(enrolled >= max(1, offering.min_enrolment) * run)
        # half_empty is 1 when a run session has fewer than half its seats taken.
        model.add(enrolled >= ((offering.seats + 1) // 2) * (run - half))
        model.add(half <= run)
        v.run[offering.index], v.half_empty[offering.index] = run, half


def no_overlap(model: cp_model.CpModel, data: PlanningData, v: Variables) -> None:
    """R8: sum of x[c, o] over o in each maximal clique of overlapping sessions <= 1."""
    cliques_by_offering: dict[int, list[int]] = defaultdict(list)
    for k, clique in enumerate(data.cliques_all):
        for o in clique:
            cliques_by_offering[o].append(k)
    for pairs in data.pairs_by_cadre:
        groups: dict[int, list[int]] = defaultdict(list)
        for p in pairs:
            for k in cliques_by_offering.get(int(data.pair_offering[p]), ()):
                groups[k].append(int(p))
        for group in {tuple(g) for g in groups.values() if len(g) > 1}:
            model.add_at_most_one(v.x[p] for p in group)


def no_repeat(model: cp_model.CpModel, data: PlanningData, v: Variables) -> None:
    """R8: a cadre takes each course at most once (ledger courses have no variable at all)."""
    for pairs in data.pairs_by_cadre:
        by_course: dict[str, list[int]] = defaultdict(list)
        for p in pairs:
            by_course[data.offerings[int(data.pair_offering[p])].course_id].append(int(p))
        for group in by_course.values():
            if len(group) > 1:
                model.add_at_most_one(v.x[p] for p in group)


def beds(model: cp_model.CpModel, data: PlanningData, v: Variables) -> None:
    """R11: per institution and day, cadres in its residential sessions <= beds."""
    limit = {i.institution_id: i.beds for i in data.scenario.institutions if i.beds is not None}
    for institution_id, cliques in data.cliques_beds.items():
        for clique in cliques:
            pairs = [int(p) for o in clique for p in data.pairs_by_offering[o]]
            if len(pairs) > limit[institution_id]:
                model.add(_sum(v, pairs) <= limit[institution_id])


def staggered_release(model: cp_model.CpModel, data: PlanningData, v: Variables) -> None:
    """R9: per unit and day, cadres away <= max(1, floor(share x headcount)).

    One row per unit and maximal clique of off-job sessions: a cadre is in
    at most one session of a clique, so the sum counts cadres away that day.
    """
    scenario = data.scenario
    unit_of_pair = np.array([c.unit_id for c in data.cadres], dtype=object)[data.pair_cadre]
    in_clique = defaultdict(list)
    for k, clique in enumerate(data.cliques_offjob):
        for o in clique:
            in_clique[o].append(k)
    rows: dict[tuple[str, int], list[int]] = defaultdict(list)
    for p in range(data.num_pairs):
        for k in in_clique.get(int(data.pair_offering[p]), ()):
            rows[(unit_of_pair[p], k)].append(p)
    for (unit_id, _), pairs in rows.items():
        cap = scenario.away_cap(unit_id)
        if len({int(data.pair_cadre[p]) for p in pairs}) > cap:
            model.add(_sum(v, pairs) <= cap)


def budget(model: cp_model.CpModel, data: PlanningData, v: Variables) -> None:
    """R14: sum of cost per head <= the total budget, and per unit where a unit budget is given."""
    costs = [data.offerings[int(o)].cost for o in data.pair_offering]
    v.cost = LinearExpr.weighted_sum(v.x, costs) if v.x else 0
    total = data.scenario.budget_total
    if total is not None and sum(costs) > total:
        model.add(v.cost <= total)
    by_unit: dict[str, list[int]] = defaultdict(list)
    for p, c in enumerate(data.pair_cadre):
        by_unit[data.cadres[int(c)].unit_id].append(p)
    for unit in data.scenario.units:
        pairs = by_unit.get(unit.unit_id, [])
        if unit.budget is not None and sum(costs[p] for p in pairs) > unit.budget:
            model.add(LinearExpr.weighted_sum([v.x[p] for p in pairs], [costs[p] for p in pairs]) <= unit.budget)


def pins(model: cp_model.CpModel, data: PlanningData, v: Variables) -> None:
    """Confirmed assignments: x[c, o] = 1 for every pin (an impossible pin makes the model infeasible)."""
    wanted = set(data.pinned)
    for p, pair in enumerate(zip(data.pair_cadre.tolist(), data.pair_offering.tolist())):
        if pair in wanted:
            model.add(v.x[p] == 1)
    if data.pin_problems:
        model.add_bool_or([])  # false: the explanation is in data.pin_problems


HARD_RULES = (seats_and_runs, no_overlap, no_repeat, beds, staggered_release, budget, pins)


def _indicator(model: cp_model.CpModel, v: Variables, k: int, pairs: list[int], name: str) -> None:
    met = model.new_bool_var(f"{name}{k}")
    if pairs:
        model.add(met <= _sum(v, pairs))
    else:
        model.add(met == 0)
    v.met[k] = met


def obligations_met(model: cp_model.CpModel, data: PlanningData, v: Variables) -> None:
    """R7: a session of the summoned course; R3/R5: a systematic session; R6: one ending by the deadline."""
    for k, item in enumerate(data.obligations):
        if item.rule in (Rule.R1, Rule.R2, Rule.R4):
            continue
        pairs = data.pairs_of(item.cadre_id or "")
        offerings = [data.offerings[int(data.pair_offering[p])] for p in pairs]
        if item.rule is Rule.R7:
            chosen = [int(p) for p, o in zip(pairs, offerings) if o.course_id == item.course_id]
        else:
            deadline = item.deadline
            chosen = [
                int(p) for p, o in zip(pairs, offerings) if o.systematic and (deadline is None or o.end <= deadline)
            ]
        _indicator(model, v, k, chosen, item.rule.value)


def hours_met(model: cp_model.CpModel, data: PlanningData, v: Variables) -> None:
    """R1/R2: met when planned off-job hours >= hours owed (R10: online counts 0)."""
    for k, item in enumerate(data.obligations):
        if item.rule not in (Rule.R1, Rule.R2):
            continue
        pairs = [int(p) for p in data.pairs_of(item.cadre_id or "")]
        hours = [data.offerings[int(data.pair_offering[p])].offjob_hours for p in pairs]
        met = model.new_bool_var(f"{item.rule.value}{k}")
        if sum(hours) >= item.required:
            model.add(LinearExpr.weighted_sum([v.x[p] for p in pairs], hours) >= item.required * met)
        else:
            model.add(met == 0)
        v.met[k] = met


def team_share(model: cp_model.CpModel, data: PlanningData, v: Variables) -> None:
    """R4: at least ceil(share x team) members of each leadership team attend a session."""
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
                model.add(v.attends[c] <= _sum(v, pairs))
            attends.append(v.attends[c])
        met = model.new_bool_var(f"R4_{k}")
        model.add(LinearExpr.sum(attends) >= item.required * met)
        v.met[k] = met


OBLIGATION_RULES = (obligations_met, hours_met, team_share)
