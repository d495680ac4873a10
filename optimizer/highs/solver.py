"""One HiGHS solve of the MIP through MathOpt, and the objectives of its lexicographic stages.

HiGHS runs through MathOpt's core ``solve`` on the model's proto, the call
``mathopt.solve`` makes after exporting its ``mathopt.Model``: skipping that
export and the per-variable result dictionary matters at scale.

Stage 1 numerics: the exact tier weights grow with the number of
obligations, soon beyond what a MIP's floating-point tolerances can tell
apart. Above :data:`optimizer.highs.model.MAX_MIP_WEIGHT` stage 1 is therefore solved as one MIP per
tier: maximise the met count of tier t with every higher tier held at the
count found. With exact weights this is the same optimum, and each stage's
objective is a small integer count; the stage-1 bound is exact up to the
first tier not proven optimal and that tier's bound after it.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import timedelta

import numpy as np
from ortools.math_opt import model_parameters_pb2, model_pb2, result_pb2, solution_pb2
from ortools.math_opt.core.python import solver as core_solver
from ortools.math_opt.python import mathopt
from ortools.math_opt.solvers import highs_pb2
from ortools.util.python.solve_interrupter import SolveInterrupter

from optimizer.control.background import Background
from optimizer.highs.model import MipModel, per_yuan

ABSOLUTE_GAP = 0.999
"""Every objective is integral, so a gap below 1 proves optimality."""

# ---------------------------------------------------------------- one HiGHS solve


@dataclass(frozen=True)
class Objective:
    """Minimise ``offset + sum(coef x column)``; ``rows`` are extra rows ``lower <= sum`` for this stage."""

    columns: np.ndarray
    coefficients: np.ndarray
    offset: float = 0.0
    rows: list[tuple[np.ndarray, np.ndarray, float]] = field(default_factory=list)


@dataclass(frozen=True)
class Outcome:
    """What one HiGHS solve gave: status name, the solution (rounded to a plan) and the dual bound."""

    status: str
    chosen: np.ndarray | None
    bound: float | None
    seconds: float
    values: np.ndarray | None = None
    """Every column's value in the solution (an LP's are fractional); None without one."""


def _stage_proto(mip: MipModel, objective: Objective, relax: bool) -> model_pb2.ModelProto:
    proto = model_pb2.ModelProto()
    proto.CopyFrom(mip.proto)
    order = np.argsort(objective.columns)
    proto.objective.offset = objective.offset
    proto.objective.linear_coefficients.ids.extend(objective.columns[order].tolist())
    proto.objective.linear_coefficients.values.extend(objective.coefficients[order].tolist())
    first = len(proto.linear_constraints.ids)
    for k, (columns, coefficients, lower) in enumerate(objective.rows):
        order = np.argsort(columns)
        proto.linear_constraints.ids.append(first + k)
        proto.linear_constraints.lower_bounds.append(lower)
        proto.linear_constraints.upper_bounds.append(math.inf)
        proto.linear_constraint_matrix.row_ids.extend([first + k] * len(columns))
        proto.linear_constraint_matrix.column_ids.extend(columns[order].tolist())
        proto.linear_constraint_matrix.coefficients.extend(coefficients[order].tolist())
    if relax:
        del proto.variables.integers[:]
        proto.variables.integers.extend([False] * len(proto.variables.ids))
    return proto


def _parameters(seconds: float, threads: int, relax: bool, barrier: bool) -> mathopt.SolveParameters:
    # MathOpt refuses its own ``threads`` for HiGHS ("set using globals"); HiGHS' option is passed through.
    options = highs_pb2.HighsOptionsProto()
    options.int_options["threads"] = max(1, threads)
    more: dict = {"relative_gap_tolerance": 0.0, "absolute_gap_tolerance": ABSOLUTE_GAP} if not relax else {}
    if barrier:
        more["lp_algorithm"] = mathopt.LPAlgorithm.BARRIER
    return mathopt.SolveParameters(time_limit=timedelta(seconds=max(0.1, seconds)), highs=options, **more)


def run_highs(
    mip: MipModel,
    objective: Objective,
    seconds: float,
    threads: int = 2,
    hint: np.ndarray | None = None,
    relax: bool = False,
    barrier: bool = False,
    interrupter: SolveInterrupter | None = None,
) -> Outcome:
    """Solve the model with ``objective`` by HiGHS (the LP relaxation if ``relax``; barrier if ``barrier``).

    ``interrupter`` stops the solve from another thread (it then returns what it has).
    """
    started = time.perf_counter()
    threads = process_threads(threads)
    proto = _stage_proto(mip, objective, relax)
    model_parameters = model_parameters_pb2.ModelSolveParametersProto()
    if hint is not None and not relax:
        solution = model_parameters.solution_hints.add()
        solution.variable_values.ids.extend(range(len(hint)))
        solution.variable_values.values.extend(hint.tolist())
    result = _solve(proto, _parameters(seconds, threads, relax, barrier), model_parameters, interrupter)
    return _outcome(mip, result, time.perf_counter() - started)


@dataclass(frozen=True)
class Watched:
    """What :func:`run_highs_watched` got: HiGHS's outcome (None: refused, see ``error``) and its seconds."""

    outcome: Outcome | None
    error: str | None
    seconds: float


