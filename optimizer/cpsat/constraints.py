"""The hard rules of the CP-SAT model, one function per rule taking ``(model, data, vars)``.

In a neighbourhood every shared limit (seats, beds, days away, budgets) is
reduced by what the cadres that are not free already use
(``data.used_outside``); in a core model the anonymous fillers
(``data.fillers``) count toward minimum enrolments and take seats, beds and
money. With ``explain`` each constraint is tied to the literal of its group.
"""

from __future__ import annotations

from collections import defaultdict

import numpy as np
from ortools.sat.python import cp_model

from models import Rule
from models.messages import message
from optimizer.cpsat.variables import (
    Group,
    LinearExpr,
    Variables,
    at_most_one,
    clique_dates,
    dates_of,
    total,
)
from optimizer.prepare.data import PlanningData
from optimizer.prepare.serving import serving_pairs


def seats_and_runs(model: cp_model.CpModel, data: PlanningData, v: Variables) -> None:
    """Seats; a session runs with >= max(1, min_enrolment) cadres or is cancelled with none."""
    out = data.used_outside.enrolled
    for offering in data.offerings:
        pairs = data.pairs_by_offering[offering.index]
        if len(pairs) == 0:
            continue
        kept = int(out[offering.index])
        run = model.new_bool_var(f"run{offering.index}")
        half = model.new_bool_var(f"half{offering.index}")
        enrolled = total(v, pairs) + kept
        others = (
            0 if data.fillers is None or offering.min_enrolment <= 1 else int(data.fillers[offering.index])
        )
        if others:
            filler = model.new_int_var(0, min(others, offering.seats), f"filler{offering.index}")
            v.filler[offering.index] = filler
            enrolled += filler
        seats = Group(
            "seats",
            message("subject.seats", session=offering.group_id, n=offering.seats),
            offering.start,
            offering.end,
        )
        v.enforce(model, model.add(enrolled <= min(offering.seats, len(pairs) + kept + others) * run), seats)
        minimum = Group(
            "minimum_enrolment",
            message("subject.minimum", session=offering.group_id, n=max(1, offering.min_enrolment)),
            offering.start,
            offering.end,
        )
        v.enforce(model, model.add(enrolled >= max(1, offering.min_enrolment) * run), minimum)
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
    dates = dates_of(data, data.cliques_all, v.explain)
    offering_of = data.pair_offering.tolist()
    for c in _with_two_pairs(data):
        groups: dict[int, list[int]] = defaultdict(list)
        for p in data.pairs_by_cadre[c].tolist():
            for k in cliques_by_offering.get(offering_of[p], ()):
                groups[k].append(p)
        for members, k in {tuple(g): k for k, g in groups.items() if len(g) > 1}.items():
            first, last = dates[k]
            subject = message("subject.cadre", cadre=data.cadres[c].cadre_id)
            at_most_one(model, v, list(members), Group("no_overlap", subject, first, last))


def _with_two_pairs(data: PlanningData) -> list[int]:
    """The cadres with two or more pairs (in a neighbourhood, a few of the scenario's cadres)."""
    counts = (
        np.bincount(data.pair_cadre, minlength=len(data.cadres))
        if data.num_pairs
        else np.zeros(0, dtype=np.int64)
    )
    return np.flatnonzero(counts >= 2).tolist()


def no_repeat(model: cp_model.CpModel, data: PlanningData, v: Variables) -> None:
    """R8: a cadre takes each course at most once (ledger courses have no variable at all)."""
    course_of = [data.offerings[o].course_id for o in data.pair_offering.tolist()]
    for c in _with_two_pairs(data):
        by_course: dict[str, list[int]] = defaultdict(list)
        for p in data.pairs_by_cadre[c].tolist():
            by_course[course_of[p]].append(p)
        for course_id, group in by_course.items():
            if len(group) > 1:
                subject = message("subject.cadre_course", cadre=data.cadres[c].cadre_id, course=course_id)
                at_most_one(model, v, group, Group("no_repeat", subject))


def beds(model: cp_model.CpModel, data: PlanningData, v: Variables) -> None:
    """R11: per institution and day, cadres in its residential sessions <= beds."""
    limit = {i.institution_id: i.beds for i in data.scenario.institutions if i.beds is not None}
    kept = data.used_outside.beds
    for institution_id, cliques in data.cliques_beds.items():
        for k, clique in enumerate(cliques):
            pairs = [int(p) for o in clique for p in data.pairs_by_offering[o]]
            fillers = [v.filler[o] for o in sorted(clique) if o in v.filler]
            room = limit[institution_id] - kept.get((institution_id, k), 0)
            if len(pairs) > room or fillers:
                first, last = clique_dates(data, clique) if v.explain else (None, None)
                group = Group(
                    "beds",
                    message("subject.beds", institution=institution_id, n=limit[institution_id]),
                    first,
                    last,
                )
                v.enforce(model, model.add(total(v, pairs) + LinearExpr.sum(fillers) <= room), group)


