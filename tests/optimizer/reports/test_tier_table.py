"""The filing's per-tier table and Annex-1 indicators: the same figures as summary.json, in planner words."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from conftest import write_scenario
from helpers import YEAR, cadre, course, institution, session, unit
from openpyxl import load_workbook
from openpyxl.worksheet.worksheet import Worksheet

from models import Plan, Scenario, evaluate, load_scenario, met_by_tier, owed_obligations
from models.planio import read_plan
from optimizer.cli.annual import plan_annual
from optimizer.prepare.tiers import TIER_NAMES
from optimizer.reports import write_report, write_workbook
from optimizer.reports.annex import INDICATORS
from optimizer.reports.labels import TIER
from optimizer.reports.tier_table import TierRow, headline, percent, tier_rows


def _tables() -> dict[str, list[dict[str, Any]]]:
    """Two units (U1 may send everyone at once), a leadership team with a top leader and a young cadre."""
    cadres = [
        cadre("C1", "U1", "division", "leadership", top_leader="true"),
        cadre("C2", "U1", "division", "leadership", young="true"),
        *(cadre(f"C{k}", "U1" if k < 5 else "U2", "staff") for k in range(3, 9)),
    ]
    return {
        "units.csv": [unit("U1", max_away_share="1"), unit("U2", parent_id="U1")],
        "cadres.csv": cadres,
        "institutions.csv": [institution("I1"), institution("I2", kind="online", cost_per_day=0)],
        "courses.csv": [course("K1"), course("K2", systematic=True, theme="party_spirit"), course("K3")],
        "sessions.csv": [
            session("S1", "K1", "2020-03-02", "2020-03-06", seats=3),
            session("S2", "K2", "2020-05-11", "2020-05-22", seats=2),
            session("S3", "K3", "2020-09-07", "2020-09-18", seats=4),
            session("S4", "K1", "2020-10-12", "2020-10-13", seats=20, institution="I2"),
        ],
    }


@pytest.fixture(scope="module")
def solved(tmp_path_factory) -> tuple[Scenario, Plan, dict[str, Any], Path]:
    """A plan made by plan-annual: its scenario, the plan read back, its summary.json, the folder."""
    root = tmp_path_factory.mktemp("tiers")
    folder = write_scenario(root / "scenario", _tables(), indicators=True)
    out = root / "plan"
    args = ["--year", str(YEAR), "--scenario", str(folder), "--out", str(out)]
    result = CliRunner().invoke(plan_annual, [*args, "--time-limit", "5", "--quiet", "--no-exports"])
    assert result.exit_code == 0, result.output
    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    return load_scenario(folder), read_plan(out), summary, out


@pytest.fixture(scope="module")
def filed(solved) -> tuple[Path, Path]:
    """The plan's Chinese workbook and report."""
    scenario, plan, _, out = solved
    book = write_workbook(scenario, plan, out / "filing.xlsx")
    write_report(scenario, plan, out, lang="zh")
    return book, out / "report.md"


def _row_of(sheet: Worksheet, first: str) -> int:
    """The row whose first cell is ``first`` (a header)."""
    return next(r for r in range(1, sheet.max_row + 1) if sheet.cell(r, 1).value == first)


def _tier_table(sheet: Worksheet) -> list[list[Any]]:
    top = _row_of(sheet, "层级")
    rows = []
    for r in range(top + 1, sheet.max_row + 1):
        if not isinstance(sheet.cell(r, 1).value, int):
            break
        rows.append([sheet.cell(r, c).value for c in range(1, 7)])
    return rows


# --- from summary.json ---------------------------------------------------------------------------


def test_the_summary_json_of_a_solve_has_the_tiers(solved):
    _, _, summary, _ = solved
    assert [row["tier"] for row in summary["tiers"]] == [1, 2, 3, 4, 5]
    assert all(isinstance(row["bound"], int) for row in summary["tiers"])


def test_the_workbooks_tier_table_is_summary_jsons(solved, filed):
    _, _, summary, _ = solved
    book, _ = filed
    sheet = load_workbook(book)["概要"]
    expected = [
        [t["tier"], TIER["zh"][t["tier"]], t["owed"], t["met"], t["bound"], pytest.approx(t["gap"])]
        for t in summary["tiers"]
    ]
    assert _tier_table(sheet) == expected
    top = _row_of(sheet, "层级")
    numbers = [sheet.cell(r, c) for r in range(top + 1, top + 6) for c in (1, 3, 4, 5, 6)]
    assert all(c.data_type == "n" and not c.quotePrefix for c in numbers)  # numbers, not text
    assert sheet.cell(top + 1, 6).number_format == "0.00%"


