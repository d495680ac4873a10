"""The December filing: workbook read back, charts drawn and sized, report links, the font fallback."""

from __future__ import annotations

import re
import warnings
from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from conftest import write_scenario
from matplotlib.colors import to_hex
from openpyxl import load_workbook
from PIL import Image

from models import (
    Institution,
    InstitutionKind,
    Plan,
    Scenario,
    Shortfall,
    build_plan,
    evaluate,
    load_scenario,
    met_by_rule,
    met_by_tier,
    owed_obligations,
)
from models.indicators import unit_indicators
from optimizer.reports import (
    NamesAsIdsWarning,
    away_by_day,
    chart_jobs,
    fonts,
    plot_release,
    plot_release_weeks,
    plot_sessions,
    plot_timeline,
    session_pages,
    session_rows,
    timeline,
    timeline_pages,
    unit_pages,
    unit_rows,
    write_exports,
    write_report,
    write_workbook,
)
from optimizer.reports.labels import RANK, REASON, RULE, TIER
from optimizer.reports.release_weeks import SHARE_COLOURS, UnitRow, weekly_peak_share
from optimizer.reports.report import chart_captions
from optimizer.reports.style import CANCELLED_COLOUR, UNUSED_COLOUR, save_figure
from optimizer.reports.tables import SESSION_KEYS

YEAR = 2020
UNITS = [
    ("CITY", "江州市", ""),
    ("FIN", "+外联办", "CITY"),
    ("EDU", "教育局", "CITY"),
    ("SCH", "第一中学", "EDU"),
]
FORMULA_NAME = "=SUM(A1:A9)"


def _scenario_tables() -> dict[str, list[dict[str, str]]]:
    """4 units, 38 cadres, 3 institutions (one online), 63 session rows incl. a 2-segment run."""
    cadres = [
        {
            "cadre_id": "C00",
            "name": "李市长",
            "unit_id": "CITY",
            "rank": "bureau",
            "category": "leadership",
            "top_leader": "true",
        },
        {
            "cadre_id": "C01",
            "name": FORMULA_NAME,
            "unit_id": "CITY",
            "rank": "division",
            "category": "leadership",
        },
    ]
    surnames, given = "王李张刘陈杨黄赵吴周徐孙", "伟芳娜敏静丽强磊军洋勇艳"
    for k in range(36):
        unit = ("FIN", "EDU", "SCH")[k % 3]
        rank = "section" if k % 4 == 0 else "staff"
        category = "leadership" if k < 6 else "civil_servant"
        cadres.append(
            {
                "cadre_id": f"C{k + 2:02d}",
                "name": surnames[k % 12] + given[(k * 5) % 12] + given[k % 7],
                "unit_id": unit,
                "rank": rank,
                "category": category,
            }
        )
    sessions = []
    kinds = [("I1", "K1"), ("I2", "K3"), ("I1", "K4"), ("I2", "K2")]
    for k in range(60):
        institution, course = kinds[k % 4]
        start = date(YEAR, 1, 6) + timedelta(days=5 * k + (k % 3))
        sessions.append(
            {
                "session_id": f"S{k:02d}",
                "course_id": course,
                "institution_id": institution,
                "organiser": "city_org",
                "start": start.isoformat(),
                "end": (start + timedelta(days=2 + k % 4)).isoformat(),
                "seats": "6",
                "min_enrolment": "6" if k == 7 else "",
            }
        )
    sessions.append(
        {
            "session_id": "SEG1",
            "course_id": "K2",
            "institution_id": "I1",
            "organiser": "city_org",
            "start": "2020-03-02",
            "end": "2020-03-06",
            "seats": "8",
        }
    )
    sessions.append(
        {
            "session_id": "SEG2",
            "course_id": "K2",
            "institution_id": "I1",
            "organiser": "city_org",
            "start": "2020-04-06",
            "end": "2020-04-10",
            "seats": "8",
            "segment_of": "SEG1",
        }
    )
    sessions.append(
        {
            "session_id": "SEG3",
            "course_id": "K2",
            "institution_id": "I2",
            "organiser": "city_org",
            "start": "2020-05-11",
            "end": "2020-05-15",
            "seats": "8",
            "segment_of": "SEG1",
        }
    )
    sessions.append(
        {
            "session_id": "ONL",
            "course_id": "K5",
            "institution_id": "I3",
            "organiser": "city_org",
            "start": "2020-06-01",
            "end": "2020-06-05",
            "seats": "50",
        }
    )
    return {
        "units.csv": [{"unit_id": u, "name": n, "parent_id": p} for u, n, p in UNITS],
        "cadres.csv": cadres,
        "institutions.csv": [
            {
                "institution_id": "I1",
                "name": "中共江州市委党校",
                "kind": "party_school",
                "cost_per_day": "200",
            },
            {"institution_id": "I2", "name": "东江大学", "kind": "university", "cost_per_day": "300"},
            {"institution_id": "I3", "name": "江州干部网络学院", "kind": "online", "cost_per_day": "0"},
        ],
        "courses.csv": [
            {"course_id": "K1", "title": "理论学习专题班", "theme": "theory", "systematic": "false"},
            {"course_id": "K2", "title": "中青年干部培训班", "theme": "party_spirit", "systematic": "true"},
            {"course_id": "K3", "title": "-负号开头的专业班", "theme": "professional", "systematic": "false"},
            {"course_id": "K4", "title": "@公文写作培训班", "theme": "knowledge", "systematic": "false"},
            {"course_id": "K5", "title": "网络专题班", "theme": "theory", "systematic": "false"},
        ],
        "sessions.csv": sessions,
    }


