"""``plan-notices``: the summons notices of a plan folder, a workbook per unit and a calendar per cadre."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from models import Plan, Scenario, ScenarioError
from models.changes import apply_changes, read_changes
from optimizer.check import PlanFolderError, read_plan_folder
from optimizer.cli.common import EXIT_USAGE, lang_option, load, scenario_option, usage_error
from optimizer.cli.keys import PSEUDONYMIZE_HELP, key_file_option, pseudonym_key
from optimizer.reports.folder import write_atomically
from optimizer.reports.notice_files import write_notices
from optimizer.reports.notices import unknown_references


@click.command("plan-notices")
@click.option(
    "--plan",
    "plan_dir",
    required=True,
    type=click.Path(exists=True, file_okay=False, path_type=Path),
    help="Plan folder (what plan-annual wrote).",
)
@click.option("--unit", "unit_id", default=None, help="Only this unit's notice and its cadres' calendars.")
@click.option(
    "--out",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Folder of the notices (default: PLAN/notices).",
)
@scenario_option
@click.option(
    "--pseudonymize",
    is_flag=True,
    help=f"Show cadres by stable pseudonyms, not names ({PSEUDONYMIZE_HELP}).",
)
@key_file_option
@lang_option
@click.option(
    "--force", is_flag=True, help="Replace an existing notices folder instead of keeping it as a dated copy."
)
def plan_notices(
    plan_dir: Path,
    unit_id: str | None,
    out: Path | None,
    scenario: Path | None,
    pseudonymize: bool,
    pseudonym_key_file: Path | None,
    lang: str,
    force: bool,
) -> None:
    """Write the summons notices (调训通知) of the plan in PLAN.

    Per unit with cadres in the plan, ``units/<unit id>.xlsx``: who goes to which
    session, where, when, what it serves and who summons, printed A4 landscape
    with the unit on every page. Per cadre with a session, ``cadres/<cadre id>.ics``
    (iCalendar): an all-day event per session, whose UID stays the same across
    re-plans while the assignment does.

    The scenario is the one summary.json names (``provenance``) unless --scenario
    is given; a re-plan folder's changes.csv is applied to it first.

    Exit status: 0 written; 2 bad plan folder, scenario, unit or usage (nothing written).
    """
    plan = _read_plan(plan_dir)
    data = _scenario_of(plan_dir, plan, scenario)
    problems = unknown_references(data, plan)
    if problems:
        click.echo(f"{plan_dir}: the plan does not fit the scenario {data.source}:", err=True)
        click.echo("\n".join(f"  {line}" for line in problems[:20]), err=True)
        sys.exit(EXIT_USAGE)
    if unit_id is not None and unit_id not in data.unit_by_id:
        usage_error(ValueError(f"--unit: {unit_id!r} is not a unit of scenario {data.name!r}"))
    target = out or plan_dir / "notices"
    pseudonyms = pseudonym_key(pseudonym_key_file, lang) if pseudonymize else None
    written: list[Path] = []

    def fill(folder: Path) -> None:
        written.extend(write_notices(data, plan, folder, unit_id=unit_id, lang=lang, pseudonyms=pseudonyms))

    kept = write_atomically(target, fill, force=force)
    units = sum(1 for path in written if path.suffix == ".xlsx")
    click.echo(f"{units} unit notice(s) and {len(written) - units} cadre calendar(s) written to {target}")
    if kept is not None:
        click.echo(f"the previous notices are kept in {kept}")


def _read_plan(plan_dir: Path) -> Plan:
    try:
        return read_plan_folder(plan_dir)
    except PlanFolderError as error:
        click.echo(f"--plan: {error}", err=True)
        sys.exit(EXIT_USAGE)


def _scenario_of(plan_dir: Path, plan: Plan, given: Path | None) -> Scenario:
    """The scenario given, else the one ``summary.json`` names, with a re-plan's ``changes.csv`` applied."""
    source = given or _recorded_scenario(plan_dir, plan)
    scenario = load(source)
    changes = plan_dir / "changes.csv"
    if not changes.exists():
        return scenario
    try:
        return apply_changes(scenario, read_changes(changes))
    except (ScenarioError, OSError) as error:
        click.echo(f"{changes}: {error}", err=True)
        sys.exit(EXIT_USAGE)


def _recorded_scenario(plan_dir: Path, plan: Plan) -> Path | None:
    """The scenario of ``summary.json``'s provenance; ``None`` (the shipped one) for a plan without it."""
    provenance = plan.summary.get("provenance")
    recorded = provenance.get("scenario") if isinstance(provenance, dict) else None
    if not recorded:
        return None
    path = Path(recorded)
    if not path.exists():
        where = plan_dir / "summary.json"
        usage_error(ValueError(f"{where} names the scenario {path}, which is not there: pass --scenario"))
    return path
