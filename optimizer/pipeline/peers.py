"""The greedy peers the pipeline must never fall behind: the baseline in each order, best one first.

Each order of :mod:`optimizer.greedy.orders` gives a valid plan quickly.
The pipeline starts from the lexicographically best (tier 1 first, then
tier 2 given tier 1, ...) and holds every tier at that plan's counts, so
its plan is at least as good as every peer's in the priority order; its
last step checks that again.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

import numpy as np

from optimizer.cpsat.warmstart import chosen_of
from optimizer.greedy.baseline import Stop, greedy_picks, never
from optimizer.greedy.orders import Order
from optimizer.prepare.data import PlanningData
from optimizer.prepare.serving import by_tier, met_mask
from optimizer.prepare.tiers import TIERS

PEER_SHARE = 0.25
"""The peers after the first run only while all of them together would take at most this share of the time
limit (judged by the first one's time)."""
GREEDY_SHARE = 0.5
"""The baseline stops when this share of the time limit has gone since the solve began (its plan then
serves the obligations reached so far): ``--time-limit`` holds at any size."""


@dataclass(frozen=True)
class Peer:
    """One greedy plan: its order, the chosen pairs, the obligations met per tier, seconds taken."""

    order: Order
    chosen: np.ndarray
    met: dict[int, int]
    seconds: float
    cut: bool = False
    """Stopped at its share of the time limit before serving every obligation."""

    @property
    def rank(self) -> tuple[int, ...]:
        return lexicographic(self.met)


def lexicographic(met: dict[int, int]) -> tuple[int, ...]:
    """Met counts in tier order: compare two plans' tuples to compare them in the priority order."""
    return tuple(met.get(t, 0) for t in TIERS)


def run_peer(data: PlanningData, order: Order, until: float | None = None, stop: Stop = never) -> Peer:
    started = time.perf_counter()
    chosen = chosen_of(data, greedy_picks(data, order=order, until=until, stop=stop))
    cut = until is not None and time.perf_counter() > until
    return Peer(order, chosen, by_tier(data, met_mask(data, chosen)), time.perf_counter() - started, cut)


def greedy_peers(
    data: PlanningData,
    time_limit: float,
    deterministic: bool = False,
    began: float | None = None,
    stop: Stop = never,
) -> list[Peer]:
    """Every order's plan, the baseline's first; the others only when they fit :data:`PEER_SHARE` (always
    in a ``deterministic`` run, whose plan may not depend on the machine's speed).

    The baseline stops at :data:`GREEDY_SHARE` of ``time_limit`` after ``began`` (a
    :func:`time.perf_counter` instant; now when ``None``), except in a deterministic run. Once
    ``stop`` is true (a first Ctrl-C) the pass under way ends with what it has, and no other starts.
    """
    until = None if deterministic else (began or time.perf_counter()) + GREEDY_SHARE * time_limit
    first = run_peer(data, Order.PRIORITY, until, stop)
    peers = [first]
    if deterministic or (not first.cut and first.seconds * len(Order) <= PEER_SHARE * time_limit):
        for order in Order:
            if order is not Order.PRIORITY and not stop():
                peers.append(run_peer(data, order, stop=stop))
    return peers


def best(peers: list[Peer]) -> Peer:
    """The lexicographically best peer (the first listed among equals)."""
    return max(peers, key=lambda peer: peer.rank)
