"""The obligation core: the three highest tiers, solved on the cadres who owe them.

Every cadre owes hours (tier 4), but only a few of them owe a named summons,
remedial training or the systematic course, or sit on a leadership team
that must send its share (tiers 1-3), a small part of the cadres and of the
eligible pairs. Those tiers depend on everyone
else only through what they take (seats, beds, budget) and what they give
(the minimum enrolment of a session run). The core model holds the owing
cadres and, per session, anonymous *fillers*: up to as many of the other
eligible cadres as exist, who take seats, beds and money and count toward
the minimum enrolment (:attr:`optimizer.prepare.data.PlanningData.fillers`).

Every plan of the scenario, cut down to the core with its other cadres
counted as fillers, is a plan of the core model; so the core's optimum of
each tier (with the tiers above at theirs) bounds the scenario's from above.
The core's plan is then completed: fillers become real cadres, everyone else
takes what fits greedily. Where the completed plan keeps the core's counts,
those tiers are proven optimal for the whole scenario, without a solve of it.
"""

from __future__ import annotations

import time
from collections.abc import Mapping
from dataclasses import dataclass, field, replace

import numpy as np

from models import Obligations
from models.obligations import UNIT_RULES
from optimizer.control.clock import Clock
from optimizer.control.context import SolveContext
from optimizer.control.memory import GIB, model_room
from optimizer.cpsat.warmstart import chosen_of, picks_of
from optimizer.greedy.baseline import Pick, keeping_picks
from optimizer.pipeline.bounds import Yardstick
from optimizer.pipeline.core_highs import (
    HIGHS_CORE_PAIRS,
    HIGHS_CORE_SECONDS,
    HIGHS_CORE_SHARE,
    CoreByHighs,
    tier_by_highs,
    tier_by_highs_listed,
)
from optimizer.pipeline.peers import lexicographic
from optimizer.pipeline.stages import COST, STAGE_WEIGHT, Stage, StageResult, run_stages
from optimizer.prepare.data import PlanningData
from optimizer.prepare.neighbourhood import neighbourhood
from optimizer.prepare.serving import by_tier, member_pairs, met_mask, possible_mask, serving_pairs
from optimizer.prepare.usage import Usage

CORE_TIERS = (1, 2, 3)
"""The tiers owed by few cadres: named summons, remedial training, team share and the systematic course."""


@dataclass
class Core:
    """What the core solve found: a plan of the whole scenario built from it, and per tier an upper bound."""

    chosen: np.ndarray | None
    """Mask over the scenario's pairs of the completed plan (``None``: nothing found)."""
    upper: dict[int, int] = field(default_factory=dict)
    """Per tier, an upper bound on its met count, given the higher tiers at least at ``given[tier]``."""
    given: dict[int, dict[int, int]] = field(default_factory=dict)
    """Per tier, the floors of the higher tiers its core model was solved with."""
    sources: dict[int, str] = field(default_factory=dict)
    """Per tier of ``upper``, where its bound is from when not CP-SAT's (``highs core``)."""
    results: list[StageResult] = field(default_factory=list)
    proven: set[int] = field(default_factory=set)
    """The tiers whose bound the plan built from the core reaches (filled in by the solve that uses it)."""
    met: dict[int, int] = field(default_factory=dict)
    after: Yardstick | None = None
    """The weighted objective and bound of the start plan right after the core (filled in by the solve)."""
    elapsed: float = 0.0
    """Seconds from the start of the solve to that point."""
    cadres: int = 0
    pairs: int = 0
    build_seconds: float = 0.0
    solve_seconds: float = 0.0
    seconds: float = 0.0

    def source(self, tier: int) -> str:
        """Where the core's bound of ``tier`` is from."""
        return self.sources.get(tier, "cp-sat core")

    def bounds_for(self, met: Mapping[int, int]) -> dict[int, int]:
        """The bounds that hold for a plan meeting ``met``: a tier's, when the plan keeps the higher tiers
        at the floors its core was solved with (below them, the higher tiers could have left it more)."""
        return {
            t: u
            for t, u in self.upper.items()
            if all(met.get(s, 0) >= f for s, f in self.given.get(t, {}).items())
        }

    def proven_for(self, met: Mapping[int, int]) -> set[int]:
        """The tiers a plan meeting ``met`` has proven optimal in the priority order: from tier 1 down, each
        at its bound, stopping at the first that is not (a lower tier's count is optimal only given the
        higher tiers as they are, so it is not held while they can still rise)."""
        bounds, proven = self.bounds_for(met), set()
        for t in CORE_TIERS:
            if t not in bounds or met.get(t, 0) < bounds[t]:
                break
            proven.add(t)
        return proven


