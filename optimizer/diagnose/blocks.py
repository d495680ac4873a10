"""What keeps a cadre out of a session run in a plan: the hard rules, read from its usage, never re-solved.

The rules are looked for in one order. A rule that closes the run to the cadre whatever the plan
comes alone: the audience, the course in the cadre's ledger (R8), the cadre's unavailability. Else
every limit the plan's usage leaves no room in, in the order of :meth:`Usage.blocks` (the course
already planned, seats, overlap, the unit's release cap, beds, the budgets), and last a run the
plan does not run. Three questions read them, one function each:

- :func:`first_block`: the first rule in the way in the plan as it is (the shortfall reasons count them;
  :class:`FirstBlocks` asks it of many runs of one cadre at once);
- :func:`entry_blocks`: every rule in the way of the cadre taking the run, leaving their runs that
  clash with it (why-not, who could fill a seat);
- :func:`trade_blocks`: every rule but the cadre's own runs keeping them out (re-plan: why a run was lost).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager

import numpy as np

from optimizer.prepare.data import PlanningData
from optimizer.prepare.offerings import Offering
from optimizer.prepare.overlap import clash
from optimizer.prepare.usage import Block, Blocking, Usage

CLOSING = (Block.AUDIENCE, Block.TAKEN, Block.UNAVAILABLE)
"""Rules that close a run to a cadre whatever the plan: no limit raised lifts them."""
CLASHES = (Block.OVERLAP, Block.REPEAT)
"""Rules a cadre's own run breaks: leaving that run lifts them."""
NO_SEATS = "no seats"
"""The detail of a run cancelled because it has no seats (a marker: its words are the catalogue's)."""


def closing(data: PlanningData, cadre: int, offering: Offering, ledger: bool = True) -> Blocking | None:
    """The first rule closing ``offering`` to ``cadre`` in any plan: audience, ledger (R8), unavailability.

    ``ledger=False`` leaves the ledger out.
    """
    person = data.cadres[cadre]
    if not all(data.scenario.is_eligible_audience(person, s) for s in offering.segments):
        return Blocking(Block.AUDIENCE, "")
    if ledger and offering.course_id in data.ledger[person.cadre_id].courses_taken:
        return Blocking(Block.TAKEN, offering.course_id)
    if not all(person.is_available(s.start, s.end) for s in offering.segments):
        absent = [str(r) for r in person.unavailable for s in offering.segments if r.overlaps(s.start, s.end)]
        return Blocking(Block.UNAVAILABLE, ", ".join(dict.fromkeys(absent)))
    return None


def first_block(
    data: PlanningData, usage: Usage, run: Mapping[str, bool], cadre: int, offering: Offering
) -> Block | None:
    """The first rule keeping ``cadre`` out of ``offering`` in the plan as it is; None: it would fit.

    ``run`` says, per session id, whether the plan runs it; a run it does not run is cancelled only when
    the cadre would not bring it to its minimum enrolment (without one, the cadre alone would run it).
    """
    closed = closing(data, cadre, offering)
    if closed is not None:
        return closed.block
    blocks = usage.blocks(cadre, offering)
    if blocks:
        return blocks[0].block
    if run.get(offering.segments[0].session_id, False):
        return None
    return Block.CANCELLED if int(usage.enrolled[offering.index]) + 1 < offering.min_enrolment else None


LIMITS = (
    Block.ALREADY,
    Block.REPEAT,
    Block.FULL,
    Block.OVERLAP,
    Block.RELEASE,
    Block.BEDS,
    Block.BUDGET,
    Block.UNIT_BUDGET,
    Block.CANCELLED,
)
"""The rules :class:`FirstBlocks` looks for, in :func:`first_block`'s order after the closing ones."""
NAMES: tuple[Block | None, ...] = (*LIMITS, None)
"""What :meth:`FirstBlocks.codes` numbers: the limits, then None (the run fits)."""


