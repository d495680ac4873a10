"""``plan-check``: the independent checker on a scenario folder and a plan folder."""

from __future__ import annotations

from pathlib import Path

import click

from models import ScenarioError, load_scenario
from models.changes import apply_changes, read_changes
from optimizer.check import CHECKS, PlanFolderError, read_plan_folder
from optimizer.cli.common import progress_for, quiet_option


@click.command("plan-check")
@click.argument("scenario_dir", metavar="SCENARIO", type=click.Path(exists=True, path_type=Path))
@click.argument("plan_dir", metavar="PLAN", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option(
    "--year", type=int, default=None, help="Plan year, when the plan's summary.json does not give it."
)
@click.option(
    "--limit", type=int, default=0, show_default=True, help="Print at most N violations per check (0: all)."
)
@click.option(
    "--changes",
    "changes_file",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Changes file applied to SCENARIO first (default: PLAN/changes.csv of a re-plan, if present).",
)
@quiet_option
def plan_check(
    scenario_dir: Path, plan_dir: Path, year: int | None, limit: int, changes_file: Path | None, quiet: bool
) -> None:
    """Check the plan in PLAN against every hard rule of the scenario in SCENARIO.

    Also checked: the pinned assignments, the named summons of a plan made with
    ``--strict-summons``, and the owed and met counts of R1-R7 in ``summary.json``.

    A re-plan folder holds the changes it was made for (``changes.csv``): they
    are applied to SCENARIO before checking, as ``plan-annual --changes`` did.

    Exit status: 0 the plan is valid; 1 it breaks a rule; 2 bad scenario, changes or unreadable plan folder.
    """
    changes_file = changes_file or (plan_dir / "changes.csv" if (plan_dir / "changes.csv").exists() else None)
    try:
        with progress_for(quiet, lines=False).task(f"reading {scenario_dir}"):
            scenario = load_scenario(scenario_dir)
        if changes_file is not None:
            scenario = apply_changes(scenario, read_changes(changes_file))
            click.echo(f"changes of {changes_file} applied to the scenario")
    except (ScenarioError, OSError) as error:
        click.echo(f"bad scenario {scenario_dir}: {error}", err=True)
        raise SystemExit(2) from error
    try:
        plan = read_plan_folder(plan_dir, year)
    except PlanFolderError as error:
        click.echo(f"bad plan folder: {error}", err=True)
        raise SystemExit(2) from error
    failed = 0
    total = 0
    for check in CHECKS:
        violations = check(scenario, plan)
        if not violations:
            continue
        failed += 1
        total += len(violations)
        click.echo(f"{check.__name__.removeprefix('check_')}: {len(violations)} violation(s)")
        shown = violations if limit <= 0 else violations[:limit]
        for violation in shown:
            click.echo(f"  {violation}")
        if len(shown) < len(violations):
            click.echo(f"  … and {len(violations) - len(shown)} more")
    if failed:
        click.echo(f"plan FAILED: {total} violation(s) in {failed} of {len(CHECKS)} checks")
        raise SystemExit(1)
    click.echo(f"plan OK: {len(plan.assignments)} assignments, all {len(CHECKS)} checks passed")
