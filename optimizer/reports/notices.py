"""Summons notices (调训通知): who of a unit goes where and when, and why, as a unit's office files it.

Every assignment of a plan is a :class:`Notice`: the cadre, the session's course,
institution and place, its dates, hours and mode (off-job or online), what it
serves (the titles of the cadre's obligations this session counts toward, or
the plan's reason when it serves none of them) and its organiser. Each unit
with cadres in the plan gets one workbook (:func:`write_unit_notice`), printed
like the filing (:mod:`optimizer.reports.printing`: A4 landscape, one page wide,
the unit named on every page); each cadre a calendar
(:mod:`optimizer.reports.calendars`).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from functools import cache
from pathlib import Path

from openpyxl import Workbook

from models import Obligation, Plan, Rule, Scenario, owed_obligations
from models.messages import message
from models.obligations import rule_title
from models.serving import run_of, serves
from optimizer.reports.labels import RANK, REASON
from optimizer.reports.printing import PageHeading
from optimizer.reports.tables import header
from optimizer.reports.xlsx import DATE, TITLE_FONT, WRAP, SheetRows, cell

MEMBER_RULES = (Rule.R4, Rule.R16)
"""Unit obligations a member's session counts toward, named on the member's notice (R12's unit targets,
which every session of the unit serves, are not)."""
COLUMNS = (
    "cadre_id",
    "cadre_name",
    "rank",
    "session_id",
    "course",
    "institution",
    "place",
    "start",
    "end",
    "days",
    "hours",
    "mode",
    "serves",
    "organiser",
)
"""The columns of a unit's notice, in order."""
NEW_TITLES = {"place", "mode", "serves"}
"""Columns titled by the notices' catalogue entries (``notice.column.<key>``); the others as the filing's."""
FORMATS = {"start": DATE, "end": DATE}
WRAPPED = [COLUMNS.index("serves")]
"""Columns of lists, wrapped within the column's width."""


@dataclass(frozen=True)
class Notice:
    """One cadre summoned to one session (one segment of a segmented course is one session)."""

    cadre_id: str
    cadre_name: str
    unit_id: str
    rank: str
    session_id: str
    course_id: str
    course: str
    institution: str
    city: str
    start: date
    end: date
    days: int
    hours: int
    online: bool
    serves: str
    organiser: str

    def mode(self, lang: str) -> str:
        """Off-job or online, in words."""
        return message("notice.online" if self.online else "notice.offjob").text(lang)

    def value(self, key: str, lang: str) -> object:
        """The cell of column ``key`` (:data:`COLUMNS`)."""
        if key == "mode":
            return self.mode(lang)
        if key == "place":
            return self.city
        return getattr(self, key)


def notices(scenario: Scenario, plan: Plan, lang: str = "zh") -> list[Notice]:
    """Every assignment of ``plan`` as a notice, by unit, cadre and start date.

    Assignments of a cadre or session the scenario does not hold are left out
    (:func:`unknown_references` names them).
    """
    obligations = owed_obligations(scenario, plan.year)
    by_member: dict[str, list[Obligation]] = defaultdict(list)
    for item in obligations:
        if item.rule in MEMBER_RULES:
            for member in item.members:
                by_member[member].append(item)
    run = cache(lambda group_id: run_of(scenario, group_id))
    found = []
    for a in plan.assignments:
        cadre, session = scenario.cadre_by_id.get(a.cadre_id), scenario.session_by_id.get(a.session_id)
        if cadre is None or session is None:
            continue
        institution = scenario.institution_by_id[session.institution_id]
        owed = [*obligations.by_cadre.get(a.cadre_id, ()), *by_member.get(a.cadre_id, ())]
        served = dict.fromkeys(rule_title(o.rule, lang) for o in owed if serves(o, run(session.group_id)))
        found.append(
            Notice(
                cadre_id=cadre.cadre_id,
                cadre_name=cadre.name,
                unit_id=cadre.unit_id,
                rank=RANK[lang][cadre.rank.value],
                session_id=session.session_id,
                course_id=session.course_id,
                course=scenario.course_by_id[session.course_id].title,
                institution=institution.name,
                city=institution.city,
                start=session.start,
                end=session.end,
                days=session.days,
                hours=session.hours,
                online=scenario.is_online(session),
                serves=message("sep.comma").text(lang).join(served) or REASON[lang][a.reason.value],
                organiser=organiser_name(scenario, session.organiser, lang),
            )
        )
    return sorted(found, key=lambda n: (n.unit_id, n.cadre_id, n.start, n.session_id))


