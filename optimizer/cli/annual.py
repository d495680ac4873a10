"""``plan-annual``: parse, load, solve, write the plan folder, print a short summary."""

from __future__ import annotations

import dataclasses
import os
import sys
import threading
import time
from pathlib import Path
from typing import NoReturn

import click

from models import Plan, Scenario, ScenarioError
from models.catalogue import catalogue_warnings, summarise_warnings
from models.changes import Changes, apply_changes, read_changes
from models.messages import message, text_of
from models.obligations import RULE_TITLES, Rule
from models.planio import write_plan
from optimizer.cli.common import (
    EXIT_ABORTED,
    EXIT_ERROR,
    EXIT_INFEASIBLE,
    EXIT_OK,
    EXIT_USAGE,
    load,
    progress_for,
    scenario_option,
)
from optimizer.cli.filing import write_filing
from optimizer.cli.keys import PSEUDONYMIZE_HELP, key_file_option, pseudonym_key
from optimizer.cli.previous import previous_plan
from optimizer.control.memory import GIB, default_limit_gib, needed_bytes
from optimizer.control.options import SolveOptions
from optimizer.control.progress import Interrupted
from optimizer.control.signals import first_signal_keeps
from optimizer.pipeline.result import Result, SolveStatus
from optimizer.pipeline.solve import solve
from optimizer.prepare.data import TooManyPairs
from optimizer.reports import write_exports
from optimizer.reports.folder import write_atomically, write_fault
from optimizer.reports.lock import FolderBusy, folder_lock
from optimizer.reports.privacy import pseudonymized
from optimizer.reports.provenance import command_line, provenance, with_provenance
from optimizer.whatif.replan import compare, write_replan
from scenarios import default_scenario


