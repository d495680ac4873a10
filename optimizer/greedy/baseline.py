"""The greedy baseline: obligations in priority order, each cadre takes the earliest session that fits.

It is the CP-SAT solve's warm start and the peer the solver must beat.
Sessions that end below their minimum enrolment are banned and the pass
is repeated, so the result respects every hard rule.
"""

from __future__ import annotations

import time
from collections.abc import Callable

import numpy as np

from models import Obligation, Rule
from models.obligations import UNIT_RULES
from models.serving import member_gives, planned_toward
from optimizer.greedy.orders import GROUPS, QUOTAS, Order, arrange
from optimizer.prepare.data import PlanningData
from optimizer.prepare.offerings import Offering
from optimizer.prepare.serving import HOURS_RULES, SUMMED_RULES, needed
from optimizer.prepare.usage import Usage

Pick = tuple[int, int]
"""(cadre index, offering index)"""


Stop = Callable[[], bool]
"""Asked as a pass goes: true once a first Ctrl-C has come; the pass then ends with the plan it has."""


def never() -> bool:
    return False


def greedy_picks(
    data: PlanningData,
    max_rounds: int = 50,
    order: Order = Order.PRIORITY,
    until: float | None = None,
    stop: Stop = never,
) -> set[Pick]:
    """Assignments of the greedy baseline, as (cadre index, offering index) pairs, serving obligations in
    ``order`` (:mod:`optimizer.greedy.orders`).

    ``until`` (a :func:`time.perf_counter` instant) stops the pass there: the
    obligations not reached yet stay unserved and the sessions left below
    their minimum enrolment are emptied, so the plan is still valid. So does
    ``stop`` turning true (a first Ctrl-C).
    """
    banned: set[int] = set()
    usage, picks = _one_pass(data, banned, order=order, until=until, stop=stop)
    for _ in range(max_rounds):
        short = _short_sessions(data, usage, banned)
        if not short:
            return picks
        banned |= short
        if _past(until) or stop():  # no time for another pass: the short sessions' cadres stay out of them
            return {(c, o) for c, o in picks if o not in banned}
        # Cancel the short sessions. The first time, plan again from scratch so that their cadres
        # choose again in priority order; after that (few sessions each time, and a whole pass is
        # slow at scale) repair: the rest of the plan stays and the freed cadres take what fits.
        repair = len(banned) > len(short)
        start = {(c, o) for c, o in picks if o not in banned} if repair else None
        usage, picks = _one_pass(data, banned, start, order=order, until=until, stop=stop)
    return set()


def _past(until: float | None) -> bool:
    return until is not None and time.perf_counter() > until


def keeping_picks(
    data: PlanningData,
    wanted: list[Pick],
    max_rounds: int = 50,
    cheap_hours: bool = False,
    stop: Stop = never,
) -> set[Pick]:
    """A valid plan that keeps as many of ``wanted`` as fit (pins first, then in order), completed greedily.

    The start of a re-plan: the previous plan's assignments that the changed
    scenario still allows, then whatever fits toward unmet obligations.
    Sessions left below their minimum enrolment are banned and the plan built
    again without them, as in :func:`greedy_picks`. With ``cheap_hours`` the
    hours quotas are filled cheapest first (:func:`_one_pass`). ``stop`` as for :func:`greedy_picks`.
    """
    banned: set[int] = set()
    for _ in range(max_rounds):
        usage, picks = Usage(data), set()
        for cadre, offering in [*data.pinned, *wanted]:
            if offering in banned or (cadre, offering) in picks:
                continue
            if usage.fits(cadre, data.offerings[offering]):
                usage.add(cadre, data.offerings[offering])
                picks.add((cadre, offering))
        usage, picks = _one_pass(data, banned, picks, cheap_hours, stop=stop)
        short = _short_sessions(data, usage, banned)
        if stop():
            return {(c, o) for c, o in picks if o not in short}
        if not short:
            return picks
        banned |= short
    return set()


def _short_sessions(data: PlanningData, usage: Usage, banned: set[int]) -> set[int]:
    """Sessions run below their minimum enrolment (not yet banned): they must be cancelled."""
    return {
        o.index
        for o in data.offerings
        if 0 < usage.enrolled[o.index] < o.min_enrolment and o.index not in banned
    }


