"""Why an obligation is unmet: one sentence a planner can act on, per shortfall row; why no plan exists.

For each session that could have served the obligation, the first hard rule
that keeps the cadre out (:func:`optimizer.diagnose.blocks.first_block`) is
counted, and the counts are put into the words of :mod:`optimizer.diagnose.wording`.
Sessions that still fit are checked for whether they fit together.
"""

from __future__ import annotations

from collections import Counter

import numpy as np

from models import Obligation, Plan, Rule, Shortfall, evaluate
from models.entities import Category, Rank
from models.obligations import TIER_BY_RULE, UNIT_RULES
from models.serving import COUNTED_RULES, serves
from optimizer.diagnose.blocks import first_block
from optimizer.diagnose.wording import counted_words, pinned_words
from optimizer.prepare.data import PlanningData
from optimizer.prepare.eligibility import AudienceTable
from optimizer.prepare.offerings import Offering
from optimizer.prepare.serving import HOURS_RULES
from optimizer.prepare.usage import Block, Blocking, Usage, plan_usage


class _Audiences:
    """Per audience key (unit, rank, category), the offerings open to it: computed once, vectorised."""

    def __init__(self, data: PlanningData):
        self.data = data
        self.keys: dict[tuple[str, Rank, Category], int] = {}
        for cadre in data.cadres:
            self.keys.setdefault((cadre.unit_id, cadre.rank, cadre.category), len(self.keys))
        self.table = AudienceTable(data.scenario, data.offerings, list(self.keys)) if data.offerings else None
        self.open: dict[int, np.ndarray] = {}
        self.serves: dict[tuple[object, ...], list[Offering]] = {}

    def serving(self, item: Obligation) -> list[Offering]:
        """The offerings that would meet ``item``, cached by rule, course, deadline and days."""
        kind = (item.rule, item.course_id, item.deadline, item.min_days)
        if kind not in self.serves:
            self.serves[kind] = [o for o in self.data.offerings if serves(item, o)]
        return self.serves[kind]

    def open_to(self, cadre: int) -> np.ndarray:
        """Bool mask over offerings: those whose every segment admits the cadre."""
        person = self.data.cadres[cadre]
        key = self.keys[(person.unit_id, person.rank, person.category)]
        if key not in self.open:
            self.open[key] = (
                self.table.offerings_of(key) if self.table is not None else np.zeros(0, dtype=bool)
            )
        return self.open[key]


def shortfalls(data: PlanningData, plan: Plan) -> list[Shortfall]:
    """Every unmet obligation of ``plan`` with its reason, highest priority first."""
    usage = plan_usage(data, plan)
    run = {s.session_id: s.status == "run" for s in plan.sessions}
    audiences = _Audiences(data)
    rows = []
    for outcome in evaluate(data.scenario, data.obligations, plan):
        if outcome.met:
            continue
        item = outcome.obligation
        if item.rule in UNIT_RULES:
            reason = _unit_reason(data, usage, run, item, outcome.planned)
        else:
            reason = _cadre_reason(data, usage, run, item, outcome.planned, audiences)
        rows.append(
            Shortfall(
                item.rule.value,
                item.cadre_id,
                item.unit_id,
                item.required,
                outcome.planned,
                outcome.shortfall,
                reason,
            )
        )
    rows.sort(key=lambda s: (TIER_BY_RULE[Rule(s.rule)], s.rule, s.cadre_id or s.unit_id or ""))
    return rows


def _what(item: Obligation, data: PlanningData) -> str:
    if item.rule is Rule.R7:
        course = data.scenario.course_by_id.get(item.course_id or "")
        title = f" ({course.title})" if course else ""
        return f"session of the summoned course {item.course_id}{title}"
    if item.rule in (Rule.R1, Rule.R2):
        return "off-job session"
    if item.rule is Rule.R17:
        return f"professional-theme off-job session of at least {item.min_days} days"
    if item.rule is Rule.R3b:
        return "systematic off-job session (party school or cadre academy)"
    if item.deadline is not None and item.rule is Rule.R6:
        return f"systematic session ending by {item.deadline.isoformat()}"
    return "systematic session (party school or cadre academy)"


def _plural(n: int, phrase: str) -> str:
    """``3 off-job sessions``: the first 'session' of the phrase takes the plural."""
    return f"{n} {phrase}" if n == 1 else f"{n} {phrase.replace('session', 'sessions', 1)}"


def _cadre_reason(
    data: PlanningData,
    usage: Usage,
    run: dict[str, bool],
    item: Obligation,
    planned: int,
    audiences: _Audiences,
) -> str:
    cadre = data.cadre_index[item.cadre_id or ""]
    person = data.cadres[cadre]
    what = _what(item, data)
    candidates = audiences.serving(item)
    head = f"{planned} of {item.required} h planned; " if item.rule in HOURS_RULES else ""
    if not candidates:
        if item.rule is Rule.R6:
            return f"no systematic session in {data.year} ends by the deadline {item.deadline}"
        return f"{head}no {what} runs in {data.year}"
    admitted = audiences.open_to(cadre)
    # Sessions not open to the cadre's audience are "audience" without asking anything else.
    blockers = {o.index: first_block(data, usage, run, cadre, o) for o in candidates if admitted[o.index]}
    open_ = [o for o in candidates if o.index in blockers]
    if not open_:
        return (
            f"{head}no {what} in {data.year} is open to a {person.rank.value} "
            f"{person.category.value} cadre of unit {person.unit_id}"
        )
    counts: Counter[Block] = Counter(b for o in open_ if (b := blockers[o.index]) is not None)
    free = [o for o in open_ if blockers[o.index] is None]
    parts = (
        [f"of the {_plural(len(open_), what)} open to the cadre: {counted_words(counts)}"] if counts else []
    )
    if free:
        parts.append(_free_text(data, usage, cadre, item, planned, free))
    if Block.BUDGET in counts and usage.budget is not None:
        parts.append(f"{usage.budget - usage.spent:,} yuan of the budget left")
    return head + "; ".join(parts)


