"""Whether two session runs overlap, and whether a cadre could attend both: the one test for both questions.

The greedy's usage, the explanations and the what-ifs all ask it here. The independent checker
(:mod:`optimizer.check`) keeps its own test on purpose, so that a bug here cannot hide there.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date
from typing import TypeVar

from optimizer.prepare.offerings import Offering

Day = TypeVar("Day", int, date)
"""A day as a count from 1 January of the plan year (an offering's spans), or as a date."""


def overlap(first: Sequence[tuple[Day, Day]], second: Sequence[tuple[Day, Day]]) -> bool:
    """R8: two runs overlap when a segment (first, last day) of one meets one of the other, ends included."""
    return any(a <= d and c <= b for a, b in first for c, d in second)


def clash(one: Offering, other: Offering) -> bool:
    """R8: a cadre cannot attend both runs: two different runs that overlap or are of the same course."""
    return one.index != other.index and (one.course_id == other.course_id or overlap(one.spans, other.spans))


def clashes_among(offerings: Sequence[Offering]) -> Callable[[int, int], bool]:
    """:func:`clash` between two of ``offerings``, named by their positions (a cadre's runs)."""
    return lambda i, j: clash(offerings[i], offerings[j])
