"""The MIP's columns: the variables of :mod:`optimizer.cpsat.variables`, numbered; the pairs of x."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

import numpy as np

from models import Rule
from optimizer.prepare.data import PlanningData

Pick = tuple[int, int]


@dataclass
class MipVariables:
    """Column indices; ``run``/``half_empty`` per offering, ``attends`` per cadre: -1 where there is none."""

    x: np.ndarray
    run: np.ndarray
    half_empty: np.ndarray
    attends: np.ndarray
    met: np.ndarray
    cost: np.ndarray
    """Cost per head of each pair (the coefficients of the cost expression)."""
    indicator: list[tuple[np.ndarray, np.ndarray, np.ndarray]] = field(default_factory=list)
    """Blocks of (obligation, column, coefficient): ``met[k]`` needs their sum >= ``required[k]``."""
    required: np.ndarray = field(default_factory=lambda: np.zeros(0))
    possible: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=bool))
    """False where no eligible session can meet the obligation: ``met`` is fixed to 0."""

    num_columns: int = 0


def needed_offerings(data: PlanningData) -> np.ndarray:
    """The offerings with a pair: only they get a ``run`` and a ``half_empty`` column."""
    return np.flatnonzero(np.bincount(data.pair_offering, minlength=len(data.offerings)))


def _needed_attends(data: PlanningData) -> np.ndarray:
    members = {c for item in data.obligations.of_rule(Rule.R4) for c in data.team_members(item.unit_id or "")}
    return np.array(sorted(c for c in members if len(data.pairs_by_cadre[c])), dtype=np.int64)


def mip_variables(data: PlanningData) -> MipVariables:
    """Columns numbered x, then run, half_empty, attends, met."""
    used, members = needed_offerings(data), _needed_attends(data)
    sizes = [data.num_pairs, len(used), len(used), len(members), len(data.obligations)]
    x, run_columns, half_columns, attend_columns, met = np.split(
        np.arange(sum(sizes), dtype=np.int64), np.cumsum(sizes)[:-1]
    )
    run = np.full(len(data.offerings), -1, dtype=np.int64)
    half, attends = run.copy(), np.full(len(data.cadres), -1, dtype=np.int64)
    run[used], half[used], attends[members] = run_columns, half_columns, attend_columns
    cost = np.array([o.cost for o in data.offerings], dtype=np.float64)[data.pair_offering]
    required = np.array([item.required for item in data.obligations], dtype=np.float64)
    return MipVariables(
        x,
        run,
        half,
        attends,
        met,
        cost,
        required=required,
        possible=np.ones(len(data.obligations), dtype=bool),
        num_columns=sum(sizes),
    )


def chosen_pairs(data: PlanningData, picks: Iterable[Pick]) -> np.ndarray:
    """Boolean per eligible pair: is it among ``picks``?"""
    width = max(1, len(data.offerings))
    wanted = np.array([c * width + o for c, o in picks], dtype=np.int64)
    return np.isin(data.pair_cadre * width + data.pair_offering, wanted)


def picks_of(data: PlanningData, chosen: np.ndarray) -> set[Pick]:
    """The (cadre, offering) picks of a bool mask over the pairs."""
    return set(zip(data.pair_cadre[chosen].tolist(), data.pair_offering[chosen].tolist(), strict=True))
