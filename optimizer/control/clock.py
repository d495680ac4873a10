"""The solve's time budget, shared out among stages and neighbourhoods.

By default the budget is wall-clock seconds. A reproducible run (one
worker) counts CP-SAT's deterministic time instead, so that the same inputs
stop at the same point of the search whatever the machine's load; wall time
then only guards against a runaway solve.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field

from ortools.sat.python import cp_model

from optimizer.control.progress import StageOutcome

DTIME_PER_SECOND = 0.4
"""CP-SAT deterministic time per wall second of one worker on an idle 2-core machine (benchmarks/RESULTS.md):
a reproducible run's budget of S seconds is S x this much deterministic time."""
WALL_GUARD = 30.0
"""In a reproducible run, a solve may take this many times its slice's wall-clock equivalent, plus a minute,
before wall time stops it: only a runaway guard, far above what a loaded machine needs, because a stop on
wall time is the one thing that breaks reproducibility."""


@dataclass
class Clock:
    """``seconds`` to spend from now; ``deterministic`` counts CP-SAT's deterministic time instead.

    Use :meth:`budget` to make one from wall seconds: in a reproducible run
    they become ``DTIME_PER_SECOND`` times as much deterministic time.
    """

    seconds: float
    deterministic: bool = False
    started: float = field(default_factory=time.perf_counter)
    used: float = 0.0
    """Deterministic time spent so far (reproducible runs)."""

    @classmethod
    def budget(cls, seconds: float, deterministic: bool) -> Clock:
        return cls(seconds * DTIME_PER_SECOND if deterministic else seconds, deterministic)

    def elapsed(self) -> float:
        return self.used if self.deterministic else time.perf_counter() - self.started

    def remaining(self) -> float:
        return max(0.0, self.seconds - self.elapsed())

    def share(self, weight: float, weights_left: float) -> float:
        """The slice of the remaining time for a piece of work of ``weight`` among ``weights_left``."""
        return self.remaining() * weight / max(weight, weights_left)

    def configure(self, solver: cp_model.CpSolver, seconds: float) -> None:
        """Limit one CP-SAT solve to ``seconds`` of this clock."""
        seconds = max(0.05, seconds)
        if self.deterministic:
            solver.parameters.max_deterministic_time = seconds
            solver.parameters.max_time_in_seconds = WALL_GUARD * seconds / DTIME_PER_SECOND + 60.0
        else:
            solver.parameters.max_time_in_seconds = seconds

    def charge(self, outcome: StageOutcome) -> None:
        self.used += outcome.deterministic_time
