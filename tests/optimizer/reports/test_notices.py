"""Summons notices: every calendar and unit workbook read back against the plan, stable UIDs, printing.

``plan-notices`` runs on the default scenario's plan (solved once a session) and on the generated
``tiny`` scenario's plan and its re-plan. Every ``.ics`` file is parsed back with ``icalendar`` and
its events compared with the plan's assignments exactly; every unit workbook is read back with
openpyxl. A re-plan keeps the UID of every assignment it keeps.
"""

from __future__ import annotations

import csv
import math
import re
from collections import defaultdict
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest
from click.testing import CliRunner
from icalendar import Calendar
from openpyxl import load_workbook
from printed import footer, lines, printed_pages

from models import Assignment, Plan, Reason, Scenario, load_scenario, read_plan
from optimizer import DEFAULT_SCENARIO
from optimizer.cli.annual import plan_annual
from optimizer.cli.notices import plan_notices
from optimizer.reports.calendars import event_uid
from optimizer.reports.notices import column_title, notices
from scenarios.generator.generate import generate_scenario

YEAR = 2020
SESSION = re.compile(r"^班次:(\S+)$", re.MULTILINE)
RUN = ["--year", str(YEAR), "--time-limit", "10", "--workers", "1", "--quiet", "--no-exports"]


def _notices(plan_dir: Path, out: Path, *options: str) -> Path:
    result = CliRunner().invoke(plan_notices, ["--plan", str(plan_dir), "--out", str(out), *options])
    assert result.exit_code == 0, result.output
    return out


