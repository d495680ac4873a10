"""The CP-SAT model of :mod:`optimizer.cpsat` as a MIP, solved by HiGHS through OR-Tools MathOpt.

A peer and a bound provider for the CP-SAT pipeline, with the same
variables (:mod:`optimizer.highs.variables`), the same hard rules
(:mod:`optimizer.highs.constraints`) and obligation indicators
(:mod:`optimizer.highs.obligations`), one function per rule taking
``(rows, data, v)``, and the same lexicographic stages
(:mod:`optimizer.highs.solver`).

The rows are built as numpy blocks (:mod:`optimizer.highs.rows`) and the
model is handed to MathOpt as one ``ModelProto``: creating millions of
variables and rows one by one through ``mathopt.Model`` is far slower than
writing the proto's arrays at once.

As in :func:`optimizer.pipeline.solve.solve`, pins are hard; the greedy floor
is added by the stages that want it.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, replace

import numpy as np
from ortools.math_opt import model_pb2

from models.obligations import TIER_BY_RULE
from optimizer.highs.constraints import HARD_RULES
from optimizer.highs.obligations import OBLIGATION_RULES
from optimizer.highs.patterns import pattern_values
from optimizer.highs.rows import Rows
from optimizer.highs.variables import MipVariables, mip_variables
from optimizer.prepare.data import PlanningData
from optimizer.prepare.tiers import tier_weights

MAX_MIP_WEIGHT = 1e7
"""Largest tier weight put into one weighted MIP objective; above it stage 1 goes tier by tier."""


@dataclass
class MipModel:
    """The MIP: the rows of every rule as a MathOpt ``ModelProto`` (no objective) and the column layout."""

    data: PlanningData
    v: MipVariables
    proto: model_pb2.ModelProto
    tier: np.ndarray
    """Tier of each obligation (1 = named summons)."""
    weight: dict[int, int]
    """Exact tier weights of :func:`optimizer.prepare.tiers.tier_weights`."""
    build_seconds: float

    @property
    def num_columns(self) -> int:
        return len(self.proto.variables.ids)

    @property
    def num_rows(self) -> int:
        return len(self.proto.linear_constraints.ids)

    def count(self, tier: int) -> int:
        return int((self.tier == tier).sum())

    def __str__(self) -> str:
        nonzeros = len(self.proto.linear_constraint_matrix.row_ids)
        size = f"{self.num_columns} columns, {self.num_rows} rows, {nonzeros} nonzeros"
        return f"MIP: {size}, built in {self.build_seconds:.1f}s"


def build_mip(data: PlanningData, strict_summons: bool = False) -> MipModel:
    """Every hard rule and an indicator per obligation, as in :func:`optimizer.cpsat.model.build_model`."""
    started = time.perf_counter()
    rows, v = Rows(), mip_variables(data, strict_summons)
    for rule in HARD_RULES + OBLIGATION_RULES:
        rule(rows, data, v)
    upper = v.upper.copy()
    upper[v.met[~v.possible]] = 0.0
    proto = proto_of(upper, *rows.matrix())
    tier = np.array([item.tier for item in data.obligations], dtype=np.int64)
    weight = tier_weights({t: int((tier == t).sum()) for t in sorted(set(TIER_BY_RULE.values()))})
    return MipModel(data, v, proto, tier, weight, time.perf_counter() - started)


def proto_of(
    upper: np.ndarray,
    row: np.ndarray,
    col: np.ndarray,
    coef: np.ndarray,
    lower_bounds: np.ndarray,
    upper_bounds: np.ndarray,
    integers: bool = True,
) -> model_pb2.ModelProto:
    """A MathOpt model of columns ``0 <= column <= upper`` (integers unless not ``integers``) and the rows
    ``lower_bounds <= sum(coef x column) <= upper_bounds``, no objective."""
    proto = model_pb2.ModelProto()
    n = len(upper)
    proto.variables.ids.extend(range(n))
    proto.variables.lower_bounds.extend([0.0] * n)
    proto.variables.upper_bounds.extend(upper.tolist())
    proto.variables.integers.extend([integers] * n)
    proto.linear_constraints.ids.extend(range(len(lower_bounds)))
    proto.linear_constraints.lower_bounds.extend(lower_bounds.tolist())
    proto.linear_constraints.upper_bounds.extend(upper_bounds.tolist())
    matrix = proto.linear_constraint_matrix
    matrix.row_ids.extend(row.tolist())
    matrix.column_ids.extend(col.tolist())
    matrix.coefficients.extend(coef.tolist())
    return proto


def taking(mip: MipModel, pairs: np.ndarray) -> MipModel:
    """A copy of ``mip`` in which the plan takes ``pairs`` (indices): their columns' lower bounds at 1."""
    proto = model_pb2.ModelProto()
    proto.CopyFrom(mip.proto)
    lower = np.array(proto.variables.lower_bounds)
    lower[mip.v.x[pairs]] = 1.0
    del proto.variables.lower_bounds[:]
    proto.variables.lower_bounds.extend(lower.tolist())
    return replace(mip, proto=proto)


