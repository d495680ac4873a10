"""The filing workbook ``filing.xlsx``: summary, Annex-1, units, sessions, assignments, shortfalls, R13."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from openpyxl import Workbook

from models import Plan, Scenario
from models.indicators import indicators_summary
from models.messages import message
from optimizer.reports.annex import annex_table
from optimizer.reports.curriculum import curriculum_table
from optimizer.reports.labels import words
from optimizer.reports.printing import PageHeading
from optimizer.reports.summary import write_summary
from optimizer.reports.tables import SHEETS, assignments_table, sessions_table, shortfalls_table, units_table
from optimizer.reports.xlsx import write_table


def write_workbook(scenario: Scenario, plan: Plan, path: str | Path, lang: str = "zh") -> Path:
    """Write the filing workbook of ``plan``.

    Parameters
    ----------
    scenario, plan
        The plan and its scenario.
    path
        The ``.xlsx`` file to write (its folder is created).
    lang
        ``"zh"`` (Chinese sheet names and headers, as filed) or ``"en"``.

    Returns
    -------
    Path
        ``path``. The first sheet holds the per-tier table and the Annex-1
        indicators of all units; the second the Annex-1 indicators of each
        unit with cadres of its own, against their targets. The last sheet
        lists the courses of party schools and cadre academies (and systematic
        courses) whose curriculum shares fall short of R13, one row per course
        (headers only when none do). Text cells that
        a spreadsheet would read as a formula (starting with = + - @) are stored
        as text with Excel's quote prefix. Every sheet prints on A4 landscape, one page
        wide, its header row repeated, each page headed with the scenario and the
        sheet and numbered (:mod:`optimizer.reports.printing`); the summary's first
        page holds the per-tier table and the Annex-1 indicators.
    """
    words(lang)  # validates lang
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    book = Workbook(write_only=True)
    sheets = SHEETS[lang]
    indicators = indicators_summary(scenario, plan)
    document = message("print.filing", year=plan.year).text(lang)

    def heading(key: str, **layout: Any) -> PageHeading:
        return PageHeading(sheets[key], scenario.name, document, lang=lang, **layout)

    summary = heading("summary", repeat_rows=None, frozen=None, grid=False)
    write_summary(book.create_sheet(sheets["summary"]), scenario, plan, lang, indicators, summary)
    tables = (
        ("annex", annex_table(scenario, plan, lang, indicators)),
        ("units", units_table(scenario, plan, lang)),
        ("sessions", sessions_table(scenario, plan, lang)),
        ("assignments", assignments_table(scenario, plan, lang)),
        ("shortfalls", shortfalls_table(scenario, plan, lang)),
        ("curriculum", curriculum_table(scenario, lang)),
    )
    for key, table in tables:
        write_table(book.create_sheet(sheets[key]), table, heading(key))
    book.save(path)
    return path
