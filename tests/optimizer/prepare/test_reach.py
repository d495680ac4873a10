"""The fewest hours at or above a quota that whole sessions reach (optimizer.prepare.reach)."""

from __future__ import annotations

import itertools
import random

from optimizer.prepare.reach import reach


def test_whole_sessions_overshoot_the_quota() -> None:
    assert reach([40, 40, 40], 90) == 120
    assert reach([40, 24, 36], 90) == 100
    assert reach([40, 50], 90) == 90
    assert reach([100], 90) == 100
    assert reach([40, 40], 90) is None
    assert reach([], 0) == 0


def test_it_is_the_smallest_subset_sum_at_or_above() -> None:
    draw = random.Random(7)
    for _ in range(200):
        hours = [draw.choice([8, 16, 24, 36, 40, 80]) for _ in range(draw.randint(0, 7))]
        required = draw.randint(1, 150)
        sums = [sum(c) for n in range(len(hours) + 1) for c in itertools.combinations(hours, n)]
        above = [s for s in sums if s >= required]
        assert reach(hours, required) == (min(above) if above else None)