@click.command()
@click.option("--year", type=click.IntRange(1950, 2100), required=True, help="The plan year.")
@scenario_option
@click.option(
    "--out",
    type=click.Path(path_type=Path),  # a file is refused with exit 1 (_lock), as other places it cannot write
    default=None,
    help="Plan folder (default plans/YEAR).",
)
@click.option(
    "--time-limit",
    type=click.FloatRange(min=1),
    default=60.0,
    show_default=True,
    help="Seconds for loading and solving; the filing (workbook, charts, report) is written after.",
)
@click.option("--workers", type=click.IntRange(1, 64), default=2, show_default=True, help="CP-SAT workers.")
@click.option("--seed", type=int, default=0, show_default=True, help="CP-SAT random seed.")
@click.option("--quiet", is_flag=True, help="No progress bars or lines: only the summary and errors.")
@click.option(
    "--force", is_flag=True, help="Replace an existing plan folder instead of keeping it as a dated copy."
)
@click.option(
    "--lang",
    type=click.Choice(["zh", "en"]),
    default="zh",
    show_default=True,
    help="Language of the filing and of every reason: shortfalls, explanations, the re-plan's diff.",
)
@click.option(
    "--timeline-unit", default=None, help="Unit whose cadre timeline is charted (default: the busiest)."
)
@click.option(
    "--no-exports", is_flag=True, help="Write only the plan contract files (no workbook, charts, report)."
)
@click.option(
    "--pseudonymize",
    is_flag=True,
    help="Show cadres by stable pseudonyms, not names, in the workbook, charts, report and page "
    f"({PSEUDONYMIZE_HELP}).",
)
@key_file_option
@click.option(
    "--from",
    "from_plan",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Re-plan: keep as many assignments of this plan folder as the rules allow; write diff.csv.",
)
@click.option(
    "--allow-other-scenario",
    is_flag=True,
    help="Re-plan from a --from plan made on another scenario (its summary.json names other files): "
    "a warning, and its assignments this scenario cannot hold are dropped.",
)
@click.option(
    "--changes",
    "changes_file",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Changes file (cancel/add sessions, seats, closures, moves, summons, absences, pins) applied first.",
)
@click.option(
    "--max-memory",
    type=click.FloatRange(0.5, None),
    default=default_limit_gib,
    show_default="60% of the machine's memory",
    help="GiB the plan may use; a larger scenario is planned on each cadre's most useful runs "
    "(said before anything is built), or refused with --refuse-too-large (exit 1).",
)
@click.option(
    "--refuse-too-large",
    is_flag=True,
    help="Refuse a scenario larger than --max-memory (exit 1, nothing written) instead of thinning it.",
)
@click.option(
    "--strict-summons",
    is_flag=True,
    help="Named summons (R7) are hard rules: no plan unless every summoned cadre attends.",
)
def plan_annual(
    year: int,
    scenario: Path | None,
    out: Path | None,
    time_limit: float,
    workers: int,
    seed: int,
    quiet: bool,
    force: bool,
    lang: str,
    timeline_unit: str | None,
    no_exports: bool,
    from_plan: Path | None,
    allow_other_scenario: bool,
    changes_file: Path | None,
    strict_summons: bool,
    pseudonymize: bool,
    pseudonym_key_file: Path | None,
    max_memory: float,
    refuse_too_large: bool,
) -> None:
    """Build the annual training plan for YEAR and write the plan folder.

    Exit status: 0 a plan was written (also after a first Ctrl-C or SIGTERM in
    any phase: the best plan found so far, ``"interrupted": true`` in
    summary.json; one during the filing leaves the filing out); 2 bad input or
    usage, a --from plan of another year or scenario or naming unknown cadres or
    sessions: nothing written; 3 no feasible plan, the explanation written
    (summary.json and infeasibility.txt); 1 no plan found within the time limit,
    another run writing OUT (its pid named), OUT cannot be written (full disk,
    read-only, unwritable, a file) or the scenario is larger than --max-memory
    with --refuse-too-large: nothing written; 130 stopped by a second Ctrl-C, or by one before any plan
    existed: nothing written and any previous plan intact.
    """
    started = time.perf_counter()
    progress = progress_for(quiet)
    report = progress.report
    interrupted = click.get_current_context().with_resource(first_signal_keeps(Interrupted(), report))
    out = out or Path("plans") / str(year)
    _lock(out, lang)
    interrupted.entering("loading")
    try:
        data = load(scenario, progress)
        changes = _changes(changes_file)
        data = _changed(data, changes)
        previous = previous_plan(from_plan, year, data, scenario or default_scenario(), allow_other_scenario)
    except KeyboardInterrupt:
        click.echo("aborted while reading the input: nothing was written", err=True)
        sys.exit(EXIT_ABORTED)
    pseudonyms = pseudonym_key(pseudonym_key_file, lang) if pseudonymize and not no_exports else None
    for line in summarise_warnings(catalogue_warnings(data), data.policy):
        click.echo(f"warning: {line}", err=True)
    if timeline_unit and timeline_unit not in data.unit_by_id:
        click.echo(f"--timeline-unit: unknown unit {timeline_unit!r}", err=True)
        sys.exit(EXIT_USAGE)
    # A reproducible run (one worker) must not take its budget from the wall clock.
    loading = 0.0 if workers == 1 else time.perf_counter() - started
    # The exports come after the time limit: they take 10-60 s by scale and load (charts mostly), and
    # a reserve guessed for them either starved the solve or was overrun.
    budget = time_limit - loading
    options = SolveOptions(
        max(1.0, budget),
        workers,
        seed,
        strict_summons=strict_summons,
        thin_pairs=not refuse_too_large,
        max_memory=max_memory,
    )
    filing: list[bool] = []
    try:
        with progress.task("solving", total=options.time_limit, timed=True) as solving:
            result = solve(
                data, year, options, report and solving.line, keep=previous, interrupted=interrupted
            )
        if result.status is SolveStatus.UNKNOWN:
            _no_plan(result, time_limit)
        interrupted.entering("writing")
        with interrupted.polled():  # short from here to the filing: a first Ctrl-C lets the plan be written
            command = command_line(click.get_current_context())
            origin = provenance(scenario or default_scenario(), seed, workers, command, changes_file)
            plan = with_provenance(result.plan, origin)
            solved = result.status is not SolveStatus.INFEASIBLE
            replanned = (
                compare(data, year, previous, result, changes) if previous is not None and solved else None
            )
            if replanned is not None:
                plan = dataclasses.replace(plan, summary={**plan.summary, "replan": replanned.summary()})
            if pseudonyms is not None:
                plan = dataclasses.replace(plan, summary={**plan.summary, **pseudonymized(pseudonyms)})

        def fill(folder: Path) -> None:
            write_plan(plan, folder, lang)
            if not solved:
                explanation = "\n".join(_explanation(plan, lang)) + "\n"
                (folder / INFEASIBILITY_FILE).write_text(explanation, encoding="utf-8")
                return
            if replanned is not None or changes_file is not None:
                write_replan(folder, replanned, changes_file, lang)
            if no_exports:
                return

            def exports() -> None:
                with progress.task("writing the filing") as writing:
                    write_exports(
                        data,
                        plan,
                        folder,
                        lang=lang,
                        timeline_unit=timeline_unit,
                        pseudonymize=pseudonyms is not None,
                        pseudonyms=pseudonyms,
                        progress=writing.update,
                    )

            if report is not None:
                report("writing the filing: workbook, charts, report")
            filing.append(write_filing(folder, plan, lang, exports, interrupted))

        with interrupted.polled():  # a first Ctrl-C while the folders are swapped: the plan is in place
            kept = write_atomically(out, fill, force=force)
    except KeyboardInterrupt:
        click.echo(f"aborted: nothing was written{_untouched(out)}", err=True)
        _abort()
    except TooManyPairs as large:
        _too_large(large, max_memory, lang)
    except OSError as error:
        _cannot_write(out, error, lang)
    _print_summary(result, out, kept)
    thinned = result.plan.summary.get("thinned")
    if thinned is not None:
        facts = {"pairs": thinned["candidate_pairs"], "fits": thinned["limit_pairs"]}
        words = message("annual.thinned", per_cadre=thinned["runs_per_cadre"], **facts)
        click.echo(f"warning: {words.text(lang)}", err=True)
    if filing == [False]:
        click.echo(message("annual.filing_interrupted").text(lang), err=True)
    if replanned is not None:
        click.echo(str(replanned))
    if not solved:
        click.echo(message("annual.no_plan").text(lang), err=True)
        for line in _explanation(plan, lang):
            click.echo(f"  {line}", err=True)
    if interrupted.flag:
        _leave(EXIT_OK if solved else EXIT_INFEASIBLE)
    if not solved:
        sys.exit(EXIT_INFEASIBLE)