def core_cadres(data: PlanningData, tiers: tuple[int, ...] = CORE_TIERS) -> np.ndarray:
    """Mask of the cadres owing an obligation of ``tiers``; for a unit's (R4, R16), every member."""
    free = np.zeros(len(data.cadres), dtype=bool)
    for item in data.obligations:
        if item.tier not in tiers:
            continue
        if item.rule in UNIT_RULES:
            free[data.members_of(item)] = True
        elif item.cadre_id is not None:
            free[data.cadre_index[item.cadre_id]] = True
    return free


def core_data(
    data: PlanningData, free: np.ndarray, tiers: tuple[int, ...] = CORE_TIERS
) -> tuple[PlanningData, np.ndarray]:
    """The core's planning data (the free cadres, their obligations of ``tiers``, fillers) and its pairs'
    numbers.

    A free cadre keeps only the pairs that serve one of the core's obligations it owes or counts toward
    (and its pins): the others could only take its time. They still count as fillers, with every pair of
    the cadres outside, so the core's bound stays a bound (fillers relax who sits in a run).
    """
    sub, index = neighbourhood(data, free, np.zeros(data.num_pairs, dtype=bool))
    items = [item for item in sub.obligations if item.tier in tiers]
    sub = replace(sub, obligations=Obligations(data.scenario, data.year, items), fixed=None)
    useful = _serving(sub)
    keep = np.zeros(data.num_pairs, dtype=bool)
    keep[index[useful]] = True
    fillers = np.bincount(data.pair_offering[~keep], minlength=len(data.offerings)).astype(np.int64)
    sub = replace(
        sub, pair_cadre=sub.pair_cadre[useful], pair_offering=sub.pair_offering[useful], fillers=fillers
    )
    return sub, index[useful]


def _serving(sub: PlanningData) -> np.ndarray:
    """Mask over ``sub``'s pairs: those serving one of its obligations, and the pinned ones."""
    useful = np.zeros(sub.num_pairs, dtype=bool)
    for k, item in enumerate(sub.obligations):
        if item.rule in UNIT_RULES:
            for _, pairs in member_pairs(sub, item):
                useful[pairs] = True
        else:
            useful[serving_pairs(sub, k)] = True
    if sub.pinned:
        width = max(1, len(sub.offerings))
        codes = sub.pair_cadre * width + sub.pair_offering
        useful |= np.isin(codes, [c * width + o for c, o in sub.pinned])
    return useful


BUILD_SECONDS_PER_PAIR = 2e-5
"""Seconds to build a core model and its hint, per pair (a province's tier-3 core: 5.9 M pairs, 118 s)."""
BUILD_SHARE = 0.5
"""A core is built only when its building is expected to take at most this share of its time: else no time
would be left to solve it, and the time is better spent on the search."""
COST_PAIRS = 400_000
"""The last core minimises its cost (money left for the hours) only up to this many pairs: above, that
model is the solve's peak of memory (large-city-open, 1.1 M core pairs: 6.3 GB against 5.2 GB for the
tier-3 model) and found nothing in its 38 s; the regions' cost stage comes later anyway."""
COMPLETE_SHARE = 0.2
"""An intermediate core's plan is completed (a greedy pass over the whole scenario) only while one pass takes
at most this share of the core's time left; else it starts the next core as it is (a hint)."""


