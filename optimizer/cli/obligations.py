"""``plan-obligations``: what each cadre and leadership team owes in a year, without solving."""

from __future__ import annotations

import csv
import sys
from pathlib import Path

import click

from models import owed_obligations
from models.obligations import RULE_TITLES, Rule
from optimizer.cli.common import EXIT_USAGE, load, scenario_option


@click.command()
@click.option("--year", type=click.IntRange(1950, 2100), required=True, help="The plan year.")
@scenario_option
@click.option(
    "--csv",
    "csv_path",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Write every obligation to this CSV file.",
)
@click.option("--cadre", default=None, help="Show one cadre's obligations.")
def plan_obligations(year: int, scenario: Path | None, csv_path: Path | None, cadre: str | None) -> None:
    """What each cadre and leadership team owes in YEAR (R1-R7), computed without solving."""
    data = load(scenario)
    obligations = owed_obligations(data, year)
    if cadre:
        if cadre not in data.cadre_by_id:
            click.echo(f"--cadre: unknown cadre {cadre!r}", err=True)
            sys.exit(EXIT_USAGE)
        person = data.cadre_by_id[cadre]
        click.echo(
            f"{cadre} {person.name} ({person.rank.value}, {person.category.value}, unit {person.unit_id})"
        )
        for item in obligations.by_cadre.get(cadre, ()):
            click.echo(f"  {item.rule.value}: {item.reason}")
        return
    click.echo(f"{data}\nobligations in {year}:")
    for rule, count in obligations.count_by_rule().items():
        hours = sum(o.required for o in obligations.of_rule(Rule(rule))) if rule in ("R1", "R2") else None
        extra = f" ({hours:,} h)" if hours else ""
        click.echo(f"  {rule} {RULE_TITLES[Rule(rule)]:<42} {count:>6}{extra}")
    if csv_path:
        with csv_path.open("w", encoding="utf-8", newline="") as handle:
            writer = csv.writer(handle, lineterminator="\n")
            writer.writerow(["rule", "cadre_id", "unit_id", "course_id", "required", "deadline", "reason"])
            for o in obligations:
                writer.writerow(
                    [
                        o.rule.value,
                        o.cadre_id or "",
                        o.unit_id or "",
                        o.course_id or "",
                        o.required,
                        o.deadline.isoformat() if o.deadline else "",
                        o.reason,
                    ]
                )
        click.echo(f"{len(obligations)} obligations written to {csv_path}")