INFEASIBILITY_FILE = "infeasibility.txt"


def _explanation(plan: Plan, lang: str) -> list[str]:
    """Why no plan exists, one line per reason, in ``lang``."""
    return [text_of(line, lang) for line in plan.summary.get("explanation", [])]


def _no_plan(result: Result, time_limit: float) -> None:
    """Exit when the solve ended without any plan: nothing is written, a previous plan stays."""
    if result.interrupted:
        click.echo("interrupted before any plan was found: nothing was written", err=True)
        sys.exit(EXIT_ABORTED)
    click.echo(
        f"no plan was found within the time limit ({time_limit:g} s): nothing was written; "
        "try a longer --time-limit",
        err=True,
    )
    sys.exit(EXIT_ERROR)


def _too_large(large: TooManyPairs, limit: float, lang: str) -> NoReturn:
    """The memory guard refused the scenario: say how much it needs and what to change; exit 1."""
    needed = needed_bytes(large.pairs) / GIB
    facts = {"pairs": large.pairs, "cadres": large.cadres, "runs": large.offerings, "fits": large.limit}
    facts["per_cadre"] = large.limit // max(1, large.cadres)
    text = message("annual.too_large", needed=needed, limit=limit, **facts).text(lang)
    click.echo(text, err=True)
    sys.exit(1)


