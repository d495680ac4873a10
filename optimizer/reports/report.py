"""A one-minute report of a plan: ``report.md`` and ``report.html`` with the charts embedded."""

from __future__ import annotations

import html
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from models import Plan, Scenario
from models.indicators import indicators_summary, plan_totals
from optimizer.reports.annex import INDICATORS, PER_HEAD, is_met, target_text, total_rows
from optimizer.reports.curriculum import curriculum_rows
from optimizer.reports.labels import RULE, words
from optimizer.reports.privacy import PSEUDONYMIZED
from optimizer.reports.summary import obligations_met, solve_status
from optimizer.reports.tables import header, outcome_counts, shortfall_rows
from optimizer.reports.tier_table import BOUND_NOTE, TierRow, headline, percent, tier_rows

NUM_SHORTFALLS = 10
NUM_CURRICULUM = 10
NUM_UNITS_SHORT = 5


@dataclass(frozen=True)
class Block:
    """One piece of the report: a heading, a paragraph, a table or an image."""

    kind: str  # "h1", "h2", "p", "table", "img"
    text: str = ""
    headers: tuple[str, ...] = ()
    rows: tuple[tuple[str, ...], ...] = ()


def write_report(
    scenario: Scenario, plan: Plan, folder: str | Path, charts: Sequence[Path] = (), *, lang: str = "zh"
) -> list[Path]:
    """Write ``report.md`` and ``report.html`` into ``folder``, the ``charts`` (PNGs) linked relatively."""
    words(lang)
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    blocks = report_blocks(scenario, plan, [Path(c) for c in charts], folder, lang)
    md, page = folder / "report.md", folder / "report.html"
    md.write_text(to_markdown(blocks), encoding="utf-8")
    title = blocks[0].text if blocks else "report"
    page.write_text(to_html(blocks, title, lang), encoding="utf-8")
    return [md, page]


def _pct(value: float | None) -> str:
    return "—" if value is None else f"{value:.1%}"


def _num(value: float | None) -> str:
    return "—" if value is None else f"{value:,.0f}"


def report_blocks(scenario: Scenario, plan: Plan, charts: list[Path], folder: Path, lang: str) -> list[Block]:
    zh = lang == "zh"
    totals = plan_totals(scenario, plan)
    s = plan.summary

    def t(zh_text: str, en_text: str) -> str:
        return zh_text if zh else en_text

    status = solve_status(plan, lang) or "—"
    seconds = s.get("solve_seconds")
    took = f"{seconds:.1f}" if isinstance(seconds, (int, float)) else "—"
    solve = t(
        f"情景「{scenario.name}」,求解状态 {status},用时 {took} 秒。明细见 [filing.xlsx](filing.xlsx)。",
        f"Scenario “{scenario.name}”, solve status {status}, {took} s. "
        "Details in [filing.xlsx](filing.xlsx).",
    )
    tiers = tier_rows(scenario, plan)
    blocks = [
        Block("h1", t(f"{plan.year}年度干部教育培训计划摘要", f"Training plan {plan.year}: summary")),
        Block("p", solve),
        Block("p", f"**{headline(tiers, lang)}**"),
    ]
    if s.get(PSEUDONYMIZED):
        blocks.append(Block("p", words(lang)["pseudonymized"] + ("。" if zh else ".")))
    blocks.append(Block("h2", t("各层级任务完成情况", "Obligations met per tier")))
    blocks += [tier_table(tiers, lang), Block("p", BOUND_NOTE[lang])]
    blocks.append(Block("h2", t("附件1指标", "Annex-1 indicators")))
    blocks.extend(annex_blocks(scenario, indicators_summary(scenario, plan), lang))
    blocks.append(Block("h2", t("关键指标", "Key figures")))
    blocks.append(_key_figures(totals, outcome_counts(scenario, plan), zh))
    blocks.append(Block("h2", t("各项任务完成情况", "Obligations met per rule")))
    blocks.append(_obligations(scenario, plan, lang))
    blocks.append(Block("h2", t("课程设置核对(R13)", "Curriculum check (R13)")))
    blocks.extend(_curriculum(scenario, lang))
    blocks.append(Block("h2", t("经费", "Cost and budget")))
    blocks.append(Block("p", _cost_sentence(totals, zh)))
    if charts:
        blocks.append(Block("h2", t("图表", "Charts")))
        captions = chart_captions([c.stem for c in charts], lang, {u.unit_id: u.name for u in scenario.units})
        for chart, caption in zip(charts, captions, strict=True):
            if caption:
                blocks.append(Block("p", f"**{caption}**"))
            blocks.append(
                Block("img", chart.relative_to(folder).as_posix(), headers=(caption or chart.stem,))
            )
    blocks.append(Block("h2", t(f"主要缺口(前{NUM_SHORTFALLS}项)", f"Top {NUM_SHORTFALLS} shortfalls")))
    blocks.extend(_shortfalls(scenario, plan, lang, totals["num_shortfalls"]))
    return blocks


