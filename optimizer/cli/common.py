"""What every console command shares: exit statuses, the scenario option, loading with exit 2."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from models import Plan, Scenario, ScenarioError, load_scenario
from models.messages import LANGS
from optimizer.check import PlanFolderError, read_plan_folder
from optimizer.control.bars import Mode, Progress
from scenarios import default_scenario

EXIT_OK, EXIT_ERROR, EXIT_USAGE, EXIT_INFEASIBLE = 0, 1, 2, 3
EXIT_ABORTED = 130
"""A second Ctrl-C (or SIGTERM), or one outside the solve, stops at once; nothing is written."""


def load(folder: Path | None, progress: Progress | None = None) -> Scenario:
    """The scenario folder or workbook (default: the shipped one), or exit 2 listing every problem."""
    try:
        with (progress or Progress(Mode.QUIET)).task(f"reading {folder or 'the default scenario'}"):
            return load_scenario(folder or default_scenario())
    except ScenarioError as error:
        click.echo(str(error), err=True)
        sys.exit(EXIT_USAGE)
    except KeyboardInterrupt:
        click.echo("aborted while reading the scenario: nothing was written", err=True)
        sys.exit(EXIT_ABORTED)


def progress_for(quiet: bool, lines: bool = True) -> Progress:
    """Progress on standard error: bars on a terminal, else plain lines (none when not ``lines``: a command
    whose answer is its output); nothing with ``--quiet``."""
    return Progress.for_stream(sys.stderr, quiet, lines)


quiet_option = click.option(
    "--quiet", is_flag=True, help="No progress bars or lines: only the answer and errors."
)


scenario_option = click.option(
    "--scenario",
    type=click.Path(path_type=Path),
    default=None,
    help="Scenario folder, or scenario workbook (.xlsx) (default: the shipped default scenario).",
)
plan_option = click.option(
    "--plan",
    "plan_dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Plan folder (default plans/YEAR, where plan-annual writes).",
)
lang_option = click.option(
    "--lang",
    type=click.Choice(LANGS),
    default="zh",
    show_default=True,
    help="Language of the answer: zh, as the filing, or en.",
)
year_option = click.option("--year", type=click.IntRange(1950, 2100), required=True, help="The plan year.")


def read_plan(plan_dir: Path | None, year: int) -> Plan:
    try:
        return read_plan_folder(plan_dir or Path("plans") / str(year), year)
    except PlanFolderError as error:
        click.echo(f"--plan: {error}", err=True)
        sys.exit(EXIT_USAGE)


def usage_error(error: Exception) -> None:
    click.echo(str(error.args[0] if error.args else error), err=True)
    sys.exit(EXIT_USAGE)
