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
    """Column indices; ``run``/``half_empty``/``filler`` per offering, ``attends`` per cadre: -1 for none."""

    x: np.ndarray
    run: np.ndarray
    half_empty: np.ndarray
    attends: np.ndarray
    met: np.ndarray
    filler: np.ndarray
    """In a core model: per offering, the integer count of anonymous cadres from outside the model in it."""
    cost: np.ndarray
    """Cost per head of each pair (the coefficients of the cost expression)."""
    upper: np.ndarray
    """Upper bound of each column (binaries 1, fillers as many as may sit in the session)."""
    strict_summons: bool = False
    """Named summons (R7) are hard: a summoned cadre must attend a session of the course."""
    indicator: list[tuple[np.ndarray, np.ndarray, np.ndarray]] = field(default_factory=list)
    """Blocks of (obligation, column, coefficient): ``met[k]`` needs their sum >= ``required[k]``."""
    required: np.ndarray = field(default_factory=lambda: np.zeros(0))
    possible: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=bool))
    """False where no eligible session can meet the obligation: ``met`` is fixed to 0."""

    @property
    def num_columns(self) -> int:
        return len(self.upper)

    def cost_terms(self, data: PlanningData) -> tuple[np.ndarray, np.ndarray]:
        """Columns and coefficients of the cost (yuan): every pair's, then every filler's cost per head."""
        has_filler = np.flatnonzero(self.filler >= 0)
        filler_cost = np.array([data.offerings[o].cost for o in has_filler.tolist()], dtype=np.float64)
        return np.concatenate([self.x, self.filler[has_filler]]), np.concatenate([self.cost, filler_cost])


def needed_offerings(data: PlanningData) -> np.ndarray:
    """The offerings with a pair: only they get a ``run`` and a ``half_empty`` column."""
    return np.flatnonzero(np.bincount(data.pair_offering, minlength=len(data.offerings)))


def _needed_attends(data: PlanningData) -> np.ndarray:
    members = {c for item in data.obligations.of_rule(Rule.R4) for c in data.team_members(item.unit_id or "")}
    return np.array(sorted(c for c in members if len(data.pairs_by_cadre[c])), dtype=np.int64)


def _filler_caps(data: PlanningData, used: np.ndarray) -> np.ndarray:
    """Per used offering, how many anonymous cadres may sit in it (0: no filler column)."""
    if data.fillers is None:
        return np.zeros(len(used), dtype=np.int64)
    offerings = [data.offerings[o] for o in used.tolist()]
    return np.array(
        [min(int(data.fillers[o.index]), o.seats) if o.min_enrolment > 1 else 0 for o in offerings],
        dtype=np.int64,
    )


def mip_variables(data: PlanningData, strict_summons: bool = False) -> MipVariables:
    """Columns numbered x, then run, half_empty, attends, met and fillers."""
    used, members = needed_offerings(data), _needed_attends(data)
    caps = _filler_caps(data, used)
    with_filler = used[caps > 0]
    sizes = [data.num_pairs, len(used), len(used), len(members), len(data.obligations), len(with_filler)]
    x, run_columns, half_columns, attend_columns, met, filler_columns = np.split(
        np.arange(sum(sizes), dtype=np.int64), np.cumsum(sizes)[:-1]
    )
    run = np.full(len(data.offerings), -1, dtype=np.int64)
    half, filler, attends = run.copy(), run.copy(), np.full(len(data.cadres), -1, dtype=np.int64)
    run[used], half[used], attends[members] = run_columns, half_columns, attend_columns
    filler[with_filler] = filler_columns
    upper = np.ones(sum(sizes))
    upper[filler_columns] = caps[caps > 0]
    cost = np.array([o.cost for o in data.offerings], dtype=np.float64)[data.pair_offering]
    required = np.array([item.required for item in data.obligations], dtype=np.float64)
    return MipVariables(
        x,
        run,
        half,
        attends,
        met,
        filler,
        cost,
        upper,
        strict_summons,
        required=required,
        possible=np.ones(len(data.obligations), dtype=bool),
    )


def chosen_pairs(data: PlanningData, picks: Iterable[Pick]) -> np.ndarray:
    """Boolean per eligible pair: is it among ``picks``?"""
    width = max(1, len(data.offerings))
    wanted = np.array([c * width + o for c, o in picks], dtype=np.int64)
    return np.isin(data.pair_cadre * width + data.pair_offering, wanted)


def picks_of(data: PlanningData, chosen: np.ndarray) -> set[Pick]:
    """The (cadre, offering) picks of a bool mask over the pairs."""
    return set(zip(data.pair_cadre[chosen].tolist(), data.pair_offering[chosen].tolist(), strict=True))
