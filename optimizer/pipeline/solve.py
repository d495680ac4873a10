"""Scenario -> Plan: prepare, greedy warm start, lexicographic CP-SAT stages, explain.

First the three highest tiers are solved on the cadres who owe them
(:mod:`optimizer.pipeline.core`): small models whose optima bound the scenario's and
whose plans, completed, are the start when they beat the greedy baseline.
The tiers the core proves are done; the rest go on, for scenarios up to
``SolveOptions.whole_model_pairs`` eligible pairs as one model
(:mod:`optimizer.pipeline.stages`), for larger ones region by region
(:mod:`optimizer.pipeline.neighbourhoods`). The plan only gets better, stage by stage.
"""

from __future__ import annotations

import time
from collections.abc import Mapping
from dataclasses import replace
from typing import Any

import numpy as np

from models import Plan, Rule, Scenario
from optimizer.control.clock import Clock
from optimizer.control.context import SolveContext
from optimizer.control.options import SolveOptions
from optimizer.control.progress import Interrupted, Report, StageOutcome
from optimizer.control.signals import KEEPING
from optimizer.cpsat.warmstart import chosen_of, picks_of
from optimizer.diagnose.conflicts import find_conflict
from optimizer.diagnose.shortfalls import infeasibility
from optimizer.greedy.baseline import Stop, greedy_picks, keeping_picks, never
from optimizer.pipeline.best import BestSoFar
from optimizer.pipeline.bounds import Yardstick, yardstick
from optimizer.pipeline.core import CORE_TIERS, Core, core_cadres, recomplete, solve_core
from optimizer.pipeline.lp_bounds import LpBounds, LpJob
from optimizer.pipeline.lp_rounding import lp_rounded
from optimizer.pipeline.neighbourhoods import Restart, improve_by_regions
from optimizer.pipeline.peers import GREEDY_SHARE, Peer, greedy_peers, lexicographic
from optimizer.pipeline.peers import best as best_peer
from optimizer.pipeline.polish import Polished, hours_by_highs
from optimizer.pipeline.result import RESERVE, Result, RunRecord, SolveStatus, plan_of, solve_summary
from optimizer.pipeline.stages import COST, EARLY, KEEP, Stage, StageResult, StagesRun, run_stages
from optimizer.prepare.data import PlanningData, prepare
from optimizer.prepare.serving import by_tier, met_mask, possible_mask
from optimizer.prepare.tiers import HOURS, TIERS

FINISH_SECONDS_PER_CADRE = 0.0005
FINISH_SECONDS_PER_PAIR = 2e-6
"""Besides ``RESERVE``, kept for building the plan, its shortfall reasons and its summary: the reasons look
at every session open to a cadre short of an obligation (province-open, 100,000 cadres and 28.2 M pairs:
about 65 s on this machine, 106 s kept)."""
CONFLICT_SECONDS = 20.0
"""Wall seconds to find and shrink the conflicting rule groups of an infeasible scenario."""
HIGHS_SHARE = 0.85
"""Share of the time left after the core that HiGHS may take on the hours tier of a scenario solved as one
model."""
LP_WAIT = 2.0
"""Seconds the end of a solve waits for the background LP bounds to finish (they stop at the time limit)."""
LP_ROUND_WAIT = 0.5
"""Most of the time left that the hours stage waits for the hours tier's LP, to round it into its start."""
CORE_SHARE = 0.4
"""Most of the solve time the core model of tiers 1-3 (:mod:`optimizer.pipeline.core`) may take; it stops once
proven."""


