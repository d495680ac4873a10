"""The hard rules of :mod:`optimizer.cpsat.constraints` as MIP rows, one function a rule: ``(rows, data, v)``.

In a neighbourhood (``data.fixed``) every shared limit (seats, beds, days
away, budgets) is reduced by what the cadres that are not free already
use; in a core model (``data.fillers``) the anonymous fillers take seats,
beds and money and count toward a session's minimum enrolment.
"""

from __future__ import annotations

import numpy as np

from models import Rule
from optimizer.highs.rows import (
    Rows,
    clique_memberships,
    distinct_groups,
    group_terms,
    kept_groups,
    pair_cliques,
)
from optimizer.highs.variables import MipVariables, chosen_pairs, needed_offerings
from optimizer.prepare.data import PlanningData
from optimizer.prepare.serving import serving_pairs


def seats_and_runs(rows: Rows, data: PlanningData, v: MipVariables) -> None:
    """Seats; a session runs with >= max(1, min_enrolment) cadres or is cancelled with none.

    With enrolled = sum of x + fixed + filler: enrolled <= min(seats, pairs + fixed + fillers) run;
    enrolled >= max(1, min) run; enrolled >= ceil(seats / 2) (run - half_empty); half_empty <= run.
    """
    used = needed_offerings(data)
    num_pairs = np.bincount(data.pair_offering, minlength=len(data.offerings))
    n = len(used)
    local = np.full(len(data.offerings), -1, dtype=np.int64)
    local[used] = np.arange(n)
    seats = np.array([data.offerings[o].seats for o in used], dtype=np.float64)
    minimum = np.array([max(1, data.offerings[o].min_enrolment) for o in used], dtype=np.float64)
    half_seats = (seats.astype(np.int64) + 1) // 2
    kept = data.used_outside.enrolled[used].astype(np.float64)
    filled = np.flatnonzero(v.filler[used] >= 0)
    others = np.zeros(n) if data.fillers is None else np.where(v.filler[used] >= 0, data.fillers[used], 0)
    # Every row's terms: the pairs, then the fillers, both taken as they are (coefficient 1).
    term_row = np.concatenate([local[data.pair_offering], filled])
    term_col = np.concatenate([v.x, v.filler[used[filled]]])
    ones = np.ones(len(term_col))
    run, half = v.run[used], v.half_empty[used]
    cap = np.minimum(seats, num_pairs[used] + kept + others)
    rows.add(
        np.concatenate([term_row, np.arange(n)]),
        np.concatenate([term_col, run]),
        np.concatenate([ones, -cap]),
        np.full(n, -np.inf),
        0.0 - kept,
    )
    rows.add(
        np.concatenate([term_row, np.arange(n)]),
        np.concatenate([term_col, run]),
        np.concatenate([ones, -minimum]),
        0.0 - kept,
        np.full(n, np.inf),
    )
    rows.add(
        np.concatenate([term_row, np.arange(n), np.arange(n)]),
        np.concatenate([term_col, run, half]),
        np.concatenate([ones, -half_seats, half_seats]),
        0.0 - kept,
        np.full(n, np.inf),
    )
    rows.add(
        np.repeat(np.arange(n), 2),
        np.stack([half, run], axis=1).ravel(),
        np.tile([1.0, -1.0], n),
        np.full(n, -np.inf),
        np.zeros(n),
    )


def no_overlap(rows: Rows, data: PlanningData, v: MipVariables) -> None:
    """R8: sum of x[c, o] over o in each maximal clique of overlapping sessions <= 1 (per cadre)."""
    indptr, members = clique_memberships(data.cliques_all, len(data.offerings))
    pair, clique = pair_cliques(data.pair_offering, indptr, members)
    ids, pair, sizes = group_terms(data.pair_cadre[pair] * max(1, len(data.cliques_all)) + clique, pair)
    kept = sizes > 1
    kept[kept] = distinct_groups(kept_groups(ids, pair, kept)[1], sizes[kept])
    ids, pair = kept_groups(ids, pair, kept)
    rows.add_groups(ids, v.x[pair], np.ones(len(pair)), 1.0)


def no_repeat(rows: Rows, data: PlanningData, v: MipVariables) -> None:
    """R8: a cadre takes each course at most once (ledger courses have no variable at all)."""
    course_code = {c: k for k, c in enumerate(sorted({o.course_id for o in data.offerings}))}
    course = np.array([course_code[o.course_id] for o in data.offerings], dtype=np.int64)
    pair = np.arange(data.num_pairs, dtype=np.int64)
    keys = data.pair_cadre * max(1, len(course_code)) + course[data.pair_offering]
    ids, pair, sizes = group_terms(keys, pair)
    ids, pair = kept_groups(ids, pair, sizes > 1)
    rows.add_groups(ids, v.x[pair], np.ones(len(pair)), 1.0)


def beds(rows: Rows, data: PlanningData, v: MipVariables) -> None:
    """R11: per institution and day, cadres in its residential sessions (and fillers) <= beds - fixed."""
    limit = {i.institution_id: i.beds for i in data.scenario.institutions if i.beds is not None}
    fixed = data.used_outside.beds
    for institution_id, cliques in data.cliques_beds.items():
        for k, clique in enumerate(cliques):
            offerings = sorted(clique)
            pairs = np.concatenate([data.pairs_by_offering[o] for o in offerings])
            fillers = v.filler[offerings][v.filler[offerings] >= 0]
            room = limit[institution_id] - fixed.get((institution_id, k), 0)
            if len(pairs) > room or len(fillers):
                columns = np.concatenate([v.x[pairs], fillers])
                rows.add_row(columns, np.ones(len(columns)), -np.inf, float(room))