def complete_picks(data: PlanningData, picks: set[Pick]) -> set[Pick]:
    """Add to a valid plan, greedily, whatever still fits toward unmet obligations.

    Only adds assignments, so no met obligation is lost; sessions not yet
    run that need more than one cadre are left alone (min enrolment).
    """
    enrolled = {o for _, o in picks}
    banned = {o.index for o in data.offerings if o.index not in enrolled and o.min_enrolment > 1}
    _, completed = _one_pass(data, banned, picks)
    return completed


def _one_pass(
    data: PlanningData,
    banned: set[int],
    start: set[Pick] | None = None,
    cheap_hours: bool = False,
    order: Order = Order.PRIORITY,
    until: float | None = None,
    stop: Stop = never,
) -> tuple[Usage, set[Pick]]:
    """One greedy pass, group by group in priority order and inside a group in ``order``; each cadre takes
    the earliest fitting sessions.

    With ``cheap_hours`` the hours quotas (R1, R2) go differently: cadres
    whose quota is cheapest to meet come first and take the sessions of
    lowest cost per hour, so that a budget that binds meets as many quotas as
    it can (used to complete a plan, not by the baseline). The pass stops
    at ``until``, or once ``stop`` is true (:func:`greedy_picks`).
    """
    usage = Usage(data)
    picks: set[Pick] = set(start or ())
    for cadre, offering in sorted(picks):
        usage.add(cadre, data.offerings[offering])
    for cadre, offering in data.pinned:
        if (cadre, offering) not in picks and usage.fits(cadre, data.offerings[offering]):
            usage.add(cadre, data.offerings[offering])
            picks.add((cadre, offering))
    index_by_id = data.cadre_index
    options = _Options(data, banned, _date_rank(data))

    def take(cadre: int, wanted: np.ndarray) -> bool:
        ordered = options[cadre]
        ordered = ordered[wanted[ordered]]
        # Full and unaffordable sessions out at once: most of the fits() a crowded year would call say no.
        for index in usage.within_limits(cadre, ordered).tolist():
            offering = data.offerings[index]
            if usage.fits(cadre, offering):
                usage.add(cadre, offering)
                picks.add((cadre, index))
                return True
        return False

    def has(cadre: int, wanted: np.ndarray) -> bool:
        return any(wanted[o] for o in usage.taken.get(cadre, {}).values())

    def one_run(item: Obligation) -> None:
        cadre = index_by_id[item.cadre_id or ""]
        wanted = data.offering_mask(item)
        if item.rule is Rule.R7 or not has(cadre, wanted):
            take(cadre, wanted)

    def hours(item: Obligation) -> None:
        _hours(data, usage, picks, item, index_by_id[item.cadre_id or ""], options)

    for group in GROUPS:
        items = arrange(data, [item for rule in group for item in data.obligations.of_rule(rule)], order)
        if group == QUOTAS and cheap_hours:
            options = _Options(data, banned, _per_hour_rank(data))
            cost = {id(i): _cheapest(data, i, options[index_by_id[i.cadre_id or ""]]) for i in items}
            items = sorted(items, key=lambda item: cost[id(item)])
        for item in items:
            if stop() or (until is not None and time.perf_counter() > until):
                return usage, picks
            if item.rule in SUMMED_RULES:
                _member_hours(data, usage, item, take)
            elif item.rule in UNIT_RULES:
                _members_attend(data, item, has, take)
            elif item.rule in HOURS_RULES:
                hours(item)
            else:
                one_run(item)
    return usage, picks


def _date_rank(data: PlanningData) -> np.ndarray:
    """Per offering its place in date order (start, then index): the order a cadre tries its sessions in."""
    order = sorted(data.offerings, key=lambda o: (o.start, o.index))
    return _ranks([o.index for o in order], len(data.offerings))


def _per_hour_rank(data: PlanningData) -> np.ndarray:
    """Per offering its place by cost per off-job hour (none last), then date: cheapest hours first."""
    return _ranks([o.index for o in sorted(data.offerings, key=_per_hour)], len(data.offerings))


def _ranks(order: list[int], size: int) -> np.ndarray:
    rank = np.empty(size, dtype=np.int64)
    rank[np.array(order, dtype=np.int64)] = np.arange(size)
    return rank


