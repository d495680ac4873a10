"""``plan-explain``: why a cadre is not in a session, and the smallest change that lets them in."""

from __future__ import annotations

from pathlib import Path

import click

from optimizer.cli.common import (
    lang_option,
    load,
    plan_option,
    progress_for,
    quiet_option,
    read_plan,
    scenario_option,
    usage_error,
    year_option,
)
from optimizer.control.options import SolveOptions
from optimizer.whatif.whynot import why_not


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
@lang_option
@quiet_option
def plan_explain(
    year: int,
    cadre_id: str,
    scenario: Path | None,
    plan_dir: Path | None,
    time_limit: float,
    attempts: int,
    workers: int,
    seed: int,
    lang: str,
    quiet: bool,
) -> None:
    """Why CADRE is (not) in the plan's sessions, and the smallest change that lets them in, checked by
    re-solving."""
    data = load(scenario, progress_for(quiet, lines=False))
    plan = read_plan(plan_dir, year)
    try:
        answer = why_not(data, year, plan, cadre_id, SolveOptions(time_limit, workers, seed), attempts)
    except (KeyError, ValueError) as error:
        usage_error(error)
    click.echo(answer.text(lang))
