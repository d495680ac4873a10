"""The interactive plan page ``plan.html``: its facts, its safety, and its use in a real headless Chromium.

The browser tests need Debian's ``chromium`` and ``chromium-driver`` (``.ci/run`` installs them) and
``selenium``; they are skipped when either is missing. The counts a filter should show are computed
here from the scenario and the plan, independently of the page's script.
"""

from __future__ import annotations

import io
import json
import re
import shutil
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from conftest import write_scenario
from PIL import Image

from models import Plan, Rule, Scenario, Shortfall, build_plan, load_scenario, owed_obligations
from optimizer import DEFAULT_SCENARIO, solve_greedy
from optimizer.reports import write_exports
from optimizer.reports.page import PAGE_FILE, POLICY, write_page
from optimizer.reports.page_data import RULE_BIT, RULES, page_data
from scenarios.generator import generate_scenario

YEAR = 2020
EVIL = "</script><img src=x onerror=alert(1)>党性教育专题班"


def _small_tables() -> dict[str, list[dict[str, str]]]:
    return {
        "units.csv": [
            {"unit_id": "U1", "name": "江州市测试局", "parent_id": ""},
            {"unit_id": "U2", "name": "测试局办公室", "parent_id": "U1"},
        ],
        "cadres.csv": [
            _cadre("C1", "欧阳明", "U1", "division", "leadership"),
            _cadre("C2", "司马懿", "U2", "staff", "civil_servant"),
            _cadre("C3", "王芳", "U2", "staff", "civil_servant"),
        ],
        "courses.csv": [
            {"course_id": "K1", "title": "理论班", "theme": "theory", "systematic": "false"},
            {"course_id": "K2", "title": EVIL, "theme": "party_spirit", "systematic": "true"},
            {"course_id": "K3", "title": "公文写作班", "theme": "knowledge", "systematic": "false"},
        ],
        "sessions.csv": [
            _session("S1", "K1", "2020-03-02", "2020-03-13"),
            _session("S2", "K2", "2020-05-11", "2020-05-15"),
            _session("S3", "K3", "2020-09-07", "2020-09-09"),
        ],
        "summons.csv": [{"cadre_id": "C2", "course_id": "K3", "organiser": "city_org", "reason": "点名"}],
    }


def _cadre(cadre_id: str, name: str, unit_id: str, rank: str, category: str) -> dict[str, str]:
    return {"cadre_id": cadre_id, "name": name, "unit_id": unit_id, "rank": rank, "category": category}


def _session(session_id: str, course_id: str, start: str, end: str) -> dict[str, str]:
    return {
        "session_id": session_id,
        "course_id": course_id,
        "institution_id": "I1",
        "organiser": "city_org",
        "start": start,
        "end": end,
        "seats": "10",
    }


@pytest.fixture(scope="module")
def small(tmp_path_factory) -> tuple[Scenario, Plan]:
    """Three cadres: C1 in S1 and S2, C2 in S1 (its summons to K3 unmet), C3 nowhere."""
    scenario = load_scenario(write_scenario(tmp_path_factory.mktemp("page") / "scenario", _small_tables()))
    obligations = owed_obligations(scenario, YEAR)
    plan = build_plan(scenario, obligations, [("C1", "S1"), ("C1", "S2"), ("C2", "S1")])
    shortfall = Shortfall("R7", "C2", None, 1, 0, 1, "课程K3的班次已满</td><b>")
    return scenario, Plan(plan.year, plan.assignments, plan.sessions, (shortfall,), {"status": "feasible"})


