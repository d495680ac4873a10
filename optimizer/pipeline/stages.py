"""Lexicographic stages on one CP-SAT model: each obligation tier in turn, then cost.

Obligations are met in strict priority order (named summons > remedial >
team share and the 2-3-year course > hours). Rather than one objective
with tier weights of 10^8 and more, which CP-SAT's search and bounds handle
badly, each tier gets a stage of its own whose objective is a small count:
minimise the tier's unmet obligations with every higher tier held at what
its stage found (what that bought is in benchmarks/RESULTS.md). The last
stage holds every tier and minimises cost, then sessions run
below half their seats.

Re-planning adds a ``keep`` stage (as many of the previous plan's
assignments kept as possible) right after the named summons.

Each stage is warm-started with the previous stage's plan (a complete hint),
so every stage's plan is at least as good as the one before, stage by stage.
A tier whose obligations are all met or cannot be met (no eligible session)
needs no solve: its trivial bound proves it.
"""

from __future__ import annotations

import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np
from ortools.sat.python import cp_model

from optimizer.control.clock import Clock
from optimizer.control.context import SolveContext
from optimizer.control.memory import limit_bytes
from optimizer.control.options import SolveOptions
from optimizer.control.progress import StageOutcome, tier_line
from optimizer.cpsat.model import build_model
from optimizer.cpsat.objective import cost_then_half_empty, lateness, overdue_ends, unmet
from optimizer.cpsat.solver import run_solver
from optimizer.cpsat.variables import LinearExpr, Variables
from optimizer.cpsat.warmstart import add_hint, chosen_of, picks_of, values_from_chosen
from optimizer.greedy.baseline import complete_picks
from optimizer.prepare.data import PlanningData
from optimizer.prepare.tiers import TIERS

KEEP, EARLY, COST = "keep", "early", "cost"
Stage = int | str
"""A tier number (1 = named summons ... 5 = unit indicators), ``"keep"``, ``"early"`` or ``"cost"``."""
STAGE_WEIGHT: dict[Stage, float] = {KEEP: 1.0, 1: 1.0, 2: 1.0, 3: 1.0, 4: 4.0, 5: 1.0, EARLY: 0.5, COST: 1.5}
"""Relative share of the time each stage may take; stages that finish early leave theirs to the rest."""
PLAIN = (EARLY, COST)
"""Stages that count no obligation: they minimise a measure with every tier held."""


def stage_name(stage: Stage) -> str:
    return stage if isinstance(stage, str) else f"tier {stage}"


@dataclass
class StageResult:
    """One stage: what it reached and how far that is proven.

    For a tier, ``count`` obligations, ``met`` met, ``upper`` an upper bound on
    ``met`` given every higher tier at its held value; for ``keep`` the same
    over the previous plan's pairs; ``cost`` reports the cost objective.
    """

    stage: Stage
    count: int
    met: int
    upper: int | None
    outcome: StageOutcome | None = None
    note: str = ""
    source: str = "cp-sat"
    """Where ``upper`` comes from: ``cp-sat`` (this stage), ``cp-sat core`` (:mod:`optimizer.pipeline.core`),
    ``highs core`` (:mod:`optimizer.pipeline.core_highs`), ``highs lp`` (the LP over every pair),
    ``highs class lp`` (:mod:`optimizer.highs.classes`) or ``highs``."""

    @property
    def proven(self) -> bool:
        return self.upper is not None and self.met >= self.upper


@dataclass
class StagesRun:
    """The plan after the stages (a mask over the data's pairs) and each stage's result."""

    chosen: np.ndarray
    results: list[StageResult] = field(default_factory=list)
    infeasible: bool = False
    build_seconds: float = 0.0
    """Building the CP-SAT model(s)."""
    solve_seconds: float = 0.0
    """Inside CP-SAT."""

    def result(self, stage: Stage) -> StageResult | None:
        return next((r for r in self.results if r.stage == stage), None)


def make_solver(options: SolveOptions, clock: Clock, seconds: float) -> cp_model.CpSolver:
    solver = cp_model.CpSolver()
    params = solver.parameters
    params.num_workers = max(1, options.workers)
    params.random_seed = options.seed
    params.catch_sigint_signal = False  # Ctrl-C is ours: the runner stops the search and keeps the plan
    # Presolve's dominated-constraint detection costs far more than it saves here
    # (benchmarks/RESULTS.md).
    params.max_presolve_iterations = 1
    params.presolve_inclusion_work_limit = 0
    params.cp_model_presolve = options.presolve
    if options.workers == 1:
        params.interleave_search = True  # one worker still rotates LNS and search strategies
    clock.configure(solver, seconds)
    return solver


