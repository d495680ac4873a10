"""Changes files for the re-plan tests: wild ones for the fuzzer, sensible ones for the soak of re-plans.

:func:`change_rows` draws rows as a hurried planner types them (any action,
ids of the right and the wrong kind, dates and values a spreadsheet spoils);
:func:`random_changes` draws a day's real changes to a plan (a session
cancelled, seats cut, an institution closed for a while, a cadre moved,
summoned, away or confirmed, a session added) that the scenario can take.
"""

from __future__ import annotations

import csv
import io
import random
from dataclasses import dataclass
from datetime import date, timedelta

from hypothesis import strategies as st
from mutations import HUGE_VALUES, WRONG_VALUES

from models import Plan, Scenario
from models.changes import Action

HEADER = ["action", "target", "start", "end", "value", "note"]


@dataclass(frozen=True)
class Ids:
    """The ids a changes file may name, by kind, and the plan year's days."""

    sessions: tuple[str, ...]
    cadres: tuple[str, ...]
    units: tuple[str, ...]
    courses: tuple[str, ...]
    institutions: tuple[str, ...]

    @classmethod
    def of(cls, scenario: Scenario) -> Ids:
        return cls(
            tuple(s.session_id for s in scenario.sessions),
            tuple(c.cadre_id for c in scenario.cadres),
            tuple(u.unit_id for u in scenario.units),
            tuple(c.course_id for c in scenario.courses),
            tuple(i.institution_id for i in scenario.institutions),
        )

    def every(self) -> tuple[str, ...]:
        return self.sessions + self.cadres + self.units + self.courses + self.institutions


def to_csv(rows: list[list[str]]) -> bytes:
    handle = io.StringIO()
    csv.writer(handle, lineterminator="\n").writerows([HEADER, *rows])
    return handle.getvalue().encode("utf-8")


YEAR_DAYS = st.dates(date(2020, 1, 1), date(2020, 12, 31)).map(date.isoformat)


def change_rows(ids: Ids) -> st.SearchStrategy[list[list[str]]]:
    """Rows of a changes file: well-formed ones (some with one cell spoilt) and wild ones."""
    wrong = st.one_of(st.sampled_from(WRONG_VALUES), st.sampled_from(HUGE_VALUES), st.text(max_size=10))
    sensible = _sensible_rows(ids)
    spoilt = st.tuples(sensible, st.integers(0, 5), wrong).map(
        lambda t: [*t[0][: t[1]], t[2], *t[0][t[1] + 1 :]]
    )
    any_id = st.sampled_from(ids.every())
    action = st.one_of(st.sampled_from([a.value for a in Action]), wrong)
    cell = st.one_of(any_id, any_id, wrong, st.just(""), YEAR_DAYS, st.integers(0, 80).map(str))
    wild = st.lists(cell, min_size=0, max_size=7).flatmap(lambda cells: action.map(lambda a: [a, *cells]))
    return st.lists(st.one_of(sensible, sensible, spoilt, wild), min_size=1, max_size=6)


def _sensible_rows(ids: Ids) -> st.SearchStrategy[list[str]]:
    """A row as the changes file's table says: each action with the columns it reads, of the right kinds."""
    session, cadre = st.sampled_from(ids.sessions), st.sampled_from(ids.cadres)
    note = st.sampled_from(["", "基地关闭", "加开一期", "已确认", "note"])
    span = st.tuples(YEAR_DAYS, st.integers(0, 30)).map(
        lambda t: (t[0], min(date.fromisoformat(t[0]) + timedelta(days=t[1]), date(2020, 12, 31)).isoformat())
    )
    fields = st.builds(
        lambda source, seats, extra: f"from={source} seats={seats}{extra}",
        session,
        st.integers(0, 60),
        st.sampled_from(
            ["", " hours=16", " min_enrolment=99", " course_id=NOPE", " audience_units=X;Y", " seats"]
        ),
    )

    def row(action: str, target: st.SearchStrategy[str], value: st.SearchStrategy[str], dated: bool = False):  # type: ignore[no-untyped-def]
        dates = span if dated else st.just(("", ""))
        return st.tuples(target, dates, value, note).map(lambda t: [action, t[0], *t[1], t[2], t[3]])

    none = st.just("")
    new_id = st.integers(0, 999).map(lambda k: f"X2020-{k:03d}")
    return st.one_of(
        row("cancel_session", session, none),
        row("add_session", new_id, fields, dated=True),
        row("set_seats", session, st.integers(0, 80).map(str)),
        row("close_institution", st.sampled_from(ids.institutions), none, dated=True),
        row("move_cadre", cadre, st.sampled_from(ids.units)),
        row("add_summons", cadre, st.sampled_from(ids.courses)),
        row("add_unavailability", cadre, none, dated=True),
        row("pin", cadre, session),
    )


