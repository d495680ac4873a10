"""Large scenarios, a neighbourhood at a time (large-neighbourhood search over unit subtrees).

One CP-SAT model of a province (1.3M eligible pairs) takes minutes to
presolve and more than 10 GB. Instead the stages of :mod:`optimizer.pipeline.stages`
run region by region: the cadres of a few neighbouring units are free,
everyone else keeps their sessions, and what they use (seats, beds, budget)
is subtracted from the region's limits (:mod:`optimizer.prepare.neighbourhood`). Stages go
tier by tier over all regions -- every region's named summons before
anyone's hours -- so that shared seats and the budget go to the
highest-priority obligations first, as in the whole-model solve.

A region's solve starts from the current plan, holds the region's higher
tiers and the province-wide greedy floor, so the plan only gets better.
Regions whose tier is already at its trivial bound are skipped; the others
share the stage's time, those with most to gain first.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np

from optimizer.control.clock import Clock
from optimizer.control.context import SolveContext
from optimizer.pipeline.hours_shortlist import SPLIT_RUNS, hours_over_shortlist
from optimizer.pipeline.shortfall_neighbourhoods import shortfall_neighbourhoods
from optimizer.pipeline.stages import (
    KEEP,
    PLAIN,
    STAGE_WEIGHT,
    Stage,
    StageResult,
    StagesRun,
    run_stages,
    stage_name,
)
from optimizer.prepare.data import PlanningData
from optimizer.prepare.neighbourhood import neighbourhood, regions
from optimizer.prepare.serving import by_tier, met_mask, possible_mask
from optimizer.prepare.shortlist import listed_data, shortlist
from optimizer.prepare.tiers import HOURS

# The hours tier is met mostly within a unit's own release cap and budget, so it is worked on unit regions;
# the tiers above it (summons, remedial, team share and the systematic course) on shortfall neighbourhoods.
SLACK_SHARE = 0.15
"""Share of the time for the hours pass that makes room above the greedy floor before the higher tiers."""
MAX_PASSES = 5
"""Passes over the regions in the hours stage: each region's solve is cut by its share of the time, and the
next pass goes on from its plan."""
SHORTLIST_SHARE = 0.8
"""Share of the hours stage's time for its pass over the whole scenario's short list
(:mod:`optimizer.pipeline.hours_shortlist`) before the regions."""
IDLE_ROUNDS = 3
"""A tier's neighbourhood rounds stop after this many rounds in a row gained nothing (each draws other
groupings of the shortfalls)."""

Restart = Callable[[Stage, np.ndarray, Mapping[int, int]], "tuple[np.ndarray, dict[int, int]] | None"]
"""Asked before each stage with the plan and the floors: another plan to go on from (and its floors), or
None (:mod:`optimizer.pipeline.lp_rounding`)."""


@dataclass
class RegionLog:
    """What one stage did across the regions."""

    stage: Stage
    solved: int = 0
    skipped: int = 0
    gained: int = 0
    seconds: float = 0.0
    build_seconds: float = 0.0
    solve_seconds: float = 0.0
    notes: list[str] = field(default_factory=list)


def improve_by_regions(
    data: PlanningData,
    chosen: np.ndarray,
    stages: Sequence[Stage],
    context: SolveContext,
    prefer: np.ndarray | None = None,
    restart: Restart | None = None,
) -> tuple[StagesRun, list[RegionLog]]:
    """Run each stage over every region in turn; returns the plan and what each stage did. ``restart`` may
    hand over a better plan before a stage."""
    search = _Search(data, chosen, context)
    context.say(
        f"neighbourhoods: {len(search.masks)} regions of at most "
        f"~{context.options.neighbourhood_pairs:,} pairs"
    )
    run, logs = StagesRun(search.chosen), []
    if context.floors and HOURS in stages and any(isinstance(s, int) and s < HOURS for s in stages):
        search.make_slack(run)
    clock = context.clock
    weights_left = sum(STAGE_WEIGHT[s] for s in stages)
    for stage in stages:
        log = RegionLog(stage)
        try:
            if restart is not None and not context.interrupted.flag:
                search.restart(restart(stage, search.chosen, search.context.floors))
        except KeyboardInterrupt:
            context.first_interrupt(
                f"  [{stage_name(stage)}] interrupted: keeping the plan so far (Ctrl-C again to abort)"
            )
            break
        stage_clock = Clock(clock.share(STAGE_WEIGHT[stage], weights_left), clock.deterministic)
        weights_left -= STAGE_WEIGHT[stage]
        try:
            if isinstance(stage, int) and stage < HOURS:
                search.over_shortfalls(stage, stage_clock, log)
            else:
                search.over_regions(stage, stage_clock, log, prefer)
        except KeyboardInterrupt:
            context.first_interrupt(
                f"  [{stage_name(stage)}] interrupted: keeping the plan so far (Ctrl-C again to abort)"
            )
        clock.used += stage_clock.used
        log.seconds = stage_clock.elapsed()
        logs.append(log)
        run.build_seconds += log.build_seconds
        run.solve_seconds += log.solve_seconds
        run.results.append(_stage_result(data, search.chosen, stage, prefer, log, search.possible))
        if context.interrupted.flag:
            break
    run.chosen = search.chosen
    return run, logs


class _Search:
    """The plan being improved (``chosen``, updated in place), its met counts, and the regions."""

    def __init__(self, data: PlanningData, chosen: np.ndarray, context: SolveContext, listed: bool = False):
        self.data = data
        self.listed = listed  # the data is a short list already: no short-list pass of its own
        self.context = context
        self.chosen = chosen.copy()
        self.met = by_tier(data, met_mask(data, self.chosen))
        self.masks = regions(data, context.options.neighbourhood_pairs)
        self.possible = possible_mask(data)
        self.region_of = _region_of_obligations(data, self.masks)

    def restart(self, handed: tuple[np.ndarray, dict[int, int]] | None) -> None:
        """Go on from a plan handed over (and its floors), if any."""
        if handed is not None:
            self.chosen = handed[0].copy()
            self.met = by_tier(self.data, met_mask(self.data, self.chosen))
            self.context = self.context.but(floors=handed[1])

    def over_regions(self, stage: Stage, clock: Clock, log: RegionLog, prefer: np.ndarray | None) -> None:
        """Passes over the regions, most to gain first; the hours tier passes again while it gains (after a
        pass over the whole scenario's short list)."""
        if stage == HOURS and prefer is None and len(self.masks) > 1 and not self.listed:
            self.over_shortlist(clock, log)
        masks = self.masks
        for passes in range(1, MAX_PASSES + 1):
            gained = log.gained
            order = _by_gain(self.data, self.chosen, stage, masks, prefer, self.possible, self.region_of)
            for position, (gain, r) in enumerate(order):
                if self.context.interrupted.flag or clock.remaining() < 0.05:
                    log.notes.append(f"pass {passes}: {len(order) - position} regions not reached")
                    return
                if gain <= 0:
                    log.skipped += 1
                    continue
                sub_clock = Clock(clock.share(1.0, len(order) - position), clock.deterministic)
                if not self.solve_neighbourhood(stage, masks[r], sub_clock, clock, prefer, log):
                    continue
                again = "" if passes == 1 else f"pass {passes}, "
                self._progress(f"[{stage_name(stage)}] {again}region {r + 1}/{len(masks)}", clock)
            if stage != HOURS or log.gained == gained or clock.remaining() < 0.05:
                return

    def over_shortlist(self, clock: Clock, log: RegionLog) -> None:
        """The hours tier over every cadre at once, each with a few runs (a share of the stage's time)."""
        if self.context.interrupted.flag or clock.remaining() < 1.0:
            return
        sub_clock = Clock(clock.remaining() * SHORTLIST_SHARE, clock.deterministic)
        floors = _local_floors(HOURS, self.met, self.met, self.context.floors)
        found = hours_over_shortlist(self.data, self.chosen, floors, self.context, sub_clock)
        if found is None:  # no list fits in one model (or nothing valid found): the list by regions
            self.over_listed_regions(sub_clock, log)
        clock.used += sub_clock.used
        if found is None:
            return
        log.build_seconds += found.build_seconds
        log.solve_seconds += found.solve_seconds
        log.gained += found.gained
        self.chosen = found.chosen.copy()
        self.met = by_tier(self.data, met_mask(self.data, self.chosen))
        where = f"short list of {found.pairs:,} pairs, {found.runs} runs an obligation"
        log.notes.append(f"{where}: +{found.gained}")
        self._progress(f"[hours] {where}", clock)

    def over_listed_regions(self, clock: Clock, log: RegionLog) -> None:
        """The hours tier region by region over the short list of :data:`SPLIT_RUNS` runs an obligation:
        each region, with fewer pairs a cadre, spans more units than the regions over every pair."""
        index = np.flatnonzero(shortlist(self.data, self.chosen, SPLIT_RUNS, members=True))
        inner = _Search(listed_data(self.data, index), self.chosen[index], self.context, listed=True)
        self.context.say(f"  [hours] short list of {len(index):,} pairs in {len(inner.masks)} regions")
        before = log.gained
        inner.over_regions(HOURS, clock, log, None)
        if log.gained > before:
            self.chosen = np.zeros(self.data.num_pairs, dtype=bool)
            self.chosen[index[inner.chosen]] = True
            self.met = by_tier(self.data, met_mask(self.data, self.chosen))
        log.notes.append(f"short list of {len(index):,} pairs by regions: +{log.gained - before}")

    def make_slack(self, run: StagesRun) -> None:
        """A short hours pass before the higher tiers, so that the hours tier stands above its greedy floor.

        With every tier at exactly the greedy plan's count, meeting one more
        named summons whose session overlaps a cadre's hours session (or needs
        the money of one) would drop the hours tier below its floor, so no
        neighbourhood could take it. Hours met beyond the floor are the slack
        that the higher tiers may then trade, as the priority order allows.
        """
        clock = self.context.clock
        log = RegionLog(HOURS)
        slack_clock = Clock(clock.remaining() * SLACK_SHARE, clock.deterministic)
        try:
            self.over_regions(HOURS, slack_clock, log, None)
        except KeyboardInterrupt:
            self.context.first_interrupt()
        clock.used += slack_clock.used
        run.build_seconds += log.build_seconds
        run.solve_seconds += log.solve_seconds
        slack = self.met[HOURS] - self.context.floors.get(HOURS, 0)
        self.context.say(f"  hours above the greedy floor before the higher tiers: {slack}")

    def over_shortfalls(self, stage: int, clock: Clock, log: RegionLog) -> None:
        """Rounds of shortfall neighbourhoods for one tier, until its time is spent or a round gains none."""
        options = self.context.options
        rng = np.random.default_rng(options.seed + 7919 * stage)
        rounds = idle = 0
        while not self.context.interrupted.flag and clock.remaining() >= 0.05:
            masks = shortfall_neighbourhoods(self.data, self.chosen, stage, options.shortfall_pairs, rng)
            if not masks:
                log.notes.append("every obligation that can be met is met")
                return
            rounds += 1
            gained = log.gained
            for position, mask in enumerate(masks):
                if self.context.interrupted.flag or clock.remaining() < 0.05:
                    left = len(masks) - position
                    log.notes.append(f"round {rounds}: {left} of {len(masks)} neighbourhoods not reached")
                    return
                sub_clock = Clock(clock.share(1.0, len(masks) - position), clock.deterministic)
                self.solve_neighbourhood(stage, mask, sub_clock, clock, None, log)
                where = f"round {rounds}, neighbourhood {position + 1}/{len(masks)}"
                self._progress(f"[{stage_name(stage)}] {where}", clock)
            idle = idle + 1 if log.gained == gained else 0
            if idle >= IDLE_ROUNDS:
                log.notes.append(f"{idle} rounds in a row gained nothing")
                return

    def solve_neighbourhood(
        self,
        stage: Stage,
        free: np.ndarray,
        sub_clock: Clock,
        clock: Clock,
        prefer: np.ndarray | None,
        log: RegionLog,
    ) -> bool:
        """Re-solve ``stage`` with only the ``free`` cadres movable; updates the plan and its counts."""
        chosen, met = self.chosen, self.met
        sub, index = neighbourhood(self.data, free, chosen)
        before = by_tier(sub, met_mask(sub, chosen[index]))
        local = self.context.but(
            clock=sub_clock,
            report=None,
            floors=_local_floors(stage, before, met, self.context.floors),
            possible=by_tier(sub, possible_mask(sub)),
        )
        result = run_stages(
            sub, chosen[index], [stage], local, prefer=None if prefer is None else prefer[index]
        )
        clock.used += sub_clock.used
        log.build_seconds += result.build_seconds
        log.solve_seconds += result.solve_seconds
        if result.infeasible:
            log.notes.append("a neighbourhood was infeasible on its own and left as it was")
            return False
        after = by_tier(sub, met_mask(sub, result.chosen))
        if (
            isinstance(stage, int)
            and after[stage] <= before[stage]
            and any(after[t] < before[t] for t in after if t > stage)
        ):
            return False  # nothing gained in this tier and something lost below it: keep the plan as it was
        chosen[index] = result.chosen
        for t in met:
            met[t] += after[t] - before[t]
        log.solved += 1
        if stage not in (KEEP, *PLAIN):
            log.gained += after[int(stage)] - before[int(stage)]
        return True

    def _progress(self, where: str, clock: Clock) -> None:
        counts = " ".join(f"T{t} {m}" for t, m in sorted(self.met.items()))
        self.context.say(f"  {where}: {clock.elapsed():.1f}s, met by tier {counts}")


def _local_floors(
    stage: Stage, before: dict[int, int], met: dict[int, int], floors: Mapping[int, int]
) -> dict[int, int]:
    """What a neighbourhood must keep, per tier: all it has of the tiers already done, else the greedy floor's
    slack.

    A tier's stage may give up lower-tier obligations (priority order) but
    never one of a higher tier; and the plan as a whole never falls below
    the greedy baseline in any tier.
    """
    done = [t for t in before if not isinstance(stage, int) or t < stage]
    local = {t: before[t] for t in done}
    for t in before:
        if t not in local and floors.get(t):
            local[t] = max(0, before[t] - (met[t] - floors[t]))
    return local


def _region_of_obligations(data: PlanningData, masks: list[np.ndarray]) -> np.ndarray:
    """Per obligation of ``data``, the region of the cadre (or, for R4, of the unit's team) owing it."""
    region_of = np.full(len(data.cadres), -1, dtype=np.int64)
    for r, mask in enumerate(masks):
        region_of[mask] = r
    found = np.full(len(data.obligations), -1, dtype=np.int64)
    for k, item in enumerate(data.obligations):
        if item.cadre_id is not None:
            found[k] = region_of[data.cadre_index[item.cadre_id]]
        else:
            members = data.scenario.cadres_by_unit.get(item.unit_id or "", ())
            found[k] = region_of[data.cadre_index[members[0].cadre_id]] if members else -1
    return found


def _by_gain(
    data: PlanningData,
    chosen: np.ndarray,
    stage: Stage,
    masks: list[np.ndarray],
    prefer: np.ndarray | None,
    possible: np.ndarray,
    region_of: np.ndarray,
) -> list[tuple[int, int]]:
    """(what the region could still gain in this stage, region), most first; for cost every region counts."""
    if stage in PLAIN:
        return [(1, r) for r in range(len(masks))]
    if stage == KEEP:
        missing = prefer & ~chosen if prefer is not None else np.zeros(data.num_pairs, dtype=bool)
        pair_region = np.zeros(data.num_pairs, dtype=np.int64)
        for r, mask in enumerate(masks):
            pair_region[mask[data.pair_cadre]] = r
        gains = np.bincount(pair_region[missing], minlength=len(masks))
    else:
        tiers = np.array([item.tier for item in data.obligations], dtype=np.int64)
        open_ = (tiers == int(stage)) & possible & ~met_mask(data, chosen) & (region_of >= 0)
        gains = np.bincount(region_of[open_], minlength=len(masks))
    return sorted(((int(g), r) for r, g in enumerate(gains)), key=lambda g: (-g[0], g[1]))


def _stage_result(
    data: PlanningData,
    chosen: np.ndarray,
    stage: Stage,
    prefer: np.ndarray | None,
    log: RegionLog,
    possible_all: np.ndarray,
) -> StageResult:
    note = f"{log.solved} regions solved, {log.skipped} had nothing to gain" + (
        "; " + "; ".join(log.notes) if log.notes else ""
    )
    if stage in PLAIN:
        return StageResult(stage, 0, 0, None, None, note)
    if stage == KEEP:
        count = int(prefer.sum()) if prefer is not None else 0
        kept = int((chosen & prefer).sum()) if prefer is not None else 0
        return StageResult(stage, count, kept, count if kept == count else None, None, note)
    tiers = np.array([item.tier for item in data.obligations], dtype=np.int64)
    of_tier = tiers == int(stage)
    met = int(met_mask(data, chosen)[of_tier].sum())
    possible = int(possible_all[of_tier].sum())
    return StageResult(stage, int(of_tier.sum()), met, possible if met >= possible else None, None, note)
