"""The fewest hours a cadre can reach at or above an hours quota with the sessions open to it.

Sessions come in fixed lengths: a cadre owing 90 h from 40 h sessions
reaches 120 h, not 90. Rows ``sum(min(h, reach) x) >= reach met`` are the
same integer rows as ``sum(h x) >= required met`` (a plan meets one exactly
when it meets the other) but a much tighter LP: a fraction of a seat no
longer tops a quota up to its exact hours. Overlaps and repeats are left
out, so the reach may be lower than what a plan can do, never higher: the
rows stay valid.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from functools import lru_cache


def reach(hours: Iterable[int], required: int) -> int | None:
    """The smallest sum of some of ``hours`` at or above ``required``; None when all of them fall short."""
    if required <= 0:
        return 0
    counts = Counter(int(h) for h in hours if h > 0)
    # More copies of a length than it takes to pass the quota alone never give a smaller sum.
    kept = tuple(sorted((h, min(n, -(-required // h))) for h, n in counts.items()))
    return _reach(kept, required)


@lru_cache(maxsize=65536)
def _reach(lengths: tuple[tuple[int, int], ...], required: int) -> int | None:
    if sum(h * n for h, n in lengths) < required:
        return None
    limit = required + max(h for h, _ in lengths)
    mask = (1 << (limit + 1)) - 1
    sums = 1  # bit s is set when some of the sessions sum to s hours
    for h, n in lengths:
        for _ in range(n):
            sums |= (sums << h) & mask
    above = sums >> required
    return required + (above & -above).bit_length() - 1
