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
from models.messages import Message, Text, joined, message
from models.obligations import TIER_BY_RULE, UNIT_RULES
from models.serving import COUNTED_RULES, serves
from optimizer.diagnose.blocks import NAMES, FirstBlocks, first_block
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
        self.counts: dict[int, np.ndarray] = {}
        self.indices: dict[tuple[object, ...], np.ndarray] = {}

    def serving_index(self, item: Obligation) -> np.ndarray:
        """:meth:`serving` as offering indices, in the same order."""
        kind = (item.rule, item.course_id, item.deadline, item.min_days)
        found = self.indices.get(kind)
        if found is None:
            found = np.array([o.index for o in self.serving(item)], dtype=np.int64)
            self.indices[kind] = found
        return found

    def serving_counts(self, serving: np.ndarray) -> np.ndarray:
        """Per cadre how many of its pairs are runs of the bool offering mask ``serving`` (cached by mask)."""
        found = self.counts.get(id(serving))
        if found is None:
            data = self.data
            found = np.bincount(data.pair_cadre[serving[data.pair_offering]], minlength=len(data.cadres))
            self.counts[id(serving)] = found
        return found

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
    finder = FirstBlocks(data, usage, run)
    seen: dict[int, np.ndarray] = {}  # a member's first blocks in its pairs' runs, shared by its unit's rules
    rows = []
    for outcome in evaluate(data.scenario, data.obligations, plan):
        if outcome.met:
            continue
        item = outcome.obligation
        if item.rule in UNIT_RULES:
            reason = _unit_reason(data, usage, finder, item, outcome.planned, audiences, seen)
        else:
            reason = _cadre_reason(data, usage, run, item, outcome.planned, audiences, finder)
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


def _what(item: Obligation, data: PlanningData, n: int = 1) -> Message:
    """The sessions that would serve ``item``, ``n`` of them."""
    if item.rule is Rule.R7:
        course = data.scenario.course_by_id.get(item.course_id or "")
        title = message("what.summons.title", title=course.title) if course else ""
        return message("what.summons", n=n, course=item.course_id or "", title=title)
    if item.rule in (Rule.R1, Rule.R2):
        return message("what.offjob", n=n)
    if item.rule is Rule.R17:
        return message("what.professional", n=n, days=item.min_days or 0)
    if item.rule is Rule.R3b:
        return message("what.systematic_hours", n=n)
    if item.deadline is not None and item.rule is Rule.R6:
        return message("what.systematic_by", n=n, deadline=item.deadline)
    return message("what.systematic", n=n)


def _cadre_reason(
    data: PlanningData,
    usage: Usage,
    run: dict[str, bool],
    item: Obligation,
    planned: int,
    audiences: _Audiences,
    finder: FirstBlocks,
) -> Text:
    cadre = data.cadre_index[item.cadre_id or ""]
    person = data.cadres[cadre]
    what = _what(item, data)
    candidates = audiences.serving(item)
    head: list[Text] = (
        [message("shortfall.hours_planned", planned=planned, required=item.required)]
        if item.rule in HOURS_RULES
        else []
    )
    if not candidates:
        if item.rule is Rule.R6:
            return message("shortfall.none_by_deadline", year=data.year, deadline=item.deadline or "")
        return joined([*head, message("shortfall.none_runs", what=what, year=data.year)])
    admitted = audiences.open_to(cadre)
    # Sessions not open to the cadre's audience are "audience" without asking anything else; the cadre's
    # pairs are eligible, their limits asked all at once; the rest (ledger, absences) one by one.
    mine = np.zeros(len(data.offerings), dtype=bool)
    mine[data.pair_offering[data.pairs_by_cadre[cadre]]] = True
    shown = audiences.serving_index(item)
    shown = shown[admitted[shown]]
    asked = shown[mine[shown]]
    pairs = dict(zip(asked.tolist(), finder.of(cadre, asked), strict=True))
    offerings = data.offerings
    blockers = {
        o: pairs[o] if o in pairs else first_block(data, usage, run, cadre, offerings[o])
        for o in shown.tolist()
    }
    open_ = [offerings[o] for o in blockers]
    if not open_:
        closed = message(
            "shortfall.none_open",
            what=what,
            year=data.year,
            rank=message(f"rank.{person.rank.value}"),
            category=message(f"category.{person.category.value}"),
            unit=person.unit_id,
        )
        return joined([*head, closed])
    counts: Counter[Block] = Counter(b for o in open_ if (b := blockers[o.index]) is not None)
    free = [o for o in open_ if blockers[o.index] is None]
    what_open = _what(item, data, len(open_))
    parts: list[Text] = (
        [message("shortfall.of_open", n=len(open_), what=what_open, counted=counted_words(counts))]
        if counts
        else []
    )
    if free:
        parts.append(_free_text(data, usage, cadre, item, planned, free))
    if Block.BUDGET in counts and usage.budget is not None:
        parts.append(message("shortfall.budget_left", left=usage.budget - usage.spent))
    return joined([*head, *parts])


