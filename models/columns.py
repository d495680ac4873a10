"""Reading the large tables (cadres and the ledger) a column at a time.

Each distinct cell text of a column is parsed once; any row with a problem
goes through its row-by-row ``*_from`` function of :mod:`models.rows`
instead, which reports it exactly as for a small file.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

from models import cells
from models.csvfile import Table
from models.entities import Cadre, DateRange, HistoryEntry
from models.rows import (
    CADRE_COLUMNS,
    CADRE_OPTIONAL,
    HISTORY_COLUMNS,
    HISTORY_OPTIONAL,
    parse_category,
    parse_rank,
)

T = TypeVar("T")

IDENT = "ident"
TEXT = "text"


@dataclass(frozen=True, slots=True)
class Field:
    """One column of a record: ``kind`` is IDENT, TEXT or a parser."""

    column: str
    kind: Any
    required: bool = False
    default: Any = None


def parse_unavailable(text: str) -> tuple[DateRange, ...]:
    return tuple(DateRange(first, last) for first, last in cells.parse_ranges(text))


CADRE_FIELDS = (
    Field("cadre_id", IDENT, True),
    Field("name", TEXT, True),
    Field("unit_id", IDENT, True),
    Field("rank", parse_rank, True),
    Field("category", parse_category, True),
    Field("top_leader", cells.parse_bool, default=False),
    Field("young", cells.parse_bool, default=False),
    Field("promoted_on", cells.parse_date),
    Field("unavailable", parse_unavailable, default=()),
)
HISTORY_FIELDS = (
    Field("cadre_id", IDENT, True),
    Field("course_id", IDENT, True),
    Field("start", cells.parse_date, True),
    Field("end", cells.parse_date, True),
    Field("hours", cells.parse_hours, True, 0.0),
    Field("systematic", cells.parse_bool, default=False),
    Field("online", cells.parse_bool, default=False),
    Field("institution_id", IDENT),
)


class _Bad:
    """Marks a cell with a problem in a parsed column."""


BAD = _Bad()


def _is_ident(text: str) -> bool:
    return text.isascii() and text.isprintable() and " " not in text and ";" not in text


def _column(texts: list[str], field: Field) -> list[Any]:
    """``texts`` parsed by ``field``; BAD where a cell has a problem."""
    parsed: dict[str, Any] = {}
    for text in set(texts):
        if not text:
            parsed[text] = BAD if field.required else field.default
        elif field.kind is TEXT:
            parsed[text] = text
        elif field.kind is IDENT:
            parsed[text] = text if _is_ident(text) else BAD
        else:
            try:
                parsed[text] = field.kind(text)
            except ValueError:
                parsed[text] = BAD
    return [parsed[text] for text in texts]


def records_by_columns(
    table: Table,
    fields: tuple[Field, ...],
    build: Callable[..., T],
    one_by_one: Callable[[int, dict[str, str]], T | None],
    known: tuple[str, ...],
    fits: Callable[[tuple[Any, ...]], bool] | None = None,
) -> list[tuple[int, T]]:
    """The records of ``table``'s rows, with their lines, built column by column.

    Parameters
    ----------
    fields
        The record's columns, in the order ``build`` takes them.
    build
        Makes a record from the parsed values and ``extra=``.
    one_by_one
        The row-by-row reader (which reports problems); used for every row
        with a bad cell or whose values do not ``fit``.
    known
        The columns of the contract; the others are kept as ``extra``.
    """
    header = table.header
    columns = [_column(table.column(field.column), field) for field in fields]
    extra_columns = tuple(k for k in header if k and k not in known)
    extra_index = [header.index(k) for k in extra_columns]
    good = [BAD not in values for values in zip(*columns, strict=True)]
    if fits is not None:
        good = [ok and fits(values) for ok, values in zip(good, zip(*columns, strict=True), strict=True)]
    records = []
    rows = zip(table.lines, table.cells, zip(*columns, strict=True), good, strict=True)
    for line, row_cells, values, ok in rows:
        if not ok:
            record = one_by_one(line, dict(zip(header, row_cells, strict=True)))
        elif extra_columns:
            extra = tuple((k, row_cells[i]) for k, i in zip(extra_columns, extra_index, strict=True))
            record = build(*values, extra)
        else:
            record = build(*values)
        if record is not None:
            records.append((line, record))
    return records


def _starts_before_end(values: tuple[Any, ...]) -> bool:
    return bool(values[2] <= values[3])


def cadres_by_columns(
    table: Table, one_by_one: Callable[[int, dict[str, str]], Cadre | None]
) -> list[tuple[int, Cadre]]:
    """Every row of cadres.csv; the same records and problems as :func:`cadre_from` row by row."""
    return records_by_columns(table, CADRE_FIELDS, Cadre, one_by_one, CADRE_COLUMNS + CADRE_OPTIONAL)


def history_by_columns(
    table: Table, one_by_one: Callable[[int, dict[str, str]], HistoryEntry | None]
) -> list[tuple[int, HistoryEntry]]:
    """Every row of history.csv; the same records and problems as :func:`history_from` row by row."""
    return records_by_columns(
        table,
        HISTORY_FIELDS,
        HistoryEntry,
        one_by_one,
        HISTORY_COLUMNS + HISTORY_OPTIONAL,
        _starts_before_end,
    )