def _first_fit(scenario: Scenario, per_cadre: int = 3) -> list[tuple[str, str]]:
    """Each cadre takes the next session groups with a free seat that do not overlap what it has."""
    groups = [g for g, ss in scenario.segments_by_group.items() if ss[0].min_enrolment <= 1]
    enrolled = dict.fromkeys(groups, 0)
    picks = []
    for k, cadre in enumerate(scenario.cadres):
        taken: list[tuple[date, date]] = []
        for j in range(len(groups)):
            group = groups[(k * 7 + j * 11) % len(groups)]
            segments = scenario.segments_by_group[group]
            free = enrolled[group] < min(s.seats for s in segments)
            clash = any(s.start <= e and b <= s.end for s in segments for b, e in taken)
            if free and not clash and group not in {g for _, g in picks if _ == cadre.cadre_id}:
                picks.append((cadre.cadre_id, group))
                enrolled[group] += 1
                taken += [(s.start, s.end) for s in segments]
            if len(taken) >= per_cadre:
                break
    return picks


def _with_shortfalls(scenario: Scenario, plan: Plan) -> Plan:
    outcomes = evaluate(scenario, owed_obligations(scenario, plan.year), plan)
    shortfalls = tuple(
        Shortfall(
            o.obligation.rule.value,
            o.obligation.cadre_id,
            o.obligation.unit_id,
            o.obligation.required,
            o.planned,
            o.shortfall,
            o.obligation.reason,
        )
        for o in outcomes
        if not o.met
    )
    summary = {"status": "feasible", "objective": 12.0, "bound": 10.0, "gap": 0.2, "solve_seconds": 1.5}
    return replace(plan, shortfalls=shortfalls, summary=summary)


@pytest.fixture(scope="module")
def scenario_and_plan(tmp_path_factory) -> tuple[Scenario, Plan]:
    scenario = load_scenario(
        write_scenario(tmp_path_factory.mktemp("filing") / "scenario", _scenario_tables())
    )
    plan = build_plan(scenario, owed_obligations(scenario, YEAR), _first_fit(scenario))
    return scenario, _with_shortfalls(scenario, plan)


@pytest.fixture(scope="module")
def exported(scenario_and_plan, tmp_path_factory) -> tuple[Path, list[Path]]:
    scenario, plan = scenario_and_plan
    folder = tmp_path_factory.mktemp("exports")
    return folder, write_exports(scenario, plan, folder)


def _no_glyph_warnings(caught: list[warnings.WarningMessage]) -> None:
    glyphs = [
        str(w.message) for w in caught if "Glyph" in str(w.message) or "missing from font" in str(w.message)
    ]
    assert glyphs == []


# --- workbook ------------------------------------------------------------------------------------


