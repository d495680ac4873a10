"""Closing a year: the plan, as attended, becomes next year's ledger (``plan-close``).

The sessions a cadre attended (the plan's, corrected by the attendance sheet,
:mod:`models.attendance`) are written into the ledger with the hours done, so
that next year's obligations (:mod:`models.obligations`) owe exactly what was
missed: R1 counts the cycle's ledger, R3/R5 the last systematic course, R6 its
deadline from the promotion, R7 the named summons still unattended. What is
decided here, where the contract leaves room:

- a cadre who left early is in the ledger with the hours done, up to the day
  they left; the course counts as taken (no repeat), but as systematic (R3, R5,
  R6, R3b) and as a summoned course only when ``completed`` is set;
- a named summons the cadre attended goes; an unattended one stays, owed again;
- a session of the plan year held (or ending) next year (a later segment, a
  course over New Year) is in the ledger as planned, counted in the year it ends
  (DOMAIN.md's counting conventions), and the cadre is unavailable on its days
  next year, so that next year's plan does not book them twice;
- the plan year's catalogue, pins and plan-year settings make way for next
  year's: the sessions given, or else the plan year's again 52 (or 53) weeks
  later, on the same weekdays; ``plan_year`` is the next year.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import date, timedelta

from models.attendance import Attendance, Status
from models.entities import Cadre, DateRange, HistoryEntry, Session, Summons
from models.errors import Collector
from models.obligations import Obligation, owed_obligations
from models.plan import Assignment, Plan
from models.scenario import Scenario

RECORDED, LEFT_EARLY, MISSED, EXTRA, KNOWN, NEXT_YEAR = (
    "recorded",
    "left_early",
    "missed",
    "substitute",
    "already_in_ledger",
    "held_next_year",
)
SUMMONS_MET, SUMMONS_CARRIED, PIN_DROPPED = "summons_met", "summons_carried", "pin_dropped"
KINDS_IN_ORDER = (
    RECORDED,
    LEFT_EARLY,
    MISSED,
    EXTRA,
    KNOWN,
    NEXT_YEAR,
    SUMMONS_MET,
    SUMMONS_CARRIED,
    PIN_DROPPED,
)
"""Every kind of change, in the report's order (each has its sentence ``close.<kind>``)."""


@dataclass(frozen=True, slots=True)
class Change:
    """One line of the closing report: what happened to one cadre's session, summons or pin."""

    kind: str
    cadre_id: str
    session_id: str = ""
    course_id: str = ""
    planned_hours: float = 0.0
    hours: float = 0.0
    note: str = ""


@dataclass(frozen=True, slots=True)
class Carried:
    """An obligation of next year that is owed, or owed more, because of what was missed."""

    obligation: Obligation
    if_attended: int
    """What it would ask had every cadre attended as planned (0: it would not be owed)."""


@dataclass(frozen=True)
class Closing:
    """The next year's scenario and what changed: the report's lines, and the obligations carried over."""

    year: int
    scenario: Scenario
    changes: tuple[Change, ...]
    carried: tuple[Carried, ...] = ()
    repeated_sessions: bool = False

    def count(self, kind: str) -> int:
        return sum(1 for change in self.changes if change.kind == kind)


def close_year(
    scenario: Scenario,
    plan: Plan,
    attendance: Iterable[Attendance] = (),
    next_sessions: tuple[Session, ...] | None = None,
) -> Closing:
    """The scenario for ``plan.year + 1``: ledger, summons, cadres' days and catalogue after the year.

    Raises
    ------
    ScenarioError
        When an attendance row names a session the plan and scenario do not
        hold, or a cadre who was not planned there (each with its file and row).
    """
    rows = tuple(attendance)
    closing = _close(scenario, plan, rows, next_sessions)
    if not any(row.status is not Status.ATTENDED for row in rows):
        return closing
    as_planned = _close(scenario, plan, (), next_sessions)
    return replace(closing, carried=carried_over(closing.scenario, as_planned.scenario, plan.year + 1))


