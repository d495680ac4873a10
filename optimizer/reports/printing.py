"""How a sheet of the filing or of a notice prints: A4 landscape, one page wide, titled and numbered pages.

Every sheet gets the same print setup (:func:`set_up_printing`): A4 landscape,
scaled to fit one page wide (as many pages tall as it takes), its header rows
repeated on every page and frozen on screen, a page header naming the
document, the sheet and, where a sheet is one unit's, the unit, and a page
footer numbering the sheet's pages from 1. Column widths fit what the columns
show (:func:`column_width`), CJK characters counting two, as a spreadsheet
measures them.

Everything here is set before the first row of a write-only sheet is sent
out: openpyxl streams the sheet's head (widths, panes, fit-to-page) with it.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from openpyxl.utils import get_column_letter
from openpyxl.worksheet._write_only import WriteOnlyWorksheet as Worksheet
from openpyxl.worksheet.header_footer import _HeaderFooterPart
from openpyxl.worksheet.page import PageMargins

from models.messages import message

A4 = "9"
"""OOXML paper size code of A4."""
MARGINS = PageMargins(left=0.4, right=0.4, top=0.7, bottom=0.6, header=0.3, footer=0.25)
"""Page margins in inches: narrow at the sides (a wide table keeps its scale), room for header and footer."""
HEADER_LIMIT = 80
"""Characters of a header or footer part at most (Excel allows 255 for the three parts together)."""
MIN_WIDTH, MAX_WIDTH = 6, 80
"""Column widths in characters: never narrower than a short number, never wider than a wrapped sentence."""
PADDING = 2
TITLE_LINES = 3
"""A column title wraps on up to three lines rather than widen its column."""
LINE_HEIGHT = 15.0
"""Points per line of wrapped text (11-point type, CJK glyphs included)."""
WRAP_FILL = 0.92
"""The share of a column's width a wrapped line fills, on average."""


@dataclass(frozen=True)
class PageHeading:
    """What every printed page of a sheet says, and which of its rows repeat on every page.

    The page header shows the scenario (left), the sheet's ``title`` (centre)
    and, where the sheet is one unit's, the ``unit`` (right); the footer the
    ``document`` (the filing or the notice, left) and the page number of the
    sheet (centre), in ``lang``.
    """

    title: str
    scenario: str
    document: str
    unit: str = ""
    lang: str = "zh"
    repeat_rows: str | None = "1:1"
    """The header rows of the sheet's table (``"5:5"``), repeated on every printed page (``None``: none)."""
    frozen: str | None = "A2"
    """The top-left cell of the scrolling part on screen (``None``: nothing frozen)."""
    grid: bool = True
    """Print the cell grid (a long table reads better ruled)."""


def set_up_printing(sheet: Worksheet, heading: PageHeading, widths: Sequence[float]) -> None:
    """Give ``sheet`` the print setup of :class:`PageHeading` and the column ``widths`` (characters).

    Call it before the sheet's first row is appended.
    """
    for column, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(column)].width = width
    if heading.frozen:
        sheet.freeze_panes = heading.frozen
    setup = sheet.page_setup
    setup.orientation = "landscape"
    setup.paperSize = A4
    setup.fitToWidth = 1
    setup.fitToHeight = 0  # as many pages tall as the rows need
    setup.firstPageNumber = 1
    setup.useFirstPageNumber = True
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.page_margins = MARGINS
    sheet.print_options.horizontalCentered = True
    sheet.print_options.gridLines = heading.grid
    if heading.repeat_rows:
        sheet.print_title_rows = heading.repeat_rows
    _header_part(sheet.oddHeader.left, heading.scenario, size=9)
    _header_part(sheet.oddHeader.center, heading.title, size=12, bold=True)
    _header_part(sheet.oddHeader.right, heading.unit, size=10, bold=True)
    page = message("print.page", page="&P").text(heading.lang)  # &P: the page number, per sheet from 1
    _header_part(sheet.oddFooter.center, page, size=9, escape=False)
    _header_part(sheet.oddFooter.left, heading.document, size=9)


def _header_part(
    part: _HeaderFooterPart, text: str, size: int, bold: bool = False, escape: bool = True
) -> None:
    if not text:
        return
    shown = text if len(text) <= HEADER_LIMIT else text[: HEADER_LIMIT - 1] + "…"
    part.text = shown.replace("&", "&&") if escape else shown
    part.size = size
    if bold:
        part.font = ",Bold"


def display_width(text: str) -> int:
    """Characters as a spreadsheet column counts them: CJK and other wide characters are two."""
    return sum(2 if ord(ch) > 0x2E80 else 1 for ch in text)


def shown(value: Any, number_format: str | None) -> str:
    """``value`` about as a spreadsheet shows it in ``number_format`` (for measuring, not for writing)."""
    if value is None:
        return ""
    if isinstance(value, bool) or not isinstance(value, int | float | date):
        return str(value)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and not math.isfinite(value):
        return ""
    if number_format and number_format.endswith("%"):
        decimals = number_format.count("0") - 1
        return f"{value:.{decimals}%}"
    if number_format and "," in number_format:
        decimals = len(number_format.partition(".")[2])
        return f"{value:,.{decimals}f}"
    return f"{value:g}" if isinstance(value, float) else str(value)


def column_width(values: Iterable[Any], number_format: str | None = None, title: str = "") -> float:
    """The width (characters) that shows every value of a column, and its title on at most three lines.

    A title longer than its column wraps (header rows wrap, :func:`header_height`),
    so it asks for a third of its width; a value wider than :data:`MAX_WIDTH` is a
    sentence, wrapped in that.
    """
    longest = max((display_width(shown(v, number_format)) for v in set(values)), default=0)
    title_part = math.ceil(display_width(title) / TITLE_LINES) if title else 0
    return float(min(max(longest, title_part, MIN_WIDTH), MAX_WIDTH) + PADDING)


def wrapped_lines(text: str, width: float) -> int:
    """The lines ``text`` takes wrapped within a column of ``width`` characters.

    A line holds a little less than the column's width: words wrap whole, and
    a CJK glyph is not quite two narrow ones wide in every font.
    """
    return max(1, math.ceil(display_width(text) / max((width - PADDING) * WRAP_FILL, 1)))


def wrapped_height(text: str, width: float) -> float:
    """The row height (points) that shows ``text`` wrapped within ``width`` characters."""
    return LINE_HEIGHT * wrapped_lines(text, width) + 2


def row_height(texts: Sequence[tuple[str, float]]) -> float | None:
    """The height (points) of a row whose wrapped cells hold ``(text, column width)``; ``None``: one line."""
    lines = max((wrapped_lines(text, width) for text, width in texts), default=1)
    return LINE_HEIGHT * lines + 2 if lines > 1 else None


def header_height(titles: Sequence[str], widths: Sequence[float]) -> float:
    """The height (points) of a header row whose ``titles`` wrap within their columns' ``widths``."""
    return max((wrapped_height(t, w) for t, w in zip(titles, widths, strict=True)), default=LINE_HEIGHT)
