"""The filing workbook ``filing.xlsx``: summary, unit indicators, sessions, assignments, shortfalls."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet._write_only import WriteOnlyWorksheet as Worksheet

from models import Plan, Scenario, evaluate, met_by_rule, owed_obligations
from models.indicators import INDICATOR_COLUMNS, plan_totals, tree_order, unit_indicators
from models.obligations import TIER_BY_RULE
from optimizer.reports.labels import KIND, RANK, REASON, RULE, SOLVE_STATUS, STATUS, THEME, words
from optimizer.reports.privacy import PSEUDONYMIZED

SHEETS = {
    "zh": {
        "summary": "概要",
        "units": "单位指标",
        "sessions": "班次",
        "assignments": "调训名单",
        "shortfalls": "缺口",
    },
    "en": {
        "summary": "Summary",
        "units": "Units",
        "sessions": "Sessions",
        "assignments": "Assignments",
        "shortfalls": "Shortfalls",
    },
}
HEADERS: dict[str, tuple[str, str]] = {
    # key: (zh, en)
    "unit_id": ("单位代码", "unit id"),
    "unit_name": ("单位名称", "unit"),
    "parent_id": ("上级单位代码", "parent id"),
    "depth": ("层级", "depth"),
    "budget": ("经费预算(元)", "budget (yuan)"),
    "headcount": ("干部人数", "headcount"),
    "summoned": ("调训人数", "summoned"),
    "summons_rate": ("调训率", "summons rate"),
    "participants": ("参训人数", "participants"),
    "participation_rate": ("参训率", "participation rate"),
    "offjob_hours": ("计划脱产学时", "planned off-job hours"),
    "online_hours": ("网络学时", "online hours"),
    "required_hours": ("应完成学时", "required hours"),
    "hours_ratio": ("学时完成比", "hours ratio"),
    "team_size": ("班子成员数", "leadership team"),
    "team_trained": ("班子参训人数", "team trained"),
    "team_trained_share": ("班子参训比例", "team share trained"),
    "cost": ("培训经费(元)", "cost (yuan)"),
    "session_id": ("班次编号", "session id"),
    "course_id": ("课程代码", "course id"),
    "course": ("班次名称", "course"),
    "theme": ("类别", "theme"),
    "institution": ("培训机构", "institution"),
    "kind": ("机构类型", "kind"),
    "organiser": ("调训单位", "organiser"),
    "start": ("开班日期", "start"),
    "end": ("结业日期", "end"),
    "days": ("天数", "days"),
    "hours": ("学时", "hours"),
    "seats": ("计划名额", "seats"),
    "enrolled": ("已安排人数", "enrolled"),
    "fill_rate": ("满员率", "fill rate"),
    "status": ("状态", "status"),
    "segment_of": ("分段所属班次", "segment of"),
    "cost_per_head": ("人均费用(元)", "cost per head"),
    "cadre_id": ("干部编号", "cadre id"),
    "cadre_name": ("姓名", "name"),
    "rank": ("职级", "rank"),
    "offjob": ("脱产", "off-job"),
    "reason": ("调训原因", "reason"),
    "rule": ("规则", "rule"),
    "rule_title": ("内容", "what"),
    "required": ("应完成", "required"),
    "planned": ("已安排", "planned"),
    "shortfall": ("缺口", "shortfall"),
    "explanation": ("原因说明", "reason"),
    "owed": ("应完成项", "owed"),
    "met": ("已满足", "met"),
    "met_share": ("满足率", "met share"),
    "unmet": ("未满足", "unmet"),
}
PERCENT = "0.0%"
INTEGER = "#,##0"
DATE = "yyyy-mm-dd"
FORMAT_BY_KEY = {
    **{
        k: PERCENT
        for k in (
            "summons_rate",
            "participation_rate",
            "hours_ratio",
            "team_trained_share",
            "fill_rate",
            "met_share",
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
    "start": DATE,
    "end": DATE,
}
HEADER_FILL = PatternFill("solid", fgColor="1F4E79")
HEADER_FONT = Font(bold=True, color="FFFFFF")
TITLE_FONT = Font(bold=True, size=14)
BOLD = Font(bold=True)
HEADER_ALIGNMENT = Alignment(horizontal="center", vertical="center", wrap_text=True)
HEADER_BORDER = Border(bottom=Side(style="thin", color="BFBFBF"))
LEFT = Alignment(horizontal="left")
WRAP = Alignment(wrap_text=True, vertical="top")
WRAPPED = {"explanation"}
"""Columns of sentences: wrapped within the column's width rather than cut off."""
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def header(key: str, lang: str, subtree: bool = False) -> str:
    """The column title of ``key`` in ``lang`` (``subtree``: the rolled-up figure)."""
    zh, en = HEADERS[key]
    if lang == "zh":
        return zh + ("(含下级)" if subtree else "")
    return ("subtree " if subtree else "") + en


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
        ``path``. Text cells that a spreadsheet would read as a formula
        (starting with = + - @) are stored as text with Excel's quote prefix.
    """
    words(lang)  # validates lang
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    book = Workbook(write_only=True)
    sheets = SHEETS[lang]
    _summary_sheet(book.create_sheet(sheets["summary"]), scenario, plan, lang)
    tables = (
        ("units", _units_table(scenario, plan, lang)),
        ("sessions", _sessions_table(scenario, plan, lang)),
        ("assignments", _assignments_table(scenario, plan, lang)),
        ("shortfalls", _shortfalls_table(scenario, plan, lang)),
    )
    for key, table in tables:
        _write_table(book.create_sheet(sheets[key]), table)
    book.save(path)
    return path


@dataclass
class Table:
    """A sheet's rows with the key of each column (for headers and formats)."""

    keys: list[str]
    headers: list[str]
    frame: pd.DataFrame
    indent: list[int] | None = None
    """Indent of the second column per row (the unit tree)."""


