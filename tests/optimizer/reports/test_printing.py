"""The filing prints: its print setup read back, and the workbook printed by LibreOffice, page by page.

The default scenario's plan is solved once a session (``default_plan_folder``); its filing is
written here. Printed with ``soffice --convert-to pdf`` (skipped when LibreOffice or poppler's
``pdftotext`` is missing; CI installs both), every page is headed with its sheet's title, so the
pages of each sheet are counted from the text: at most ⌈rows ÷ 25⌉ + 2 a sheet, every page of a
table showing the table's first column title (the header row repeats, and no page holds only
columns further right: the sheet is one page wide), and the first page the per-tier table and
the Annex-1 indicators in Chinese.
"""

from __future__ import annotations

import math
import re
from datetime import date, datetime
from pathlib import Path

import pytest
from openpyxl import load_workbook
from openpyxl.worksheet.worksheet import Worksheet
from printed import footer, lines, printed_pages, sheet_of

from models import Scenario, load_scenario, read_plan
from models.messages import message
from optimizer import DEFAULT_SCENARIO
from optimizer.reports import write_workbook
from optimizer.reports.labels import INDICATOR, TIER
from optimizer.reports.printing import display_width
from optimizer.reports.tables import HEADERS, SHEETS
from optimizer.reports.xlsx import FORMAT_BY_KEY

NUMBER_TEXT = re.compile(r"[-+]?\d[\d,]*(\.\d+)?%?")
KEY_BY_TITLE = {zh: key for key, (zh, _) in HEADERS.items()}


@pytest.fixture(scope="module")
def scenario() -> Scenario:
    return load_scenario(DEFAULT_SCENARIO)


@pytest.fixture(scope="module")
def filing(scenario: Scenario, default_plan_folder: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    plan = read_plan(default_plan_folder)
    return write_workbook(scenario, plan, tmp_path_factory.mktemp("filing") / "filing.xlsx")


@pytest.fixture(scope="module")
def book(filing: Path):
    workbook = load_workbook(filing)
    yield workbook
    workbook.close()


def _table_sheets(book) -> list[Worksheet]:
    return [sheet for sheet in book.worksheets if sheet.title != SHEETS["zh"]["summary"]]


def test_every_sheet_prints_a4_landscape_one_page_wide_with_titled_numbered_pages(book, scenario):
    for sheet in book.worksheets:
        setup = sheet.page_setup
        assert (setup.orientation, str(setup.paperSize)) == ("landscape", "9"), sheet.title
        assert (setup.fitToWidth, setup.fitToHeight) == (1, 0), sheet.title
        assert sheet.sheet_properties.pageSetUpPr.fitToPage, sheet.title
        assert sheet.oddHeader.center.text == sheet.title
        assert sheet.oddHeader.left.text == scenario.name
        assert sheet.oddFooter.center.text == message("print.page", page="&P").text("zh")
        assert sheet.oddFooter.left.text == "2020年度干部教育培训计划备案"
    for sheet in _table_sheets(book):
        assert sheet.print_title_rows == "$1:$1", sheet.title
        assert sheet.freeze_panes in ("A2", "C2"), sheet.title


def test_numbers_and_dates_are_stored_as_such_in_their_formats(book):
    for sheet in _table_sheets(book):
        keys = [KEY_BY_TITLE.get(re.sub(r"\(目标.*\)$|\(含下级\)$", "", c.value or "")) for c in sheet[1]]
        for row in sheet.iter_rows(min_row=2):
            for key, found in zip(keys, row, strict=False):
                value = found.value
                assert not (isinstance(value, str) and NUMBER_TEXT.fullmatch(value)), (sheet.title, found)
                expected = FORMAT_BY_KEY.get(key or "")
                if isinstance(value, int | float) and not isinstance(value, bool) and expected:
                    assert found.number_format == expected, (sheet.title, found.coordinate, key)
                if expected == "yyyy-mm-dd" and value is not None:
                    assert isinstance(value, date | datetime), (sheet.title, found.coordinate)


def _shown_width(found) -> int:
    value, number_format = found.value, found.number_format
    if isinstance(value, datetime | date):
        return 10
    if isinstance(value, int | float) and not isinstance(value, bool):
        if number_format.endswith("%"):
            return len(f"{value:.{number_format.count('0') - 1}%}")
        return len(f"{value:,.0f}") + (2 if "." in number_format else 0)
    return display_width(str(value)) + 2 * int(found.alignment.indent or 0)  # the unit tree's indent


def test_column_widths_fit_what_the_columns_show(book):
    # Every value shows in full, a sentence wraps within 80 characters, a title on up to 3 lines.
    for sheet in _table_sheets(book):
        for column in sheet.iter_cols(min_row=2):
            needed = min(max((_shown_width(c) for c in column if c.value is not None), default=0), 80)
            width = sheet.column_dimensions[column[0].column_letter].width
            title = display_width(sheet.cell(1, column[0].column).value)
            assert needed <= width <= max(needed, math.ceil(title / 3), 6) + 4, (sheet.title, column[0])


def test_the_summary_shows_no_weighted_objective(book, default_plan_folder):
    summary = read_plan(default_plan_folder).summary
    sheet = book[SHEETS["zh"]["summary"]]
    values = [c.value for row in sheet.iter_rows() for c in row if c.value is not None]
    texts = " ".join(str(v) for v in values)
    assert not re.search("目标值|目标界|加权|objective", texts)
    assert summary["objective"] not in values and summary["bound"] not in values


# --- printed by LibreOffice ----------------------------------------------------------------------


@pytest.fixture(scope="module")
def pages(filing: Path, tmp_path_factory: pytest.TempPathFactory) -> list[str]:
    """The text of every printed page of the filing."""
    return printed_pages([filing], tmp_path_factory.mktemp("printed"))[filing]


def test_every_sheet_prints_one_page_wide_in_few_pages(pages, book):
    titles = book.sheetnames
    by_sheet: dict[str, list[str]] = {title: [] for title in titles}
    for number, page in enumerate(pages, start=1):
        sheet = sheet_of(page, titles)
        assert sheet is not None, f"page {number} is headed by no sheet: {lines(page)[:1]}"
        by_sheet[sheet].append(page)
    assert [title for title in titles if by_sheet[title]] == titles  # every sheet, in order
    for sheet in book.worksheets:
        rows = sheet.max_row
        assert len(by_sheet[sheet.title]) <= math.ceil(rows / 25) + 2, (sheet.title, rows)
    for sheet in _table_sheets(book):
        first_title = sheet.cell(1, 1).value
        for k, page in enumerate(by_sheet[sheet.title], start=1):
            near_top = " ".join(lines(page)[1:6]).split()
            assert first_title in near_top, f"{sheet.title} page {k} lacks its header row"
            assert footer(page).endswith(f"第{k}页"), f"{sheet.title} page {k} unnumbered: {footer(page)}"
    assert len(pages) <= 160  # 604 before the print setup


def test_the_first_page_shows_the_tiers_and_the_annex_1_indicators_in_chinese(pages, default_plan_folder):
    first = re.sub(r" +", " ", pages[0])
    assert "各层级任务完成情况" in first and "附件1指标(全部单位合计)" in first
    for tier in read_plan(default_plan_folder).summary["tiers"]:
        counts = f"{tier['owed']:,} {tier['met']:,} {tier['bound']:,}"
        assert f"{tier['tier']} {TIER['zh'][tier['tier']]} {counts}" in first, tier
    for label in INDICATOR["zh"].values():
        assert label in first
    assert not re.search("目标值|目标界|objective", first)