def test_the_data_holds_every_assignment_and_what_it_serves(small):
    scenario, plan = small
    data = page_data(scenario, plan, "zh")
    cadres = [row[0] for row in data["cadres"]]
    sessions = [row[0] for row in data["sessions"]]
    flat = data["assignments"]
    shown = {(cadres[flat[k]], sessions[flat[k + 1]]) for k in range(0, len(flat), 4)}
    assert shown == plan.picks()
    assert [u[0] for u in data["units"]] == ["U1", "U2"] and data["units"][1][2:] == [0, 1]  # parent, depth
    # C2 owes the named summons (R7) and the staff hours (R2); S1 serves the hours, not the summons.
    c2 = data["cadres"][cadres.index("C2")]
    assert c2[4] & RULE_BIT["R7"] and c2[4] & RULE_BIT["R2"]
    assert c2[5] == RULE_BIT["R7"]  # its shortfall
    served = {(cadres[flat[k]], sessions[flat[k + 1]]): flat[k + 3] for k in range(0, len(flat), 4)}
    assert served[("C2", "S1")] & RULE_BIT["R2"] and not served[("C2", "S1")] & RULE_BIT["R7"]
    assert data["shortfalls"] == [[RULES.index(Rule.R7), cadres.index("C2"), 1, 1, 0, 1, 0]]


def test_the_page_is_one_file_that_asks_for_nothing_and_escapes_the_data(small, tmp_path):
    scenario, plan = small
    text = write_page(scenario, plan, tmp_path / PAGE_FILE).read_text(encoding="utf-8")
    assert POLICY in text and "default-src 'none'" in POLICY
    assert not re.search(r"""(src|href)=["']?(https?:|//)""", text)  # nothing fetched from anywhere
    assert text.count("<script") == 2 and text.count("</script>") == 2  # the title cannot close a script
    data = re.search(r'<script type="application/json" id="plan-data">(.*?)</script>', text, re.S)
    assert data is not None
    assert EVIL in json.dumps(json.loads(data.group(1)), ensure_ascii=False)  # escaped, not lost
    assert "2020年度干部教育培训计划" in text and "各层级任务完成情况" in text


def test_an_english_page_has_english_words(small, tmp_path):
    scenario, plan = small
    text = write_page(scenario, plan, tmp_path / PAGE_FILE, lang="en").read_text(encoding="utf-8")
    assert "Training plan 2020" in text and "Obligations met per tier" in text
    assert '"page.view.cadre":"by cadre"' in text


def test_a_pseudonymized_page_holds_no_real_name(small, tmp_path):
    scenario, plan = small
    write_exports(scenario, plan, tmp_path, formats=("png",), pseudonymize=True, workers=1)
    text = (tmp_path / PAGE_FILE).read_text(encoding="utf-8")
    assert not any(c.name in text for c in scenario.cadres)
    assert all(c.cadre_id in text for c in scenario.cadres) and "假名" in text


# ---- the default scenario, in a real browser ----


@pytest.fixture(scope="module")
def default_plan() -> tuple[Scenario, Plan]:
    scenario = load_scenario(DEFAULT_SCENARIO)
    return scenario, solve_greedy(scenario, YEAR).plan


@pytest.fixture(scope="module")
def default_page(default_plan, tmp_path_factory) -> Path:
    scenario, plan = default_plan
    return write_page(scenario, plan, tmp_path_factory.mktemp("default") / PAGE_FILE)


def test_the_default_page_is_written_fast_and_small(default_plan, tmp_path):
    scenario, plan = default_plan
    started = time.perf_counter()
    path = write_page(scenario, plan, tmp_path / PAGE_FILE)
    seconds = time.perf_counter() - started
    assert seconds < 3, seconds  # about 0.5 s on the reference machine
    assert path.stat().st_size < 1_500_000  # about 0.45 MB: 3,000 cadres, 4,200 assignments


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    """One headless Chromium for the module, with its console log kept."""
    binary = shutil.which("chromium") or shutil.which("chromium-browser")
    driver = shutil.which("chromedriver")
    if not binary or not driver:
        pytest.skip("no chromium and chromedriver (Debian: apt-get install chromium chromium-driver)")
    webdriver = pytest.importorskip("selenium.webdriver")
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    for argument in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"):
        options.add_argument(argument)
    options.add_argument("--window-size=1400,1000")
    options.binary_location = binary
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    chrome = webdriver.Chrome(service=Service(driver), options=options)
    yield chrome
    chrome.quit()


def _open(browser: Any, page: Path) -> list[dict[str, Any]]:
    """Load ``page`` afresh; the console entries of the load."""
    browser.get(page.as_uri())
    return browser.get_log("browser")