def solve(
    scenario: Scenario,
    year: int,
    options: SolveOptions | None = None,
    report: Report | None = None,
    *,
    keep: Plan | None = None,
    interrupted: Interrupted | None = None,
) -> Result:
    """Plan ``year`` for ``scenario``: greedy start, then one CP-SAT stage per obligation tier, then cost.

    Parameters
    ----------
    options
        Time limit, workers, seed and the planner's choices (:class:`SolveOptions`).
    report
        Called with progress lines (objective, bound, gap, elapsed); ``None`` is quiet.
    keep
        A previous plan to change as little as possible (re-planning): right
        after the named summons, a stage keeps as many of its assignments as
        the rules allow.
    interrupted
        The flag a first Ctrl-C or SIGTERM sets (:mod:`optimizer.control.signals`, as ``plan-annual``
        routes them); default: a flag of this solve's own.

    A first KeyboardInterrupt in any phase ends the solve with the best plan it
    holds, ``interrupted`` set (an empty plan of status ``unknown`` when it came
    before any plan existed); a second one is raised.
    """
    options = options or SolveOptions()
    started = time.perf_counter()
    interrupted = interrupted or Interrupted()
    best = BestSoFar()
    try:
        result = _solve(scenario, year, options, report, keep, interrupted, best)
    except KeyboardInterrupt:
        if interrupted.flag:
            raise
        interrupted.flag = True
        if report is not None:
            report(KEEPING)
        with interrupted.polled():
            result = _kept(best, scenario, year, options, report, started, interrupted)
    if interrupted.flag:
        result.interrupted = True
        result.plan.summary["interrupted"] = True
        result.plan.summary["interrupted_during"] = interrupted.during or interrupted.phase
    return result


def _kept(
    best: BestSoFar,
    scenario: Scenario,
    year: int,
    options: SolveOptions,
    report: Report | None,
    started: float,
    interrupted: Interrupted,
) -> Result:
    """The Result of the best plan held when a first Ctrl-C cut a phase short (empty before any plan)."""
    data, chosen = best.data, best.chosen
    if data is None or chosen is None:
        plan = Plan(year, (), (), (), {"status": SolveStatus.UNKNOWN.value})
        return Result(SolveStatus.UNKNOWN, None, None, None, time.perf_counter() - started, plan, [], True)
    context = best.context or SolveContext(
        options, Clock(0.0), report, interrupted, {}, by_tier(data, possible_mask(data))
    )
    record = RunRecord(options, started, best.greedy_seconds, True, best.whole)
    return _result(data, best.stages_run(), context, record, best.valid)


