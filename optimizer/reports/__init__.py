"""The December filing: workbook, Gantt charts and a short report of a plan.

The exports hold no planning logic: every figure comes from the plan and
the scenario through :mod:`models.indicators` and :mod:`models.evaluation`.

The ``plot_*`` functions draw on the ``ax`` given, or on a new page-sized
figure of their own (Agg, outside pyplot: nothing to close, no window); in a
notebook show it with ``ax.figure``, or pass ``ax`` from ``plt.subplots()``.
"""

from __future__ import annotations

import multiprocessing
import os
import re
import signal
import sys
import warnings
from collections.abc import Callable, Sequence
from functools import partial
from pathlib import Path

from matplotlib.axes import Axes
from matplotlib.figure import Figure

from models import Plan, Scenario
from optimizer.reports import privacy
from optimizer.reports.fonts import Names, NamesAsIdsWarning, font_choice
from optimizer.reports.gantt import plot_sessions, session_pages, session_rows
from optimizer.reports.labels import words
from optimizer.reports.notice_files import write_notices
from optimizer.reports.page import PAGE_FILE, write_page
from optimizer.reports.privacy import Pseudonyms, pseudonymize
from optimizer.reports.release import away_by_day, busiest_units, plot_release, plot_release_grid
from optimizer.reports.release_weeks import plot_release_weeks, unit_pages, unit_rows
from optimizer.reports.report import write_report
from optimizer.reports.style import FORMATS, figure_of, save_figure, warm_up
from optimizer.reports.timeline import busiest_unit, plot_timeline, timeline_pages
from optimizer.reports.workbook import write_workbook

__all__ = [
    "Names",
    "NamesAsIdsWarning",
    "Pseudonyms",
    "away_by_day",
    "busiest_unit",
    "busiest_units",
    "chart_jobs",
    "font_choice",
    "plot_release",
    "plot_release_grid",
    "plot_release_weeks",
    "plot_sessions",
    "plot_timeline",
    "pseudonymize",
    "session_pages",
    "session_rows",
    "timeline_pages",
    "unit_pages",
    "unit_rows",
    "write_exports",
    "write_page",
    "write_notices",
    "write_report",
    "write_workbook",
]


ChartJob = Callable[[], list[Path]]


def chart_jobs(
    scenario: Scenario,
    plan: Plan,
    folder: str | Path,
    *,
    lang: str = "zh",
    timeline_unit: str | None = None,
    formats: Sequence[str] = FORMATS,
    names: Names | None = None,
) -> list[ChartJob]:
    """One job per chart file set: each draws a figure and saves it in every format, returning the paths.

    Files are named ``sessions-<page>``, ``release``, ``release-weeks-<page>``
    and ``timeline-<unit_id>`` (``-p<page>`` added when a unit has several pages)
    with one suffix per format.
    """
    words(lang)  # an unknown language fails here, not in a worker
    folder = Path(folder)
    formats = tuple(formats)
    names = names or Names()
    if timeline_unit is not None and timeline_unit not in scenario.unit_by_id:
        raise ValueError(f"timeline unit {timeline_unit!r} is not a unit of scenario {scenario.name!r}")
    pages = session_pages(session_rows(plan, scenario))
    jobs = [
        _job(
            partial(plot_sessions, plan, scenario, rows=rows, page=(k, len(pages)), lang=lang, names=names),
            folder / f"sessions-{k}",
        )
        for k, rows in enumerate(pages, start=1)
    ]
    if busiest_units(plan, scenario, 1):
        jobs.append(
            _job(partial(plot_release_grid, plan, scenario, lang=lang, names=names), folder / "release")
        )
        weeks = unit_pages(unit_rows(scenario))
        jobs += [
            _job(
                partial(
                    plot_release_weeks,
                    plan,
                    scenario,
                    rows=units,
                    page=(k, len(weeks)),
                    lang=lang,
                    names=names,
                ),
                folder / f"release-weeks-{k}",
            )
            for k, units in enumerate(weeks, start=1)
        ]
    unit_id = timeline_unit or busiest_unit(plan, scenario)
    if unit_id is not None:
        num_pages = len(timeline_pages(scenario, unit_id))
        stem = f"timeline-{_safe_name(unit_id)}"
        jobs += [
            _job(
                partial(plot_timeline, plan, scenario, unit_id, page=k, lang=lang, names=names),
                folder / (f"{stem}-p{k}" if num_pages > 1 else stem),
            )
            for k in range(1, num_pages + 1)
        ]
    return [partial(job, formats) for job in jobs]


def _job(draw: Callable[[], Axes | Figure], stem: Path) -> Callable[[tuple[str, ...]], list[Path]]:
    """A chart job: draw, then save as ``stem.<format>`` in the formats given."""

    def job(formats: tuple[str, ...]) -> list[Path]:
        drawn = draw()
        return save_figure(drawn if isinstance(drawn, Figure) else figure_of(drawn), stem, formats)

    return job


