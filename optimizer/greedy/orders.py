"""The orders a greedy pass takes obligations in: the planner's priority order and two classic variants.

A pass goes group by group (:data:`GROUPS`, the tiers in priority order);
inside a group the order decides who is served first:

- ``priority``: rule by rule as the group lists them, top leaders first (R18), then as the data lists them;
- ``deadline``: earliest deadline first (R6, R16 have one; the others last);
- ``constrained``: the obligation with the fewest sessions that could serve it first
  (for a unit's, the fewest members to spare).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from enum import Enum

from models import Obligation, Rule
from models.obligations import UNIT_RULES
from optimizer.prepare.data import PlanningData
from optimizer.prepare.serving import member_pairs

QUOTAS = (Rule.R1, Rule.R2)
GROUPS: tuple[tuple[Rule, ...], ...] = (
    (Rule.R7, Rule.R6b),  # tier 1: named summons, overdue remedial
    (Rule.R5, Rule.R6, Rule.R3),  # tier 2 remedial, then tier 3's systematic course
    (Rule.R4, Rule.R16),  # tier 3: team share, young cadres
    (Rule.R3b,),
    (Rule.R17,),  # tier 4: the professional week, then the hours
    QUOTAS,
    (Rule.R12_SUMMONS, Rule.R12_PARTICIPATION),  # tier 5: unit indicators
    (Rule.R12_HOURS, Rule.R12_ONLINE),
)
"""Rule groups in the order a pass serves them."""
RULE_RANK = {rule: rank for group in GROUPS for rank, rule in enumerate(group)}
"""A rule's place in its group: the priority order serves a group rule by rule."""


class Order(str, Enum):
    PRIORITY = "priority"
    DEADLINE = "deadline"
    CONSTRAINED = "constrained"


def arrange(data: PlanningData, items: list[Obligation], order: Order) -> list[Obligation]:
    """``items`` in the order a pass serves them (a stable sort: ties keep the data's order)."""
    key: Callable[[Obligation], tuple[object, ...]]
    if order is Order.DEADLINE:
        key = lambda item: (item.deadline or date.max, not item.top_leader)  # noqa: E731
    elif order is Order.CONSTRAINED:
        key = lambda item: (_room(data, item), not item.top_leader)  # noqa: E731
    else:
        key = lambda item: (RULE_RANK[item.rule], not item.top_leader)  # noqa: E731
    return sorted(items, key=key)


def _room(data: PlanningData, item: Obligation) -> int:
    """How many ways there are to serve ``item``: a cadre's serving pairs, a unit's members to spare."""
    if item.rule in UNIT_RULES:
        return len(member_pairs(data, item)) - item.required
    pairs = data.pairs_of(item.cadre_id or "")
    return int(data.offering_mask(item)[data.pair_offering[pairs]].sum())
