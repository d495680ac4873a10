"""A whole plan against every hard rule: the plan contract first, then each rule in turn.

The last checks are those of what the product enforces beyond the hard rules: the pinned
assignments, the named summons when the plan was made with ``--strict-summons``, and the
summary's owed and met counts of every obligation (:data:`COUNTED_RULES`): R1, R2, R3, R5,
R6, R6b, R7, R3b and R17 of a cadre; R4, R16, R12.summons, R12.participation, R12.hours and
R12.online of a unit.
"""

from __future__ import annotations

from collections.abc import Callable

from models import Plan, Scenario
from optimizer.check.contract import check_references
from optimizer.check.obligations import check_obligation_counts
from optimizer.check.rules import (
    check_beds,
    check_budget,
    check_eligibility,
    check_no_repeat,
    check_overlap,
    check_pins,
    check_release,
    check_seats,
    check_segments,
    check_sessions_run,
    check_strict_summons,
    check_unavailability,
)
from optimizer.check.violations import Violation

CHECKS: tuple[Callable[[Scenario, Plan], list[Violation]], ...] = (
    check_references,
    check_eligibility,
    check_seats,
    check_beds,
    check_overlap,
    check_unavailability,
    check_no_repeat,
    check_release,
    check_budget,
    check_segments,
    check_sessions_run,
    check_pins,
    check_strict_summons,
    check_obligation_counts,
)


def check_plan(scenario: Scenario, plan: Plan) -> list[Violation]:
    """Every hard rule, in the order of :data:`CHECKS`; an empty list means the plan is valid."""
    return [v for check in CHECKS for v in check(scenario, plan)]
