"""Reading a scenario handed as one Excel workbook (DOMAIN.md, "The same scenario as one workbook").

Each sheet is read with python-calamine (fast, read-only) and its cells become
the text a CSV file would hold (numbers without a trailing ``.0``, dates as
``YYYY-MM-DD``, booleans as ``true``/``false``), so that the rows go through the
same validation as the CSV files and problems read the same. A problem names
the workbook and the sheet as its file (``scenario.xlsx[cadres]``), then the
row and column a spreadsheet shows.

A sheet may have a second heading row under the column ids, with each
column's heading in Chinese (or English), as :mod:`models.workbook_writer`
writes it; it is recognised and skipped.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from datetime import date, datetime, time
from pathlib import Path
from typing import Any

import python_calamine

from models.csvfile import Table, header_ok, table_of
from models.errors import Collector
from models.layout import SETTINGS_COLUMNS, SETTINGS_SHEET
from models.messages.workbook import headings_of

SUFFIXES = (".xlsx", ".xlsm")
TEXT_KEYS = frozenset({"name", "base"})
"""Settings whose value is text even when a spreadsheet shows a number (a name such as 2021)."""


def is_workbook(path: Path) -> bool:
    """Whether ``path`` names a workbook (by its suffix) rather than a scenario folder."""
    return path.suffix.lower() in SUFFIXES and not path.is_dir()


def cell_text(value: object) -> str:
    """The text a CSV file would hold for a cell that a spreadsheet typed."""
    if isinstance(value, str):
        return value.strip()
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, datetime):  # before date: a datetime is a date
        return value.date().isoformat() if value.time() == time() else value.isoformat(sep=" ")
    if isinstance(value, date):
        return value.isoformat()
    return str(value).strip()


def _failed_reading(error: BaseException) -> bool:
    """An error of the reader on a spoilt file (a Rust panic is a BaseException), not Ctrl-C."""
    return isinstance(error, Exception) or type(error).__name__ == "PanicException"


@dataclass
class Workbook:
    """One workbook file, opened once; ``label`` names it in problems (``scenario.xlsx``)."""

    path: Path
    label: str
    book: Any = field(default=None, repr=False)
    sheet_names: tuple[str, ...] = ()

    @classmethod
    def open(cls, path: Path, label: str, problems: Collector) -> Workbook | None:
        """The workbook, or ``None`` with a problem when it cannot be read at all."""
        try:
            book = python_calamine.CalamineWorkbook.from_path(str(path))
        except FileNotFoundError:
            problems.add(label, None, None, None, "workbook file is missing")
            return None
        except BaseException as error:
            if not _failed_reading(error):
                raise
            problems.add(label, None, None, None, f"cannot read the workbook (is it an .xlsx file?): {error}")
            return None
        return cls(path, label, book, tuple(str(name) for name in book.sheet_names))

    def where(self, sheet: str) -> str:
        """How problems name a sheet: ``scenario.xlsx[cadres]``."""
        return f"{self.label}[{sheet}]"

    def has(self, sheet: str) -> bool:
        return sheet in self.sheet_names

    def cells(self, sheet: str, problems: Collector) -> list[list[object]] | None:
        """Every row of ``sheet`` from row 1, as the reader typed the cells; ``None`` on a problem."""
        if not self.has(sheet):
            problems.add(self.where(sheet), None, None, None, f"the workbook has no sheet named {sheet!r}")
            return None
        try:
            rows: list[list[object]] = self.book.get_sheet_by_name(sheet).to_python(skip_empty_area=False)
            return rows
        except BaseException as error:
            if not _failed_reading(error):
                raise
            problems.add(self.where(sheet), None, None, None, f"cannot read the sheet: {error}")
            return None

    def table(self, file: str, required: tuple[str, ...], problems: Collector) -> Table | None:
        """The sheet of ``file`` (``cadres.csv`` -> sheet ``cadres``) as a :class:`Table` of text cells."""
        sheet = file.removesuffix(".csv")
        grid = self.cells(sheet, problems)
        if grid is None:
            return None
        return _sheet_table(self.where(sheet), file, grid, required, problems)

    def settings(self, problems: Collector) -> tuple[dict[str, Any], dict[str, int]] | None:
        """The ``scenario`` sheet as a TOML table would hold it, and the row of each key."""
        name = self.where(SETTINGS_SHEET)
        grid = self.cells(SETTINGS_SHEET, problems)
        if grid is None:
            return None
        texts = [[cell_text(value) for value in row] for row in grid[:2]]
        header = tuple(_trimmed(texts[0])) if texts else ()
        if not header:
            problems.add(name, 1, None, None, "sheet has no header row: expected the columns key and value")
            return None
        if not header_ok(name, header, SETTINGS_COLUMNS, problems):
            return None
        first = 3 if len(texts) > 1 and _is_heading_row(SETTINGS_SHEET, header, texts[1]) else 2
        key_at, value_at = header.index("key"), header.index("value")
        return _settings(name, grid, first, key_at, value_at, problems)


def _trimmed(cells: list[str]) -> list[str]:
    """Cells without the blank ones at the end of the row."""
    end = len(cells)
    while end and not cells[end - 1]:
        end -= 1
    return cells[:end]


def _is_heading_row(sheet: str, header: tuple[str, ...], cells: list[str]) -> bool:
    """Row 2 holds the columns' headings (as the template writes them), not data.

    Every cell under a contract column is blank or that column's heading, and
    at least one is a heading; cells under extra columns are not looked at.
    """
    known = headings_of(sheet)
    seen = False
    for column, cell in zip(header, cells, strict=False):
        if column not in known or not cell:
            continue
        if cell not in known[column]:
            return False
        seen = True
    return seen


def _sheet_table(
    name: str, file: str, grid: list[list[object]], required: tuple[str, ...], problems: Collector
) -> Table | None:
    if not grid or not any(cell_text(value) for value in grid[0]):
        problems.add(name, 1, None, None, "sheet has no header row")
        return None
    header = tuple(_trimmed([cell_text(value) for value in grid[0]]))
    if not header_ok(name, header, required, problems):
        return None
    width = len(header)
    first = 1
    if len(grid) > 1 and _is_heading_row(file.removesuffix(".csv"), header, [cell_text(v) for v in grid[1]]):
        first = 2
    lines: list[int] = []
    rows: list[list[str]] = []
    skipped: list[dict[str, str]] = []
    text = cell_text
    for index in range(first, len(grid)):
        # Most cells are text: stripped in place, the others made text one by one.
        cells = [value.strip() if value.__class__ is str else text(value) for value in grid[index]]
        if not any(cells):
            continue
        surplus = [(k, cell) for k, cell in enumerate(cells[width:], start=width) if cell]
        if surplus:
            k, cell = surplus[0]
            message = f"a value in column {_letter(k)}, which has no heading in row 1: add one or clear it"
            problems.add(name, index + 1, None, cell, message)
            skipped.append(dict(zip(header, cells, strict=False)))
            continue
        lines.append(index + 1)
        rows.append(cells[:width])
    return table_of(name, header, lines, rows, skipped)


def _letter(index: int) -> str:
    """The spreadsheet's letters of the column at ``index`` (0 -> A, 26 -> AA)."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


