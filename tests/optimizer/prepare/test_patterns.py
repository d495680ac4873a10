"""The minimal sets of sessions that meet an hours quota (optimizer.prepare.patterns)."""

from __future__ import annotations

import itertools
import random

from optimizer.prepare.patterns import minimal_sets


def _never(i: int, j: int) -> bool:
    return False


def test_each_set_reaches_the_quota_with_nothing_to_spare() -> None:
    assert sorted(minimal_sets([96, 56, 40], 96, _never) or []) == [(0,), (1, 2)]
    assert sorted(minimal_sets([40, 40, 40], 120, _never) or []) == [(0, 1, 2)]
    assert minimal_sets([40, 40], 120, _never) == []
    assert minimal_sets([40], 0, _never) == [()]


def test_clashing_sessions_are_never_in_one_set() -> None:
    # 0 and 1 overlap: only 0+2 and 1+2 reach 80.
    clash = lambda i, j: {i, j} == {0, 1}  # noqa: E731
    assert sorted(minimal_sets([40, 40, 40], 80, clash) or []) == [(0, 2), (1, 2)]


def test_too_many_sets_give_none() -> None:
    assert minimal_sets([40] * 12, 80, _never, limit=20) is None
    assert len(minimal_sets([40] * 12, 80, _never, limit=66) or []) == 66


def test_they_are_every_minimal_set_by_brute_force() -> None:
    draw = random.Random(3)
    for _ in range(300):
        lengths = [draw.choice([8, 16, 24, 40, 56, 96]) for _ in range(draw.randint(0, 8))]
        required = draw.randint(1, 130)
        pairs = itertools.combinations(range(len(lengths)), 2)
        clashing = {frozenset(p) for p in pairs if draw.random() < 0.2}

        def clash(i: int, j: int, clashing: set[frozenset[int]] = clashing) -> bool:
            return frozenset((i, j)) in clashing

        expected = sorted(
            chosen
            for n in range(1, len(lengths) + 1)
            for chosen in itertools.combinations(range(len(lengths)), n)
            if sum(lengths[i] for i in chosen) >= required
            and all(sum(lengths[i] for i in chosen) - lengths[i] < required for i in chosen)
            and not any(frozenset(p) in clashing for p in itertools.combinations(chosen, 2))
        )
        assert sorted(minimal_sets(lengths, required, clash, limit=10_000) or []) == expected
