"""Obligations met per tier, what could be met at all, and the weighted objective and its bound.

The plan's yardstick (``summary.json``'s ``objective``) is the penalty of
stage 1 of the lexicographic order: sum over tiers of the tier weight times
its unmet obligations, with weights exact enough that one unmet obligation
of a tier outweighs every lower tier unmet (:func:`optimizer.cpsat.objective.tier_weights`).

Its lower bound is assembled tier by tier. A tier proven optimal (given the
tiers above it at their optimum) contributes its own unmet count; the first
tier not proven contributes its solver's bound; every tier below that only
its *trivial* bound: the obligations no plan can meet because no eligible
session serves them at all. Each part is a valid bound of the lexicographic
optimum, so the sum is too; ``bound_source`` says which parts were used.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from optimizer.prepare.tiers import TIER_NAMES, tier_weights


@dataclass(frozen=True)
class TierBound:
    """One tier of the plan: obligations owed and met, a proven upper bound on the met count, the gap.

    ``bound`` holds given the tiers above at their planned counts: a stage's bound (CP-SAT, the core,
    HiGHS) where one was proven, else the trivial bound (the obligations some eligible session serves).
    """

    tier: int
    owed: int
    met: int
    bound: int
    source: str

    @property
    def gap(self) -> float:
        return (self.bound - self.met) / self.bound if self.bound else 0.0

    @property
    def proven(self) -> bool:
        return self.met >= self.bound

    def summary(self) -> dict[str, Any]:
        """The ``tiers`` row of ``summary.json`` (DOMAIN.md, plan contract)."""
        return {
            "tier": self.tier,
            "name": TIER_NAMES.get(self.tier, f"tier {self.tier}"),
            "owed": self.owed,
            "met": self.met,
            "bound": self.bound,
            "bound_source": self.source,
            "gap": self.gap,
            "proven": self.proven,
        }


@dataclass(frozen=True)
class Yardstick:
    """The plan measured tier by tier, and as the weighted stage-1 objective with its best lower bound."""

    objective: int
    bound: int
    source: str
    tiers: tuple[TierBound, ...] = field(default_factory=tuple)

    @property
    def weighted_gap(self) -> float:
        return abs(self.objective - self.bound) / max(1.0, abs(self.objective))

    @property
    def gap_tier(self) -> int | None:
        """The first tier whose gap is not zero: the lexicographic headline names it."""
        return next((t.tier for t in self.tiers if t.gap > 0), None)

    @property
    def gap(self) -> float:
        """The headline gap, lexicographic: the gap of :attr:`gap_tier` (0 when every tier is proven)."""
        if not self.tiers:
            return self.weighted_gap
        return next((t.gap for t in self.tiers if t.gap > 0), 0.0)


def yardstick(
    owed: dict[int, int],
    met: dict[int, int],
    possible: dict[int, int],
    upper: Mapping[int, int | None],
    sources: dict[int, str] | None = None,
) -> Yardstick:
    """The weighted objective and its bound from per-tier counts.

    ``upper[t]`` is an upper bound on tier ``t``'s met count valid when every
    higher tier is at its optimum (a solver's stage bound), or ``None``;
    ``sources[t]`` names where it comes from (``"cp-sat"`` if not given).
    """
    weights = tier_weights(owed, limit=None)  # reported only: exact at any size
    objective = sum(weights[t] * (owed[t] - met[t]) for t in owed)
    tiers = []
    for t in sorted(owed):
        proven_upper = upper.get(t)
        if proven_upper is not None and int(proven_upper) < possible[t]:
            tiers.append(TierBound(t, owed[t], met[t], int(proven_upper), (sources or {}).get(t, "cp-sat")))
        else:
            tiers.append(TierBound(t, owed[t], met[t], possible[t], "trivial"))
    bound, used, conditional = 0, set(), True
    for t in sorted(owed):
        best = possible[t]
        if conditional and upper.get(t) is not None:
            best = min(best, int(upper[t]))  # type: ignore[arg-type]
            used.add((sources or {}).get(t, "cp-sat") if best < possible[t] or met[t] >= best else "trivial")
        else:
            used.add("trivial")
        bound += weights[t] * (owed[t] - best)
        conditional = conditional and met[t] >= best
    return Yardstick(objective, bound, "+".join(sorted(used)), tuple(tiers))