def _table(frame: pd.DataFrame, lang: str) -> Table:
    keys = [k.removeprefix("subtree_") for k in frame.columns]
    headers = [header(k, lang, subtree=c.startswith("subtree_")) for k, c in zip(keys, frame.columns)]
    return Table(keys, headers, frame)


def _units_table(scenario: Scenario, plan: Plan, lang: str) -> Table:
    indicators = unit_indicators(scenario, plan).reset_index()
    columns = ["unit_id", "name", "parent_id", "depth", "budget", *INDICATOR_COLUMNS]
    columns += [f"subtree_{c}" for c in INDICATOR_COLUMNS]
    frame = indicators[columns].rename(columns={"name": "unit_name"})
    table = _table(frame, lang)
    table.indent = [int(d) for d in frame["depth"]]
    return table


def _sessions_table(scenario: Scenario, plan: Plan, lang: str) -> Table:
    rows = []
    for status in plan.sessions:
        session = scenario.session_by_id.get(status.session_id)
        if session is None:
            continue
        course = scenario.course_by_id[session.course_id]
        institution = scenario.institution_by_id[session.institution_id]
        rows.append(
            {
                "session_id": session.session_id,
                "course_id": course.course_id,
                "course": course.title,
                "theme": THEME[lang][course.theme.value],
                "institution": institution.name,
                "kind": KIND[lang][institution.kind.value],
                "organiser": session.organiser,
                "start": session.start,
                "end": session.end,
                "days": session.days,
                "hours": session.hours,
                "seats": status.seats,
                "enrolled": status.enrolled,
                "fill_rate": status.enrolled / status.seats if status.seats else None,
                "status": STATUS[lang].get(status.status, status.status),
                "segment_of": session.segment_of or "",
                "cost_per_head": session.cost_per_head,
            }
        )
    frame = pd.DataFrame(rows, columns=_columns_of("sessions"))
    frame = frame.sort_values(["start", "session_id"], kind="stable")
    return _table(frame, lang)


