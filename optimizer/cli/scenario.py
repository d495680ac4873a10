"""``plan-scenario to-xlsx|to-folder`` and ``plan-template``: the scenario as one workbook and back.

A folder and a workbook hold the same scenario (DOMAIN.md, "The same scenario
as one workbook"); converting is loading (every problem reported, exit 2,
nothing written) and writing. An existing target is kept as a dated copy
unless ``--force``; nothing half-written is ever left in its place.
"""

from __future__ import annotations

import os
import sys
import tempfile
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

import click

from models import Scenario, ScenarioError
from models.scenario_writer import write_folder
from models.workbook import SUFFIXES, is_workbook
from models.workbook_writer import write_template, write_workbook
from optimizer.cli.common import EXIT_USAGE, load, progress_for, quiet_option
from optimizer.reports.folder import write_atomically

force_option = click.option(
    "--force", is_flag=True, help="Replace an existing target instead of keeping it as a dated copy."
)
lang_option = click.option(
    "--lang",
    type=click.Choice(["zh", "en"]),
    default="zh",
    show_default=True,
    help="Language of the headings (row 2) and of the instructions sheet.",
)


@click.group("plan-scenario")
def plan_scenario() -> None:
    """Convert a scenario between a folder (scenario.toml and CSV files) and one Excel workbook."""


@plan_scenario.command("to-xlsx")
@click.argument("source", metavar="DIR", type=click.Path(path_type=Path))
@click.argument("target", metavar="FILE", type=click.Path(dir_okay=False, path_type=Path))
@lang_option
@force_option
@quiet_option
def to_xlsx(source: Path, target: Path, lang: str, force: bool, quiet: bool) -> None:
    """Write the scenario DIR (a folder, or a workbook) as the workbook FILE (.xlsx)."""
    _must_be_workbook(target, "FILE")
    scenario = load(source, progress_for(quiet, lines=False))
    kept = write_file(target, lambda path: write_workbook(scenario, path, lang), force)
    _done(scenario, target, kept)


@plan_scenario.command("to-folder")
@click.argument("source", metavar="FILE", type=click.Path(path_type=Path))
@click.argument("target", metavar="DIR", type=click.Path(file_okay=False, path_type=Path))
@force_option
@quiet_option
def to_folder(source: Path, target: Path, force: bool, quiet: bool) -> None:
    """Write the scenario FILE (a workbook, or a folder) as the folder DIR (scenario.toml and CSV files)."""
    if is_workbook(target):
        click.echo(f"DIR: {target} names a workbook; give a folder", err=True)
        sys.exit(EXIT_USAGE)
    scenario = load(source, progress_for(quiet, lines=False))
    kept = _write_folder(target, scenario, force)
    _done(scenario, target, kept)


@click.command("plan-template")
@click.option(
    "--out", "target", type=click.Path(dir_okay=False, path_type=Path), required=True, help="The workbook."
)
@lang_option
@force_option
def plan_template(target: Path, lang: str, force: bool) -> None:
    """Write an empty scenario workbook to fill in: every sheet, its headers, drop-downs and instructions."""
    _must_be_workbook(target, "--out")
    kept = write_file(target, lambda path: write_template(path, lang), force)
    click.echo(f"template written to {target}" + _kept(kept))


def _must_be_workbook(target: Path, name: str) -> None:
    if not is_workbook(target):
        click.echo(f"{name}: {target} must end in {' or '.join(SUFFIXES)}", err=True)
        sys.exit(EXIT_USAGE)


def _done(scenario: Scenario, target: Path, kept: Path | None) -> None:
    click.echo(f"{scenario.describe().text('en')}\nwritten to {target}" + _kept(kept))


def _kept(kept: Path | None) -> str:
    return f" (the previous one kept as {kept})" if kept else ""


def _write_folder(target: Path, scenario: Scenario, force: bool) -> Path | None:
    def fill(folder: Path) -> None:
        write_folder(scenario, folder)

    return write_atomically(target, fill, force)


def write_file(target: Path, write: Callable[[Path], Path], force: bool) -> Path | None:
    """Write to a hidden temporary file beside ``target``, then move it into place."""
    target = target.resolve()
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, name = tempfile.mkstemp(prefix=f".{target.stem}.", suffix=target.suffix, dir=target.parent)
    os.close(handle)
    staging = Path(name)
    umask = os.umask(0)
    os.umask(umask)
    try:
        write(staging)
        staging.chmod(0o666 & ~umask)  # mkstemp makes it private
        with staging.open("rb") as written:
            os.fsync(written.fileno())
    except ScenarioError as error:
        staging.unlink(missing_ok=True)
        click.echo(str(error), err=True)
        sys.exit(EXIT_USAGE)
    except BaseException:
        staging.unlink(missing_ok=True)
        raise
    kept = None
    if target.exists() and not force:
        kept = dated_file(target)
        target.rename(kept)
    os.replace(staging, target)
    return kept


def dated_file(path: Path, now: datetime | None = None) -> Path:
    """``<name>.previous-<YYYYmmdd-HHMMSS><suffix>`` (``-2``, ``-3``... when taken): it still opens."""
    stamp = (now or datetime.now()).strftime("%Y%m%d-%H%M%S")
    kept = path.with_name(f"{path.stem}.previous-{stamp}{path.suffix}")
    number = 2
    while kept.exists():
        kept = path.with_name(f"{path.stem}.previous-{stamp}-{number}{path.suffix}")
        number += 1
    return kept