def run_highs_watched(
    mip: MipModel,
    objective: Objective,
    seconds: float,
    threads: int,
    hint: np.ndarray | None = None,
    interrupter: SolveInterrupter | None = None,
    tick: Callable[[float], None] | None = None,
    every: float = 2.0,
) -> Watched:
    """:func:`run_highs` in a watched daemon thread, ``tick(elapsed)`` every ``every`` seconds.

    In the main thread a Ctrl-C during HiGHS's solve was lost (the run went on
    to its time limit); here it is raised at once as KeyboardInterrupt, with
    ``interrupter`` interrupted and HiGHS left to run out its time limit in the
    background (MathOpt's HiGHS does not honour the interrupter yet).
    """
    box: dict[str, Outcome | str] = {}

    def work() -> None:
        try:
            box["outcome"] = run_highs(mip, objective, seconds, threads, hint, interrupter=interrupter)
        except RuntimeError as error:  # HiGHS refused the model
            box["error"] = str(error)

    job = Background(work)
    try:
        job.watch(tick, every)
    except KeyboardInterrupt:
        if interrupter is not None:
            interrupter.interrupt()
        raise
    outcome, error = box.get("outcome"), box.get("error")
    return Watched(
        outcome if isinstance(outcome, Outcome) else None,
        error if isinstance(error, str) else None,
        job.elapsed(),
    )


def solve_relaxation(proto: model_pb2.ModelProto, seconds: float, threads: int = 1) -> float | None:
    """The dual bound of the LP ``proto`` (a minimisation, no integers) by HiGHS' barrier, then its dual
    simplex if the barrier gives none; None when neither does within ``seconds``."""
    until = time.perf_counter() + seconds
    for barrier in (True, False):
        left = until - time.perf_counter()
        if left < 0.1:
            break
        parameters = _parameters(left, process_threads(threads), relax=True, barrier=barrier)
        try:
            result = _solve(proto, parameters, model_parameters_pb2.ModelSolveParametersProto(), None)
        except RuntimeError:
            continue  # the barrier refuses a model its presolve empties
        bound = mathopt.parse_termination(result.termination).objective_bounds.dual_bound
        if math.isfinite(bound):
            return bound
    return None


def _solve(
    proto: model_pb2.ModelProto,
    parameters: mathopt.SolveParameters,
    model_parameters: model_parameters_pb2.ModelSolveParametersProto,
    interrupter: SolveInterrupter | None,
) -> result_pb2.SolveResultProto:
    try:
        return core_solver.solve(
            proto,
            mathopt.SolverType.HIGHS.value,
            mathopt.StreamableSolverInitArguments().to_proto(),
            parameters.to_proto(),
            model_parameters,
            None,
            mathopt.CallbackRegistration().to_proto(),
            None,
            interrupter.pybind_interrupter if interrupter is not None else None,
        )
    except Exception as error:  # pybind11_abseil's StatusNotOk; mathopt.solve's own handler breaks on it here
        raise RuntimeError(f"HiGHS (MathOpt) refused the model: {error}") from None