# ---------------------------------------------------------------- values of a plan


def values_from_pairs(mip: MipModel, chosen: np.ndarray) -> np.ndarray:
    """Every column's value for the plan of ``chosen`` pairs, helpers at their best (as the warm start)."""
    data, v = mip.data, mip.v
    values = np.zeros(mip.num_columns)
    values[v.x] = chosen
    enrolled = np.bincount(data.pair_offering[chosen], minlength=len(data.offerings))
    enrolled = enrolled + data.used_outside.enrolled
    for o in np.flatnonzero(v.filler >= 0).tolist():  # just enough anonymous cadres for the minimum enrolment
        short = data.offerings[o].min_enrolment - int(enrolled[o]) if enrolled[o] > 0 else 0
        values[v.filler[o]] = max(0, min(short, int(v.upper[v.filler[o]])))
        enrolled[o] += int(values[v.filler[o]])
    half_seats = np.array([(o.seats + 1) // 2 for o in data.offerings], dtype=np.int64)
    used = v.run >= 0
    values[v.run[used]] = enrolled[used] > 0
    values[v.half_empty[used]] = ((enrolled > 0) & (enrolled < half_seats))[used]
    for key, columns in v.attends.items():
        attending = np.zeros(len(data.cadres), dtype=bool)
        attending[data.pair_cadre[chosen & v.attend_kinds[key][data.pair_offering]]] = True
        member = columns >= 0
        values[columns[member]] = attending[member]
    activity = np.zeros(len(v.met))
    for k, col, coef in v.indicator:
        activity += np.bincount(k, weights=coef * values[col], minlength=len(v.met))
    values[v.met] = (activity >= v.required - 1e-9) & v.possible
    values[v.patterns[1]] = pattern_values(v, chosen, values[v.met])
    return values


def met_counts(mip: MipModel, values: np.ndarray) -> dict[int, int]:
    """Obligations met per tier."""
    return {t: int(values[mip.v.met[mip.tier == t]].round().sum()) for t in mip.weight}


def penalty(mip: MipModel, values: np.ndarray) -> int:
    """The stage-1 objective, exact: sum over tiers of weight x unmet."""
    met = met_counts(mip, values)
    return sum(w * (mip.count(t) - met[t]) for t, w in mip.weight.items())


def per_yuan(mip: MipModel) -> int:
    """Weight of a yuan in the cost stage: more than all half-empty sessions together."""
    return int((mip.v.half_empty >= 0).sum()) + 1


def cost_objective(mip: MipModel, values: np.ndarray) -> int:
    """The cost stage's objective of :func:`optimizer.cpsat.objective.cost_then_half_empty`, exact."""
    columns, coefficients = mip.v.cost_terms(mip.data)
    cost = int(round(float(coefficients @ values[columns])))
    return per_yuan(mip) * cost + int(values[mip.v.half_empty[mip.v.half_empty >= 0]].round().sum())