def _cadre_units(data: PlanningData) -> np.ndarray:
    """Per cadre, the index of its unit in ``data.scenario.units``."""
    unit_index = {u.unit_id: k for k, u in enumerate(data.scenario.units)}
    return np.array([unit_index[c.unit_id] for c in data.cadres], dtype=np.int64)


def staggered_release(rows: Rows, data: PlanningData, v: MipVariables) -> None:
    """R9: per unit and day, cadres away <= max(1, floor(share x headcount)) - fixed cadres away.

    One row per unit and maximal clique of off-job sessions, kept when more
    distinct cadres could be away than the room left.
    """
    units = data.scenario.units
    caps = np.array([data.scenario.away_cap(u.unit_id) for u in units], dtype=np.int64)
    num_cliques = max(1, len(data.cliques_offjob))
    indptr, members = clique_memberships(data.cliques_offjob, len(data.offerings))
    pair, clique = pair_cliques(data.pair_offering, indptr, members)
    # Group pairs by their rank in cadre order, so that each cadre's pairs sit together in a group.
    by_cadre = np.argsort(data.pair_cadre, kind="stable")
    rank = np.empty_like(by_cadre)
    rank[by_cadre] = np.arange(len(by_cadre))
    unit_of_cadre = _cadre_units(data)
    keys = unit_of_cadre[data.pair_cadre[pair]] * num_cliques + clique
    ids, ranked, sizes = group_terms(keys, rank[pair])
    pair = by_cadre[ranked]
    cadre = data.pair_cadre[pair]
    new_cadre = np.ones(len(pair), dtype=bool)
    new_cadre[1:] = (ids[1:] != ids[:-1]) | (cadre[1:] != cadre[:-1])
    num_away = np.bincount(ids, weights=new_cadre, minlength=len(sizes))
    group_unit = np.zeros(len(sizes), dtype=np.int64)
    group_unit[ids] = unit_of_cadre[cadre]
    room = caps[group_unit]
    away = data.used_outside.away
    if away:
        group_clique = np.unique(keys) % num_cliques  # group ids number the distinct keys in order
        fixed = [
            away.get((units[u].unit_id, k), 0)
            for u, k in zip(group_unit.tolist(), group_clique.tolist(), strict=True)
        ]
        room = room - np.array(fixed, dtype=np.int64)
    kept = num_away > room
    ids, pair = kept_groups(ids, pair, kept)
    rows.add_groups(ids, v.x[pair], np.ones(len(pair)), room[kept].astype(np.float64))


def budget(rows: Rows, data: PlanningData, v: MipVariables) -> None:
    """R14: cost of pairs and fillers <= budget - fixed spend; per unit, its pairs' cost <= budget - fixed."""
    fixed = data.used_outside
    total = data.scenario.budget_total
    columns, coefficients = v.cost_terms(data)
    most = v.cost.sum()
    if data.fillers is not None:
        has_filler = np.flatnonzero(v.filler >= 0)
        most += float(coefficients[data.num_pairs :] @ data.fillers[has_filler])
    if total is not None and most > total - fixed.spent:
        rows.add_row(columns, coefficients, -np.inf, float(total - fixed.spent))
    unit = _cadre_units(data)[data.pair_cadre]
    units = data.scenario.units
    limit = np.array([u.budget if u.budget is not None else np.inf for u in units], dtype=np.float64)
    room = limit - [fixed.unit_spent.get(u.unit_id, 0) for u in units]
    spend = np.bincount(unit, weights=v.cost, minlength=len(limit))
    has_pairs = np.bincount(unit, minlength=len(limit)) > 0
    bound = np.flatnonzero((spend > room) & has_pairs)
    local = np.full(len(limit), -1, dtype=np.int64)
    local[bound] = np.arange(len(bound))
    terms = local[unit] >= 0
    rows.add_groups(local[unit][terms], v.x[terms], v.cost[terms], room[bound])


def pins(rows: Rows, data: PlanningData, v: MipVariables) -> None:
    """Confirmed assignments: x[c, o] = 1 for every pin (an impossible pin makes the model infeasible)."""
    pinned = np.flatnonzero(chosen_pairs(data, data.pinned))
    rows.add(
        np.arange(len(pinned)), v.x[pinned], np.ones(len(pinned)), np.ones(len(pinned)), np.ones(len(pinned))
    )
    if data.pin_problems:
        # 0 >= 1: no plan exists; the reasons are in data.pin_problems
        rows.add(np.zeros(0), np.zeros(0), np.zeros(0), np.ones(1), np.full(1, np.inf))


def strict_summons(rows: Rows, data: PlanningData, v: MipVariables) -> None:
    """R7 as a hard rule when asked (``strict_summons``): sum of x over the runs serving each summons >= 1."""
    if not v.strict_summons:
        return
    for k, item in enumerate(data.obligations):
        if item.rule is Rule.R7:
            pairs = serving_pairs(data, k)
            rows.add_row(v.x[pairs], np.ones(len(pairs)), 1.0, np.inf)


HARD_RULES = (seats_and_runs, no_overlap, no_repeat, beds, staggered_release, budget, pins, strict_summons)