def test_workbook_reads_back_as_the_plan(scenario_and_plan, exported):
    _, plan = scenario_and_plan
    folder, _ = exported
    sheets = pd.read_excel(folder / "filing.xlsx", sheet_name=None)
    assert list(sheets) == ["概要", "附件1指标", "单位指标", "班次", "调训名单", "缺口", "课程设置核对(R13)"]
    assignments = sheets["调训名单"]
    assert len(assignments) == len(plan.assignments)
    assert set(zip(assignments["干部编号"], assignments["班次编号"], strict=True)) == plan.picks()
    sessions = sheets["班次"]
    assert len(sessions) == len(plan.sessions)
    enrolled = dict(zip(sessions["班次编号"], sessions["已安排人数"], strict=True))
    assert enrolled == {s.session_id: s.enrolled for s in plan.sessions}
    # The one session not run (S07) has a minimum enrolment of 6.
    assert (
        (sessions["状态"] == "未达最低开班人数取消").sum()
        == sum(s.status == "cancelled" for s in plan.sessions)
        == 1
    )
    assert list(sessions["开班日期"]) == sorted(sessions["开班日期"])
    shortfalls = sheets["缺口"]
    assert len(shortfalls) == len(plan.shortfalls) > 0
    assert shortfalls["缺口"].sum() == sum(s.shortfall for s in plan.shortfalls)
    sheet = load_workbook(folder / "filing.xlsx")["缺口"]
    assert sheet.cell(2, list(shortfalls.columns).index("原因说明") + 1).alignment.wrap_text  # sentences wrap


def test_units_sheet_holds_the_indicators_in_tree_order(scenario_and_plan, exported):
    scenario, plan = scenario_and_plan
    folder, _ = exported
    units = pd.read_excel(folder / "filing.xlsx", sheet_name="单位指标")
    expected = unit_indicators(scenario, plan)
    assert list(units["单位代码"]) == list(expected.index)
    assert list(units["干部人数(含下级)"]) == list(expected["subtree_headcount"])
    assert np.allclose(units["调训率(含下级)"], expected["subtree_summons_rate"], equal_nan=True)
    book = load_workbook(folder / "filing.xlsx")
    sheet = book["单位指标"]
    assert sheet.freeze_panes == "C2"
    assert [sheet.cell(r, 2).alignment.indent for r in range(2, 6)] == [0, 1, 1, 2]
    rate_column = list(units.columns).index("调训率") + 1
    assert sheet.cell(2, rate_column).number_format == "0.0%"
    assert sheet.cell(1, 1).font.bold


def test_summary_sheet_shows_the_solve_and_obligations_per_rule(scenario_and_plan, exported):
    scenario, plan = scenario_and_plan
    folder, _ = exported
    sheet = load_workbook(folder / "filing.xlsx")["概要"]
    facts = {sheet.cell(r, 1).value: sheet.cell(r, 2).value for r in range(1, sheet.max_row + 1)}
    assert facts["求解状态"] == "可行"  # the solve status in the language of the filing
    assert facts["计划年度"] == YEAR
    assert not {"目标值", "目标界", "最优性差距"} & set(facts)  # solver internals a planner cannot read
    # This plan's summary has no tiers (as a plan written before they were recorded): bound unknown.
    assert sheet.cell(4, 1).value == "本计划未记录各层级已证明的上限,与最优的差距未知。"
    outcomes = evaluate(scenario, owed_obligations(scenario, YEAR), plan)
    owed = {t: sum(o.obligation.tier == t for o in outcomes) for t in TIER["zh"]}
    met = met_by_tier(outcomes)
    assert {t: row[1:] for t, row in _tiers(sheet).items()} == {
        t: [TIER["zh"][t], owed[t], met[t], "未知", "未知"] for t in met
    }
    rows = {
        sheet.cell(r, 1).value: (sheet.cell(r, 3).value, sheet.cell(r, 4).value)
        for r in range(1, sheet.max_row + 1)
    }
    expected = met_by_rule(evaluate(scenario, owed_obligations(scenario, YEAR), plan))
    for rule, counts in expected.items():
        assert rows[rule] == (counts["owed"], counts["met"])


def _tiers(sheet) -> dict[int, list]:
    """The summary sheet's per-tier table by tier: tier, what, owed, met, bound, gap."""
    rows = (
        [sheet.cell(r, c).value for c in range(1, 7)]
        for r in range(1, sheet.max_row + 1)
        if isinstance(sheet.cell(r, 1).value, int)
    )
    return {row[0]: row for row in rows}


def test_summary_prefers_the_obligations_of_the_plan_summary(scenario_and_plan, tmp_path):
    scenario, plan = scenario_and_plan
    given = {"R7": {"owed": 4, "met": 3}}
    path = write_workbook(
        scenario, replace(plan, summary={"obligations": given}), tmp_path / "f.xlsx", lang="en"
    )
    sheet = load_workbook(path)["Summary"]
    rows = {
        sheet.cell(r, 1).value: [sheet.cell(r, c).value for c in range(2, 7)]
        for r in range(1, sheet.max_row + 1)
    }
    assert rows["R7"] == ["named summons", 4, 3, 0.75, 1]
    assert rows["solve status"] is not None


