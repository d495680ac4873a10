"""A tier's bound from an LP over classes of alike cadres, for scenarios with too many pairs for the LP.

Open audiences give each cadre hundreds of runs, and the LP over every
(cadre, run) pair (:mod:`optimizer.pipeline.lp_bounds`) no longer ends in a
planner's time. Cadres alike in rank, category, flags, the institutions they
may attend and the obligations they owe (rule, tier and hours owed, to the
day) form a class; one column per class and run counts how many of its
members take the run, one per class and obligation how many of them meet it.

Every row is a sum over a class's members of rows every plan meets, so the
LP's optimum bounds what any plan meets (given the tiers above held at their
floors). Each simplification only widens the LP, never cuts a plan off:

- a member may take any run some member of its class is eligible for (a run's
  column stays at most the members eligible for it) and any such run serves
  the member's obligation if it serves some member's;
- an hours quota asks the least hours any member of the class must reach
  (:func:`optimizer.prepare.reach.reach`), each run counted up to that;
- the units' release caps and budgets are left out (a class spans units), and
  so are pins, minimum enrolments and the units' own obligations (R4, R16,
  R12), which count as met.

Kept: seats, beds, the total budget, and per class no two overlapping runs and
no course twice (at most the class's size in each clique and course).
"""

from __future__ import annotations

import hashlib
import math
import time
from collections import defaultdict
from dataclasses import dataclass

import numpy as np
from ortools.math_opt import model_pb2

from models.obligations import UNIT_RULES
from optimizer.highs.model import proto_of
from optimizer.highs.rows import Rows, clique_memberships, group_terms, kept_groups, pair_cliques
from optimizer.highs.solver import solve_relaxation
from optimizer.prepare.data import PlanningData
from optimizer.prepare.reach import reach
from optimizer.prepare.serving import HOURS_RULES, serving_pairs

COARSE_STEP = 40
"""Hours owed told apart to this many by default: members within a step share a class, owing the least."""
FINE_STEP = 8
"""A day: the step of the finer classes."""
CHUNK_PAIRS = 4_000_000
"""Pairs counted into the class columns at a time."""


@dataclass(frozen=True)
class ClassBound:
    """The bound of one tier, and what the LP had."""

    upper: int | None
    classes: int
    columns: int
    seconds: float


@dataclass
class _Owed:
    """One obligation of each member of a class (the same position in every member's list)."""

    tier: int
    hours: float
    """Hours to reach (0: one serving run meets it)."""
    offerings: np.ndarray
    """Runs serving it for some member."""


def class_bound(
    data: PlanningData,
    tier: int,
    held: dict[int, int],
    seconds: float,
    threads: int = 1,
    hours_step: int = COARSE_STEP,
    by_place: bool = False,
) -> ClassBound:
    """An upper bound on ``tier``'s met count over every plan meeting at least ``held[t]`` of each tier
    ``t`` above it; ``upper`` is None when the LP did not end within ``seconds``.

    Hours owed are told apart to ``hours_step``; with ``by_place`` the institutions a cadre may attend
    part classes too (more classes, a tighter and slower LP).
    """
    started = time.perf_counter()
    owed_by_cadre = _cadre_obligations(data, tier)
    classes = _classes(data, owed_by_cadre, hours_step, by_place)
    rows = Rows()
    upper: list[np.ndarray] = []
    x_class, x_offering, x_column = _run_columns(data, classes, upper)
    n = sum(len(u) for u in upper)
    met_tier: list[int] = []
    met_column: list[int] = []
    for c, members in enumerate(classes):
        owed = _class_owed(data, members, owed_by_cadre, hours_step)
        for one in owed:
            column = n
            n += 1
            upper.append(np.array([float(len(members))]))
            met_tier.append(one.tier)
            met_column.append(column)
            _met_row(rows, data, one, column, c, x_class, x_offering, x_column)
    _shared_rows(rows, data, x_offering, x_column)
    _class_rows(rows, data, classes, x_class, x_offering, x_column)
    unit_owed: dict[int, int] = defaultdict(int)
    for item in data.obligations:
        if item.cadre_id is None or item.rule in UNIT_RULES:
            unit_owed[item.tier] += 1
    tiers = np.array(met_tier, dtype=np.int64)
    columns = np.array(met_column, dtype=np.int64)
    for t, floor in held.items():
        if t < tier and floor - unit_owed[t] > 0:
            chosen = columns[tiers == t]
            rows.add_row(chosen, np.ones(len(chosen)), float(floor - unit_owed[t]), math.inf)
    objective = columns[tiers == tier]
    proto = _proto(np.concatenate(upper) if upper else np.zeros(0), rows, objective)
    left = seconds - (time.perf_counter() - started)
    dual = solve_relaxation(proto, left, threads) if left > 0.5 else None
    found = None if dual is None else int(math.floor(-dual + 1e-6 * max(1.0, abs(dual)))) + unit_owed[tier]
    return ClassBound(found, len(classes), n, time.perf_counter() - started)


