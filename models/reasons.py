"""The one-line reasons of the obligations of issue 15, one small function per rule (R3b-R17, R12).

Each takes plain values and returns the sentence a planner reads in
``plan-obligations`` and in the shortfall report, so that a message
catalogue (zh/en) can take them over one by one.
"""

from __future__ import annotations

from datetime import date


def overdue_summons(promoted: date, deadline: date) -> str:
    """R6b: remedial training not done in time becomes a strict named summons."""
    return (
        f"remedial: promoted {promoted.isoformat()}, training was due by {deadline.isoformat()} (overdue): "
        "a strict named summons, any systematic course this year"
    )


def systematic_hours(
    cycle_hours: int, done: float, done_this_year: float, first: int, last: int, years_left: int, owed: int
) -> str:
    """R3b: systematic hours a leadership-team member owes this year toward the cycle's total."""
    this_year = f", {done_this_year:g} h already this year" if done_this_year else ""
    return (
        f"leadership-team member: {cycle_hours} h of systematic training due in cycle {first}-{last}, "
        f"{done:g} h done before this year{this_year}, {years_left} year(s) left; {owed} h owed"
    )


def young_cadres(untrained: int, needed: int, already: int, deadline: date, years_left: int) -> str:
    """R16: the unit's young cadres to train this year at a party school, cadre academy or red base."""
    spread = f"{years_left} years left" if years_left > 1 else "due this year"
    spread = "overdue" if years_left < 1 else spread
    done = f", {already} already did this year" if already else ""
    return (
        f"{untrained} young cadre(s) not yet trained at a party school, cadre academy or red base, "
        f"all due by {deadline.isoformat()} ({spread}): at least {needed} this year{done}"
    )


def professional_week(min_days: int, longest: int) -> str:
    """R17: a leadership-team member's yearly professional-capability course of about a week."""
    done = f" (longest this year so far: {longest} day(s))" if longest else ""
    return f"leadership-team member: one professional course of at least {min_days} days a year{done}"


def summons_rate(target: float, headcount: int, needed: int, already: int) -> str:
    """R12: the unit's summons rate, cadres away on off-job training."""
    return (
        f"summons rate {target:.0%} of {headcount} cadre(s): at least {needed} in off-job training, "
        f"{already} already"
    )


def participation_rate(target: float, headcount: int, needed: int, already: int) -> str:
    """R12: the unit's participation rate, cadres in off-job or online training."""
    return (
        f"participation rate {target:.0%} of {headcount} cadre(s): at least {needed} in off-job or "
        f"online training, {already} already"
    )


def unit_hours(headcount: int, due: float, done: float, owed: int) -> str:
    """R12: the unit's planned off-job hours against its per-capita total."""
    return f"{headcount} cadre(s) owe {due:g} off-job hours this year, {done:g} h done; {owed} h to plan"


def unit_online_hours(per_capita: float, headcount: int, done: float, owed: int) -> str:
    """R12: the unit's online hours against the per-capita online target."""
    return f"{per_capita:g} online hours a cadre for {headcount} cadre(s), {done:g} h done; {owed} h to plan"