def test_english_workbook_has_english_sheets_and_headers(scenario_and_plan, tmp_path):
    scenario, plan = scenario_and_plan
    path = write_workbook(scenario, plan, tmp_path / "en.xlsx", lang="en")
    sheets = pd.read_excel(path, sheet_name=None)
    assert list(sheets) == [
        "Summary",
        "Annex-1 indicators",
        "Units",
        "Sessions",
        "Assignments",
        "Shortfalls",
        "Curriculum (R13)",
    ]
    assert {"cadre id", "name", "unit", "reason"} <= set(sheets["Assignments"].columns)
    assert "subtree summons rate" in sheets["Units"].columns


def _without(scenario: Scenario, plan: Plan, session_ids: set[str]) -> Plan:
    """The plan with nobody in ``session_ids`` (their sessions listed as not run)."""
    groups = {(a.cadre_id, scenario.session_by_id[a.session_id].group_id) for a in plan.assignments}
    picks = [(c, g) for c, g in groups if g not in session_ids]
    return build_plan(scenario, owed_obligations(scenario, YEAR), picks)


def _unused_and_no_seats(scenario: Scenario, plan: Plan) -> tuple[Scenario, Plan]:
    """S00 unused (no minimum, nobody), S01 left without seats (as a changes file cancels), S07 cancelled."""
    sessions = tuple(replace(s, seats=0) if s.session_id == "S01" else s for s in scenario.sessions)
    changed = scenario.replace(sessions=sessions)
    return changed, _without(changed, plan, {"S00", "S01"})


@pytest.mark.parametrize(
    ("lang", "sheet", "expected"),
    [
        (
            "zh",
            "班次",
            {"S00": "未安排学员", "S01": "取消(无名额)", "S07": "未达最低开班人数取消", "S02": "举办"},
        ),
        (
            "en",
            "Sessions",
            {
                "S00": "unused",
                "S01": "cancelled (no seats)",
                "S07": "cancelled (below minimum enrolment)",
                "S02": "run",
            },
        ),
    ],
)
def test_an_unused_session_is_not_called_cancelled(scenario_and_plan, tmp_path, lang, sheet, expected):
    scenario, plan = _unused_and_no_seats(*scenario_and_plan)
    assert scenario.session_by_id["S00"].min_enrolment == 0
    assert scenario.session_by_id["S07"].min_enrolment == 6
    path = write_workbook(scenario, plan, tmp_path / "f.xlsx", lang=lang)
    sessions = pd.read_excel(path, sheet_name=sheet)
    status = dict(zip(sessions.iloc[:, 0], sessions.iloc[:, SESSION_KEYS.index("status")], strict=True))
    assert {sid: status[sid] for sid in expected} == expected
    # sessions.csv keeps its contract words
    assert {s.session_id: s.status for s in plan.sessions if s.session_id in expected} == {
        "S00": "cancelled",
        "S01": "cancelled",
        "S07": "cancelled",
        "S02": "run",
    }


def test_summary_and_report_count_unused_and_cancelled_sessions_apart(scenario_and_plan, tmp_path):
    scenario, plan = _unused_and_no_seats(*scenario_and_plan)
    path = write_workbook(scenario, plan, tmp_path / "f.xlsx")
    sheet = load_workbook(path)["概要"]
    facts = {sheet.cell(r, 1).value: sheet.cell(r, 2).value for r in range(1, sheet.max_row + 1)}
    assert facts["未达最低开班人数取消班次"] == 1
    assert facts["未安排学员班次"] == 1
    assert facts["取消(无名额)班次"] == 1
    assert "取消班次" not in facts
    write_report(scenario, plan, tmp_path, lang="zh")
    report = (tmp_path / "report.md").read_text(encoding="utf-8")
    run = sum(s.status == "run" for s in plan.sessions)
    assert (
        f"| 班次(举办/未达最低开班人数取消/未安排学员) | {run} / 1 / 1(另有 1 个班次取消(无名额)) |" in report
    )
    write_report(scenario, plan, tmp_path, lang="en")
    report = (tmp_path / "report.md").read_text(encoding="utf-8")
    assert f"| sessions (run/cancelled/unused) | {run} / 1 / 1 (and 1 cancelled, no seats) |" in report


