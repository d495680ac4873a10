"""The best plan a solve holds so far, so that a first Ctrl-C in any phase returns it.

The solve only ever moves to a plan at least as good as the one it holds
(the greedy start, the core's plan, HiGHS's hours, each stage's plan), so
the latest one held is the best. A Ctrl-C that cuts a phase short (the
building of a model, the core, a background wait) leaves it here, whole and
checked, for :func:`optimizer.pipeline.solve.solve` to return.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from optimizer.control.context import SolveContext
from optimizer.pipeline.stages import StagesRun
from optimizer.prepare.data import PlanningData


@dataclass
class BestSoFar:
    """What the solve holds: the planning data, the plan (a mask over its pairs) and how it came about."""

    data: PlanningData | None = None
    chosen: np.ndarray | None = None
    valid: bool = False
    """The plan keeps every hard rule of the model (pins, minimum enrolment, strict summons)."""
    context: SolveContext | None = None
    greedy_seconds: float = 0.0
    whole: bool = True
    run: StagesRun | None = field(default=None, repr=False)
    """The stages' results so far, when the stages have run."""

    def hold(self, chosen: np.ndarray, context: SolveContext | None = None) -> None:
        """``chosen`` is now the best plan (it is never worse than the one held)."""
        self.chosen = chosen
        if context is not None:
            self.context = context

    def stages_run(self) -> StagesRun:
        """The stages' run of the plan held (an empty one before the stages)."""
        assert self.chosen is not None
        if self.run is None:
            return StagesRun(self.chosen)
        self.run.chosen = self.chosen
        return self.run
