"""The per-tier table of a plan: owed, met, the proven bound on met and the gap, and its headline.

The rows are ``summary.json``'s ``tiers`` (DOMAIN.md, plan contract). A plan
written before the summary carried them still gets the table: owed and met
per tier are added up from the obligations per rule (recomputed from the plan
when the summary lacks those too), and the bound is unknown.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from models import TIER_BY_RULE, Plan, Scenario, evaluate, met_by_rule, owed_obligations
from optimizer.reports.labels import TIER, TIER_ORDINAL

TIERS = tuple(sorted(set(TIER_BY_RULE.values())))
TIER_BY_RULE_ID = {rule.value: tier for rule, tier in TIER_BY_RULE.items()}


@dataclass(frozen=True)
class TierRow:
    """One tier: obligations owed and met, a proven upper bound on met (``None``: unknown), the gap."""

    tier: int
    owed: int
    met: int
    bound: int | None
    gap: float | None
    """(bound − met) ÷ bound; ``None`` when the bound is unknown."""

    def name(self, lang: str) -> str:
        """What the tier holds, in planner words."""
        return TIER[lang].get(self.tier, f"{self.tier}")


def tier_rows(scenario: Scenario, plan: Plan) -> list[TierRow]:
    """The plan's tiers in priority order, from its summary or (an older plan) recomputed without bounds."""
    given = _given_rows(plan.summary.get("tiers"))
    if given:
        return given
    counts = {tier: [0, 0] for tier in TIERS}
    for rule, row in obligations_met(scenario, plan).items():
        tier = TIER_BY_RULE_ID.get(rule)
        if tier is not None:
            counts[tier][0] += row["owed"]
            counts[tier][1] += row["met"]
    return [TierRow(tier, owed, met, None, None) for tier, (owed, met) in counts.items()]


def _given_rows(tiers: Any) -> list[TierRow]:
    """``summary.json``'s ``tiers`` as rows; empty when absent or not of the contract's shape."""
    if not isinstance(tiers, list) or not all(isinstance(item, dict) for item in tiers):
        return []
    if not all(isinstance(item.get(k), int) for item in tiers for k in ("tier", "owed", "met")):
        return []
    rows = [_given_row(item) for item in tiers]
    return sorted(rows, key=lambda r: r.tier)


def _given_row(item: dict[str, Any]) -> TierRow:
    bound, gap = item.get("bound"), item.get("gap")
    if not isinstance(bound, int):
        return TierRow(item["tier"], item["owed"], item["met"], None, None)
    if not isinstance(gap, (int, float)):
        gap = (bound - item["met"]) / bound if bound else 0.0
    return TierRow(item["tier"], item["owed"], item["met"], bound, float(gap))


def obligations_met(scenario: Scenario, plan: Plan) -> dict[str, dict[str, int]]:
    """``{rule: {"owed", "met"}}`` from the plan's summary, recomputed when the summary lacks it."""
    given = plan.summary.get("obligations")
    if isinstance(given, dict) and given and all(isinstance(v, dict) and "owed" in v for v in given.values()):
        return {rule: {"owed": int(v["owed"]), "met": int(v.get("met", 0))} for rule, v in given.items()}
    return met_by_rule(evaluate(scenario, owed_obligations(scenario, plan.year), plan))


def gap_tier(rows: list[TierRow]) -> int | None:
    """The headline tier: the first whose gap is not zero or whose bound is unknown (``None``: none).

    On a plan with every bound known this is ``summary.json``'s ``gap_tier``.
    """
    return next((r.tier for r in rows if r.bound is None or r.gap), None)


def percent(value: float) -> str:
    """A gap as a percentage; a gap too small to show at one decimal is not shown as zero."""
    if 0 < value < 0.0005:
        return "< 0.1%"
    return f"{value:.1%}"


HEADLINE = {
    "zh": {
        "proven": "各层级均已证明最优:在上一层级按计划完成的前提下,没有任何计划能满足更多任务。",
        "unknown": "本计划未记录各层级已证明的上限,与最优的差距未知。",
        "no_bound": "{tier}({name})的上限未知,与最优的差距未知",
        "gap": "{tier}({name})与最优相差至多 {gap}:已满足 {met} 项,已证明任何计划至多满足 {bound} 项",
        "above": ";以上各层级已证明最优。",
        "end": "。",
    },
    "en": {
        "proven": "Every tier is proven optimal: with the tiers above as planned, no plan can meet more.",
        "unknown": "This plan records no proven bound per tier: how far it is from the best is unknown.",
        "no_bound": "{tier} ({name}) has no known bound: how far it is from the best is unknown",
        "gap": "{tier} ({name}) is at most {gap} short of the best: {met} met, "
        "and no plan can meet more than {bound} (proven)",
        "above": ". The tiers above are proven optimal.",
        "end": ".",
    },
}
"""The headline's sentences; the gap is always stated against a proven bound."""


def headline(rows: list[TierRow], lang: str) -> str:
    """One sentence on how close the plan is to the best: the first tier with a gap and its proven bound."""
    sentences = HEADLINE[lang]
    first = gap_tier(rows)
    row = next((r for r in rows if r.tier == first), None)
    if row is None:
        return sentences["proven"]
    if all(r.bound is None for r in rows):
        return sentences["unknown"]
    facts = {"tier": TIER_ORDINAL[lang].get(row.tier, str(row.tier)), "name": row.name(lang)}
    if row.bound is None or row.gap is None:
        text = sentences["no_bound"].format(**facts)
    else:
        text = sentences["gap"].format(**facts, gap=percent(row.gap), met=row.met, bound=row.bound)
    return text + sentences["above" if row.tier > rows[0].tier else "end"]


BOUND_NOTE = {
    "zh": "可满足上限:在上一层级按计划完成的前提下,本层级任何计划至多能满足的任务数(已证明);"
    "差距 = (上限 − 已满足) ÷ 上限。",
    "en": "Upper bound: the most obligations of the tier any plan can meet with the tiers above as planned "
    "(proven); gap = (bound − met) ÷ bound.",
}
"""What the bound and the gap columns mean, under the table."""
