"""Turning one CSV row into one domain record, collecting every bad cell."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from typing import Any, TypeVar

from models import cells
from models.entities import (
    Cadre,
    Category,
    Course,
    DateRange,
    Extra,
    HistoryEntry,
    Institution,
    InstitutionKind,
    Pin,
    Rank,
    Session,
    Summons,
    Theme,
    Unit,
)
from models.errors import Collector

T = TypeVar("T")

MAX_BEDS = 100_000
MAX_COST_PER_DAY = 100_000
MAX_COST_PER_HEAD = 10_000_000
"""Yuan; beyond these a number is a typo, and sums of them would overflow the solver's 64 bits."""

# Parsers with their arguments bound once, so that RowReader's memo knows them row after row.
parse_rank = partial(cells.parse_enum, kind=Rank)
parse_category = partial(cells.parse_enum, kind=Category)
parse_institution_kind = partial(cells.parse_enum, kind=InstitutionKind)
parse_theme = partial(cells.parse_enum, kind=Theme)
parse_ranks = partial(cells.parse_enum_list, kind=Rank)
parse_categories = partial(cells.parse_enum_list, kind=Category)
parse_beds = partial(cells.parse_int, minimum=0, maximum=MAX_BEDS)
parse_cost_per_day = partial(cells.parse_int, minimum=0, maximum=MAX_COST_PER_DAY)
parse_cost_per_head = partial(cells.parse_int, minimum=0, maximum=MAX_COST_PER_HEAD)
parse_session_hours = partial(cells.parse_int, minimum=0, maximum=10_000)
parse_headcount = partial(cells.parse_int, minimum=0, maximum=100_000)


@dataclass(frozen=True, slots=True)
class BadCell:
    """A parser's complaint about a cell value, remembered for the next cell with the same text."""

    message: str


class RowReader:
    """Reads typed cells from one row; a bad cell is reported and marks the row bad.

    ``memo`` is shared by the rows of one table: a cell text parsed once (a
    date, a rank, a number of hours) is not parsed again. It assumes every row
    has the table's columns, and parsers that are module-level functions (not
    lambdas made per row). A large scenario has a great many cells, hence the
    plain code below.
    """

    __slots__ = ("file", "line", "cells", "problems", "ok", "memo")

    def __init__(
        self,
        file: str,
        line: int,
        cells_by_column: dict[str, str],
        problems: Collector,
        memo: dict[Any, Any] | None = None,
    ):
        self.file = file
        self.line = line
        self.cells = cells_by_column
        self.problems = problems
        self.ok = True
        self.memo = {} if memo is None else memo

    def fail(self, column: str | None, value: object, message: str) -> None:
        self.problems.add(self.file, self.line, column, value, message)
        self.ok = False

    def text(self, column: str, required: bool = False) -> str:
        value = self.cells.get(column, "")
        if required and not value:
            self.fail(column, value, "a value is required here")
        return value

    def ident(self, column: str, required: bool = True) -> str:
        """An id: printable ASCII without blanks or ``;``."""
        value = self.cells.get(column, "")
        if not value:
            if required:
                self.fail(column, value, "a value is required here")
        elif not (value.isascii() and value.isprintable() and " " not in value and ";" not in value):
            self.fail(
                column, value, "an id must be plain ASCII letters, digits or signs, without spaces or ';'"
            )
        return value

    def value(
        self, column: str, parse: Callable[[str], T], required: bool = False, default: Any = None
    ) -> Any:
        raw = self.cells.get(column, "")
        if not raw:
            if required:
                self.fail(column, raw, "a value is required here")
            return default
        try:
            parsed = self.memo[parse, raw]
        except KeyError:
            try:
                parsed = parse(raw)
            except ValueError as error:
                parsed = BadCell(str(error))
            self.memo[parse, raw] = parsed
        if parsed.__class__ is BadCell:
            self.fail(column, raw, parsed.message)
            return default
        return parsed

    def extra(self, known: tuple[str, ...]) -> Extra:
        """The cells of columns the contract does not name (kept, in the file's order)."""
        try:
            columns = self.memo["extra", known]
        except KeyError:
            columns = self.memo["extra", known] = tuple(k for k in self.cells if k and k not in known)
        if not columns:
            return ()
        return tuple((k, self.cells[k]) for k in columns)