def _shown(browser: Any) -> tuple[int, int, int]:
    """Rows and bars the page says it shows, and the bars drawn in the scrolled view."""
    chart = browser.find_element("id", "chart")
    drawn = len(browser.find_elements("css selector", "#chart g.bar"))
    return int(chart.get_attribute("data-rows")), int(chart.get_attribute("data-bars")), drawn


def _choose(browser: Any, select_id: str, value: int) -> None:
    from selenium.webdriver.support.ui import Select

    Select(browser.find_element("id", select_id)).select_by_value(str(value))


def test_the_page_loads_without_console_errors(browser, default_page, default_plan):
    scenario, plan = default_plan
    log = _open(browser, default_page)
    assert [entry for entry in log if entry["level"] in ("SEVERE", "WARNING")] == []
    rows, bars, drawn = _shown(browser)
    run_or_not = {s.session_id for s in plan.sessions}
    assert bars == len(run_or_not)  # by institution, unfiltered: every session of the year
    assert rows == len(scenario.institutions)  # unfiltered, an institution without sessions has its row too
    assert 0 < drawn <= bars
    tiers = browser.find_elements("css selector", "#tiers tbody tr")
    assert len(tiers) == 5
    ready = browser.execute_script("return Number(document.documentElement.dataset.readyMs)")
    assert 0 < ready < 10_000


def test_filters_change_what_is_shown(browser, default_page, default_plan):
    scenario, plan = default_plan
    data = page_data(scenario, plan, "zh")
    _open(browser, default_page)
    before = _shown(browser)
    theme = next(k for k, (key, _, _) in enumerate(data["themes"]) if key == "party_spirit")
    _choose(browser, "theme", theme)
    party = {
        s.session_id
        for s in plan.sessions
        if scenario.course_by_id[scenario.session_by_id[s.session_id].course_id].theme.value == "party_spirit"
    }
    after = _shown(browser)
    assert after[1] == len(party) < before[1]
    assert after[2] < before[2]

    # By unit, one unit without the units below: a bar per session its own cadres attend.
    browser.find_element("id", "reset").click()
    browser.find_element("id", "view-unit").click()
    unit = max(scenario.cadres_by_unit, key=lambda u: len(scenario.cadres_by_unit[u]))
    browser.find_element("id", "subtree").click()
    _choose(browser, "unit", [u[0] for u in data["units"]].index(unit))
    members = {c.cadre_id for c in scenario.cadres_by_unit[unit]}
    attended = {a.session_id for a in plan.assignments if a.cadre_id in members}
    assert _shown(browser)[:2] == (1, len(attended))

    # By cadre, an obligation: a row per cadre owing it.
    browser.find_element("id", "reset").click()
    browser.find_element("id", "view-cadre").click()
    _choose(browser, "obligation", RULES.index(Rule.R5))
    owing = {o.cadre_id for o in owed_obligations(scenario, YEAR) if o.rule is Rule.R5}
    assert _shown(browser)[0] == len(owing)
    short = sum(1 for s in plan.shortfalls if s.rule == "R5")
    assert _count(browser) == short


def _search(browser: Any, text: str) -> None:
    """Type ``text`` in the search box and wait until the page shows what it finds."""
    from selenium.webdriver.support.ui import WebDriverWait

    search = browser.find_element("id", "search")
    search.clear()
    search.send_keys(text)
    chart = browser.find_element("id", "chart")
    WebDriverWait(browser, 10).until(lambda _: chart.get_attribute("data-query") == text)


def _count(browser: Any) -> int:
    return int(browser.find_element("id", "shortfall-count").get_attribute("data-shown"))


def test_search_finds_a_cadre(browser, default_page, default_plan):
    scenario, plan = default_plan
    _open(browser, default_page)
    browser.find_element("id", "view-cadre").click()
    cadre_id = max(plan.assignments, key=lambda a: a.hours).cadre_id
    cadre = scenario.cadre_by_id[cadre_id]
    _search(browser, cadre.name)
    namesakes = sum(1 for c in scenario.cadres if cadre.name in c.name)
    assert _shown(browser)[0] == namesakes
    assert browser.find_element("id", "found").text == f"找到{namesakes}名干部"
    _search(browser, cadre_id.lower())
    own = [a for a in plan.assignments if a.cadre_id == cadre_id]
    assert _shown(browser)[:2] == (1, len(own))
    labels = [t.text for t in browser.find_elements("css selector", "#chart text.label")]
    assert labels == [f"{cadre.name} {cadre_id}"]
    assert _count(browser) == sum(1 for s in plan.shortfalls if s.cadre_id == cadre_id)
    browser.find_elements("css selector", "#chart g.bar")[0].click()  # the details list its sessions
    assert len(browser.find_elements("css selector", "#details li")) >= len(own)
    assert cadre_id in browser.find_element("id", "details").text


