"""A plan folder's files read cell by cell: every cell that cannot be read, by file, row, column and value.

A plan folder comes back to the product as ``plan-check``'s plan and as the
previous plan of a re-plan (``plan-annual --from``); one edited by hand or cut
short by a copy can hold a date that is no date, hours that are no number, an
unknown reason, the same assignment twice, or a ``summary.json`` that is no
JSON. Each is reported where a planner can find it, all of them at once.
"""

from __future__ import annotations

import json
from pathlib import Path

from models import cells
from models.csvfile import read_table
from models.errors import Collector, Problem
from models.plan import Reason
from models.planio import ASSIGNMENT_COLUMNS, SESSION_COLUMNS
from models.rows import RowReader

STATUSES = ("run", "cancelled")
WHO = ("cadre_id", "unit_id")
SHORTFALL_REQUIRED = ("rule", "required", "planned", "shortfall", "reason")
"""A shortfall names a cadre or a unit: either column may be missing."""
SUMMARY = "summary.json"


def plan_file_problems(folder: Path) -> list[Problem]:
    """Every cell of the plan folder's files that cannot be read (files and columns are assumed present)."""
    problems = Collector()
    _assignments(folder, problems)
    _sessions(folder, problems)
    _shortfalls(folder, problems)
    _summary(folder / SUMMARY, problems)
    return problems.problems


def _rows(
    folder: Path, name: str, required: tuple[str, ...], problems: Collector, optional: tuple[str, ...] = ()
) -> list[RowReader]:
    table = read_table(folder / name, required, optional, problems, label=str(folder / name))
    if table is None:
        return []
    memo: dict[object, object] = {}
    return [RowReader(table.name, line, row, problems, memo) for line, row in table]


def _reason(text: str) -> Reason:
    return cells.parse_enum(text, Reason)


def _status(text: str) -> str:
    if text not in STATUSES:
        raise ValueError(f"unknown session status {text!r}; expected one of {'|'.join(STATUSES)}")
    return text


def _assignments(folder: Path, problems: Collector) -> None:
    seen: dict[tuple[str, str], int] = {}
    for row in _rows(folder, "assignments.csv", ASSIGNMENT_COLUMNS, problems):
        cadre, session = row.ident("cadre_id"), row.ident("session_id")
        row.ident("course_id")
        row.ident("institution_id")
        start = row.value("start", cells.parse_date, required=True)
        end = row.value("end", cells.parse_date, required=True)
        row.value("hours", cells.parse_hours, required=True)
        row.value("reason", _reason, required=True)
        if start and end and end < start:
            row.fail("end", end.isoformat(), f"ends before it starts on {start.isoformat()}")
        if cadre and session:
            first = seen.setdefault((cadre, session), row.line)
            if first != row.line:
                row.fail("session_id", session, f"cadre {cadre} is in this session already on row {first}")


def _sessions(folder: Path, problems: Collector) -> None:
    seen: dict[str, int] = {}
    for row in _rows(folder, "sessions.csv", SESSION_COLUMNS, problems):
        session = row.ident("session_id")
        row.value("status", _status, required=True)
        row.value("enrolled", cells.parse_int, required=True)
        row.value("seats", cells.parse_int, required=True)
        if session:
            first = seen.setdefault(session, row.line)
            if first != row.line:
                row.fail("session_id", session, f"this session is listed already on row {first}")


def _shortfalls(folder: Path, problems: Collector) -> None:
    for row in _rows(folder, "shortfalls.csv", SHORTFALL_REQUIRED, problems, WHO):
        row.ident("rule")
        for column in ("required", "planned", "shortfall"):
            row.value(column, cells.parse_number, required=True)
        if not row.text("cadre_id") and not row.text("unit_id"):
            row.fail("cadre_id", "", "a shortfall names a cadre_id or a unit_id")


def _summary(path: Path, problems: Collector) -> None:
    try:
        summary = json.loads(path.read_bytes().decode("utf-8-sig"))
    except FileNotFoundError:
        problems.add(str(path), None, None, None, "file is missing")
        return
    except UnicodeDecodeError as error:
        problems.add(str(path), None, None, None, f"not UTF-8 text (byte {error.start})")
        return
    except json.JSONDecodeError as error:
        where = f"not valid JSON: {error.msg} at character {error.colno}"
        problems.add(str(path), error.lineno, None, None, where)
        return
    if not isinstance(summary, dict):
        problems.add(str(path), None, None, None, "expected a JSON object { ... }")
        return
    year = summary.get("year")
    if year is not None and (not isinstance(year, int) or isinstance(year, bool) or not 1950 <= year <= 2100):
        problems.add(str(path), None, "year", year, "expected the plan year, a whole number such as 2020")
