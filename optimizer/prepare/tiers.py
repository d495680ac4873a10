"""The priority tiers of the obligations, and exact weights that keep their order in one number.

Obligations are met in strict priority order (DOMAIN.md, "Tiers"). The
weights only measure a whole plan as one number (the weighted objective of
``summary.json``); they are exact, not tuned: each tier's weight exceeds the
largest possible penalty of all lower tiers together, so no number of
lower-tier gains can pay for one higher-tier loss.
"""

from __future__ import annotations

from models.obligations import TIER_BY_RULE, Rule

TIERS = tuple(sorted(set(TIER_BY_RULE.values())))
HOURS = TIER_BY_RULE[Rule.R1]
"""The hours tier (R1, R2, R17): owed by almost every cadre, where the tiers above are owed by few."""
TIER_NAMES = {
    1: "named summons and overdue remedial",
    2: "remedial training",
    3: "leadership team and systematic training",
    4: "hours and the professional week",
    5: "unit indicators",
}
"""Each tier in planner words (DOMAIN.md, "Tiers")."""
MAX_WEIGHT = 2**62


def tier_weights(counts: dict[int, int], limit: int | None = MAX_WEIGHT) -> dict[int, int]:
    """Weights such that one unmet obligation of a tier outweighs all lower tiers unmet.

    ``counts`` maps tier (1 = highest) to its number of obligations. A solver's
    coefficients must stay below ``limit`` (:class:`OverflowError` otherwise);
    ``None`` allows Python's unbounded integers, for a figure that is only
    reported (a province's weights pass 2**62).
    """
    weights: dict[int, int] = {}
    below = 0
    for tier in sorted(counts, reverse=True):
        weights[tier] = below + 1
        below += weights[tier] * counts[tier]
    if limit is not None and below >= limit:
        raise OverflowError("too many obligations for exact tier weights in 64 bits")
    return weights