@pytest.fixture(scope="module")
def default_notices(default_plan_folder: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _notices(default_plan_folder, tmp_path_factory.mktemp("default") / "notices")


@pytest.fixture(scope="module")
def tiny(tmp_path_factory: pytest.TempPathFactory) -> Scenario:
    return load_scenario(generate_scenario(tmp_path_factory.mktemp("scenario") / "tiny", "tiny"))


@pytest.fixture(scope="module")
def tiny_plan(tiny: Scenario, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("tiny") / "plan"
    result = CliRunner().invoke(plan_annual, [*RUN, "--scenario", str(tiny.source), "--out", str(out)])
    assert result.exit_code == 0, result.output
    return out


@pytest.fixture(scope="module")
def tiny_notices(tiny_plan: Path) -> Path:
    return _notices(tiny_plan, tiny_plan.parent / "notices")


def _events(folder: Path) -> dict[str, list]:
    """Every event of every calendar of ``folder/cadres``, by the cadre id the file is named after."""
    events = {}
    for path in sorted((folder / "cadres").glob("*.ics")):
        calendar = Calendar.from_ical(path.read_bytes())
        assert (calendar["VERSION"], calendar["METHOD"]) == ("2.0", "PUBLISH") and calendar["PRODID"]
        events[path.stem] = calendar.events
    return events


def _check_calendars(folder: Path, scenario: Scenario, plan: Plan) -> None:
    expected = {(a.cadre_id, a.session_id, a.start, a.end + timedelta(days=1)) for a in plan.assignments}
    found = set()
    uids = []
    for cadre_id, events in _events(folder).items():
        for event in events:
            session = scenario.session_by_id[SESSION.search(event["DESCRIPTION"]).group(1)]
            assert event.uid == event_uid(cadre_id, session.session_id)
            course = scenario.course_by_id[session.course_id]
            institution = scenario.institution_by_id[session.institution_id]
            assert type(event.start) is date and type(event.end) is date  # all day: VALUE=DATE
            assert event["SUMMARY"] == f"{course.title}({institution.name})"
            assert event["LOCATION"] == f"{institution.name},{institution.city}"
            assert event["DTSTAMP"] and event["SEQUENCE"] == 0
            found.add((cadre_id, session.session_id, event.start, event.end))
            uids.append(event.uid)
    assert found == expected  # one event per assignment, nothing more, the end day exclusive
    assert len(uids) == len(set(uids)) == len(plan.assignments)


def test_every_calendar_of_the_default_plan_parses_back_to_its_assignments(
    default_notices: Path, default_plan_folder: Path
) -> None:
    _check_calendars(default_notices, load_scenario(DEFAULT_SCENARIO), read_plan(default_plan_folder))
    raw = next((default_notices / "cadres").glob("*.ics")).read_bytes()
    assert b"\r\nDTSTART;VALUE=DATE:" in raw and b"\r\nDTEND;VALUE=DATE:" in raw  # RFC 5545 lines end CRLF


def _notice_rows(path: Path, lang: str = "zh") -> list[dict[str, object]]:
    """The table of a unit's notice, one dict a row keyed by column title."""
    book = load_workbook(path, read_only=True)
    rows = list(book.worksheets[0].iter_rows(values_only=True))
    book.close()
    start = next(k for k, row in enumerate(rows) if row[:1] == (column_title("cadre_id", lang),))
    titles = rows[start]
    listed = [row + (None,) * (len(titles) - len(row)) for row in rows[start + 1 :] if row and row[0]]
    return [dict(zip(titles, row, strict=True)) for row in listed]


def test_every_unit_notice_lists_its_cadres_assignments(
    default_notices: Path, default_plan_folder: Path
) -> None:
    plan, scenario = read_plan(default_plan_folder), load_scenario(DEFAULT_SCENARIO)
    by_unit = defaultdict(set)
    for a in plan.assignments:
        by_unit[scenario.cadre_by_id[a.cadre_id].unit_id].add((a.cadre_id, a.session_id, a.start, a.end))
    files = {path.stem: path for path in (default_notices / "units").glob("*.xlsx")}
    assert set(files) == set(by_unit)
    title = {key: column_title(key, "zh") for key in ("cadre_id", "cadre_name", "session_id", "start", "end")}
    for unit_id, path in files.items():
        rows = _notice_rows(path)
        listed = {
            (r[title["cadre_id"]], r[title["session_id"]], r[title["start"]], r[title["end"]]) for r in rows
        }
        assert {(c, s, start.date(), end.date()) for c, s, start, end in listed} == by_unit[unit_id]
        for row in rows:
            assert row[title["cadre_name"]] == scenario.cadre_by_id[row[title["cadre_id"]]].name
            assert all(
                row[column_title(key, "zh")] for key in ("course", "institution", "serves", "organiser")
            )


def test_a_notice_prints_like_the_filing_with_its_unit_on_every_page(default_notices: Path) -> None:
    path = max((default_notices / "units").glob("*.xlsx"), key=lambda p: p.stat().st_size)
    book = load_workbook(path)
    sheet = book.worksheets[0]
    setup = sheet.page_setup
    assert (setup.orientation, str(setup.paperSize), setup.fitToWidth, setup.fitToHeight) == (
        "landscape",
        "9",
        1,
        0,
    )
    header_row = next(c.row for c in sheet["A"] if c.value == column_title("cadre_id", "zh"))
    assert sheet.print_title_rows == f"${header_row}:${header_row}"
    assert sheet.freeze_panes == f"A{header_row + 1}"
    assert sheet.oddHeader.right.text.endswith(f"({path.stem})") and sheet.oddHeader.center.text == "调训通知"
    book.close()


def test_the_notices_print_one_page_wide_with_the_unit_heading_every_page(
    default_notices: Path, tmp_path: Path
) -> None:
    paths = sorted((default_notices / "units").glob("*.xlsx"), key=lambda p: -p.stat().st_size)[:2]
    for path, pages in printed_pages(paths, tmp_path).items():
        rows = len(_notice_rows(path)) + 4
        assert 1 <= len(pages) <= math.ceil(rows / 25) + 2, (path.name, len(pages))
        for k, page in enumerate(pages, start=1):
            head = lines(page)[0]
            assert "调训通知" in head.split() and f"({path.stem})" in head, head
            assert column_title("cadre_id", "zh") in " ".join(lines(page)[1:8]).split()
            assert footer(page).endswith(f"第{k}页")


def test_a_replan_keeps_the_uid_of_every_assignment_it_keeps(
    tiny: Scenario, tiny_plan: Path, tiny_notices: Path
):
    plan = read_plan(tiny_plan)
    busiest = max(
        {a.session_id for a in plan.assignments},
        key=lambda s: sum(a.session_id == s for a in plan.assignments),
    )
    changes = tiny_plan.parent / "changes.csv"
    changes.write_text(
        f"action,target,start,end,value,note\ncancel_session,{busiest},,,,\n", encoding="utf-8"
    )
    replan_dir = tiny_plan.parent / "replan"
    args = [*RUN, "--scenario", str(tiny.source), "--from", str(tiny_plan), "--changes", str(changes)]
    result = CliRunner().invoke(plan_annual, [*args, "--out", str(replan_dir)])
    assert result.exit_code == 0, result.output
    replanned = _notices(replan_dir, replan_dir.parent / "replan-notices")
    before = {(cadre, e.uid): e for cadre, events in _events(tiny_notices).items() for e in events}
    after = {(cadre, e.uid): e for cadre, events in _events(replanned).items() for e in events}
    kept = plan.picks() & read_plan(replan_dir).picks()
    assert kept and all((c, event_uid(c, s)) in before and (c, event_uid(c, s)) in after for c, s in kept)
    gone = {(c, event_uid(c, s)) for c, s in plan.picks() - read_plan(replan_dir).picks()}
    assert gone and not gone & after.keys()  # the cancelled session's events are not in the new calendars
    assert all(before[key]["SUMMARY"] == after[key]["SUMMARY"] for key in before.keys() & after.keys())


def test_pseudonymized_notices_name_nobody(tiny: Scenario, tiny_plan: Path) -> None:
    folder = _notices(tiny_plan, tiny_plan.parent / "pseudonymized", "--pseudonymize")
    names = {c.name for c in tiny.cadres}
    texts = [p.read_text(encoding="utf-8") for p in (folder / "cadres").glob("*.ics")]
    rows = [row for p in (folder / "units").glob("*.xlsx") for row in _notice_rows(p)]
    assert texts and rows
    for text in [*texts, *(str(v) for row in rows for v in row.values())]:
        assert not any(name in text for name in names), text[:200]
    shown = {row[column_title("cadre_id", "zh")]: row[column_title("cadre_name", "zh")] for row in rows}
    for path in (folder / "cadres").glob("*.ics"):  # each calendar is named by the notice's pseudonym
        assert str(Calendar.from_ical(path.read_bytes())["NAME"]).startswith(str(shown[path.stem]))


def test_one_unit_only(tiny: Scenario, tiny_plan: Path) -> None:
    plan = read_plan(tiny_plan)
    unit_id = tiny.cadre_by_id[plan.assignments[0].cadre_id].unit_id
    folder = _notices(tiny_plan, tiny_plan.parent / "one-unit", "--unit", unit_id)
    assert [p.stem for p in (folder / "units").glob("*.xlsx")] == [unit_id]
    cadres = {a.cadre_id for a in plan.assignments if tiny.cadre_by_id[a.cadre_id].unit_id == unit_id}
    assert {p.stem for p in (folder / "cadres").glob("*.ics")} == cadres


def _copy_plan(plan_dir: Path, to: Path) -> Path:
    to.mkdir()
    for path in plan_dir.iterdir():
        if path.is_file():
            (to / path.name).write_bytes(path.read_bytes())
    return to


@pytest.mark.parametrize(
    ("case", "expected"),
    [
        # a unit the scenario does not have
        ("unit", r"--unit: 'NOWHERE' is not a unit"),
        # an assignment of a cadre the scenario does not have: the row, the column and the value
        ("cadre", r"assignments.csv row 2, column cadre_id: 'C-NOBODY' is not in the scenario"),
        # a plan folder without its assignments
        ("missing", r"assignments.csv: file missing"),
    ],
)
def test_bad_input_exits_2_and_writes_nothing(
    tiny_plan: Path, tmp_path: Path, case: str, expected: str
) -> None:
    plan_dir = _copy_plan(tiny_plan, tmp_path / "plan")
    options = []
    if case == "unit":
        options = ["--unit", "NOWHERE"]
    elif case == "cadre":
        rows = list(csv.reader((plan_dir / "assignments.csv").open(encoding="utf-8")))
        rows[1][0] = "C-NOBODY"
        with (plan_dir / "assignments.csv").open("w", encoding="utf-8", newline="") as handle:
            csv.writer(handle, lineterminator="\n").writerows(rows)
    else:
        (plan_dir / "assignments.csv").unlink()
    out = tmp_path / "notices"
    result = CliRunner().invoke(plan_notices, ["--plan", str(plan_dir), "--out", str(out), *options])
    assert result.exit_code == 2, result.output
    assert re.search(expected, result.output), result.output
    assert not out.exists() and not list(tmp_path.glob(".notices*"))


def test_the_english_notices_speak_english(tiny_plan: Path) -> None:
    folder = _notices(tiny_plan, tiny_plan.parent / "english", "--lang", "en")
    calendar = Calendar.from_ical(sorted((folder / "cadres").glob("*.ics"))[0].read_bytes())
    assert calendar.events[0]["DESCRIPTION"].startswith("Session: ")
    rows = _notice_rows(sorted((folder / "units").glob("*.xlsx"))[0], "en")
    assert rows and all(row["mode"] in ("off-job", "online") for row in rows)
    assert isinstance(rows[0]["start"], datetime)


def test_a_notice_says_what_the_session_serves_and_who_summons(make_scenario) -> None:
    sessions = [
        {
            "session_id": sid,
            "course_id": "K1",
            "institution_id": "I1",
            "organiser": organiser,
            "start": start,
            "end": end,
            "seats": "10",
        }
        for sid, organiser, start, end in (
            ("S1", "city_org:U1", "2020-03-02", "2020-03-13"),
            ("S2", "U1", "2020-05-04", "2020-05-08"),
            ("S3", "province_org", "2020-06-01", "2020-06-05"),
            ("S4", "某某厅", "2020-07-06", "2020-07-10"),
        )
    ]
    summons = [{"cadre_id": "C1", "course_id": "K1", "organiser": "city_org", "reason": "点名"}]
    scenario = load_scenario(make_scenario({"sessions.csv": sessions, "summons.csv": summons}))
    assignments = tuple(
        Assignment("C1", s.session_id, "K1", "I1", s.start, s.end, s.hours, Reason.NAMED_SUMMONS)
        for s in scenario.sessions
    )
    found = notices(scenario, Plan(YEAR, assignments))
    assert [n.organiser for n in found] == ["测试局委组织部", "测试局", "省委组织部", "某某厅"]
    assert found[0].serves == "点名调训、乡科级及以下干部年度学时"  # the summons and the staff's yearly hours
    assert (found[0].course, found[0].institution, found[0].city, found[0].rank) == (
        "理论班",
        "市委党校",
        "江州",
        "科员及以下",
    )
    assert not found[0].online and found[0].mode("zh") == "脱产培训"
