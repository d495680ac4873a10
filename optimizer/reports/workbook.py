"""The filing workbook ``filing.xlsx``: summary, Annex-1, units, sessions, assignments, shortfalls, R13."""

from __future__ import annotations

from pathlib import Path

from openpyxl import Workbook

from models import Plan, Scenario
from models.indicators import indicators_summary
from optimizer.reports.annex import annex_table
from optimizer.reports.curriculum import curriculum_table
from optimizer.reports.labels import words
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
        as text with Excel's quote prefix.
    """
    words(lang)  # validates lang
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    book = Workbook(write_only=True)
    sheets = SHEETS[lang]
    indicators = indicators_summary(scenario, plan)
    write_summary(book.create_sheet(sheets["summary"]), scenario, plan, lang, indicators)
    tables = (
        ("annex", annex_table(scenario, plan, lang, indicators)),
        ("units", units_table(scenario, plan, lang)),
        ("sessions", sessions_table(scenario, plan, lang)),
        ("assignments", assignments_table(scenario, plan, lang)),
        ("shortfalls", shortfalls_table(scenario, plan, lang)),
        ("curriculum", curriculum_table(scenario, lang)),
    )
    for key, table in tables:
        write_table(book.create_sheet(sheets[key]), table)
    book.save(path)
    return path