def staggered_release(model: cp_model.CpModel, data: PlanningData, v: Variables) -> None:
    """R9: per unit and day, cadres away <= max(1, floor(share x headcount)).

    One row per unit and maximal clique of off-job sessions: a cadre is in
    at most one session of a clique, so the sum counts cadres away that day.
    """
    scenario = data.scenario
    kept = data.used_outside.away
    unit_of_pair = np.array([c.unit_id for c in data.cadres], dtype=object)[data.pair_cadre]
    in_clique = defaultdict(list)
    for k, clique in enumerate(data.cliques_offjob):
        for o in clique:
            in_clique[o].append(k)
    rows: dict[tuple[str, int], list[int]] = defaultdict(list)
    for p, (unit_id, o) in enumerate(zip(unit_of_pair.tolist(), data.pair_offering.tolist(), strict=True)):
        for k in in_clique.get(o, ()):
            rows[(unit_id, k)].append(p)
    dates = dates_of(data, data.cliques_offjob, v.explain)
    for (unit_id, k), pairs in rows.items():
        room = scenario.away_cap(unit_id) - kept.get((unit_id, k), 0)
        if len({int(data.pair_cadre[p]) for p in pairs}) > room:
            first, last = dates[k]
            group = Group(
                "release_cap",
                message("subject.release", unit=unit_id, n=scenario.away_cap(unit_id)),
                first,
                last,
            )
            v.enforce(model, model.add(total(v, pairs) <= room), group)


def budget(model: cp_model.CpModel, data: PlanningData, v: Variables) -> None:
    """R14: sum of cost per head <= the total budget, and per unit where a unit budget is given."""
    fixed = data.used_outside
    costs = [data.offerings[o].cost for o in data.pair_offering.tolist()]
    filler_costs = [data.offerings[o].cost for o in v.filler]
    v.cost = LinearExpr.weighted_sum([*v.x, *v.filler.values()], [*costs, *filler_costs]) if v.x else 0
    fillers = data.fillers if data.fillers is not None else np.zeros(len(data.offerings), dtype=np.int64)
    most = (
        sum(costs) + sum(c * int(fillers[o]) for c, o in zip(filler_costs, v.filler, strict=True))
        if v.filler
        else sum(costs)
    )
    total = data.scenario.budget_total
    if total is not None and most > total - fixed.spent:
        v.enforce(
            model,
            model.add(v.cost <= total - fixed.spent),
            Group("budget", message("subject.budget", total=total)),
        )
    by_unit: dict[str, list[int]] = defaultdict(list)
    for p, c in enumerate(data.pair_cadre.tolist()):
        by_unit[data.cadres[c].unit_id].append(p)
    for unit in data.scenario.units:
        pairs = by_unit.get(unit.unit_id, [])
        if unit.budget is None or not pairs:
            continue
        room = unit.budget - fixed.unit_spent.get(unit.unit_id, 0)
        if sum(costs[p] for p in pairs) > room:
            spend = LinearExpr.weighted_sum([v.x[p] for p in pairs], [costs[p] for p in pairs])
            v.enforce(
                model,
                model.add(spend <= room),
                Group("unit_budget", message("subject.unit_budget", unit=unit.unit_id, budget=unit.budget)),
            )


def pins(model: cp_model.CpModel, data: PlanningData, v: Variables) -> None:
    """Confirmed assignments: x[c, o] = 1 for every pin (an impossible pin makes the model infeasible)."""
    wanted = set(data.pinned)
    for p, pair in enumerate(zip(data.pair_cadre.tolist(), data.pair_offering.tolist(), strict=True)):
        if pair in wanted:
            cadre_id, group_id = data.cadres[pair[0]].cadre_id, data.offerings[pair[1]].group_id
            subject = message("subject.pin", cadre=cadre_id, session=group_id)
            v.enforce(model, model.add(v.x[p] == 1), Group("pinned", subject))
    if data.pin_problems:
        model.add_bool_or([])  # false: the explanation is in data.pin_problems


def strict_summons(model: cp_model.CpModel, data: PlanningData, v: Variables) -> None:
    """R7 as a hard rule when asked (``strict_summons``): a summoned cadre attends a session of the course."""
    if not v.strict_summons:
        return
    for k, item in enumerate(data.obligations):
        if item.rule is not Rule.R7:
            continue
        pairs = serving_pairs(data, k).tolist()
        subject = message("subject.summons", cadre=item.cadre_id or "", course=item.course_id or "")
        group = Group("named_summons", subject)
        if pairs:
            v.enforce(model, model.add(total(v, pairs) >= 1), group)
        else:
            v.enforce(model, model.add_bool_or([]), group)


HARD_RULES = (seats_and_runs, no_overlap, no_repeat, beds, staggered_release, budget, pins, strict_summons)
