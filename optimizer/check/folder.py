"""Reading a plan folder for the checker, naming the missing file or column when it cannot be read."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path

from models import Plan, load_scenario, read_plan
from models.errors import Problem
from models.planio import ASSIGNMENT_COLUMNS, SESSION_COLUMNS
from optimizer.check.plan import check_plan
from optimizer.check.planfiles import plan_file_problems
from optimizer.check.violations import Violation

SHORTFALL_COLUMNS = ("rule", "required", "planned", "shortfall", "reason")
"""The shortfall columns a plan must have (``cadre_id`` and ``unit_id`` may be either)."""


class PlanFolderError(ValueError):
    """A plan folder that cannot be read: a missing file or column, or unreadable cells (``problems``)."""

    def __init__(self, text: str, problems: Sequence[Problem] = ()):
        self.problems = list(problems)
        super().__init__("\n".join([text, *(f"  {p}" for p in self.problems)]))


def read_plan_folder(plan_dir: str | Path, year: int | None = None) -> Plan:
    """Read a plan folder, naming the missing file or column when it cannot be read.

    Raises
    ------
    PlanFolderError
        When a file or column is missing, a cell cannot be read, or no plan year is known.
    """
    folder = Path(plan_dir)
    for name, columns in (
        ("assignments.csv", ASSIGNMENT_COLUMNS),
        ("sessions.csv", SESSION_COLUMNS),
        ("shortfalls.csv", SHORTFALL_COLUMNS),
    ):
        _require_columns(folder / name, columns)
    problems = plan_file_problems(folder)
    if problems:
        raise PlanFolderError(f"{len(problems)} problem(s) in the plan folder {folder}:", problems)
    try:
        plan = read_plan(folder)
    except (OSError, KeyError, ValueError) as error:
        raise PlanFolderError(f"{folder}: cannot read the plan: {error}") from error
    if year is not None:
        return replace(plan, year=year)
    if "year" not in plan.summary:
        raise PlanFolderError(f"{folder / 'summary.json'}: no 'year' given; pass the plan year with --year")
    return plan


def _require_columns(path: Path, columns: tuple[str, ...]) -> None:
    if not path.is_file():
        raise PlanFolderError(f"{path}: file missing")
    with path.open(encoding="utf-8-sig") as handle:
        header = {c.strip() for c in handle.readline().rstrip("\r\n").split(",")}
    missing = [c for c in columns if c not in header]
    if missing:
        raise PlanFolderError(f"{path}: column(s) missing: {', '.join(missing)}")


def check_folder(scenario_dir: str | Path, plan_dir: str | Path, year: int | None = None) -> list[Violation]:
    """Load a scenario folder and a plan folder and check the plan against every hard rule."""
    return check_plan(load_scenario(scenario_dir), read_plan_folder(plan_dir, year))
