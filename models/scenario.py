"""The Scenario: every record of one planning problem, immutable, with lookups."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field, replace
from functools import cached_property
from pathlib import Path

from models.entities import (
    Cadre,
    Course,
    HistoryEntry,
    Institution,
    Pin,
    Policy,
    Session,
    Summons,
    Unit,
    Weights,
)
from models.messages import Message, message


@dataclass(frozen=True)
class Scenario:
    """One planning problem; make variants with :func:`dataclasses.replace` or :mod:`models.variants`."""

    name: str
    cycle_start: int
    units: tuple[Unit, ...]
    cadres: tuple[Cadre, ...]
    institutions: tuple[Institution, ...]
    courses: tuple[Course, ...]
    sessions: tuple[Session, ...]
    summons: tuple[Summons, ...] = ()
    history: tuple[HistoryEntry, ...] = ()
    pinned: tuple[Pin, ...] = ()
    policy: Policy = field(default_factory=Policy)
    budget_total: int | None = None
    weights: Weights = field(default_factory=Weights)
    source: Path | None = None
    plan_year: int | None = None
    """The year the scenario is made for, when its settings say (``plan-close`` writes the next year's)."""

    def describe(self) -> Message:
        """The scenario in one line: its name and how many of each record it holds."""
        return message(
            "scenario.summary",
            name=repr(self.name),
            cadres=len(self.cadres),
            units=len(self.units),
            sessions=len(self.sessions),
            institutions=len(self.institutions),
            summons=len(self.summons),
            history=len(self.history),
        )

    def __str__(self) -> str:
        return str(self.describe())

    def replace(self, **changes: object) -> Scenario:
        """A copy with some fields changed; the original is untouched."""
        return replace(self, **changes)  # type: ignore[arg-type]

    # Lookups are computed once per (immutable) scenario.
    @cached_property
    def unit_by_id(self) -> dict[str, Unit]:
        return {u.unit_id: u for u in self.units}

    @cached_property
    def cadre_by_id(self) -> dict[str, Cadre]:
        return {c.cadre_id: c for c in self.cadres}

    @cached_property
    def institution_by_id(self) -> dict[str, Institution]:
        return {i.institution_id: i for i in self.institutions}

    @cached_property
    def course_by_id(self) -> dict[str, Course]:
        return {c.course_id: c for c in self.courses}

    @cached_property
    def session_by_id(self) -> dict[str, Session]:
        return {s.session_id: s for s in self.sessions}

    @cached_property
    def segments_by_group(self) -> dict[str, tuple[Session, ...]]:
        """Each session group (a session, or all segments of one run) in date order."""
        groups: dict[str, list[Session]] = defaultdict(list)
        for session in self.sessions:
            groups[session.group_id].append(session)
        return {gid: tuple(sorted(ss, key=lambda s: (s.start, s.session_id))) for gid, ss in groups.items()}

    @cached_property
    def cadres_by_unit(self) -> dict[str, tuple[Cadre, ...]]:
        grouped: dict[str, list[Cadre]] = defaultdict(list)
        for cadre in self.cadres:
            grouped[cadre.unit_id].append(cadre)
        return {u.unit_id: tuple(grouped.get(u.unit_id, ())) for u in self.units}

    @cached_property
    def children_by_unit(self) -> dict[str, tuple[str, ...]]:
        children: dict[str, list[str]] = defaultdict(list)
        for unit in self.units:
            if unit.parent_id:
                children[unit.parent_id].append(unit.unit_id)
        return {u.unit_id: tuple(children.get(u.unit_id, ())) for u in self.units}

    @cached_property
    def ancestors_by_unit(self) -> dict[str, tuple[str, ...]]:
        """Each unit with its ancestors, itself first (the tree is acyclic once loaded)."""
        result: dict[str, tuple[str, ...]] = {}
        for unit in self.units:
            chain = [unit.unit_id]
            parent = unit.parent_id
            while parent and parent in self.unit_by_id and parent not in chain:
                chain.append(parent)
                parent = self.unit_by_id[parent].parent_id
            result[unit.unit_id] = tuple(chain)
        return result

    @cached_property
    def summons_by_cadre(self) -> dict[str, tuple[Summons, ...]]:
        grouped: dict[str, list[Summons]] = defaultdict(list)
        for summons in self.summons:
            grouped[summons.cadre_id].append(summons)
        return {k: tuple(v) for k, v in grouped.items()}

    def is_systematic(self, session: Session) -> bool:
        """A systematic session: systematic course at a party school or cadre academy."""
        course = self.course_by_id[session.course_id]
        kind = self.institution_by_id[session.institution_id].kind
        return course.systematic and kind.value in ("party_school", "cadre_academy")

    def is_online(self, session: Session) -> bool:
        return self.institution_by_id[session.institution_id].online

    def offjob_hours(self, session: Session) -> int:
        """R10: online hours never count as off-job."""
        return 0 if self.is_online(session) else session.hours

    def away_cap(self, unit_id: str) -> int:
        """R9: at most max(1, floor(share x headcount)) cadres of a unit away on any day."""
        unit = self.unit_by_id[unit_id]
        share = self.policy.max_away_share if unit.max_away_share is None else unit.max_away_share
        headcount = len(self.cadres_by_unit[unit_id])
        return max(1, int(share * headcount + 1e-9))

    def is_eligible_audience(self, cadre: Cadre, session: Session) -> bool:
        """Audience ranks, categories and (extension) units of a session admit the cadre."""
        if session.audience_ranks and cadre.rank not in session.audience_ranks:
            return False
        if session.audience_categories and cadre.category not in session.audience_categories:
            return False
        if session.audience_units:
            return not session.audience_units.isdisjoint(self.ancestors_by_unit[cadre.unit_id])
        return True

    def plan_year_sessions(self, year: int) -> tuple[Session, ...]:
        return tuple(s for s in self.sessions if s.start.year == year)
