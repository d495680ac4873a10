"""The harness's rows (one per solver and instance, as :mod:`benchmarks.worker` writes them) as checks and
tables: the side-by-side table of an instance, its checks, and the scaling table of ours over instances."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from benchmarks.verdicts import (
    Bound,
    BoundCheck,
    Comparison,
    Target,
    bound_breaches,
    compare_lexicographic,
    target_misses,
)
from benchmarks.worker import OURS, TIERS

Row = dict[str, Any]


def failed(row: Row) -> bool:
    return row.get("status") == "error"


def met_of(row: Row) -> dict[int, int]:
    """Met per tier by the common evaluation (JSON keys are strings)."""
    return {int(t): int(m) for t, m in (row.get("met_by_tier") or {}).items()}


def tier_table(row: Row) -> dict[int, dict[str, Any]]:
    """The row's own ``summary.json`` ``tiers``, by tier (empty for a greedy peer)."""
    return {int(t["tier"]): t for t in row.get("tiers") or []}


def bounds_of(row: Row) -> list[Bound]:
    return [Bound(t, entry.get("bound"), entry.get("bound_source")) for t, entry in tier_table(row).items()]


@dataclass
class InstanceChecks:
    """The checks of one instance: ours against each peer, the bounds, the checker, ours' own counts."""

    comparisons: list[Comparison] = field(default_factory=list)
    bounds: BoundCheck = field(default_factory=BoundCheck)
    problems: list[str] = field(default_factory=list)
    """FAIL lines of the checker, of a missing plan of ours, of ours' summary against the evaluation."""
    notes: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return all(c.ok for c in self.comparisons) and self.bounds.ok and not self.problems

    def first_behind(self) -> Comparison | None:
        return next((c for c in self.comparisons if not c.ok), None)

    def lines(self) -> list[str]:
        found = ["checks:", "  (a) ours >= every peer, lexicographically (tier 1 first):"]
        found += [f"      {c}" for c in self.comparisons] or ["      -     no peer has a plan"]
        checked = len(self.bounds.checked)
        found.append("  (b) no plan above ours' bound on a tier with the tiers above equal to ours:")
        found += [f"      {b}" for b in self.bounds.breaches]
        if self.bounds.ok:
            found.append(f"      OK    {checked} (tier, plan) pairs checkable, none above the bound")
        found.append("  (c) every plan passes the checker; ours' summary.json tiers equal the evaluation:")
        found += [f"      {p}" for p in self.problems] or ["      OK"]
        found += [f"      -     {n}" for n in self.notes]
        return found


def instance_checks(rows: list[Row]) -> InstanceChecks:
    """(a), (b) and (c) of one instance's rows."""
    checks = InstanceChecks()
    ours = next((r for r in rows if r["solver"] == OURS), None)
    for row in rows:
        if failed(row) and row is not ours:
            checks.notes.append(f"{row['solver']}: no plan ({row.get('error')})")
        elif row.get("violations"):
            first = "; ".join(row.get("first_violations") or [])
            checks.problems.append(f"FAIL  {row['solver']}: {row['violations']} violations ({first})")
    if ours is None or failed(ours):
        why = "did not run" if ours is None else f"has no plan ({ours.get('error')})"
        checks.problems.append(f"FAIL  {OURS} {why}")
        return checks
    mine = met_of(ours)
    plans = {r["solver"]: met_of(r) for r in rows if not failed(r)}
    checks.comparisons = [
        compare_lexicographic(mine, met, name, TIERS) for name, met in plans.items() if name != OURS
    ]
    checks.bounds = bound_breaches(mine, bounds_of(ours), plans, TIERS)
    for tier, entry in tier_table(ours).items():
        if entry.get("met") != mine.get(tier):
            checks.problems.append(
                f"FAIL  tier {tier}: summary.json says {entry.get('met')} met, "
                f"the evaluation {mine.get(tier)}"
            )
    return checks


def _num(value: Any, digits: int = 0) -> str:
    if value is None:
        return "-"
    if digits:
        return f"{value:,.{digits}f}"
    return f"{round(value):,}"


def _pct(value: float | None) -> str:
    return "-" if value is None else f"{100 * value:.2f}%"


def _headline(row: Row) -> str:
    """The lexicographic headline gap and its tier (every tier proven: 0)."""
    if row.get("gap") is None:
        return "-"
    tier = row.get("gap_tier")
    return _pct(row["gap"]) + (f" (T{tier})" if tier is not None else "")