CAPTIONS = {
    "zh": {
        "sessions": "培训班次安排(按培训机构){page}",
        "release": "最繁忙单位每日离岗人数与错峰上限",
        "release-weeks": "各单位每周离岗峰值与错峰上限{page}",
        "timeline": "{unit}干部培训时间表{page}",
    },
    "en": {
        "sessions": "Sessions by institution{page}",
        "release": "Cadres away per day in the busiest units",
        "release-weeks": "Every unit's peak week against its release cap{page}",
        "timeline": "Cadre timeline of {unit}{page}",
    },
}


def chart_captions(stems: Sequence[str], lang: str, unit_names: dict[str, str] | None = None) -> list[str]:
    """A heading per chart file (``sessions-2``, ``release``, ``timeline-<unit>``...); "" when unknown.

    Pages are numbered when a chart has several; ``unit_names`` gives the
    name of a timeline's unit (by id), else the id is shown.
    """
    found = [re.fullmatch(r"(sessions|release-weeks|release|timeline)(?:-(.+))?", stem) for stem in stems]
    kinds = Counter(f.group(1) for f in found if f)
    captions = []
    for match in found:
        if not match:
            captions.append("")
            continue
        kind, rest = match.group(1), match.group(2) or ""
        unit, number = rest, rest
        if kind == "timeline":
            paged = re.fullmatch(r"(.+)-p(\d+)", rest)
            unit, number = (paged.group(1), paged.group(2)) if paged else (rest, "")
        page = ""
        if number and kinds[kind] > 1:
            page = f" 第{number}页" if lang == "zh" else f", page {number}"
        captions.append(CAPTIONS[lang][kind].format(page=page, unit=(unit_names or {}).get(unit, unit)))
    return captions


def tier_table(rows: list[TierRow], lang: str) -> Block:
    """The per-tier table: tier, what it holds, owed, met, the proven bound on met and the gap."""
    unknown = "未知" if lang == "zh" else "unknown"
    table = tuple(
        (
            str(r.tier),
            r.name(lang),
            str(r.owed),
            str(r.met),
            unknown if r.bound is None else str(r.bound),
            unknown if r.gap is None else percent(r.gap),
        )
        for r in rows
    )
    keys = ("tier", "tier_name", "owed", "met", "bound", "gap")
    return Block("table", headers=tuple(header(k, lang) for k in keys), rows=table)


def annex_blocks(scenario: Scenario, indicators: dict[str, Any], lang: str) -> list[Block]:
    """The Annex-1 indicators of all units against their targets, then how many units reach each target."""
    zh = lang == "zh"
    rows = []
    for row in total_rows(scenario, indicators, lang):
        ratio = _ratio_text(row["key"], row["ratio"])
        rows.append(
            (
                row["label"],
                _num(row["done"]),
                _num(row["base"]),
                ratio,
                row["target_text"],
                row["mark"],
                row["note"],
            )
        )
    keys = ("indicator", "done", "base", "ratio", "target", "mark", "note")
    blocks = [Block("table", headers=tuple(header(k, lang) for k in keys), rows=tuple(rows))]
    if indicators["units"]:
        blocks.append(_units_against_targets(scenario, indicators, lang))
    detail = (
        "各单位明细见 filing.xlsx 的「附件1指标」表。" if zh else "Each unit's figures are in filing.xlsx."
    )
    return [*blocks, Block("p", detail)]


def _ratio_text(key: str, ratio: float | None) -> str:
    if ratio is None:
        return "—"
    return f"{ratio:.2f}" if key in PER_HEAD else _pct(ratio)