def _cadre_obligations(data: PlanningData, tier: int) -> dict[int, list[tuple[int, float]]]:
    """Per cadre, its obligations of ``tier`` and above that a plan can meet: (index, hours to reach)."""
    hours = np.array([o.offjob_hours for o in data.offerings], dtype=np.int64)[data.pair_offering]
    index = data.cadre_index
    found: dict[int, list[tuple[int, float]]] = defaultdict(list)
    for k, item in enumerate(data.obligations):
        if item.cadre_id is None or item.rule in UNIT_RULES or item.tier > tier:
            continue
        serving = serving_pairs(data, k)
        if len(serving) == 0:
            continue
        need = 0.0
        if item.rule in HOURS_RULES:
            least = reach(hours[serving].tolist(), int(item.required))
            if least is None:
                continue  # no plan meets it
            need = float(max(1, least))
        found[index[item.cadre_id]].append((k, need))
    return found


def _kind(data: PlanningData, k: int, need: float, step: int) -> tuple[str, int, int]:
    item = data.obligations.items[k]
    return item.rule.value, item.tier, int(need) // step


def _key(
    data: PlanningData, cadre: int, owed: list[tuple[int, float]], step: int, by_place: bool
) -> tuple[object, ...]:
    person = data.cadres[cadre]
    where = b""
    if by_place:
        offerings = data.pair_offering[data.pairs_by_cadre[cadre]].tolist()
        institutions = sorted({data.offerings[o].institution_id for o in offerings})
        where = hashlib.blake2b("|".join(institutions).encode(), digest_size=8).digest()
    kinds = sorted(_kind(data, k, need, step) for k, need in owed)
    return (person.rank, person.category, person.top_leader, person.young, where, tuple(kinds))


def _classes(
    data: PlanningData, owed_by_cadre: dict[int, list[tuple[int, float]]], step: int, by_place: bool
) -> list[np.ndarray]:
    """The cadres with a pair, grouped into classes (member indices, increasing)."""
    groups: dict[tuple[object, ...], list[int]] = defaultdict(list)
    has_pairs = np.bincount(data.pair_cadre, minlength=len(data.cadres)) > 0
    for cadre in np.flatnonzero(has_pairs).tolist():
        groups[_key(data, cadre, owed_by_cadre.get(cadre, []), step, by_place)].append(cadre)
    return [np.array(members, dtype=np.int64) for members in groups.values()]


