"""The closing report: what changed (``closing.csv``), what is owed again (``carried.csv``), a summary.

The summary (``closing.md``, and the console) counts each kind of change in
the language asked; the CSV files hold one row per change and per carried
obligation, with ids, so that a planner can filter them in a spreadsheet.
"""

from __future__ import annotations

import csv
from dataclasses import fields
from pathlib import Path

from models.closing import KINDS_IN_ORDER, Closing
from models.messages import message, text_of

CHANGE_COLUMNS = ("kind", "cadre_id", "session_id", "course_id", "planned_hours", "hours", "note")
CARRIED_COLUMNS = ("rule", "cadre_id", "unit_id", "course_id", "required", "if_attended", "reason")


def summary_lines(closing: Closing, lang: str, sessions_from: str | None = None) -> list[str]:
    """The report's lines: the counts of each change, the catalogue, the obligations carried over."""
    year, next_year = closing.year, closing.year + 1
    lines = [message("close.title", year=year, name=closing.scenario.name).text(lang)]
    for kind in KINDS_IN_ORDER:
        count = closing.count(kind)
        if count:
            lines.append("- " + message(f"close.{kind}", n=count, next=next_year).text(lang))
    sessions = len(closing.scenario.sessions)
    if closing.repeated_sessions:
        line = message("close.sessions_repeated", n=sessions, year=year, next=next_year)
    else:
        line = message("close.sessions_given", n=sessions, next=next_year, path=sessions_from or "")
    lines.append("- " + line.text(lang))
    lines.append("- " + message("close.carried", n=len(closing.carried), next=next_year).text(lang))
    return lines


def write_report(
    closing: Closing, folder: Path, prefix: str, lang: str, sessions_from: str | None
) -> list[Path]:
    """``<prefix>closing.md``, ``<prefix>closing.csv`` and ``<prefix>carried.csv`` in ``folder``."""
    summary = folder / f"{prefix}closing.md"
    lines = summary_lines(closing, lang, sessions_from)
    table = _carried_table(closing, lang)
    summary.write_text("# " + lines[0] + "\n\n" + "\n".join(lines[1:]) + "\n\n" + table, encoding="utf-8")
    changes = folder / f"{prefix}closing.csv"
    with changes.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(CHANGE_COLUMNS)
        for change in closing.changes:
            writer.writerow(_number(getattr(change, f.name)) for f in fields(change))
    carried = folder / f"{prefix}carried.csv"
    with carried.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(CARRIED_COLUMNS)
        for item in closing.carried:
            o = item.obligation
            cells = (o.rule.value, o.cadre_id, o.unit_id, o.course_id, o.required, item.if_attended)
            writer.writerow([*("" if c is None else c for c in cells), text_of(o.reason, lang)])
    return [summary, changes, carried]


def _number(value: object) -> object:
    return int(value) if isinstance(value, float) and value.is_integer() else value


def _carried_table(closing: Closing, lang: str) -> str:
    if not closing.carried:
        return ""
    heads = [message(f"close.head.{h}").text(lang) for h in ("rule", "who", "owed", "if_attended", "reason")]
    rows = ["| " + " | ".join(heads) + " |", "|" + " --- |" * len(heads)]
    for item in closing.carried:
        o = item.obligation
        who = o.cadre_id or o.unit_id or ""
        reason = text_of(o.reason, lang).replace("|", "/")
        rows.append(f"| {o.rule.value} | {who} | {o.required} | {item.if_attended} | {reason} |")
    return "\n".join(rows) + "\n"