def solve_core(
    data: PlanningData, start: np.ndarray, context: SolveContext, pass_seconds: float = 0.0
) -> Core:
    """Solve tiers 1-3 on nested cores, each warm-started from the plan so far, and complete each core's plan.

    Tier ``t``'s core holds the cadres owing tiers 1..t, with the tiers
    above held at what the plan meets. After each tier the core's plan is
    completed into a plan of the whole scenario, which becomes the next
    tier's start when it is better. The last core also minimises its cost (up to
    :data:`COST_PAIRS`), leaving the rest of the budget to the hours. ``context.clock`` limits the stages.

    A completed plan starts the next core when it meets more of tiers 1..t
    than the plan before; the plan returned is the chain's best in the
    priority order over every tier (tier 1 first, then tier 2 ...), the start
    included: a tier below may give way to a gain above. Completing fills
    the hours quotas cheapest first, so that the money the core leaves meets
    as many as it can. The core models themselves have no floors on the
    tiers below their own, so that their bounds stay bounds of the priority
    order, not of the floors.
    """
    started = time.perf_counter()
    clock, say = context.clock, context.say
    plan, found = start, Core(None)
    floored = start  # the chain's plan best in the priority order (all tiers): the one returned
    met = by_tier(data, met_mask(data, plan))
    best_met = met
    pending: tuple[np.ndarray, np.ndarray, np.ndarray] | None = None
    weights_left = sum(STAGE_WEIGHT[t] for t in CORE_TIERS) + STAGE_WEIGHT[COST]
    for tier in CORE_TIERS:
        tiers = tuple(t for t in CORE_TIERS if t <= tier)
        stages: list[Stage] = [tier, COST] if tier == CORE_TIERS[-1] else [tier]
        weight = sum(STAGE_WEIGHT[s] for s in stages)
        sub_clock = Clock(clock.share(weight, weights_left), clock.deterministic)
        weights_left -= weight
        free = core_cadres(data, tiers)
        if context.interrupted.flag or not free.any():
            continue
        core, index = core_data(data, free, tiers)
        say(
            f"core of tier {tier}: {int(free.sum())} cadres owing tiers {tiers[0]}-{tier}, "
            f"{core.num_pairs} pairs"
        )
        if core.num_pairs > COST_PAIRS:
            stages = [tier]  # its time goes to the tier
        need, left = model_room(core.num_pairs, context.options.max_memory)
        if need > left:
            say(
                f"core of tier {tier}: not built (about {need / GIB:.1f} GiB for its model, "
                f"{left / GIB:.1f} GiB left of the memory limit)"
            )
            continue
        building = BUILD_SECONDS_PER_PAIR * core.num_pairs
        if not clock.deterministic and building > BUILD_SHARE * sub_clock.remaining():
            say(
                f"core of tier {tier}: not built (about {building:.0f}s to build, "
                f"{sub_clock.remaining():.0f}s for it)"
            )
            continue
        local = context.but(
            clock=sub_clock,
            floors={t: met[t] for t in tiers if t < tier},
            possible=by_tier(core, possible_mask(core)),
        )
        by_highs, begin = _highs_first(core, plan[index], tier, local, sub_clock)
        run = run_stages(core, begin, stages, local, label="core ")
        clock.used += sub_clock.used
        found.results += run.results
        found.build_seconds += run.build_seconds
        found.solve_seconds += run.solve_seconds
        found.cadres, found.pairs = int(free.sum()), core.num_pairs
        result = run.result(tier)
        if run.infeasible or result is None:
            break
        if by_highs is not None and by_highs.upper is not None:
            if result.upper is None or by_highs.upper < result.upper:
                result.upper, result.source = by_highs.upper, "highs core"
                found.sources[tier] = "highs core"
        if result.upper is not None:
            found.upper[tier] = result.upper
            found.given[tier] = dict(local.floors)
        # A reproducible run's plan may not hang on the wall clock (nor compare seconds with its ticks).
        dear = not clock.deterministic and pass_seconds > COMPLETE_SHARE * clock.remaining()
        if tier != CORE_TIERS[-1] and dear:
            hint = plan & ~free[data.pair_cadre]
            hint[index[run.chosen]] = True
            hinted = by_tier(data, met_mask(data, hint))
            if [hinted[t] for t in tiers] < [met[t] for t in tiers]:
                say(f"core of tier {tier}: its plan meets less than the plan so far; not taken")
                continue
            plan = hint  # the next core's start; only the last core's plan is completed
            met = {**met, **{t: hinted[t] for t in tiers}}  # the next core's floors
            pending = (run.chosen, index, free)
            say(
                f"core of tier {tier}: not completed (a greedy pass takes {pass_seconds:.0f}s); "
                "it starts the next core"
            )
            continue
        completed = _complete(data, run.chosen, index, free)
        ours = by_tier(data, met_mask(data, completed))
        if [ours[t] for t in tiers] < [met[t] for t in tiers]:
            say(f"core of tier {tier}: its completed plan meets less than the plan so far; not taken")
            continue
        plan, met, pending = completed, ours, None  # it held the uncompleted core's counts as floors
        if lexicographic(ours) > lexicographic(best_met):
            floored, best_met = plan, ours
        else:
            say(
                f"core of tier {tier}: completed plan not ahead in the priority order; "
                "it only starts the next core"
            )
    if pending is not None and not context.interrupted.flag:
        # No later core took its place: complete the last core that was not completed (even when an
        # earlier core's completed plan leads: the uncompleted one was solved with that plan's floors).
        completed = _complete(data, *pending)
        ours = by_tier(data, met_mask(data, completed))
        if lexicographic(ours) > lexicographic(best_met):
            floored, best_met = completed, ours
            say("core: the last uncompleted core's plan, completed, is ahead; it is taken")
    found.chosen = floored
    found.seconds = time.perf_counter() - started
    return found


