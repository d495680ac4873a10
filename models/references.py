"""Checks between records: unknown or duplicate ids, the unit tree, segments, dates."""

from __future__ import annotations

from collections import Counter
from typing import Any

from models.errors import Collector
from models.scenario import Scenario

Parsed = dict[str, list[tuple[int, Any]]]
MAX_SESSION_DAYS = 366
YEARS_AROUND_CYCLE = 10


def check_references(scenario: Scenario, problems: Collector, parsed: Parsed) -> None:
    """Report every reference problem; ``parsed`` maps file -> [(line, record)]."""
    _duplicates(parsed, problems)
    _unit_tree(scenario, parsed["units.csv"], problems)
    _cadres(scenario, parsed["cadres.csv"], problems)
    _sessions(scenario, parsed["sessions.csv"], problems)
    _summons(scenario, parsed["summons.csv"], problems)
    cadre_ids = scenario.cadre_by_id
    for line, entry in parsed["history.csv"]:
        if entry.cadre_id not in cadre_ids:
            problems.add("history.csv", line, "cadre_id", entry.cadre_id, "unknown cadre")


ID_COLUMNS = {
    "units.csv": "unit_id",
    "cadres.csv": "cadre_id",
    "institutions.csv": "institution_id",
    "courses.csv": "course_id",
    "sessions.csv": "session_id",
}


def _duplicates(parsed: Parsed, problems: Collector) -> None:
    for file, column in ID_COLUMNS.items():
        counts = Counter(getattr(record, column) for _, record in parsed[file])
        for line, record in parsed[file]:
            value = getattr(record, column)
            if counts[value] > 1:
                problems.add(file, line, column, value, f"id appears {counts[value]} times")
    pairs = Counter((s.cadre_id, s.course_id) for _, s in parsed["summons.csv"])
    for line, summons in parsed["summons.csv"]:
        if pairs[(summons.cadre_id, summons.course_id)] > 1:
            problems.add("summons.csv", line, "course_id", summons.course_id, "the same summons is listed twice")


def _unit_tree(scenario: Scenario, units: list[tuple[int, Any]], problems: Collector) -> None:
    parent_by_id = {u.unit_id: u.parent_id for _, u in units}
    for line, unit in units:
        if unit.parent_id and unit.parent_id not in parent_by_id:
            problems.add("units.csv", line, "parent_id", unit.parent_id, "unknown parent unit")
            continue
        seen = {unit.unit_id}
        parent = unit.parent_id
        while parent:
            if parent in seen:
                problems.add("units.csv", line, "parent_id", unit.parent_id, "the unit tree has a cycle here")
                break
            seen.add(parent)
            parent = parent_by_id.get(parent)


def _cadres(scenario: Scenario, cadres: list[tuple[int, Any]], problems: Collector) -> None:
    for line, cadre in cadres:
        if cadre.unit_id not in scenario.unit_by_id:
            problems.add("cadres.csv", line, "unit_id", cadre.unit_id, "unknown unit")


def _sessions(scenario: Scenario, sessions: list[tuple[int, Any]], problems: Collector) -> None:
    by_id = scenario.session_by_id
    first_year = scenario.cycle_start - YEARS_AROUND_CYCLE
    last_year = scenario.cycle_start + scenario.policy.cycle_years + YEARS_AROUND_CYCLE
    for line, session in sessions:
        if session.course_id not in scenario.course_by_id:
            problems.add("sessions.csv", line, "course_id", session.course_id, "unknown course")
        if session.institution_id not in scenario.institution_by_id:
            problems.add("sessions.csv", line, "institution_id", session.institution_id, "unknown institution")
        for unit_id in sorted(session.audience_units - scenario.unit_by_id.keys()):
            problems.add("sessions.csv", line, "audience_units", unit_id, "unknown unit")
        if session.days > MAX_SESSION_DAYS:
            problems.add("sessions.csv", line, "end", session.end.isoformat(), "a session lasts at most a year")
        if not first_year <= session.start.year <= last_year:
            problems.add(
                "sessions.csv", line, "start", session.start.isoformat(),
                f"not a plausible year for a cycle starting {scenario.cycle_start}",
            )
        _segment(session, by_id, line, problems)


def _segment(session: Any, by_id: dict[str, Any], line: int, problems: Collector) -> None:
    if not session.segment_of:
        return
    first = by_id.get(session.segment_of)
    if first is None:
        problems.add("sessions.csv", line, "segment_of", session.segment_of, "unknown session")
    elif first.segment_of:
        problems.add("sessions.csv", line, "segment_of", session.segment_of, "must name the first segment")
    elif first.course_id != session.course_id:
        problems.add(
            "sessions.csv", line, "segment_of", session.segment_of,
            f"segments must share the course ({first.course_id} there, {session.course_id} here)",
        )
    elif session.start <= first.end:
        problems.add("sessions.csv", line, "start", session.start.isoformat(), "a segment must start after the first ends")


def _summons(scenario: Scenario, summons: list[tuple[int, Any]], problems: Collector) -> None:
    for line, item in summons:
        if item.cadre_id not in scenario.cadre_by_id:
            problems.add("summons.csv", line, "cadre_id", item.cadre_id, "unknown cadre")
        if item.course_id not in scenario.course_by_id:
            problems.add("summons.csv", line, "course_id", item.course_id, "unknown course")