def _units_against_targets(scenario: Scenario, indicators: dict[str, Any], lang: str) -> Block:
    """Per indicator with a target: the units reaching it, and the first units that do not."""
    zh = lang == "zh"
    targets, rows = indicators["targets"], []
    for indicator in INDICATORS:
        goal = indicator.goal(targets)
        if goal is None:
            continue
        marked = [(u["unit_id"], is_met(indicator.ratio(u), goal)) for u in indicators["units"]]
        counted = [(unit_id, met) for unit_id, met in marked if met is not None]
        short = [
            scenario.unit_by_id[u].name if u in scenario.unit_by_id else u for u, met in counted if not met
        ]
        listed = "、".join(short[:NUM_UNITS_SHORT]) if zh else ", ".join(short[:NUM_UNITS_SHORT])
        if len(short) > NUM_UNITS_SHORT:
            listed += f" 等 {len(short)} 个" if zh else f" and {len(short) - NUM_UNITS_SHORT} more"
        reached = f"{len(counted) - len(short)} / {len(counted)}"
        rows.append((header(indicator.key, lang), target_text(indicator, goal, lang), reached, listed or "—"))
    headers = (
        ("指标", "目标", "达标单位", "未达标单位")
        if zh
        else ("indicator", "target", "units reaching it", "units short")
    )
    return Block("table", headers=headers, rows=tuple(rows))


def _key_figures(totals: dict[str, Any], outcomes: Counter[str], zh: bool) -> Block:
    """The plan's size: cadres, sessions, seats filled, assignments (the indicators are above)."""
    rows = [
        ("干部总数" if zh else "cadres", _num(totals["headcount"])),
        (
            "班次(举办/未达最低开班人数取消/未安排学员)" if zh else "sessions (run/cancelled/unused)",
            f"{totals['num_sessions_run']} / {outcomes['cancelled']} / {outcomes['unused']}"
            + _no_seats(outcomes["no_seats"], zh),
        ),
        ("满员率" if zh else "seats filled", _pct(totals["fill_rate"])),
        ("调训人次" if zh else "assignments", _num(totals["num_assignments"])),
    ]
    headers = ("指标", "数值") if zh else ("figure", "value")
    return Block("table", headers=headers, rows=tuple(rows))


def _no_seats(count: int, zh: bool) -> str:
    """The sessions a changes file cancelled (left without seats), when there are any."""
    if not count:
        return ""
    return f"(另有 {count} 个班次取消(无名额))" if zh else f" (and {count} cancelled, no seats)"


def _obligations(scenario: Scenario, plan: Plan, lang: str) -> Block:
    rows = []
    for rule, counts in obligations_met(scenario, plan).items():
        owed, met = counts["owed"], counts["met"]
        rows.append((rule, RULE[lang].get(rule, ""), str(owed), str(met), _pct(met / owed if owed else None)))
    headers = (
        ("规则", "内容", "应完成", "已满足", "满足率")
        if lang == "zh"
        else ("rule", "what", "owed", "met", "share")
    )
    return Block("table", headers=headers, rows=tuple(rows))


def _curriculum(scenario: Scenario, lang: str) -> list[Block]:
    """R13: the first courses whose curriculum shares fall short, and how many in all."""
    zh = lang == "zh"
    rows = curriculum_rows(scenario, lang)
    if not rows:
        text = (
            "党校、干部学院课程及系统培训课程的理论教育、党性教育占比均符合要求。"
            if zh
            else "Every course of the party schools and cadre academies, and every systematic course, "
            "meets R13's curriculum shares."
        )
        return [Block("p", text)]
    rule = rows[0]["requirement"]
    table = tuple(
        (
            f"{r['course']} ({r['course_id']})",
            r["institution"],
            _pct(r["theory_share"]),
            _pct(r["party_spirit_share"]),
            r["problem"],
        )
        for r in rows[:NUM_CURRICULUM]
    )
    headers = (
        ("课程", "培训机构", "理论教育", "党性教育", "问题")
        if zh
        else ("course", "institution(s)", "theory", "party spirit", "problem")
    )
    total = (
        f"共 {len(rows)} 门课程不符合或无法核对,完整清单见 filing.xlsx。"
        if zh
        else f"{len(rows)} courses fall short or cannot be checked; the full list is in filing.xlsx."
    )
    return [
        Block("p", rule + ("。" if zh else ".")),
        Block("table", headers=headers, rows=table),
        Block("p", total),
    ]


def _cost_sentence(totals: dict[str, Any], zh: bool) -> str:
    cost, budget = totals["cost"], totals["budget_total"]
    if budget is None:
        return (
            f"培训经费 {_num(cost)} 元(未设总预算)。"
            if zh
            else f"Cost {_num(cost)} yuan (no total budget set)."
        )
    if zh:
        return f"培训经费 {_num(cost)} 元,总预算 {_num(budget)} 元,使用 {_pct(totals['budget_used'])}。"
    return (
        f"Cost {_num(cost)} yuan against a budget of {_num(budget)} yuan "
        f"({_pct(totals['budget_used'])} used)."
    )


