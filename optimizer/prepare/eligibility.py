"""Eligible (cadre, offering) pairs, found for groups of interchangeable cadres at once.

A session's audience rules (ranks, categories, unit subtrees) see only a
cadre's (unit, rank, category), its *audience key*; which offerings are worth
a variable further depends on which rules the cadre owes. Cadres that share
both have the same candidate offerings, so the candidates are computed once
per group and repeated with numpy. What is personal (named summons, pins,
courses already in the ledger, unavailable dates) is added or removed
afterwards, again on whole arrays. :func:`optimizer.prepare.data.eligible_pairs` is
the entry point; ``tests/optimizer/prepare/test_eligibility.py`` checks the result
against a plain loop over cadres and offerings.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from models import Rule, Scenario
from models.entities import Category, Rank, Session
from optimizer.prepare.offerings import Offering

AudienceKey = tuple[str, Rank, Category]
"""(unit id, rank, category): all that a session's audience rules look at."""


class AudienceTable:
    """Which offerings admit which audience keys (every segment must admit the key).

    Parameters
    ----------
    scenario
        Gives the unit tree (``ancestors_by_unit``) for audience units.
    offerings
        The offerings of the plan year.
    keys
        The distinct audience keys of the cadres, numbered by position.
    """

    def __init__(self, scenario: Scenario, offerings: Sequence[Offering], keys: Sequence[AudienceKey]):
        self._scenario = scenario
        unit_index = {u.unit_id: k for k, u in enumerate(scenario.units)}
        self._unit_index = unit_index
        self._key_unit = np.array([unit_index[unit_id] for unit_id, _, _ in keys], dtype=np.int64)
        self._key_rank = np.array([_RANKS.index(rank) for _, rank, _ in keys], dtype=np.int64)
        self._key_category = np.array(
            [_CATEGORIES.index(category) for _, _, category in keys], dtype=np.int64
        )
        self._ancestry = _ancestry(scenario, unit_index)
        by_signature: dict[tuple[tuple[frozenset, frozenset, frozenset], ...], int] = {}
        rows: list[np.ndarray] = []
        session_masks: dict[tuple[frozenset, frozenset, frozenset], np.ndarray] = {}
        signature_of = np.empty(len(offerings), dtype=np.int64)
        for offering in offerings:
            signature = tuple(dict.fromkeys(_audience(s) for s in offering.segments))
            if signature not in by_signature:
                by_signature[signature] = len(rows)
                rows.append(self._admitted_keys(signature, session_masks))
            signature_of[offering.index] = by_signature[signature]
        self.signature_of = signature_of
        """Per offering: the row of its audience signature (distinct tuple of segment audiences)."""
        self.by_key = np.array(rows, dtype=bool).reshape(len(rows), len(keys)).T.copy()
        """``by_key[key, signature]``: the signature admits the key."""

    def offerings_of(self, key: int) -> np.ndarray:
        """Bool mask over offerings: those open to audience key ``key``."""
        return self.by_key[key][self.signature_of]

    def admits(self, key: int, offering: int) -> bool:
        return bool(self.by_key[key, self.signature_of[offering]])

    def _admitted_keys(self, signature: tuple, cache: dict) -> np.ndarray:
        mask = np.ones(len(self._key_unit), dtype=bool)
        for audience in signature:
            if audience not in cache:
                cache[audience] = self._session_mask(*audience)
            mask &= cache[audience]
        return mask

    def _session_mask(self, ranks: frozenset, categories: frozenset, units: frozenset) -> np.ndarray:
        """Keys that one session's audience admits (the rules of ``Scenario.is_eligible_audience``)."""
        mask = np.ones(len(self._key_unit), dtype=bool)
        if ranks:
            mask &= np.array([r in ranks for r in _RANKS])[self._key_rank]
        if categories:
            mask &= np.array([c in categories for c in _CATEGORIES])[self._key_category]
        if units:
            named = np.zeros(len(self._unit_index), dtype=bool)
            named[[self._unit_index[u] for u in units if u in self._unit_index]] = True
            unit_of, ancestor = self._ancestry
            admitted = np.bincount(unit_of[named[ancestor]], minlength=len(named)) > 0
            mask &= admitted[self._key_unit]
        return mask


_RANKS = list(Rank)
_CATEGORIES = list(Category)


def _audience(session: Session) -> tuple[frozenset, frozenset, frozenset]:
    return session.audience_ranks, session.audience_categories, session.audience_units