def _highs_first(
    core: PlanningData, start: np.ndarray, tier: int, local: SolveContext, sub_clock: Clock
) -> tuple[CoreByHighs | None, np.ndarray]:
    """HiGHS on the last core's tier first (:mod:`optimizer.pipeline.core_highs`), where the core is small
    enough and the run is not a reproducible one: what it found and the plan CP-SAT's stage starts from."""
    if tier != CORE_TIERS[-1] or sub_clock.deterministic:
        return None, start
    seconds = min(HIGHS_CORE_SECONDS, sub_clock.remaining() * HIGHS_CORE_SHARE)
    if local.interrupted.flag or seconds < 0.5:
        return None, start
    listed = None  # a core too large for HiGHS in time: its short list (a plan, no bound)
    try:
        if core.num_pairs > HIGHS_CORE_PAIRS:
            found, listed = tier_by_highs_listed(core, start, tier, dict(local.floors), seconds)
        else:
            found = tier_by_highs(core, start, tier, dict(local.floors), seconds)
    except KeyboardInterrupt:
        local.first_interrupt()
        return None, start
    bound = "no bound" if found.upper is None else f"at most {found.upper}"
    if listed is not None:
        bound = f"over a short list of {listed:,} pairs, no bound"
    ahead = "its plan starts CP-SAT" if found.chosen is not None else "its plan is not ahead"
    local.say(f"  [core tier {tier}] HiGHS in {found.seconds:.1f}s: {bound}; {ahead}")
    return found, start if found.chosen is None else found.chosen


def _complete(data: PlanningData, core_chosen: np.ndarray, index: np.ndarray, free: np.ndarray) -> np.ndarray:
    """A plan of the whole scenario from a core plan: its assignments, fillers for its runs, then greedy."""
    picked = np.zeros(data.num_pairs, dtype=bool)
    picked[index[core_chosen]] = True
    wanted = sorted(picks_of(data, picked))
    return chosen_of(data, keeping_picks(data, wanted + _fillers(data, wanted, free), cheap_hours=True))


def recomplete(data: PlanningData, chosen: np.ndarray, free: np.ndarray) -> np.ndarray:
    """A plan that keeps ``chosen``'s assignments of the ``free`` (core) cadres and fills the rest greedily,
    hours quotas cheapest first: a plan that spent the budget on dear hours gets a second chance."""
    wanted = sorted(picks_of(data, chosen & free[data.pair_cadre]))
    return chosen_of(data, keeping_picks(data, wanted + _fillers(data, wanted, free), cheap_hours=True))


def _fillers(data: PlanningData, picks: list[Pick], core: np.ndarray) -> list[Pick]:
    """Cadres outside the core who bring each session the core plan runs up to its minimum enrolment.

    The core model counted them without names; here they are the first
    eligible cadres for whom the session still fits (seats, days away,
    budget...), with the core's own assignments placed first.
    """
    usage = Usage(data)
    for cadre, index in [*data.pinned, *picks]:
        if usage.fits(cadre, data.offerings[index]):
            usage.add(cadre, data.offerings[index])
    found: list[Pick] = []
    for offering in data.offerings:
        short = offering.min_enrolment - int(usage.enrolled[offering.index])
        if usage.enrolled[offering.index] == 0 or short <= 0:
            continue
        for cadre in data.pair_cadre[data.pairs_by_offering[offering.index]].tolist():
            if short <= 0:
                break
            if not core[cadre] and usage.fits(cadre, offering):
                usage.add(cadre, offering)
                found.append((cadre, offering.index))
                short -= 1
    return found
