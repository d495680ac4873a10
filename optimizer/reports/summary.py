"""The filing's summary sheet: the tiers met against their proven bounds, the Annex-1 indicators, key figures.

Its first page is what a planner files: the headline (the first tier with a
gap, against its proven bound), the per-tier table and the Annex-1 indicators
of all units against their targets; the key figures and the obligations met
per rule follow.
"""

from __future__ import annotations

from typing import Any

from openpyxl.styles import Alignment
from openpyxl.worksheet._write_only import WriteOnlyWorksheet as Worksheet

from models import Plan, Scenario
from models.indicators import indicators_summary, plan_totals
from optimizer.reports.annex import PER_HEAD, total_rows
from optimizer.reports.labels import RULE, SOLVE_STATUS, words
from optimizer.reports.printing import PageHeading
from optimizer.reports.privacy import PSEUDONYMIZED
from optimizer.reports.tables import header, outcome_counts
from optimizer.reports.tier_table import BOUND_NOTE, TierRow, headline, obligations_met, tier_rows
from optimizer.reports.xlsx import (
    BOLD,
    FORMAT_BY_KEY,
    HOURS,
    INTEGER,
    LEFT,
    PERCENT,
    TITLE_FONT,
    WRAP,
    SheetRows,
    cell,
)

__all__ = ["obligations_met", "solve_status", "summary_facts", "write_summary"]


def write_summary(
    sheet: Worksheet,
    scenario: Scenario,
    plan: Plan,
    lang: str,
    indicators: dict[str, Any] | None = None,
    heading: PageHeading | None = None,
) -> None:
    """The summary sheet: title, headline, tiers, Annex-1 indicators, :func:`summary_facts`, rules.

    ``indicators`` are the plan's (:func:`models.indicators.indicators_summary`), computed when not given.
    Its first printed page holds the title, the headline, the per-tier table and the Annex-1
    indicators; the key figures and the obligations per rule follow on the next.
    """
    zh = lang == "zh"
    title = f"{plan.year}年度干部教育培训计划备案" if zh else f"Annual training plan {plan.year}: filing"
    rows = SheetRows(sheet)
    rows.sentence(title, font=TITLE_FONT)
    rows.sentence(scenario.name)
    rows.blank()
    tiers = tier_rows(scenario, plan)
    rows.sentence(headline(tiers, lang), font=BOLD)
    rows.blank()
    add_tiers(rows, tiers, lang)
    rows.blank()
    add_indicators(rows, scenario, indicators or indicators_summary(scenario, plan), lang)
    rows.page_break()
    for label, value, number_format in summary_facts(scenario, plan, plan_totals(scenario, plan), lang):
        rows.add([cell(sheet, label, font=BOLD), cell(sheet, value, number_format, alignment=LEFT)])
    rows.blank()
    add_rules(rows, scenario, plan, lang)
    rows.write(heading or PageHeading(title, scenario.name, title, lang=lang, repeat_rows=None, frozen=None))


def add_tiers(rows: SheetRows, tiers: list[TierRow], lang: str) -> None:
    """The per-tier table: tier, what it holds, owed, met, the proven bound on met and the gap."""
    zh, sheet = lang == "zh", rows.sheet
    unknown = "未知" if zh else "unknown"
    rows.add([cell(sheet, "各层级任务完成情况" if zh else "Obligations met per tier", font=BOLD)])
    keys = ["tier", "tier_name", "owed", "met", "bound", "gap"]
    formats = [None, None, INTEGER, INTEGER, INTEGER, FORMAT_BY_KEY["gap"]]
    centre = Alignment(horizontal="center")
    rows.header([header(k, lang) for k in keys])
    for row in tiers:
        values = [row.tier, row.name(lang), row.owed, row.met, row.bound, row.gap]
        shown = [unknown if v is None else v for v in values]  # only a bound (and its gap) can be unknown
        cells = [cell(sheet, v, f) for v, f in zip(shown, formats, strict=True)]
        cells[0].alignment = centre
        rows.add(cells)
    rows.sentence(BOUND_NOTE[lang])