def _assignments_table(scenario: Scenario, plan: Plan, lang: str) -> Table:
    unit_rank = {u: k for k, u in enumerate(tree_order(scenario))}
    rows = []
    for a in plan.assignments:
        cadre = scenario.cadre_by_id.get(a.cadre_id)
        session = scenario.session_by_id.get(a.session_id)
        unit = scenario.unit_by_id.get(cadre.unit_id) if cadre else None
        course = scenario.course_by_id.get(a.course_id)
        institution = scenario.institution_by_id.get(a.institution_id)
        rows.append(
            {
                "unit_id": unit.unit_id if unit else "",
                "unit_name": unit.name if unit else "",
                "cadre_id": a.cadre_id,
                "cadre_name": cadre.name if cadre else "",
                "rank": RANK[lang][cadre.rank.value] if cadre else "",
                "session_id": a.session_id,
                "course": course.title if course else a.course_id,
                "institution": institution.name if institution else a.institution_id,
                "start": a.start,
                "end": a.end,
                "hours": a.hours,
                "offjob": _yes(not (institution and institution.online), lang),
                "reason": REASON[lang].get(a.reason.value, a.reason.value),
                "cost_per_head": session.cost_per_head if session else None,
                "_order": unit_rank.get(unit.unit_id, len(unit_rank)) if unit else len(unit_rank),
            }
        )
    frame = pd.DataFrame(rows, columns=[*_columns_of("assignments"), "_order"])
    frame = frame.sort_values(["_order", "cadre_id", "start", "session_id"], kind="stable").drop(
        columns="_order"
    )
    return _table(frame, lang)


def _shortfalls_table(scenario: Scenario, plan: Plan, lang: str) -> Table:
    frame = pd.DataFrame(shortfall_rows(scenario, plan, lang), columns=_columns_of("shortfalls"))
    return _table(frame, lang)


def shortfall_rows(scenario: Scenario, plan: Plan, lang: str) -> list[dict[str, Any]]:
    """The plan's shortfalls, most urgent first (priority tier, then the largest shortfall)."""
    rows: list[dict[str, Any]] = []
    for s in plan.shortfalls:
        cadre = scenario.cadre_by_id.get(s.cadre_id or "")
        unit_id = s.unit_id or (cadre.unit_id if cadre else "")
        unit = scenario.unit_by_id.get(unit_id)
        rows.append(
            {
                "rule": s.rule,
                "rule_title": RULE[lang].get(s.rule, ""),
                "cadre_id": s.cadre_id or "",
                "cadre_name": cadre.name if cadre else "",
                "unit_id": unit_id,
                "unit_name": unit.name if unit else "",
                "required": s.required,
                "planned": s.planned,
                "shortfall": s.shortfall,
                "explanation": s.reason,
            }
        )
    tiers = {rule.value: tier for rule, tier in TIER_BY_RULE.items()}
    rows.sort(
        key=lambda r: (tiers.get(r["rule"], 9), r["rule"], -r["shortfall"], r["unit_id"], r["cadre_id"])
    )
    return rows


def _columns_of(sheet: str) -> list[str]:
    return {
        "sessions": [
            "session_id",
            "course_id",
            "course",
            "theme",
            "institution",
            "kind",
            "organiser",
            "start",
            "end",
            "days",
            "hours",
            "seats",
            "enrolled",
            "fill_rate",
            "status",
            "segment_of",
            "cost_per_head",
        ],
        "assignments": [
            "unit_id",
            "unit_name",
            "cadre_id",
            "cadre_name",
            "rank",
            "session_id",
            "course",
            "institution",
            "start",
            "end",
            "hours",
            "offjob",
            "reason",
            "cost_per_head",
        ],
        "shortfalls": [
            "rule",
            "rule_title",
            "cadre_id",
            "cadre_name",
            "unit_id",
            "unit_name",
            "required",
            "planned",
            "shortfall",
            "explanation",
        ],
    }[sheet]


def _yes(value: bool, lang: str) -> str:
    return ("是" if value else "否") if lang == "zh" else ("yes" if value else "no")


