"""The CP-SAT model: one function per rule, taking ``(model, data, vars)``.

Hard rules are constraints. Eligibility (audience, R8 courses already in
the ledger) and unavailability are structural: a variable exists only for
an eligible pair (:mod:`optimizer.prepare.data`). Segments (R15) are structural too:
one variable covers every segment of a run. The hard rules are in
:mod:`optimizer.cpsat.constraints`, the obligations' indicators ``met`` in
:mod:`optimizer.cpsat.obligations`, each stage's objective in
:mod:`optimizer.cpsat.objective`.

With ``explain=True`` every hard-rule constraint is enforced by the literal
of its rule group (:class:`Group`: one session's seats, one unit's release
cap on some dates, one pin...), so that an infeasible model can be asked for
a small set of groups that contradict each other (:mod:`optimizer.diagnose.conflicts`).
"""

from __future__ import annotations

from ortools.sat.python import cp_model

from optimizer.cpsat.constraints import HARD_RULES
from optimizer.cpsat.obligations import OBLIGATION_RULES
from optimizer.cpsat.variables import Group, LinearExpr, Variables
from optimizer.prepare.data import PlanningData

__all__ = ["Group", "LinearExpr", "Variables", "build_model"]


def build_model(
    data: PlanningData, explain: bool = False, strict_summons: bool = False
) -> tuple[cp_model.CpModel, Variables]:
    """The full model: every hard rule and an indicator per obligation (no objective yet)."""
    model = cp_model.CpModel()
    x = [model.new_bool_var(f"x{p}") for p in range(data.num_pairs)]
    variables = Variables(x=x, explain=explain, strict_summons=strict_summons)
    for rule in HARD_RULES:
        rule(model, data, variables)
    for rule in OBLIGATION_RULES:
        rule(model, data, variables)
    return model, variables
