"""Checks between records: unknown or duplicate ids, the unit tree, segments, dates."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from models.errors import Collector
from models.scenario import Scenario

Parsed = dict[str, list[tuple[int, Any]]]
MAX_SESSION_DAYS = 366
YEARS_AROUND_CYCLE = 10

ID_COLUMNS = {
    "units.csv": "unit_id",
    "cadres.csv": "cadre_id",
    "institutions.csv": "institution_id",
    "courses.csv": "course_id",
    "sessions.csv": "session_id",
}


def check_references(
    scenario: Scenario,
    problems: Collector,
    parsed: Parsed,
    labels: dict[str, str] | None = None,
    known_ids: dict[str, set[str] | None] | None = None,
) -> None:
    """Report every reference problem between the scenario's files.

    Parameters
    ----------
    scenario
        The records that passed their own checks.
    problems
        Where problems are reported.
    parsed
        File name -> [(spreadsheet line, record)] of those records.
    labels
        File name -> the name problems use (e.g. ``../base/units.csv``).
    known_ids
        File name -> every id written in that file, even on rows rejected for
        another reason, or ``None`` when the file could not be read. An id
        found there is not reported again as unknown: the row's own problem
        is the one to fix.
    """
    checker = _Checker(scenario, problems, parsed, labels or {}, known_ids)
    checker.some_units()
    checker.duplicates()
    checker.unit_tree()
    checker.cadres()
    checker.sessions()
    checker.summons()
    checker.history()
    checker.pinned()


class _Checker:
    def __init__(
        self,
        scenario: Scenario,
        problems: Collector,
        parsed: Parsed,
        labels: dict[str, str],
        known_ids: dict[str, set[str] | None] | None,
    ):
        self.scenario = scenario
        self.problems = problems
        self.parsed = parsed
        self.labels = labels
        if known_ids is None:
            known_ids = {f: {getattr(r, c) for _, r in parsed[f]} for f, c in ID_COLUMNS.items()}
        self.known_ids = known_ids

    def add(self, file: str, line: int, column: str, value: object, message: str) -> None:
        self.problems.add(self.labels.get(file, file), line, column, value, message)

    def unknown(self, file: str, value: str) -> bool:
        """An id that ``file`` lacks; never when ``file`` itself could not be read."""
        ids = self.known_ids.get(file)
        return ids is not None and value not in ids

    def some_units(self) -> None:
        """A scenario without any unit has nobody to plan for (rows rejected for other reasons excepted)."""
        if self.known_ids.get("units.csv") == set():
            message = "no units: the file has a header but no rows; a scenario needs at least one unit"
            self.problems.add(self.labels.get("units.csv", "units.csv"), None, None, None, message)

    def duplicates(self) -> None:
        for file, column in ID_COLUMNS.items():
            keys = [(line, getattr(record, column)) for line, record in self.parsed[file]]
            for line, value, others in _repeats(keys):
                self.add(
                    file, line, column, value, f"duplicate id: the same {column} is also on row(s) {others}"
                )
        keys = [(line, (s.cadre_id, s.course_id)) for line, s in self.parsed["summons.csv"]]
        for line, (cadre_id, course_id), others in _repeats(keys):
            message = (
                f"the same named summons (cadre {cadre_id}, course {course_id}) is also on row(s) {others}"
            )
            self.add("summons.csv", line, "course_id", course_id, message)

    def unit_tree(self) -> None:
        parent_by_id = {u.unit_id: u.parent_id for _, u in self.parsed["units.csv"]}
        for line, unit in self.parsed["units.csv"]:
            if unit.parent_id == unit.unit_id:
                self.add("units.csv", line, "parent_id", unit.parent_id, "a unit cannot be its own parent")
            elif unit.parent_id and self.unknown("units.csv", unit.parent_id):
                self.add("units.csv", line, "parent_id", unit.parent_id, "unknown parent unit")
            else:
                loop = _loop_through(unit.unit_id, parent_by_id)
                if loop:
                    message = (
                        f"the unit tree has a cycle: {' -> '.join(loop)} (each is the parent of the previous)"
                    )
                    self.add("units.csv", line, "parent_id", unit.parent_id, message)

    def cadres(self) -> None:
        for line, cadre in self.parsed["cadres.csv"]:
            if self.unknown("units.csv", cadre.unit_id):
                self.add("cadres.csv", line, "unit_id", cadre.unit_id, "unknown unit: not in units.csv")

    def sessions(self) -> None:
        for line, session in self.parsed["sessions.csv"]:
            if self.unknown("courses.csv", session.course_id):
                self.add(
                    "sessions.csv", line, "course_id", session.course_id, "unknown course: not in courses.csv"
                )
            if self.unknown("institutions.csv", session.institution_id):
                message = "unknown institution: not in institutions.csv"
                self.add("sessions.csv", line, "institution_id", session.institution_id, message)
            for unit_id in sorted(session.audience_units):
                if self.unknown("units.csv", unit_id):
                    self.add(
                        "sessions.csv", line, "audience_units", unit_id, "unknown unit: not in units.csv"
                    )
            self.session_dates(line, session)
            self.segment(line, session)

    def session_dates(self, line: int, session: Any) -> None:
        if session.days > MAX_SESSION_DAYS:
            self.add("sessions.csv", line, "end", session.end.isoformat(), "a session lasts at most a year")
        cycle_start = self.scenario.cycle_start
        if not cycle_start:
            return  # a bad cycle_start is reported already; years cannot be judged without it
        first_year = cycle_start - YEARS_AROUND_CYCLE
        last_year = cycle_start + self.scenario.policy.cycle_years + YEARS_AROUND_CYCLE
        if not first_year <= session.start.year <= last_year:
            message = f"not a plausible year for a training cycle starting {cycle_start} (typo in the year?)"
            self.add("sessions.csv", line, "start", session.start.isoformat(), message)

    def segment(self, line: int, session: Any) -> None:
        if not session.segment_of:
            return
        first = self.scenario.session_by_id.get(session.segment_of)
        if first is None:
            if self.unknown("sessions.csv", session.segment_of):
                self.add(
                    "sessions.csv",
                    line,
                    "segment_of",
                    session.segment_of,
                    "unknown session: not in sessions.csv",
                )
        elif first.segment_of:
            message = f"must name the first segment ({first.segment_of}), not another segment"
            self.add("sessions.csv", line, "segment_of", session.segment_of, message)
        elif first.course_id != session.course_id:
            message = f"segments must share the course ({first.course_id} there, {session.course_id} here)"
            self.add("sessions.csv", line, "segment_of", session.segment_of, message)
        elif session.start <= first.end:
            message = f"a segment must start after the first segment ends ({first.end.isoformat()})"
            self.add("sessions.csv", line, "start", session.start.isoformat(), message)

    def summons(self) -> None:
        for line, item in self.parsed["summons.csv"]:
            if self.unknown("cadres.csv", item.cadre_id):
                self.add("summons.csv", line, "cadre_id", item.cadre_id, "unknown cadre: not in cadres.csv")
            if self.unknown("courses.csv", item.course_id):
                self.add(
                    "summons.csv", line, "course_id", item.course_id, "unknown course: not in courses.csv"
                )

    def history(self) -> None:
        for line, entry in self.parsed["history.csv"]:
            if self.unknown("cadres.csv", entry.cadre_id):
                self.add("history.csv", line, "cadre_id", entry.cadre_id, "unknown cadre: not in cadres.csv")

    def pinned(self) -> None:
        for line, pin in self.parsed.get("pinned.csv", []):
            if self.unknown("cadres.csv", pin.cadre_id):
                self.add("pinned.csv", line, "cadre_id", pin.cadre_id, "unknown cadre: not in cadres.csv")
            if self.unknown("sessions.csv", pin.session_id):
                self.add(
                    "pinned.csv", line, "session_id", pin.session_id, "unknown session: not in sessions.csv"
                )


def _repeats(keys: list[tuple[int, Any]]) -> list[tuple[int, Any, str]]:
    """(line, key, the other lines) for every key that appears on more than one line."""
    lines_by_key: dict[Any, list[int]] = defaultdict(list)
    for line, key in keys:
        lines_by_key[key].append(line)
    result = []
    for line, key in keys:
        others = [str(n) for n in lines_by_key[key] if n != line]
        if others:
            result.append((line, key, ", ".join(others)))
    return result


def _loop_through(unit_id: str, parent_by_id: dict[str, str | None]) -> list[str]:
    """The ancestor loop that returns to ``unit_id`` (e.g. [A, B, A]), or [] when there is none."""
    path = [unit_id]
    parent = parent_by_id.get(unit_id)
    while parent and parent not in path:
        path.append(parent)
        parent = parent_by_id.get(parent)
    return [*path, unit_id] if parent == unit_id else []
