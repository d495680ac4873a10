"""Immutable domain records of the scenario contract (see DOMAIN.md).

Every record is a frozen dataclass; the loader (:mod:`models.loader`) is the
only place that parses text, so records hold typed, validated values.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import Enum


class Rank(str, Enum):
    BUREAU = "bureau"
    DIVISION = "division"
    SECTION = "section"
    STAFF = "staff"


class Category(str, Enum):
    LEADERSHIP = "leadership"
    CIVIL_SERVANT = "civil_servant"
    ENTERPRISE = "enterprise"
    PUBLIC_INSTITUTION = "public_institution"
    PROFESSIONAL = "professional"
    GRASSROOTS = "grassroots"


class InstitutionKind(str, Enum):
    PARTY_SCHOOL = "party_school"
    CADRE_ACADEMY = "cadre_academy"
    SOCIALIST_COLLEGE = "socialist_college"
    RED_BASE = "red_base"
    UNIVERSITY = "university"
    ONLINE = "online"


class Theme(str, Enum):
    THEORY = "theory"
    PARTY_SPIRIT = "party_spirit"
    PROFESSIONAL = "professional"
    KNOWLEDGE = "knowledge"


LEADER_RANKS = frozenset({Rank.BUREAU, Rank.DIVISION})

Extra = tuple[tuple[str, str], ...]
"""Columns beyond the contract, kept in file order as (name, value) pairs."""


@dataclass(frozen=True, slots=True)
class DateRange:
    """A closed range of days, both ends included."""

    first: date
    last: date

    def overlaps(self, start: date, end: date) -> bool:
        return self.first <= end and start <= self.last

    def __str__(self) -> str:
        return f"{self.first.isoformat()}..{self.last.isoformat()}"


@dataclass(frozen=True, slots=True)
class Unit:
    unit_id: str
    name: str
    parent_id: str | None = None
    max_away_share: float | None = None
    budget: int | None = None
    extra: Extra = ()


@dataclass(frozen=True, slots=True)
class Cadre:
    cadre_id: str
    name: str
    unit_id: str
    rank: Rank
    category: Category
    top_leader: bool = False
    young: bool = False
    promoted_on: date | None = None
    unavailable: tuple[DateRange, ...] = ()
    extra: Extra = ()

    @property
    def is_leader(self) -> bool:
        """A leader in the sense of R5/R6: bureau or division rank, or in a leadership team."""
        return self.rank in LEADER_RANKS or self.category is Category.LEADERSHIP

    @property
    def in_leadership_team(self) -> bool:
        return self.category is Category.LEADERSHIP

    def is_available(self, start: date, end: date) -> bool:
        return not any(r.overlaps(start, end) for r in self.unavailable)


@dataclass(frozen=True, slots=True)
class Institution:
    institution_id: str
    name: str
    kind: InstitutionKind
    city: str = ""
    beds: int | None = None
    cost_per_day: int = 0
    extra: Extra = ()

    @property
    def online(self) -> bool:
        return self.kind is InstitutionKind.ONLINE


@dataclass(frozen=True, slots=True)
class Course:
    course_id: str
    title: str
    theme: Theme
    systematic: bool = False
    theory_share: float | None = None
    party_spirit_share: float | None = None
    extra: Extra = ()


@dataclass(frozen=True, slots=True)
class Session:
    """One run of a course at one institution on fixed dates.

    ``hours`` and ``cost_per_head`` are resolved by the loader (defaults:
    days x hours per day, days x the institution's cost per day).
    ``audience_units`` is an optional extension column: the session is open
    only to cadres of those units' subtrees.
    """

    session_id: str
    course_id: str
    institution_id: str
    organiser: str
    start: date
    end: date
    hours: int
    seats: int
    cost_per_head: int
    min_enrolment: int = 0
    audience_ranks: frozenset[Rank] = frozenset()
    audience_categories: frozenset[Category] = frozenset()
    audience_units: frozenset[str] = frozenset()
    segment_of: str | None = None
    extra: Extra = ()

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    @property
    def group_id(self) -> str:
        """The id of the first segment: all segments of one course run share it."""
        return self.segment_of or self.session_id


@dataclass(frozen=True, slots=True)
class Summons:
    cadre_id: str
    course_id: str
    organiser: str = ""
    reason: str = ""
    extra: Extra = ()


@dataclass(frozen=True, slots=True)
class Pin:
    """A confirmed assignment that every plan must keep (optional ``pinned.csv``)."""

    cadre_id: str
    session_id: str
    note: str = ""
    extra: Extra = ()


@dataclass(frozen=True, slots=True)
class HistoryEntry:
    """One row of the training ledger."""

    cadre_id: str
    course_id: str
    start: date
    end: date
    hours: float
    systematic: bool = False
    online: bool = False
    institution_id: str | None = None
    """Where the training took place (optional); may name an institution outside the scenario's list."""
    extra: Extra = ()

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1


@dataclass(frozen=True, slots=True)
class Policy:
    """Every setting of the rules (DOMAIN.md) with its default: numbers, a switch (R6b), a date (R16)."""

    cycle_years: int = 5  # R1
    leader_cycle_hours: int = 550  # R1
    annual_hours: int = 90  # R2
    systematic_every_years: int = 3  # R3
    remedial_after_years: int = 5  # R5
    promotion_deadline_months: int = 12  # R6
    team_share: float = 0.2  # R4
    max_away_share: float = 0.3  # R9
    hours_per_day: int = 8  # R10
    theory_party_min_share: float = 0.7  # R13
    party_spirit_min_share: float = 0.2  # R13
    per_capita_hours_leader: int = 110  # R12
    per_capita_hours_other: int = 90  # R12
    summons_rate_target: float = 0.3  # R12
    participation_rate_target: float = 0.9  # R12
    online_hours_per_year: float | None = None  # R12, per capita; None: no online target
    systematic_cycle_hours: int = 367  # R3b
    overdue_as_summons: bool = True  # R6b
    young_deadline: date = date(2021, 12, 31)  # R16
    professional_week_days: int = 5  # R17


@dataclass(frozen=True, slots=True)
class Weights:
    """Tie-breaking weights of the last (cost) stage of the objective.

    Obligations are always met in strict priority order; these only weigh
    cost (per yuan) against sessions run below half their seats.
    """

    cost: int = 1
    half_empty: int = 1000
    keep_assignment: int = 0
