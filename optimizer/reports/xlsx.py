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
from openpyxl.worksheet.pagebreak import Break

from optimizer.reports.printing import (
    MAX_WIDTH,
    PADDING,
    PageHeading,
    column_width,
    header_height,
    row_height,
    set_up_printing,
    wrapped_height,
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
BODY_SIZE = 11.0
"""Points: the cells' type size."""
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
    set_up_printing(sheet, replace(heading, frozen=frozen, repeat_rows="1:1"), widths)
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
        height = row_height([(str(cells[k].value or ""), widths[k]) for k in wrapped])
        if height is not None:  # set before the row is sent out; spreadsheets do not grow rows on opening
            sheet.row_dimensions[r + 2].height = height
            for made in cells:  # a tall row reads from its top line
                made.alignment = top_aligned(made.alignment)
        sheet.append(cells)


def top_aligned(alignment: Alignment) -> Alignment:
    """``alignment`` with its text at the top of the cell (a tall row's other cells beside a wrapped one)."""
    horizontal, wrap, indent = alignment.horizontal, alignment.wrap_text, alignment.indent
    return Alignment(horizontal=horizontal, vertical="top", wrap_text=wrap, indent=indent)


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


NOTE_WIDTH = 40.0
"""The note column's width (characters): its sentences wrap within it."""


class SheetRows:
    """The summary's rows, gathered before any is written: a write-only sheet needs its widths first.

    A *sentence* row is one text over the sheet's whole width, merged and wrapped;
    the other rows are table rows, whose values decide the column widths.
    """

    def __init__(self, sheet: Worksheet) -> None:
        self.sheet = sheet
        self.rows: list[list[WriteOnlyCell]] = []
        self.sentences: list[int] = []
        self.headers: list[int] = []
        self.breaks: list[int] = []

    def add(self, values: list[WriteOnlyCell]) -> None:
        """A table row."""
        self.rows.append(values)

    def header(self, titles: list[str]) -> None:
        """A row of column titles (wrapped on two lines where a title is wider than its column)."""
        self.headers.append(len(self.rows))
        self.rows.append(header_cells(self.sheet, titles))

    def sentence(self, text: str, **style: Any) -> None:
        """A text over the whole width."""
        self.sentences.append(len(self.rows))
        self.rows.append([cell(self.sheet, text, alignment=WRAP, **style)])

    def blank(self) -> None:
        self.rows.append([])

    def page_break(self) -> None:
        """A new page after the rows so far."""
        self.breaks.append(len(self.rows))

    def widths(self) -> list[float]:
        """Each column's width from the table rows (the last column, of notes, at most :data:`NOTE_WIDTH`)."""
        num_columns = max(len(row) for row in self.rows)
        widths = [column_width([]) for _ in range(num_columns)]
        for r, row in enumerate(self.rows):
            if r in self.sentences:
                continue
            for k, made in enumerate(row):
                title = str(made.value) if r in self.headers else ""
                values = [] if title else [made.value]
                width = column_width(values, made.number_format, title)
                if made.alignment.wrap_text and not title:
                    width = min(width, NOTE_WIDTH)
                widths[k] = max(widths[k], width)
        return widths

    def write(self, heading: PageHeading) -> None:
        """Send the rows out with the print setup of ``heading``, sentences merged and tall enough."""
        widths = self.widths()
        set_up_printing(self.sheet, heading, widths)
        last = get_column_letter(len(widths))
        for r in self.sentences:
            self.sheet.merged_cells.add(f"A{r + 1}:{last}{r + 1}")
            first = self.rows[r][0]
            scale = max(1.0, (first.font.sz or BODY_SIZE) / BODY_SIZE)  # a title's type is larger
            height = scale * wrapped_height(str(first.value), sum(widths) / scale)
            self.sheet.row_dimensions[r + 1].height = height
        for r, row in enumerate(self.rows):
            wrapped = [(str(c.value or ""), widths[k]) for k, c in enumerate(row) if c.alignment.wrap_text]
            height = row_height(wrapped) if r not in self.headers and r not in self.sentences else None
            if height is not None:
                self.sheet.row_dimensions[r + 1].height = height
                for made in row:
                    made.alignment = top_aligned(made.alignment)
        for r in self.headers:
            titles = [str(made.value) for made in self.rows[r]]
            self.sheet.row_dimensions[r + 1].height = header_height(titles, widths[: len(titles)])
        for r in self.breaks:
            self.sheet.row_breaks.append(Break(id=r))
        for row in self.rows:
            self.sheet.append(row)
