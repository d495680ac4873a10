"""Resources a set of assignments uses, and what keeps one more assignment out.

The greedy baseline grows a plan with it; the explanations read it, for a finished plan
(:func:`plan_usage`), to name the hard rule that blocks each session a cadre did not get.
"""

from __future__ import annotations

from collections import defaultdict
from enum import Enum
from typing import NamedTuple

import numpy as np

from models import Plan
from optimizer.prepare.data import PlanningData
from optimizer.prepare.offerings import Offering
from optimizer.prepare.overlap import overlap


class Block(str, Enum):
    """A hard rule that keeps a cadre out of a session run.

    The usage finds the limits (seats to the budgets); the audience, the ledger, the cadre's
    unavailability and a cancelled run are found by :mod:`optimizer.diagnose.blocks`.
    """

    AUDIENCE = "audience"
    TAKEN = "taken"
    UNAVAILABLE = "unavailable"
    CANCELLED = "cancelled"
    FULL = "full"
    BEDS = "beds"
    OVERLAP = "overlap"
    RELEASE = "release"
    BUDGET = "budget"
    UNIT_BUDGET = "unit_budget"
    REPEAT = "repeat"
    ALREADY = "already"


class Blocking(NamedTuple):
    """A rule keeping a cadre out of a run, and the fact behind it.

    ``detail`` names what is in the way (a run, the cadre's absences); ``amount`` counts the limit
    (seats, the release cap, beds, yuan left, cadres enrolled), worded by :mod:`optimizer.diagnose.wording`.
    """

    block: Block
    detail: str = ""
    amount: int = 0


