"""Writing a scenario as a folder (``scenario.toml`` and the CSV files) or as one workbook.

What is written reads back (:func:`models.load_scenario`) to the same records:
``plan-scenario to-xlsx`` and ``to-folder`` are a load and a write. A scenario
that inherits (``base =``) is written whole, with what it inherits.
"""

from __future__ import annotations

import csv
from pathlib import Path

import tomli_w

from models.scenario import Scenario
from models.settings import TOML
from models.tables import TableRows, scenario_tables, settings_table
from models.workbook import cell_text, is_workbook
from models.workbook_writer import write_workbook


def write_scenario(scenario: Scenario, path: str | Path, lang: str = "zh") -> Path:
    """Write ``scenario`` to ``path``: one workbook when it ends in ``.xlsx``, else a folder.

    The folder (or the workbook's folder) is created when missing; files of the
    same names are overwritten. ``lang`` is the workbook's headings and
    instructions language.
    """
    path = Path(path)
    if is_workbook(path):
        path.parent.mkdir(parents=True, exist_ok=True)
        return write_workbook(scenario, path, lang)
    return write_folder(scenario, path)


def write_folder(scenario: Scenario, folder: Path) -> Path:
    """``scenario.toml`` and one UTF-8 CSV file per table (``summons.csv``, ``pinned.csv`` when not empty)."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / TOML).write_text(tomli_w.dumps(settings_table(scenario)), encoding="utf-8")
    for table in scenario_tables(scenario):
        path = folder / table.sheet.file
        if table.sheet.optional_table and not table.rows:
            path.unlink(missing_ok=True)
            continue
        _write_csv(path, table)
    return folder


def _write_csv(path: Path, table: TableRows) -> None:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(table.header)
        writer.writerows([cell_text(value) for value in row] for row in table.rows)