@pytest.mark.parametrize(
    ("lang", "cancelled", "unused"),
    [("zh", "未达最低开班人数取消", "未安排学员"), ("en", "cancelled (below minimum enrolment)", "unused")],
)
def test_the_sessions_chart_legend_tells_unused_from_cancelled(scenario_and_plan, lang, cancelled, unused):
    scenario, plan = scenario_and_plan
    plan = _without(scenario, plan, {"S00"})
    rows = [r for r in session_rows(plan, scenario) if r.group_id in ("S00", "S07", "S02")]
    ax = plot_sessions(plan, scenario, rows=rows, lang=lang)
    labels = [t.get_text() for t in ax.get_legend().get_texts()]
    assert labels[-2:] == [cancelled, unused]
    bars = {(to_hex(bar.get_facecolor()), bar.get_hatch()) for bar in ax.patches}
    assert {(CANCELLED_COLOUR, "////"), (UNUSED_COLOUR, None)} <= bars  # S07 hatched, S00 plain grey


def test_elective_assignments_are_training_beyond_the_obligations(scenario_and_plan, tmp_path):
    scenario, plan = scenario_and_plan
    assert REASON["zh"]["elective"] == "应训任务之外的培训"
    assert REASON["en"]["elective"] == "beyond the obligations"
    electives = {(a.cadre_id, a.session_id) for a in plan.assignments if a.reason.value == "elective"}
    assert electives
    for lang, sheet, label in (
        ("zh", "调训名单", "应训任务之外的培训"),
        ("en", "Assignments", "beyond the obligations"),
    ):
        frame = pd.read_excel(write_workbook(scenario, plan, tmp_path / f"{lang}.xlsx", lang=lang), sheet)
        reasons = {
            (c, s): r for c, s, r in zip(frame.iloc[:, 2], frame.iloc[:, 5], frame.iloc[:, -2], strict=True)
        }
        assert {reasons[pair] for pair in electives} == {label}
        assert "自选" not in set(reasons.values())


def test_rank_words_of_the_filing_are_the_glossarys():
    assert RANK["zh"] == {
        "bureau": "厅局级",
        "division": "县处级",
        "section": "乡科级",
        "staff": "科员及以下",
    }
    assert RULE["zh"]["R2"] == "乡科级及以下干部年度学时"


def test_the_curriculum_sheet_lists_the_r13_warnings(scenario_and_plan, tmp_path):
    scenario, plan = scenario_and_plan
    academy = Institution("I4", "浙江红船干部学院", InstitutionKind.CADRE_ACADEMY, beds=100, cost_per_day=300)
    k1 = replace(scenario.course_by_id["K1"], theory_share=0.45, party_spirit_share=0.2)
    k3 = replace(scenario.course_by_id["K3"], theory_share=0.6, party_spirit_share=0.1)
    courses = tuple({"K1": k1, "K3": k3}.get(c.course_id, c) for c in scenario.courses)
    sessions = tuple(
        replace(s, institution_id="I4") if s.session_id == "S01" else s for s in scenario.sessions
    )
    changed = scenario.replace(
        institutions=(*scenario.institutions, academy), courses=courses, sessions=sessions
    )
    path = write_workbook(changed, plan, tmp_path / "zh.xlsx")
    sheet = pd.read_excel(path, sheet_name="课程设置核对(R13)")
    assert list(sheet.columns) == [
        "课程代码",
        "班次名称",
        "培训机构",
        "理论教育占比",
        "党性教育占比",
        "理论教育和党性教育合计",
        "规定",
        "问题",
    ]
    rows = {r["课程代码"]: r for r in sheet.to_dict("records")}
    assert list(rows) == ["K1", "K2", "K3", "K4"]  # K3 runs at the academy now; K5 is online only
    assert rows["K1"]["培训机构"] == "中共江州市委党校 (I1)"
    assert rows["K1"]["理论教育和党性教育合计"] == pytest.approx(0.65)
    assert rows["K1"]["问题"] == "理论教育和党性教育合计65%,低于70%"
    assert rows["K1"]["规定"] == (
        "党校、干部学院及系统培训课程:理论教育和党性教育不低于总课时的70%,党性教育不低于20%(R13)"
    )
    assert rows["K3"]["培训机构"] == "浙江红船干部学院 (I4)"
    assert rows["K3"]["问题"] == "党性教育10%,低于20%"
    assert rows["K2"]["问题"] == "未填写理论教育或党性教育占比,无法核对(系统培训课程)"
    assert rows["K2"]["培训机构"] == "中共江州市委党校 (I1)"
    english = pd.read_excel(
        write_workbook(changed, plan, tmp_path / "en.xlsx", lang="en"), "Curriculum (R13)"
    )
    assert list(english["problem"]) == [
        "theory + party spirit 65%, below 70%",
        "share not given: R13 cannot be checked (a systematic course)",
        "party spirit 10%, below 20%",
        "share not given: R13 cannot be checked",
    ]
    write_report(changed, plan, tmp_path, lang="zh")
    report = (tmp_path / "report.md").read_text(encoding="utf-8")
    assert "## 课程设置核对(R13)" in report
    assert (
        "| -负号开头的专业班 (K3) | 浙江红船干部学院 (I4) | 60.0% | 10.0% | 党性教育10%,低于20% |" in report
    )
    assert "共 4 门课程不符合或无法核对,完整清单见 filing.xlsx。" in report


