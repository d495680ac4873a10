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
from dataclasses import dataclass

from optimizer.prepare.tiers import tier_weights


@dataclass(frozen=True)
class Yardstick:
    """The weighted stage-1 objective of a plan and the best lower bound on it."""

    objective: int
    bound: int
    source: str

    @property
    def gap(self) -> float:
        return abs(self.objective - self.bound) / max(1.0, abs(self.objective))


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
    weights = tier_weights(owed)
    objective = sum(weights[t] * (owed[t] - met[t]) for t in owed)
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
    return Yardstick(objective, bound, "+".join(sorted(used)))