def instance_table(rows: list[Row]) -> list[list[str]]:
    """Header and one line per solver: per tier met (with ours' bound and gap), cost, times, memory."""
    owed: dict[str, int] = next((r["owed_by_tier"] for r in rows if "owed_by_tier" in r), {})
    header = ["solver", "status"]
    for t in TIERS:
        header += [f"T{t} met ({owed.get(str(t), '?')})", f"T{t} bound", f"T{t} gap"]
    header += ["gap (tier)", "weighted gap", "cost", "build s", "solve s", "wall s", "peak MB", "violations"]
    lines = [header]
    for r in rows:
        if failed(r):
            lines.append([r["solver"], f"error: {r.get('error')}"] + [""] * (len(header) - 2))
            continue
        met, own = met_of(r), tier_table(r) if r["solver"] == OURS else {}
        line = [r["solver"], str(r.get("status"))]
        for t in TIERS:
            entry = own.get(t, {})
            line += [_num(met.get(t)), _num(entry.get("bound")), _pct(entry.get("gap"))]
        line += [
            _headline(r) if r["solver"] == OURS else "-",
            _pct(r.get("weighted_gap")) if r["solver"] == OURS else "-",
            _num(r.get("cost")),
            _num(r.get("build_s"), 1),
            _num(r.get("solve_s"), 1),
            _num(r.get("wall_s"), 1),
            _num(r.get("peak_mb")),
            _num(r.get("violations")),
        ]
        lines.append(line)
    return lines


def _search(ours: Row) -> str:
    """The pairs the search's models saw: the whole model all of them, else one region at a time."""
    if ours.get("method") == "whole model":
        return f"whole model, {_num(ours.get('pairs'))}"
    most = (ours.get("solver_settings") or {}).get("neighbourhood_pairs")
    return f"regions of <= {_num(most)}" if most is not None else str(ours.get("method") or "-")


@dataclass(frozen=True)
class Instance:
    """One instance's rows, with what the scaling table says of it."""

    name: str
    family: str
    rows: list[Row]
    target: Target | None = None

    @property
    def ours(self) -> Row | None:
        return next((r for r in self.rows if r["solver"] == OURS and not failed(r)), None)


def scaling_table(instances: list[Instance]) -> list[list[str]]:
    """One line per instance for ours: size (cadres, eligible pairs, pairs the models saw) against times,
    per-tier gaps and memory; whether ours is >= every peer and meets the size's targets."""
    header = ["instance", "family", "cadres", "eligible pairs", "core pairs", "search pairs"]
    header += ["time limit s", "load s", "greedy s", "build s", "solve s", "wall s"]
    header += [f"T{t} gap" for t in TIERS]
    header += ["gap (tier)", "weighted gap", "peak MB", ">= every peer", "targets"]
    lines = [header]
    for instance in instances:
        ours = instance.ours
        if ours is None:
            continue
        own = tier_table(ours)
        behind = instance_checks(instance.rows).first_behind()
        gaps: Mapping[int, float | None] = {t: own.get(t, {}).get("gap") for t in TIERS}
        lines.append(
            [
                instance.name,
                instance.family,
                _num(ours.get("cadres")),
                _num(ours.get("pairs")),
                _num((ours.get("core") or {}).get("pairs")),
                _search(ours),
                _num(ours.get("time_limit")),
                _num(ours.get("load_s"), 1),
                _num(ours.get("greedy_s"), 1),
                _num(ours.get("build_s"), 1),
                _num(ours.get("solve_s"), 1),
                _num(ours.get("wall_s"), 1),
            ]
            + [_pct(gaps[t]) for t in TIERS]
            + [
                _headline(ours),
                _pct(ours.get("weighted_gap")),
                _num(ours.get("peak_mb")),
                "yes" if behind is None else f"no: {behind.peer} at T{behind.tier}",
                _targets(instance.target, gaps, ours),
            ]
        )
    return lines


def _targets(target: Target | None, gaps: Mapping[int, float | None], ours: Row) -> str:
    if target is None or not (target.tier_gaps or target.weighted_gap is not None or target.peak_mb):
        return "-"
    misses = target_misses(target, gaps, ours.get("weighted_gap"), ours.get("peak_mb"))
    return f"met ({target})" if not misses else "missed: " + ", ".join(misses)


def markdown(lines: list[list[str]]) -> str:
    rows = ["| " + " | ".join(line) + " |" for line in lines]
    rows.insert(1, "|" + "|".join(" --- " if k < 2 else " ---: " for k in range(len(lines[0]))) + "|")
    return "\n".join(rows)
