"""The independent plan checker: one ``check_<rule>(scenario, plan)`` per hard rule.

Independence is the point: nothing here comes from the model builder or from
the Scenario's helper methods. Every rule is recomputed from the scenario's
records and the plan's records, after the "Precise meanings" of DOMAIN.md, so
the checker can judge any plan folder, whoever wrote it. It imports the domain
(:mod:`models`) only.

- :mod:`~optimizer.check.violations`: :class:`Violation` and the shared sweeps;
- :mod:`~optimizer.check.contract`: the plan's files agree with the scenario;
- :mod:`~optimizer.check.rules`: one check per hard rule, the pins and strict summons;
- :mod:`~optimizer.check.attendance`: a cadre's runs in the plan, as the obligations read them;
- :mod:`~optimizer.check.obligations`: the summary's owed and met counts, a cadre's rules
  (R1, R2, R3, R3b, R5, R6, R6b, R7, R17);
- :mod:`~optimizer.check.unit_obligations`: a unit's rules (R4, R16, R12.summons,
  R12.participation, R12.hours, R12.online);
- :mod:`~optimizer.check.plan`: :data:`CHECKS` in order and :func:`check_plan`;
- :mod:`~optimizer.check.folder`: reading a plan folder, :func:`check_folder`.
"""

from optimizer.check.contract import check_references
from optimizer.check.folder import PlanFolderError, check_folder, read_plan_folder
from optimizer.check.obligations import COUNTED_RULES, check_obligation_counts, obligation_counts
from optimizer.check.plan import CHECKS, check_plan
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
    release_cap,
)
from optimizer.check.violations import Violation

__all__ = [
    "CHECKS",
    "COUNTED_RULES",
    "PlanFolderError",
    "Violation",
    "check_beds",
    "check_budget",
    "check_eligibility",
    "check_folder",
    "check_no_repeat",
    "check_obligation_counts",
    "check_overlap",
    "check_pins",
    "check_plan",
    "check_references",
    "check_release",
    "check_seats",
    "check_segments",
    "check_sessions_run",
    "check_strict_summons",
    "check_unavailability",
    "obligation_counts",
    "read_plan_folder",
    "release_cap",
]
