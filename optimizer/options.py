"""What a solve may do: time, workers, seed, and the few choices a planner makes."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class SolveOptions:
    """Options of :func:`optimizer.solve.solve`.

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
    neighbourhood_pairs
        Scenarios with more eligible pairs than this are improved a neighbourhood
        (a few units' cadres) at a time instead of as one model.
    """

    time_limit: float = 60.0
    workers: int = 2
    seed: int = 0
    log_every: float = 2.0
    strict_summons: bool = False
    greedy_floor: bool = True
    neighbourhood_pairs: int = 160_000

    @property
    def deterministic(self) -> bool:
        return self.workers == 1
