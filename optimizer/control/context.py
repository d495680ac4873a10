"""What a solve passes down to every stage: options, the time budget, progress, interruption, floors."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from typing import Any

from optimizer.control.clock import Clock
from optimizer.control.options import SolveOptions
from optimizer.control.progress import Interrupted, Report


@dataclass(frozen=True)
class SolveContext:
    """One solve's shared state; a part of the solve works in ``context.but(clock=..., floors=...)``."""

    options: SolveOptions
    clock: Clock
    report: Report | None = None
    interrupted: Interrupted = field(default_factory=Interrupted)
    """Set by the first Ctrl-C or SIGTERM; shared by every part of one solve."""
    floors: Mapping[int, int] = field(default_factory=dict)
    """Per tier, the fewest obligations met allowed (the greedy floor)."""
    possible: Mapping[int, int] = field(default_factory=dict)
    """Per tier, how many obligations could be met at all: a stage already there is proven."""

    def say(self, line: str) -> None:
        if self.report is not None:
            self.report(line)

    def but(self, **changes: Any) -> SolveContext:
        """The same solve with some parts replaced (a sub-clock, other floors)."""
        return replace(self, **changes)

    def first_interrupt(
        self, line: str = "  interrupted: keeping the plan so far (Ctrl-C again to abort)"
    ) -> None:
        """On a first Ctrl-C set the flag and say ``line``; a second one (the flag already set) goes on up."""
        if self.interrupted.flag:
            raise KeyboardInterrupt
        self.interrupted.flag = True
        self.say(line)