def run_jobs(
    jobs: list[ChartJob], workers: int | None = None, done: Callable[[], None] = lambda: None
) -> list[list[Path]]:
    """Run export jobs, in forked worker processes on Linux when more than one CPU is at hand; ``done`` is
    called as each ends."""
    workers = min(len(jobs), workers or _usable_cpus())
    if workers <= 1 or sys.platform != "linux":
        return [_then(job(), done) for job in jobs]
    warm_up()  # fonts and writers loaded once here rather than once per worker
    global _JOBS
    _JOBS = jobs  # inherited by the forked workers, so nothing is pickled but an index
    try:
        try:
            pool = multiprocessing.get_context("fork").Pool(workers, initializer=_worker_signals)
        except OSError:  # no processes to be had: draw here instead
            return [_then(job(), done) for job in jobs]
        try:
            results = [_then(paths, done) for paths in pool.imap(_run_job, range(len(jobs)), chunksize=1)]
        except BaseException:
            pool.terminate()
            raise
        pool.close()  # the workers leave on their own: no SIGTERM into inherited handlers
        pool.join()
        return results
    finally:
        _JOBS = []


def _then(paths: list[Path], done: Callable[[], None]) -> list[Path]:
    done()
    return paths


def _worker_signals() -> None:
    """Workers leave interrupts to the parent and die quietly when terminated.

    They are forks of the caller, whose signal handlers (such as a CLI's
    "SIGTERM means interrupt") must not run in them.
    """
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)


def _usable_cpus() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


_JOBS: list[ChartJob] = []


def _run_job(index: int) -> list[Path]:
    warnings.simplefilter("ignore", NamesAsIdsWarning)  # the parent already warned once
    return _JOBS[index]()


def write_exports(
    scenario: Scenario,
    plan: Plan,
    folder: str | Path,
    *,
    lang: str = "zh",
    timeline_unit: str | None = None,
    formats: Sequence[str] = FORMATS,
    workers: int | None = None,
    pseudonymize: bool = False,
    pseudonyms: Pseudonyms | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> list[Path]:
    """Write the filing of ``plan`` into ``folder``.

    Parameters
    ----------
    scenario, plan
        The plan and its scenario.
    folder
        Receives ``filing.xlsx``, ``charts/``, ``report.md`` / ``report.html`` and the
        interactive page ``plan.html`` (:func:`optimizer.reports.page.write_page`).
    lang
        ``"zh"`` (as filed) or ``"en"``.
    timeline_unit
        The unit of the cadre timeline (default: the unit with most cadres in the plan).
    formats
        Chart formats among ``png``, ``svg``, ``pdf``; the report embeds the PNGs when written.
    workers
        Processes drawing charts (default: the CPUs; 1 draws them here, in order).
    pseudonymize
        Show every cadre by a stable pseudonym instead of the name, in the
        workbook, the charts, the report and the page (see
        :func:`optimizer.reports.privacy.pseudonymize`).
    pseudonyms
        The pseudonym maker when ``pseudonymize`` (default: the key of ``$CADRE_PLAN_PSEUDONYM_KEY``,
        else of the key file, made when missing: :meth:`Pseudonyms.from_environment`).
    progress
        Called with (parts written, parts in all) as each part (the workbook, the page, a chart, the report)
        is done.

    Returns
    -------
    list of Path
        Every file written.
    """
    folder = Path(folder)
    if pseudonymize:
        scenario, plan = privacy.pseudonymize(scenario, plan, pseudonyms)
    names = Names()
    names.check_scenario(scenario)  # the one warning about names, before any fork

    def workbook() -> list[Path]:
        return [write_workbook(scenario, plan, folder / "filing.xlsx", lang=lang)]

    def page() -> list[Path]:
        return [write_page(scenario, plan, folder / PAGE_FILE, lang=lang)]

    charts = chart_jobs(
        scenario,
        plan,
        folder / "charts",
        lang=lang,
        timeline_unit=timeline_unit,
        formats=formats,
        names=names,
    )
    # The workbook runs beside the charts; the report needs the chart files, so it comes last.
    jobs = [workbook, page, *charts]
    done = _counter(progress, len(jobs) + 1)
    written = [path for paths in run_jobs(jobs, workers, done) for path in paths]
    pictures = [p for p in written if p.suffix == ".png"] or [p for p in written if p.suffix == ".svg"]
    written += write_report(scenario, plan, folder, pictures, lang=lang)
    done()
    return written


def _counter(progress: Callable[[int, int], None] | None, parts: int) -> Callable[[], None]:
    """A callable that tells ``progress`` one more of ``parts`` is done (at once that none is, yet)."""
    count = 0

    def one_more() -> None:
        nonlocal count
        count += 1
        if progress is not None:
            progress(count, parts)

    if progress is not None:
        progress(0, parts)
    return one_more


def _safe_name(text: str) -> str:
    """A file-name-safe form of an id."""
    return re.sub(r"[^\w.-]+", "_", text, flags=re.UNICODE) or "unit"
