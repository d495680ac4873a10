"""The training ledger (``history.csv``) summarised per cadre for one plan year."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from models.entities import HistoryEntry, InstitutionKind, Theme
from models.scenario import Scenario

VENUE_KINDS = frozenset(
    {InstitutionKind.PARTY_SCHOOL, InstitutionKind.CADRE_ACADEMY, InstitutionKind.RED_BASE}
)
"""Where R16's young cadres are trained: a party school, cadre academy or party-spirit (red) base."""


def cycle_years(cycle_start: int, cycle_length: int, year: int) -> tuple[int, int]:
    """First and last year of the training cycle that holds ``year``.

    Cycles repeat every ``cycle_length`` years from ``cycle_start`` (both
    directions), so a 2018 five-year cycle gives 2018-2022, then 2023-2027.
    """
    offset = (year - cycle_start) // cycle_length
    first = cycle_start + offset * cycle_length
    return first, first + cycle_length - 1


@dataclass(frozen=True, slots=True)
class CadreLedger:
    """What the ledger says of one cadre, seen from a plan year."""

    # Rows are counted by the year they end in (DOMAIN.md, "Counting conventions").
    cycle_hours: float
    """R1: off-job hours of rows ending from 1 January of the cycle's first year to the end of the year
    before the plan year."""
    year_hours: float
    """R2: off-job hours of ledger rows ending in the plan year."""
    last_systematic_end: date | None
    """End of the last systematic row; online rows never count as systematic."""
    courses_taken: frozenset[str]
    trained_in_year: bool
    """R4: any ledger row (off-job or online) ending in the plan year."""
    systematic_ends: tuple[date, ...] = ()
    systematic_cycle_hours: float = 0.0
    """R3b: systematic off-job hours of rows ending from 1 January of the cycle's first year to the
    end of the year before the plan year."""
    systematic_year_hours: float = 0.0
    """R3b: systematic off-job hours of rows ending in the plan year."""
    venue_ends: tuple[date, ...] = ()
    """R16: ends of rows at a party school, cadre academy or red base, in date order."""
    professional_days: int = 0
    """R17: the most days of one professional-theme course's off-job rows ending in the plan year
    (rows of one course are its linked segments: their days add up)."""
    attended_offjob: bool = False
    """R12 summons: an off-job row ending in the plan year."""
    attended: bool = False
    """R12 participation: any row (off-job or online) ending in the plan year."""
    offjob_hours_ended: float = 0.0
    """R12 hours: off-job hours of rows ending in the plan year."""
    online_hours_ended: float = 0.0
    """R12 online: online hours of rows ending in the plan year."""


EMPTY = CadreLedger(0.0, 0.0, None, frozenset(), False)


class Ledger:
    """Per-cadre ledger summaries for ``year``; cadres without rows get an empty one.

    Parameters
    ----------
    scenario
        The scenario whose ``history`` is summarised.
    year
        The plan year; it fixes the training cycle (``cycle``) and the year's rows.
    """

    def __init__(self, scenario: Scenario, year: int):
        self.year = year
        self.cycle = cycle_years(scenario.cycle_start, scenario.policy.cycle_years, year)
        self._scenario = scenario
        rows: dict[str, list[HistoryEntry]] = defaultdict(list)
        for entry in scenario.history:
            rows[entry.cadre_id].append(entry)
        self._by_cadre = {cadre_id: self._summarise(entries) for cadre_id, entries in rows.items()}

    def __getitem__(self, cadre_id: str) -> CadreLedger:
        return self._by_cadre.get(cadre_id, EMPTY)

    def _summarise(self, entries: list[HistoryEntry]) -> CadreLedger:
        first = self.cycle[0]
        # Rows after the plan year (a replanned past year) must not lower what the plan year owes.
        in_cycle = [e for e in entries if first <= e.end.year < self.year]
        cycle_hours = sum(e.hours for e in in_cycle if not e.online)
        in_year = [e for e in entries if e.end.year == self.year]
        # A systematic session is held at a party school or cadre academy, never online.
        systematic_ends = tuple(sorted(e.end for e in entries if e.systematic and not e.online))
        ended = [e for e in entries if e.end.year == self.year]
        offjob_ended = [e for e in ended if not e.online]
        return CadreLedger(
            cycle_hours=cycle_hours,
            year_hours=sum(e.hours for e in in_year if not e.online),
            last_systematic_end=systematic_ends[-1] if systematic_ends else None,
            courses_taken=frozenset(e.course_id for e in entries),
            trained_in_year=bool(in_year),
            systematic_ends=systematic_ends,
            systematic_cycle_hours=sum(e.hours for e in in_cycle if e.systematic and not e.online),
            systematic_year_hours=sum(e.hours for e in offjob_ended if e.systematic),
            venue_ends=tuple(sorted(e.end for e in entries if self._at_venue(e))),
            professional_days=self._professional_days(offjob_ended),
            attended_offjob=bool(offjob_ended),
            attended=bool(ended),
            offjob_hours_ended=sum(e.hours for e in offjob_ended),
            online_hours_ended=sum(e.hours for e in ended if e.online),
        )

    def _at_venue(self, entry: HistoryEntry) -> bool:
        """R16: the row's institution is a venue when the scenario knows it, else the row is systematic."""
        institution = self._scenario.institution_by_id.get(entry.institution_id or "")
        if institution is not None:
            return institution.kind in VENUE_KINDS
        return entry.systematic and not entry.online

    def _professional_days(self, offjob_ended: list[HistoryEntry]) -> int:
        """R17: days per professional-theme course (its segments add up), the most of any course."""
        days: dict[str, int] = defaultdict(int)
        for entry in offjob_ended:
            course = self._scenario.course_by_id.get(entry.course_id)
            if course is not None and course.theme is Theme.PROFESSIONAL:
                days[entry.course_id] += entry.days
        return max(days.values(), default=0)

    def systematic_since(self, cadre_id: str, day: date) -> bool:
        """Whether the cadre finished a systematic course on or after ``day``."""
        return any(end >= day for end in self[cadre_id].systematic_ends)

    def venue_between(self, cadre_id: str, first: date, last: date) -> bool:
        """R16: whether a row of the cadre at a party school, cadre academy or red base ends first..last."""
        return any(first <= end <= last for end in self[cadre_id].venue_ends)