class _Options:
    """Per cadre the offerings of its pairs, banned ones left out, in ``rank`` order; sorted when first asked
    (a pass at province scale meets 100,000 cadres, not all of them, and one sort of every pair is slow)."""

    def __init__(self, data: PlanningData, banned: set[int], rank: np.ndarray):
        self.data, self.rank = data, rank
        self.open = np.ones(len(data.offerings), dtype=bool)
        self.open[np.fromiter(banned, dtype=np.int64, count=len(banned))] = False
        self.sorted: dict[int, np.ndarray] = {}

    def __getitem__(self, cadre: int) -> np.ndarray:
        found = self.sorted.get(cadre)
        if found is None:
            offerings = self.data.pair_offering[self.data.pairs_by_cadre[cadre]]
            offerings = offerings[self.open[offerings]]
            found = offerings[np.argsort(self.rank[offerings])]
            self.sorted[cadre] = found
        return found


def _per_hour(offering: Offering) -> tuple[float, int, int]:
    """Cost per off-job hour (sessions without off-job hours last), then date."""
    if offering.offjob_hours <= 0:
        return (float("inf"), offering.start.toordinal(), offering.index)
    return (offering.cost / offering.offjob_hours, offering.start.toordinal(), offering.index)


def _cheapest(data: PlanningData, item: Obligation, options: np.ndarray) -> float:
    """What a quota costs at best: the cadre's sessions of lowest cost per hour until it is met (no rule
    checked)."""
    planned, cost = 0, 0
    for index in options.tolist():
        if planned >= item.required:
            break
        offering = data.offerings[index]
        if offering.offjob_hours > 0:
            planned += offering.offjob_hours
            cost += offering.cost
    return cost if planned >= item.required else float("inf")


def _members(data: PlanningData, item: Obligation) -> list[int]:
    """A unit obligation's members, top leaders first (R18)."""
    members = data.members_of(item).tolist()
    return sorted(members, key=lambda m: not data.cadres[m].top_leader)


def _members_attend(
    data: PlanningData,
    item: Obligation,
    has: Callable[[int, np.ndarray], bool],
    take: Callable[[int, np.ndarray], bool],
) -> None:
    """A unit's counted obligation (R4, R16, the R12 rates): members take a serving run until enough do."""
    wanted = data.offering_mask(item)
    members = _members(data, item)
    attending = sum(1 for m in members if has(m, wanted))
    owed = needed(data, item)
    for member in members:
        if attending >= owed:
            return
        if not has(member, wanted) and take(member, wanted):
            attending += 1


def _member_hours(
    data: PlanningData,
    usage: Usage,
    item: Obligation,
    take: Callable[[int, np.ndarray], bool],
) -> None:
    """A unit's hours (R12.hours, R12.online): members take one more serving run each, in turn, until the
    unit's hours are reached or nobody can take one."""
    wanted = data.offering_mask(item)
    members = _members(data, item)
    given = sum(member_gives(item, usage.runs_of(m)) for m in members)
    owed = needed(data, item)
    while given < owed and members:
        still = []
        for member in members:
            if given >= owed:
                return
            before = member_gives(item, usage.runs_of(member))
            if take(member, wanted):
                given += member_gives(item, usage.runs_of(member)) - before
                still.append(member)
        members = still


def _hours(
    data: PlanningData,
    usage: Usage,
    picks: set[Pick],
    item: Obligation,
    cadre: int,
    options: _Options,
) -> None:
    """Add the earliest fitting sessions serving the hours (R1/R2, R3b) until met; undo if they cannot be."""
    planned = planned_toward(item, [data.offerings[o] for o in usage.taken.get(cadre, {}).values()])
    added = []
    ordered = options[cadre]
    ordered = ordered[data.offering_mask(item)[ordered]]
    for index in usage.within_limits(cadre, ordered).tolist():
        if planned >= item.required:
            break
        offering = data.offerings[index]
        if usage.fits(cadre, offering):
            usage.add(cadre, offering)
            added.append(offering)
            planned += offering.offjob_hours
    if planned < item.required:
        for offering in added:
            usage.remove(cadre, offering)
        return
    picks.update((cadre, o.index) for o in added)
