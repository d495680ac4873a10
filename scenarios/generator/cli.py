"""The command ``python -m scenarios.generator``: write a synthetic scenario folder."""

from __future__ import annotations

from pathlib import Path

import click

from scenarios.generator.generate import generate_scenario
from scenarios.generator.settings import AUDIENCES, SIZES


@click.command(context_settings={"help_option_names": ["-h", "--help"]})
@click.option(
    "--size",
    type=click.Choice(list(SIZES)),
    default="default",
    show_default=True,
    help="Number of cadres, by name.",
)
@click.option("--cadres", "num_cadres", type=int, default=None, help="Number of cadres (instead of --size).")
@click.option(
    "--audience",
    type=click.Choice(AUDIENCES),
    default=None,
    help="Audience breadth: narrow unit lists, or open by rank and category (default: open for *-open).",
)
@click.option("--seed", type=int, default=2019, show_default=True, help="Seed of every random draw.")
@click.option("--year", "plan_year", type=int, default=2020, show_default=True, help="The plan year.")
@click.option(
    "--cycle-start", type=int, default=2018, show_default=True, help="First year of the five-year cycle."
)
@click.option("--name", default=None, help="The scenario's name (default: root unit, plan year and size).")
@click.option(
    "--out",
    type=click.Path(file_okay=False, path_type=Path),
    required=True,
    help="The scenario folder to write (created if missing, its files overwritten).",
)
def main(
    size: str,
    num_cadres: int | None,
    audience: str | None,
    seed: int,
    plan_year: int,
    cycle_start: int,
    name: str | None,
    out: Path,
) -> None:
    """Write a synthetic scenario: units, cadres, ledger, institutions, courses, sessions and summons."""
    try:
        folder = generate_scenario(
            out,
            size,
            num_cadres=num_cadres,
            seed=seed,
            plan_year=plan_year,
            cycle_start=cycle_start,
            name=name,
            audience=audience,
        )
    except ValueError as error:
        raise click.UsageError(str(error)) from error
    counts = ", ".join(f"{_rows(path)} {path.stem}" for path in sorted(folder.glob("*.csv")))
    click.echo(f"wrote {folder}: {counts}")


def _rows(path: Path) -> int:
    """Lines below the header (no generated field holds a line break)."""
    with path.open(encoding="utf-8") as handle:
        return sum(1 for _ in handle) - 1
