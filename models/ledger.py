"""The training ledger (``history.csv``) summarised per cadre for one plan year."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from models.entities import HistoryEntry
from models.scenario import Scenario


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

    cycle_hours: float
    """Off-job hours of rows starting from 1 January of the cycle's first year to the plan year's end."""
    year_hours: float
    """Off-job hours of ledger rows starting in the plan year."""
    last_systematic_end: date | None
    """End of the last systematic row; online rows never count as systematic."""
    courses_taken: frozenset[str]
    trained_in_year: bool
    """Any ledger row (off-job or online) starting in the plan year."""
    systematic_ends: tuple[date, ...] = ()


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
        rows: dict[str, list[HistoryEntry]] = defaultdict(list)
        for entry in scenario.history:
            rows[entry.cadre_id].append(entry)
        self._by_cadre = {cadre_id: self._summarise(entries) for cadre_id, entries in rows.items()}

    def __getitem__(self, cadre_id: str) -> CadreLedger:
        return self._by_cadre.get(cadre_id, EMPTY)

    def _summarise(self, entries: list[HistoryEntry]) -> CadreLedger:
        first = self.cycle[0]
        # Rows after the plan year (a replanned past year) must not lower what the plan year owes.
        cycle_hours = sum(e.hours for e in entries if not e.online and first <= e.start.year <= self.year)
        in_year = [e for e in entries if e.start.year == self.year]
        # A systematic session is held at a party school or cadre academy, never online.
        systematic_ends = tuple(sorted(e.end for e in entries if e.systematic and not e.online))
        return CadreLedger(
            cycle_hours=cycle_hours,
            year_hours=sum(e.hours for e in in_year if not e.online),
            last_systematic_end=systematic_ends[-1] if systematic_ends else None,
            courses_taken=frozenset(e.course_id for e in entries),
            trained_in_year=bool(in_year),
            systematic_ends=systematic_ends,
        )

    def systematic_since(self, cadre_id: str, day: date) -> bool:
        """Whether the cadre finished a systematic course on or after ``day``."""
        return any(end >= day for end in self[cadre_id].systematic_ends)