def top_leader_indicators(data: PlanningData, v: Variables) -> dict[int, list[cp_model.IntVar]]:
    """The ``met`` indicators of each tier's obligations owed by top leaders (R18's tie-break)."""
    found: dict[int, list[cp_model.IntVar]] = {t: [] for t in TIERS}
    for k, item in enumerate(data.obligations):
        if item.top_leader:
            found[item.tier].append(v.met[k])
    return found


def tier_indicators(data: PlanningData, v: Variables) -> dict[int, list[cp_model.IntVar]]:
    """The ``met`` indicators of each tier."""
    found: dict[int, list[cp_model.IntVar]] = {t: [] for t in TIERS}
    for k, item in enumerate(data.obligations):
        found[item.tier].append(v.met[k])
    return found


class _Model:
    """A model with its tier indicators, and the plan it holds (every variable's value, also its hint)."""

    def __init__(self, data: PlanningData, options: SolveOptions, chosen: np.ndarray):
        self.data = data
        self.model, self.v = build_model(data, strict_summons=options.strict_summons)
        self.tiers = tier_indicators(data, self.v)
        self.top = top_leader_indicators(data, self.v)
        self.tier_index = {t: np.array([m.index for m in ms], dtype=np.int64) for t, ms in self.tiers.items()}
        self.x_index = np.array([x.index for x in self.v.x], dtype=np.int64)
        self.ends = overdue_ends(data)
        self.hint(chosen)

    def hint(self, chosen: np.ndarray) -> None:
        values = values_from_chosen(self.data, self.v, chosen)
        add_hint(self.model, values)
        self.chosen = chosen
        self.values = np.zeros(len(self.model.proto.variables), dtype=np.int64)
        for var, value in values.items():
            self.values[var.index] = value

    def take(self, solution: list[int]) -> None:
        """The solver's plan becomes the held plan and the next stage's (complete) hint."""
        self.values = np.asarray(solution, dtype=np.int64)
        self.chosen = self.values[self.x_index].astype(bool)
        self.model.clear_hints()
        hint = self.model.proto.solution_hint
        hint.vars.extend(range(len(solution)))
        hint.values.extend(solution)

    def met(self, tier: int) -> int:
        return int(self.values[self.tier_index[tier]].sum())


def run_stages(
    data: PlanningData,
    chosen: np.ndarray,
    stages: Sequence[Stage],
    context: SolveContext,
    *,
    prefer: np.ndarray | None = None,
    complete: bool = False,
    label: str = "",
) -> StagesRun:
    """Run ``stages`` in order on ``data``'s model, starting from the plan ``chosen`` (a mask over pairs).

    Every tier is held at ``context.floors``; a stage already at
    ``context.possible`` is proven without a solve. ``prefer`` is the mask of
    the pairs the ``keep`` stage tries to keep; with ``complete``, what still
    fits toward unmet obligations is added greedily between stages (only for a
    whole scenario, not a neighbourhood).
    """
    run = StagesRun(chosen)
    try:
        build_started = time.perf_counter()
        held = _Model(data, context.options, chosen)
        run.build_seconds = time.perf_counter() - build_started
    except KeyboardInterrupt:
        context.first_interrupt()
        return run
    for tier, floor in context.floors.items():
        if floor > 0 and held.tiers[tier]:
            held.model.add(LinearExpr.sum(held.tiers[tier]) >= floor)
    weights_left = sum(STAGE_WEIGHT[s] for s in stages)
    for stage in stages:
        seconds = context.clock.share(STAGE_WEIGHT[stage], weights_left)
        weights_left -= STAGE_WEIGHT[stage]
        if context.interrupted.flag or seconds < 0.05:
            note = "no time left" if not context.interrupted.flag else "interrupted"
            run.results.append(_unsolved(held, stage, prefer, note))
            continue
        try:
            result = _one_stage(held, stage, context, seconds, prefer, label)
            if (
                _floored_below(stage, context.floors)
                and result.upper is not None
                and result.outcome is not None
            ):
                # Held at the greedy floor, a lower tier may have kept this one from its optimum: the
                # solver's bound is then one of the floored problem, not of the priority order.
                result.upper = None
                result.note = "bound not kept: lower tiers held at the greedy floor"
            run.results.append(result)
            run.solve_seconds += result.outcome.seconds if result.outcome is not None else 0.0
            if result.outcome is not None and result.outcome.status in ("infeasible", "model_invalid"):
                run.infeasible = True
                return run
            if complete and result.outcome is not None and result.outcome.solution and stage not in PLAIN:
                held.hint(chosen_of(data, complete_picks(data, picks_of(data, held.chosen))))
                result.met = _count(held, stage, prefer)
            _hold(held, stage, result.met, prefer)
        except KeyboardInterrupt:
            context.first_interrupt()
            run.chosen = held.chosen
            return run
    run.chosen = held.chosen
    return run


def _floored_below(stage: Stage, floors: Mapping[int, int]) -> bool:
    """Does a tier below ``stage`` have a floor in this model?"""
    return isinstance(stage, int) and any(f > 0 and t > stage for t, f in floors.items())