def _close(
    scenario: Scenario, plan: Plan, rows: tuple[Attendance, ...], next_sessions: tuple[Session, ...] | None
) -> Closing:
    year = plan.year
    changes, entries = _ledger_rows(scenario, plan, rows)
    known = {(e.cadre_id, e.course_id, e.start, e.end) for e in scenario.history}
    added = []
    completed = set()
    for change, entry, whole in entries:
        if whole:
            completed.add((entry.cadre_id, entry.course_id))
        if (entry.cadre_id, entry.course_id, entry.start, entry.end) in known:
            changes.append(replace(change, kind=KNOWN))
            continue
        changes.append(change)
        added.append(entry)
    summons, summons_changes = _summons(scenario, completed)
    pins = [Change(PIN_DROPPED, p.cadre_id, p.session_id) for p in scenario.pinned]
    repeated = next_sessions is None
    sessions = repeat_catalogue(scenario, year) if next_sessions is None else next_sessions
    closed = scenario.replace(
        name=next_name(scenario.name, year),
        plan_year=year + 1,
        history=scenario.history + tuple(added),
        summons=summons,
        pinned=(),
        sessions=sessions,
        cadres=_away_next_year(scenario.cadres, added, year),
    )
    return Closing(year, closed, tuple(changes + summons_changes + pins), (), repeated)


def _ledger_rows(
    scenario: Scenario, plan: Plan, rows: tuple[Attendance, ...]
) -> tuple[list[Change], list[tuple[Change, HistoryEntry, bool]]]:
    """The report's lines for missed sessions; for each attended one its line, ledger row and completion."""
    problems = Collector()
    by_key = {(row.cadre_id, row.session_id): row for row in rows}
    planned = {(a.cadre_id, a.session_id) for a in plan.assignments}
    changes: list[Change] = []
    entries: list[tuple[Change, HistoryEntry, bool]] = []
    for a in plan.assignments:
        session = scenario.session_by_id.get(a.session_id)
        if session is None or a.cadre_id not in scenario.cadre_by_id:
            problems.add("assignments.csv", None, "session_id", a.session_id, _not_in_scenario(a))
            continue
        row = by_key.get((a.cadre_id, a.session_id))
        if row is not None and row.status is Status.ABSENT:
            changes.append(
                Change(MISSED, a.cadre_id, a.session_id, a.course_id, session.hours, 0.0, row.note)
            )
            continue
        entries.append(_entry(scenario, session, a.cadre_id, row, plan.year, planned=True))
    for row in rows:
        if (row.cadre_id, row.session_id) in planned:
            continue
        session = scenario.session_by_id.get(row.session_id)
        if session is None or row.cadre_id not in scenario.cadre_by_id:
            what = "session" if session is None else "cadre"
            problems.add(row.where, row.line, f"{what}_id", getattr(row, f"{what}_id"), f"unknown {what}")
        elif row.status is not Status.ATTENDED:
            message = f"cadre {row.cadre_id} is not in the plan for {row.session_id}: use status attended"
            problems.add(row.where, row.line, "status", row.status.value, message)
        else:
            entries.append(_entry(scenario, session, row.cadre_id, row, plan.year, planned=False))
    _check_hours(scenario, rows, problems)
    problems.raise_if_any()
    return changes, entries


def _not_in_scenario(a: Assignment) -> str:
    return f"cadre {a.cadre_id} or session {a.session_id} of the plan is not in the scenario"


def _check_hours(scenario: Scenario, rows: tuple[Attendance, ...], problems: Collector) -> None:
    for row in rows:
        session = scenario.session_by_id.get(row.session_id)
        if session is None or row.hours is None:
            continue
        if row.hours > session.hours or (row.status is Status.LEFT_EARLY and row.hours == session.hours):
            message = (
                f"more than the session's {session.hours} h" if row.hours > session.hours else "all hours"
            )
            problems.add(row.where, row.line, "hours", row.hours, f"{message}: not left early")
        if row.left_on is not None and not session.start <= row.left_on <= session.end:
            message = f"not a day of the session ({session.start.isoformat()}..{session.end.isoformat()})"
            problems.add(row.where, row.line, "left_on", row.left_on.isoformat(), message)


