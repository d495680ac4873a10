"""The scenario's tables as columns of a kind: what a workbook sheet, a template and a writer share.

The contract (DOMAIN.md) names each table's columns; here each column also has a
:class:`Kind`, which says how a spreadsheet cell holds it (a number, a date, a
drop-down of allowed words, plain text) and how a record's value is written back.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

from models import rows as r
from models.entities import Category, InstitutionKind, Rank, Theme


class Kind(str, Enum):
    ID = "id"
    TEXT = "text"
    INT = "int"
    NUMBER = "number"
    SHARE = "share"
    BOOL = "bool"
    DATE = "date"
    ENUM = "enum"
    ENUM_LIST = "enum_list"
    ID_LIST = "id_list"
    RANGES = "ranges"


NUMERIC = frozenset({Kind.INT, Kind.NUMBER, Kind.SHARE})


@dataclass(frozen=True)
class Column:
    """One column of a table: its contract id, its kind and, for words, the allowed ones."""

    name: str
    kind: Kind
    required: bool
    allowed: tuple[str, ...] = ()
    """The words an ``ENUM`` or ``ENUM_LIST`` cell may hold."""


@dataclass(frozen=True)
class Sheet:
    """One table of the scenario: its file (``cadres.csv``), its sheet (``cadres``) and its columns."""

    file: str
    columns: tuple[Column, ...]
    optional_table: bool = False

    @property
    def name(self) -> str:
        return self.file.removesuffix(".csv")

    @property
    def required(self) -> tuple[str, ...]:
        return tuple(c.name for c in self.columns if c.required)

    @property
    def optional(self) -> tuple[str, ...]:
        return tuple(c.name for c in self.columns if not c.required)

    def column(self, name: str) -> Column | None:
        return next((c for c in self.columns if c.name == name), None)


def _words(kind: type[Enum]) -> tuple[str, ...]:
    return tuple(str(member.value) for member in kind)


KINDS = {
    "unit_id": Kind.ID,
    "parent_id": Kind.ID,
    "cadre_id": Kind.ID,
    "institution_id": Kind.ID,
    "course_id": Kind.ID,
    "session_id": Kind.ID,
    "segment_of": Kind.ID,
    "max_away_share": Kind.SHARE,
    "theory_share": Kind.SHARE,
    "party_spirit_share": Kind.SHARE,
    "budget": Kind.INT,
    "beds": Kind.INT,
    "cost_per_day": Kind.INT,
    "cost_per_head": Kind.INT,
    "seats": Kind.INT,
    "min_enrolment": Kind.INT,
    "top_leader": Kind.BOOL,
    "young": Kind.BOOL,
    "systematic": Kind.BOOL,
    "online": Kind.BOOL,
    "promoted_on": Kind.DATE,
    "start": Kind.DATE,
    "end": Kind.DATE,
    "unavailable": Kind.RANGES,
    "audience_units": Kind.ID_LIST,
}
"""The kind of a column by its id, wherever it stands (the contract uses one meaning per id)."""
WORDS = {
    "rank": (Kind.ENUM, _words(Rank)),
    "category": (Kind.ENUM, _words(Category)),
    "kind": (Kind.ENUM, _words(InstitutionKind)),
    "theme": (Kind.ENUM, _words(Theme)),
    "audience_ranks": (Kind.ENUM_LIST, _words(Rank)),
    "audience_categories": (Kind.ENUM_LIST, _words(Category)),
}


ORDER = {
    "units.csv": ("unit_id", "name", "parent_id", "max_away_share", "budget"),
    "cadres.csv": (
        "cadre_id",
        "name",
        "unit_id",
        "rank",
        "category",
        "top_leader",
        "young",
        "promoted_on",
        "unavailable",
    ),
    "institutions.csv": ("institution_id", "name", "kind", "city", "beds", "cost_per_day"),
    "courses.csv": ("course_id", "title", "theme", "systematic", "theory_share", "party_spirit_share"),
    "sessions.csv": (
        "session_id",
        "course_id",
        "institution_id",
        "organiser",
        "start",
        "end",
        "hours",
        "seats",
        "min_enrolment",
        "audience_ranks",
        "audience_categories",
        "cost_per_head",
        "segment_of",
        "audience_units",
    ),
    "summons.csv": ("cadre_id", "course_id", "organiser", "reason"),
    "history.csv": (
        "cadre_id",
        "course_id",
        "start",
        "end",
        "hours",
        "systematic",
        "online",
        "institution_id",
    ),
    "pinned.csv": ("cadre_id", "session_id", "note"),
}
"""Each table's columns in the order DOMAIN.md lists them (the shipped files' order)."""


def _sheet(file: str, required: tuple[str, ...], optional: tuple[str, ...], hours: Kind) -> Sheet:
    assert sorted(ORDER[file]) == sorted(required + optional), file
    columns = []
    for name in ORDER[file]:
        kind, allowed = WORDS.get(name, (KINDS.get(name, Kind.TEXT), ()))
        if name == "hours":
            kind = hours
        columns.append(Column(name, kind, name in required, allowed))
    return Sheet(file, tuple(columns), optional_table=file in ("summons.csv", "pinned.csv"))


SHEETS = (
    _sheet("units.csv", r.UNIT_COLUMNS, r.UNIT_OPTIONAL, Kind.INT),
    _sheet("cadres.csv", r.CADRE_COLUMNS, r.CADRE_OPTIONAL, Kind.INT),
    _sheet("institutions.csv", r.INSTITUTION_COLUMNS, r.INSTITUTION_OPTIONAL, Kind.INT),
    _sheet("courses.csv", r.COURSE_COLUMNS, r.COURSE_OPTIONAL, Kind.INT),
    _sheet("sessions.csv", r.SESSION_COLUMNS, r.SESSION_OPTIONAL, Kind.INT),
    _sheet("summons.csv", r.SUMMONS_COLUMNS, r.SUMMONS_OPTIONAL, Kind.INT),
    _sheet("history.csv", r.HISTORY_COLUMNS, r.HISTORY_OPTIONAL, Kind.NUMBER),
    _sheet("pinned.csv", r.PIN_COLUMNS, r.PIN_OPTIONAL, Kind.INT),
)
"""Every table, in the order a workbook shows them (the loader's ``FILES``)."""
SHEET_BY_FILE = {sheet.file: sheet for sheet in SHEETS}
SHEET_BY_NAME = {sheet.name: sheet for sheet in SHEETS}
SETTINGS_SHEET = "scenario"
"""The workbook's sheet of ``scenario.toml``'s settings: columns ``key`` and ``value``."""
SETTINGS_COLUMNS = ("key", "value")