def _run_columns(
    data: PlanningData, classes: list[np.ndarray], upper: list[np.ndarray]
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """One column per class and run some member may take, at most the members eligible for it."""
    class_of = np.full(len(data.cadres), -1, dtype=np.int64)
    for c, members in enumerate(classes):
        class_of[members] = c
    width = max(1, len(data.offerings))
    counts = np.zeros(len(classes) * width, dtype=np.int64)
    for start in range(0, data.num_pairs, CHUNK_PAIRS):  # a province's pairs in pieces: bounded memory
        cadre = data.pair_cadre[start : start + CHUNK_PAIRS]
        offering = data.pair_offering[start : start + CHUNK_PAIRS]
        mine = class_of[cadre] >= 0
        counts += np.bincount(class_of[cadre[mine]] * width + offering[mine], minlength=len(counts))
    keys = np.flatnonzero(counts)
    upper.append(counts[keys].astype(np.float64))
    return keys // width, keys % width, np.arange(len(keys), dtype=np.int64)


def _class_owed(
    data: PlanningData, members: np.ndarray, owed_by_cadre: dict[int, list[tuple[int, float]]], step: int
) -> list[_Owed]:
    """The class's obligations, position by position (members list theirs in the same order of kinds)."""
    items = data.obligations.items
    found: list[_Owed] = []
    for position, member in enumerate(members.tolist()):
        owed = sorted(owed_by_cadre.get(member, []), key=lambda kn: _kind(data, kn[0], kn[1], step))
        for j, (k, need) in enumerate(owed):
            offerings = np.unique(data.pair_offering[serving_pairs(data, k)])
            if position == 0:
                found.append(_Owed(items[k].tier, need, offerings))
            else:
                found[j].hours = min(found[j].hours, need)
                found[j].offerings = np.union1d(found[j].offerings, offerings)
    return found


def _met_row(
    rows: Rows,
    data: PlanningData,
    item: _Owed,
    column: int,
    c: int,
    x_class: np.ndarray,
    x_offering: np.ndarray,
    x_column: np.ndarray,
) -> None:
    """Members meeting it <= serving runs taken (one run each), or x need <= hours taken (capped at need)."""
    lo, hi = np.searchsorted(x_class, [c, c + 1])
    serving = np.isin(x_offering[lo:hi], item.offerings)
    cols = x_column[lo:hi][serving]
    if item.hours > 0:
        hours = np.array([data.offerings[o].offjob_hours for o in x_offering[lo:hi][serving].tolist()])
        coef = np.minimum(hours.astype(np.float64), item.hours)
        need = item.hours
    else:
        coef, need = np.ones(len(cols)), 1.0
    rows.add_row(np.append(cols, column), np.append(coef, -need), 0.0, math.inf)


def _shared_rows(rows: Rows, data: PlanningData, x_offering: np.ndarray, x_column: np.ndarray) -> None:
    """Seats, the total budget and beds: the limits every class shares."""
    enrolled = data.used_outside.enrolled
    seats = np.maximum(0.0, np.array([o.seats for o in data.offerings], dtype=np.float64) - enrolled)
    if len(x_column):
        rows.add_groups(x_offering, x_column, np.ones(len(x_column)), seats[: int(x_offering.max()) + 1])
    total = data.scenario.budget_total
    if total is not None:
        cost = np.array([o.cost for o in data.offerings], dtype=np.float64)[x_offering]
        rows.add_row(x_column, cost, -math.inf, float(total - data.used_outside.spent))
    limit = {i.institution_id: i.beds for i in data.scenario.institutions if i.beds is not None}
    fixed = data.used_outside.beds
    for institution_id, cliques in data.cliques_beds.items():
        for k, clique in enumerate(cliques):
            inside = np.isin(x_offering, sorted(clique))
            room = limit[institution_id] - fixed.get((institution_id, k), 0)
            rows.add_row(x_column[inside], np.ones(int(inside.sum())), -math.inf, float(room))


def _class_rows(
    rows: Rows,
    data: PlanningData,
    classes: list[np.ndarray],
    x_class: np.ndarray,
    x_offering: np.ndarray,
    x_column: np.ndarray,
) -> None:
    """Per class: at most its size in each clique of overlapping runs and in each course."""
    size = np.array([len(m) for m in classes], dtype=np.float64)
    indptr, members = clique_memberships(data.cliques_all, len(data.offerings))
    term, clique = pair_cliques(x_offering, indptr, members)
    ids, term, sizes = group_terms(x_class[term] * max(1, len(data.cliques_all)) + clique, term)
    _per_class(rows, ids, term, sizes, x_class, x_column, size)
    course_code = {c: k for k, c in enumerate(sorted({o.course_id for o in data.offerings}))}
    course = np.array([course_code[o.course_id] for o in data.offerings], dtype=np.int64)
    terms = np.arange(len(x_column), dtype=np.int64)
    ids, terms, sizes = group_terms(x_class * max(1, len(course_code)) + course[x_offering], terms)
    _per_class(rows, ids, terms, sizes, x_class, x_column, size)


def _per_class(
    rows: Rows,
    ids: np.ndarray,
    term: np.ndarray,
    sizes: np.ndarray,
    x_class: np.ndarray,
    x_column: np.ndarray,
    size: np.ndarray,
) -> None:
    kept = sizes > 1
    ids, term = kept_groups(ids, term, kept)
    if len(term) == 0:
        return
    limit = np.zeros(int(ids.max()) + 1)
    limit[ids] = size[x_class[term]]
    rows.add_groups(ids, x_column[term], np.ones(len(term)), limit)


def _proto(upper: np.ndarray, rows: Rows, objective: np.ndarray) -> model_pb2.ModelProto:
    """The LP: maximise the sum of the ``objective`` columns (as minimising its negation)."""
    proto = proto_of(upper, *rows.matrix(), integers=False)
    order = np.sort(objective)
    proto.objective.linear_coefficients.ids.extend(order.tolist())
    proto.objective.linear_coefficients.values.extend([-1.0] * len(order))
    return proto
