"""The words of the rules that keep a cadre out of a session run: one entry per rule, for every reader.

A rule is worded three ways: counted in a shortfall reason (``3 full``), as a sentence of a why-not
answer, and for a pin that cannot be placed. A re-plan's reason for a lost run uses the counted
words with the rule's detail. The words are the catalogue's (:mod:`models.messages.blocks`): each
function returns a message, rendered in the writer's language.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from typing import NamedTuple

from models.messages import Joined, Message, Text, joined, message
from optimizer.diagnose.blocks import NO_SEATS
from optimizer.prepare.data import PlanningData
from optimizer.prepare.offerings import Offering
from optimizer.prepare.overlap import overlap
from optimizer.prepare.usage import Block, Blocking, Usage


class Words(NamedTuple):
    """How one rule is put into words (the catalogue's ``block.<kind>.*``)."""

    counted: Message
    """After a count of sessions, in a shortfall reason."""
    sentence: str
    """The key of a why-not line, stated with the facts of the cadre, the run and the rule's detail."""
    pinned: Message | None = None
    """Why a pinned assignment cannot be placed (limits only)."""


CLOSED_ONLY = (Block.AUDIENCE, Block.TAKEN, Block.UNAVAILABLE, Block.CANCELLED)
"""Rules no pin meets as a limit: they have no pinned words."""
AMOUNTS = (Block.FULL, Block.RELEASE, Block.BEDS, Block.BUDGET, Block.UNIT_BUDGET, Block.CANCELLED)
"""Rules whose detail is a count (:attr:`Blocking.amount`): ``3 seats``, ``cap 2``, ``600 yuan left``."""
WORDS = {
    block: Words(
        message(f"block.{block.value}.counted"),
        f"block.{block.value}.sentence",
        None if block in CLOSED_ONLY else message(f"block.{block.value}.pinned"),
    )
    for block in Block
}


def counted_words(counts: Counter[Block]) -> Joined:
    """``12 full; 3 budget exhausted``: the sessions per rule, most first."""
    return joined(message("count", n=n, words=WORDS[block].counted) for block, n in counts.most_common())


def detail_words(blocking: Blocking) -> Text:
    """The fact behind a rule: ``3 seats``, ``600 yuan left``, a run's id, the cadre's absences."""
    if blocking.block is Block.CANCELLED and blocking.detail == NO_SEATS:
        return message("detail.no_seats")
    if blocking.block in AMOUNTS:
        return message(f"detail.{blocking.block.value}", n=blocking.amount)
    return blocking.detail


def trade_words(group: str, blocks: Sequence[Blocking]) -> Message:
    """Why a cadre lost run ``group`` no change took: ``S2: full (3 seats)``, or traded for their new runs."""
    if not blocks:
        return message("trade.traded", group=group)
    first = blocks[0].block
    if first is Block.AUDIENCE:
        return message("trade.audience", group=group, words=WORDS[first].counted)
    if first is Block.UNAVAILABLE:
        return message("trade.closed", group=group, words=WORDS[first].counted)
    limits = joined(
        message("trade.limit", words=WORDS[b.block].counted, detail=detail_words(b)) for b in blocks
    )
    return message("trade.closed", group=group, words=limits)


def pinned_words(blocking: Blocking) -> Message:
    """Why a pin cannot be placed: ``the session is full (seats) (3 seats)``."""
    words = WORDS[blocking.block].pinned or WORDS[blocking.block].counted
    return message("pinned.block", words=words, detail=detail_words(blocking))


def sentence(data: PlanningData, usage: Usage, cadre: int, offering: Offering, blocking: Blocking) -> Message:
    """The why-not line of one rule keeping ``cadre`` out of ``offering`` in the plan of ``usage``."""
    if blocking.block is Block.CANCELLED and blocking.detail == NO_SEATS:
        return message("block.no_seats")
    block = blocking.block
    person = data.cadres[cadre]
    return message(
        WORDS[block].sentence,
        detail=detail_words(blocking),
        rank=message(f"rank.{person.rank.value}"),
        category=message(f"category.{person.category.value}"),
        unit=person.unit_id,
        course=offering.course_id,
        seats=offering.seats,
        cap=blocking.amount,
        away=_away_colleagues(data, usage, cadre, offering) if block is Block.RELEASE else "",
        institution=offering.institution_id,
        cost=offering.cost,
        minimum=offering.min_enrolment,
    )


def _away_colleagues(data: PlanningData, usage: Usage, cadre: int, offering: Offering) -> Text:
    """The cadre's colleagues away on the run's days (five at most), who fill the unit's release cap."""
    unit = data.cadres[cadre].unit_id
    names = []
    for other, courses in usage.taken.items():
        if other == cadre or data.cadres[other].unit_id != unit:
            continue
        for index in courses.values():
            theirs = data.offerings[index]
            if not theirs.online and overlap(theirs.spans, offering.spans):
                names.append((data.cadres[other].cadre_id, theirs.group_id))
    if not names:
        return message("away.others")
    return joined((message("away.cadre", cadre=c, session=g) for c, g in sorted(names)[:5]), "comma")