def _shortfalls(scenario: Scenario, plan: Plan, lang: str, total: int) -> list[Block]:
    zh = lang == "zh"
    if not total:
        unmet = sum(c["owed"] - c["met"] for c in obligations_met(scenario, plan).values())
        if unmet:
            text = (
                f"计划未列出缺口,但仍有 {unmet} 项任务未满足(见上表)。"
                if zh
                else f"The plan lists no shortfalls, yet {unmet} obligations are unmet (see the table above)."
            )
        else:
            text = "无缺口:所有任务均已安排。" if zh else "No shortfalls: every obligation is met."
        return [Block("p", text)]
    rows = []
    for r in shortfall_rows(scenario, plan, lang)[:NUM_SHORTFALLS]:
        who = f"{r['cadre_name']} ({r['cadre_id']})" if r["cadre_id"] else ""
        rows.append((r["rule"], who, r["unit_name"] or r["unit_id"], str(r["shortfall"]), r["explanation"]))
    headers = (
        ("规则", "干部", "单位", "缺口", "原因") if zh else ("rule", "cadre", "unit", "shortfall", "reason")
    )
    more = (
        f"共 {total} 项缺口,完整清单见 filing.xlsx。"
        if zh
        else f"{total} shortfalls in all; the full list is in filing.xlsx."
    )
    return [Block("table", headers=headers, rows=tuple(rows)), Block("p", more)]


def to_markdown(blocks: list[Block]) -> str:
    lines: list[str] = []
    for block in blocks:
        if block.kind == "h1":
            lines += [f"# {block.text}", ""]
        elif block.kind == "h2":
            lines += [f"## {block.text}", ""]
        elif block.kind == "p":
            lines += [block.text, ""]
        elif block.kind == "img":
            lines += [
                f"![{_md_cell(block.headers[0] if block.headers else Path(block.text).stem)}]({block.text})",
                "",
            ]
        elif block.kind == "table":
            lines.append("| " + " | ".join(_md_cell(h) for h in block.headers) + " |")
            lines.append("|" + "|".join("---" for _ in block.headers) + "|")
            lines += ["| " + " | ".join(_md_cell(c) for c in row) + " |" for row in block.rows]
            lines.append("")
    return "\n".join(lines)


def _md_cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def to_html(blocks: list[Block], title: str, lang: str) -> str:
    body: list[str] = []
    for block in blocks:
        if block.kind in ("h1", "h2"):
            body.append(f"<{block.kind}>{html.escape(block.text)}</{block.kind}>")
        elif block.kind == "p":
            body.append(f"<p>{_html_text(block.text)}</p>")
        elif block.kind == "img":
            src = html.escape(block.text, quote=True)
            alt = html.escape(block.headers[0] if block.headers else Path(block.text).stem, quote=True)
            body.append(f'<p><a href="{src}"><img src="{src}" alt="{alt}"></a></p>')
        elif block.kind == "table":
            head = "".join(f"<th>{html.escape(h)}</th>" for h in block.headers)
            rows = "".join(
                "<tr>" + "".join(f"<td>{html.escape(c)}</td>" for c in row) + "</tr>" for row in block.rows
            )
            body.append(f"<table><thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table>")
    style = (
        "body{font-family:'Noto Sans CJK SC','Microsoft YaHei',sans-serif;max-width:1100px;margin:2em auto;"
        "color:#222}table{border-collapse:collapse;margin:.5em 0 1em}th,td{border:1px solid #ccc;"
        "padding:3px 8px;text-align:left}th{background:#1f4e79;color:#fff}img{max-width:100%;"
        "border:1px solid #ddd}"
    )
    return (
        f'<!DOCTYPE html>\n<html lang="{lang}"><head><meta charset="utf-8">'
        f"<title>{html.escape(title)}</title>"
        f"<style>{style}</style></head>\n<body>\n" + "\n".join(body) + "\n</body></html>\n"
    )


def _html_text(text: str) -> str:
    """Escape a paragraph, keeping its Markdown links ``[label](target)`` and bold ``**text**``."""
    escaped = re.sub(r"\*\*(.+?)\*\*", r"<strong>\1</strong>", html.escape(text))
    return re.sub(r"\[([^\]]+)\]\(([^)\s]+)\)", r'<a href="\2">\1</a>', escaped)