class FirstBlocks:
    """:func:`first_block` of many runs of one cadre at once, one array operation a rule (a province's
    shortfall reasons look at millions of (cadre, run) pairs).

    Only for runs the cadre is eligible for (the cadre's pairs): the closing rules (audience, ledger,
    availability) are not asked, eligibility has. Read ``usage`` as it is at each call.
    """

    def __init__(self, data: PlanningData, usage: Usage, run: Mapping[str, bool]):
        self.usage = usage
        offerings = data.offerings
        self.days = np.zeros((len(offerings), usage.away.shape[1]), dtype=bool)
        for o in offerings:
            for first, last in o.spans:
                self.days[o.index, first : last + 1] = True
        self.seats = np.array([o.seats for o in offerings], dtype=np.int64)
        self.cost = np.array([o.cost for o in offerings], dtype=np.int64)
        self.minimum = np.array([o.min_enrolment for o in offerings], dtype=np.int64)
        self.offjob = np.array([not o.online for o in offerings], dtype=bool)
        self.is_run = np.array([run.get(o.segments[0].session_id, False) for o in offerings], dtype=bool)
        codes: dict[str, int] = {}
        self.course = np.array([codes.setdefault(o.course_id, len(codes)) for o in offerings], dtype=np.int64)
        self.course_code = codes
        self.beds = list(usage.beds)
        where = {institution: k for k, institution in enumerate(self.beds)}
        self.institution = np.array([where.get(o.institution_id, -1) for o in offerings], dtype=np.int64)
        self.full: tuple[int, np.ndarray] | None = None

    def _beds_full(self) -> np.ndarray:
        """Per institution with beds, per day: are they all taken (kept while the usage does not change)."""
        usage = self.usage
        if self.full is None or self.full[0] != usage.changes:
            days = np.array([usage.beds_used[i] >= usage.beds[i] for i in self.beds])
            self.full = (usage.changes, days)
        return self.full[1]

    def of(self, cadre: int, offerings: np.ndarray) -> list[Block | None]:
        """Per run of ``offerings`` (indices, eligible for ``cadre``) the first rule keeping the cadre out."""
        return [NAMES[k] for k in self.codes(cadre, offerings).tolist()]

    def codes(self, cadre: int, offerings: np.ndarray) -> np.ndarray:
        """:meth:`of` as positions in :data:`NAMES` (small integers: cheap to keep for many cadres)."""
        usage, o = self.usage, offerings
        taken = usage.taken.get(cadre, {})
        unit = int(usage.cadre_unit[cadre])
        days = self.days[o]
        same = np.isin(self.course[o], [self.course_code[c] for c in taken])
        here = np.isin(o, list(taken.values()))
        busy = self.days[list(taken.values())].any(axis=0) if taken else np.zeros(days.shape[1], dtype=bool)
        beds = np.zeros(len(o), dtype=bool)
        if self.beds:
            full = self._beds_full()
            at = self.institution[o]
            some = at >= 0
            beds[some] = (days[some] & full[at[some]]).any(axis=1)
        budget = usage.budget is not None and np.asarray(usage.spent + self.cost[o] > usage.budget)
        limit = usage.unit_budget[unit]
        rules = [
            same & here,
            same & ~here,
            usage.enrolled[o] >= self.seats[o],
            (days & busy).any(axis=1),
            self.offjob[o] & (days & (usage.away[unit] >= usage.caps[unit])).any(axis=1),
            self.offjob[o] & beds,
            np.broadcast_to(budget, len(o)),
            np.broadcast_to(limit >= 0, len(o)) & (usage.unit_spent[unit] + self.cost[o] > limit),
            ~self.is_run[o] & (usage.enrolled[o] + 1 < self.minimum[o]),
        ]
        return np.select(rules, np.arange(len(LIMITS), dtype=np.int8), default=np.int8(len(LIMITS)))


def entry_blocks(
    data: PlanningData, usage: Usage, run: Mapping[str, bool], cadre: int, offering: Offering
) -> list[Blocking]:
    """Every rule in the way of ``cadre`` taking ``offering``, leaving their runs that clash; empty: it fits.

    A run with no seats is closed. Leaving a clashing run (R8) lifts its clash, which comes first,
    and frees its seat, bed, day away and cost for the limits after it. Last, a run the plan does
    not run whose minimum enrolment the cadre alone would not reach.
    """
    closed = closing(data, cadre, offering)
    if closed is not None:
        return [closed]
    if offering.seats == 0:
        return [Blocking(Block.CANCELLED, NO_SEATS)]
    clashing = [other for other in usage.runs_of(cadre) if clash(other, offering)]
    found = [b for b in usage.blocks(cadre, offering) if b.block in CLASHES]
    with _set_aside(usage, cadre, clashing):
        found += usage.blocks(cadre, offering)
    enrolled = int(usage.enrolled[offering.index])
    if not run.get(offering.segments[0].session_id, False) and enrolled + 1 < offering.min_enrolment:
        found.append(Blocking(Block.CANCELLED, amount=enrolled))
    return found


def trade_blocks(data: PlanningData, usage: Usage, cadre: int, offering: Offering) -> list[Blocking]:
    """Every rule keeping ``cadre`` out of ``offering`` with all their own runs set aside; empty: only those.

    The ledger is not asked: the run was in a plan made against the same ledger.
    """
    closed = closing(data, cadre, offering, ledger=False)
    if closed is not None:
        return [closed]
    with _set_aside(usage, cadre, usage.runs_of(cadre)):
        return usage.blocks(cadre, offering)


@contextmanager
def _set_aside(usage: Usage, cadre: int, runs: Sequence[Offering]) -> Iterator[None]:
    """``usage`` without the cadre in ``runs`` inside the block; after it they are back, added last."""
    for other in runs:
        usage.remove(cadre, other)
    try:
        yield
    finally:
        for other in runs:
            usage.add(cadre, other)
