"""The CP-SAT model of :mod:`optimizer.cpsat.model` as a MIP, solved by HiGHS through OR-Tools MathOpt.

A peer and a bound provider for the CP-SAT pipeline: the same variables
(``x`` per eligible pair, ``run`` and ``half_empty`` per session run,
``attends`` per leadership-team member, ``met`` per obligation), the same
rows, one function per rule taking ``(rows, data, v)``, and the same two
lexicographic stages (:mod:`optimizer.cpsat.objective`).

The model is built as numpy blocks of (row, column, coefficient) and
handed to MathOpt as one ``ModelProto``. Measured for 1.4M binaries and
5M nonzeros: ``mathopt.Model.add_binary_variable`` one by one takes 16 s
for the variables alone and ``fast_sum`` rows 0.19 ms each, the proto 2 s
for everything (``MipModel.to_mathopt`` still gives a ``mathopt.Model``,
6 s more). HiGHS runs through MathOpt's core ``solve`` on that proto, the
call ``mathopt.solve`` makes after exporting its model; skipping the export
and the per-variable result dictionary saves seconds per stage at scale.

Stage 1 numerics: exact tier weights reach ~1e8 at 3,000 cadres and ~5e12
at province scale, far beyond what a MIP's floating-point tolerances can
tell apart. Above ``MAX_MIP_WEIGHT`` stage 1 is therefore solved as one MIP
per tier: maximise the met count of tier t with every higher tier held at
the count found. With exact weights this is the same optimum, and each
stage's objective is a small integer count; the stage-1 bound is exact up
to the first tier not proven optimal and that tier's bound after it.
(Measured: the weighted objective still behaved at 1e8-7e8, default and
city; per-tier stages prove tiers 1-3 there but spend a presolve each.)

As in :func:`optimizer.pipeline.solve.solve`, pins are hard and every tier is held
at >= the greedy plan's met count (``greedy_floor``).
"""

from __future__ import annotations

import time
from collections.abc import Iterable
from dataclasses import dataclass, field

import numpy as np
from ortools.math_opt import model_pb2
from ortools.math_opt.python import mathopt

from models import Rule
from models.obligations import TIER_BY_RULE
from optimizer.prepare.data import PlanningData
from optimizer.prepare.serving import serving_pairs
from optimizer.prepare.tiers import tier_weights

Pick = tuple[int, int]

MAX_MIP_WEIGHT = 1e7
"""Largest tier weight put into one weighted MIP objective; above it stage 1 goes tier by tier."""
ABSOLUTE_GAP = 0.999
"""Every objective is integral, so a gap below 1 proves optimality."""

Pick = tuple[int, int]


# ---------------------------------------------------------------- rows and columns


class Rows:
    """Rows ``lower <= sum(coef x column) <= upper``, collected as numpy blocks."""

    def __init__(self) -> None:
        self._blocks: list[tuple[np.ndarray, ...]] = []
        self.count = 0

    def add(
        self, row: np.ndarray, col: np.ndarray, coef: np.ndarray, lower: np.ndarray, upper: np.ndarray
    ) -> None:
        """Add ``len(lower)`` rows; ``row`` numbers each term's row locally, from 0."""
        n = len(lower)
        if n == 0:
            return
        self._blocks.append(
            (
                np.asarray(row, dtype=np.int64) + self.count,
                np.asarray(col, dtype=np.int64),
                np.asarray(coef, dtype=np.float64),
                np.broadcast_to(np.asarray(lower, dtype=np.float64), n),
                np.broadcast_to(np.asarray(upper, dtype=np.float64), n),
            )
        )
        self.count += n

    def add_groups(
        self, group: np.ndarray, col: np.ndarray, coef: np.ndarray, upper: np.ndarray | float
    ) -> None:
        """One row ``sum <= upper`` per distinct value of ``group`` (values 0..n-1, all used)."""
        n = int(group.max()) + 1 if len(group) else 0
        self.add(group, col, coef, np.full(n, -np.inf), np.broadcast_to(upper, n))

    def matrix(self) -> tuple[np.ndarray, ...]:
        """(row, col, coef) sorted row-major with duplicates summed, and the row bounds."""
        if not self._blocks:
            empty = np.zeros(0, dtype=np.int64)
            return empty, empty, np.zeros(0), np.zeros(0), np.zeros(0)
        width = 1 + max((int(b[1].max()) for b in self._blocks if len(b[1])), default=0)
        # Blocks hold increasing row numbers, so sorting each block sorts the whole.
        parts = [_sorted_terms(row, col, coef, width) for row, col, coef, _, _ in self._blocks]
        row, col, coef = (np.concatenate(p) for p in zip(*parts))
        lower, upper = (np.concatenate([b[k] for b in self._blocks]) for k in (3, 4))
        return row, col, coef, lower, upper


