"""The training ledger: each cadre's past sessions, drawn so that some owe remedial or systematic courses."""

from __future__ import annotations

import random
from datetime import date

from models.entities import HistoryEntry
from scenarios.generator.cadres import Cadres
from scenarios.generator.courses import COURSE_YEARS, REGULAR_HISTORY, SYSTEMATIC, SYSTEMATIC_HISTORY
from scenarios.generator.settings import SECTION

HistoryRow = tuple[str, int, int, int, bool]  # course, start (date ordinal), days, hours, online


def build_history(cadres: Cadres, plan_year: int, cycle_start: int, rng: random.Random) -> list[HistoryEntry]:
    """Past sessions of every cadre over seven years, plus a few early in the plan year, cadre by cadre
    in date order; a course drawn twice for one cadre is kept once."""
    entries: list[HistoryEntry] = []
    ranks, leaders, promoted = cadres.rank.tolist(), cadres.leader.tolist(), cadres.promoted.tolist()
    for i in range(len(ranks)):
        rows = _cadre_history(ranks[i], leaders[i], promoted[i], plan_year, cycle_start, rng)
        taken: set[str] = set()
        for course, start, days, hours, online in sorted(rows, key=lambda row: row[1]):
            if course in taken:
                continue
            taken.add(course)
            entries.append(
                HistoryEntry(
                    Cadres.cadre_id(i),
                    course,
                    date.fromordinal(start),
                    date.fromordinal(start + days - 1),
                    hours,
                    course in SYSTEMATIC,
                    online,
                )
            )
    return entries


def _cadre_history(
    rank: int, leader: bool, promoted: int, plan_year: int, cycle_start: int, rng: random.Random
) -> list[HistoryRow]:
    """One cadre's rows, unsorted; a course drawn twice is kept once by the caller."""
    if leader:
        rows = _systematic_history(rank, promoted, plan_year, rng)
        for _ in range(rng.randint(0, 2)):  # more off-job hours in the current cycle
            rows.append(
                _row(
                    rng.choice(REGULAR_HISTORY),
                    rng.randint(min(cycle_start, plan_year - 1), plan_year - 1),
                    rng.choice((3, 4, 5, 7, 10)),
                    rng,
                )
            )
    else:
        rows = [
            _row(
                rng.choice(REGULAR_HISTORY),
                rng.randint(plan_year - 7, plan_year - 1),
                rng.choice((2, 3, 4, 5)),
                rng,
            )
            for _ in range(rng.randint(1, 3))
        ]
        if rng.random() < 0.06:  # already trained early in the plan year
            days = rng.randint(2, 5)
            rows.append(
                (
                    rng.choice(REGULAR_HISTORY),
                    date(plan_year, 1, 6).toordinal() + rng.randint(0, 10),
                    days,
                    days * 8,
                    False,
                )
            )
    if rng.random() < 0.25:
        start = _monday(rng.randint(plan_year - 5, plan_year - 1), rng)
        rows.append((rng.choice(("ONL02", "ONL03")), start, 30, rng.choice((10, 20, 30, 40, 50)), True))
    return rows


def _systematic_history(rank: int, promoted: int, plan_year: int, rng: random.Random) -> list[HistoryRow]:
    """A systematic course every 2-4 years; about 10 % of leaders have none in the last five."""
    draw = rng.random()
    years_ago = 1 if draw < 0.3 else 2 if draw < 0.55 else 3 if draw < 0.75 else 4 if draw < 0.9 else 0
    if years_ago:
        years = [plan_year - years_ago, plan_year - years_ago - rng.randint(2, 4)]
    else:
        years = [plan_year - 7] if rng.random() < 0.5 else []
    if promoted and rng.random() < 0.8:  # most newly promoted leaders are not trained since
        years = [year for year in years if year < date.fromordinal(promoted).year]
    rows = []
    for year in (year for year in years if year >= plan_year - 7):
        options = [
            c
            for c in SYSTEMATIC_HISTORY[min(rank, SECTION)]
            if COURSE_YEARS.get(c, (0, 9999))[0] <= year <= COURSE_YEARS.get(c, (0, 9999))[1]
        ]
        rows.append(_row(rng.choice(options), year, rng.randint(15, 30), rng))
    return rows


def _row(course: str, year: int, days: int, rng: random.Random) -> HistoryRow:
    return course, _monday(year, rng), days, days * 8, False


def _monday(year: int, rng: random.Random) -> int:
    """A Monday between mid-January and November of ``year``, as a date ordinal."""
    day = date(year, 1, 12).toordinal() + rng.randint(0, 300)
    return day - date.fromordinal(day).weekday()
