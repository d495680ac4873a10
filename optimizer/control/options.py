"""What a solve may do: time, workers, seed, and the few choices a planner makes."""

from __future__ import annotations

from dataclasses import dataclass

from optimizer.control.memory import max_pairs


@dataclass(frozen=True)
class SolveOptions:
    """Options of :func:`optimizer.pipeline.solve.solve`.

    Parameters
    ----------
    time_limit
        Seconds for the whole solve (preparation, greedy start, every stage, the plan).
    workers
        CP-SAT workers. With one worker the run is reproducible: stages are timed
        by CP-SAT's deterministic time, so the same inputs give the same plan.
    seed
        CP-SAT's random seed.
    log_every
        Seconds between progress lines.
    strict_summons
        Named summons (R7) are hard rules instead of the highest-priority obligation:
        a plan that leaves a summoned cadre out is infeasible, and explained.
    greedy_floor
        Every obligation tier meets at least as many obligations as the greedy baseline.
    whole_model_pairs
        Scenarios with more eligible pairs than this are improved a neighbourhood
        (a few units' cadres) at a time instead of as one model, whose stages
        each get too little time at that size to beat the greedy start.
    neighbourhood_pairs
        Size (eligible pairs) of a unit-subtree region in the hours and cost stages.
    shortfall_pairs
        Size (eligible pairs) of a neighbourhood around a few shortfalls
        (:mod:`optimizer.pipeline.shortfall_neighbourhoods`) in the obligation stages of a large scenario.
    core
        Solve tiers 1-3 first on the cadres who owe them (:mod:`optimizer.pipeline.core`): a
        small model whose optimum bounds the scenario's, and whose plan, completed,
        is the start.
    highs_hours
        In a scenario solved as one model whose tiers 1-3 the core settled (and
        not a reproducible run), give the hours tier first to HiGHS as a MIP
        (:mod:`optimizer.pipeline.polish`).
    max_pairs
        When the scenario has more candidate pairs than this, thin them before building anything
        (:mod:`optimizer.prepare.thinning`), or with ``thin_pairs`` off refuse
        (:class:`optimizer.prepare.data.TooManyPairs`); ``None``: what ``max_memory`` holds
        (:func:`optimizer.control.memory.max_pairs`), no limit without it.
    thin_pairs
        Above ``max_pairs``, plan on each cadre's most useful runs instead of refusing.
    max_memory
        GiB the solve may use (``None``: 60 % of the machine's memory for the models, no thinning): the
        pairs that fit (``max_pairs``), a core model only when it fits in what is left
        (:func:`optimizer.control.memory.model_room`), a search stopped near the limit.
    presolve
        CP-SAT's presolve before each stage. Off by default: every stage starts
        from a complete feasible hint, which CP-SAT takes as its first plan only
        after presolve, and presolve of the same model again and again costs more
        than it buys (benchmarks/RESULTS.md).
    """

    time_limit: float = 60.0
    workers: int = 2
    seed: int = 0
    log_every: float = 2.0
    strict_summons: bool = False
    greedy_floor: bool = True
    whole_model_pairs: int = 20_000
    neighbourhood_pairs: int = 20_000
    presolve: bool = False
    core: bool = True
    highs_hours: bool = True
    shortfall_pairs: int = 12_000
    max_pairs: int | None = None
    thin_pairs: bool = True
    max_memory: float | None = None

    @property
    def pair_limit(self) -> int | None:
        """``max_pairs``, else the pairs ``max_memory`` holds, else ``None``."""
        if self.max_pairs is not None or self.max_memory is None:
            return self.max_pairs
        return max_pairs(self.max_memory)

    @property
    def deterministic(self) -> bool:
        return self.workers == 1
