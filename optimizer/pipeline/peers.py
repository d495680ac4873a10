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

PEER_SHARE = 0.1
"""The peers after the first run only while all of them together would take at most this share of the time
limit (judged by the first one's time)."""


@dataclass(frozen=True)
class Peer:
    """One greedy plan: its order, the chosen pairs, the obligations met per tier, seconds taken."""

    order: Order
    chosen: np.ndarray
    met: dict[int, int]
    seconds: float

    @property
    def rank(self) -> tuple[int, ...]:
        return lexicographic(self.met)


def lexicographic(met: dict[int, int]) -> tuple[int, ...]:
    """Met counts in tier order: compare two plans' tuples to compare them in the priority order."""
    return tuple(met.get(t, 0) for t in TIERS)


def run_peer(data: PlanningData, order: Order, stop: Stop = never) -> Peer:
    started = time.perf_counter()
    chosen = chosen_of(data, greedy_picks(data, order=order, stop=stop))
    return Peer(order, chosen, by_tier(data, met_mask(data, chosen)), time.perf_counter() - started)


def greedy_peers(
    data: PlanningData, time_limit: float, deterministic: bool = False, stop: Stop = never
) -> list[Peer]:
    """Every order's plan, the baseline's first; the others only when they fit :data:`PEER_SHARE` (always
    in a ``deterministic`` run, whose plan may not depend on the machine's speed).

    Once ``stop`` is true (a first Ctrl-C) the pass under way ends with what it has, and no other starts.
    """
    first = run_peer(data, Order.PRIORITY, stop)
    peers = [first]
    if deterministic or first.seconds * len(Order) <= PEER_SHARE * time_limit:
        for order in Order:
            if order is not Order.PRIORITY and not stop():
                peers.append(run_peer(data, order, stop))
    return peers


def best(peers: list[Peer]) -> Peer:
    """The lexicographically best peer (the first listed among equals)."""
    return max(peers, key=lambda peer: peer.rank)