def organiser_name(scenario: Scenario, organiser: str, lang: str) -> str:
    """The organiser as a notice names it.

    A unit's id is that unit's name; ``<kind>_org:<unit id>`` (the organisation
    department of a city or county) is that unit's organisation department;
    ``province_org`` the provincial one; anything else is shown as written.
    """
    unit = scenario.unit_by_id.get(organiser)
    if unit is not None:
        return unit.name
    kind, _, unit_id = organiser.partition(":")
    unit = scenario.unit_by_id.get(unit_id)
    if kind.endswith("_org") and unit is not None:
        return message("organiser.department_of", unit=unit.name).text(lang)
    if organiser == "province_org":
        return message("organiser.province").text(lang)
    return organiser


def unknown_references(scenario: Scenario, plan: Plan) -> list[str]:
    """``assignments.csv`` rows naming a cadre or session the scenario does not hold, one line each."""
    problems = []
    for row, a in enumerate(plan.assignments, start=2):
        for column, value, known in (
            ("cadre_id", a.cadre_id, scenario.cadre_by_id),
            ("session_id", a.session_id, scenario.session_by_id),
        ):
            if value not in known:
                problems.append(
                    f"assignments.csv row {row}, column {column}: {value!r} is not in the scenario"
                )
    return problems


def column_title(key: str, lang: str) -> str:
    """The title of a notice column."""
    return message(f"notice.column.{key}").text(lang) if key in NEW_TITLES else header(key, lang)


def write_unit_notice(
    scenario: Scenario, year: int, unit_id: str, rows: list[Notice], path: Path, lang: str = "zh"
) -> Path:
    """Write the notice workbook of unit ``unit_id`` listing ``rows`` (its cadres' notices) to ``path``.

    One sheet: the notice's title and body, then one row per cadre and session,
    its header row repeated on every printed page; every page is headed with the unit.
    """
    unit = scenario.unit_by_id[unit_id]
    book = Workbook(write_only=True)
    sheet = book.create_sheet(message("notice.sheet").text(lang))
    lines = SheetRows(sheet)
    lines.sentence(message("notice.title", unit=unit.name, year=year).text(lang), font=TITLE_FONT)
    cadres = len({n.cadre_id for n in rows})
    lines.sentence(message("notice.body", year=year, cadres=cadres, places=len(rows)).text(lang))
    lines.blank()
    header_row = len(lines.rows) + 1
    lines.header([column_title(key, lang) for key in COLUMNS])
    for notice in rows:
        cells = [cell(sheet, notice.value(key, lang), FORMATS.get(key)) for key in COLUMNS]
        for k in WRAPPED:
            cells[k].alignment = WRAP
        lines.add(cells)
    heading = PageHeading(
        title=message("notice.sheet").text(lang),
        scenario=scenario.name,
        document=message("print.notices", year=year).text(lang),
        unit=f"{unit.name}({unit.unit_id})" if lang == "zh" else f"{unit.name} ({unit.unit_id})",
        lang=lang,
        repeat_rows=f"{header_row}:{header_row}",
        frozen=f"A{header_row + 1}",
    )
    lines.write(heading)
    path.parent.mkdir(parents=True, exist_ok=True)
    book.save(path)
    return path
