"""Maximal cliques of an interval graph by a sweep over start and end days.

Sessions are closed day intervals; two overlap when they share a day. In an
interval graph every maximal clique is the set of intervals covering some
day, so a sweep finds all of them in O(n log n + output) without building
the O(n^2) edges (``tests/optimizer/prepare/test_cliques.py`` checks it against
networkx's clique finder).
"""

from __future__ import annotations

from collections.abc import Hashable, Sequence
from typing import TypeVar

Key = TypeVar("Key", bound=Hashable)


def maximal_cliques(intervals: Sequence[tuple[Key, int, int]]) -> list[frozenset[Key]]:
    """Maximal sets of mutually overlapping ``(key, first_day, last_day)`` intervals.

    A set is emitted just before the first interval of the set ends, when
    some interval started since the previous emission (otherwise it is a
    subset of the set emitted then).
    """
    events: list[tuple[int, int, Key]] = []
    for key, first, last in intervals:
        events.append((first, 1, key))
        events.append((last + 1, 0, key))  # removals sort before additions on the same day
    events.sort(key=lambda e: (e[0], e[1]))
    active: dict[Key, None] = {}
    cliques: list[frozenset[Key]] = []
    grew = False
    for _, is_start, key in events:
        if is_start:
            active[key] = None
            grew = True
        else:
            if grew:
                cliques.append(frozenset(active))
                grew = False
            del active[key]
    return cliques
