"""The one-line reasons of the obligations, one small function per rule (R1-R7, R3b, R6b, R12, R16, R17).

Each takes plain values and returns the :class:`~models.messages.Message` a planner reads in
``plan-obligations`` and in the why-not answer; its words, in Chinese and English, are in the
catalogue (:mod:`models.messages.obligations`).
"""

from __future__ import annotations

from datetime import date

from models.entities import Cadre, Rank, Summons
from models.messages import Message, message


def named_summons(summons: Summons) -> Message:
    """R7: a named summons, by whom and why."""
    organiser = summons.organiser or message("obligation.R7.organiser")
    why = message("obligation.R7.why", reason=summons.reason) if summons.reason else ""
    return message("obligation.R7", organiser=organiser, why=why)


def last_systematic(last: date | None) -> Message:
    """When the cadre's last systematic course ended, or that the ledger has none."""
    if last is None:
        return message("obligation.no_systematic")
    return message("obligation.last_systematic", end=last)


def remedial(last: date | None, cutoff: date) -> Message:
    """R5: a leader with no systematic course since ``cutoff``."""
    return message("obligation.R5", last=last_systematic(last), cutoff=cutoff)


def systematic_every(last: date | None, cutoff: date) -> Message:
    """R3: a leadership-team member with no systematic course since ``cutoff``."""
    return message("obligation.R3", last=last_systematic(last), cutoff=cutoff)


def overdue_summons(promoted: date, deadline: date) -> Message:
    """R6b: remedial training not done in time becomes a strict named summons."""
    return message("obligation.R6b", promoted=promoted, deadline=deadline)


def promoted_overdue(promoted: date, deadline: date) -> Message:
    """R6 past its deadline, when it is not made a summons (R6b off)."""
    return message("obligation.R6.overdue", promoted=promoted, deadline=deadline)


def promoted(promoted: date, deadline: date) -> Message:
    """R6: a newly promoted leader not yet trained."""
    return message("obligation.R6", promoted=promoted, deadline=deadline)


def systematic_hours(
    cycle_hours: int, done: float, done_this_year: float, first: int, last: int, years_left: int, owed: int
) -> Message:
    """R3b: systematic hours a leadership-team member owes this year toward the cycle's total."""
    this_year = message("obligation.R3b.this_year", hours=done_this_year) if done_this_year else ""
    return message(
        "obligation.R3b",
        cycle_hours=cycle_hours,
        done=done,
        this_year=this_year,
        first=first,
        last=last,
        years_left=years_left,
        owed=owed,
    )


def young_cadres(untrained: int, needed: int, already: int, deadline: date, years_left: int) -> Message:
    """R16: the unit's young cadres to train this year at a party school, cadre academy or red base."""
    if years_left < 1:
        spread = message("obligation.R16.overdue")
    elif years_left > 1:
        spread = message("obligation.R16.years_left", years=years_left)
    else:
        spread = message("obligation.R16.this_year")
    done = message("obligation.R16.done", already=already) if already else ""
    return message(
        "obligation.R16", untrained=untrained, deadline=deadline, spread=spread, needed=needed, done=done
    )


def professional_week(min_days: int, longest: int) -> Message:
    """R17: a leadership-team member's yearly professional-capability course of about a week."""
    done = message("obligation.R17.done", longest=longest) if longest else ""
    return message("obligation.R17", min_days=min_days, done=done)


def team_share(size: int, needed: int, year: int, share: float, already: int) -> Message:
    """R4: the share of a leadership team to train this year."""
    return message("obligation.R4", size=size, needed=needed, year=year, share=share, already=already)


def leader_hours(
    rank: Rank, hours: int, first: int, last: int, done: float, years_left: int, owed: int
) -> Message:
    """R1: a leader's off-job hours this year toward the cycle's total."""
    return message(
        "obligation.R1",
        rank=rank_words(rank),
        hours=hours,
        first=first,
        last=last,
        done=done,
        years_left=years_left,
        owed=owed,
    )


def annual_hours(rank: Rank, hours: int, done: float, year: int, owed: int) -> Message:
    """R2: a section or staff cadre's off-job hours of the year."""
    return message("obligation.R2", rank=rank_words(rank), hours=hours, done=done, year=year, owed=owed)


def summons_rate(target: float, headcount: int, needed: int, already: int) -> Message:
    """R12: the unit's summons rate, cadres away on off-job training."""
    return message(
        "obligation.R12.summons", target=target, headcount=headcount, needed=needed, already=already
    )


def participation_rate(target: float, headcount: int, needed: int, already: int) -> Message:
    """R12: the unit's participation rate, cadres in off-job or online training."""
    return message(
        "obligation.R12.participation", target=target, headcount=headcount, needed=needed, already=already
    )


def unit_hours(headcount: int, due: float, done: float, owed: int) -> Message:
    """R12: the unit's planned off-job hours against its per-capita total."""
    return message("obligation.R12.hours", headcount=headcount, due=due, done=done, owed=owed)


def unit_online_hours(per_capita: float, headcount: int, done: float, owed: int) -> Message:
    """R12: the unit's online hours against the per-capita online target."""
    return message("obligation.R12.online", per_capita=per_capita, headcount=headcount, done=done, owed=owed)


def rank_words(rank: Rank) -> Message:
    """A rank in words (``staff``; 科员及以下)."""
    return message(f"rank.{rank.value}")


def rule_words(rule: str) -> Message:
    """What a rule (its id: ``R1``, ``R12.hours``) asks, in a few words."""
    return message(f"rule.{rule}")


def cadre_words(cadre: Cadre) -> Message:
    """``C1 王明 (staff, civil_servant, unit U1)``: who the cadre is."""
    return message(
        "cadre.head",
        cadre=cadre.cadre_id,
        name=cadre.name,
        rank=rank_words(cadre.rank),
        category=message(f"category.{cadre.category.value}"),
        unit=cadre.unit_id,
    )
