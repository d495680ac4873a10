"""The hard rules of :mod:`optimizer.cpsat.constraints` as MIP rows, one function a rule: ``(rows, data, v)``.

Each rule adds all its rows at once, grouped with :mod:`optimizer.highs.rows`.
"""

from __future__ import annotations

import numpy as np

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


def seats_and_runs(rows: Rows, data: PlanningData, v: MipVariables) -> None:
    """Seats; a session runs with >= max(1, min_enrolment) cadres or is cancelled with none.

    enrolled <= min(seats, pairs) run; enrolled >= max(1, min) run;
    enrolled >= ceil(seats / 2) (run - half_empty); half_empty <= run.
    """
    used = needed_offerings(data)
    num_pairs = np.bincount(data.pair_offering, minlength=len(data.offerings))
    n = len(used)
    local = np.full(len(data.offerings), -1, dtype=np.int64)
    local[used] = np.arange(n)
    seats = np.array([data.offerings[o].seats for o in used], dtype=np.float64)
    minimum = np.array([max(1, data.offerings[o].min_enrolment) for o in used], dtype=np.float64)
    half_seats = (seats.astype(np.int64) + 1) // 2
    pair_row, run, half = local[data.pair_offering], v.run[used], v.half_empty[used]
    ones = np.ones(data.num_pairs)
    rows.add(
        np.concatenate([pair_row, np.arange(n)]),
        np.concatenate([v.x, run]),
        np.concatenate([ones, -np.minimum(seats, num_pairs[used])]),
        np.full(n, -np.inf),
        np.zeros(n),
    )
    rows.add(
        np.concatenate([pair_row, np.arange(n)]),
        np.concatenate([v.x, run]),
        np.concatenate([ones, -minimum]),
        np.zeros(n),
        np.full(n, np.inf),
    )
    rows.add(
        np.concatenate([pair_row, np.arange(n), np.arange(n)]),
        np.concatenate([v.x, run, half]),
        np.concatenate([ones, -half_seats, half_seats]),
        np.zeros(n),
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
    """R11: per institution and day, cadres in its residential sessions <= beds."""
    limit = {i.institution_id: i.beds for i in data.scenario.institutions if i.beds is not None}
    for institution_id, cliques in data.cliques_beds.items():
        for clique in cliques:
            pairs = np.concatenate([data.pairs_by_offering[o] for o in sorted(clique)])
            if len(pairs) > limit[institution_id]:
                rows.add_row(v.x[pairs], np.ones(len(pairs)), -np.inf, float(limit[institution_id]))


def cadre_units(data: PlanningData) -> np.ndarray:
    """Per cadre, the index of its unit in ``data.scenario.units``."""
    unit_index = {u.unit_id: k for k, u in enumerate(data.scenario.units)}
    return np.array([unit_index[c.unit_id] for c in data.cadres], dtype=np.int64)


def staggered_release(rows: Rows, data: PlanningData, v: MipVariables) -> None:
    """R9: per unit and day, cadres away <= max(1, floor(share x headcount)).

    One row per unit and maximal clique of off-job sessions, kept when more
    distinct cadres could be away than the cap.
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
    unit_of_cadre = cadre_units(data)
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
    kept = num_away > room
    ids, pair = kept_groups(ids, pair, kept)
    rows.add_groups(ids, v.x[pair], np.ones(len(pair)), room[kept].astype(np.float64))


def budget(rows: Rows, data: PlanningData, v: MipVariables) -> None:
    """R14: sum of cost per head <= the total budget, and per unit where a unit budget is given."""
    total = data.scenario.budget_total
    if total is not None and v.cost.sum() > total:
        rows.add_row(v.x, v.cost, -np.inf, float(total))
    unit = cadre_units(data)[data.pair_cadre]
    limit = np.array([u.budget if u.budget is not None else np.inf for u in data.scenario.units])
    spend = np.bincount(unit, weights=v.cost, minlength=len(limit))
    bound = np.flatnonzero(spend > limit)
    local = np.full(len(limit), -1, dtype=np.int64)
    local[bound] = np.arange(len(bound))
    terms = local[unit] >= 0
    rows.add_groups(local[unit][terms], v.x[terms], v.cost[terms], limit[bound])


def pins(rows: Rows, data: PlanningData, v: MipVariables) -> None:
    """Confirmed assignments: x[c, o] = 1 for every pin (an impossible pin makes the model infeasible)."""
    pinned = np.flatnonzero(chosen_pairs(data, data.pinned))
    rows.add(
        np.arange(len(pinned)), v.x[pinned], np.ones(len(pinned)), np.ones(len(pinned)), np.ones(len(pinned))
    )
    if data.pin_problems:
        # 0 >= 1: no plan exists; the reasons are in data.pin_problems
        rows.add(np.zeros(0), np.zeros(0), np.zeros(0), np.ones(1), np.full(1, np.inf))


HARD_RULES = (seats_and_runs, no_overlap, no_repeat, beds, staggered_release, budget, pins)
