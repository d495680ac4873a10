"""``plan-annual --from``: the previous plan read and checked against the scenario, or exit 2 naming why."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from models import Plan, Scenario, ScenarioError
from models.changes import Action, read_changes
from models.errors import Problem
from optimizer.check import PlanFolderError, read_plan_folder
from optimizer.check.previous import (
    other_scenario_problems,
    previous_plan_problems,
    scenario_differences,
    unknown_assignments,
)
from optimizer.cli.common import EXIT_USAGE
from optimizer.reports.provenance import content_hash, scenario_files

CHANGES_FILE = "changes.csv"


def previous_plan(
    folder: Path | None, year: int, scenario: Scenario, scenario_folder: Path, allow_other: bool
) -> Plan | None:
    """The plan folder given with ``--from``, checked against ``scenario`` (the changes applied).

    Exits 2, writing nothing, when a file cannot be read, the plan is of
    another year, of another scenario (unless ``allow_other``: then a
    warning), or names cadres or sessions the scenario does not have.
    """
    if folder is None:
        return None
    try:
        plan = read_plan_folder(folder, year)
    except PlanFolderError as error:
        _exit(str(error))
    _, hashes = content_hash(scenario_files(scenario_folder))
    differences = scenario_differences(plan.summary, {name: f"sha256:{h}" for name, h in hashes.items()})
    if differences and not allow_other:
        _refuse(folder, other_scenario_problems(folder, differences))
    problems = previous_plan_problems(
        plan, folder, scenario, year, added_sessions=_added_sessions(folder), same_scenario=not differences
    )
    if problems:
        _refuse(folder, problems)
    if differences:
        dropped = unknown_assignments(plan, scenario)
        click.echo(
            f"warning: --from {folder} was made on another scenario ({', '.join(differences)} differ); "
            f"{dropped} of its {len(plan.assignments)} assignments name cadres or sessions this scenario "
            "does not have and cannot be kept",
            err=True,
        )
    elif differences is None:
        click.echo(
            f"warning: --from {folder}: its summary.json does not say which scenario it was made on "
            "(no provenance.files); it is taken as a plan of this one",
            err=True,
        )
    return plan


def _added_sessions(folder: Path) -> set[str]:
    """The sessions the previous plan's own changes file added (``changes.csv`` of a re-plan folder)."""
    path = folder / CHANGES_FILE
    if not path.exists():
        return set()
    try:
        changes = read_changes(path)
    except ScenarioError as error:
        _refuse(folder, [replace_file(p, str(path)) for p in error.problems])
    return {c.target for c in changes if c.action is Action.ADD_SESSION}


def replace_file(problem: Problem, file: str) -> Problem:
    return Problem(file, problem.row, problem.column, problem.value, problem.message)


def _refuse(folder: Path, problems: list[Problem]) -> None:
    _exit(
        "\n".join(
            [f"{len(problems)} problem(s) in the previous plan {folder}:", *(f"  {p}" for p in problems)]
        )
    )


def _exit(text: str) -> None:
    click.echo(f"--from: {text}", err=True)
    sys.exit(EXIT_USAGE)