def test_the_headline_names_summary_jsons_gap_tier(solved, filed):
    scenario, plan, summary, _ = solved
    book, report = filed
    sheet = load_workbook(book)["概要"]
    sentence = headline(tier_rows(scenario, plan), "zh")
    assert sheet.cell(4, 1).value == sentence
    assert f"**{sentence}**" in report.read_text(encoding="utf-8")
    if summary["gap_tier"] is None:
        assert sentence.startswith("各层级均已证明最优")
    else:
        gap_row = next(t for t in summary["tiers"] if t["tier"] == summary["gap_tier"])
        assert f"至多满足 {gap_row['bound']} 项" in sentence


def test_the_reports_tier_table_is_summary_jsons(solved, filed):
    _, _, summary, _ = solved
    _, report = filed
    text = report.read_text(encoding="utf-8")
    assert "| 层级 | 包含的任务 | 应完成项 | 已满足 | 可满足上限(已证明) | 差距(至多) |" in text
    for t in summary["tiers"]:
        row = f"| {t['tier']} | {TIER['zh'][t['tier']]} | {t['owed']} | {t['met']} | {t['bound']} | "
        assert row + f"{percent(t['gap'])} |" in text


def test_no_weighted_objective_is_shown(solved, filed):
    _, _, summary, out = solved
    book, report = filed
    assert summary["objective"] is not None  # summary.json keeps it; the filing does not show it
    texts = [c for s in load_workbook(book).worksheets for r in s.iter_rows(values_only=True) for c in r]
    assert not {"目标值", "目标界", "最优性差距"} & set(texts)
    assert summary["objective"] not in texts
    assert not any(word in report.read_text(encoding="utf-8") for word in ("目标值", "目标界", "最优性差距"))
    write_report(*solved[:2], out / "en", lang="en")
    assert "objective" not in (out / "en" / "report.md").read_text(encoding="utf-8")


def test_the_annex_sheet_holds_summary_jsons_unit_indicators(solved, filed):
    _, _, summary, _ = solved
    book, _ = filed
    sheet = load_workbook(book)["附件1指标"]
    header = [c.value for c in sheet[1]]
    rows = [dict(zip(header, r, strict=True)) for r in sheet.iter_rows(min_row=2, values_only=True)]
    units = summary["indicators"]["units"]
    assert [r["单位代码"] for r in rows] == [u["unit_id"] for u in units] == ["U1", "U2"]
    for row, unit_figures in zip(rows, units, strict=True):
        assert row["干部人数"] == unit_figures["headcount"]
        assert row["调训人数"] == unit_figures["summoned"]
        assert row["调训率(目标 ≥ 30%)"] == pytest.approx(unit_figures["summons_rate"])
        assert row["调训率达标"] == ("达标" if unit_figures["summons_rate"] >= 0.3 else "未达标")
        assert row["参训率(目标 ≥ 90%)"] == pytest.approx(unit_figures["participation_rate"])
        assert row["计划脱产学时"] == unit_figures["offjob_hours"]
        assert row["应完成学时"] == unit_figures["required_hours"]
        assert row["学时完成比达标"] == ("达标" if unit_figures["hours_ratio"] >= 1 else "未达标")
        assert row["网络学时"] == unit_figures["online_hours"]
        assert row["一把手人数"] == unit_figures["top_leaders"]
        assert row["一把手参训人数"] == unit_figures["top_leaders_trained"]
        assert row["年轻干部参训人数"] == unit_figures["young_trained"]
    assert [r["调训率达标"] for r in rows] == ["达标", "达标"]  # R12.summons is planned in both
    team = rows[0]["班子参训比例(目标 ≥ 20%)"]
    assert team == pytest.approx(units[0]["team_trained_share"])
    assert rows[1]["班子参训比例达标"] is None  # U2 has no leadership team: nothing to mark


def test_the_summary_sheets_first_page_holds_the_annex_totals(solved, filed):
    _, _, summary, _ = solved
    book, report = filed
    sheet = load_workbook(book)["概要"]
    top = _row_of(sheet, "指标")
    assert top < 30  # on the first page, under the tier table
    rows = [[sheet.cell(r, c).value for c in range(1, 7)] for r in range(top + 1, top + 1 + len(INDICATORS))]
    total, targets = summary["indicators"]["total"], summary["indicators"]["targets"]
    assert [r[1:3] for r in rows] == [[total[i.done], total[i.base]] for i in INDICATORS]
    assert rows[0][3] == pytest.approx(total["summons_rate"]) and rows[0][4] == targets["summons_rate"]
    assert rows[1][4] == targets["participation_rate"] and rows[2][4] == 1
    assert rows[4][4] == targets["team_trained_share"]
    assert rows[0][5] == ("达标" if total["summons_rate"] >= targets["summons_rate"] else "未达标")
    assert rows[3][4] is None  # no online target set
    text = report.read_text(encoding="utf-8")
    assert "## 附件1指标" in text
    assert f"| 调训率:调训人数 ÷ 干部人数 | {total['summoned']} | {total['headcount']} | " in text


# --- a plan written before summary.json had tiers -------------------------------------------------