def _objective(held: _Model, stage: Stage, prefer: np.ndarray | None) -> tuple[LinearExpr, int]:
    """The stage's objective (to minimise) and the count it is taken from."""
    if stage == COST:
        return cost_then_half_empty(held.v), 0
    if stage == EARLY:
        return lateness(held.v, held.ends), 0
    if stage == KEEP:
        keep = [held.v.x[p] for p in np.flatnonzero(prefer).tolist()] if prefer is not None else []
        return unmet(keep), len(keep)
    return _tier_measure(held, int(stage)), len(held.tiers[int(stage)])


def _tier_measure(held: _Model, tier: int) -> LinearExpr:
    """A tier's unmet count, then (R18) its top leaders' unmet: (T + 1) x unmet + top leaders' unmet, T the
    tier's top-leader obligations, so no number of top leaders outweighs one obligation more."""
    top = held.top[tier]
    return (len(top) + 1) * unmet(held.tiers[tier]) + unmet(top)


def _count(held: _Model, stage: Stage, prefer: np.ndarray | None) -> int:
    if stage == KEEP:
        return int((held.chosen & prefer).sum()) if prefer is not None else 0
    if stage in PLAIN:
        return 0
    return held.met(int(stage))


def _unsolved(held: _Model, stage: Stage, prefer: np.ndarray | None, note: str) -> StageResult:
    count = (
        0
        if stage in PLAIN
        else (
            int(prefer.sum())
            if stage == KEEP and prefer is not None
            else (len(held.tiers[int(stage)]) if stage != KEEP else 0)
        )
    )
    return StageResult(stage, count, _count(held, stage, prefer), None, None, note)


def _one_stage(
    held: _Model, stage: Stage, context: SolveContext, seconds: float, prefer: np.ndarray | None, label: str
) -> StageResult:
    objective, count = _objective(held, stage, prefer)
    met = _count(held, stage, prefer)
    if stage == EARLY and not held.ends[0]:
        return StageResult(stage, 0, 0, None, None, "no overdue remedial training")
    if stage == COST:
        _hold_lateness(held)
    if stage not in PLAIN:
        if count == 0:
            return StageResult(stage, 0, 0, 0, None, "nothing owed")
        ceiling = count if stage == KEEP else min(count, context.possible.get(int(stage), count))
        if met >= ceiling:
            return StageResult(stage, count, met, ceiling, None, "every obligation that can be met is met")
    held.model.minimize(objective)
    solver = make_solver(context.options, context.clock, seconds)
    name = f"{label}{stage_name(stage)}"
    line = None
    if isinstance(stage, int):
        scale = len(held.top[int(stage)]) + 1

        def line(elapsed: float, objective: float | None, bound: float | None) -> str:
            return tier_line(name, elapsed, count, scale, objective, bound)

    outcome = run_solver(
        held.model,
        solver,
        name,
        context.report,
        context.interrupted,
        context.options.log_every,
        line,
        limit_bytes(context.options.max_memory),
    )
    context.clock.charge(outcome)
    if outcome.solution:
        held.take(outcome.solution)
    if stage in PLAIN:
        return StageResult(stage, 0, 0, None, outcome)
    met = _count(held, stage, prefer)
    upper = None
    if outcome.bound is not None:
        scale = 1 if stage == KEEP else len(held.top[int(stage)]) + 1
        upper = count - int(np.ceil(outcome.bound - 1e-6)) // scale  # top leaders' unmet < scale
    if outcome.status == "optimal":
        upper = met
    return StageResult(stage, count, met, upper, outcome)


def _hold(held: _Model, stage: Stage, met: int, prefer: np.ndarray | None) -> None:
    """Later stages may not lose what this stage reached."""
    if stage in PLAIN or met <= 0:
        return
    if stage == KEEP:
        keep = [held.v.x[p] for p in np.flatnonzero(prefer).tolist()] if prefer is not None else []
        held.model.add(LinearExpr.sum(keep) >= met)
    else:
        tier = int(stage)
        top = held.top[tier]
        top_met = int(held.values[[m.index for m in top]].sum()) if top else 0
        held.model.add(LinearExpr.sum(held.tiers[tier]) >= met)
        if top:  # R18: with the tier's count held, its top leaders' count is held too
            scale = len(top) + 1
            reached = scale * met + top_met
            held.model.add(scale * LinearExpr.sum(held.tiers[tier]) + LinearExpr.sum(top) >= reached)


def _hold_lateness(held: _Model) -> None:
    """The cost stage keeps the overdue remedial runs at least as early as the plan it starts from (R6b)."""
    pairs, days = held.ends
    if pairs:
        now = int(sum(d * int(held.values[held.x_index[p]]) for p, d in zip(pairs, days, strict=True)))
        held.model.add(lateness(held.v, held.ends) <= now)
