"""Which obligations a plan meets, recomputed from the plan and the data alone."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from models.ledger import Ledger
from models.obligations import TIER_BY_RULE, Obligation, Obligations, Rule
from models.plan import Plan
from models.scenario import Scenario
from models.serving import SessionRun, planned_toward, run_of


@dataclass(frozen=True, slots=True)
class Outcome:
    """An obligation with what the plan gives toward it (same unit as ``required``)."""

    obligation: Obligation
    planned: int

    @property
    def met(self) -> bool:
        return self.planned >= self.obligation.required

    @property
    def shortfall(self) -> int:
        return max(0, self.obligation.required - self.planned)


def evaluate(scenario: Scenario, obligations: Obligations, plan: Plan) -> list[Outcome]:
    """Every obligation with the plan's contribution, per the "met" definitions of DOMAIN.md."""
    groups_by_cadre: dict[str, set[str]] = defaultdict(set)
    for a in plan.assignments:
        groups_by_cadre[a.cadre_id].add(scenario.session_by_id[a.session_id].group_id)
    runs = {g: _run(scenario, g) for groups in groups_by_cadre.values() for g in groups}
    ledger = Ledger(scenario, obligations.year)
    outcomes = []
    for item in obligations:
        if item.rule is Rule.R4:
            planned = _team_trained(scenario, ledger, groups_by_cadre, item.unit_id or "")
        else:
            groups = groups_by_cadre.get(item.cadre_id or "", set())
            planned = planned_toward(item, (runs[g] for g in groups))
        outcomes.append(Outcome(item, planned))
    return outcomes


def _run(scenario: Scenario, group_id: str) -> SessionRun:
    segments = scenario.segments_by_group[group_id]
    hours = sum(scenario.offjob_hours(s) for s in segments)
    return run_of(segments, scenario.is_systematic(segments[0]), hours)


def _team_trained(
    scenario: Scenario, ledger: Ledger, groups_by_cadre: dict[str, set[str]], unit_id: str
) -> int:
    """Team members trained by the plan, not counting those the ledger already shows trained."""
    return sum(
        1
        for c in scenario.cadres_by_unit[unit_id]
        if c.in_leadership_team and not ledger[c.cadre_id].trained_in_year and groups_by_cadre.get(c.cadre_id)
    )


def met_by_rule(outcomes: list[Outcome]) -> dict[str, dict[str, int]]:
    """``{rule: {"owed": n, "met": m}}`` for every rule R1-R7."""
    table = {rule.value: {"owed": 0, "met": 0} for rule in Rule}
    for outcome in outcomes:
        row = table[outcome.obligation.rule.value]
        row["owed"] += 1
        row["met"] += int(outcome.met)
    return table


def met_by_tier(outcomes: list[Outcome]) -> dict[int, int]:
    """Obligations met per priority tier (1 = named summons ... 4 = hours)."""
    tiers = {tier: 0 for tier in sorted(set(TIER_BY_RULE.values()))}
    for outcome in outcomes:
        tiers[outcome.obligation.tier] += int(outcome.met)
    return tiers