def test_an_older_plan_without_tiers_still_renders_with_the_bound_unknown(solved, tmp_path):
    scenario, plan, summary, _ = solved
    kept = {"status", "objective", "bound", "gap", "solve_seconds"}
    old = replace(plan, summary={k: v for k, v in plan.summary.items() if k in kept})
    rows = tier_rows(scenario, old)
    met = met_by_tier(evaluate(scenario, owed_obligations(scenario, YEAR), plan))
    assert [(r.tier, r.met, r.bound, r.gap) for r in rows] == [(t, met[t], None, None) for t in met]
    assert [r.owed for r in rows] == [t["owed"] for t in summary["tiers"]]
    sheet = load_workbook(write_workbook(scenario, old, tmp_path / "old.xlsx"))["概要"]
    assert [r[4:] for r in _tier_table(sheet)] == [["未知", "未知"]] * 5
    assert sheet.cell(4, 1).value == "本计划未记录各层级已证明的上限,与最优的差距未知。"
    write_report(scenario, old, tmp_path, lang="en")
    assert "| 1 | named summons and overdue remedial |" in (tmp_path / "report.md").read_text(
        encoding="utf-8"
    )


def test_tier_rows_prefer_the_summarys_obligations_per_rule(solved):
    scenario, plan, _, _ = solved
    given = {"R7": {"owed": 4, "met": 3}, "R1": {"owed": 9, "met": 2}, "R2": {"owed": 1, "met": 1}}
    rows = tier_rows(scenario, replace(plan, summary={"obligations": given}))
    assert [(r.tier, r.owed, r.met) for r in rows] == [(1, 4, 3), (2, 0, 0), (3, 0, 0), (4, 10, 3), (5, 0, 0)]


# --- the headline ---------------------------------------------------------------------------------


def _rows(*gaps: tuple[int, int, int | None]) -> list[TierRow]:
    """Tiers 1, 2, ... from (owed, met, bound)."""
    rows = []
    for tier, (owed, met, bound) in enumerate(gaps, start=1):
        gap = None if bound is None else ((bound - met) / bound if bound else 0.0)
        rows.append(TierRow(tier, owed, met, bound, gap))
    return rows


@pytest.mark.parametrize(
    ("rows", "lang", "expected"),
    [
        (  # the first tier with a gap is named, with its proven bound; those above are proven
            _rows((5, 5, 5), (3, 2, 2), (8, 8, 8), (3477, 2192, 3096)),
            "zh",
            "第四层级(学时和专业化能力培训)与最优相差至多 29.2%:已满足 2192 项,"
            "已证明任何计划至多满足 3096 项;以上各层级已证明最优。",
        ),
        (
            _rows((5, 3, 4), (3, 2, 3)),
            "en",
            "Tier 1 (named summons and overdue remedial) is at most 25.0% short of the best: 3 met, "
            "and no plan can meet more than 4 (proven).",
        ),
        (  # a gap too small for one decimal is not shown as 0.0%
            _rows((5, 5, 5), (20000, 19999, 20000)),
            "zh",
            "第二层级(补训)与最优相差至多 < 0.1%:已满足 19999 项,已证明任何计划至多满足 20000 项;"
            "以上各层级已证明最优。",
        ),
        (
            _rows((5, 5, 5), (0, 0, 0)),
            "zh",
            "各层级均已证明最优:在上一层级按计划完成的前提下,没有任何计划能满足更多任务。",
        ),
        (  # a tier with no bound is never called optimal
            _rows((5, 5, 5), (3, 2, None), (4, 1, 1)),
            "en",
            "Tier 2 (remedial training) has no known bound: how far it is from the best is unknown. "
            "The tiers above are proven optimal.",
        ),
    ],
)
def test_the_headline_states_the_first_gap_against_its_proven_bound(rows, lang, expected):
    assert headline(rows, lang) == expected


def test_a_tier_table_from_summary_json_keeps_its_figures(solved):
    scenario, plan, _, _ = solved
    tiers = [
        {"tier": 1, "name": "x", "owed": 5, "met": 5, "bound": 5, "bound_source": "trivial", "gap": 0.0},
        {"tier": 4, "name": "y", "owed": 9, "met": 6, "bound": 8, "bound_source": "cp-sat", "gap": 0.25},
        {"tier": 5, "name": "z", "owed": 2, "met": 0, "bound": None, "bound_source": None, "gap": None},
    ]
    rows = tier_rows(scenario, replace(plan, summary={"tiers": tiers, "gap_tier": 4}))
    assert rows == [TierRow(1, 5, 5, 5, 0.0), TierRow(4, 9, 6, 8, 0.25), TierRow(5, 2, 0, None, None)]


def test_every_tier_has_planner_words():
    """Every tier the solver names (summary.json ``name``) has planner words in both languages."""
    assert TIER["en"].keys() == TIER["zh"].keys() == TIER_NAMES.keys()