def _sorted_terms(row: np.ndarray, col: np.ndarray, coef: np.ndarray, width: int) -> tuple[np.ndarray, ...]:
    key = row * width + col
    if len(key) > 1 and not (np.diff(key) > 0).all():
        key, inverse = np.unique(key, return_inverse=True)
        coef = np.bincount(inverse, weights=coef, minlength=len(key))
    return key // width, key % width, coef


@dataclass
class MipVariables:
    """Column indices of the binaries; ``run[o]``/``half_empty[o]``/``attends[c]`` are -1 where CP-SAT has none."""

    x: np.ndarray
    run: np.ndarray
    half_empty: np.ndarray
    attends: np.ndarray
    met: np.ndarray
    cost: np.ndarray
    """Cost per head of each pair (the coefficients of the cost expression)."""
    indicator: list[tuple[np.ndarray, np.ndarray, np.ndarray]] = field(default_factory=list)
    """Blocks of (obligation, column, coefficient): ``met[k]`` needs their sum >= ``required[k]``."""
    required: np.ndarray = field(default_factory=lambda: np.zeros(0))
    possible: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=bool))
    """False where no eligible session can meet the obligation: ``met`` is fixed to 0."""
    num_columns: int = 0


# ---------------------------------------------------------------- grouping helpers


def _memberships(cliques: list[frozenset[int]], num_offerings: int) -> tuple[np.ndarray, np.ndarray]:
    """CSR of offering -> cliques containing it: (indptr, clique indices)."""
    pairs = sorted((o, k) for k, clique in enumerate(cliques) for o in clique)
    offering = np.array([o for o, _ in pairs], dtype=np.int64)
    clique = np.array([k for _, k in pairs], dtype=np.int64)
    indptr = np.searchsorted(offering, np.arange(num_offerings + 1))
    return indptr, clique