UNIT_COLUMNS = ("unit_id", "name", "parent_id")
UNIT_OPTIONAL = ("max_away_share", "budget")
CADRE_COLUMNS = ("cadre_id", "name", "unit_id", "rank", "category")
CADRE_OPTIONAL = ("top_leader", "young", "promoted_on", "unavailable")
INSTITUTION_COLUMNS = ("institution_id", "name", "kind", "cost_per_day")
INSTITUTION_OPTIONAL = ("city", "beds")
COURSE_COLUMNS = ("course_id", "title", "theme")
COURSE_OPTIONAL = ("systematic", "theory_share", "party_spirit_share")
SESSION_COLUMNS = ("session_id", "course_id", "institution_id", "organiser", "start", "end", "seats")
SESSION_OPTIONAL = (
    "hours",
    "min_enrolment",
    "audience_ranks",
    "audience_categories",
    "audience_units",
    "cost_per_head",
    "segment_of",
)
SUMMONS_COLUMNS = ("cadre_id", "course_id")
SUMMONS_OPTIONAL = ("organiser", "reason")
PIN_COLUMNS = ("cadre_id", "session_id")
PIN_OPTIONAL = ("note",)
HISTORY_COLUMNS = ("cadre_id", "course_id", "start", "end", "hours")
HISTORY_OPTIONAL = ("systematic", "online", "institution_id")


def unit_from(row: RowReader) -> Unit | None:
    record = Unit(
        unit_id=row.ident("unit_id"),
        name=row.text("name", required=True),
        parent_id=row.ident("parent_id", required=False) or None,
        max_away_share=row.value("max_away_share", cells.parse_share),
        budget=row.value("budget", cells.parse_int),
        extra=row.extra(UNIT_COLUMNS + UNIT_OPTIONAL),
    )
    return record if row.ok else None


def cadre_from(row: RowReader) -> Cadre | None:
    ranges = row.value("unavailable", cells.parse_ranges, default=[])
    record = Cadre(
        cadre_id=row.ident("cadre_id"),
        name=row.text("name", required=True),
        unit_id=row.ident("unit_id"),
        rank=row.value("rank", parse_rank, required=True),
        category=row.value("category", parse_category, required=True),
        top_leader=row.value("top_leader", cells.parse_bool, default=False),
        young=row.value("young", cells.parse_bool, default=False),
        promoted_on=row.value("promoted_on", cells.parse_date),
        unavailable=tuple(DateRange(a, b) for a, b in ranges),
        extra=row.extra(CADRE_COLUMNS + CADRE_OPTIONAL),
    )
    return record if row.ok else None


def institution_from(row: RowReader) -> Institution | None:
    record = Institution(
        institution_id=row.ident("institution_id"),
        name=row.text("name", required=True),
        kind=row.value("kind", parse_institution_kind, required=True),
        city=row.text("city"),
        beds=row.value("beds", parse_beds),
        cost_per_day=row.value("cost_per_day", parse_cost_per_day, required=True, default=0),
        extra=row.extra(INSTITUTION_COLUMNS + INSTITUTION_OPTIONAL),
    )
    return record if row.ok else None


