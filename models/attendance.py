"""The attendance sheet of a closed year: who did not attend, who left early, who came in another's place.

A CSV file (UTF-8 or GBK) or a workbook (its sheet ``attendance``, or its only
sheet) with one row per cadre and session (a segment of a segmented course is
a session of its own):

- ``cadre_id``, ``session_id`` (required);
- ``status`` (required): ``absent`` (did not attend; also 缺席, 未参训),
  ``left_early`` (left before the end; also 提前离开, 中途离开) or ``attended``
  (attended without being in the plan, such as a cadre who took a free seat;
  also 参训, 补位);
- ``hours``: the hours actually done; required for ``left_early`` (less than
  the session's), optional for ``attended`` (default: the session's hours),
  empty or 0 for ``absent``;
- ``left_on`` (optional date): the last day attended by a cadre who left
  early (default: the day the hours done reach, counting the session's hours
  per day);
- ``completed`` (optional boolean, default ``false``): whether a cadre who left
  early still completed the course (结业), so that it counts as a systematic
  course (R3, R5, R6), a professional week (R17) and a named summons (R7);
- ``note`` (optional), kept in the closing report.

Cadres in the plan without a row attended as planned. Problems name file,
row, column and value, as for a scenario file.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import Enum
from pathlib import Path

from models import cells
from models.csvfile import Table, read_table
from models.errors import Collector
from models.rows import RowReader
from models.workbook import Workbook, is_workbook

COLUMNS = ("cadre_id", "session_id", "status")
OPTIONAL = ("hours", "left_on", "completed", "note")
SHEET = "attendance"


class Status(str, Enum):
    ABSENT = "absent"
    LEFT_EARLY = "left_early"
    ATTENDED = "attended"


WORDS = {
    "缺席": Status.ABSENT,
    "未参训": Status.ABSENT,
    "提前离开": Status.LEFT_EARLY,
    "中途离开": Status.LEFT_EARLY,
    "参训": Status.ATTENDED,
    "补位": Status.ATTENDED,
}
"""The statuses in Chinese, as a planner writes them."""


@dataclass(frozen=True, slots=True)
class Attendance:
    """One row of the attendance sheet; ``line`` is its row, ``where`` the file (or workbook[sheet])."""

    where: str
    line: int
    cadre_id: str
    session_id: str
    status: Status
    hours: float | None = None
    left_on: date | None = None
    completed: bool = False
    note: str = ""


def parse_status(text: str) -> Status:
    if text in WORDS:
        return WORDS[text]
    try:
        return Status(text.lower())
    except ValueError:
        allowed = "|".join(s.value for s in Status)
        raise ValueError(
            f"unknown status {text!r}; expected one of {allowed} (or 缺席, 提前离开, 参训)"
        ) from None


def read_attendance(path: str | Path) -> tuple[Attendance, ...]:
    """Read and check the attendance sheet's rows (the plan they refer to is checked by the closing).

    Raises
    ------
    ScenarioError
        With every problem found, each naming file, row, column and value.
    """
    path = Path(path)
    problems = Collector()
    table = _table(path, problems)
    rows: list[Attendance] = []
    seen: dict[tuple[str, str], int] = {}
    for line, row_cells in table or ():
        row = RowReader(table.name if table else path.name, line, row_cells, problems)
        item = _attendance_from(row)
        if item is None:
            continue
        key = (item.cadre_id, item.session_id)
        if key in seen:
            row.fail("session_id", item.session_id, f"the same cadre and session are also on row {seen[key]}")
            continue
        seen[key] = line
        rows.append(item)
    problems.raise_if_any()
    return tuple(rows)


def _table(path: Path, problems: Collector) -> Table | None:
    if not is_workbook(path):
        return read_table(path, COLUMNS, OPTIONAL, problems)
    workbook = Workbook.open(path, path.name, problems)
    if workbook is None:
        return None
    sheets = workbook.sheet_names
    sheet = SHEET if SHEET in sheets or len(sheets) != 1 else sheets[0]
    return workbook.table(f"{sheet}.csv", COLUMNS, problems)


def _attendance_from(row: RowReader) -> Attendance | None:
    cadre_id = row.ident("cadre_id")
    session_id = row.ident("session_id")
    status = row.value("status", parse_status, required=True)
    hours = row.value("hours", cells.parse_hours)
    left_on = row.value("left_on", cells.parse_date)
    completed = row.value("completed", cells.parse_bool, default=False)
    if status is Status.LEFT_EARLY and hours is None and row.ok:
        row.fail("hours", "", "left_early needs the hours actually done")
    if status is Status.ABSENT and hours:
        row.fail(
            "hours", row.text("hours"), "an absent cadre did no hours: leave it empty, or use left_early"
        )
    if status is not Status.LEFT_EARLY and (left_on is not None or completed):
        column = "left_on" if left_on is not None else "completed"
        row.fail(column, row.text(column), f"only a cadre who left early has a {column}")
    if not row.ok:
        return None
    return Attendance(
        row.file, row.line, cadre_id, session_id, status, hours, left_on, completed, row.text("note")
    )