def add_indicators(rows: SheetRows, scenario: Scenario, indicators: dict[str, Any], lang: str) -> None:
    """The Annex-1 indicators of all units together, each against its target."""
    zh, sheet = lang == "zh", rows.sheet
    rows.add([cell(sheet, "附件1指标(全部单位合计)" if zh else "Annex-1 indicators, all units", font=BOLD)])
    keys = ["indicator", "done", "base", "ratio", "target", "mark", "note"]
    rows.header([header(k, lang) for k in keys])
    for row in total_rows(scenario, indicators, lang):
        ratio_format = HOURS if row["key"] in PER_HEAD else PERCENT
        rows.add(
            [
                cell(sheet, row["label"]),
                cell(sheet, row["done"], INTEGER),
                cell(sheet, row["base"], INTEGER),
                cell(sheet, row["ratio"], ratio_format),
                cell(sheet, row["target"], ratio_format),
                cell(sheet, row["mark"]),
                cell(sheet, row["note"], alignment=WRAP),
            ]
        )


def add_rules(rows: SheetRows, scenario: Scenario, plan: Plan, lang: str) -> None:
    """Owed and met per rule."""
    sheet = rows.sheet
    rows.add([cell(sheet, "各项任务完成情况" if lang == "zh" else "Obligations met per rule", font=BOLD)])
    keys = ["rule", "rule_title", "owed", "met", "met_share", "unmet"]
    rows.header([header(k, lang) for k in keys])
    for rule, counts in obligations_met(scenario, plan).items():
        owed, met = counts["owed"], counts["met"]
        values = [rule, RULE[lang].get(rule, ""), owed, met, met / owed if owed else None, owed - met]
        rows.add([cell(sheet, v, FORMAT_BY_KEY.get(k)) for k, v in zip(keys, values, strict=True)])


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
    """(label, value, number format) rows of the summary: the solve, the key figures, cost against budget.

    The solver's weighted objective and its bound are left out: they mean nothing to a planner, and
    the per-tier table above says the same in counts.
    """
    zh = lang == "zh"
    s = plan.summary
    budget = totals["budget_total"]
    outcomes = outcome_counts(scenario, plan)

    def fact(
        zh_label: str, en_label: str, value: Any, number_format: str | None = None
    ) -> tuple[str, Any, str | None]:
        return (zh_label if zh else en_label, value, number_format)

    return [
        fact("计划年度", "plan year", plan.year),
        fact("求解状态", "solve status", solve_status(plan, lang)),
        fact("求解用时(秒)", "solve seconds", s.get("solve_seconds"), "0.0"),
        fact("干部总数", "cadres", totals["headcount"], INTEGER),
        fact("举办班次", "sessions run", totals["num_sessions_run"], INTEGER),
        fact(
            "未达最低开班人数取消班次",
            "sessions cancelled (below minimum enrolment)",
            outcomes["cancelled"],
            INTEGER,
        ),
        fact("未安排学员班次", "sessions unused", outcomes["unused"], INTEGER),
        *(
            [fact("取消(无名额)班次", "sessions cancelled (no seats)", outcomes["no_seats"], INTEGER)]
            if outcomes["no_seats"]
            else []
        ),
        fact("满员率", "seats filled", totals["fill_rate"], PERCENT),
        fact("调训人次", "assignments", totals["num_assignments"], INTEGER),
        fact("培训经费(元)", "cost (yuan)", totals["cost"], INTEGER),
        fact("经费预算(元)", "budget (yuan)", budget, INTEGER),
        fact("预算使用率", "budget used", totals["budget_used"], PERCENT),
        fact("缺口条数", "shortfalls", totals["num_shortfalls"], INTEGER),
    ] + ([fact("姓名", "names", words(lang)["pseudonymized"])] if s.get(PSEUDONYMIZED) else [])
