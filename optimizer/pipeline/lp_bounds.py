"""A proven upper bound for the tiers the search left open, from the LP relaxation of the MIP (HiGHS).

For tier t, the LP maximises t's met count with every higher tier held at
least at counts the plan is known to keep (its floors): a relaxation of "the
tiers above at their planned counts", so its optimum, rounded down, bounds
what any plan can meet in t with the tiers above as planned (DOMAIN.md's
per-tier bound). It is the hours tier's only real bound when the scenario is
solved region by region. The LPs run in a background thread beside the
search (:class:`LpJob`), one HiGHS thread, barrier first (the dual simplex
stalls on some of these LPs).
"""

from __future__ import annotations

import math
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field, replace

import numpy as np

from models.obligations import UNIT_RULES
from optimizer.control.background import Background
from optimizer.control.progress import Report
from optimizer.highs.classes import COARSE_STEP, FINE_STEP, class_bound
from optimizer.highs.model import MipModel, build_mip, taking
from optimizer.highs.solver import Objective, integral_bound, run_highs, tier_objective
from optimizer.pipeline.lp_rounding import Guide, guide_of, higher_tier_pairs
from optimizer.prepare.data import PlanningData
from optimizer.prepare.shortlist import PER_OBLIGATION, shortlist
from optimizer.prepare.tiers import HOURS, TIERS

LP_MAX_PAIRS = 1_500_000
"""Above this many pairs (of the scenario, or of its short list) no MIP is built for an LP (memory)."""
SHORT_LIST_PAIRS = 60_000
"""About the most pairs of a short list: the plan's, then as many of each obligation's cheapest runs (up
to ``PER_OBLIGATION``, at least one) as fit; large-city-open: one (52,601 pairs, LP 26.5 s; two: 75,676,
59 s)."""
LP_FULL_PAIRS = 400_000
"""Above this many eligible pairs the LPs would not end within a time limit: no bounds, and the hours LP
that guides the hours stage is solved over a short list (:mod:`optimizer.prepare.shortlist`)."""


@dataclass
class LpBounds:
    """Per tier an upper bound on its met count (given the tiers above as planned), and the seconds taken."""

    upper: dict[int, int] = field(default_factory=dict)
    seconds: float = 0.0
    note: str = ""
    guide: Guide | None = None
    """The hours tier's LP solution: what :mod:`optimizer.pipeline.lp_rounding` reads a plan from."""
    source: dict[int, str] = field(default_factory=dict)
    """Per tier of ``upper``, the LP it is from when not the LP over every pair (``highs class lp``)."""


def lp_tier_bounds(
    data: PlanningData,
    held_at: dict[int, int] | Callable[[], dict[int, int]],
    wanted: set[int],
    seconds: float,
    threads: int = 1,
    report: Report | None = None,
    strict_summons: bool = False,
    found: LpBounds | None = None,
    hours_done: threading.Event | None = None,
    start: np.ndarray | None = None,
    class_tiers: frozenset[int] = frozenset(),
) -> LpBounds:
    """The LP bound of each tier of ``wanted``, every higher tier held at least at ``held_at`` (a callable is
    asked again before each tier: the plan's counts may have grown); within ``seconds`` in all.

    ``found`` is filled as the LPs end (another thread may read it); ``hours_done`` is set once the hours
    tier's LP has ended or will not be solved. Above ``LP_FULL_PAIRS`` pairs the hours LP is solved over
    the short list of the plan ``start`` (a guide, no bound), and the bounds of ``wanted`` and
    ``class_tiers`` come from the LP over classes of alike cadres (:mod:`optimizer.highs.classes`).
    """
    started = time.perf_counter()
    found = found if found is not None else LpBounds()
    try:
        if data.num_pairs > LP_FULL_PAIRS:
            if start is not None and HOURS in wanted:
                _shortlist_guide(data, held_at, start, seconds, threads, report, strict_summons, found)
            if hours_done is not None:
                hours_done.set()
            left = seconds - (time.perf_counter() - started)
            _class_bounds(data, held_at, wanted | class_tiers, left, threads, report, found)
            return found
        return _tier_bounds(
            data, held_at, wanted, seconds, threads, report, strict_summons, found, hours_done, started, start
        )
    finally:
        if hours_done is not None:
            hours_done.set()
        found.seconds = time.perf_counter() - started