def test_a_sound_curriculum_is_said_so(scenario_and_plan, tmp_path):
    scenario, plan = scenario_and_plan
    sound = tuple(replace(c, theory_share=0.5, party_spirit_share=0.3) for c in scenario.courses)
    changed = scenario.replace(courses=sound)
    assert len(pd.read_excel(write_workbook(changed, plan, tmp_path / "f.xlsx"), "课程设置核对(R13)")) == 0
    write_report(changed, plan, tmp_path, lang="en")
    assert "meets R13's curriculum shares." in (tmp_path / "report.md").read_text(encoding="utf-8")


def test_text_that_looks_like_a_formula_stays_text(scenario_and_plan, exported):
    folder, _ = exported
    book = load_workbook(folder / "filing.xlsx")
    risky = [
        cell
        for sheet in book.worksheets
        for row in sheet.iter_rows()
        for cell in row
        if isinstance(cell.value, str) and cell.value[:1] in "=+-@"
    ]
    assert {c.value for c in risky} >= {FORMULA_NAME, "+外联办", "-负号开头的专业班", "@公文写作培训班"}
    for cell in risky:
        assert cell.data_type == "s" and cell.quotePrefix, cell.coordinate
    names = pd.read_excel(folder / "filing.xlsx", sheet_name="调训名单")["姓名"]
    assert FORMULA_NAME in set(names)


# --- charts --------------------------------------------------------------------------------------


def _png_checks(path: Path, size: tuple[int, int]) -> None:
    image = Image.open(path).convert("RGB")
    assert image.size == size
    pixels = np.asarray(image).reshape(-1, 3)[::5].astype(np.int64)
    colours = np.unique(pixels[:, 0] << 16 | pixels[:, 1] << 8 | pixels[:, 2])
    assert len(colours) > 50  # bars, text and greys, not a blank page
    assert (pixels.min(axis=1) < 200).mean() > 0.01


def test_sessions_chart_is_an_a4_page_with_bars_and_no_missing_glyphs(scenario_and_plan, tmp_path):
    scenario, plan = scenario_and_plan
    rows = [r for r in session_rows(plan, scenario) if r.institution_id == "I1"]
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        ax = plot_sessions(plan, scenario, rows=rows[:30])
        paths = save_figure(ax.get_figure(root=True), tmp_path / "sessions")
    _no_glyph_warnings(caught)
    assert [p.suffix for p in paths] == [".png", ".svg", ".pdf"] and all(
        p.stat().st_size > 1000 for p in paths
    )
    _png_checks(paths[0], (2338, 1654))
    labels = [t.get_text() for t in ax.get_yticklabels()]
    assert labels[0].startswith("理论学习专题班")
    assert any(re.fullmatch(r"\d+/6", t.get_text()) for t in ax.texts)


def test_segments_share_a_row_per_institution_and_are_linked_across_rows(scenario_and_plan):
    scenario, plan = scenario_and_plan
    rows = [r for r in session_rows(plan, scenario) if r.group_id == "SEG1"]
    assert [[s.session_id for s in r.sessions] for r in rows] == [["SEG1", "SEG2"], ["SEG3"]]
    ax = plot_sessions(plan, scenario, rows=rows)
    links = [line for line in ax.lines if line.get_linestyle() == ":"]
    assert sorted(tuple(line.get_ydata()) for line in links) == [(0, 0), (0, 1)]  # SEG1-SEG2, then SEG2-SEG3


def test_a_session_running_into_next_year_says_when_it_ends(scenario_and_plan):
    scenario, plan = scenario_and_plan
    late = replace(scenario.session_by_id["S00"], start=date(YEAR, 12, 28), end=date(YEAR + 1, 1, 3))
    moved = scenario.replace(sessions=tuple(late if s.session_id == "S00" else s for s in scenario.sessions))
    rows = [r for r in session_rows(plan, moved) if r.group_id in ("S00", "S01")]
    ax = plot_sessions(plan, moved, rows=rows)
    labels = sorted(t.get_text() for t in ax.texts)
    assert labels[0].endswith("/6") and labels[1].endswith("/6 → 2021-01-03")


