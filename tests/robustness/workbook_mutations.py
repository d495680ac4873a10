"""A scenario as one workbook, and the ways a planner's Excel can spoil it.

The workbook is made from a scenario held as CSV bytes (:mod:`mutations`),
after its cell edits: each table becomes a sheet with the template's two
header rows, and cells are typed as a spreadsheet types them (numbers, dates,
booleans) or left as text; ``scenario.toml`` becomes the ``scenario`` sheet.
Workbook edits then type a cell oddly (a date with a time, a huge float, a
boolean for an id), rename or drop a sheet or its heading row, set a setting,
or spoil the file's bytes.
"""

from __future__ import annotations

import csv
import io
import tomllib
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

from hypothesis import strategies as st
from mutations import BYTE_EDITS, Files, Mutation
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from models import cells
from models.layout import NUMERIC, SETTINGS_SHEET, SHEET_BY_FILE, Kind
from models.messages import message

Grid = dict[str, list[list[Any]]]
"""Sheet name -> rows of cell values, row 1 first."""

ODD_VALUES: tuple[Any, ...] = (
    1e308,
    -5.0,
    0.5,
    2.0**53,
    float("nan"),
    True,
    False,
    datetime(2020, 1, 1, 12, 30),
    datetime(2020, 3, 2),
    date(1900, 1, 1),
    date(2020, 2, 29),
    "=A1",
    "",
    None,
    "2020-01-01",
    "张三",
    " ",
)
"""Cells as Excel types them: floats, booleans, dates with and without a time, text like a formula."""
WORKBOOK_EDITS = (
    "typed_cell",
    "rename_sheet",
    "drop_sheet",
    "drop_heading",
    "blank_header",
    "setting",
    "spoil",
)
SPOILS = ("truncate", "insert_bytes", "garbage", "empty", "stray_quote")


def _typed(text: str, kind: Kind) -> Any:
    """A cell's text as a spreadsheet would type it, when it reads as that kind; else the text."""
    try:
        if kind is Kind.DATE:
            return cells.parse_date(text)
        if kind in NUMERIC:
            return cells.parse_number(text)
        if kind is Kind.BOOL:
            return cells.parse_bool(text)
    except ValueError:
        pass
    return text


def grid_of(files: Files, typed: bool) -> Grid:
    """The workbook's sheets for the CSV ``files`` (those still readable as UTF-8 CSV)."""
    grid: Grid = {SETTINGS_SHEET: _settings_rows(files.get("scenario.toml", b""))}
    for name, raw in files.items():
        sheet = SHEET_BY_FILE.get(name)
        if sheet is None:
            continue
        try:
            rows = list(csv.reader(io.StringIO(raw.decode("utf-8"), newline="")))
        except (UnicodeDecodeError, csv.Error):
            continue
        header = [cell.strip() for cell in rows[0]] if rows else []
        headings = []
        for column in header:
            key = f"heading.{sheet.name}.{column}"
            headings.append(message(key).text("zh") if sheet.column(column) else "")
        body: list[list[Any]] = []
        for row in rows[1:]:
            values: list[Any] = []
            for k, text in enumerate(row):
                spec = sheet.column(header[k]) if k < len(header) else None
                values.append(_typed(text, spec.kind) if typed and spec is not None else text)
            body.append(values)
        grid[sheet.name] = [header, headings, *body]
    return grid


def _settings_rows(raw: bytes) -> list[list[Any]]:
    try:
        table = tomllib.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, tomllib.TOMLDecodeError):
        table = {}
    rows: list[list[Any]] = [["key", "value"], ["设置项", "值"]]
    for key, value in table.items():
        if isinstance(value, dict):
            rows += [[f"{key}.{inner}", item] for inner, item in value.items()]
        else:
            rows.append([key, value])
    return rows


@dataclass(frozen=True)
class BookEdit:
    """One edit of the workbook; ``apply`` changes the grid (or, for ``spoil``, is applied to the bytes)."""

    kind: str
    sheet: int = 0
    row: int = 0
    column: int = 0
    value: Any = None
    spoil: str = "truncate"
    blob: bytes = b""

    def __str__(self) -> str:
        return f"{self.kind}(sheet={self.sheet}, row={self.row}, column={self.column}, value={self.value!r})"

    def apply(self, grid: Grid) -> Grid:
        names = sorted(grid)
        name = names[self.sheet % len(names)] if names else ""
        rows = grid.get(name, [])
        if self.kind == "typed_cell" and rows:
            row = rows[self.row % len(rows)]
            if row:
                row[self.column % len(row)] = self.value
        elif self.kind == "rename_sheet" and name:
            grid[f"{name}_{self.row % 3}"] = grid.pop(name)
        elif self.kind == "drop_sheet" and name:
            del grid[name]
        elif self.kind == "drop_heading" and len(rows) > 1:
            del rows[1]
        elif self.kind == "blank_header" and rows and rows[0]:
            rows[0][self.column % len(rows[0])] = None
        elif self.kind == "setting" and len(grid.get(SETTINGS_SHEET, [])) > 2:
            settings = grid[SETTINGS_SHEET]
            settings[2 + self.row % (len(settings) - 2)][1] = self.value
        return grid


def workbook_bytes(grid: Grid, edits: list[BookEdit]) -> bytes:
    """The workbook of ``grid`` after the edits, as bytes (spoilt last, as a byte edit of the file)."""
    for edit in edits:
        if edit.kind != "spoil":
            grid = edit.apply(grid)
    book = Workbook(write_only=True)
    for name, rows in grid.items():
        sheet = book.create_sheet(name)
        for row in rows:
            sheet.append([_storable(value) for value in row])
    handle = io.BytesIO()
    book.save(handle)
    raw = handle.getvalue()
    for edit in edits:
        if edit.kind == "spoil":
            raw = BYTE_EDITS[edit.spoil](Mutation(edit.spoil, "", row=edit.row, blob=edit.blob), raw)
    return raw


def _storable(value: Any) -> Any:
    """Text without the control characters no workbook can hold (Excel cannot type them either)."""
    return ILLEGAL_CHARACTERS_RE.sub("", value) if isinstance(value, str) else value


def write_workbook(raw: bytes, path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(raw)
    return path


@st.composite
def book_edits(draw: st.DrawFn) -> BookEdit:
    """One workbook edit, its values biased towards what Excel does to cells."""
    return BookEdit(
        kind=draw(st.sampled_from(WORKBOOK_EDITS)),
        sheet=draw(st.integers(0, 20)),
        row=draw(st.integers(0, 10_000)),
        column=draw(st.integers(0, 30)),
        value=draw(
            st.one_of(st.sampled_from(ODD_VALUES), st.text(max_size=8), st.integers(-(10**20), 10**20))
        ),
        spoil=draw(st.sampled_from(SPOILS)),
        blob=draw(st.binary(min_size=1, max_size=32)),
    )
