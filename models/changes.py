"""The changes file of a mid-year re-plan: read, validate, apply to a Scenario.

A changes file is a CSV (UTF-8 or GBK, like every scenario file) with the
columns ``action``, ``target``, ``start``, ``end``, ``value`` and ``note``;
one row is one change, applied in file order:

================== =========== ============ ==========================================
action             target      start, end   value
================== =========== ============ ==========================================
cancel_session     session id  -            -
add_session        new id      the dates    ``key=value`` fields (see below)
set_seats          session id  -            the new number of seats
close_institution  institution the closure  -
move_cadre         cadre id    -            the new unit id
add_summons        cadre id    -            the course id
add_unavailability cadre id    the absence  -
pin                cadre id    -            the session id (assignment confirmed)
================== =========== ============ ==========================================

Cancelling a session (or a closure meeting any of its days) cancels its
whole run, every segment: it stays in the catalogue with no seats, so the
plan lists it as cancelled. ``add_session`` takes blank-separated fields
``from=SID course_id= institution_id= seats= organiser= hours= min_enrolment=
cost_per_head= audience_ranks= audience_categories= audience_units=``;
``from`` copies another session's course, institution, organiser, seats,
minimum enrolment and audience, the others override. Hours and cost per
head default, as in ``sessions.csv``, to the new dates' days.

Every problem is reported with file, row, column and value (one
:class:`~models.errors.ScenarioError` for all of them).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, replace
from datetime import date
from enum import Enum
from pathlib import Path

from models import cells
from models.csvfile import read_table
from models.entities import Cadre, DateRange, Pin, Session, Summons
from models.errors import Collector
from models.messages import Message, message
from models.rows import RowReader, session_from
from models.scenario import Scenario

COLUMNS = ("action", "target")
OPTIONAL = ("start", "end", "value", "note")


class Action(str, Enum):
    CANCEL_SESSION = "cancel_session"
    ADD_SESSION = "add_session"
    SET_SEATS = "set_seats"
    CLOSE_INSTITUTION = "close_institution"
    MOVE_CADRE = "move_cadre"
    ADD_SUMMONS = "add_summons"
    ADD_UNAVAILABILITY = "add_unavailability"
    PIN = "pin"


USES: dict[Action, tuple[str, ...]] = {
    Action.CANCEL_SESSION: (),
    Action.ADD_SESSION: ("start", "end", "value"),
    Action.SET_SEATS: ("value",),
    Action.CLOSE_INSTITUTION: ("start", "end"),
    Action.MOVE_CADRE: ("value",),
    Action.ADD_SUMMONS: ("value",),
    Action.ADD_UNAVAILABILITY: ("start", "end"),
    Action.PIN: ("value",),
}
"""The optional columns each action reads (all required); a filled column it does not read is an error."""

SESSION_FIELDS = (
    "course_id",
    "institution_id",
    "organiser",
    "seats",
    "hours",
    "min_enrolment",
    "cost_per_head",
    "audience_ranks",
    "audience_categories",
    "audience_units",
)


@dataclass(frozen=True, slots=True)
class Change:
    """One row of the changes file; ``line`` is its spreadsheet row number."""

    line: int
    action: Action
    target: str
    start: date | None = None
    end: date | None = None
    value: str = ""
    note: str = ""

    def words(self) -> Message:
        """The change in words, with its row: ``session S1 cancelled (changes row 2)``."""
        dates = message("change.dates", start=self.start, end=self.end) if self.start and self.end else ""
        words = message(f"change.{self.action.value}", target=self.target, value=self.value, dates=dates)
        return message("change.row", change=words, line=self.line)

    def __str__(self) -> str:
        return str(self.words())

    def meets(self, session: Session) -> bool:
        """Does this change cancel ``session`` or cut its seats (by id, or by a closure of its days)?"""
        if self.action is Action.CLOSE_INSTITUTION:
            return session.institution_id == self.target and _overlaps(self, session)
        if self.action in (Action.CANCEL_SESSION, Action.SET_SEATS):
            return self.target in (session.session_id, session.group_id)
        return False


@dataclass(frozen=True)
class Changes:
    """The rows of one changes file, in file order."""

    file: str
    items: tuple[Change, ...] = ()

    def __iter__(self) -> Iterator[Change]:
        return iter(self.items)

    def __len__(self) -> int:
        return len(self.items)

    def of_cadre(self, cadre_id: str) -> list[Change]:
        """The changes that name the cadre (moves, summons, absences, pins)."""
        return [c for c in self.items if c.target == cadre_id and c.action in CADRE_ACTIONS]

    def of_session(self, session: Session) -> list[Change]:
        """The changes that cancel the session or cut its seats."""
        return [c for c in self.items if c.meets(session)]


CADRE_ACTIONS = frozenset({Action.MOVE_CADRE, Action.ADD_SUMMONS, Action.ADD_UNAVAILABILITY, Action.PIN})


def _overlaps(change: Change, session: Session) -> bool:
    return (
        change.start is not None
        and change.end is not None
        and change.start <= session.end
        and session.start <= change.end
    )


def read_changes(path: str | Path) -> Changes:
    """Read and check the changes file's format (references are checked by :func:`apply_changes`).

    Raises
    ------
    ScenarioError
        With every problem found, each naming file, row, column and value.
    """
    path = Path(path)
    problems = Collector()
    table = read_table(path, COLUMNS, OPTIONAL, problems)
    items = []
    if table is not None:
        for line, row_cells in table:
            change = _change_from(RowReader(table.name, line, row_cells, problems))
            if change is not None:
                items.append(change)
    problems.raise_if_any()
    return Changes(path.name, tuple(items))


def _change_from(row: RowReader) -> Change | None:
    action = row.value("action", lambda t: cells.parse_enum(t, Action), required=True)
    target = row.ident("target")
    start = row.value("start", cells.parse_date)
    end = row.value("end", cells.parse_date)
    if action is None:
        return None
    for column in OPTIONAL[:3]:
        given = row.text(column)
        if column in USES[action] and not given:
            row.fail(column, given, f"{action.value} needs a value here")
        elif column not in USES[action] and given:
            row.fail(column, given, f"{action.value} does not use this column: leave it empty")
    if start and end and end < start:
        row.fail("end", end.isoformat(), f"ends before it starts on {start.isoformat()}")
    value = row.text("value")
    if action is Action.SET_SEATS and value:
        row.value("value", lambda t: cells.parse_int(t, 0, 100_000))
    elif action in (Action.MOVE_CADRE, Action.ADD_SUMMONS, Action.PIN) and value:
        row.ident("value")
    if not row.ok:
        return None
    return Change(row.line, action, target, start, end, value, row.text("note"))


def apply_changes(scenario: Scenario, changes: Changes) -> Scenario:
    """A new Scenario with every change applied in order; ``scenario`` is untouched.

    Each row's ids are checked against the scenario as changed by the rows
    before it (a session added on row 2 can be pinned on row 3).

    Raises
    ------
    ScenarioError
        With every row naming something unknown or contradicting the data.
    """
    problems = Collector()
    for change in changes:
        scenario = _apply(scenario, change, _Row(changes.file, change.line, problems))
    problems.raise_if_any()
    return scenario


@dataclass(frozen=True)
class _Row:
    file: str
    line: int
    problems: Collector

    def fail(self, column: str, value: object, message: str) -> None:
        self.problems.add(self.file, self.line, column, value, message)


def _apply(scenario: Scenario, change: Change, row: _Row) -> Scenario:
    action = change.action
    if action is Action.ADD_SESSION:
        return _add_session(scenario, change, row)
    if action is Action.CLOSE_INSTITUTION:
        if change.target not in scenario.institution_by_id:
            row.fail("target", change.target, "unknown institution")
            return scenario
        closed = {s.group_id for s in scenario.sessions if change.meets(s)}
        return _cancel_runs(scenario, closed)
    if action in (Action.CANCEL_SESSION, Action.SET_SEATS):
        session = scenario.session_by_id.get(change.target)
        if session is None:
            row.fail("target", change.target, "unknown session")
            return scenario
        if action is Action.CANCEL_SESSION:
            return _cancel_runs(scenario, {session.group_id})
        return _set_seats(scenario, session, int(float(change.value)), row)
    cadre = scenario.cadre_by_id.get(change.target)
    if cadre is None:
        row.fail("target", change.target, "unknown cadre")
        return scenario
    if action is Action.ADD_UNAVAILABILITY:
        absent = DateRange(change.start, change.end)  # type: ignore[arg-type]
        return _with_cadre(scenario, replace(cadre, unavailable=(*cadre.unavailable, absent)))
    if action is Action.MOVE_CADRE:
        if change.value not in scenario.unit_by_id:
            row.fail("value", change.value, "unknown unit")
            return scenario
        return _with_cadre(scenario, replace(cadre, unit_id=change.value))
    if action is Action.ADD_SUMMONS:
        return _add_summons(scenario, change, row)
    return _add_pin(scenario, change, row)


def _cancel_runs(scenario: Scenario, groups: set[str]) -> Scenario:
    """Every segment of the named runs keeps its place in the catalogue with no seats."""
    sessions = tuple(
        replace(s, seats=0, min_enrolment=0) if s.group_id in groups else s for s in scenario.sessions
    )
    return scenario.replace(sessions=sessions)


def _set_seats(scenario: Scenario, session: Session, seats: int, row: _Row) -> Scenario:
    if seats < session.min_enrolment:
        row.fail("value", seats, f"fewer seats than the session's minimum enrolment {session.min_enrolment}")
        return scenario
    sessions = tuple(
        replace(s, seats=seats) if s.session_id == session.session_id else s for s in scenario.sessions
    )
    return scenario.replace(sessions=sessions)


def _with_cadre(scenario: Scenario, cadre: Cadre) -> Scenario:
    return scenario.replace(
        cadres=tuple(cadre if c.cadre_id == cadre.cadre_id else c for c in scenario.cadres)
    )


def _add_summons(scenario: Scenario, change: Change, row: _Row) -> Scenario:
    if change.value not in scenario.course_by_id:
        row.fail("value", change.value, "unknown course")
        return scenario
    if any(s.course_id == change.value for s in scenario.summons_by_cadre.get(change.target, ())):
        row.fail("value", change.value, f"cadre {change.target} is already summoned to this course")
        return scenario
    summons = Summons(change.target, change.value, "changes file", change.note)
    return scenario.replace(summons=(*scenario.summons, summons))


def _add_pin(scenario: Scenario, change: Change, row: _Row) -> Scenario:
    if change.value not in scenario.session_by_id:
        row.fail("value", change.value, "unknown session")
        return scenario
    if any(p.cadre_id == change.target and p.session_id == change.value for p in scenario.pinned):
        row.fail("value", change.value, f"cadre {change.target} is already pinned to this session")
        return scenario
    return scenario.replace(pinned=(*scenario.pinned, Pin(change.target, change.value, change.note)))


def _add_session(scenario: Scenario, change: Change, row: _Row) -> Scenario:
    if change.target in scenario.session_by_id:
        row.fail("target", change.target, "a session with this id already exists")
        return scenario
    fields = _session_fields(scenario, change.value, row)
    if fields is None:
        return scenario
    local = Collector()
    assert change.start is not None and change.end is not None
    row_cells = {
        **fields,
        "session_id": change.target,
        "start": change.start.isoformat(),
        "end": change.end.isoformat(),
    }
    session = session_from(
        RowReader(row.file, row.line, row_cells, local),
        scenario.institution_by_id,
        scenario.policy.hours_per_day,
    )
    for problem in local.problems:
        column = problem.column if problem.column in ("start", "end") else f"value: {problem.column}"
        row.fail(column, problem.value, problem.message)
    if session is None:
        return scenario
    for column, known, what in (
        ("course_id", scenario.course_by_id, "course"),
        ("institution_id", scenario.institution_by_id, "institution"),
    ):
        if getattr(session, column) not in known:
            row.fail(f"value: {column}", getattr(session, column), f"unknown {what}")
            return scenario
    return scenario.replace(sessions=(*scenario.sessions, session))


def _session_fields(scenario: Scenario, text: str, row: _Row) -> dict[str, str] | None:
    """The ``key=value`` fields of an ``add_session`` row, a ``from=`` session's fields first."""
    given: dict[str, str] = {}
    for item in text.split():
        key, sep, value = item.partition("=")
        if not sep or key not in (*SESSION_FIELDS, "from"):
            allowed = " ".join(f"{k}=" for k in ("from", *SESSION_FIELDS))
            row.fail("value", item, f"expected blank-separated key=value fields, keys among: {allowed}")
            return None
        given[key] = value
    fields: dict[str, str] = {}
    if "from" in given:
        template = scenario.session_by_id.get(given["from"])
        if template is None:
            row.fail("value: from", given["from"], "unknown session")
            return None
        fields = _template_fields(template)
    fields.update({k: v for k, v in given.items() if k != "from"})
    for key in ("course_id", "institution_id", "seats"):
        if not fields.get(key):
            row.fail("value", text, f"add_session needs {key}= (or from= another session)")
            return None
    return fields


def _template_fields(session: Session) -> dict[str, str]:
    def listed(values: frozenset) -> str:
        return ";".join(sorted(getattr(v, "value", v) for v in values))

    return {
        "course_id": session.course_id,
        "institution_id": session.institution_id,
        "organiser": session.organiser,
        "seats": str(session.seats),
        "min_enrolment": str(session.min_enrolment),
        "audience_ranks": listed(session.audience_ranks),
        "audience_categories": listed(session.audience_categories),
        "audience_units": listed(session.audience_units),
    }