def obligations_met(scenario: Scenario, plan: Plan) -> dict[str, dict[str, int]]:
    """``{rule: {"owed", "met"}}`` from the plan's summary, recomputed when the summary lacks it."""
    given = plan.summary.get("obligations")
    if isinstance(given, dict) and given and all(isinstance(v, dict) and "owed" in v for v in given.values()):
        return {rule: {"owed": int(v["owed"]), "met": int(v.get("met", 0))} for rule, v in given.items()}
    return met_by_rule(evaluate(scenario, owed_obligations(scenario, plan.year), plan))


# --- writing (write-only mode: rows go out in order, styles set per cell) -------------------------


def _cell(sheet: Worksheet, value: Any, number_format: str | None = None, **style: Any) -> WriteOnlyCell:
    value = _plain(value)
    cell = WriteOnlyCell(sheet, value=value)
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        # Stored as text, with Excel's leading-apostrophe flag: never evaluated, even after an edit.
        cell.data_type = "s"
        cell.quotePrefix = True
    if number_format:
        cell.number_format = number_format
    for name, setting in style.items():
        setattr(cell, name, setting)
    return cell


def _header_cells(sheet: Worksheet, headers: Sequence[str]) -> list[WriteOnlyCell]:
    return [
        _cell(
            sheet, text, font=HEADER_FONT, fill=HEADER_FILL, alignment=HEADER_ALIGNMENT, border=HEADER_BORDER
        )
        for text in headers
    ]


def _write_table(sheet: Worksheet, table: Table) -> None:
    _fit_widths(sheet, table)
    sheet.freeze_panes = "C2" if table.indent is not None else "A2"
    if len(table.frame):
        sheet.auto_filter.ref = f"A1:{get_column_letter(len(table.headers))}{len(table.frame) + 1}"
    sheet.row_dimensions[1].height = 32
    sheet.append(_header_cells(sheet, table.headers))
    formats = [FORMAT_BY_KEY.get(k) for k in table.keys]
    wrapped = [k for k, key in enumerate(table.keys) if key in WRAPPED]
    indents = table.indent or []
    for r, values in enumerate(table.frame.itertuples(index=False)):
        cells = [_cell(sheet, value, number_format) for value, number_format in zip(values, formats)]
        for k in wrapped:
            cells[k].alignment = WRAP
        if r < len(indents):
            cells[1].alignment = Alignment(indent=indents[r])
        sheet.append(cells)


def _plain(value: Any) -> Any:
    """numpy scalars, NaN and pandas NA as plain Python values for openpyxl."""
    if value is None or value is pd.NA:
        return None
    if hasattr(value, "item") and not isinstance(value, str):
        value = value.item()
    if isinstance(value, float) and math.isnan(value):
        return None
    return value


def _fit_widths(sheet: Worksheet, table: Table) -> None:
    for c, (key, title) in enumerate(zip(table.keys, table.headers), start=1):
        column = table.frame.iloc[:500, c - 1]
        number_format = FORMAT_BY_KEY.get(key)
        if number_format == DATE:
            longest = 10
        elif number_format == PERCENT:
            longest = 7
        elif pd.api.types.is_numeric_dtype(column):
            longest = max([len(f"{v:,.0f}") for v in column if pd.notna(v)] + [1])
        else:
            longest = max([_display_width(str(v)) for v in column if v is not None] + [0])
        extra = 2 * max(table.indent or [0]) if table.indent is not None and c == 2 else 0
        width = max(min(longest + extra, 60), min(_display_width(title), 16) + 1, 6) + 2
        sheet.column_dimensions[get_column_letter(c)].width = width


def _display_width(text: str) -> int:
    """Characters as a spreadsheet column counts them: CJK characters are two wide."""
    return sum(2 if ord(ch) > 0x2E80 else 1 for ch in text)


