"""The ways a cadre can meet an hours quota: its minimal sets of sessions (patterns).

An hours obligation is met by a set of sessions whose hours reach the quota.
The row ``sum(hours x) >= required met`` lets a fraction of a session top
the quota up, so its LP meets 1.3 quotas with the seats of one when
sessions are long and quotas fall between their lengths. Listing the
*minimal* sets (no session can be dropped and still reach the quota; no two
that overlap or repeat a course) gives the configuration rows
``met <= sum of the obligation's patterns z`` and ``sum of z through a pair
<= x[pair]``: every plan meets them (a met quota holds at least one minimal
set, pick it), and their LP pays whole sessions for a quota.

A quota with too many minimal sets keeps only its hours row (listing them all
is the price of validity: a partial list would cut off plans).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

MAX_PATTERNS = 24
"""Above this many minimal sets an obligation keeps only its hours row."""


def minimal_sets(
    lengths: Sequence[int],
    required: int,
    clash: Callable[[int, int], bool],
    limit: int = MAX_PATTERNS,
) -> list[tuple[int, ...]] | None:
    """Every set of indices into ``lengths`` whose sum reaches ``required`` with no index to spare, no two
    of them clashing; None when there are more than ``limit``.

    Indices are taken in decreasing length and a set stops growing the moment
    it reaches the quota: then the last (shortest) index is needed, so every
    one is, and every minimal set is found exactly once that way.
    """
    order = sorted(range(len(lengths)), key=lambda i: -lengths[i])
    rest = [0] * (len(order) + 1)
    for position in range(len(order) - 1, -1, -1):
        rest[position] = rest[position + 1] + lengths[order[position]]
    found: list[tuple[int, ...]] = []

    def grow(start: int, chosen: list[int], total: int) -> bool:
        for position in range(start, len(order)):
            if total + rest[position] < required:
                return True
            index = order[position]
            if lengths[index] <= 0 or any(clash(index, other) for other in chosen):
                continue
            if total + lengths[index] >= required:
                found.append(tuple(sorted(chosen + [index])))
                if len(found) > limit:
                    return False
            elif not grow(position + 1, chosen + [index], total + lengths[index]):
                return False
        return True

    if required <= 0:
        return [()]
    return found if grow(0, [], 0) else None
