"""The filing's summary sheet: the solve, the plan's key figures and the obligations met per rule."""

from __future__ import annotations

from typing import Any

from openpyxl.worksheet._write_only import WriteOnlyWorksheet as Worksheet

from models import Plan, Scenario, evaluate, met_by_rule, owed_obligations
from models.indicators import plan_totals
from optimizer.reports.labels import RULE, SOLVE_STATUS, words
from optimizer.reports.privacy import PSEUDONYMIZED
from optimizer.reports.tables import header, outcome_counts
from optimizer.reports.xlsx import BOLD, FORMAT_BY_KEY, INTEGER, LEFT, PERCENT, TITLE_FONT, cell, header_cells


def write_summary(sheet: Worksheet, scenario: Scenario, plan: Plan, lang: str) -> None:
    """The summary sheet: a title, the :func:`summary_facts`, then owed and met per rule."""
    zh = lang == "zh"
    sheet.column_dimensions["A"].width = 26 if zh else 30
    sheet.column_dimensions["B"].width = 34
    for letter in "CDEF":
        sheet.column_dimensions[letter].width = 12
    title = f"{plan.year}年度干部教育培训计划备案" if zh else f"Annual training plan {plan.year}: filing"
    sheet.append([cell(sheet, title, font=TITLE_FONT)])
    sheet.append([])
    for label, value, number_format in summary_facts(scenario, plan, plan_totals(scenario, plan), lang):
        sheet.append([cell(sheet, label, font=BOLD), cell(sheet, value, number_format, alignment=LEFT)])
    sheet.append([])
    sheet.append([cell(sheet, "各项任务完成情况" if zh else "Obligations met per rule", font=BOLD)])
    keys = ["rule", "rule_title", "owed", "met", "met_share", "unmet"]
    sheet.append(header_cells(sheet, [header(k, lang) for k in keys]))
    for rule, counts in obligations_met(scenario, plan).items():
        owed, met = counts["owed"], counts["met"]
        values = [rule, RULE[lang].get(rule, ""), owed, met, met / owed if owed else None, owed - met]
        sheet.append([cell(sheet, v, FORMAT_BY_KEY.get(k)) for k, v in zip(keys, values, strict=True)])


def obligations_met(scenario: Scenario, plan: Plan) -> dict[str, dict[str, int]]:
    """``{rule: {"owed", "met"}}`` from the plan's summary, recomputed when the summary lacks it."""
    given = plan.summary.get("obligations")
    if isinstance(given, dict) and given and all(isinstance(v, dict) and "owed" in v for v in given.values()):
        return {rule: {"owed": int(v["owed"]), "met": int(v.get("met", 0))} for rule, v in given.items()}
    return met_by_rule(evaluate(scenario, owed_obligations(scenario, plan.year), plan))


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
    outcomes = outcome_counts(scenario, plan)

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
