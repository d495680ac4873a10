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

from optimizer.runner import StageOutcome

WALL_GUARD = 4.0
"""In a reproducible run, a solve may take this many times its deterministic slice in wall seconds."""


@dataclass
class Clock:
    """``seconds`` to spend from now; ``deterministic`` counts CP-SAT's deterministic time."""

    seconds: float
    deterministic: bool = False
    started: float = field(default_factory=time.perf_counter)
    used: float = 0.0
    """Deterministic time spent so far (reproducible runs)."""

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
            solver.parameters.max_time_in_seconds = WALL_GUARD * seconds + 1.0
        else:
            solver.parameters.max_time_in_seconds = seconds

    def charge(self, outcome: StageOutcome) -> None:
        self.used += outcome.deterministic_time
