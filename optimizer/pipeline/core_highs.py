"""The last core's tier by HiGHS before CP-SAT: a plan and a bound from its MIP.

On the tier-3 core, HiGHS's branch and bound proves what CP-SAT's search
does not reach in its time (benchmarks/RESULTS.md): on the shipped default
(11,027 pairs) 498 met, optimal, in 2.2 s, where CP-SAT stops at 498 with a
bound of 500 after 16 s; on city-open (219,719 pairs) 903, optimal, in 45 s,
where CP-SAT meets 886-898 in its 15 s. HiGHS goes first on cores of up to
``HIGHS_CORE_PAIRS`` pairs, for a share of the tier's time; CP-SAT's stage
then starts from HiGHS's plan when it is ahead (and adds the tie-break of
top leaders, R18, which HiGHS's objective does not count), and the tighter
of the two bounds is kept.

A larger core is solved over its short list (:func:`optimizer.prepare.shortlist.shortlist`: the start's
pairs and each obligation's ``HIGHS_SHORTLIST_RUNS`` cheapest serving runs): a plan, no bound (the pairs
left out could help). On city-open's tier-3 core (219,719 pairs, 14,487 listed) HiGHS meets 903, the
core's bound, in 2.6 s.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from optimizer.highs.model import build_mip, values_from_pairs
from optimizer.highs.solver import integral_bound, run_highs_watched, tier_objective
from optimizer.prepare.data import PlanningData
from optimizer.prepare.serving import by_tier, met_mask
from optimizer.prepare.shortlist import listed_data, shortlist

HIGHS_CORE_PAIRS = 60_000
"""Largest core (pairs) whose tier HiGHS is given first: city-open's 219,719 take 45 s, more than a
120 s solve leaves the core."""
HIGHS_CORE_SHARE = 0.5
"""Most of the last core's time (its tier, then its cost) that HiGHS may take."""
HIGHS_CORE_SECONDS = 30.0
"""Most seconds HiGHS may take on a core (the default's tier 3: 2 s)."""
HIGHS_SHORTLIST_RUNS = 8
"""Cheapest serving runs kept per obligation (and per member of a team's) when a core is larger than
``HIGHS_CORE_PAIRS``: with 4, large-city-open's tier-3 core without the start's pairs had no plan holding
tiers 1-2; with 8 (50,993 of 1,122,957 pairs) 2,493 met in 16 s, where CP-SAT's search met 2,401."""
HIGHS_CORE_THREADS = 1
"""HiGHS keeps its first thread count for the process; the LP bounds that come later ask for one."""


@dataclass(frozen=True)
class CoreByHighs:
    """What HiGHS found on a core's tier: its plan when ahead of the start (else None), its bound on the
    tier's met count (None: none), the seconds it took."""

    chosen: np.ndarray | None
    upper: int | None
    seconds: float


def tier_by_highs(
    core: PlanningData, start: np.ndarray, tier: int, held: dict[int, int], seconds: float
) -> CoreByHighs:
    """Maximise ``tier``'s met count on the ``core`` with the tiers above at least at ``held``, from the plan
    ``start`` (a mask over the core's pairs), for at most ``seconds``."""
    mip = build_mip(core)
    objective = tier_objective(mip, tier, held)
    # Watched in a thread: a Ctrl-C during HiGHS's solve reaches Python at once (raised here; the caller
    # keeps its plan), where in the main thread it was lost.
    watched = run_highs_watched(
        mip, objective, seconds, HIGHS_CORE_THREADS, hint=values_from_pairs(mip, start)
    )
    outcome = watched.outcome
    if outcome is None:  # HiGHS refused the model: CP-SAT's stage goes on alone
        return CoreByHighs(None, None, watched.seconds)
    upper = None  # the objective is the tier's unmet count: its dual bound, rounded up, is at least that
    if outcome.bound is not None and math.isfinite(outcome.bound):
        upper = mip.count(tier) - max(0, int(integral_bound(outcome.bound)))
    chosen = None
    if outcome.chosen is not None:
        before, after = by_tier(core, met_mask(core, start)), by_tier(core, met_mask(core, outcome.chosen))
        if all(after.get(t, 0) >= m for t, m in held.items()) and after[tier] > before[tier]:
            chosen = outcome.chosen
    return CoreByHighs(chosen, upper, outcome.seconds)


def tier_by_highs_listed(
    core: PlanningData, start: np.ndarray, tier: int, held: dict[int, int], seconds: float
) -> tuple[CoreByHighs, int]:
    """:func:`tier_by_highs` over the core's short list: its plan (a mask over the core's pairs) when
    ahead, never a bound; and the number of pairs listed."""
    index = np.flatnonzero(shortlist(core, start, HIGHS_SHORTLIST_RUNS, members=True))
    listed = listed_data(core, index)
    found = tier_by_highs(listed, start[index], tier, held, seconds)
    chosen = None
    if found.chosen is not None:
        chosen = np.zeros(core.num_pairs, dtype=bool)
        chosen[index[found.chosen]] = True
    return CoreByHighs(chosen, None, found.seconds), len(index)
