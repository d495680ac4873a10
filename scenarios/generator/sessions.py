"""The plan year's sessions, made audience by audience, on free weekdays and, where they can, free beds."""

from __future__ import annotations

import math
import random
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

import numpy as np

from scenarios.generator.audiences import Audience, build_audiences
from scenarios.generator.cadres import Cadres
from scenarios.generator.courses import (
    MIXED_RANKS,
    RED_DAYS,
    REGULAR_DAYS,
    REGULAR_MENU,
    SEGMENTED,
    SYSTEMATIC,
    SYSTEMATIC_MENU,
)
from scenarios.generator.settings import ONLINE_HOURS_PER_YEAR, RANKS, SPRING_FESTIVAL
from scenarios.generator.units import Unit


@dataclass
class Session:
    """One row of sessions.csv in the making; text fields hold what the CSV shows ("" = the default)."""

    course_id: str
    institution_id: str
    organiser: str
    start: int  # day of the plan year, 0 = 1 January
    days: int
    hours: str
    seats: int
    min_enrolment: str
    ranks: str
    categories: str
    cost_per_head: str
    units: list[str]
    group: int = -1  # shared by the segments of one course
    session_id: str = ""
    segment_of: str = ""

    @property
    def offjob_hours(self) -> float:
        return float(self.hours) if self.hours else self.days * 8.0


