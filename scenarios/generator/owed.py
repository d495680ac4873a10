"""What the generated cadres owe this year (R1-R6): the domain's ledger and rules, where they agree."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import numpy as np

from models.entities import LEADER_RANKS, Cadre, Category, HistoryEntry, Rank
from models.entities import Unit as DomainUnit
from models.ledger import Ledger
from models.obligations import Rule, owed_obligations
from models.scenario import Scenario
from scenarios.generator.cadres import Cadres
from scenarios.generator.settings import CATEGORIES, DEFAULT_POLICY, RANKS
from scenarios.generator.units import Unit


@dataclass(frozen=True)
class Owed:
    """Per cadre, in cadre order: off-job hours owed and whether a systematic course is owed; the ledger."""

    hours: np.ndarray
    systematic: np.ndarray
    ledger: Ledger


def owed_this_year(
    units: list[Unit], cadres: Cadres, history: list[HistoryEntry], plan_year: int, cycle_start: int
) -> Owed:
    """What each cadre owes in ``plan_year``, which the sessions and the budget are sized on."""
    scenario = domain_scenario(units, cadres, history, cycle_start)
    ledger = Ledger(scenario, plan_year)
    return Owed(
        owed_hours(scenario, ledger, plan_year),
        owes_systematic(scenario, ledger, plan_year),
        ledger,
    )


def domain_scenario(
    units: list[Unit], cadres: Cadres, history: list[HistoryEntry], cycle_start: int
) -> Scenario:
    """The units, cadres and ledger as the domain's records; no sessions yet (they are sized on these)."""
    unit_ids = [unit.unit_id for unit in units]
    columns = zip(
        cadres.unit.tolist(),
        cadres.rank.tolist(),
        cadres.category.tolist(),
        cadres.top_leader.tolist(),
        cadres.young.tolist(),
        cadres.promoted.tolist(),
        cadres.names,
        strict=True,
    )
    return Scenario(
        name="",
        cycle_start=cycle_start,
        units=tuple(
            DomainUnit(u.unit_id, u.name, unit_ids[u.parent] if u.parent >= 0 else None) for u in units
        ),
        cadres=tuple(
            Cadre(
                Cadres.cadre_id(i),
                name,
                unit_ids[unit],
                Rank(RANKS[rank]),
                Category(CATEGORIES[category]),
                top,
                young,
                date.fromordinal(promoted) if promoted else None,
            )
            for i, (unit, rank, category, top, young, promoted, name) in enumerate(columns)
        ),
        institutions=(),
        courses=(),
        sessions=(),
        history=tuple(history),
        policy=DEFAULT_POLICY,
    )


def owed_hours(scenario: Scenario, ledger: Ledger, plan_year: int) -> np.ndarray:
    """Off-job hours each cadre owes this year: R1 for bureau/division, R2 for section/staff, not rounded."""
    policy, ids = scenario.policy, [cadre.cadre_id for cadre in scenario.cadres]
    # Not models' R1/R2: they round up, and R1 restarts the cycle after cycle_years; the output would change.
    position = {cadre_id: i for i, cadre_id in enumerate(ids)}
    cycle_hours = np.zeros(len(ids))
    for entry in scenario.history:
        if not entry.online and entry.start.year >= scenario.cycle_start:
            cycle_hours[position[entry.cadre_id]] += entry.hours
    years_left = max(1, scenario.cycle_start + policy.cycle_years - plan_year)
    leader_hours = np.maximum(0.0, policy.leader_cycle_hours - cycle_hours) / years_left
    year_hours = np.array([ledger[cadre_id].year_hours for cadre_id in ids], float)
    leader_rank = np.array([cadre.rank in LEADER_RANKS for cadre in scenario.cadres])
    return np.where(leader_rank, leader_hours, np.maximum(0.0, policy.annual_hours - year_hours))


def owes_systematic(scenario: Scenario, ledger: Ledger, plan_year: int) -> np.ndarray:
    """Cadres owing a systematic course this year (R3, R5 or R6)."""
    owing = {
        o.cadre_id for o in owed_obligations(scenario, plan_year, ledger) if o.rule in (Rule.R3, Rule.R5)
    }
    # Not models' R6: it leaves out cadres promoted this year (due next year); the output would change.
    return np.array(
        [
            cadre.cadre_id in owing
            or (
                cadre.promoted_on is not None
                and not ledger.systematic_since(cadre.cadre_id, cadre.promoted_on)
            )
            for cadre in scenario.cadres
        ]
    )