def test_more_than_sixty_sessions_are_split_into_pages(scenario_and_plan, exported):
    scenario, plan = scenario_and_plan
    rows = session_rows(plan, scenario)
    pages = session_pages(rows)
    assert len(rows) > 60 and len(pages) >= 2
    assert all(len(page) <= 60 for page in pages)
    assert [r for page in pages for r in page] == rows
    _, written = exported
    assert {p.name for p in written} >= {f"sessions-{k}.png" for k in range(1, len(pages) + 1)}


def test_away_by_day_counts_offjob_days_both_ends_included(scenario_and_plan):
    scenario, plan = scenario_and_plan
    away = away_by_day(plan, scenario)
    for unit_id in away.columns:
        expected = 0
        for a in plan.assignments:
            if scenario.cadre_by_id[a.cadre_id].unit_id == unit_id and not scenario.is_online(
                scenario.session_by_id[a.session_id]
            ):
                expected += (a.end - a.start).days + 1
        assert away[unit_id].sum() == expected
    online = [a for a in plan.assignments if a.session_id == "ONL"]
    day = pd.Timestamp(2020, 6, 2)
    assert online and away.loc[day].sum() < len(online) + 100  # online keeps nobody away
    ax = plot_release(plan, scenario, "FIN")
    cap_lines = [line for line in ax.lines if line.get_linestyle() == "--"]
    assert cap_lines and cap_lines[0].get_ydata()[0] == scenario.away_cap("FIN")


def test_release_weeks_has_a_row_per_unit_with_cadres_grouped_by_county(scenario_and_plan):
    scenario, plan = scenario_and_plan
    rows = unit_rows(scenario)
    # FIN has no units below it: it joins the root's group; EDU has a school below it: a group of its own.
    assert rows == [
        UnitRow("CITY", "CITY"),
        UnitRow("FIN", "CITY"),
        UnitRow("EDU", "EDU"),
        UnitRow("SCH", "EDU"),
    ]
    assert unit_pages(rows, max_rows=3) == [rows[:2], rows[2:]]
    ax = plot_release_weeks(plan, scenario)
    assert [t.get_text() for t in ax.get_yticklabels()][1] == f"+外联办 12人/上限{scenario.away_cap('FIN')}"
    assert len(ax.collections) == 1 and ax.collections[0].get_array().shape == (4, 53)


def test_release_weeks_shade_the_weekly_peak_against_the_cap(scenario_and_plan):
    scenario, plan = scenario_and_plan
    shares = weekly_peak_share(plan, scenario, ["FIN", "EDU"])
    for r, unit_id in enumerate(["FIN", "EDU"]):
        away = np.zeros(366, dtype=int)  # counted here day by day from the assignments, as R9 counts them
        for a in plan.assignments:
            session = scenario.session_by_id[a.session_id]
            if scenario.cadre_by_id[a.cadre_id].unit_id == unit_id and not scenario.is_online(session):
                away[(a.start - date(YEAR, 1, 1)).days : (a.end - date(YEAR, 1, 1)).days + 1] += 1
        expected = [away[7 * w : 7 * w + 7].max() / scenario.away_cap(unit_id) for w in range(53)]
        assert np.allclose(shares[r], expected) and shares[r].max() > 0
    assert len(SHARE_COLOURS) == 6


def test_timeline_has_a_row_per_cadre_of_the_unit(scenario_and_plan):
    scenario, plan = scenario_and_plan
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        ax = plot_timeline(plan, scenario, "CITY")
        ax.get_figure(root=True).canvas.draw()
    _no_glyph_warnings(caught)
    labels = [t.get_text() for t in ax.get_yticklabels()]
    assert labels == ["★李市长 厅局级", f"{FORMULA_NAME} 县处级"]


def test_a_large_unit_has_its_timeline_on_several_pages(scenario_and_plan, monkeypatch, tmp_path):
    scenario, plan = scenario_and_plan
    monkeypatch.setattr(timeline, "MAX_ROWS", 5)
    pages = timeline_pages(scenario, "FIN")
    assert [len(page) for page in pages] == [5, 5, 2]
    assert [c for page in pages for c in page] == timeline.cadre_order(scenario.cadres_by_unit["FIN"])
    ax = plot_timeline(plan, scenario, "FIN", page=3)
    assert len(ax.get_yticklabels()) == 2 and ax.get_title(loc="left").endswith("(12人)  第3/3页")
    with pytest.raises(ValueError, match="3 timeline page"):
        plot_timeline(plan, scenario, "FIN", page=4)
    jobs = chart_jobs(scenario, plan, tmp_path, timeline_unit="FIN", formats=("png",))
    stems = [path.stem for path in jobs[-1]()] + [f"timeline-FIN-p{k}" for k in (1, 2)]
    assert stems[0] == "timeline-FIN-p3" and (tmp_path / "timeline-FIN-p3.png").is_file()
    assert chart_captions(sorted(stems), "zh", {"FIN": "外联办"})[-1] == "外联办干部培训时间表 第3页"


