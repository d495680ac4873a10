"""Writing the scenario workbook (openpyxl, write-only): the template, or a whole scenario.

Every sheet has the column ids in row 1 (what the loader reads), each
column's heading in row 2 (skipped by the loader), frozen panes under them,
widths that fit, a drop-down for every enum and boolean column, date cells
shown ``yyyy-mm-dd`` and checks on numbers and dates. The first sheet,
说明 (instructions), says what every column holds.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterable
from datetime import date
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet._write_only import WriteOnlyWorksheet
from openpyxl.worksheet.datavalidation import DataValidation

from models.entities import Policy, Weights
from models.errors import Problem, ScenarioError
from models.layout import SETTINGS_COLUMNS, SETTINGS_SHEET, SHEETS, Column, Kind, Sheet
from models.messages import CATALOGUE, check_lang, message
from models.scenario import Scenario
from models.tables import TableRows, Value, scenario_tables, settings_rows

GUIDE_SHEET = "说明"
LAST_ROW = 1_048_576
HEADER_FONT = Font(bold=True)
HEADING_FONT = Font(italic=True, color="595959")
HEADING_FILL = PatternFill("solid", fgColor="EDEDED")
TITLE_FONT = Font(bold=True, size=14)
DATE_FORMAT = "yyyy-mm-dd"
ILLEGAL = re.compile(r"[\000-\010\013\014\016-\037]")
"""Characters a workbook cannot hold (openpyxl refuses them)."""
RUN_COMMAND = "plan-annual --year 2021 --scenario THIS.xlsx"
CONVERT_COMMAND = "plan-scenario to-folder THIS.xlsx FOLDER"
SAMPLE_ROWS = 500
"""Rows looked at to size a column."""
SECTIONS: tuple[tuple[str, type[Policy] | type[Weights]], ...] = (("policy", Policy), ("weights", Weights))


def write_template(path: Path, lang: str = "zh") -> Path:
    """An empty scenario workbook: every sheet with its headers, the settings' keys, the instructions."""
    tables = [TableRows(sheet, tuple(c.name for c in sheet.columns), []) for sheet in SHEETS]
    keys = ["name", "cycle_start", "plan_year", "budget.total"]
    keys += [f"{section}.{item.name}" for section, kind in SECTIONS for item in dataclasses.fields(kind)]
    return _write(path, tables, [(key, None) for key in keys], check_lang(lang))


def write_workbook(scenario: Scenario, path: Path, lang: str = "zh") -> Path:
    """``scenario`` as one workbook, which :func:`models.load_scenario` reads back to the same records."""
    return _write(path, scenario_tables(scenario), settings_rows(scenario), check_lang(lang))


def _write(path: Path, tables: list[TableRows], settings: list[tuple[str, Value]], lang: str) -> Path:
    book = Workbook(write_only=True)
    _guide(book.create_sheet(GUIDE_SHEET), lang)
    _settings_sheet(book.create_sheet(SETTINGS_SHEET), settings, lang)
    for table in tables:
        _table_sheet(book.create_sheet(table.sheet.name), table, lang)
    book.save(path)
    return path


def _cell(sheet: WriteOnlyWorksheet, value: Value, where: str) -> Any:
    """A value as a cell: text stays text (never a formula), dates show as dates."""
    if isinstance(value, str):
        if ILLEGAL.search(value):
            problem = Problem(where, None, None, value, "holds a control character a workbook cannot store")
            raise ScenarioError([problem])
        if value.startswith("="):
            cell = WriteOnlyCell(sheet, value=value)
            cell.data_type = "s"
            return cell
    return value


def _header_rows(sheet: WriteOnlyWorksheet, name: str, header: Iterable[str], lang: str) -> None:
    ids, headings = [], []
    for column in header:
        ids.append(_styled(sheet, column, HEADER_FONT))
        key = f"heading.{name}.{column}"
        text = message(key).text(lang) if _known(key) else ""
        headings.append(_styled(sheet, text, HEADING_FONT, HEADING_FILL))
    sheet.append(ids)
    sheet.append(headings)


def _known(key: str) -> bool:
    return key in CATALOGUE


def _styled(
    sheet: WriteOnlyWorksheet, value: str, font: Font, fill: PatternFill | None = None
) -> WriteOnlyCell:
    cell = WriteOnlyCell(sheet, value=value)
    cell.data_type = "s"
    cell.font = font
    if fill is not None:
        cell.fill = fill
    return cell


def _table_sheet(sheet: WriteOnlyWorksheet, table: TableRows, lang: str) -> None:
    name = table.sheet.name
    sheet.freeze_panes = "A3"
    for index, column in enumerate(table.header, start=1):
        letter = get_column_letter(index)
        sample = [row[index - 1] for row in table.rows[:SAMPLE_ROWS]]
        sheet.column_dimensions[letter].width = _width([column, _heading(name, column, lang), *sample])
        spec = table.sheet.column(column)
        if spec is not None:
            _validate(sheet, letter, spec, lang)
            if spec.kind is Kind.DATE:
                sheet.column_dimensions[letter].number_format = DATE_FORMAT
    _header_rows(sheet, name, table.header, lang)
    for row in table.rows:
        sheet.append([_cell(sheet, value, name) for value in row])


def _heading(sheet: str, column: str, lang: str) -> str:
    key = f"heading.{sheet}.{column}"
    return message(key).text(lang) if _known(key) else ""