def _lock(out: Path, lang: str) -> None:
    """Hold ``out``'s lock until the command ends (:mod:`optimizer.reports.lock`), or exit 1 at once: another
    run holds it, ``out`` is a file, or its place cannot be written."""
    if out.exists() and not out.is_dir():
        click.echo(message("folder.is_file", folder=str(out)).text(lang), err=True)
        sys.exit(EXIT_ERROR)
    try:
        held = click.get_current_context().with_resource(folder_lock(out))
    except FolderBusy as busy:
        if busy.pid is None:
            said = message("folder.busy_unknown", folder=str(out))
        else:
            said = message("folder.busy", folder=str(out), pid=busy.pid, since=busy.since)
        click.echo(said.text(lang), err=True)
        sys.exit(EXIT_ERROR)
    except OSError as error:
        _cannot_write(out, error, lang)
    if held.taken_over is not None:
        click.echo(message("folder.taken_over", pid=held.taken_over).text(lang), err=True)


def _cannot_write(out: Path, error: OSError, lang: str) -> NoReturn:
    """Exit 1 saying why the plan folder could not be written; nothing was (the write is atomic)."""
    kept = message("folder.kept", folder=str(out)) if out.is_dir() else ""
    where = message("folder.where", path=str(error.filename)) if error.filename else ""
    said = message("folder.cannot_write", folder=str(out), problem=write_fault(error), where=where, kept=kept)
    click.echo(said.text(lang), err=True)
    sys.exit(EXIT_ERROR)


def _abort() -> NoReturn:
    """Exit 130 at once."""
    _leave(EXIT_ABORTED)


def _leave(code: int) -> NoReturn:
    """Exit with ``code``, at once when a solver thread is still running.

    A solve thread still inside CP-SAT (a second Ctrl-C) or HiGHS (the LP
    bounds or the hours MIP, left to run out their time after a first one)
    cannot be joined, and leaving through the interpreter's shutdown would then
    abort in C++ ("terminate called without an active exception", status -6).
    """
    if any(thread.daemon and thread.is_alive() for thread in threading.enumerate()):
        context = click.get_current_context(silent=True)
        if context is not None:
            context.close()  # the plan folder's lock is released and its file removed, the signals restored
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(code)
    sys.exit(code)


def _untouched(out: Path) -> str:
    return f" (the plan in {out} is untouched)" if out.exists() else ""


def _changes(path: Path | None) -> Changes | None:
    if path is None:
        return None
    try:
        return read_changes(path)
    except ScenarioError as error:
        click.echo(str(error), err=True)
        sys.exit(EXIT_USAGE)


def _changed(data: Scenario, changes: Changes | None) -> Scenario:
    """The scenario with the changes file applied, or exit 2 listing every bad row."""
    if changes is None:
        return data
    try:
        return apply_changes(data, changes)
    except ScenarioError as error:
        click.echo(str(error), err=True)
        sys.exit(EXIT_USAGE)


def _print_summary(result: Result, out: Path, kept: Path | None) -> None:
    summary = result.plan.summary
    stopped = " (interrupted: the best plan found so far)" if result.interrupted else ""
    click.echo(f"{result.status.value}{stopped}: {result.plan}")
    tiers = summary.get("tiers", [])
    if tiers:
        gap_tier = summary.get("gap_tier")
        headline = f"tier {gap_tier}" if gap_tier is not None else "every tier proven optimal"
        click.echo(f"  gap {100 * (summary.get('gap') or 0):.2f}% ({headline}); per tier:")
        click.echo(
            f"  {'tier':<5}{'obligations':<42}{'met':>7}{'owed':>7}{'bound':>7}  {'gap':>7}  bound from"
        )
        for row in tiers:
            click.echo(
                f"  {row['tier']:<5}{row['name']:<42}{row['met']:>7}{row['owed']:>7}{row['bound']:>7}"
                f"  {100 * row['gap']:>6.2f}%  {row['bound_source']}"
            )
    for rule, row in summary.get("obligations", {}).items():
        if row["owed"]:
            click.echo(f"  {rule} {RULE_TITLES[Rule(rule)]:<42} met {row['met']:>6} of {row['owed']}")
    budget = summary.get("budget_total")
    click.echo(f"  cost {summary.get('cost', 0):,} yuan" + (f" of budget {budget:,}" if budget else ""))
    click.echo(f"plan written to {out}" + (f" (previous plan kept at {kept})" if kept else ""))
