"""Why no plan exists: a small set of hard-rule groups that contradict each other.

Every obligation is soft, so a plan exists unless the planner's own hard
choices collide: pinned assignments, named summons made hard
(``--strict-summons``), a unit's release cap, seats, beds or a budget. The
model is built in explain mode (:func:`optimizer.cpsat.model.build_model`), where
each group of hard-rule constraints (one session's seats, one unit's cap on
some dates, one pin...) is switched on by a literal of its own. CP-SAT is
asked to solve with every literal assumed true; when it proves the model
infeasible it names a sufficient subset of the assumptions. That core is
then shrunk by deletion: a group is dropped when the rest stays infeasible
without it, so every group left is needed for the contradiction.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field

from ortools.sat.python import cp_model

from models.messages import Text, message
from optimizer.cpsat.model import build_model
from optimizer.cpsat.variables import Group
from optimizer.prepare.data import PlanningData

SHRINK_SHARE = 0.6
"""Share of the time left after the first core that shrinking may use."""


@dataclass
class Conflict:
    """The contradicting groups (each needed when ``minimal``) and the problems found before solving."""

    groups: list[Group] = field(default_factory=list)
    problems: list[Text] = field(default_factory=list)
    minimal: bool = False
    found: bool = False
    seconds: float = 0.0

    def lines(self) -> list[Text]:
        """The explanation in planner terms, one line per conflicting group."""
        lines = list(self.problems)
        if self.groups:
            proof = "" if self.minimal else message("conflict.not_minimal")
            lines.append(message("conflict.head", proof=proof))
            lines.extend(message("conflict.line", group=group.words()) for group in self.groups)
        return lines


def find_conflict(data: PlanningData, seconds: float = 20.0, strict_summons: bool = False) -> Conflict:
    """A small set of hard-rule groups of ``data`` that no plan can keep together.

    Parameters
    ----------
    seconds
        Wall time for the whole search (first core and shrinking).
    strict_summons
        Named summons (R7) are hard rules, as in the solve.

    Returns
    -------
    Conflict
        ``found`` is false when the model was not proven infeasible in time
        (or is feasible); ``problems`` holds the pins that name no session a
        cadre may attend, found before any solve.
    """
    started = time.perf_counter()
    conflict = Conflict(problems=list(data.pin_problems))
    if data.pin_problems:
        # A pin no variable can carry is a contradiction on its own.
        conflict.found = conflict.minimal = True
        conflict.seconds = time.perf_counter() - started
        return conflict
    model, v = build_model(data, explain=True, strict_summons=strict_summons)
    groups = sorted(v.groups)
    literals = [v.groups[g] for g in groups]
    core = _core(model, literals, list(range(len(groups))), seconds)
    if core is None:
        conflict.seconds = time.perf_counter() - started
        return conflict
    conflict.found = True
    left = seconds - (time.perf_counter() - started)
    core, conflict.minimal = _shrink(model, literals, core, max(0.5, SHRINK_SHARE * left + 0.5))
    conflict.groups = [groups[k] for k in core]
    conflict.seconds = time.perf_counter() - started
    return conflict


def _core(
    model: cp_model.CpModel, literals: list[cp_model.IntVar], subset: list[int], seconds: float
) -> list[int] | None:
    """Indices (into ``literals``) of a sufficient infeasible subset of ``subset``, or None if not proven."""
    status, core = _solve(model, literals, subset, seconds)
    return core if status == cp_model.INFEASIBLE else None


def _solve(
    model: cp_model.CpModel, literals: list[cp_model.IntVar], subset: list[int], seconds: float
) -> tuple[cp_model.CpSolverStatus, list[int]]:
    """CP-SAT's status with ``subset``'s groups assumed on, and the core when infeasible."""
    model.clear_assumptions()
    model.add_assumptions([literals[k] for k in subset])
    solver = cp_model.CpSolver()
    solver.parameters.num_workers = 1  # the core of assumptions comes from a single search
    solver.parameters.max_time_in_seconds = max(0.1, seconds)
    solver.parameters.catch_sigint_signal = False
    status = solver.solve(model)
    model.clear_assumptions()
    if status != cp_model.INFEASIBLE:
        return status, []
    index_of = {literals[k].index: k for k in subset}
    found = [index_of[i] for i in solver.sufficient_assumptions_for_infeasibility() if i in index_of]
    return status, sorted(found) if found else list(subset)


def _shrink(
    model: cp_model.CpModel, literals: list[cp_model.IntVar], core: list[int], seconds: float
) -> tuple[list[int], bool]:
    """Drop every group the rest of ``core`` stays infeasible without; minimal when every test was decided.

    The groups before ``position`` are each needed: without any one of them
    the rest is feasible, so every smaller core still holds them all.
    """
    deadline = time.perf_counter() + seconds
    kept = list(core)
    decided = True
    position = 0
    while position < len(kept):
        left = deadline - time.perf_counter()
        if left <= 0.05:
            return kept, False
        trial = kept[:position] + kept[position + 1 :]
        if not trial:
            break
        status, smaller = _solve(model, literals, trial, min(left, max(1.0, left / (len(kept) - position))))
        if status == cp_model.INFEASIBLE:
            kept = [k for k in kept if k in set(smaller)]
            continue
        decided = decided and status in (cp_model.FEASIBLE, cp_model.OPTIMAL)
        position += 1
    return kept, decided