def test_zooming_shows_days_and_the_whole_year_again(browser, default_page):
    _open(browser, default_page)
    months = len(browser.find_elements("css selector", "#chart .axis .month"))
    assert months == 12 or months == 13  # a session running into January of the next year
    browser.find_element("css selector", "#chart .axis .month").click()  # January
    assert len(browser.find_elements("css selector", "#chart .axis .month")) <= 2
    assert len(browser.find_elements("css selector", "#chart .axis .day")) >= 28
    browser.find_element("id", "zoom-year").click()
    assert len(browser.find_elements("css selector", "#chart .axis .month")) == months


def test_the_shortfalls_table_pages_through_every_row(browser, default_page, default_plan):
    _, plan = default_plan
    _open(browser, default_page)
    assert _count(browser) == len(plan.shortfalls)
    rows = browser.find_elements("css selector", "#shortfall-table tbody tr")
    assert len(rows) == min(50, len(plan.shortfalls))
    browser.find_element("id", "next-page").click()
    assert "第2/" in browser.find_element("css selector", "#shortfalls .pager").text


def test_a_screenshot_is_not_blank(browser, default_page, tmp_path):
    _open(browser, default_page)
    browser.execute_script("document.getElementById('timeline').scrollIntoView()")
    picture = Image.open(io.BytesIO(browser.get_screenshot_as_png())).convert("RGB")
    pixels = np.asarray(picture).reshape(-1, 3)
    colours = {tuple(p) for p in pixels[:: max(1, len(pixels) // 200_000)]}
    assert len(colours) > 100  # text, bars of four themes, grid: not one flat colour
    theory = np.all(pixels == (0x2C, 0x5A, 0xA0), axis=1).sum()  # the theory bars' blue
    assert theory > 500
    picture.save(tmp_path / "plan.png")


def test_a_title_with_markup_stays_text(browser, small, tmp_path):
    scenario, plan = small
    log = _open(browser, write_page(scenario, plan, tmp_path / PAGE_FILE))
    assert [entry for entry in log if entry["level"] == "SEVERE"] == []
    browser.find_element("id", "view-cadre").click()
    assert _shown(browser)[:2] == (3, 3)  # C3 has nothing planned, and still a row
    bars = browser.find_elements("css selector", "#chart g.bar")
    bars[1].click()  # C1's second session: K2, whose title is markup
    assert EVIL in browser.find_element("id", "details").text
    assert browser.find_elements("css selector", "#details img") == []
    assert "</td><b>" in browser.find_element("id", "shortfall-table").text


@pytest.mark.slow
def test_a_page_of_20000_cadres_stays_small_and_quick(browser, tmp_path):
    """Measured 2026-12: 2.1 MB, written in 2.7-4.7 s, ready in the browser in 0.4-0.8 s."""
    scenario = load_scenario(generate_scenario(tmp_path / "large-city", "large-city", seed=1))
    plan = solve_greedy(scenario, YEAR).plan
    started = time.perf_counter()
    path = write_page(scenario, plan, tmp_path / PAGE_FILE)
    assert time.perf_counter() - started < 30
    assert path.stat().st_size < 6_000_000
    log = _open(browser, path)
    assert [entry for entry in log if entry["level"] == "SEVERE"] == []
    assert browser.execute_script("return Number(document.documentElement.dataset.readyMs)") < 10_000
    browser.find_element("id", "view-cadre").click()
    assert _shown(browser)[:2] == (len(scenario.cadres), len(plan.assignments))
    assert 0 < _shown(browser)[2] < 200  # only the rows in view are drawn
    _search(browser, scenario.cadres[-1].cadre_id)
    assert _shown(browser)[0] == 1