def _expand(
    pair_offering: np.ndarray, indptr: np.ndarray, members: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """(pair, clique) for every clique of every pair's offering."""
    starts, counts = indptr[pair_offering], np.diff(indptr)[pair_offering]
    pair = np.repeat(np.arange(len(pair_offering), dtype=np.int64), counts)
    offsets = np.arange(counts.sum(), dtype=np.int64) - np.repeat(np.cumsum(counts) - counts, counts)
    return pair, members[np.repeat(starts, counts) + offsets]


def _group(keys: np.ndarray, members: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Sort by (key, member); return group id per term (0..g-1), the sorted members and group sizes."""
    if len(keys) == 0:
        return keys, members, np.zeros(0, dtype=np.int64)
    width = int(members.max()) + 1
    if int(keys.max()) < 2**62 // width:  # one int64 sort key: several times faster than lexsort
        order = np.argsort(keys * width + members)
    else:
        order = np.lexsort((members, keys))
    keys, members = keys[order], members[order]
    starts = np.ones(len(keys), dtype=bool)
    starts[1:] = keys[1:] != keys[:-1]
    group = np.cumsum(starts) - 1
    return group, members, np.bincount(group)


def _keep(group: np.ndarray, members: np.ndarray, keep: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The terms of the kept groups, renumbered 0..k-1."""
    new_id = np.cumsum(keep) - 1
    terms = keep[group]
    return new_id[group[terms]], members[terms]


def _distinct(group: np.ndarray, members: np.ndarray, sizes: np.ndarray) -> np.ndarray:
    """True for the first of the groups (contiguous, numbered 0..g-1) that hold the same members.

    Two random 64-bit sums identify a set: a false match needs two
    independent 2^-64 coincidences, and sorting the groups' member lists
    to compare them exactly would cost more than the whole build.
    """
    if len(sizes) == 0:
        return np.zeros(0, dtype=bool)
    rng = np.random.default_rng(0)
    starts = np.concatenate([[0], np.cumsum(sizes)[:-1]])
    salts = rng.integers(0, 2**63, size=(2, int(members.max()) + 1), dtype=np.uint64)
    keys = [sizes] + [np.add.reduceat(salt[members], starts) for salt in salts]
    order = np.lexsort(keys[::-1])
    repeated = np.ones(len(sizes), dtype=bool)
    repeated[0] = False
    for key in keys:
        repeated[1:] &= key[order][1:] == key[order][:-1]
    found = np.zeros(len(sizes), dtype=bool)
    found[order[~repeated]] = True
    return found


# ---------------------------------------------------------------- hard rules


def seats_and_runs(rows: Rows, data: PlanningData, v: MipVariables) -> None:
    """Seats; a session runs with >= max(1, min_enrolment) cadres or is cancelled with none.

    enrolled <= min(seats, pairs) run; enrolled >= max(1, min) run;
    enrolled >= ceil(seats / 2) (run - half_empty); half_empty <= run.
    """
    num_pairs = np.bincount(data.pair_offering, minlength=len(data.offerings))
    used = np.flatnonzero(num_pairs)
    local = np.full(len(data.offerings), -1, dtype=np.int64)
    local[used] = np.arange(len(used))
    seats = np.array([data.offerings[o].seats for o in used], dtype=np.float64)
    minimum = np.array([max(1, data.offerings[o].min_enrolment) for o in used], dtype=np.float64)
    half_seats = (seats.astype(np.int64) + 1) // 2
    n = len(used)
    pair_row, run = local[data.pair_offering], v.run[used]
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
        np.concatenate([v.x, run, v.half_empty[used]]),
        np.concatenate([ones, -half_seats, half_seats]),
        np.zeros(n),
        np.full(n, np.inf),
    )
    rows.add(
        np.repeat(np.arange(n), 2),
        np.stack([v.half_empty[used], run], axis=1).ravel(),
        np.tile([1.0, -1.0], n),
        np.full(n, -np.inf),
        np.zeros(n),
    )


def no_overlap(rows: Rows, data: PlanningData, v: MipVariables) -> None:
    """R8: sum of x[c, o] over o in each maximal clique of overlapping sessions <= 1 (per cadre)."""
    indptr, members = _memberships(data.cliques_all, len(data.offerings))
    pair, clique = _expand(data.pair_offering, indptr, members)
    group, pair, sizes = _group(data.pair_cadre[pair] * max(1, len(data.cliques_all)) + clique, pair)
    keep = sizes > 1
    keep[keep] = _distinct(*_keep(group, pair, keep), sizes[keep])
    group, pair = _keep(group, pair, keep)
    rows.add_groups(group, v.x[pair], np.ones(len(pair)), 1.0)


def no_repeat(rows: Rows, data: PlanningData, v: MipVariables) -> None:
    """R8: a cadre takes each course at most once (ledger courses have no variable at all)."""
    course_code = {c: k for k, c in enumerate(sorted({o.course_id for o in data.offerings}))}
    course = np.array([course_code[o.course_id] for o in data.offerings], dtype=np.int64)
    pair = np.arange(data.num_pairs, dtype=np.int64)
    group, pair, sizes = _group(data.pair_cadre * max(1, len(course_code)) + course[data.pair_offering], pair)
    group, pair = _keep(group, pair, sizes > 1)
    rows.add_groups(group, v.x[pair], np.ones(len(pair)), 1.0)


def beds(rows: Rows, data: PlanningData, v: MipVariables) -> None:
    """R11: per institution and day, cadres in its residential sessions <= beds."""
    limit = {i.institution_id: i.beds for i in data.scenario.institutions if i.beds is not None}
    for institution_id, cliques in data.cliques_beds.items():
        for clique in cliques:
            pairs = np.concatenate([data.pairs_by_offering[o] for o in sorted(clique)])
            if len(pairs) > limit[institution_id]:
                rows.add_groups(
                    np.zeros(len(pairs), dtype=np.int64),
                    v.x[pairs],
                    np.ones(len(pairs)),
                    float(limit[institution_id]),
                )


def _cadre_units(data: PlanningData) -> np.ndarray:
    unit_index = {u.unit_id: k for k, u in enumerate(data.scenario.units)}
    return np.array([unit_index[c.unit_id] for c in data.cadres], dtype=np.int64)


def staggered_release(rows: Rows, data: PlanningData, v: MipVariables) -> None:
    """R9: per unit and day, cadres away <= max(1, floor(share x headcount)).

    One row per unit and maximal clique of off-job sessions, kept when more
    distinct cadres could be away than the cap.
    """
    units = data.scenario.units
    caps = np.array([data.scenario.away_cap(u.unit_id) for u in units], dtype=np.int64)
    indptr, members = _memberships(data.cliques_offjob, len(data.offerings))
    pair, clique = _expand(data.pair_offering, indptr, members)
    # Group pairs by their rank in cadre order, so that each cadre's pairs sit together in a group.
    by_cadre = np.argsort(data.pair_cadre, kind="stable")
    rank = np.empty_like(by_cadre)
    rank[by_cadre] = np.arange(len(by_cadre))
    unit = _cadre_units(data)[data.pair_cadre[pair]]
    group, ranked, sizes = _group(unit * max(1, len(data.cliques_offjob)) + clique, rank[pair])
    pair = by_cadre[ranked]
    cadre = data.pair_cadre[pair]
    new_cadre = np.ones(len(pair), dtype=bool)
    new_cadre[1:] = (group[1:] != group[:-1]) | (cadre[1:] != cadre[:-1])
    distinct = np.bincount(group, weights=new_cadre, minlength=len(sizes))
    group_unit = np.zeros(len(sizes), dtype=np.int64)
    group_unit[group] = _cadre_units(data)[cadre]
    cap = caps[group_unit]
    keep = distinct > cap
    group, pair = _keep(group, pair, keep)
    rows.add_groups(group, v.x[pair], np.ones(len(pair)), cap[keep].astype(np.float64))


def budget(rows: Rows, data: PlanningData, v: MipVariables) -> None:
    """R14: sum of cost per head <= the total budget, and per unit where a unit budget is given."""
    total = data.scenario.budget_total
    if total is not None and v.cost.sum() > total:
        rows.add_groups(np.zeros(data.num_pairs, dtype=np.int64), v.x, v.cost, float(total))
    unit = _cadre_units(data)[data.pair_cadre]
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


# ---------------------------------------------------------------- obligations


def _indicators(rows: Rows, v: MipVariables, k: np.ndarray, col: np.ndarray, coef: np.ndarray) -> None:
    """Rows ``sum(coef x col) - required[k] met[k] >= 0`` for the obligations ``k`` of the terms."""
    owners = np.unique(k)
    local = np.searchsorted(owners, k)
    n = len(owners)
    rows.add(
        np.concatenate([local, np.arange(n)]),
        np.concatenate([col, v.met[owners]]),
        np.concatenate([coef, -v.required[owners]]),
        np.zeros(n),
        np.full(n, np.inf),
    )
    v.indicator.append((k, col, coef))


def obligations_met(rows: Rows, data: PlanningData, v: MipVariables) -> None:
    """R7: a session of the summoned course; R3/R5: a systematic session; R6: one ending by the deadline."""
    ks, cols = [], []
    for k, item in enumerate(data.obligations):
        if item.rule in (Rule.R1, Rule.R2, Rule.R4):
            continue
        chosen = serving_pairs(data, k)
        ks.append(np.full(len(chosen), k, dtype=np.int64))
        cols.append(v.x[chosen])
        v.possible[k] = len(chosen) > 0
    if ks:
        k_all = np.concatenate(ks)
        _indicators(rows, v, k_all, np.concatenate(cols), np.ones(len(k_all)))


def hours_met(rows: Rows, data: PlanningData, v: MipVariables) -> None:
    """R1/R2: met when planned off-job hours >= hours owed (R10: online counts 0)."""
    hours = np.array([o.offjob_hours for o in data.offerings], dtype=np.float64)[data.pair_offering]
    owed = [
        (k, data.cadre_index[item.cadre_id or ""])
        for k, item in enumerate(data.obligations)
        if item.rule in (Rule.R1, Rule.R2)
    ]
    if not owed:
        return
    pairs = [data.pairs_by_cadre[c] for _, c in owed]
    k = np.repeat(np.array([k for k, _ in owed], dtype=np.int64), [len(p) for p in pairs])
    pair = np.concatenate(pairs).astype(np.int64)
    available = np.bincount(k, weights=hours[pair], minlength=len(data.obligations))
    for obligation, _ in owed:
        v.possible[obligation] = available[obligation] >= v.required[obligation]
    terms = v.possible[k]
    _indicators(rows, v, k[terms], v.x[pair[terms]], hours[pair[terms]])


def team_share(rows: Rows, data: PlanningData, v: MipVariables) -> None:
    """R4: at least ceil(share x team) members of each leadership team attend a session.

    attends[c] <= sum_o x[c, o]; sum of attends >= required met.
    """
    ks, members = [], []
    for k, item in enumerate(data.obligations):
        if item.rule is Rule.R4:
            team = [c for c in data.team_members(item.unit_id or "") if len(data.pairs_by_cadre[c])]
            ks.append(np.full(len(team), k, dtype=np.int64))
            members.append(np.array(team, dtype=np.int64))
    if not ks:
        return
    k, cadre = np.concatenate(ks), np.concatenate(members)
    for obligation in {k for k, item in enumerate(data.obligations) if item.rule is Rule.R4}:
        v.possible[obligation] = (k == obligation).sum() >= v.required[obligation]
    _indicators(rows, v, k, v.attends[cadre], np.ones(len(k)))
    pairs = [data.pairs_by_cadre[c] for c in cadre]
    row = np.repeat(np.arange(len(cadre)), [len(p) for p in pairs])
    n = len(cadre)
    rows.add(
        np.concatenate([np.arange(n), row]),
        np.concatenate([v.attends[cadre], v.x[np.concatenate(pairs)]]),
        np.concatenate([np.ones(n), -np.ones(len(row))]),
        np.full(n, -np.inf),
        np.zeros(n),
    )


OBLIGATION_RULES = (obligations_met, hours_met, team_share)


# ---------------------------------------------------------------- the model


@dataclass
class MipModel:
    """The MIP: the rows of every rule as a MathOpt ``ModelProto`` (no objective) and the column layout."""

    data: PlanningData
    v: MipVariables
    proto: model_pb2.ModelProto
    tier: np.ndarray
    """Tier of each obligation (1 = named summons)."""
    weight: dict[int, int]
    """Exact tier weights of :func:`optimizer.cpsat.objective.tier_weights`."""
    build_seconds: float

    @property
    def num_columns(self) -> int:
        return len(self.proto.variables.ids)

    @property
    def num_rows(self) -> int:
        return len(self.proto.linear_constraints.ids)

    def count(self, tier: int) -> int:
        return int((self.tier == tier).sum())

    def to_mathopt(self) -> mathopt.Model:
        """The model as a ``mathopt.Model`` (slow at scale: seconds per million columns)."""
        return mathopt.Model.from_model_proto(self.proto)

    def __str__(self) -> str:
        nonzeros = len(self.proto.linear_constraint_matrix.row_ids)
        size = f"{self.num_columns} columns, {self.num_rows} rows, {nonzeros} nonzeros"
        return f"MIP: {size}, built in {self.build_seconds:.1f}s"


def _needed_offerings(data: PlanningData) -> np.ndarray:
    return np.flatnonzero(np.bincount(data.pair_offering, minlength=len(data.offerings)))


def _needed_attends(data: PlanningData) -> np.ndarray:
    members = {c for item in data.obligations.of_rule(Rule.R4) for c in data.team_members(item.unit_id or "")}
    return np.array(sorted(c for c in members if len(data.pairs_by_cadre[c])), dtype=np.int64)


def _variables(data: PlanningData) -> MipVariables:
    """Columns numbered x, then run, half_empty, attends, met."""
    used, members = _needed_offerings(data), _needed_attends(data)
    sizes = [data.num_pairs, len(used), len(used), len(members), len(data.obligations)]
    x, run_columns, half_columns, attend_columns, met = np.split(
        np.arange(sum(sizes), dtype=np.int64), np.cumsum(sizes)[:-1]
    )
    run = np.full(len(data.offerings), -1, dtype=np.int64)
    half, attends = run.copy(), np.full(len(data.cadres), -1, dtype=np.int64)
    run[used], half[used], attends[members] = run_columns, half_columns, attend_columns
    cost = np.array([o.cost for o in data.offerings], dtype=np.float64)[data.pair_offering]
    required = np.array([item.required for item in data.obligations], dtype=np.float64)
    return MipVariables(
        x,
        run,
        half,
        attends,
        met,
        cost,
        required=required,
        possible=np.ones(len(data.obligations), dtype=bool),
        num_columns=sum(sizes),
    )


def build_mip(data: PlanningData) -> MipModel:
    """Every hard rule and an indicator per obligation, as in :func:`optimizer.cpsat.model.build_model`."""
    started = time.perf_counter()
    rows, v = Rows(), _variables(data)
    for rule in HARD_RULES + OBLIGATION_RULES:
        rule(rows, data, v)
    upper = np.ones(v.num_columns)
    upper[v.met[~v.possible]] = 0.0
    proto = _proto(upper, *rows.matrix())
    tier = np.array([item.tier for item in data.obligations], dtype=np.int64)
    weight = tier_weights({t: int((tier == t).sum()) for t in sorted(set(TIER_BY_RULE.values()))})
    return MipModel(data, v, proto, tier, weight, time.perf_counter() - started)


def _proto(
    upper: np.ndarray,
    row: np.ndarray,
    col: np.ndarray,
    coef: np.ndarray,
    lower_bounds: np.ndarray,
    upper_bounds: np.ndarray,
) -> model_pb2.ModelProto:
    proto = model_pb2.ModelProto()
    n = len(upper)
    proto.variables.ids.extend(range(n))
    proto.variables.lower_bounds.extend([0.0] * n)
    proto.variables.upper_bounds.extend(upper.tolist())
    proto.variables.integers.extend([True] * n)
    proto.linear_constraints.ids.extend(range(len(lower_bounds)))
    proto.linear_constraints.lower_bounds.extend(lower_bounds.tolist())
    proto.linear_constraints.upper_bounds.extend(upper_bounds.tolist())
    matrix = proto.linear_constraint_matrix
    matrix.row_ids.extend(row.tolist())
    matrix.column_ids.extend(col.tolist())
    matrix.coefficients.extend(coef.tolist())
    return proto


# ---------------------------------------------------------------- values of a plan


def chosen_pairs(data: PlanningData, picks: Iterable[Pick]) -> np.ndarray:
    """Boolean per eligible pair: is it among ``picks``?"""
    width = max(1, len(data.offerings))
    wanted = np.array([c * width + o for c, o in picks], dtype=np.int64)
    return np.isin(data.pair_cadre * width + data.pair_offering, wanted)


def picks_of(data: PlanningData, chosen: np.ndarray) -> set[Pick]:
    return set(zip(data.pair_cadre[chosen].tolist(), data.pair_offering[chosen].tolist()))


def values_from_pairs(mip: MipModel, chosen: np.ndarray) -> np.ndarray:
    """Every column's value for the plan of ``chosen`` pairs, helpers at their best (as optimizer.cpsat.warmstart does)."""
    data, v = mip.data, mip.v
    values = np.zeros(mip.num_columns)
    values[v.x] = chosen
    enrolled = np.bincount(data.pair_offering[chosen], minlength=len(data.offerings))
    half_seats = np.array([(o.seats + 1) // 2 for o in data.offerings], dtype=np.int64)
    used = v.run >= 0
    values[v.run[used]] = enrolled[used] > 0
    values[v.half_empty[used]] = ((enrolled > 0) & (enrolled < half_seats))[used]
    attending = np.zeros(len(data.cadres), dtype=bool)
    attending[data.pair_cadre[chosen]] = True
    member = v.attends >= 0
    values[v.attends[member]] = attending[member]
    activity = np.zeros(len(v.met))
    for k, col, coef in v.indicator:
        activity += np.bincount(k, weights=coef * values[col], minlength=len(v.met))
    values[v.met] = (activity >= v.required - 1e-9) & v.possible
    return values


def met_counts(mip: MipModel, values: np.ndarray) -> dict[int, int]:
    """Obligations met per tier."""
    return {t: int(values[mip.v.met[mip.tier == t]].round().sum()) for t in mip.weight}


def penalty(mip: MipModel, values: np.ndarray) -> int:
    """The stage-1 objective, exact: sum over tiers of weight x unmet."""
    met = met_counts(mip, values)
    return sum(w * (mip.count(t) - met[t]) for t, w in mip.weight.items())


def per_yuan(mip: MipModel) -> int:
    return int((mip.v.half_empty >= 0).sum()) + 1


def cost_objective(mip: MipModel, values: np.ndarray) -> int:
    """The stage-2 objective of :func:`optimizer.cpsat.objective.stage2_objective`, exact."""
    v = mip.v
    cost = int(round(float(v.cost @ values[v.x])))
    return per_yuan(mip) * cost + int(values[v.half_empty[v.half_empty >= 0]].round().sum())