class Catalogue:
    """The plan year's sessions, on weekdays clear of the holidays and, where it can, of full beds."""

    def __init__(
        self, plan_year: int, institutions: list[tuple[str, ...]], rng: random.Random, open_audiences: bool
    ) -> None:
        self.rng, self.plan_year, self.open_audiences = rng, plan_year, open_audiences
        first = date(plan_year, 1, 1).toordinal()
        self.length = date(plan_year, 12, 31).toordinal() - first + 1
        self.beds = {row[0]: int(row[4]) if row[4] else 0 for row in institutions}
        self.red_bases = [row[0] for row in institutions if row[2] == "red_base"]
        self.load = {
            institution: np.zeros(self.length, int) for institution, beds in self.beds.items() if beds
        }
        blocked = np.zeros(self.length, bool)
        festival = date(plan_year, *SPRING_FESTIVAL.get(plan_year, (2, 1))).toordinal() - first
        national_day = date(plan_year, 10, 1).toordinal() - first
        for begin, end in ((0, 5), (max(0, festival - 4), festival + 8), (national_day, national_day + 7)):
            blocked[begin:end] = True
        self.blocked_before = np.concatenate(([0], np.cumsum(blocked)))
        weekday = (np.arange(self.length) + date(plan_year, 1, 1).weekday()) % 7
        # Mondays, Tuesdays and Wednesdays; Mondays four times as likely
        self.starts = np.flatnonzero(weekday == 0).tolist() * 3 + np.flatnonzero(weekday // 3 == 0).tolist()
        self.sessions: list[Session] = []

    def fill(self, audience: Audience) -> float:
        """Systematic classes for those owing one, then ordinary ones up to 0.9-1.1 x the hours owed.
        Returns the off-job seat-hours offered."""
        offered = self._add_segmented(audience) if audience.segmented else 0.0
        for ranks, categories, seats_needed in audience.systematic:
            while seats_needed >= 1:
                course, role = self.rng.choice(SYSTEMATIC_MENU[(audience.kind, ranks)])
                seats = int(np.clip(math.ceil(seats_needed), 30, round(60 * _seat_scale(audience, role))))
                offered += self.add(
                    audience, course, role, ranks, categories, self.rng.randint(15, 30), seats
                )
                seats_needed -= seats
        target = self.rng.uniform(0.9, 1.1) * audience.hours
        menu = REGULAR_MENU[audience.kind]
        while offered < target:
            course, role, _, ranks, categories = self.rng.choices(menu, [entry[2] for entry in menu])[0]
            days = self.rng.choice(RED_DAYS if role == "red" else REGULAR_DAYS)
            hours = str(days * 8 - 4) if days >= 4 and self.rng.random() < 0.1 else ""  # a half day off
            needed = math.ceil((target - offered) / (float(hours) if hours else days * 8))
            seats = round(
                self.rng.randint(30, 50 if role == "county_ps" else 60) * _seat_scale(audience, role)
            )
            seats = min(seats, max(30, needed))
            offered += self.add(audience, course, role, ranks, categories, days, seats, hours=hours)
        return offered

    def add(
        self,
        audience: Audience,
        course: str,
        role: str,
        ranks: str,
        categories: str,
        days: int,
        seats: int,
        offsets: Sequence[int] = (0,),
        hours: str = "",
    ) -> float:
        """One session, or linked segments starting ``offsets`` days apart; returns the seat-hours offered."""
        rng = self.rng
        institution = self._institution(role, audience)
        start = self._place(institution, days, seats, offsets)
        min_enrolment = (
            str(rng.randint(15, min(40, seats // 2))) if seats >= 30 and rng.random() < 0.3 else ""
        )
        cost = ""
        if role == "uni" and rng.random() < 0.4:
            cost = str(days * 520)
        elif role == "red" and rng.random() < 0.25:
            cost = str(days * 420 + 200)
        organiser, group = rng.choice(audience.organisers), len(self.sessions) if len(offsets) > 1 else -1
        ranks, units = (
            self._open(audience, course, role, ranks) if self.open_audiences else (ranks, audience.units)
        )
        for offset in offsets:
            self.sessions.append(
                Session(
                    course,
                    institution,
                    organiser,
                    start + offset,
                    days,
                    hours,
                    seats,
                    min_enrolment,
                    ranks or audience.ranks,
                    categories,
                    cost,
                    units,
                    group,
                )
            )
        return seats * len(offsets) * self.sessions[-1].offjob_hours

    def _add_segmented(self, audience: Audience) -> float:
        role, ranks = SEGMENTED[audience.segmented]
        offsets = [0]
        for _ in range(self.rng.choice((1, 2))):
            offsets.append(offsets[-1] + 7 * self.rng.randint(3, 6))
        seats = int(np.clip(math.ceil(audience.segment_seats), 30, 50))
        return self.add(
            audience, audience.segmented, role, ranks, "", self.rng.randint(7, 12), seats, offsets
        )

    def add_online(self, units: list[str], organiser: str, count: int, hours_owed: float) -> None:
        """Online special classes: long windows, few hours, nobody away; seats for about 0.9-1.1 x the
        online hours owed (R12), in hundreds."""
        first = len(self.sessions)
        for k in range(count):
            days = self.rng.randint(14, 30)
            start, hours = self._place("ONL-01", days, 0, (0,)), str(self.rng.choice((20, 24, 32, 40)))
            course = ("ONL01", "ONL02", "ONL03")[k % 3]
            self.sessions.append(
                Session(course, "ONL-01", organiser, start, days, hours, 0, "", "", "", "", units)
            )
        classes = self.sessions[first:]
        seats = self.rng.uniform(0.9, 1.1) * hours_owed / sum(float(s.hours) for s in classes)
        for session in classes:
            session.seats = max(100, 100 * round(seats * self.rng.uniform(0.8, 1.2) / 100))

    @staticmethod
    def _open(audience: Audience, course: str, role: str, ranks: str) -> tuple[str, list[str]]:
        """An open session's ranks and units: the province's sessions (for its leaders) open to the
        whole province; a city's or county's professional classes, lectures and red-base classes open
        to every rank unless the menu names some, a county party school's to its county, the others
        to the city."""
        if audience.kind == "province":
            return ranks, []
        if not ranks and (course in MIXED_RANKS or role == "red"):
            ranks = ";".join(RANKS)
        return ranks, [audience.county_id] if role == "county_ps" else [audience.city_id]

    def _institution(self, role: str, audience: Audience) -> str:
        if role == "red":
            return self.rng.choice(self.red_bases)
        return {
            "prov_ps": "PS-PROV",
            "academy": "CA-01",
            "uni": "UNI-01",
            "city_ps": f"PS-{audience.city_id}",
            "city_sc": f"SC-{audience.city_id}",
            "county_ps": f"PS-{audience.county_id}",
        }[role]

    def _place(self, institution: str, days: int, seats: int, offsets: Sequence[int]) -> int:
        """A start clear of the holidays: of up to a dozen, the first fitting the beds, else the emptiest."""
        best, best_peak, tries, beds = -1, math.inf, 0, self.beds[institution]
        for _ in range(2000):
            start = self.rng.choice(self.starts)
            if not all(self._clear(start + offset, days) for offset in offsets):
                continue
            tries += 1
            peak = (
                max(self.load[institution][start + o : start + o + days].max() for o in offsets)
                if beds
                else 0
            )
            if peak < best_peak:
                best, best_peak = start, peak
            if not beds or peak + seats <= beds or tries >= 12:
                break
        if best < 0:
            raise ValueError(f"no room in {self.plan_year} for {len(offsets)} segment(s) of {days} days")
        for offset in offsets if beds else ():
            self.load[institution][best + offset : best + offset + days] += seats
        return best

    def _clear(self, start: int, days: int) -> bool:
        end = start + days
        return end <= self.length and self.blocked_before[end] == self.blocked_before[start]

    def finish(self, odd_hours: int = 2) -> list[Session]:
        """Give ``odd_hours`` sessions 200 h in 5 days (for the catalogue warning), number the
        sessions by start date and link the segments to their first."""
        plain = [s for s in self.sessions if s.days == 5 and not s.hours and s.course_id not in SYSTEMATIC]
        for session in self.rng.sample(plain, min(odd_hours, len(plain))):
            session.hours = "200"
        self.sessions.sort(key=lambda s: (s.start, s.institution_id, s.course_id, s.group))
        first_of: dict[int, str] = {}
        for number, session in enumerate(self.sessions, start=1):
            session.session_id = f"S{self.plan_year}-{number:04d}"
            if (
                session.group >= 0
                and first_of.setdefault(session.group, session.session_id) != session.session_id
            ):
                session.segment_of = first_of[session.group]
        return self.sessions


def _seat_scale(audience: Audience, role: str) -> float:
    """How much larger than the narrow sizes a class is: a county party school's never."""
    return 1.0 if role == "county_ps" else audience.seat_scale


def build_sessions(
    units: list[Unit],
    cadres: Cadres,
    owed: np.ndarray,
    owes: np.ndarray,
    institutions: list[tuple[str, ...]],
    plan_year: int,
    rng: random.Random,
    open_audiences: bool = False,
) -> list[Session]:
    """Every audience's sessions, then each city's online classes (open to the whole province when
    ``open_audiences``), numbered by start date."""
    catalogue = Catalogue(plan_year, institutions, rng, open_audiences)
    for audience in build_audiences(units, cadres, owed, owes, open_audiences):
        catalogue.fill(audience)
    cadres_by_city = np.bincount([units[u].city for u in cadres.unit.tolist()], minlength=len(units))
    cities = [u for u in units if u.level == "city"]
    for city in cities:
        headcount = int(cadres_by_city[city.city])
        catalogue.add_online(
            [] if len(cities) == 1 or open_audiences else [city.unit_id],
            f"city_org:{city.unit_id}",
            3 + headcount // 4000,
            ONLINE_HOURS_PER_YEAR * headcount,
        )
    return catalogue.finish()
