"""``plan-obligations``: what each cadre and unit owes in a year under every rule, without solving."""

from __future__ import annotations

import csv
import sys
from pathlib import Path

import click

from models import owed_obligations
from models.messages import message, text_of
from models.obligations import ALL_RULES, Rule, rule_title
from models.reasons import cadre_words
from optimizer.cli.common import EXIT_USAGE, lang_option, load, progress_for, quiet_option, scenario_option

HOURS = frozenset({Rule.R1, Rule.R2, Rule.R3b, Rule.R12_HOURS, Rule.R12_ONLINE})
"""Rules whose ``required`` is hours: the listing shows their total."""


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
@lang_option
@quiet_option
def plan_obligations(
    year: int, scenario: Path | None, csv_path: Path | None, cadre: str | None, lang: str, quiet: bool
) -> None:
    """What each cadre and unit owes in YEAR (R1-R7, R3b, R6b, R12, R16, R17), computed without solving.

    The reasons (on the console and in the CSV file) are in the language of ``--lang``.
    """
    data = load(scenario, progress_for(quiet, lines=False))
    obligations = owed_obligations(data, year, rules=ALL_RULES)
    if cadre:
        if cadre not in data.cadre_by_id:
            click.echo(f"--cadre: unknown cadre {cadre!r}", err=True)
            sys.exit(EXIT_USAGE)
        person = data.cadre_by_id[cadre]
        click.echo(cadre_words(person).text(lang))
        for item in obligations.by_cadre.get(cadre, ()):
            click.echo(message("obligations.cadre", rule=item.rule.value, reason=item.reason).text(lang))
        for item in obligations:
            if item.unit_id == person.unit_id and cadre in item.members:
                line = message(
                    "obligations.unit_member", rule=item.rule.value, unit=item.unit_id, reason=item.reason
                )
                click.echo(line.text(lang))
        return
    click.echo(data.describe().text(lang))
    click.echo(message("obligations.head", year=year).text(lang))
    for rule, count in obligations.count_by_rule().items():
        hours = sum(o.required for o in obligations.of_rule(Rule(rule))) if Rule(rule) in HOURS else None
        extra = message("obligations.hours", hours=hours).text(lang) if hours else ""
        click.echo(f"  {rule:<17} {rule_title(rule, lang):<42} {count:>6}{extra}")
    if csv_path:
        with csv_path.open("w", encoding="utf-8", newline="") as handle:
            writer = csv.writer(handle, lineterminator="\n")
            writer.writerow(
                [
                    "rule",
                    "cadre_id",
                    "unit_id",
                    "course_id",
                    "required",
                    "deadline",
                    "min_days",
                    "members",
                    "top_leader",
                    "reason",
                ]
            )
            for o in obligations:
                writer.writerow(
                    [
                        o.rule.value,
                        o.cadre_id or "",
                        o.unit_id or "",
                        o.course_id or "",
                        o.required,
                        o.deadline.isoformat() if o.deadline else "",
                        "" if o.min_days is None else o.min_days,
                        ";".join(o.members),
                        "true" if o.top_leader else "false",
                        text_of(o.reason, lang),
                    ]
                )
        click.echo(message("obligations.written", n=len(obligations), path=str(csv_path)).text(lang))