def random_changes(scenario: Scenario, plan: Plan, rng: random.Random, year: int) -> list[list[str]]:
    """A handful of changes to ``plan`` that ``scenario`` can take, as rows of a changes file.

    Sessions are cancelled or cut only where cadres sit (so something must
    move), institutions close for a few weeks, cadres move to another unit
    or are summoned, away or confirmed in one of their sessions; a session is
    added as a copy of another. Pins are kept clear of the sessions and
    cadres the other rows touch, so the file never contradicts itself.
    """
    used = sorted({a.session_id for a in plan.assignments})
    rows: list[list[str]] = []
    touched_sessions: set[str] = set()
    touched_cadres: set[str] = set()
    for session_id in rng.sample(used, min(len(used), rng.randint(0, 2))):
        session = scenario.session_by_id[session_id]
        touched_sessions.add(session.group_id)
        if rng.random() < 0.5:
            rows.append(["cancel_session", session.session_id, "", "", "", "取消"])
        else:
            seats = max(session.min_enrolment, session.seats // 2)
            rows.append(["set_seats", session.session_id, "", "", str(seats), "压缩名额"])
    if rng.random() < 0.4:
        institution = rng.choice([i.institution_id for i in scenario.institutions])
        start = date(year, rng.randint(2, 11), rng.randint(1, 28))
        rows.append(["close_institution", institution, start.isoformat(), _later(start, 20), "", "修缮"])
        touched_sessions |= {s.group_id for s in scenario.sessions if s.institution_id == institution}
    cadres = list(scenario.cadres)
    for cadre in rng.sample(cadres, min(len(cadres), rng.randint(0, 2))):
        touched_cadres.add(cadre.cadre_id)
        kind = rng.choice(["move_cadre", "add_unavailability", "add_summons"])
        if kind == "move_cadre":
            unit = rng.choice([u.unit_id for u in scenario.units if u.unit_id != cadre.unit_id])
            rows.append(["move_cadre", cadre.cadre_id, "", "", unit, "调动"])
        elif kind == "add_unavailability":
            start = date(year, rng.randint(1, 12), rng.randint(1, 28))
            rows.append(
                ["add_unavailability", cadre.cadre_id, start.isoformat(), _later(start, 10), "", "病假"]
            )
        else:
            summoned = {s.course_id for s in scenario.summons_by_cadre.get(cadre.cadre_id, ())}
            courses = [c.course_id for c in scenario.courses if c.course_id not in summoned]
            rows.append(["add_summons", cadre.cadre_id, "", "", rng.choice(courses), "点名"])
    if rng.random() < 0.5:
        template = rng.choice([s for s in scenario.sessions if s.segment_of is None and s.seats > 0])
        start = date(year, rng.randint(2, 11), rng.randint(1, 20))
        new_id = f"X{year}-{rng.randrange(10**6):06d}"
        end = start + (template.end - template.start)
        rows.append(
            ["add_session", new_id, start.isoformat(), end.isoformat(), f"from={template.session_id}", "加开"]
        )
    pinned = {(p.cadre_id, p.session_id) for p in scenario.pinned}
    free = [
        a
        for a in plan.assignments
        if a.cadre_id not in touched_cadres
        and scenario.session_by_id.get(a.session_id) is not None
        and scenario.session_by_id[a.session_id].group_id not in touched_sessions
        and (a.cadre_id, a.session_id) not in pinned
    ]
    for a in rng.sample(free, min(len(free), rng.randint(0, 2))):
        if all(row[1] != a.cadre_id for row in rows):
            rows.append(["pin", a.cadre_id, "", "", a.session_id, "已确认"])
    if not rows and used:  # a day with no change is no test of a re-plan
        rows.append(["cancel_session", rng.choice(used), "", "", "", "取消"])
    return rows


def _later(start: date, days: int) -> str:
    return min(start + timedelta(days=days), date(start.year, 12, 31)).isoformat()
