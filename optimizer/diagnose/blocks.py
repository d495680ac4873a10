"""What keeps a cadre out of a session run in a plan: the hard rules, read from its usage, never re-solved.

The rules are looked for in one order. A rule that closes the run to the cadre whatever the plan
comes alone: the audience, the course in the cadre's ledger (R8), the cadre's unavailability. Else
every limit the plan's usage leaves no room in, in the order of :meth:`Usage.blocks` (the course
already planned, seats, overlap, the unit's release cap, beds, the budgets), and last a run the
plan does not run. Three questions read them, one function each:

- :func:`first_block`: the first rule in the way in the plan as it is (the shortfall reasons count them);
- :func:`entry_blocks`: every rule in the way of the cadre taking the run, leaving their runs that
  clash with it (why-not, who could fill a seat);
- :func:`trade_blocks`: every rule but the cadre's own runs keeping them out (re-plan: why a run was lost).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager

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
