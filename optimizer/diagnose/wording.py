"""The words of the rules that keep a cadre out of a session run: one entry per rule, for every reader.

A rule is worded three ways: counted in a shortfall reason (``3 full``), as a sentence of a why-not
answer, and for a pin that cannot be placed. A re-plan's reason for a lost run uses the counted
words with the rule's detail.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from typing import NamedTuple

from optimizer.diagnose.blocks import NO_SEATS
from optimizer.prepare.data import PlanningData
from optimizer.prepare.offerings import Offering
from optimizer.prepare.overlap import overlap
from optimizer.prepare.usage import Block, Blocking, Usage


class Words(NamedTuple):
    """How one rule is put into words."""

    counted: str
    """After a count of sessions, in a shortfall reason."""
    sentence: str
    """A why-not line; formatted with the facts of the cadre, the run and the rule's detail."""
    pinned: str = ""
    """Why a pinned assignment cannot be placed (limits only)."""


WORDS = {
    Block.AUDIENCE: Words(
        "not open to the cadre's rank, category or unit",
        "not open to a {rank} {category} cadre of unit {unit}",
    ),
    Block.TAKEN: Words(
        "course already in the ledger", "course {course} is already in the cadre's ledger (no repeat, R8)"
    ),
    Block.UNAVAILABLE: Words("cadre unavailable on those dates", "the cadre is unavailable {detail}"),
    Block.CANCELLED: Words(
        "cancelled (below minimum enrolment)",
        "cancelled: {detail}, the cadre alone would not reach its minimum enrolment {minimum}",
    ),
    Block.FULL: Words("full", "full ({seats} seats taken)", "the session is full (seats)"),
    Block.OVERLAP: Words(
        "overlap the cadre's other sessions",
        "overlaps {detail}, which the cadre attends (R8)",
        "it overlaps the cadre's other pinned session",
    ),
    Block.RELEASE: Words(
        "unit release cap (R9) reached on those dates",
        "unit {unit}'s release cap (R9) of {cap} reached on those dates ({away} away)",
        "the unit's release cap (R9) is reached on those dates",
    ),
    Block.BEDS: Words(
        "institution beds full on those dates",
        "institution {institution}'s {detail} are all taken on those dates (R11)",
        "the institution's beds (R11) are full on those dates",
    ),
    Block.BUDGET: Words(
        "budget exhausted",
        "total budget: {detail}, the session costs {cost:,} (R14)",
        "the total budget (R14) is exceeded",
    ),
    Block.UNIT_BUDGET: Words(
        "unit budget exhausted",
        "unit {unit}'s budget: {detail}, the session costs {cost:,} (R14)",
        "the unit budget (R14) is exceeded",
    ),
    Block.REPEAT: Words(
        "course already planned in another run",
        "the cadre takes course {course} in {detail} (no repeat, R8)",
        "the cadre is pinned to another run of the same course (R8)",
    ),
    Block.ALREADY: Words("already planned", "already ({detail})", "it is pinned twice"),
}
NO_SEATS_WORDS = f"cancelled ({NO_SEATS})"
TRADED = (
    "traded for the cadre's new sessions: keeping it would have cost "
    "another kept assignment or a higher-priority obligation"
)


def counted_words(counts: Counter[Block]) -> str:
    """``12 full; 3 budget exhausted``: the sessions per rule, most first."""
    return "; ".join(f"{n} {WORDS[block].counted}" for block, n in counts.most_common())


def trade_words(group: str, blocks: Sequence[Blocking]) -> str:
    """Why a cadre lost run ``group`` no change took: ``S2: full (3 seats)``, or traded for their new runs."""
    if not blocks:
        return f"{group} {TRADED}"
    first = blocks[0].block
    if first is Block.AUDIENCE:
        return f"{group} is {WORDS[first].counted}"
    if first is Block.UNAVAILABLE:
        return f"{group}: {WORDS[first].counted}"
    return f"{group}: " + "; ".join(f"{WORDS[b.block].counted} ({b.detail})" for b in blocks)


def pinned_words(blocking: Blocking) -> str:
    """Why a pin cannot be placed: ``the session is full (seats) (3 seats)``."""
    return f"{WORDS[blocking.block].pinned} ({blocking.detail})"


def sentence(data: PlanningData, usage: Usage, cadre: int, offering: Offering, blocking: Blocking) -> str:
    """The why-not line of one rule keeping ``cadre`` out of ``offering`` in the plan of ``usage``."""
    if blocking.block is Block.CANCELLED and blocking.detail == NO_SEATS:
        return NO_SEATS_WORDS
    block, detail = blocking
    person = data.cadres[cadre]
    return WORDS[block].sentence.format(
        detail=detail,
        rank=person.rank.value,
        category=person.category.value,
        unit=person.unit_id,
        course=offering.course_id,
        seats=offering.seats,
        cap=detail.removeprefix("cap "),
        away=_away_colleagues(data, usage, cadre, offering) if block is Block.RELEASE else "",
        institution=offering.institution_id,
        cost=offering.cost,
        minimum=offering.min_enrolment,
    )


def _away_colleagues(data: PlanningData, usage: Usage, cadre: int, offering: Offering) -> str:
    """The cadre's colleagues away on the run's days (five at most), who fill the unit's release cap."""
    unit = data.cadres[cadre].unit_id
    names = []
    for other, courses in usage.taken.items():
        if other == cadre or data.cadres[other].unit_id != unit:
            continue
        for index in courses.values():
            theirs = data.offerings[index]
            if not theirs.online and overlap(theirs.spans, offering.spans):
                names.append(f"{data.cadres[other].cadre_id} in {theirs.group_id}")
    return ", ".join(sorted(names)[:5]) or "others"