class Usage:
    """Seats, beds, days away, budget and courses used by the assignments so far."""

    def __init__(self, data: PlanningData):
        scenario = data.scenario
        self.data = data
        horizon = 2 + max((b for o in data.offerings for _, b in o.spans), default=0)
        self.enrolled = np.zeros(len(data.offerings), dtype=np.int64)
        self.beds = {i.institution_id: i.beds for i in scenario.institutions if i.beds is not None}
        self.beds_used = {i: np.zeros(horizon, dtype=np.int64) for i in self.beds}
        self.unit_index = {u.unit_id: k for k, u in enumerate(scenario.units)}
        self.caps = np.array([scenario.away_cap(u.unit_id) for u in scenario.units], dtype=np.int64)
        self.away = np.zeros((len(scenario.units), horizon), dtype=np.int32)
        self.unit_budget = np.array([u.budget if u.budget is not None else -1 for u in scenario.units])
        self.unit_spent = np.zeros(len(scenario.units), dtype=np.int64)
        self.budget = scenario.budget_total
        self.spent = 0
        self.taken: dict[int, dict[str, int]] = defaultdict(dict)
        """Per cadre index: course id -> offering index."""
        self.cadre_unit = np.array([self.unit_index[c.unit_id] for c in data.cadres], dtype=np.int64)
        # The greedy's hot path (fits) asks "is any of these days ...?" as bit sets of days: a cadre's busy
        # days, a unit's days at its release cap, an institution's days with every bed taken.
        self.days = [_bits(o.spans) for o in data.offerings]
        self.seats = np.array([o.seats for o in data.offerings], dtype=np.int64)
        self.changes = 0
        """How many assignments were added or removed so far: a reader caching what it saw can tell."""
        self.costs = np.array([o.cost for o in data.offerings], dtype=np.int64)
        self.busy: dict[int, int] = {}
        every = (1 << horizon) - 1
        self.unit_full = [every if cap <= 0 else 0 for cap in self.caps.tolist()]
        self.beds_full = {i: every if beds <= 0 else 0 for i, beds in self.beds.items()}

    def blocks(self, cadre: int, offering: Offering) -> list[Blocking]:
        """Every hard rule adding (cadre, offering) would break, with a detail (empty list: it fits).

        In this order: the course already planned (alone: R8), seats, overlap (R8), the unit's release
        cap (R9), beds (R11), the total and the unit budget (R14).
        """
        found: list[Blocking] = []
        courses = self.taken.get(cadre, {})
        if offering.course_id in courses:
            same = courses[offering.course_id] == offering.index
            found.append(
                Blocking(
                    Block.ALREADY if same else Block.REPEAT,
                    self.data.offerings[courses[offering.course_id]].group_id,
                )
            )
            return found
        if self.enrolled[offering.index] >= offering.seats:
            found.append(Blocking(Block.FULL, amount=int(offering.seats)))
        for other in courses.values():
            if overlap(offering.spans, self.data.offerings[other].spans):
                found.append(Blocking(Block.OVERLAP, self.data.offerings[other].group_id))
        if not offering.online:
            found.extend(self._day_blocks(cadre, offering))
        found.extend(self._budget_blocks(cadre, offering))
        return found

    def within_limits(self, cadre: int, offerings: np.ndarray) -> np.ndarray:
        """The ``offerings`` (indices) with a seat left and costing no more than the budgets have left, in
        their order: the checks of :meth:`fits` that need no loop, for many runs at once (a year whose
        budget is spent would otherwise ask every run of every cadre one by one)."""
        keep = self.enrolled[offerings] < self.seats[offerings]
        left = None if self.budget is None else self.budget - self.spent
        unit = self.cadre_unit[cadre]
        if self.unit_budget[unit] >= 0:
            unit_left = int(self.unit_budget[unit] - self.unit_spent[unit])
            left = unit_left if left is None else min(left, unit_left)
        if left is not None:
            keep &= self.costs[offerings] <= left
        return offerings[keep]

    def fits(self, cadre: int, offering: Offering) -> bool:
        """``not blocks(cadre, offering)``, stopping at the first rule broken (the greedy's hot path)."""
        index = offering.index
        if self.enrolled[index] >= offering.seats:
            return False
        days = self.days[index]
        courses = self.taken.get(cadre)
        if courses and (offering.course_id in courses or self.busy.get(cadre, 0) & days):
            return False
        if self.budget is not None and self.spent + offering.cost > self.budget:
            return False
        unit = self.cadre_unit[cadre]
        limit = self.unit_budget[unit]
        if limit >= 0 and self.unit_spent[unit] + offering.cost > limit:
            return False
        if offering.online:
            return True
        if self.unit_full[unit] & days:
            return False
        return not self.beds_full.get(offering.institution_id, 0) & days

    def runs_of(self, cadre: int) -> list[Offering]:
        """The runs the cadre is in so far, in the order they were added."""
        return [self.data.offerings[index] for index in self.taken.get(cadre, {}).values()]

    def _day_blocks(self, cadre: int, offering: Offering) -> list[Blocking]:
        found = []
        unit = self.cadre_unit[cadre]
        beds = self.beds.get(offering.institution_id)
        for first, last in offering.spans:
            if (self.away[unit, first : last + 1] >= self.caps[unit]).any():
                found.append(Blocking(Block.RELEASE, amount=int(self.caps[unit])))
                break
        if beds is not None:
            used = self.beds_used[offering.institution_id]
            if any((used[a : b + 1] >= beds).any() for a, b in offering.spans):
                found.append(Blocking(Block.BEDS, amount=int(beds)))
        return found

    def _budget_blocks(self, cadre: int, offering: Offering) -> list[Blocking]:
        found = []
        if self.budget is not None and self.spent + offering.cost > self.budget:
            found.append(Blocking(Block.BUDGET, amount=int(self.budget - self.spent)))
        unit = self.cadre_unit[cadre]
        limit = self.unit_budget[unit]
        if limit >= 0 and self.unit_spent[unit] + offering.cost > limit:
            found.append(Blocking(Block.UNIT_BUDGET, amount=int(limit - self.unit_spent[unit])))
        return found

    def add(self, cadre: int, offering: Offering, sign: int = 1) -> None:
        self.changes += 1
        self.enrolled[offering.index] += sign
        unit = self.cadre_unit[cadre]
        if not offering.online:
            institution = offering.institution_id
            for first, last in offering.spans:
                self.away[unit, first : last + 1] += sign
                if institution in self.beds_used:
                    self.beds_used[institution][first : last + 1] += sign
            spans = offering.spans
            self.unit_full[unit] = _at_limit(self.unit_full[unit], self.away[unit], self.caps[unit], spans)
            if institution in self.beds_used:
                used, beds = self.beds_used[institution], self.beds[institution]
                self.beds_full[institution] = _at_limit(self.beds_full[institution], used, beds, spans)
        self.spent += sign * offering.cost
        self.unit_spent[unit] += sign * offering.cost
        if sign > 0:
            self.taken[cadre][offering.course_id] = offering.index
            self.busy[cadre] = self.busy.get(cadre, 0) | self.days[offering.index]
        else:
            del self.taken[cadre][offering.course_id]
            busy = 0
            for other in self.taken[cadre].values():
                busy |= self.days[other]
            self.busy[cadre] = busy

    def remove(self, cadre: int, offering: Offering) -> None:
        self.add(cadre, offering, sign=-1)


def _bits(spans: tuple[tuple[int, int], ...]) -> int:
    """The days of ``spans`` (first, last day, ends included) as a bit set: bit d for day d."""
    bits = 0
    for first, last in spans:
        bits |= ((1 << (last - first + 1)) - 1) << first
    return bits


def _at_limit(bits: int, used: np.ndarray, limit: int, spans: tuple[tuple[int, int], ...]) -> int:
    """``bits`` (the days at ``limit``) with the days of ``spans`` set again from ``used``."""
    for first, last in spans:
        bits &= ~(((1 << (last - first + 1)) - 1) << first)
        full = used[first : last + 1] >= limit
        if full.any():
            bits |= int.from_bytes(np.packbits(full, bitorder="little").tobytes(), "little") << first
    return bits


def plan_usage(data: PlanningData, plan: Plan) -> Usage:
    """Seats, beds, days away and budget the plan's assignments use (each run counted once per cadre)."""
    usage = Usage(data)
    index = {o.group_id: o for o in data.offerings}
    seen = set()
    for a in plan.assignments:
        group = data.scenario.session_by_id[a.session_id].group_id
        if (a.cadre_id, group) in seen or group not in index:
            continue
        seen.add((a.cadre_id, group))
        usage.add(data.cadre_index[a.cadre_id], index[group])
    return usage