def test_without_a_cjk_font_charts_show_ids_and_warn_once(scenario_and_plan, monkeypatch):
    scenario, plan = scenario_and_plan
    latin = fonts.FontChoice(("DejaVu Sans",), (), frozenset(range(32, 0x250)))
    monkeypatch.setattr(fonts, "font_choice", lambda: latin)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        names = fonts.Names(latin)
        ax = plot_timeline(plan, scenario, "FIN", names=names)
        other = plot_sessions(plan, scenario, rows=session_rows(plan, scenario)[:5], names=names)
        for drawn in (ax, other):
            drawn.get_figure(root=True).canvas.draw()
    ours = [w for w in caught if issubclass(w.category, NamesAsIdsWarning)]
    assert len(ours) == 1 and "no Chinese (CJK) font" in str(ours[0].message)
    _no_glyph_warnings(caught)
    labels = [t.get_text() for t in ax.get_yticklabels()]
    assert labels and all(re.fullmatch(r"★?C\d\d \w+", label) for label in labels)  # ids, English ranks
    assert ax.get_title(loc="left").startswith("Training timeline 2020: FIN")


def test_the_shipped_font_draws_the_generated_names():
    choice = fonts.font_choice()
    assert fonts.SHIPPED_FONT.is_file() and choice.has_cjk
    assert choice.covers("江州市委组织部 刘飞燕 厅局级领导干部进修班 1月 ★ 38/40")
    assert choice.covers("王珺 李堃 张喆")  # name characters outside GB2312


# --- report and write_exports --------------------------------------------------------------------


def test_write_exports_writes_every_file_and_the_report_links_resolve(exported):
    folder, written = exported
    assert all(p.is_file() for p in written)
    names = {p.relative_to(folder).as_posix() for p in written}
    assert {
        "filing.xlsx",
        "report.md",
        "report.html",
        "charts/release.png",
        "charts/release.pdf",
        "charts/release-weeks-1.png",
    } <= names
    assert any(n.startswith("charts/timeline-") and n.endswith(".svg") for n in names)
    report = (folder / "report.md").read_text(encoding="utf-8")
    links = re.findall(r"\]\(([^)]+)\)", report)
    images = re.findall(r"!\[[^\]]*\]\(([^)]+)\)", report)
    assert len(images) == sum(1 for n in names if n.endswith(".png"))
    assert links and all((folder / link).is_file() for link in links)
    html = (folder / "report.html").read_text(encoding="utf-8")
    assert all((folder / src).is_file() for src in re.findall(r'src="([^"]+)"', html))
    assert "R7" in report and "缺口" in report
    assert "![培训班次安排(按培训机构) 第1页](charts/sessions-1.png)" in report  # each chart has a caption
    assert "<strong>各单位每周离岗峰值与错峰上限</strong>" in html  # one page only: no page number
    assert "用时 1.5 秒" in report


def test_chart_pages_have_their_paper_size(exported):
    folder, _ = exported
    sizes = {p.name: Image.open(p).size for p in (folder / "charts").glob("*.png")}
    assert sizes["release.png"] == (2338, 1654)
    assert sizes["release-weeks-1.png"] == (2338, 496)  # 4 units: A4 wide, rows of a readable height
    assert all(
        size in {(2338, 1654), (3308, 2338)}
        for name, size in sizes.items()
        if not name.startswith("release-")
    )
    for path in (folder / "charts").glob("*.png"):
        _png_checks(path, sizes[path.name])


def test_an_empty_plan_still_gives_a_workbook_and_a_report(scenario_and_plan, tmp_path):
    scenario, _ = scenario_and_plan
    written = write_exports(scenario, Plan(YEAR), tmp_path, formats=("png",))
    assert {p.name for p in written} == {"filing.xlsx", "report.md", "report.html", "plan.html"}
    assert len(pd.read_excel(tmp_path / "filing.xlsx", sheet_name="调训名单")) == 0
    assert "未满足" in (tmp_path / "report.md").read_text(encoding="utf-8")
    with pytest.raises(ValueError, match="unknown language"):
        write_exports(scenario, Plan(YEAR), tmp_path, lang="fr")