def _solve(
    scenario: Scenario,
    year: int,
    options: SolveOptions,
    report: Report | None,
    keep: Plan | None,
    interrupted: Interrupted,
    best: BestSoFar,
) -> Result:
    """:func:`solve`, keeping in ``best`` the plan it holds as it goes."""
    started = time.perf_counter()
    say = report or (lambda _: None)
    kept_ids = [(a.cadre_id, a.session_id) for a in keep.assignments] if keep is not None else []
    interrupted.entering("preparing")
    data = prepare(scenario, year, keep=kept_ids, max_pairs=options.pair_limit, thinning=options.thin_pairs)
    best.data = data
    say(f"prepared {data} in {time.perf_counter() - started:.1f}s")
    if data.thinned is not None:
        say(
            f"memory: {data.thinned.candidates:,} candidate pairs are more than the {data.thinned.limit:,} "
            f"that fit; each cadre keeps at most its {data.thinned.per_cadre} most useful runs, and each "
            "tier is measured against what is owed"
        )
    greedy_started = time.perf_counter()
    interrupted.entering("greedy start")
    with interrupted.polled():  # the passes look at the flag: a first Ctrl-C ends them with what they have
        peers = greedy_peers(data, options.time_limit, options.deterministic, started, interrupted.stop)
        # The baseline (priority order) starts the core, which takes the best peer when that is ahead of its
        # own plan; without a core the best peer starts.
        start = peers[0] if options.core else best_peer(peers)
        chosen = start.chosen
        prefer = _preferred(data, keep)
        if prefer is not None:
            chosen = _keeping_start(data, chosen, prefer, options, say, interrupted.stop)
    greedy_seconds = time.perf_counter() - greedy_started
    possible = by_tier(data, possible_mask(data))
    greedy_met = by_tier(data, met_mask(data, chosen))
    valid = _greedy_is_valid(data, chosen, options)
    best.valid, best.greedy_seconds = valid, greedy_seconds
    best.hold(chosen)
    floors = greedy_met if options.greedy_floor and valid else {}
    for peer in peers:
        cut = f", stopped at {GREEDY_SHARE:.0%} of the time limit" if peer.cut else ""
        say(
            f"greedy ({peer.order.value}): {int(peer.chosen.sum())} assignments in {peer.seconds:.1f}s{cut}, "
            "met by tier " + " ".join(f"T{t} {peer.met[t]}" for t in TIERS)
        )
    say(
        f"greedy start ({start.order.value}): {int(chosen.sum())} assignments in {greedy_seconds:.1f}s, "
        "met by tier " + " ".join(f"T{t} {greedy_met[t]}" for t in TIERS)
    )
    stages: list[Stage] = [*TIERS, COST]
    if prefer is not None:
        stages.insert(1, KEEP)  # right after the named summons
    if any(item.rule is Rule.R6b for item in data.obligations):
        stages.insert(-1, EARLY)  # R6b: overdue remedial runs as early as possible, before cost
    finish = FINISH_SECONDS_PER_CADRE * len(data.cadres) + FINISH_SECONDS_PER_PAIR * data.num_pairs
    seconds = options.time_limit * (1 - RESERVE) - finish
    if not options.deterministic:  # a reproducible run's budget must not depend on how long preparing took
        seconds -= time.perf_counter() - started
    clock = Clock.budget(seconds, options.deterministic)
    context = SolveContext(options, clock, report, interrupted, floors, possible)
    best.hold(chosen, context)
    core = None
    if valid and prefer is None and options.core and not interrupted.flag:
        interrupted.entering("core")
        core, chosen, context = _core_start(data, chosen, context, best_peer(peers), peers[0].seconds)
        best.hold(chosen, context)
        stages = [s for s in stages if not (isinstance(s, int) and s in core.proven)]
        owed = by_tier(data, np.ones(len(data.obligations), dtype=bool))
        met = by_tier(data, met_mask(data, chosen))
        bounds = core.bounds_for(met)
        core.after = yardstick(owed, met, possible, bounds, {t: core.source(t) for t in bounds})
        core.elapsed = time.perf_counter() - started
    whole = data.num_pairs <= options.whole_model_pairs or not valid
    polished = None
    higher_done = not any(isinstance(s, int) and s < HOURS for s in stages)
    if (
        whole
        and valid
        and higher_done
        and options.highs_hours
        and not options.deterministic
        and HOURS in stages
        and not context.interrupted.flag
    ):
        interrupted.entering("hours by HiGHS")
        polished, chosen = _polish_hours(data, chosen, context)
        context = context.but(floors={**context.floors, HOURS: polished.met})  # the cost stage keeps it
        best.hold(chosen, context)
        if polished.optimal:
            stages = [s for s in stages if s != HOURS]
    # The LP bounds start after the core (beside it they slow its proofs), the tiers above held at the floors
    # the search keeps: the hours LP is what the hours stage rounds its start from.
    held = dict(context.floors)
    open_tiers = frozenset(s for s in stages if isinstance(s, int))
    lp = (
        _start_lp_bounds(data, context, held, chosen, open_tiers)
        if valid and not options.deterministic
        else None
    )
    best.whole = whole
    if interrupted.flag:
        run = StagesRun(chosen)
    elif whole:
        interrupted.entering("whole model")
        say(f"building the model of {data.num_pairs:,} pairs, then its stages")
        run = run_stages(data, chosen, stages, context, prefer=prefer, complete=True)
    else:
        interrupted.entering("neighbourhoods")
        restart = _hours_from_lp(data, lp, context, held) if lp is not None and prefer is None else None
        run, _ = improve_by_regions(data, chosen, stages, context, prefer, restart)
    best.run = run
    best.hold(run.chosen)
    interrupted.entering("finishing")
    with interrupted.polled():  # what is left is short: a first Ctrl-C lets it end
        if valid and prefer is None:
            _never_behind(data, run, peers, say)
        if core is not None:  # the core's bounds that hold depend on the plan returned
            _merge_core(data, run, core)
        if polished is not None:
            _merge_polished(data, run, polished)
        if lp is not None and not run.infeasible and not context.interrupted.flag:
            _merge_lp_bounds(data, run, lp.result(wait=LP_WAIT), say)
        best.hold(run.chosen)
        record = RunRecord(options, started, greedy_seconds, context.interrupted.flag, whole)
        result = _result(data, run, context, record, valid)
        result.plan.summary["peers"] = {
            peer.order.value: {
                "met": {str(t): peer.met[t] for t in TIERS},
                "seconds": round(peer.seconds, 2),
                "cut": peer.cut,
            }
            for peer in peers
        }
        if core is not None and core.after is not None:
            result.plan.summary["core"] = _core_summary(core)
        return result


