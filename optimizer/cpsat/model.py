"""The CP-SAT model: one function per rule, taking ``(model, data, vars)``.

Hard rules are constraints. Eligibility (audience, R8 courses already in
the ledger) and unavailability are structural: a variable exists only for
an eligible pair (:mod:`optimizer.prepare.data`). Segments (R15) are structural too:
one variable covers every segment of a run. Obligations (R1-R7) are
indicator variables ``met``; :mod:`optimizer.cpsat.objective` weighs them.

In a neighbourhood (``data.fixed``) every shared limit (seats, beds, days
away, budgets, team members trained) is reduced by what the cadres that are
not free already use.

With ``explain=True`` every hard-rule constraint is enforced by the literal
of its rule group (:class:`Group`: one session's seats, one unit's release
cap on some dates, one pin...), so that an infeasible model can be asked for
a small set of groups that contradict each other (:mod:`optimizer.diagnose.conflicts`).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta

import numpy as np
from ortools.sat.python import cp_model

from models import Rule
from optimizer.prepare.data import PlanningData
from optimizer.prepare.serving import serving_pairs

LinearExpr = cp_model.LinearExpr


@dataclass(frozen=True, order=True)
class Group:
    """A group of hard-rule constraints named in planner terms: rule, who or what, and dates."""

    rule: str
    subject: str
    first: date | None = None
    last: date | None = None

    def __str__(self) -> str:
        dates = ""
        if self.first is not None and self.last is not None:
            dates = (
                f" on {self.first.isoformat()}"
                if self.first == self.last
                else (f" from {self.first.isoformat()} to {self.last.isoformat()}")
            )
        return f"{self.rule} {self.subject}{dates}"


@dataclass
class Variables:
    """The model's variables; ``met[k]`` is the indicator of obligation ``k`` of ``data.obligations``."""

    x: list[cp_model.IntVar]
    run: dict[int, cp_model.IntVar] = field(default_factory=dict)
    half_empty: dict[int, cp_model.IntVar] = field(default_factory=dict)
    attends: dict[int, cp_model.IntVar] = field(default_factory=dict)
    met: dict[int, cp_model.IntVar] = field(default_factory=dict)
    filler: dict[int, cp_model.IntVar] = field(default_factory=dict)
    """In a core model: per offering needing a minimum enrolment, the cadres outside the model sitting in it."""
    cost: LinearExpr | int = 0
    explain: bool = False
    strict_summons: bool = False
    """Named summons (R7) are hard: a summoned cadre must attend a session of the course."""
    groups: dict[Group, cp_model.IntVar] = field(default_factory=dict)
    """With ``explain``: the enforcement literal of each hard-rule group."""

    def enforce(self, model: cp_model.CpModel, constraint: cp_model.Constraint, group: Group) -> None:
        """Tie ``constraint`` to its group's literal (explain mode only)."""
        if not self.explain:
            return
        if group not in self.groups:
            self.groups[group] = model.new_bool_var(f"group:{group}")
        constraint.only_enforce_if(self.groups[group])


def build_model(
    data: PlanningData, explain: bool = False, strict_summons: bool = False
) -> tuple[cp_model.CpModel, Variables]:
    """The full model: every hard rule and an indicator per obligation (no objective yet)."""
    model = cp_model.CpModel()
    x = [model.new_bool_var(f"x{p}") for p in range(data.num_pairs)]
    variables = Variables(x=x, explain=explain, strict_summons=strict_summons)
    for rule in HARD_RULES:
        rule(model, data, variables)
    for rule in OBLIGATION_RULES:
        rule(model, data, variables)
    return model, variables