def _entry(
    scenario: Scenario, session: Session, cadre_id: str, row: Attendance | None, year: int, planned: bool
) -> tuple[Change, HistoryEntry, bool]:
    """A ledger row for one attended session (the hours done, to the day left when left early)."""
    early = row is not None and row.status is Status.LEFT_EARLY
    completed = not early or bool(row and row.completed)
    hours = float(session.hours if row is None or row.hours is None else row.hours)
    end = session.end
    if early and row is not None:
        days = max(1, math.ceil(hours / scenario.policy.hours_per_day))
        end = row.left_on or min(session.end, session.start + timedelta(days=days - 1))
    entry = HistoryEntry(
        cadre_id=cadre_id,
        course_id=session.course_id,
        start=session.start,
        end=end,
        hours=hours,
        systematic=scenario.is_systematic(session) and completed,
        online=scenario.is_online(session),
        institution_id=session.institution_id,
        extra=(("session_id", session.session_id),),
    )
    kind = LEFT_EARLY if early else RECORDED if planned else EXTRA
    if end.year > year and kind is RECORDED:
        kind = NEXT_YEAR
    note = row.note if row is not None else ""
    change = Change(kind, cadre_id, session.session_id, session.course_id, session.hours, hours, note)
    return change, entry, completed


def _summons(scenario: Scenario, done: set[tuple[str, str]]) -> tuple[tuple[Summons, ...], list[Change]]:
    """Summons met by a completed session of the course this year go; the others stay owed."""
    kept: list[Summons] = []
    changes: list[Change] = []
    for item in scenario.summons:
        met = (item.cadre_id, item.course_id) in done
        changes.append(Change(SUMMONS_MET if met else SUMMONS_CARRIED, item.cadre_id, "", item.course_id))
        if not met:
            kept.append(item)
    return tuple(kept), changes


def _away_next_year(cadres: tuple[Cadre, ...], added: list[HistoryEntry], year: int) -> tuple[Cadre, ...]:
    """Cadres in a session of the plan year held next year are unavailable on its days next year."""
    first = date(year + 1, 1, 1)
    away: dict[str, list[DateRange]] = {}
    for entry in added:
        if entry.end >= first:
            away.setdefault(entry.cadre_id, []).append(DateRange(max(entry.start, first), entry.end))
    if not away:
        return cadres
    return tuple(
        replace(c, unavailable=c.unavailable + tuple(away[c.cadre_id])) if c.cadre_id in away else c
        for c in cadres
    )


def next_name(name: str, year: int) -> str:
    """The scenario's name for next year: the year in it moved on, or the next year added."""
    return name.replace(str(year), str(year + 1)) if str(year) in name else f"{name} {year + 1}"


def repeat_catalogue(scenario: Scenario, year: int) -> tuple[Session, ...]:
    """The runs starting in ``year`` again next year, each 52 weeks later (53 when 52 stay in ``year``)."""
    sessions: list[Session] = []
    taken: set[str] = set()
    for group in scenario.segments_by_group.values():
        first = group[0]
        if first.start.year != year:
            continue
        shift = timedelta(weeks=52 if (first.start + timedelta(weeks=52)).year > year else 53)
        ids = {s.session_id: _next_id(s.session_id, year, taken) for s in group}
        sessions += [
            replace(
                s,
                session_id=ids[s.session_id],
                start=s.start + shift,
                end=s.end + shift,
                segment_of=ids.get(s.segment_of, s.segment_of) if s.segment_of else None,
            )
            for s in group
        ]
    return tuple(sorted(sessions, key=lambda s: (s.start, s.session_id)))


def _next_id(session_id: str, year: int, taken: set[str]) -> str:
    new = (
        session_id.replace(str(year), str(year + 1))
        if str(year) in session_id
        else f"{session_id}-{year + 1}"
    )
    while new in taken:
        new += "b"
    taken.add(new)
    return new


def carried_over(closed: Scenario, as_planned: Scenario, year: int) -> tuple[Carried, ...]:
    """Next year's obligations owed, or owed more, than had every cadre attended as planned."""
    planned = {o.key: o.required for o in owed_obligations(as_planned, year)}
    found = []
    for item in owed_obligations(closed, year):
        before = planned.get(item.key, 0)
        if item.required > before:
            found.append(Carried(item, before))
    return tuple(found)


def counts(changes: Iterable[Change]) -> Counter[str]:
    return Counter(change.kind for change in changes)
