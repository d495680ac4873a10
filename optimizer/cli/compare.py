"""``plan-compare``: solve each scenario folder and write the comparison table."""

from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path

import click

from models import ScenarioError, load_scenario
from optimizer.cli.common import EXIT_ERROR, progress_for, quiet_option
from optimizer.whatif.cluster import ClusterError
from optimizer.whatif.compare import compare


def _scenario_names(folders: tuple[Path, ...]) -> list[str]:
    """Each folder's name, made unique with ``#2``, ``#3`` ... when two share one."""
    seen: Counter[str] = Counter()
    names = []
    for folder in folders:
        name = folder.resolve().name
        seen[name] += 1
        names.append(name if seen[name] == 1 else f"{name}#{seen[name]}")
    return names


@click.command()
@click.option("--year", type=click.IntRange(1950, 2100), required=True, help="The plan year.")
@click.option(
    "--scenario",
    "folders",
    type=click.Path(path_type=Path),
    multiple=True,
    required=True,
    help="A scenario folder or workbook (.xlsx); repeat for each scenario to compare.",
)
@click.option(
    "--out",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Folder for comparison.csv and comparison.md (default comparisons/YEAR).",
)
@click.option(
    "--time-limit",
    type=click.FloatRange(min=1),
    default=20.0,
    show_default=True,
    help="Seconds for each scenario.",
)
@click.option(
    "--workers", type=click.IntRange(1, 64), default=2, show_default=True, help="Cores to use in all."
)
@click.option(
    "--processes",
    type=click.IntRange(1, 64),
    default=1,
    show_default=True,
    help="Scenarios solved at once, each in its own process.",
)
@click.option("--seed", type=int, default=0, show_default=True, help="CP-SAT random seed.")
@click.option(
    "--cluster",
    default=None,
    metavar="ADDRESS",
    help="A Dask scheduler (tcp://host:8786): solve every scenario on its workers, which run the same "
    "cadre-plan[cluster]; with the same options as here, so --workers 1 gives the same plans.",
)
@click.option(
    "--cluster-timeout",
    type=click.FloatRange(min=1),
    default=None,
    help="Seconds each scenario's result may take on the cluster (default: 3 time limits + 120).",
)
@quiet_option
def plan_compare(
    year: int,
    folders: tuple[Path, ...],
    out: Path | None,
    time_limit: float,
    workers: int,
    processes: int,
    seed: int,
    cluster: str | None,
    cluster_timeout: float | None,
    quiet: bool,
) -> None:
    """Solve each scenario for YEAR and write comparison.csv, differences.csv and comparison.md.

    differences.csv holds, per scenario after the first and tier, its difference from the first and
    whether the tiers' proven bounds establish it (a difference within the gaps is not established).

    Exit status: 0 written; 2 a scenario is bad, nothing written; 1 the cluster cannot be reached or
    gave no result for a scenario, nothing written.
    """
    progress = progress_for(quiet)
    try:
        names = _scenario_names(folders)
        with progress.task(f"reading {len(folders)} scenarios", total=len(folders)) as reading:
            scenarios = {}
            for name, folder in zip(names, folders, strict=True):
                scenarios[name] = load_scenario(folder)
                reading.advance()
    except ScenarioError as error:
        click.echo(str(error), err=True)
        sys.exit(2)
    try:
        with progress.task(f"solving {len(scenarios)} scenarios", total=len(scenarios)) as solving:

            def solved(line: str) -> None:
                solving.line(line)
                solving.advance()

            comparison = compare(
                scenarios,
                year,
                time_limit=time_limit,
                workers=workers,
                processes=processes,
                seed=seed,
                report=solved,
                cluster=cluster,
                cluster_timeout=cluster_timeout,
            )
    except ClusterError as error:
        click.echo(f"--cluster: {error}; nothing was written", err=True)
        sys.exit(EXIT_ERROR)
    out = out or Path("comparisons") / str(year)
    out.mkdir(parents=True, exist_ok=True)
    comparison.table.to_csv(out / "comparison.csv", encoding="utf-8")
    comparison.differences.to_csv(out / "differences.csv", index=False, encoding="utf-8")
    (out / "comparison.md").write_text(
        f"# Scenario comparison, {year}\n\n{comparison.to_markdown()}", encoding="utf-8"
    )
    click.echo(comparison.to_markdown())
    click.echo(f"comparison written to {out}")
