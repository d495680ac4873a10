"""Writing cells and tables into a write-only openpyxl sheet: styles, number formats, column widths.

Write-only mode sends rows out in order, so every style is set per cell as it is made.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Any

import pandas as pd
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet._write_only import WriteOnlyWorksheet as Worksheet

from optimizer.reports.printing import (
    MAX_WIDTH,
    PADDING,
    PageHeading,
    column_width,
    header_height,
    set_up_printing,
)

PERCENT = "0.0%"
INTEGER = "#,##0"
DATE = "yyyy-mm-dd"
HOURS = "#,##0.0"
FORMAT_BY_KEY = {
    **{
        k: PERCENT
        for k in (
            "summons_rate",
            "participation_rate",
            "hours_ratio",
            "team_trained_share",
            "top_leaders_trained_share",
            "young_trained_share",
            "fill_rate",
            "met_share",
            "theory_share",
            "party_spirit_share",
            "theory_party_share",
        )
    },
    **{
        k: INTEGER
        for k in (
            "budget",
            "offjob_hours",
            "online_hours",
            "required_hours",
            "cost",
            "cost_per_head",
            "hours",
        )
    },
    "online_hours_per_capita": HOURS,
    "gap": "0.00%",
    "start": DATE,
    "end": DATE,
}
"""The number format of a column, by its key."""
HEADER_FILL = PatternFill("solid", fgColor="1F4E79")
HEADER_FONT = Font(bold=True, color="FFFFFF")
TITLE_FONT = Font(bold=True, size=14)
BOLD = Font(bold=True)
HEADER_ALIGNMENT = Alignment(horizontal="center", vertical="center", wrap_text=True)
HEADER_BORDER = Border(bottom=Side(style="thin", color="BFBFBF"))
LEFT = Alignment(horizontal="left")
WRAP = Alignment(wrap_text=True, vertical="top")
WRAPPED = {"explanation", "requirement", "problem"}
"""Columns of sentences: wrapped within the column's width rather than cut off."""
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


@dataclass
class Table:
    """A sheet's rows with the key of each column (for headers and formats)."""

    keys: list[str]
    headers: list[str]
    frame: pd.DataFrame
    indent: list[int] | None = None
    """Indent of the second column per row (the unit tree)."""


def cell(sheet: Worksheet, value: Any, number_format: str | None = None, **style: Any) -> WriteOnlyCell:
    """A cell of ``value``; text a spreadsheet would read as a formula is stored as text."""
    value = _plain(value)
    made = WriteOnlyCell(sheet, value=value)
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        # Stored as text, with Excel's leading-apostrophe flag: never evaluated, even after an edit.
        made.data_type = "s"
        made.quotePrefix = True
    if number_format:
        made.number_format = number_format
    for name, setting in style.items():
        setattr(made, name, setting)
    return made


def header_cells(sheet: Worksheet, headers: Sequence[str]) -> list[WriteOnlyCell]:
    """A row of column titles in the header style."""
    return [
        cell(
            sheet, text, font=HEADER_FONT, fill=HEADER_FILL, alignment=HEADER_ALIGNMENT, border=HEADER_BORDER
        )
        for text in headers
    ]


def write_table(sheet: Worksheet, table: Table, heading: PageHeading) -> None:
    """``table`` as the sheet: fitted widths, the print setup of ``heading``, a filter, formats, indents."""
    frozen = "C2" if table.indent is not None else "A2"
    widths = table_widths(table)
    set_up_printing(sheet, replace(heading, frozen=frozen, title_rows=1), widths)
    if len(table.frame):
        sheet.auto_filter.ref = f"A1:{get_column_letter(len(table.headers))}{len(table.frame) + 1}"
    sheet.row_dimensions[1].height = header_height(table.headers, widths)
    sheet.append(header_cells(sheet, table.headers))
    formats = [FORMAT_BY_KEY.get(k) for k in table.keys]
    wrapped = [k for k, key in enumerate(table.keys) if key in WRAPPED]
    indents = table.indent or []
    for r, values in enumerate(table.frame.itertuples(index=False)):
        cells = [
            cell(sheet, value, number_format) for value, number_format in zip(values, formats, strict=True)
        ]
        for k in wrapped:
            cells[k].alignment = WRAP
        if r < len(indents):
            cells[1].alignment = Alignment(indent=indents[r])
        sheet.append(cells)


def table_widths(table: Table) -> list[float]:
    """The width of each column of ``table``: its widest value as shown (every distinct value measured)."""
    widths = []
    for c, (key, title) in enumerate(zip(table.keys, table.headers, strict=True)):
        values = [_plain(v) for v in table.frame.iloc[:, c].unique()]
        width = column_width(values, FORMAT_BY_KEY.get(key), title)
        if table.indent is not None and c == 1:
            width = min(width + 2 * max(table.indent, default=0), MAX_WIDTH + PADDING)
        widths.append(width)
    return widths


def _plain(value: Any) -> Any:
    """numpy scalars, NaN and pandas NA as plain Python values for openpyxl."""
    if value is None or value is pd.NA:
        return None
    if hasattr(value, "item") and not isinstance(value, str):
        value = value.item()
    if isinstance(value, float) and math.isnan(value):
        return None
    return value
