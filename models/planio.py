"""Reading and writing a plan folder (the plan contract's CSV and JSON files)."""

from __future__ import annotations

import csv
import json
from dataclasses import fields
from datetime import date
from pathlib import Path

from models.messages import Joined, Message, check_lang
from models.plan import Assignment, Plan, Reason, SessionStatus, Shortfall

ASSIGNMENT_COLUMNS = tuple(f.name for f in fields(Assignment))
SESSION_COLUMNS = tuple(f.name for f in fields(SessionStatus))
SHORTFALL_COLUMNS = tuple(f.name for f in fields(Shortfall))


def _cell(value: object, lang: str) -> str:
    if value is None:
        return ""
    if isinstance(value, Reason):
        return value.value
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Message | Joined):
        return value.text(lang)
    return str(value)


def _write_csv(path: Path, columns: tuple[str, ...], records: tuple, lang: str) -> None:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(columns)
        for record in records:
            writer.writerow(_cell(getattr(record, c), lang) for c in columns)


def write_plan(plan: Plan, folder: str | Path, lang: str = "zh") -> Path:
    """Write ``assignments.csv``, ``sessions.csv``, ``shortfalls.csv`` and ``summary.json``.

    The shortfall reasons and an infeasible plan's explanation are written in ``lang``
    (``zh`` or ``en``); ids, codes, dates and figures are the same in both.
    """
    check_lang(lang)
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    _write_csv(folder / "assignments.csv", ASSIGNMENT_COLUMNS, plan.assignments, lang)
    _write_csv(folder / "sessions.csv", SESSION_COLUMNS, plan.sessions, lang)
    _write_csv(folder / "shortfalls.csv", SHORTFALL_COLUMNS, plan.shortfalls, lang)
    summary = {"year": plan.year, **plan.summary}
    text = json.dumps(
        summary, ensure_ascii=False, indent=2, sort_keys=False, default=lambda value: _cell(value, lang)
    )
    (folder / "summary.json").write_text(text + "\n", encoding="utf-8")
    return folder


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


def _int(text: str) -> int:
    return int(float(text)) if text else 0


def read_plan(folder: str | Path) -> Plan:
    """Read a plan folder written by any tool that follows the plan contract.

    Raises
    ------
    FileNotFoundError, KeyError, ValueError
        When a file or column is missing or a cell cannot be read.
    """
    folder = Path(folder)
    summary = json.loads((folder / "summary.json").read_text(encoding="utf-8"))
    assignments = tuple(
        Assignment(
            r["cadre_id"],
            r["session_id"],
            r["course_id"],
            r["institution_id"],
            date.fromisoformat(r["start"]),
            date.fromisoformat(r["end"]),
            _int(r["hours"]),
            Reason(r["reason"]),
        )
        for r in _rows(folder / "assignments.csv")
    )
    sessions = tuple(
        SessionStatus(r["session_id"], r["status"], _int(r["enrolled"]), _int(r["seats"]))
        for r in _rows(folder / "sessions.csv")
    )
    shortfalls = tuple(
        Shortfall(
            r["rule"],
            r.get("cadre_id") or None,
            r.get("unit_id") or None,
            _int(r["required"]),
            _int(r["planned"]),
            _int(r["shortfall"]),
            r["reason"],
        )
        for r in _rows(folder / "shortfalls.csv")
    )
    year = int(summary.get("year", 0))
    return Plan(year, assignments, sessions, shortfalls, summary)
