"""The MIP's rows as numpy blocks of (row, column, coefficient), and the grouping that vectorises them.

A rule adds all its rows at once: terms are grouped by a key (cadre and
clique, unit and clique, cadre and course) with one sort, and each group
becomes one row. Handing MathOpt one ``ModelProto`` built from these blocks
is what makes a model of millions of columns quick to build; adding
variables and rows one by one through ``mathopt.Model`` is not.
"""

from __future__ import annotations

import numpy as np


class Rows:
    """Rows ``lower <= sum(coef x column) <= upper``, collected as numpy blocks."""

    def __init__(self) -> None:
        self._blocks: list[tuple[np.ndarray, ...]] = []
        self.count = 0

    def add(
        self, row: np.ndarray, col: np.ndarray, coef: np.ndarray, lower: np.ndarray, upper: np.ndarray
    ) -> None:
        """Add ``len(lower)`` rows; ``row`` numbers each term's row locally, from 0."""
        n = len(lower)
        if n == 0:
            return
        self._blocks.append(
            (
                np.asarray(row, dtype=np.int64) + self.count,
                np.asarray(col, dtype=np.int64),
                np.asarray(coef, dtype=np.float64),
                np.broadcast_to(np.asarray(lower, dtype=np.float64), n),
                np.broadcast_to(np.asarray(upper, dtype=np.float64), n),
            )
        )
        self.count += n

    def add_groups(
        self, group: np.ndarray, col: np.ndarray, coef: np.ndarray, upper: np.ndarray | float
    ) -> None:
        """One row ``sum <= upper`` per distinct value of ``group`` (values 0..n-1, all used)."""
        n = int(group.max()) + 1 if len(group) else 0
        self.add(group, col, coef, np.full(n, -np.inf), np.broadcast_to(upper, n))

    def add_row(self, col: np.ndarray, coef: np.ndarray, lower: float, upper: float) -> None:
        """One row ``lower <= sum(coef x col) <= upper``, even with no terms (then it holds or it cannot)."""
        self.add(np.zeros(len(col), dtype=np.int64), col, coef, np.full(1, lower), np.full(1, upper))

    def matrix(self) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
        """(row, col, coef) sorted row-major with duplicates summed, and the row bounds."""
        if not self._blocks:
            empty = np.zeros(0, dtype=np.int64)
            return empty, empty, np.zeros(0), np.zeros(0), np.zeros(0)
        width = 1 + max((int(b[1].max()) for b in self._blocks if len(b[1])), default=0)
        # Blocks hold increasing row numbers, so sorting each block sorts the whole.
        parts = [_sorted_terms(row, col, coef, width) for row, col, coef, _, _ in self._blocks]
        row, col, coef = (np.concatenate(p) for p in zip(*parts, strict=True))
        lower, upper = (np.concatenate([b[k] for b in self._blocks]) for k in (3, 4))
        return row, col, coef, lower, upper


def _sorted_terms(row: np.ndarray, col: np.ndarray, coef: np.ndarray, width: int) -> tuple[np.ndarray, ...]:
    key = row * width + col
    if len(key) > 1 and not (np.diff(key) > 0).all():
        key, inverse = np.unique(key, return_inverse=True)
        coef = np.bincount(inverse, weights=coef, minlength=len(key))
    return key // width, key % width, coef


def clique_memberships(cliques: list[frozenset[int]], num_offerings: int) -> tuple[np.ndarray, np.ndarray]:
    """CSR of offering -> cliques containing it: (indptr, clique indices)."""
    pairs = sorted((o, k) for k, clique in enumerate(cliques) for o in clique)
    offering = np.array([o for o, _ in pairs], dtype=np.int64)
    clique = np.array([k for _, k in pairs], dtype=np.int64)
    indptr = np.searchsorted(offering, np.arange(num_offerings + 1))
    return indptr, clique


def pair_cliques(
    pair_offering: np.ndarray, indptr: np.ndarray, members: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """(pair, clique) for every clique of every pair's offering."""
    starts, counts = indptr[pair_offering], np.diff(indptr)[pair_offering]
    pair = np.repeat(np.arange(len(pair_offering), dtype=np.int64), counts)
    offsets = np.arange(counts.sum(), dtype=np.int64) - np.repeat(np.cumsum(counts) - counts, counts)
    return pair, members[np.repeat(starts, counts) + offsets]


def group_terms(keys: np.ndarray, members: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Sort by (key, member): each term's group id (0..g-1 in key order), the members, the group sizes."""
    if len(keys) == 0:
        return keys, members, np.zeros(0, dtype=np.int64)
    width = int(members.max()) + 1
    if int(keys.max()) < 2**62 // width:  # one int64 sort key: several times faster than lexsort
        order = np.argsort(keys * width + members)
    else:
        order = np.lexsort((members, keys))
    keys, members = keys[order], members[order]
    starts = np.ones(len(keys), dtype=bool)
    starts[1:] = keys[1:] != keys[:-1]
    ids = np.cumsum(starts) - 1
    return ids, members, np.bincount(ids)


def kept_groups(ids: np.ndarray, members: np.ndarray, kept: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The terms of the ``kept`` groups, renumbered 0..k-1."""
    new_id = np.cumsum(kept) - 1
    terms = kept[ids]
    return new_id[ids[terms]], members[terms]


def distinct_groups(members: np.ndarray, sizes: np.ndarray) -> np.ndarray:
    """True for the first of the groups (contiguous, ``sizes`` long each) that hold the same members.

    Two random 64-bit sums identify a set: a false match needs two
    independent 2^-64 coincidences, and sorting the groups' member lists
    to compare them exactly would cost more than the whole build.
    """
    if len(sizes) == 0:
        return np.zeros(0, dtype=bool)
    rng = np.random.default_rng(0)
    starts = np.concatenate([[0], np.cumsum(sizes)[:-1]])
    salts = rng.integers(0, 2**63, size=(2, int(members.max()) + 1), dtype=np.uint64)
    keys = [sizes] + [np.add.reduceat(salt[members], starts) for salt in salts]
    order = np.lexsort(keys[::-1])
    repeated = np.ones(len(sizes), dtype=bool)
    repeated[0] = False
    for key in keys:
        repeated[1:] &= key[order][1:] == key[order][:-1]
    found = np.zeros(len(sizes), dtype=bool)
    found[order[~repeated]] = True
    return found
