"""A Chinese filing reads Chinese, an English one English: ``shortfalls.csv``, ``filing.xlsx``, ``report.md``.

``plan-annual --lang zh`` (the default) and ``--lang en`` plan the generated ``tiny`` scenario. In
Chinese no cell holds an English word: ASCII words are allowed only as the scenario's ids and name.
In English no cell holds Chinese once the scenario's own words (names, titles, a summons reason) are
taken out. The language changes the words only: both plans are the same rows.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterator
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner

from models import Scenario, load_scenario
from optimizer.cli.annual import plan_annual
from optimizer.cli.obligations import plan_obligations
from scenarios.generator.generate import generate_scenario

ASCII_TOKEN = re.compile(r"[A-Za-z0-9_.:/'\-]+")
"""A run of ASCII letters, digits and the marks ids use: ``C000013``, ``city_org:CITY01``, ``R12.hours``."""
WORD = re.compile(r"[A-Za-z]+")
ENGLISH_PHRASE = re.compile(r"[A-Za-z]{2,}(?:[ ,]+[A-Za-z]{2,})+")
CJK = re.compile(r"[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]")


@pytest.fixture(scope="module")
def tiny(tmp_path_factory: pytest.TempPathFactory) -> Scenario:
    return load_scenario(generate_scenario(tmp_path_factory.mktemp("scenario") / "tiny", "tiny"))


@pytest.fixture(scope="module")
def plans(tiny: Scenario, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The plan folder of each language, with its filing."""
    folders = {}
    for lang in ("zh", "en"):
        out = tmp_path_factory.mktemp(lang) / "plan"
        args = ["--year", "2020", "--scenario", str(tiny.source), "--out", str(out), "--lang", lang]
        result = CliRunner().invoke(plan_annual, [*args, "--time-limit", "20", "--workers", "1", "--quiet"])
        assert result.exit_code == 0, result.output
        folders[lang] = out
    return folders


def filing_texts(folder: Path) -> Iterator[tuple[str, str]]:
    """(where, text) of every shortfall cell below the header, every workbook cell, every report line."""
    with (folder / "shortfalls.csv").open(encoding="utf-8", newline="") as handle:
        for number, row in enumerate(list(csv.reader(handle))[1:], start=2):
            yield from ((f"shortfalls.csv row {number}", cell) for cell in row)
    workbook = openpyxl.load_workbook(folder / "filing.xlsx", read_only=True)
    for sheet in workbook.worksheets:
        yield f"filing.xlsx sheet name {sheet.title}", sheet.title
        for row in sheet.iter_rows(values_only=True):
            yield from ((f"filing.xlsx[{sheet.title}]", c) for c in row if isinstance(c, str))
    workbook.close()
    lines = (folder / "report.md").read_text(encoding="utf-8").splitlines()
    yield from ((f"report.md line {number}", line) for number, line in enumerate(lines, start=1))


def scenario_ids(scenario: Scenario) -> set[str]:
    """The scenario's ids, organisers and name: the ASCII a Chinese filing may hold."""
    ids = {scenario.name, *(u.unit_id for u in scenario.units), *(c.cadre_id for c in scenario.cadres)}
    ids |= {s.session_id for s in scenario.sessions} | {s.organiser for s in scenario.sessions}
    ids |= {c.course_id for c in scenario.courses} | {i.institution_id for i in scenario.institutions}
    ids |= {s.organiser for s in scenario.summons}
    return {token for text in ids for token in ASCII_TOKEN.findall(text)}


def english_words(text: str, allowed: set[str]) -> list[str]:
    """The ASCII words of ``text`` that are no id: any word made of letters only and not the scenario's."""
    return [t for t in ASCII_TOKEN.findall(text) if WORD.fullmatch(t) and t not in allowed]


def scenario_words(scenario: Scenario) -> list[str]:
    """The scenario's own words an English filing shows as they are (names, titles, a summons reason)."""
    found = {scenario.name, *(u.name for u in scenario.units), *(c.name for c in scenario.cadres)}
    found |= {c.title for c in scenario.courses} | {i.name for i in scenario.institutions}
    found |= {i.city for i in scenario.institutions} | {s.reason for s in scenario.summons}
    return sorted((w for w in found if w), key=len, reverse=True)


def test_the_checker_finds_english_but_not_ids() -> None:
    allowed = {"C000013", "SYS11", "tiny"}
    assert english_words("2020年没有点名调训课程SYS11的班次", allowed) == []
    assert english_words("C000013;R12.hours;city_org:CITY01;S2020-0009 tiny", allowed) == []
    assert english_words("1个full;名额已满", allowed) == ["full"]
    english = english_words("no session of the summoned course SYS11", allowed)
    assert english == "no session of the summoned course".split()


def test_a_chinese_plan_holds_no_english_word(tiny: Scenario, plans: dict[str, Path]) -> None:
    allowed = scenario_ids(tiny)
    found = [(where, text) for where, text in filing_texts(plans["zh"]) if english_words(text, allowed)]
    assert found == []
    reasons = _rows(plans["zh"])
    assert len({row["rule"] for row in reasons}) >= 5  # a plan with shortfalls of many rules
    assert all(CJK.search(row["reason"]) for row in reasons)


def test_an_english_plan_holds_no_chinese_but_the_scenarios_words(
    tiny: Scenario, plans: dict[str, Path]
) -> None:
    own = scenario_words(tiny)
    found = [(where, text) for where, text in filing_texts(plans["en"]) if CJK.search(_without(text, own))]
    assert found == []
    assert all(ENGLISH_PHRASE.search(row["reason"]) for row in _rows(plans["en"]))


def test_the_language_changes_the_words_only(plans: dict[str, Path]) -> None:
    zh, en = _rows(plans["zh"]), _rows(plans["en"])
    assert [{**r, "reason": ""} for r in zh] == [{**r, "reason": ""} for r in en]
    assert all(a["reason"] != b["reason"] for a, b in zip(zh, en, strict=True))
    for name in ("assignments.csv", "sessions.csv"):
        assert (plans["zh"] / name).read_bytes() == (plans["en"] / name).read_bytes()


def test_plan_obligations_lists_the_reasons_in_the_language_asked(tiny: Scenario, tmp_path: Path) -> None:
    allowed, own = scenario_ids(tiny), scenario_words(tiny)
    for lang in ("zh", "en"):
        path = tmp_path / f"obligations-{lang}.csv"
        args = ["--year", "2020", "--scenario", str(tiny.source), "--csv", str(path), "--lang", lang]
        result = CliRunner().invoke(plan_obligations, args)
        assert result.exit_code == 0, result.output
        with path.open(encoding="utf-8", newline="") as handle:
            reasons = [row["reason"] for row in csv.DictReader(handle)]
        assert len(reasons) > 100
        if lang == "zh":
            lines = result.output.splitlines()
            assert [t for t in reasons + lines if english_words(t, allowed)] == []
        else:
            assert all(ENGLISH_PHRASE.search(r) and not CJK.search(_without(r, own)) for r in reasons)


def _without(text: str, words: list[str]) -> str:
    for word in words:
        text = text.replace(word, "")
    return text


def _rows(folder: Path) -> list[dict[str, str]]:
    with (folder / "shortfalls.csv").open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))