def _start_lp_bounds(
    data: PlanningData,
    context: SolveContext,
    held: dict[int, int],
    start: np.ndarray,
    open_tiers: frozenset[int],
) -> LpJob | None:
    """The LP bounds of the hours tier and below (every tier without a core, which bounds the others), in
    the background beside the search, the higher tiers held at ``held`` (the floors the search keeps, read
    again before each tier's LP); where the pairs are too many for that LP, the LP over classes of cadres
    bounds every tier still ``open_tiers`` (not proven by the core)."""
    if context.clock.deterministic:
        return None
    wanted = {t for t in TIERS if t >= HOURS or not context.options.core}
    return LpJob(
        data,
        lambda: dict(held),
        wanted,
        context.clock.remaining(),
        report=context.report,
        strict_summons=context.options.strict_summons,
        start=start,
        class_tiers=open_tiers,
    )


def _hours_from_lp(data: PlanningData, lp: LpJob, context: SolveContext, held: dict[int, int]) -> Restart:
    """Before the hours stage: wait (a share of the time left) for the hours tier's LP, round it to a plan
    (:mod:`optimizer.pipeline.lp_rounding`) and go on from that plan when it is lexicographically ahead; the
    floors of the tiers below then follow it, and the LP bounds still to come hold the hours at its count.
    An LP that ends later is rounded before the next stage that finds it (a plan with more hours met is
    ahead whatever the tiers below lose)."""
    tried = False

    def restart(
        stage: Stage, chosen: np.ndarray, floors: Mapping[int, int]
    ) -> tuple[np.ndarray, dict[int, int]] | None:
        nonlocal tried
        if tried or (isinstance(stage, int) and stage < HOURS):
            return None
        waited = time.perf_counter()
        guide = lp.hours_guide(context.clock.remaining() * LP_ROUND_WAIT if stage == HOURS else 0.0)
        waited = time.perf_counter() - waited
        if guide is None:
            if stage == HOURS:
                context.say(f"hours from the LP: no LP solution after waiting {waited:.1f}s")
            return None
        tried = True
        started = time.perf_counter()
        rounded = lp_rounded(data, guide, chosen, stop=context.interrupted.stop)
        before, after = by_tier(data, met_mask(data, chosen)), by_tier(data, met_mask(data, rounded))
        took = f"(waited {waited:.1f}s for the LP, rounded in {time.perf_counter() - started:.1f}s)"
        ahead = lexicographic(after) > lexicographic(before)
        if not ahead or not _greedy_is_valid(data, rounded, context.options):
            context.say(f"hours from the LP: {after[HOURS]} met, not ahead of {before[HOURS]} {took}")
            return None
        context.say(f"hours from the LP: {before[HOURS]} -> {after[HOURS]} met {took}")
        held[HOURS] = max(held.get(HOURS, 0), after[HOURS])
        return rounded, {t: min(f, after[t]) if t > HOURS else f for t, f in floors.items()}

    return restart


def _merge_lp_bounds(data: PlanningData, run: StagesRun, found: LpBounds, say: Report) -> None:
    """The LP bound (:mod:`optimizer.pipeline.lp_bounds`) of each tier, where it is tighter."""
    owed = by_tier(data, np.ones(len(data.obligations), dtype=bool))
    met = by_tier(data, met_mask(data, run.chosen))
    known = {int(r.stage): r for r in run.results if isinstance(r.stage, int)}
    for tier, upper in found.upper.items():
        result = known.get(tier)
        if result is None:
            result = StageResult(tier, owed[tier], met[tier], None, None, "bounded by the LP relaxation")
            at = next(
                (k for k, r in enumerate(run.results) if not isinstance(r.stage, int) or r.stage > tier),
                len(run.results),
            )
            run.results.insert(at, result)
        if upper < met[tier]:  # would be a bug of the model or the LP: keep the plan's word, say so
            say(f"warning: tier {tier}'s LP bound {upper} is below its {met[tier]} met; ignored")
        elif result.upper is None or upper < result.upper:
            result.upper, result.source = upper, found.source.get(tier, "highs lp")


def _never_behind(data: PlanningData, run: StagesRun, peers: list[Peer], say: Report) -> None:
    """The plan is lexicographically at least every greedy peer's; else (a bug) the best peer's plan is
    returned, and said so."""
    ours = lexicographic(by_tier(data, met_mask(data, run.chosen)))
    leader = best_peer(peers)
    if ours < leader.rank:
        say(f"warning: the greedy ({leader.order.value}) plan is better than the search's; it is returned")
        run.chosen = leader.chosen