def _tier_bounds(
    data: PlanningData,
    held_at: dict[int, int] | Callable[[], dict[int, int]],
    wanted: set[int],
    seconds: float,
    threads: int,
    report: Report | None,
    strict_summons: bool,
    found: LpBounds,
    hours_done: threading.Event | None,
    started: float,
    start: np.ndarray | None = None,
) -> LpBounds:
    if not wanted or data.num_pairs > LP_MAX_PAIRS or seconds < 1.0:
        found.note = "not computed (no time, nothing open, or too many pairs)"
        return found
    until = started + seconds
    mip = build_mip(data, strict_summons)
    held: dict[int, int] = {}
    todo = [t for t in TIERS if t in wanted and mip.count(t)]
    for tier in TIERS:
        if tier in todo:
            left = until - time.perf_counter()
            if left < 0.5:
                found.note = "out of time"
                break
            if tier == HOURS and data.thinned is None:  # a bound within a second, in case the LP's is late
                _quick_hours_bound(data, held, left, threads, report, found)
                left = until - time.perf_counter()
            if tier == HOURS and start is not None:  # the hours stage's guide first, then the bound
                found.guide = _guide_keeping(mip, start, left, threads, report)
                if hours_done is not None:
                    hours_done.set()
                left = until - time.perf_counter()
            # The hours LP may take all the time left: the hours stage rounds its start from it.
            share = left if tier == HOURS else left / (len(todo) - todo.index(tier))
            objective = tier_objective(mip, tier, held)
            dual, spent, values = _relaxed(mip, objective, share, threads, barrier=True)
            if not math.isfinite(dual) and until - time.perf_counter() > 0.5:
                dual, spent, values = _relaxed(
                    mip, objective, until - time.perf_counter(), threads, barrier=False
                )
            upper = mip.count(tier) - max(0, int(dual)) if math.isfinite(dual) else None
            if upper is not None and upper <= found.upper.get(tier, math.inf):
                found.upper[tier] = upper
                found.source.pop(tier, None)  # the LP over every pair's
                if report is not None:
                    report(f"LP bound of tier {tier}: at most {found.upper[tier]} met ({spent:.1f}s)")
                if tier == HOURS and values is not None and found.guide is None:
                    found.guide = guide_of(mip, values)
        if tier == HOURS and hours_done is not None:
            hours_done.set()
        now = held_at() if callable(held_at) else held_at
        held[tier] = now.get(tier, 0)
    return found


def _quick_hours_bound(
    data: PlanningData,
    held: dict[int, int],
    seconds: float,
    threads: int,
    report: Report | None,
    found: LpBounds,
) -> None:
    """The hours tier's bound from the LP over classes of alike cadres, fine classes (8 h, by places): the
    shipped default's in 0.7 s (2,953 against 2,905 over every pair, which takes 14-19 s and may end after
    the search)."""
    bound = class_bound(data, HOURS, held, seconds, threads, hours_step=FINE_STEP, by_place=True)
    if bound.upper is not None:
        found.upper[HOURS], found.source[HOURS] = bound.upper, "highs class lp"
        if report is not None:
            report(f"class LP bound of tier {HOURS}: at most {bound.upper} met ({bound.seconds:.1f}s)")


def _guide_keeping(
    mip: MipModel, start: np.ndarray, seconds: float, threads: int, report: Report | None
) -> Guide | None:
    """The hours LP with the pairs by which ``start`` meets tiers 1-3 taken: the guide of the hours stage
    (the rounding keeps those pairs; an LP free to serve tiers 1-3 otherwise spends its seats and money
    elsewhere, and its sets then clash with them), not a bound. None when it has no solution in time."""
    taken = taking(mip, np.flatnonzero(higher_tier_pairs(mip.data, start)))
    dual, spent, values = _relaxed(taken, tier_objective(taken, HOURS, {}), seconds, threads, barrier=True)
    if values is None or not math.isfinite(dual):
        return None
    if report is not None:
        report(f"hours LP with the plan's tiers 1-3 kept: {spent:.1f}s (the hours stage's guide)")
    return guide_of(taken, values)