def _settings(
    name: str, grid: list[list[object]], first: int, key_at: int, value_at: int, problems: Collector
) -> tuple[dict[str, Any], dict[str, int]] | None:
    table: dict[str, Any] = {}
    row_of: dict[str, int] = {}
    for index in range(first - 1, len(grid)):
        row = grid[index]
        key = cell_text(row[key_at]) if key_at < len(row) else ""
        raw = row[value_at] if value_at < len(row) else None
        if not key:
            if cell_text(raw):
                problems.add(name, index + 1, "key", None, "a value without its key: name the setting")
            continue
        if key in row_of:
            problems.add(name, index + 1, "key", key, f"the same key is also on row {row_of[key]}")
            continue
        row_of[key] = index + 1
        if cell_text(raw) == "":
            continue  # an empty value is "not given", as an empty cell is everywhere else
        section, _, inner = key.partition(".")
        value = cell_text(raw) if key in TEXT_KEYS else setting_value(raw)
        if inner:
            sub = table.setdefault(section, {})
            if isinstance(sub, dict):
                sub[inner] = value
            continue
        table[key] = value
    return table, row_of


def setting_value(value: object) -> object:
    """A setting as ``scenario.toml`` would give it: typed cells kept, text read as a TOML value.

    Whole numbers become ``int`` (a spreadsheet stores every number as a float),
    a date-time at midnight a date; text such as ``true``, ``0.3`` or
    ``2021-12-31`` (a cell formatted as text) is read as TOML reads it, and
    other text stays text.
    """
    if isinstance(value, bool):
        return value
    if isinstance(value, float):
        return int(value) if value.is_integer() else value
    if isinstance(value, datetime):
        return value.date() if value.time() == time() else value
    if isinstance(value, str):
        text = value.strip()
        if "\n" in text or "\r" in text:
            return text
        try:
            return tomllib.loads(f"value = {text}")["value"]
        except tomllib.TOMLDecodeError:
            return text
    return value
