"""Which obligations a plan meets, recomputed from the plan and the data alone."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from models.obligations import TIER_BY_RULE, UNIT_RULES, Obligation, Obligations, Rule
from models.plan import Plan
from models.scenario import Scenario
from models.serving import SessionRun, planned_toward, run_of, unit_planned


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
    """Every obligation with the plan's contribution, per the "met" definitions of DOMAIN.md.

    A cadre's obligation counts their own runs (:func:`planned_toward`); a
    unit's (:data:`UNIT_RULES`) the runs of its members (:func:`unit_planned`).
    """
    groups_by_cadre: dict[str, set[str]] = defaultdict(set)
    for a in plan.assignments:
        groups_by_cadre[a.cadre_id].add(scenario.session_by_id[a.session_id].group_id)
    run_by_group = {g: run_of(scenario, g) for groups in groups_by_cadre.values() for g in groups}
    runs_by_cadre: dict[str, list[SessionRun]] = {
        cadre_id: [run_by_group[g] for g in sorted(groups)] for cadre_id, groups in groups_by_cadre.items()
    }
    outcomes = []
    for item in obligations:
        if item.rule in UNIT_RULES:
            planned = unit_planned(item, runs_by_cadre)
        else:
            planned = planned_toward(item, runs_by_cadre.get(item.cadre_id or "", ()))
        outcomes.append(Outcome(item, planned))
    return outcomes


def met_by_rule(outcomes: list[Outcome]) -> dict[str, dict[str, int]]:
    """``{rule: {"owed": n, "met": m}}`` for every rule, R1-R7 then those of issue 15."""
    table = {rule.value: {"owed": 0, "met": 0} for rule in Rule}
    for outcome in outcomes:
        row = table[outcome.obligation.rule.value]
        row["owed"] += 1
        row["met"] += int(outcome.met)
    return table


def met_by_tier(outcomes: list[Outcome]) -> dict[int, int]:
    """Obligations met per priority tier (1 = named summons ... 4 = hours, 5 = unit indicators)."""
    tiers = {tier: 0 for tier in sorted(set(TIER_BY_RULE.values()))}
    for outcome in outcomes:
        tiers[outcome.obligation.tier] += int(outcome.met)
    return tiers