def _free_text(
    data: PlanningData, usage: Usage, cadre: int, item: Obligation, planned: int, free: list[Offering]
) -> str:
    """Whether the sessions that still fit one by one can be combined to meet the obligation."""
    ids = ", ".join(o.group_id for o in free[:3]) + (" ..." if len(free) > 3 else "")
    if item.rule not in HOURS_RULES:
        return f"{ids} would still fit: the solve stopped before finding it (give it more time)"
    added, hours = [], planned
    for offering in sorted(free, key=lambda o: -o.offjob_hours):
        if hours >= item.required:
            break
        if usage.fits(cadre, offering):
            usage.add(cadre, offering)
            added.append(offering)
            hours += offering.offjob_hours
    for offering in added:
        usage.remove(cadre, offering)
    if hours >= item.required:
        found = " + ".join(o.group_id for o in added)
        return f"{found} would still fit: the solve stopped before finding it (give it more time)"
    return (
        f"{_plural(len(free), 'session')} ({ids}) still fit one at a time but together give at most "
        f"{hours - planned} h of the {item.required - planned} h missing (overlap, release cap or budget)"
    )


UNIT_WHAT = {
    Rule.R4: "team members",
    Rule.R16: "young cadres",
    Rule.R12_SUMMONS: "cadres in an off-job session",
    Rule.R12_PARTICIPATION: "cadres in a session",
    Rule.R12_HOURS: "off-job hours",
    Rule.R12_ONLINE: "online hours",
}
"""What a unit's obligation counts, in the shortfall reason."""


def _unit_reason(
    data: PlanningData, usage: Usage, run: dict[str, bool], item: Obligation, planned: int
) -> str:
    """Why a unit's obligation is short: how many members could still give, and what blocks the others."""
    members = data.members_of(item).tolist()
    what = UNIT_WHAT[item.rule]
    serving = data.offering_mask(item)
    able = [m for m in members if serving[data.pair_offering[data.pairs_by_cadre[m]]].any()]
    if item.rule in COUNTED_RULES and len(able) < item.required:
        return (
            f"{planned} of {item.required} {what} planned; only {len(able)} members have a serving session "
            f"open to them this year"
        )
    counts: Counter[Block] = Counter()
    blocked = 0
    for member in able:
        pairs = data.pairs_by_cadre[member]
        offerings = [data.offerings[int(o)] for o in data.pair_offering[pairs] if serving[o]]
        taken = set(usage.taken.get(member, {}).values())
        # Each rule once per member, first seen first: a set's order would follow the hash seed.
        blockers = dict.fromkeys(
            first_block(data, usage, run, member, o) for o in offerings if o.index not in taken
        )
        blockers.pop(None, None)
        if blockers:
            blocked += 1
        counts.update(b for b in blockers if b is not None)
    detail = counted_words(counts) if counts else "no session left for them"
    return f"{planned} of {item.required} {what} planned; {blocked} members are blocked: {detail}"


def infeasibility(data: PlanningData) -> list[str]:
    """Why no plan exists: every obligation is soft, so only pinned assignments can conflict.

    Pins are added one by one in date order; each one that cannot be added
    is named with the hard rule it breaks and the pins it conflicts with.
    """
    reasons = list(data.pin_problems)
    usage = Usage(data)
    placed: list[tuple[int, Offering]] = []
    for cadre, index in sorted(data.pinned, key=lambda p: (data.offerings[p[1]].start, p)):
        offering = data.offerings[index]
        blocks = usage.blocks(cadre, offering)
        if not blocks:
            usage.add(cadre, offering)
            placed.append((cadre, offering))
            continue
        label = f"pinned {data.cadres[cadre].cadre_id} -> {offering.group_id}"
        for blocking in blocks:
            others = _conflicting(data, placed, cadre, offering, blocking)
            tail = f" together with {', '.join(others[:5])}" if others else ""
            reasons.append(f"{label}: {pinned_words(blocking)}{tail}")
    under = [o for o in data.offerings if 0 < usage.enrolled[o.index] < o.min_enrolment]
    for offering in under:
        attendable = len(data.pairs_by_offering[offering.index])
        if attendable < offering.min_enrolment:
            reasons.append(
                f"pins into {offering.group_id}: at most {attendable} cadres can attend, "
                f"below its minimum enrolment {offering.min_enrolment}"
            )
    return reasons or ["the hard rules contradict each other (no single pin explains it)"]


def _conflicting(
    data: PlanningData, placed: list[tuple[int, Offering]], cadre: int, offering: Offering, blocking: Blocking
) -> list[str]:
    block = blocking.block
    unit = data.cadres[cadre].unit_id
    names = []
    for other, placed_offering in placed:
        same_session = placed_offering.index == offering.index
        same_unit = data.cadres[other].unit_id == unit
        if (
            (block is Block.FULL and same_session)
            or (block in (Block.OVERLAP, Block.REPEAT) and other == cadre)
            or (block is Block.RELEASE and same_unit)
            or block in (Block.BUDGET, Block.BEDS, Block.UNIT_BUDGET)
        ):
            names.append(f"{data.cadres[other].cadre_id} -> {placed_offering.group_id}")
    return names
