"""One CP-SAT solve with progress lines, a time limit and Ctrl-C that keeps the best plan.

The solve runs in a worker thread so that the main thread stays free to
take Ctrl-C (or SIGTERM): the first one asks CP-SAT to stop and keep its
best solution, a second one is re-raised at once.
"""

from __future__ import annotations

from collections.abc import Callable

from ortools.sat.python import cp_model

from optimizer.control.background import Background
from optimizer.control.memory import GIB, resident_bytes
from optimizer.control.progress import Interrupted, Report, StageOutcome, format_line

MEMORY_EVERY = 0.5
"""Seconds between two looks at the process's memory during a solve with a memory limit."""
MEMORY_STOP_SHARE = 0.95
"""A search is stopped at this share of the memory limit: stopping it takes a moment, in which it grows
(large-city-open, stopped on passing 6 GiB: its peak 6,157 MiB)."""


class Progress(cp_model.CpSolverSolutionCallback):
    """Records every improving solution's objective and time."""

    def __init__(self) -> None:
        super().__init__()
        self.objective: float | None = None
        self.bound: float | None = None
        self.solutions = 0
        self.first_solution_seconds: float | None = None
        self.solution: list[int] = []
        """Every variable's value in the best solution so far (by variable index)."""

    def on_solution_callback(self) -> None:
        self.solutions += 1
        self.solution = list(self.response_proto.solution)
        self.objective = self.objective_value
        self.bound = self.best_objective_bound
        if self.first_solution_seconds is None:
            self.first_solution_seconds = self.wall_time


def run_solver(
    model: cp_model.CpModel,
    solver: cp_model.CpSolver,
    stage: str,
    report: Report | None,
    interrupted: Interrupted,
    every: float = 2.0,
    line: Callable[[float, float | None, float | None], str] | None = None,
    memory_limit: int | None = None,
) -> StageOutcome:
    """Solve ``model`` with ``solver``, reporting progress every ``every`` seconds: ``line(elapsed,
    objective, bound)`` when given (a tier's met, most and gap), else objective, bound and gap.

    When the process's resident memory passes :data:`MEMORY_STOP_SHARE` of ``memory_limit`` bytes (checked
    every half second; CP-SAT's search memory grows with its time), the search is stopped, said so, and its
    best solution and bound kept, as at its time limit."""
    describe = line or (lambda elapsed, objective, bound: format_line(stage, elapsed, objective, bound))
    progress = Progress()
    bound_box: dict[str, float] = {}
    solver.best_bound_callback = lambda b: bound_box.__setitem__("bound", b)
    status_box: dict[str, cp_model.CpSolverStatus] = {}

    def work() -> None:
        status_box["status"] = solver.solve(model, progress)

    last = [0.0]  # when the last progress line was said
    stopped: list[float] = []  # when the memory limit stopped the search

    def tick(elapsed: float) -> None:
        if memory_limit is not None and not stopped and resident_bytes() > MEMORY_STOP_SHARE * memory_limit:
            stopped.append(elapsed)
            solver.stop_search()
            if report:
                report(
                    f"  [{stage}] stopped at {elapsed:.1f}s: memory above {MEMORY_STOP_SHARE:.0%} of the "
                    f"{memory_limit / GIB:.1f} GiB limit; keeping the best plan and bound found"
                )
        if report and elapsed - last[0] >= every:
            last[0] = elapsed
            report(describe(elapsed, progress.objective, bound_box.get("bound", progress.bound)))

    job = Background(work)
    try:
        job.watch(tick, MEMORY_EVERY if memory_limit is not None else every)
    except KeyboardInterrupt:
        interrupted.flag = True
        if report:
            report(
                f"  [{stage}] interrupted: stopping and keeping the best plan found (Ctrl-C again to abort)"
            )
        solver.stop_search()
        job.wait()
    seconds = job.elapsed()
    status = status_box.get("status", cp_model.UNKNOWN)
    objective, bound, solution = None, None, None
    if status in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        objective, bound = solver.objective_value, solver.best_objective_bound
        solution = list(solver.response_proto.solution)
    elif progress.solution:  # stopped between a solution and the final response
        status, objective, solution = cp_model.FEASIBLE, progress.objective, progress.solution
        bound = bound_box.get("bound", progress.bound)
    elif status == cp_model.UNKNOWN and "bound" in bound_box:
        bound = bound_box["bound"]
    name = solver.status_name(status).lower()
    if report:
        report(describe(seconds, objective, bound) + f"  {name}")
    dtime = solver.response_proto.deterministic_time
    return StageOutcome(stage, name, objective, bound, seconds, interrupted.flag, solution, dtime)
