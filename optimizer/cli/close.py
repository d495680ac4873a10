"""``plan-close``: the plan, as attended, becomes the ledger of a new scenario for the next year.

Parse -> read the plan, its scenario (with a re-plan's ``changes.csv``), the
attendance sheet -> :func:`models.closing.close_year` -> write the new
scenario (a folder, or one workbook) and its report -> a short summary. The
new scenario is loaded back before it is moved into place: a problem exits 2
and writes nothing.
"""

from __future__ import annotations

import sys
from pathlib import Path

import click

from models import Scenario, ScenarioError, load_scenario
from models.attendance import read_attendance
from models.changes import apply_changes, read_changes
from models.closing import Closing, close_year, repeat_catalogue
from models.closing_report import summary_lines, write_report
from models.loader import load_sessions
from models.messages import message
from models.scenario_writer import write_folder
from models.workbook import is_workbook
from models.workbook_writer import write_workbook
from optimizer.check import PlanFolderError, read_plan_folder
from optimizer.cli.common import EXIT_USAGE, lang_option, load, progress_for, quiet_option
from optimizer.cli.scenario import write_file
from optimizer.reports.folder import write_atomically
from scenarios import default_scenario


@click.command("plan-close")
@click.option(
    "--plan",
    "plan_dir",
    type=click.Path(file_okay=False, path_type=Path),
    required=True,
    help="The plan folder.",
)
@click.option(
    "--scenario",
    type=click.Path(path_type=Path),
    default=None,
    help="The plan's scenario (default: the one its summary.json names, else the shipped default).",
)
@click.option(
    "--attendance",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Who did not attend, left early (hours done) or came unplanned: CSV or .xlsx (see README).",
)
@click.option(
    "--sessions",
    "sessions_file",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Next year's sessions.csv (or a workbook's sessions sheet); default: this year's, 52 weeks on.",
)
@click.option(
    "--out", type=click.Path(path_type=Path), required=True, help="The new scenario: a folder, or FILE.xlsx."
)
@click.option(
    "--force", is_flag=True, help="Replace an existing --out instead of keeping it as a dated copy."
)
@lang_option
@quiet_option
def plan_close(
    plan_dir: Path,
    scenario: Path | None,
    attendance: Path | None,
    sessions_file: Path | None,
    out: Path,
    force: bool,
    lang: str,
    quiet: bool,
) -> None:
    """Close the plan's year: write the attended sessions into the ledger of a new scenario for next year.

    The new scenario (plan year + 1) owes what was missed: R1 cycle hours, R3/R5 the last systematic
    course, R6 deadlines, R7 unattended summons. Its report (closing.md, closing.csv, carried.csv) is
    written beside it. Exit status: 0 written; 2 bad plan, scenario, attendance or sessions, nothing written.
    """
    try:
        plan = read_plan_folder(plan_dir)
    except PlanFolderError as error:
        click.echo(f"--plan: {error}", err=True)
        sys.exit(EXIT_USAGE)
    source = scenario or _plan_scenario(plan.summary)
    original = load(source, progress_for(quiet, lines=False))
    try:
        data = _with_changes(original, plan_dir)
        rows = read_attendance(attendance) if attendance else ()
        sessions = (
            load_sessions(sessions_file, data) if sessions_file else repeat_catalogue(original, plan.year)
        )
        closing = close_year(data, plan, rows, sessions)
        closing = Closing(
            closing.year, closing.scenario, closing.changes, closing.carried, sessions_file is None
        )
        kept = _write(closing, out, force, lang, str(sessions_file) if sessions_file else None)
    except ScenarioError as error:
        click.echo(str(error), err=True)
        sys.exit(EXIT_USAGE)
    for line in summary_lines(closing, lang, str(sessions_file) if sessions_file else None):
        click.echo(line)
    click.echo(message("close.written", next=plan.year + 1, path=str(out)).text(lang))
    if kept:
        click.echo(f"(the previous one kept as {kept})")


def _plan_scenario(summary: dict[str, object]) -> Path:
    """The scenario the plan was made from, as its provenance records it, when it is still there."""
    provenance = summary.get("provenance")
    named = provenance.get("scenario") if isinstance(provenance, dict) else None
    if isinstance(named, str) and Path(named).exists():
        return Path(named)
    return default_scenario()


def _with_changes(scenario: Scenario, plan_dir: Path) -> Scenario:
    """A re-plan's scenario: its ``changes.csv`` applied, as ``plan-annual --changes`` did."""
    changes = plan_dir / "changes.csv"
    return apply_changes(scenario, read_changes(changes)) if changes.exists() else scenario


def _write(closing: Closing, out: Path, force: bool, lang: str, sessions_from: str | None) -> Path | None:
    """The new scenario, loaded back before it takes ``out``'s place; the report in it (or beside it)."""
    new = closing.scenario
    if is_workbook(out):

        def book(path: Path) -> Path:
            write_workbook(new, path, lang)
            load_scenario(path)
            return path

        kept = write_file(out, book, force)
        write_report(closing, out.parent, f"{out.stem}.", lang, sessions_from)
        return kept

    def fill(folder: Path) -> None:
        write_folder(new, folder)
        load_scenario(folder)
        write_report(closing, folder, "", lang, sessions_from)

    return write_atomically(out, fill, force)
