"""What the counts of the obligations read: a cadre's runs in the plan, their ledger rows, the cycle.

Read from the scenario's records after the "Precise meanings" of DOMAIN.md,
not from the product's ledger or serving rules: a run is one session, or every
segment of a segmented course (R15), and its facts (off-job and online hours,
days, systematic, professional, at a young cadres' venue) are read from the
sessions, courses and institutions.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from models import HistoryEntry, InstitutionKind, Plan, Scenario, Session, Theme
from optimizer.check.violations import known_assignments, run_id

SYSTEMATIC_KINDS = frozenset({InstitutionKind.PARTY_SCHOOL, InstitutionKind.CADRE_ACADEMY})
VENUE_KINDS = SYSTEMATIC_KINDS | {InstitutionKind.RED_BASE}
"""R16: where young cadres are trained (a party school, cadre academy or red base)."""
EPSILON = 1e-9
"""Keeps float noise (90 - 89.999…) from owing a whole extra hour or cadre."""


@dataclass
class Tally:
    """Owed and met counts of one rule."""

    owed: int = 0
    met: int = 0

    def add(self, met: bool) -> None:
        self.owed += 1
        self.met += int(met)


@dataclass(frozen=True)
class Run:
    """One run of a cadre in the plan: a session, or all segments of a segmented course (R15)."""

    end: date
    """The last segment's end."""
    systematic: bool
    """The first segment is systematic (systematic course at a party school or cadre academy)."""
    offjob_hours: int
    offjob_days: int
    """Days of the off-job segments, both ends included."""
    online_hours: int
    professional: bool
    """Its course's theme is ``professional`` (R17)."""
    at_venue: bool
    """A segment is at a party school, cadre academy or red base (R16)."""


@dataclass(frozen=True)
class Attended:
    """A cadre's runs in the plan, and the courses of their segments."""

    runs: tuple[Run, ...] = ()
    courses: frozenset[str] = frozenset()

    @property
    def offjob_hours(self) -> int:
        return sum(run.offjob_hours for run in self.runs)

    @property
    def online_hours(self) -> int:
        return sum(run.online_hours for run in self.runs)

    @property
    def systematic_hours(self) -> int:
        """Off-job hours of the systematic runs (R3b)."""
        return sum(run.offjob_hours for run in self.runs if run.systematic)

    @property
    def systematic_ends(self) -> tuple[date, ...]:
        return tuple(run.end for run in self.runs if run.systematic)

    @property
    def offjob(self) -> bool:
        """At least one off-job session (R12 summons rate)."""
        return any(run.offjob_days > 0 for run in self.runs)


NOTHING = Attended()


def attended_by_cadre(scenario: Scenario, plan: Plan) -> dict[str, Attended]:
    """Per cadre with an assignment: their runs and courses in the plan."""
    segments_by_run: dict[str, dict[str, list[Session]]] = defaultdict(lambda: defaultdict(list))
    for a, session in known_assignments(scenario, plan):
        segments_by_run[a.cadre_id][run_id(session)].append(session)
    return {
        cadre_id: Attended(
            runs=tuple(_run(scenario, segments) for segments in by_run.values()),
            courses=frozenset(s.course_id for segments in by_run.values() for s in segments),
        )
        for cadre_id, by_run in segments_by_run.items()
    }


def _run(scenario: Scenario, segments: list[Session]) -> Run:
    first = min(segments, key=lambda s: s.start)
    kinds = [scenario.institution_by_id[s.institution_id].kind for s in segments]
    offjob = [s for s, kind in zip(segments, kinds, strict=True) if kind is not InstitutionKind.ONLINE]
    return Run(
        end=max(s.end for s in segments),
        systematic=is_systematic(scenario, first),
        offjob_hours=sum(s.hours for s in offjob),
        offjob_days=sum((s.end - s.start).days + 1 for s in offjob),
        online_hours=sum(s.hours for s in segments) - sum(s.hours for s in offjob),
        professional=scenario.course_by_id[first.course_id].theme is Theme.PROFESSIONAL,
        at_venue=any(kind in VENUE_KINDS for kind in kinds),
    )


def is_systematic(scenario: Scenario, session: Session) -> bool:
    """Its course is systematic and its institution a party school or cadre academy."""
    kind = scenario.institution_by_id[session.institution_id].kind
    return scenario.course_by_id[session.course_id].systematic and kind in SYSTEMATIC_KINDS


def rows_by_cadre(scenario: Scenario) -> dict[str, list[HistoryEntry]]:
    """The ledger rows of each cadre."""
    rows: dict[str, list[HistoryEntry]] = defaultdict(list)
    for entry in scenario.history:
        rows[entry.cadre_id].append(entry)
    return rows


def cycle_of(scenario: Scenario, year: int) -> tuple[int, int]:
    """First and last year of the ``cycle_years`` cycle from ``cycle_start`` that holds ``year``."""
    length = scenario.policy.cycle_years
    first = scenario.cycle_start + (year - scenario.cycle_start) // length * length
    return first, first + length - 1