def _core_summary(core: Core) -> dict[str, Any]:
    """``summary.json``'s ``core`` block: the core's size, what it proved, the gap right after it."""
    assert core.after is not None
    return {
        "cadres": core.cadres,
        "pairs": core.pairs,
        "seconds": round(core.seconds, 3),
        "proven_tiers": sorted(core.proven),
        "upper": {str(t): u for t, u in sorted(core.upper.items())},
        "gap_after": core.after.gap,
        "elapsed_after": round(core.elapsed, 3),
    }


def _core_start(
    data: PlanningData,
    greedy: np.ndarray,
    context: SolveContext,
    leader: Peer | None = None,
    pass_seconds: float = 0.0,
) -> tuple[Core, np.ndarray, SolveContext]:
    """Solve the core (tiers 1-3 on the cadres owing them) and start from its completed plan when that is
    better.

    Returns the core, the start plan and the context with its floors: a tier
    the core proved is held at its count; another tier the start has below
    the greedy plan (traded for a higher tier) at the start's count. When the
    best greedy peer ``leader`` is lexicographically ahead of the core's plan,
    the search starts from the peer's plan instead, held at its counts.
    """
    clock, floors = context.clock, context.floors
    core_clock = Clock(clock.remaining() * CORE_SHARE, clock.deterministic)
    core = solve_core(data, greedy, context.but(clock=core_clock), pass_seconds=pass_seconds)
    clock.used += core_clock.used
    if core.chosen is None or not _greedy_is_valid(data, core.chosen, context.options):
        return core, greedy, context
    ours, theirs = by_tier(data, met_mask(data, core.chosen)), by_tier(data, met_mask(data, greedy))
    if [ours[t] for t in CORE_TIERS] < [theirs[t] for t in CORE_TIERS]:
        return core, greedy, context
    core.proven = core.proven_for(ours)
    core.met = ours
    context.say(
        f"core plan completed in {core.seconds:.1f}s: met by tier "
        + " ".join(f"T{t} {ours[t]}" for t in TIERS)
        + (f"; proven optimal: tiers {', '.join(map(str, sorted(core.proven)))}" if core.proven else "")
    )
    proven = {t: ours[t] for t in core.proven}  # their stages are skipped, so nothing else would hold them
    if leader is not None and lexicographic(ours) < leader.rank:
        plan, met = leader.chosen, leader.met
        again = recomplete(data, leader.chosen, core_cadres(data))
        again_met = by_tier(data, met_mask(data, again))
        if _greedy_is_valid(data, again, context.options) and lexicographic(again_met) >= leader.rank:
            plan, met = again, again_met
        context.say(
            f"the greedy ({leader.order.value}) plan is ahead of the core's: it starts the search"
            + (", its hours filled cheapest first" if plan is again else "")
        )
        held = {t: met[t] for t in TIERS} if floors else {}
        return core, plan, context.but(floors={**held, **proven})
    held = {t: min(floors.get(t, 0), ours[t]) for t in TIERS}
    return core, core.chosen, context.but(floors={**held, **proven})


def _polish_hours(
    data: PlanningData, chosen: np.ndarray, context: SolveContext
) -> tuple[Polished, np.ndarray]:
    """The hours tier by HiGHS (:mod:`optimizer.pipeline.polish`) for a share of the time left; its plan if
    valid and better."""
    options, say = context.options, context.say
    seconds = context.clock.remaining() * HIGHS_SHARE
    polished = hours_by_highs(
        data, chosen, seconds, interrupted=context.interrupted, report=say, every=options.log_every
    )
    if polished.chosen is not chosen and not _greedy_is_valid(data, polished.chosen, options):
        before = by_tier(data, met_mask(data, chosen))[HOURS]
        polished = replace(polished, chosen=chosen, met=before, optimal=False)
    say(
        f"hours by HiGHS in {polished.seconds:.1f}s ({polished.status}): {polished.met} met, "
        f"at most {polished.upper}"
    )
    return polished, polished.chosen


