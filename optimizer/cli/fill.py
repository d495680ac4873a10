"""``plan-fill``: who could take a free seat of a session, most needed first."""

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
from optimizer.whatif.fill import who_could_fill


@click.command()
@year_option
@click.option("--session", "session_id", required=True, help="The session with free seats.")
@scenario_option
@plan_option
@lang_option
@quiet_option
def plan_fill(
    year: int, session_id: str, scenario: Path | None, plan_dir: Path | None, lang: str, quiet: bool
) -> None:
    """The cadres who still owe what SESSION serves and could take a free seat without breaking a rule, most
    needed first."""
    data = load(scenario, progress_for(quiet, lines=False))
    plan = read_plan(plan_dir, year)
    try:
        seats = who_could_fill(data, year, plan, session_id)
    except (KeyError, ValueError) as error:
        usage_error(error)
    click.echo(seats.text(lang))