def _width(values: Iterable[Value]) -> float:
    """A column wide enough for its longest sample (a CJK character takes two), within 8 to 48."""
    longest = 0
    for value in values:
        text = "" if value is None else (value.isoformat() if isinstance(value, date) else str(value))
        longest = max(longest, sum(2 if ord(char) > 0x2E80 else 1 for char in text))
    return float(min(48, max(8, longest + 2)))


def _validate(sheet: WriteOnlyWorksheet, letter: str, column: Column, lang: str) -> None:
    """The drop-down or check of one column, from row 3 to the last row."""
    rule = _rule(column, lang)
    if rule is None:
        return
    rule.add(f"{letter}3:{letter}{LAST_ROW}")
    sheet.data_validations.append(rule)


def _rule(column: Column, lang: str) -> DataValidation | None:
    prompt = _holds(column, lang)
    options: dict[str, Any] = {"allow_blank": not column.required, "showErrorMessage": True}
    options |= {"showInputMessage": True, "prompt": prompt[:255], "error": prompt[:255]}
    if column.kind is Kind.ENUM:
        return DataValidation(type="list", formula1='"' + ",".join(column.allowed) + '"', **options)
    if column.kind is Kind.BOOL:
        return DataValidation(type="list", formula1='"true,false"', **options)
    if column.kind is Kind.DATE:
        return DataValidation(
            type="date", operator="between", formula1="DATE(1950,1,1)", formula2="DATE(2100,12,31)", **options
        )
    if column.kind is Kind.SHARE:
        return DataValidation(type="decimal", operator="between", formula1="0", formula2="1", **options)
    if column.kind is Kind.INT:
        return DataValidation(type="whole", operator="greaterThanOrEqual", formula1="0", **options)
    if column.kind is Kind.NUMBER:
        return DataValidation(type="decimal", operator="greaterThanOrEqual", formula1="0", **options)
    return None


def _holds(column: Column, lang: str) -> str:
    """What a cell of ``column`` holds, in a few words (the instructions and the cell's prompt)."""
    allowed = "|".join(column.allowed)
    return message(f"cellkind.{column.kind.value}", **({"allowed": allowed} if column.allowed else {})).text(
        lang
    )


def _settings_sheet(sheet: WriteOnlyWorksheet, settings: list[tuple[str, Value]], lang: str) -> None:
    sheet.freeze_panes = "A3"
    sheet.column_dimensions["A"].width = _width(
        [key for key, _ in settings] + ["policy.participation_rate_target"]
    )
    sheet.column_dimensions["B"].width = _width([value for _, value in settings] + ["2021-12-31"])
    _header_rows(sheet, SETTINGS_SHEET, SETTINGS_COLUMNS, lang)
    for key, value in settings:
        sheet.append([key, _cell(sheet, value, SETTINGS_SHEET)])


def _guide(sheet: WriteOnlyWorksheet, lang: str) -> None:
    """The instructions: what the workbook is, then every sheet's columns, then every setting."""
    for letter, width in zip("ABCDEF", (16, 26, 30, 10, 60, 14), strict=True):
        sheet.column_dimensions[letter].width = width
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.fitToWidth, sheet.page_setup.fitToHeight = 1, 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.append([_styled(sheet, message("guide.title").text(lang), TITLE_FONT)])
    commands = {"annual": RUN_COMMAND, "convert": CONVERT_COMMAND}
    lines = [message(f"guide.intro.{k}") for k in range(1, 5)] + [message("guide.run", **commands)]
    for line in lines:  # one sentence a row, running over the empty cells to its right
        sheet.append([line.text(lang)])
    sheet.append([])
    heads = ("sheet", "column", "heading", "required", "holds")
    sheet.append([_styled(sheet, message(f"guide.head.{h}").text(lang), HEADER_FONT) for h in heads])
    for table in SHEETS:
        sheet.append([_styled(sheet, table.name, HEADER_FONT), message(f"sheet.{table.name}").text(lang)])
        for column in table.columns:
            sheet.append(_guide_row(table, column, lang))
    sheet.append([])
    sheet.append([_styled(sheet, message("guide.settings").text(lang), HEADER_FONT)])
    setting_heads = ("column", "holds", "default")
    sheet.append(
        [""] + [_styled(sheet, message(f"guide.head.{h}").text(lang), HEADER_FONT) for h in setting_heads]
    )
    for key, what, default in _setting_guide(lang):
        sheet.append(["", key, what, _cell(sheet, default, GUIDE_SHEET)])


def _guide_row(table: Sheet, column: Column, lang: str) -> list[Value]:
    required = message("required.yes" if column.required else "required.no").text(lang)
    return ["", column.name, _heading(table.name, column.name, lang), required, _holds(column, lang)]


def _setting_guide(lang: str) -> list[tuple[str, str, Value]]:
    """(key, what it sets, its default) for every setting of the ``scenario`` sheet."""
    rows: list[tuple[str, str, Value]] = [
        (key, message(f"setting.{key}").text(lang), None)
        for key in ("name", "cycle_start", "plan_year", "budget.total", "base")
    ]
    for section, kind in SECTIONS:
        words = message(f"setting.{section}").text(lang)
        for item in dataclasses.fields(kind):
            default = getattr(kind(), item.name)
            shown = default.isoformat() if isinstance(default, date) else default
            rows.append((f"{section}.{item.name}", words, shown))
    return rows