def _merge_polished(data: PlanningData, run: StagesRun, polished: Polished) -> None:
    """HiGHS's bound on the hours tier joins the run's; a tier it proved gets its result."""
    if polished.upper is None:
        return
    found = run.result(HOURS)
    if found is not None:
        if found.upper is None or polished.upper < found.upper:
            found.upper, found.source = polished.upper, "highs"
        return
    owed = by_tier(data, np.ones(len(data.obligations), dtype=bool))[HOURS]
    met = by_tier(data, met_mask(data, run.chosen))[HOURS]
    at = next(
        (k for k, r in enumerate(run.results) if not isinstance(r.stage, int) or r.stage > HOURS),
        len(run.results),
    )
    run.results.insert(
        at,
        StageResult(
            HOURS,
            owed,
            met,
            polished.upper,
            None,
            f"proven optimal by HiGHS in {polished.seconds:.1f}s",
            "highs",
        ),
    )


def _merge_core(data: PlanningData, run: StagesRun, core: Core) -> None:
    """Put the core's tiers in the run: the tiers it proved, its bounds on the others, its seconds."""
    run.build_seconds += core.build_seconds
    run.solve_seconds += core.solve_seconds
    owed = by_tier(data, np.ones(len(data.obligations), dtype=bool))
    proven = [
        StageResult(
            t,
            owed[t],
            core.met.get(t, 0),
            core.upper[t],
            _core_outcome(core, t),
            f"proven on the core model ({core.cadres} cadres owing tiers 1-3, {core.pairs} pairs)",
            core.source(t),
        )
        for t in sorted(core.proven)
    ]
    bounds = core.bounds_for(by_tier(data, met_mask(data, run.chosen)))
    for r in run.results:
        if isinstance(r.stage, int) and r.stage in bounds:
            bound = bounds[r.stage]
            if r.upper is None or bound < r.upper:
                r.upper, r.source = bound, core.source(r.stage)
    run.results[:0] = proven


def _core_outcome(core: Core, tier: int) -> StageOutcome | None:
    return next((r.outcome for r in core.results if r.stage == tier), None)


def _keeping_start(
    data: PlanningData,
    greedy: np.ndarray,
    prefer: np.ndarray,
    options: SolveOptions,
    say: Report,
    stop: Stop = never,
) -> np.ndarray:
    """The re-plan's start: the previous plan's pairs that still fit, completed; greedy's if it meets more
    summons."""
    wanted = [
        (int(c), int(o))
        for c, o in zip(data.pair_cadre[prefer].tolist(), data.pair_offering[prefer].tolist(), strict=True)
    ]
    kept = chosen_of(data, keeping_picks(data, wanted, stop=stop))
    if not _greedy_is_valid(data, kept, options):
        return greedy
    ours, theirs = by_tier(data, met_mask(data, kept)), by_tier(data, met_mask(data, greedy))
    if ours[TIERS[0]] < theirs[TIERS[0]]:
        return greedy  # the named summons come before keeping the plan
    say(f"re-plan start: {int((kept & prefer).sum())} of {int(prefer.sum())} previous assignments still fit")
    return kept


def _greedy_is_valid(data: PlanningData, chosen: np.ndarray, options: SolveOptions) -> bool:
    """Does the start plan keep every hard rule of the model (pins, minimum enrolment; named summons when
    strict)?"""
    if data.pin_problems or not set(data.pinned) <= picks_of(data, chosen):
        return False
    enrolled = np.bincount(data.pair_offering[chosen], minlength=len(data.offerings))
    minimum = np.array([max(1, o.min_enrolment) for o in data.offerings], dtype=np.int64)
    if ((enrolled > 0) & (enrolled < minimum)).any():
        return False
    if options.strict_summons:
        summons = np.array([item.tier == 1 for item in data.obligations], dtype=bool)
        return bool(met_mask(data, chosen)[summons].all())
    return True


def _preferred(data: PlanningData, keep: Plan | None) -> np.ndarray | None:
    """Mask of the pairs that put a cadre in a session run the previous plan gave them."""
    if keep is None:
        return None
    group_of = {s.session_id: s.group_id for s in data.scenario.sessions}
    wanted = {(a.cadre_id, group_of.get(a.session_id)) for a in keep.assignments}
    pairs = zip(data.pair_cadre.tolist(), data.pair_offering.tolist(), strict=True)
    return np.fromiter(
        ((data.cadres[c].cadre_id, data.offerings[o].group_id) in wanted for c, o in pairs),
        dtype=bool,
        count=data.num_pairs,
    )