def course_from(row: RowReader) -> Course | None:
    record = Course(
        course_id=row.ident("course_id"),
        title=row.text("title", required=True),
        theme=row.value("theme", parse_theme, required=True),
        systematic=row.value("systematic", cells.parse_bool, default=False),
        theory_share=row.value("theory_share", cells.parse_share),
        party_spirit_share=row.value("party_spirit_share", cells.parse_share),
        extra=row.extra(COURSE_COLUMNS + COURSE_OPTIONAL),
    )
    if row.ok and (record.theory_share or 0) + (record.party_spirit_share or 0) > 1.0 + 1e-9:
        message = "theory and party-spirit shares add up to more than 1"
        row.fail("party_spirit_share", record.party_spirit_share, message)
    return record if row.ok else None


def summons_from(row: RowReader) -> Summons | None:
    record = Summons(
        cadre_id=row.ident("cadre_id"),
        course_id=row.ident("course_id"),
        organiser=row.text("organiser"),
        reason=row.text("reason"),
        extra=row.extra(SUMMONS_COLUMNS + SUMMONS_OPTIONAL),
    )
    return record if row.ok else None


def pin_from(row: RowReader) -> Pin | None:
    record = Pin(
        cadre_id=row.ident("cadre_id"),
        session_id=row.ident("session_id"),
        note=row.text("note"),
        extra=row.extra(PIN_COLUMNS + PIN_OPTIONAL),
    )
    return record if row.ok else None


def history_from(row: RowReader) -> HistoryEntry | None:
    start = row.value("start", cells.parse_date, required=True)
    end = row.value("end", cells.parse_date, required=True)
    if start and end and end < start:
        row.fail("end", end.isoformat(), f"ends before it starts on {start.isoformat()}")
    record = HistoryEntry(
        cadre_id=row.ident("cadre_id"),
        course_id=row.ident("course_id"),
        start=start,
        end=end,
        hours=row.value("hours", cells.parse_hours, required=True, default=0.0),
        systematic=row.value("systematic", cells.parse_bool, default=False),
        online=row.value("online", cells.parse_bool, default=False),
        # Not checked against institutions.csv: a ledger row may name a school outside the scenario's list.
        institution_id=row.ident("institution_id", required=False) or None,
        extra=row.extra(HISTORY_COLUMNS + HISTORY_OPTIONAL),
    )
    return record if row.ok else None


def session_from(
    row: RowReader,
    institutions: dict[str, Institution],
    hours_per_day: int,
) -> Session | None:
    """A session; its default hours and cost per head come from its days and institution."""
    start = row.value("start", cells.parse_date, required=True)
    end = row.value("end", cells.parse_date, required=True)
    if start and end and end < start:
        row.fail("end", end.isoformat(), f"ends before it starts on {start.isoformat()}")
    days = (end - start).days + 1 if row.ok else 1
    institution = institutions.get(row.cells.get("institution_id", ""))
    default_cost = days * institution.cost_per_day if institution else 0
    record = Session(
        session_id=row.ident("session_id"),
        course_id=row.ident("course_id"),
        institution_id=row.ident("institution_id"),
        organiser=row.text("organiser"),
        start=start,
        end=end,
        hours=row.value("hours", parse_session_hours, default=days * hours_per_day),
        seats=row.value("seats", parse_headcount, required=True, default=0),
        cost_per_head=row.value("cost_per_head", parse_cost_per_head, default=default_cost),
        min_enrolment=row.value("min_enrolment", parse_headcount, default=0),
        audience_ranks=row.value("audience_ranks", parse_ranks, default=frozenset()),
        audience_categories=row.value("audience_categories", parse_categories, default=frozenset()),
        audience_units=frozenset(cells.split_list(row.text("audience_units"))),
        segment_of=row.ident("segment_of", required=False) or None,
        extra=row.extra(SESSION_COLUMNS + SESSION_OPTIONAL),
    )
    if row.ok and record.min_enrolment > record.seats:
        row.fail(
            "min_enrolment", record.min_enrolment, f"minimum enrolment is more than the {record.seats} seats"
        )
    if row.ok and record.segment_of == record.session_id:
        row.fail("segment_of", record.segment_of, "a session cannot be a segment of itself")
    return record if row.ok else None