def _ancestry(scenario: Scenario, unit_index: dict[str, int]) -> tuple[np.ndarray, np.ndarray]:
    """(unit, ancestor) index arrays, each unit listed with itself and every ancestor."""
    pairs = [
        (unit_index[unit_id], unit_index[a])
        for unit_id, chain in scenario.ancestors_by_unit.items()
        for a in chain
        if a in unit_index
    ]
    array = np.array(pairs, dtype=np.int64).reshape(-1, 2)
    return array[:, 0], array[:, 1]


def repeat_groups(group_of: np.ndarray, members: list[np.ndarray]) -> tuple[np.ndarray, np.ndarray]:
    """(row, member) arrays: each row ``i`` once per member of ``members[group_of[i]]``, in order."""
    lengths = np.array([len(m) for m in members], dtype=np.int64)
    flat = np.concatenate(members).astype(np.int64) if members else np.zeros(0, dtype=np.int64)
    rows = np.arange(len(group_of), dtype=np.int64)
    rows, positions = repeat_groups_flat(rows, (np.cumsum(lengths) - lengths)[group_of], lengths[group_of])
    return rows, flat[positions]


def not_taken(
    cadres: np.ndarray,
    offerings: np.ndarray,
    course_ids: Sequence[str],
    taken_by_cadre: Sequence[frozenset[str]],
) -> np.ndarray:
    """Bool mask over pairs: the offering's course (``course_ids[offering]``) is not among the cadre's taken
    (R8)."""
    course_index: dict[str, int] = {}
    offering_course = np.array(
        [course_index.setdefault(c, len(course_index)) for c in course_ids], dtype=np.int64
    )
    width = max(len(course_index), 1)
    taken = [
        cadre * width + course_index[course]
        for cadre, courses in enumerate(taken_by_cadre)
        for course in courses
        if course in course_index
    ]
    codes = cadres * width + offering_course[offerings]
    return ~np.isin(codes, np.array(taken, dtype=np.int64))


def available(
    cadres: np.ndarray, offerings: np.ndarray, scenario: Scenario, segment_days: tuple[np.ndarray, np.ndarray]
) -> np.ndarray:
    """Bool mask over pairs: no unavailable range of the cadre meets a segment's days.

    ``segment_days`` are (offering x segment) arrays of first and last day
    ordinals, padded with ranges that meet nothing.
    """
    ranges = [
        (k, r.first.toordinal(), r.last.toordinal())
        for k, c in enumerate(scenario.cadres)
        for r in c.unavailable
    ]
    if not ranges:
        return np.ones(len(cadres), dtype=bool)
    table = np.array(ranges, dtype=np.int64)
    count = np.bincount(table[:, 0], minlength=len(scenario.cadres))
    first_range = np.cumsum(count) - count
    pairs = np.flatnonzero(count[cadres] > 0)
    pair_of, row = repeat_groups_flat(pairs, first_range[cadres[pairs]], count[cadres[pairs]])
    first, last = segment_days
    off = offerings[pair_of]
    meets = (table[row, 1, None] <= last[off]) & (first[off] <= table[row, 2, None])
    return np.bincount(pair_of[meets.any(axis=1)], minlength=len(cadres)) == 0


def repeat_groups_flat(
    items: np.ndarray, starts: np.ndarray, counts: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """(item, position) arrays: each item repeated ``counts`` times with positions ``starts``, ``starts + 1``,
    ..."""
    total = int(counts.sum())
    within = np.arange(total, dtype=np.int64) - np.repeat(np.cumsum(counts) - counts, counts)
    return np.repeat(items, counts), np.repeat(starts, counts) + within


def segment_days(offerings: Sequence[Offering]) -> tuple[np.ndarray, np.ndarray]:
    """(offering x segment) first and last day ordinals; missing segments are ranges that meet nothing."""
    width = max((len(o.segments) for o in offerings), default=1)
    first = np.full((len(offerings), width), np.iinfo(np.int64).max, dtype=np.int64)
    last = np.full((len(offerings), width), np.iinfo(np.int64).min, dtype=np.int64)
    for o in offerings:
        for k, s in enumerate(o.segments):
            first[o.index, k], last[o.index, k] = s.start.toordinal(), s.end.toordinal()
    return first, last


def owed_rules(scenario: Scenario, by_cadre: dict, member_of: dict[str, set[Rule]]) -> list[frozenset[Rule]]:
    """Per cadre: the rules it owes, and the unit rules (R4, R16, R12) whose members it is among."""
    owed = []
    for cadre in scenario.cadres:
        rules = {o.rule for o in by_cadre.get(cadre.cadre_id, ())}
        rules |= member_of.get(cadre.cadre_id, set())
        rules.discard(Rule.R7)  # a summons is served by its course only, added apart
        owed.append(frozenset(rules))
    return owed