def _shortlist_guide(
    data: PlanningData,
    held_at: dict[int, int] | Callable[[], dict[int, int]],
    start: np.ndarray,
    seconds: float,
    threads: int,
    report: Report | None,
    strict_summons: bool,
    found: LpBounds,
) -> None:
    """The hours LP over the short list of ``start``: the guide of the hours stage, not a bound (pairs left
    out might help)."""
    began = time.perf_counter()
    owed = sum(1 for item in data.obligations if item.cadre_id is not None and item.tier <= HOURS)
    per = min(PER_OBLIGATION, (SHORT_LIST_PAIRS - int(start.sum())) // max(1, owed))
    if per < 1:  # the plan alone is too many pairs for an LP in time (a province): no guide
        found.note = f"not computed ({data.num_pairs:,} pairs; the plan alone has {int(start.sum()):,})"
        return
    keep = shortlist(data, start, per)
    found.note = f"not computed ({data.num_pairs:,} pairs); the hours LP over {int(keep.sum()):,} of them"
    index = np.flatnonzero(keep)
    sub = replace(data, pair_cadre=data.pair_cadre[index], pair_offering=data.pair_offering[index])
    mip = build_mip(sub, strict_summons)
    # the plan's service of tiers 1-3 taken, as the rounding keeps it (index: sorted, start's pairs in it)
    mip = taking(mip, np.searchsorted(index, np.flatnonzero(higher_tier_pairs(data, start))))
    held = held_at() if callable(held_at) else held_at
    objective = tier_objective(mip, HOURS, {t: m for t, m in held.items() if t < HOURS})
    left = seconds - (time.perf_counter() - began)
    dual, spent, values = _relaxed(mip, objective, left, threads, barrier=True)
    if values is not None and math.isfinite(dual):
        found.guide = guide_of(mip, values, index, data.num_pairs)
        if report is not None:
            report(f"hours LP over a short list of {len(index):,} pairs: {spent:.1f}s (a guide, not a bound)")


def _class_bounds(
    data: PlanningData,
    held_at: dict[int, int] | Callable[[], dict[int, int]],
    tiers: set[int] | frozenset[int],
    seconds: float,
    threads: int,
    report: Report | None,
    found: LpBounds,
) -> None:
    """Bounds from the LP over classes of alike cadres: coarse classes for each tier with cadres' own
    obligations (highest first), then finer ones for the hours tier while time is left. Pairs left out by
    thinning would make them bounds of another instance: none then."""
    if data.thinned is not None:
        found.note = f"not computed ({data.num_pairs:,} pairs kept of {data.thinned.candidates:,})"
        return
    until = time.perf_counter() + seconds
    owning = {
        item.tier for item in data.obligations if item.cadre_id is not None and item.rule not in UNIT_RULES
    }
    steps = [(tier, COARSE_STEP, False) for tier in sorted(tiers & owning)]
    if HOURS in tiers & owning:
        steps.append((HOURS, FINE_STEP, False))  # by places too: 2,019 classes at large-city-open, no end
    for tier, step, by_place in steps:
        left = until - time.perf_counter()
        if left < 1.0:
            found.note = "class LP: out of time"
            return
        now = held_at() if callable(held_at) else held_at
        held = {t: m for t, m in now.items() if t < tier}
        bound = class_bound(data, tier, held, left, threads, hours_step=step, by_place=by_place)
        if bound.upper is not None and bound.upper < found.upper.get(tier, math.inf):
            found.upper[tier], found.source[tier] = bound.upper, "highs class lp"
        if report is not None and bound.upper is not None:
            report(
                f"class LP bound of tier {tier}: at most {bound.upper} met ({bound.classes:,} classes of "
                f"cadres, {bound.columns:,} columns, {bound.seconds:.1f}s)"
            )


def _relaxed(
    mip: MipModel, objective: Objective, seconds: float, threads: int, barrier: bool
) -> tuple[float, float, np.ndarray | None]:
    """The LP's dual bound (rounded up; -inf when none), the seconds it took and its solution. HiGHS's
    barrier sometimes refuses a model its presolve empties: that is no bound, and the dual simplex is tried
    next."""
    started = time.perf_counter()
    try:
        outcome = run_highs(mip, objective, seconds, threads, relax=True, barrier=barrier)
    except RuntimeError:
        return -math.inf, time.perf_counter() - started, None
    return integral_bound(outcome.bound), outcome.seconds, outcome.values


class LpJob:
    """:func:`lp_tier_bounds` in a background thread, started at once; :meth:`result` waits for it."""

    def __init__(
        self,
        data: PlanningData,
        held_at: dict[int, int] | Callable[[], dict[int, int]],
        wanted: set[int],
        seconds: float,
        report: Report | None = None,
        strict_summons: bool = False,
        start: np.ndarray | None = None,
        class_tiers: frozenset[int] = frozenset(),
    ):
        self.found = LpBounds(note="not finished")
        self.hours_done = threading.Event()

        def work() -> None:
            lp_tier_bounds(
                data,
                held_at,
                wanted,
                seconds,
                report=report,
                strict_summons=strict_summons,
                found=self.found,
                hours_done=self.hours_done,
                start=start,
                class_tiers=class_tiers,
            )
            if self.found.note == "not finished":
                self.found.note = ""

        self.job = Background(work)

    def result(self, wait: float) -> LpBounds:
        """The bounds, waiting at most ``wait`` seconds more for the LPs to end."""
        self.job.done.wait(max(0.0, wait))
        return self.found

    def hours_guide(self, wait: float) -> Guide | None:
        """The hours tier's LP solution, waiting at most ``wait`` seconds for it; None when there is none."""
        self.hours_done.wait(max(0.0, wait))
        return self.found.guide
