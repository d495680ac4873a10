"""What the harness checks on every instance, as pure functions of met counts and bounds.

- :func:`compare_lexicographic`: ours is at least every peer in the priority order (tier 1 first, then
  tier 2 with tier 1 equal, ...), issue 16 point 3.
- :func:`bound_breaches`: no plan meets more of a tier than ours' bound on it while meeting exactly ours'
  counts in every tier above, issue 16 point 2 (the bound holds "given the tiers above at their planned
  counts", DOMAIN.md's plan contract).
- :func:`target_misses`: where a size's targets (issue 16 point 4) are missed.

Met counts are ``{tier: met}`` mappings; a tier missing from one counts as 0 met.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

Met = Mapping[int, int]


@dataclass(frozen=True)
class Comparison:
    """Ours against one peer: the first tier where their counts differ (``None``: equal in every tier)."""

    peer: str
    tier: int | None = None
    ours: int = 0
    theirs: int = 0

    @property
    def ok(self) -> bool:
        """Ours is lexicographically at least the peer's."""
        return self.tier is None or self.ours > self.theirs

    def __str__(self) -> str:
        if self.tier is None:
            return f"OK    ours = {self.peer} in every tier"
        relation = ">" if self.ok else "<"
        above = f", {_above(self.tier)} equal" if self.tier > 1 else ""
        return (
            f"{'OK' if self.ok else 'FAIL':<5} ours {relation} {self.peer} at tier {self.tier} "
            f"({self.ours:,} vs {self.theirs:,}{above})"
        )


def _above(tier: int) -> str:
    """The tiers above ``tier`` (> 1) in words."""
    return "tier 1" if tier == 2 else f"tiers 1-{tier - 1}"


def compare_lexicographic(ours: Met, theirs: Met, peer: str, tiers: Iterable[int]) -> Comparison:
    """Ours and a peer compared tier by tier in ``tiers`` order, up to the first tier that differs."""
    for tier in tiers:
        mine, other = ours.get(tier, 0), theirs.get(tier, 0)
        if mine != other:
            return Comparison(peer, tier, mine, other)
    return Comparison(peer)


@dataclass(frozen=True)
class Bound:
    """Ours' reported upper bound on a tier's met count (``summary.json`` ``tiers``), and who proved it."""

    tier: int
    value: int | None
    source: str | None = None


@dataclass(frozen=True)
class Breach:
    """A plan that meets more of a tier than ours' bound allows, with the tiers above equal to ours."""

    plan: str
    bound: Bound
    met: int

    def __str__(self) -> str:
        tier = self.bound.tier
        above = f" with {_above(tier)} equal to ours" if tier > 1 else ""
        return (
            f"FAIL  tier {tier}: {self.plan} meets {self.met:,}{above}, above ours' bound "
            f"{self.bound.value:,} ({self.bound.source or 'no source'}): the bound is wrong"
        )


@dataclass(frozen=True)
class BoundCheck:
    """The (tier, plan) pairs a bound could be checked on (tiers above equal to ours) and the breaches."""

    checked: list[tuple[int, str]] = field(default_factory=list)
    breaches: list[Breach] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.breaches


def bound_breaches(
    ours: Met, bounds: Iterable[Bound], plans: Mapping[str, Met], tiers: Iterable[int]
) -> BoundCheck:
    """Each bound of ``bounds`` against each plan of ``plans`` (ours may be one of them) whose counts in
    the tiers above it, in ``tiers`` order, equal ours: a plan meeting more than the bound breaches it."""
    order = list(tiers)
    check = BoundCheck()
    for bound in bounds:
        if bound.value is None or bound.tier not in order:
            continue
        above = order[: order.index(bound.tier)]
        for name, met in plans.items():
            if any(met.get(t, 0) != ours.get(t, 0) for t in above):
                continue
            check.checked.append((bound.tier, name))
            if met.get(bound.tier, 0) > bound.value:
                check.breaches.append(Breach(name, bound, met.get(bound.tier, 0)))
    return check


@dataclass(frozen=True)
class Target:
    """A size's targets (issue 16 point 4; the sparse sizes keep issue 6's weighted-gap figures).

    ``seconds`` is the time limit the size runs with; ``tier_gaps`` the largest gap each named tier may
    keep; ``weighted_gap`` the largest weighted gap; ``peak_mb`` the largest peak memory of ours.
    """

    seconds: float
    tier_gaps: Mapping[int, float] = field(default_factory=dict)
    weighted_gap: float | None = None
    peak_mb: float | None = None

    def __str__(self) -> str:
        parts = [f"T{t} <= {100 * g:g}%" for t, g in sorted(self.tier_gaps.items())]
        if self.weighted_gap is not None:
            parts.append(f"weighted <= {100 * self.weighted_gap:g}%")
        if self.peak_mb is not None:
            parts.append(f"peak <= {self.peak_mb / 1024:g} GiB")
        return ", ".join(parts) or "-"


def target_misses(
    target: Target, gaps: Mapping[int, float | None], weighted_gap: float | None, peak_mb: float | None
) -> list[str]:
    """The targets ``target`` sets that ours missed, in words (an unknown figure misses its target)."""
    misses = []
    for tier, most in sorted(target.tier_gaps.items()):
        gap = gaps.get(tier)
        if gap is None or gap > most:
            misses.append(f"T{tier} {_pct(gap)} > {100 * most:g}%")
    if target.weighted_gap is not None and (weighted_gap is None or weighted_gap > target.weighted_gap):
        misses.append(f"weighted {_pct(weighted_gap)} > {100 * target.weighted_gap:g}%")
    if target.peak_mb is not None and (peak_mb is None or peak_mb > target.peak_mb):
        shown = "?" if peak_mb is None else f"{peak_mb:,.0f}"
        misses.append(f"peak {shown} MB > {target.peak_mb:,.0f} MB")
    return misses


def _pct(value: float | None) -> str:
    return "?" if value is None else f"{100 * value:.2f}%"
