"""The MIP's columns: the variables of :mod:`optimizer.cpsat.variables`, numbered; the pairs of x."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

import numpy as np

from models.serving import COUNTED_RULES, serve_key
from optimizer.prepare.data import PlanningData
from optimizer.prepare.serving import member_pairs

Pick = tuple[int, int]


@dataclass
class MipVariables:
    """Column indices; ``run``/``half_empty``/``filler`` per offering, ``attends`` per cadre: -1 for none."""

    x: np.ndarray
    run: np.ndarray
    half_empty: np.ndarray
    attends: dict[tuple[object, ...], np.ndarray]
    """Per kind of run (:func:`models.serving.serve_key`) of a unit's counted obligation (R4, R16, the R12
    rates), per cadre: the column "attends a run of that kind"."""
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
    attend_kinds: dict[tuple[object, ...], np.ndarray] = field(default_factory=dict)
    """Per key of ``attends``: which offerings are of that kind (a bool mask)."""
    required: np.ndarray = field(default_factory=lambda: np.zeros(0))
    possible: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=bool))
    """False where no eligible session can meet the obligation: ``met`` is fixed to 0."""
    patterns: tuple[np.ndarray, np.ndarray, list[np.ndarray]] = field(
        default_factory=lambda: (np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64), [])
    )
    """The hours quotas' pattern columns (:mod:`optimizer.highs.patterns`): per column its obligation, the
    column, and the pairs of its set."""

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


def _needed_attends(data: PlanningData) -> dict[tuple[object, ...], tuple[np.ndarray, np.ndarray]]:
    """Per kind of run of the units' counted obligations: its offering mask and the members with one."""
    found: dict[tuple[object, ...], tuple[np.ndarray, set[int]]] = {}
    for item in data.obligations:
        if item.rule in COUNTED_RULES:
            mask, members = found.setdefault(serve_key(item), (data.offering_mask(item), set()))
            members.update(member for member, _ in member_pairs(data, item))
    return {key: (mask, np.array(sorted(members), dtype=np.int64)) for key, (mask, members) in found.items()}


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
    used, kinds = needed_offerings(data), _needed_attends(data)
    caps = _filler_caps(data, used)
    with_filler = used[caps > 0]
    members = sum(len(m) for _, m in kinds.values())
    sizes = [data.num_pairs, len(used), len(used), members, len(data.obligations), len(with_filler)]
    x, run_columns, half_columns, attend_columns, met, filler_columns = np.split(
        np.arange(sum(sizes), dtype=np.int64), np.cumsum(sizes)[:-1]
    )
    run = np.full(len(data.offerings), -1, dtype=np.int64)
    half, filler = run.copy(), run.copy()
    run[used], half[used] = run_columns, half_columns
    filler[with_filler] = filler_columns
    attends: dict[tuple[object, ...], np.ndarray] = {}
    start = 0
    for key, (_, who) in kinds.items():
        attends[key] = np.full(len(data.cadres), -1, dtype=np.int64)
        attends[key][who] = attend_columns[start : start + len(who)]
        start += len(who)
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
        attend_kinds={key: mask for key, (mask, _) in kinds.items()},
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
