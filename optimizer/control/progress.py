"""What a solve reports as it goes: one stage's outcome, progress lines, the interruption flag."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass

Report = Callable[[str], None]
"""Where progress lines go (standard error in the CLI); ``None`` for none."""


@dataclass(frozen=True)
class StageOutcome:
    name: str
    status: str
    objective: float | None
    bound: float | None
    seconds: float
    interrupted: bool
    solution: list[int] | None = None
    """Values by variable index of the best solution, when there is one."""
    deterministic_time: float = 0.0
    """CP-SAT's deterministic time of the solve (the clock of a reproducible run)."""

    @property
    def gap(self) -> float | None:
        return relative_gap(self.objective, self.bound)


def relative_gap(objective: float | None, bound: float | None) -> float | None:
    """|objective - bound| / max(1, |objective|); 0 when proven optimal."""
    if objective is None or bound is None:
        return None
    return abs(objective - bound) / max(1.0, abs(objective))


def format_line(stage: str, elapsed: float, objective: float | None, bound: float | None) -> str:
    gap = relative_gap(objective, bound)
    obj = "-" if objective is None else f"{objective:,.0f}"
    bnd = "-" if bound is None else f"{bound:,.0f}"
    gap_text = "-" if gap is None else f"{100 * gap:.2f}%"
    return f"  [{stage}] {elapsed:6.1f}s  objective {obj}  bound {bnd}  gap {gap_text}"


def tier_line(
    stage: str, elapsed: float, count: int, scale: int, objective: float | None, bound: float | None
) -> str:
    """A tier stage's progress in planner words: met, the proven most, the gap, of the ``count`` obligations
    of the tier in this model. The stage minimises ``scale x unmet + top leaders' unmet`` (R18), so the
    unmet count is the objective's quotient by ``scale``."""
    met = None if objective is None else count - int(objective + 1e-6) // scale
    most = None if bound is None else count - int(-(-(bound - 1e-6) // 1)) // scale
    gap = None if met is None or most is None or most <= 0 else max(0, most - met) / most
    met_text = "-" if met is None else f"{met:,}"
    most_text = "-" if most is None else f"{most:,}"
    gap_text = "-" if gap is None else f"{100 * gap:.2f}%"
    return f"  [{stage}] {elapsed:6.1f}s  met {met_text} of {count:,}  at most {most_text}  gap {gap_text}"


class Interrupted:
    """Shared flag: set by the first Ctrl-C/SIGTERM; later stages are skipped.

    The solve also says here which phase it is in (``phase``); the phase the
    first signal came in is kept as ``during``. Code that checks ``flag`` itself
    as it goes (the greedy passes) runs inside :meth:`polled`: there the
    first signal only sets the flag (:mod:`optimizer.control.signals`),
    elsewhere it raises KeyboardInterrupt, so that any work is cut short.
    """

    def __init__(self) -> None:
        self.flag = False
        self.phase = ""
        self.during = ""
        self.signals = 0
        self.polling = 0

    def stop(self) -> bool:
        """Has the first Ctrl-C or SIGTERM come? (for the greedy passes, which take no Interrupted)"""
        return self.flag

    def entering(self, phase: str) -> None:
        self.phase = phase

    @contextmanager
    def polled(self) -> Iterator[None]:
        """Within the block a first signal sets the flag and the work goes on, checking it."""
        self.polling += 1
        try:
            yield
        finally:
            self.polling -= 1

    @contextmanager
    def cut_short(self) -> Iterator[None]:
        """Within the block a first signal raises KeyboardInterrupt, even inside :meth:`polled`."""
        polling, self.polling = self.polling, 0
        try:
            yield
        finally:
            self.polling = polling
