"""Re-exports of :mod:`optimizer.check` for the modules that still import ``optimizer.check.checker``.

Import from :mod:`optimizer.check` instead.
"""

from optimizer.check import CHECKS, PlanFolderError, Violation, check_folder, check_plan, read_plan_folder

__all__ = ["CHECKS", "PlanFolderError", "Violation", "check_folder", "check_plan", "read_plan_folder"]