def _count(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


def _sum(variables: Variables, pairs: np.ndarray | list[int]) -> LinearExpr:
    return LinearExpr.sum([variables.x[p] for p in pairs])


def _day(data: PlanningData, offset: int) -> date:
    return date(data.year, 1, 1) + timedelta(days=offset)


def _clique_dates(data: PlanningData, clique: frozenset[int]) -> tuple[date, date]:
    """The days the sessions of an overlap clique have in common (their segments' spans)."""
    first = max(min(a for a, _ in data.offerings[o].spans) for o in clique)
    last = min(max(b for _, b in data.offerings[o].spans) for o in clique)
    return _day(data, first), _day(data, max(first, last))


def _dates_of(
    data: PlanningData, cliques: list[frozenset[int]], explain: bool
) -> list[tuple[date | None, date | None]]:
    """Each clique's common dates, for group names (computed in explain mode only)."""
    if not explain:
        return [(None, None)] * len(cliques)
    return [_clique_dates(data, clique) for clique in cliques]


def _at_most_one(model: cp_model.CpModel, v: Variables, pairs: list[int], group: Group) -> None:
    if v.explain:  # at-most-one takes no enforcement literal
        v.enforce(model, model.add(_sum(v, pairs) <= 1), group)
    else:
        model.add_at_most_one(v.x[p] for p in pairs)


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
        enrolled = _sum(v, pairs) + kept
        others = (
            0 if data.fillers is None or offering.min_enrolment <= 1 else int(data.fillers[offering.index])
        )
        if others:
            filler = model.new_int_var(0, min(others, offering.seats), f"filler{offering.index}")
            v.filler[offering.index] = filler
            enrolled += filler
        seats = Group(
            "seats",
            f"session {offering.group_id} ({_count(offering.seats, 'seat')})",
            offering.start,
            offering.end,
        )
        v.enforce(model, model.add(enrolled <= min(offering.seats, len(pairs) + kept + others) * run), seats)
        minimum = Group(
            "minimum enrolment",
            f"session {offering.group_id} (at least {max(1, offering.min_enrolment)} if run)",
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
    dates = _dates_of(data, data.cliques_all, v.explain)
    offering_of = data.pair_offering.tolist()
    for c in _with_two_pairs(data):
        groups: dict[int, list[int]] = defaultdict(list)
        for p in data.pairs_by_cadre[c].tolist():
            for k in cliques_by_offering.get(offering_of[p], ()):
                groups[k].append(p)
        for members, k in {tuple(g): k for k, g in groups.items() if len(g) > 1}.items():
            first, last = dates[k]
            _at_most_one(
                model, v, list(members), Group("no overlap", f"cadre {data.cadres[c].cadre_id}", first, last)
            )


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
                subject = f"cadre {data.cadres[c].cadre_id}, course {course_id}"
                _at_most_one(model, v, group, Group("no repeat", subject))


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
                first, last = _clique_dates(data, clique) if v.explain else (None, None)
                group = Group(
                    "beds",
                    f"institution {institution_id} ({_count(limit[institution_id], 'bed')})",
                    first,
                    last,
                )
                v.enforce(model, model.add(_sum(v, pairs) + LinearExpr.sum(fillers) <= room), group)


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
    for p, (unit_id, o) in enumerate(zip(unit_of_pair.tolist(), data.pair_offering.tolist())):
        for k in in_clique.get(o, ()):
            rows[(unit_id, k)].append(p)
    dates = _dates_of(data, data.cliques_offjob, v.explain)
    for (unit_id, k), pairs in rows.items():
        room = scenario.away_cap(unit_id) - kept.get((unit_id, k), 0)
        if len({int(data.pair_cadre[p]) for p in pairs}) > room:
            first, last = dates[k]
            group = Group(
                "release cap (R9)",
                f"unit {unit_id} (at most {scenario.away_cap(unit_id)} away a day)",
                first,
                last,
            )
            v.enforce(model, model.add(_sum(v, pairs) <= room), group)


def budget(model: cp_model.CpModel, data: PlanningData, v: Variables) -> None:
    """R14: sum of cost per head <= the total budget, and per unit where a unit budget is given."""
    fixed = data.used_outside
    costs = [data.offerings[o].cost for o in data.pair_offering.tolist()]
    filler_costs = [data.offerings[o].cost for o in v.filler]
    v.cost = LinearExpr.weighted_sum([*v.x, *v.filler.values()], [*costs, *filler_costs]) if v.x else 0
    most = (
        sum(costs) + sum(c * int(data.fillers[o]) for c, o in zip(filler_costs, v.filler))
        if v.filler
        else sum(costs)
    )
    total = data.scenario.budget_total
    if total is not None and most > total - fixed.spent:
        v.enforce(
            model, model.add(v.cost <= total - fixed.spent), Group("budget (R14)", f"total {total:,} yuan")
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
                Group("unit budget (R14)", f"unit {unit.unit_id} ({unit.budget:,} yuan)"),
            )


def pins(model: cp_model.CpModel, data: PlanningData, v: Variables) -> None:
    """Confirmed assignments: x[c, o] = 1 for every pin (an impossible pin makes the model infeasible)."""
    wanted = set(data.pinned)
    for p, pair in enumerate(zip(data.pair_cadre.tolist(), data.pair_offering.tolist())):
        if pair in wanted:
            cadre_id, group_id = data.cadres[pair[0]].cadre_id, data.offerings[pair[1]].group_id
            v.enforce(model, model.add(v.x[p] == 1), Group("pinned", f"{cadre_id} -> {group_id}"))
    if data.pin_problems:
        model.add_bool_or([])  # false: the explanation is in data.pin_problems


def strict_summons(model: cp_model.CpModel, data: PlanningData, v: Variables) -> None:
    """R7 as a hard rule when asked (``strict_summons``): a summoned cadre attends a session of the course."""
    if not v.strict_summons:
        return
    for item in data.obligations.of_rule(Rule.R7):
        pairs = [
            int(p)
            for p in data.pairs_of(item.cadre_id or "")
            if data.offerings[int(data.pair_offering[p])].course_id == item.course_id
        ]
        group = Group("named summons (R7)", f"{item.cadre_id} -> course {item.course_id}")
        if pairs:
            v.enforce(model, model.add(_sum(v, pairs) >= 1), group)
        else:
            v.enforce(model, model.add_bool_or([]), group)


HARD_RULES = (seats_and_runs, no_overlap, no_repeat, beds, staggered_release, budget, pins, strict_summons)


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
        chosen = serving_pairs(data, k).tolist()
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
                model.add(v.attends[c] <= _sum(v, pairs))
            attends.append(v.attends[c])
        met = model.new_bool_var(f"R4_{k}")
        needed = max(0, item.required - trained.get(item.unit_id or "", 0))
        model.add(LinearExpr.sum(attends) >= needed * met)
        v.met[k] = met


OBLIGATION_RULES = (obligations_met, hours_met, team_share)
