"""Console commands ``plan-explain`` (why is this cadre not in a session?) and ``plan-fill`` (who could take a seat?).

Parse, load the scenario and the plan, ask :mod:`optimizer.whynot` or
:mod:`optimizer.fill`, print the answer. Exit 2 on bad input.
"""

from __future__ import annotations

import sys
from pathlib import Path

import click

from models import Plan
from optimizer.check import PlanFolderError, read_plan_folder
from optimizer.cli import EXIT_USAGE, _load, scenario_option
from optimizer.fill import who_could_fill
from optimizer.solve import SolveOptions
from optimizer.whynot import why_not

plan_option = click.option(
    "--plan",
    "plan_dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Plan folder (default plans/YEAR, where plan-annual writes).",
)
year_option = click.option("--year", type=click.IntRange(1950, 2100), required=True, help="The plan year.")


def _plan(plan_dir: Path | None, year: int) -> Plan:
    try:
        return read_plan_folder(plan_dir or Path("plans") / str(year), year)
    except PlanFolderError as error:
        click.echo(f"--plan: {error}", err=True)
        sys.exit(EXIT_USAGE)


def _usage_error(error: Exception) -> None:
    click.echo(str(error.args[0] if error.args else error), err=True)
    sys.exit(EXIT_USAGE)


@click.command()
@year_option
@click.option("--cadre", "cadre_id", required=True, help="The cadre to explain.")
@scenario_option
@plan_option
@click.option(
    "--time-limit",
    type=click.FloatRange(min=1),
    default=10.0,
    show_default=True,
    help="Seconds for each re-solve that checks a change.",
)
@click.option(
    "--attempts",
    type=click.IntRange(0, 20),
    default=3,
    show_default=True,
    help="Candidate changes to check by re-solving, smallest first (0: none).",
)
@click.option("--workers", type=click.IntRange(1, 64), default=2, show_default=True, help="CP-SAT workers.")
@click.option("--seed", type=int, default=0, show_default=True, help="CP-SAT random seed.")
def plan_explain(
    year: int,
    cadre_id: str,
    scenario: Path | None,
    plan_dir: Path | None,
    time_limit: float,
    attempts: int,
    workers: int,
    seed: int,
) -> None:
    """Why CADRE is (not) in the plan's sessions, and the smallest change that lets them in, checked by re-solving."""
    data = _load(scenario)
    plan = _plan(plan_dir, year)
    try:
        answer = why_not(data, year, plan, cadre_id, SolveOptions(time_limit, workers, seed), attempts)
    except (KeyError, ValueError) as error:
        _usage_error(error)
    click.echo(str(answer))


@click.command()
@year_option
@click.option("--session", "session_id", required=True, help="The session with free seats.")
@scenario_option
@plan_option
def plan_fill(year: int, session_id: str, scenario: Path | None, plan_dir: Path | None) -> None:
    """The cadres who still owe what SESSION serves and could take a free seat without breaking a rule, most needed first."""
    data = _load(scenario)
    plan = _plan(plan_dir, year)
    try:
        seats = who_could_fill(data, year, plan, session_id)
    except (KeyError, ValueError) as error:
        _usage_error(error)
    click.echo(str(seats))