def _outcome(mip: MipModel, result: result_pb2.SolveResultProto, seconds: float) -> Outcome:
    termination = mathopt.parse_termination(result.termination)
    reason = termination.reason
    chosen, found = None, None
    for solution in result.solutions:
        primal = solution.primal_solution
        if (
            solution.HasField("primal_solution")
            and primal.feasibility_status == solution_pb2.SOLUTION_STATUS_FEASIBLE
        ):
            values = np.zeros(mip.num_columns)
            values[np.asarray(primal.variable_values.ids, dtype=np.int64)] = np.asarray(
                primal.variable_values.values
            )
            chosen, found = values[mip.v.x] > 0.5, values
            break
    bound = termination.objective_bounds.dual_bound
    if reason is mathopt.TerminationReason.OPTIMAL:
        status = "optimal"
    elif reason in (mathopt.TerminationReason.INFEASIBLE, mathopt.TerminationReason.INFEASIBLE_OR_UNBOUNDED):
        status = "infeasible"
    else:
        status = "feasible" if chosen is not None else "unknown"
    return Outcome(status, chosen, bound if math.isfinite(bound) else None, seconds, found)


_THREADS: list[int] = []


def process_threads(wanted: int) -> int:
    """The thread count of every HiGHS solve in this process: the first one's.

    HiGHS sets up its task scheduler once per process; a later solve asking
    for another thread count is refused (``kError [INTERNAL]``), so every
    solve keeps the first count.
    """
    if not _THREADS:
        _THREADS.append(max(1, wanted))
    return _THREADS[0]


def integral_bound(bound: float | None) -> float:
    """A dual bound on an integral objective, rounded up past float noise; -inf when there is none."""
    if bound is None:
        return -math.inf
    return float(math.ceil(bound - 1e-6 * max(1.0, abs(bound))))


# ---------------------------------------------------------------- the two stages

Held = dict[int, int]
"""Tier -> at least this many of its obligations met."""


def held_rows(mip: MipModel, held: Held) -> list[tuple[np.ndarray, np.ndarray, float]]:
    rows = []
    for tier, met in sorted(held.items()):
        columns = mip.v.met[mip.tier == tier]
        rows.append((columns, np.ones(len(columns)), float(met)))
    return rows


def tier_objective(mip: MipModel, tier: int, held: Held) -> Objective:
    """Minimise the unmet count of ``tier`` with the ``held`` tiers kept."""
    columns = mip.v.met[mip.tier == tier]
    return Objective(columns, -np.ones(len(columns)), float(len(columns)), held_rows(mip, held))


def weighted_objective(mip: MipModel, held: Held | None = None) -> Objective:
    """Stage 1 as one objective: sum of weight x (count - met), the weighted penalty of every tier."""
    weight = np.array([mip.weight[t] for t in mip.tier.tolist()], dtype=np.float64)
    return Objective(mip.v.met, -weight, float(weight.sum()), held_rows(mip, held or {}))


def penalty_row(mip: MipModel, limit: int) -> tuple[np.ndarray, np.ndarray, float]:
    """sum of weight x met >= sum of weight x count - limit: the stage-1 penalty <= ``limit``."""
    objective = weighted_objective(mip)
    return mip.v.met, -objective.coefficients, objective.offset - limit


def stage2_objective(mip: MipModel, rows: list[tuple[np.ndarray, np.ndarray, float]]) -> Objective:
    """Stage 2: per_yuan x cost + half-empty sessions, as optimizer.cpsat.objective.cost_then_half_empty."""
    half = mip.v.half_empty[mip.v.half_empty >= 0]
    cost_columns, cost_coefficients = mip.v.cost_terms(mip.data)
    columns = np.concatenate([cost_columns, half])
    coefficients = np.concatenate([per_yuan(mip) * cost_coefficients, np.ones(len(half))])
    return Objective(columns, coefficients, 0.0, rows)


def per_tier(mip: MipModel, max_weight: float) -> bool:
    return max(mip.weight.values()) > max_weight