def _result(
    data: PlanningData, run: StagesRun, context: SolveContext, record: RunRecord, valid: bool
) -> Result:
    """The run's plan with its shortfall reasons and summary; an infeasible run's conflict explained."""
    options, started, interrupted, say = record.options, record.started, record.interrupted, context.say
    possible = dict(context.possible)
    if run.infeasible:
        plan = plan_of(data, set())
        summary = solve_summary(data, plan, SolveStatus.INFEASIBLE, run, None, record)
        conflict = find_conflict(data, CONFLICT_SECONDS, options.strict_summons)
        summary["explanation"] = conflict.lines() if conflict.found else infeasibility(data)
        summary["conflict"] = {
            "groups": [
                {
                    "rule": str(g.rule_words()),
                    "subject": str(g.subject),
                    "first": g.first and g.first.isoformat(),
                    "last": g.last and g.last.isoformat(),
                }
                for g in conflict.groups
            ],
            "minimal": conflict.minimal,
            "seconds": round(conflict.seconds, 2),
        }
        say("no plan keeps every hard rule: " + "; ".join(map(str, summary["explanation"])))
        plan = Plan(plan.year, plan.assignments, plan.sessions, plan.shortfalls, summary)
        return Result(
            SolveStatus.INFEASIBLE,
            None,
            None,
            None,
            time.perf_counter() - started,
            plan,
            _outcomes(run),
            interrupted,
        )
    solved = any(r.outcome is not None and r.outcome.solution for r in run.results)
    if not valid and not solved:
        plan = plan_of(data, set())
        summary = solve_summary(data, plan, SolveStatus.UNKNOWN, run, None, record)
        plan = Plan(plan.year, plan.assignments, plan.sessions, plan.shortfalls, summary)
        return Result(
            SolveStatus.UNKNOWN,
            None,
            None,
            None,
            time.perf_counter() - started,
            plan,
            _outcomes(run),
            interrupted,
        )
    owed = by_tier(data, np.ones(len(data.obligations), dtype=bool))
    met = by_tier(data, met_mask(data, run.chosen))
    upper = {int(r.stage): r.upper for r in run.results if isinstance(r.stage, int)}
    sources = {int(r.stage): r.source for r in run.results if isinstance(r.stage, int)}
    if data.thinned is not None:  # what holds on the kept pairs is no bound of the scenario
        possible, upper = owed, {}
    measure = yardstick(owed, met, possible, upper, sources)
    status = _status(run, measure)
    plan = plan_of(data, picks_of(data, run.chosen))
    summary = solve_summary(data, plan, status, run, measure, record)
    if data.thinned is not None:
        summary["thinned"] = data.thinned.summary()
    plan = Plan(plan.year, plan.assignments, plan.sessions, plan.shortfalls, summary)
    say(
        f"objective {measure.objective:,} bound {measure.bound:,} ({measure.source}) "
        f"gap {100 * measure.gap:.3f}%"
    )
    return Result(
        status,
        measure.objective,
        measure.bound,
        measure.gap,
        time.perf_counter() - started,
        plan,
        _outcomes(run),
        interrupted,
    )


def _outcomes(run: StagesRun) -> list[StageOutcome]:
    return [r.outcome for r in run.results if r.outcome is not None]


def _status(run: StagesRun, measure: Yardstick) -> SolveStatus:
    cost = run.result(COST)
    cost_proven = cost is not None and cost.outcome is not None and cost.outcome.status == "optimal"
    if measure.objective == measure.bound and cost_proven:
        return SolveStatus.OPTIMAL
    return SolveStatus.FEASIBLE


def solve_greedy(scenario: Scenario, year: int) -> Result:
    """The greedy baseline alone, as a Result (its yardstick bound is the trivial one)."""
    started = time.perf_counter()
    data = prepare(scenario, year)
    chosen = chosen_of(data, greedy_picks(data))
    seconds = time.perf_counter() - started
    owed = by_tier(data, np.ones(len(data.obligations), dtype=bool))
    measure = yardstick(owed, by_tier(data, met_mask(data, chosen)), by_tier(data, possible_mask(data)), {})
    plan = plan_of(data, picks_of(data, chosen))
    run = StagesRun(chosen)
    summary = solve_summary(
        data, plan, SolveStatus.FEASIBLE, run, measure, RunRecord(SolveOptions(), started, seconds)
    )
    summary["plan_source"] = "greedy"
    plan = Plan(plan.year, plan.assignments, plan.sessions, plan.shortfalls, summary)
    return Result(SolveStatus.FEASIBLE, measure.objective, measure.bound, measure.gap, seconds, plan, [])