def _summary_sheet(sheet: Worksheet, scenario: Scenario, plan: Plan, lang: str) -> None:
    zh = lang == "zh"
    sheet.column_dimensions["A"].width = 26 if zh else 30
    sheet.column_dimensions["B"].width = 34
    for letter in "CDEF":
        sheet.column_dimensions[letter].width = 12
    title = f"{plan.year}年度干部教育培训计划备案" if zh else f"Annual training plan {plan.year}: filing"
    sheet.append([_cell(sheet, title, font=TITLE_FONT)])
    sheet.append([])
    for label, value, number_format in summary_facts(scenario, plan, plan_totals(scenario, plan), lang):
        sheet.append([_cell(sheet, label, font=BOLD), _cell(sheet, value, number_format, alignment=LEFT)])
    sheet.append([])
    sheet.append([_cell(sheet, "各项任务完成情况" if zh else "Obligations met per rule", font=BOLD)])
    keys = ["rule", "rule_title", "owed", "met", "met_share", "unmet"]
    sheet.append(_header_cells(sheet, [header(k, lang) for k in keys]))
    for rule, counts in obligations_met(scenario, plan).items():
        owed, met = counts["owed"], counts["met"]
        values = [rule, RULE[lang].get(rule, ""), owed, met, met / owed if owed else None, owed - met]
        sheet.append([_cell(sheet, value, FORMAT_BY_KEY.get(key)) for key, value in zip(keys, values)])


def solve_status(plan: Plan, lang: str = "en") -> str | None:
    """The solve status of the plan's summary in ``lang`` (``None`` when not given)."""
    status = plan.summary.get("status")
    if status is None:
        return None
    text = str(getattr(status, "value", status))
    return SOLVE_STATUS[lang].get(text, text)


def summary_facts(
    scenario: Scenario, plan: Plan, totals: dict[str, Any], lang: str
) -> list[tuple[str, Any, str | None]]:
    """(label, value, number format) rows of the summary: the solve, the key figures, cost against budget."""
    zh = lang == "zh"
    s = plan.summary
    budget = totals["budget_total"]

    def fact(
        zh_label: str, en_label: str, value: Any, number_format: str | None = None
    ) -> tuple[str, Any, str | None]:
        return (zh_label if zh else en_label, value, number_format)

    return [
        fact("情景", "scenario", scenario.name),
        fact("计划年度", "plan year", plan.year),
        fact("求解状态", "solve status", solve_status(plan, lang)),
        fact("目标值", "objective", s.get("objective")),
        fact("目标界", "bound", s.get("bound")),
        fact("最优性差距", "gap", s.get("gap"), "0.00%"),
        fact("求解用时(秒)", "solve seconds", s.get("solve_seconds"), "0.0"),
        fact("干部总数", "cadres", totals["headcount"], INTEGER),
        fact("调训人数", "cadres summoned", totals["summoned"], INTEGER),
        fact("调训率", "summons rate", totals["summons_rate"], PERCENT),
        fact("调训率目标", "summons rate target", totals["summons_rate_target"], PERCENT),
        fact("参训人数", "participants", totals["participants"], INTEGER),
        fact("参训率", "participation rate", totals["participation_rate"], PERCENT),
        fact("参训率目标", "participation rate target", totals["participation_rate_target"], PERCENT),
        fact("计划脱产学时", "planned off-job hours", totals["offjob_hours"], INTEGER),
        fact("应完成学时", "required hours", totals["required_hours"], INTEGER),
        fact("学时完成比", "hours ratio", totals["hours_ratio"], PERCENT),
        fact("班子参训比例", "leadership teams trained", totals["team_trained_share"], PERCENT),
        fact("举办班次", "sessions run", totals["num_sessions_run"], INTEGER),
        fact("取消班次", "sessions cancelled", totals["num_sessions_cancelled"], INTEGER),
        fact("满员率", "seats filled", totals["fill_rate"], PERCENT),
        fact("调训人次", "assignments", totals["num_assignments"], INTEGER),
        fact("培训经费(元)", "cost (yuan)", totals["cost"], INTEGER),
        fact("经费预算(元)", "budget (yuan)", budget, INTEGER),
        fact("预算使用率", "budget used", totals["budget_used"], PERCENT),
        fact("缺口条数", "shortfalls", totals["num_shortfalls"], INTEGER),
    ] + ([fact("姓名", "names", words(lang)["pseudonymized"])] if s.get(PSEUDONYMIZED) else [])