def _free_text(
    data: PlanningData, usage: Usage, cadre: int, item: Obligation, planned: int, free: list[Offering]
) -> Message:
    """Whether the sessions that still fit one by one can be combined to meet the obligation."""
    more: list[Text] = [message("more")] if len(free) > 3 else []
    ids = joined([joined((o.group_id for o in free[:3]), "comma"), *more], "none")
    if item.rule not in HOURS_RULES:
        return message("shortfall.would_fit", ids=ids)
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
        return message("shortfall.would_fit", ids=joined((o.group_id for o in added), "plus"))
    return message(
        "shortfall.fit_apart", n=len(free), ids=ids, hours=hours - planned, missing=item.required - planned
    )


def _unit_reason(
    data: PlanningData,
    usage: Usage,
    finder: FirstBlocks,
    item: Obligation,
    planned: int,
    audiences: _Audiences,
    seen: dict[int, np.ndarray],
) -> Text:
    """Why a unit's obligation is short: how many members could still give, and what blocks the others."""
    members = data.members_of(item)
    what = message(f"unit.what.{item.rule.value}")
    serving = data.offering_mask(item)
    able = members[audiences.serving_counts(serving)[members] > 0].tolist()
    if item.rule in COUNTED_RULES and len(able) < item.required:
        return message(
            "shortfall.unit_too_few", planned=planned, required=item.required, what=what, able=len(able)
        )
    counts: Counter[Block] = Counter()
    blocked = 0
    for member in able:
        offerings = data.pair_offering[data.pairs_by_cadre[member]]
        taken = list(usage.taken.get(member, {}).values())
        if item.rule in COUNTED_RULES and serving[taken].any():
            continue  # already counted: not blocked
        if member not in seen:
            seen[member] = finder.codes(member, offerings)
        asked = serving[offerings] & ~np.isin(offerings, taken)
        # Each rule once per member, first seen first: a set's order would follow the hash seed.
        blockers = [NAMES[k] for k in dict.fromkeys(seen[member][asked].tolist())]
        found = [b for b in blockers if b is not None]
        if found:
            blocked += 1
        counts.update(found)
    detail = counted_words(counts) if counts else message("shortfall.team_no_session")
    return message(
        "shortfall.unit_blocked",
        planned=planned,
        required=item.required,
        what=what,
        blocked=blocked,
        detail=detail,
    )


def infeasibility(data: PlanningData) -> list[Text]:
    """Why no plan exists: every obligation is soft, so only pinned assignments can conflict.

    Pins are added one by one in date order; each one that cannot be added
    is named with the hard rule it breaks and the pins it conflicts with.
    """
    reasons: list[Text] = list(data.pin_problems)
    usage = Usage(data)
    placed: list[tuple[int, Offering]] = []
    for cadre, index in sorted(data.pinned, key=lambda p: (data.offerings[p[1]].start, p)):
        offering = data.offerings[index]
        blocks = usage.blocks(cadre, offering)
        if not blocks:
            usage.add(cadre, offering)
            placed.append((cadre, offering))
            continue
        label = message("pin.label", cadre=data.cadres[cadre].cadre_id, session=offering.group_id)
        for blocking in blocks:
            others = _conflicting(data, placed, cadre, offering, blocking)
            tail = message("pin.together", others=joined(others[:5], "comma")) if others else ""
            reasons.append(message("pin.blocked", label=label, words=pinned_words(blocking), tail=tail))
    under = [o for o in data.offerings if 0 < usage.enrolled[o.index] < o.min_enrolment]
    for offering in under:
        attendable = len(data.pairs_by_offering[offering.index])
        if attendable < offering.min_enrolment:
            reasons.append(
                message(
                    "pin.below_minimum",
                    session=offering.group_id,
                    n=attendable,
                    minimum=offering.min_enrolment,
                )
            )
    return reasons or [message("conflict.unexplained")]


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
