"""What the generator sizes its sessions on, against the domain's own rules (models.obligations)."""

from __future__ import annotations

import math
import random

import numpy as np
import pytest

from models.entities import LEADER_RANKS
from models.obligations import Obligations, Rule, add_months, owed_obligations
from models.scenario import Scenario
from scenarios.generator.cadres import build_cadres
from scenarios.generator.history import build_history
from scenarios.generator.owed import Owed, domain_scenario, owed_this_year
from scenarios.generator.units import build_units, set_release_caps


def draw(num_cadres: int, seed: int, plan_year: int, cycle_start: int) -> tuple[Owed, Scenario, Obligations]:
    """The generator's view of what is owed, the drawn scenario as domain records, and the domain's rules."""
    rng, py_rng = np.random.default_rng(seed), random.Random(seed)
    units = build_units(num_cadres, rng)
    set_release_caps(units, py_rng)
    cadres = build_cadres(units, plan_year, rng, py_rng)
    history = build_history(cadres, plan_year, cycle_start, py_rng)
    scenario = domain_scenario(units, cadres, history, cycle_start)
    owed = owed_this_year(units, cadres, history, plan_year, cycle_start)
    return owed, scenario, owed_obligations(scenario, plan_year)


def required_hours(scenario: Scenario, obligations: Obligations) -> list[int]:
    required = {o.cadre_id: o.required for o in obligations if o.rule in (Rule.R1, Rule.R2)}
    return [required.get(cadre.cadre_id, 0) for cadre in scenario.cadres]


@pytest.mark.parametrize("seed", [1, 2, 5])
def test_hours_owed_are_the_domains_r1_r2_before_rounding_up(seed: int) -> None:
    owed, scenario, obligations = draw(1000, seed, 2020, 2018)
    hours = owed.hours.tolist()
    assert required_hours(scenario, obligations) == [math.ceil(h - 1e-9) for h in hours]
    assert any(h != round(h) for h in hours)  # why the generator keeps its own: rounding would move seats


@pytest.mark.parametrize("seed", [1, 2, 5])
def test_systematic_owed_is_the_domains_r3_r5_r6_r6b_and_those_promoted_this_year(seed: int) -> None:
    owed, scenario, obligations = draw(3000, seed, 2020, 2018)
    rules = (Rule.R3, Rule.R5, Rule.R6, Rule.R6b)  # R6b: an R6 whose deadline has passed
    domain = {o.cadre_id for o in obligations if o.rule in rules}
    for cadre, owes in zip(scenario.cadres, owed.systematic.tolist(), strict=True):
        if cadre.cadre_id in domain:
            assert owes, cadre.cadre_id
        elif owes:  # the R6 deadline of those promoted this year falls next year: models leaves them out
            assert cadre.promoted_on is not None, cadre.cadre_id
            assert add_months(cadre.promoted_on, scenario.policy.promotion_deadline_months).year > 2020
            assert not owed.ledger.systematic_since(cadre.cadre_id, cadre.promoted_on)
    assert len(domain) < int(owed.systematic.sum())


def test_after_the_first_cycle_leader_hours_still_count_from_cycle_start() -> None:
    owed, scenario, obligations = draw(500, 6, 2024, 2018)
    since_start: dict[str, float] = {}
    for entry in scenario.history:
        if not entry.online and entry.start.year >= 2018:
            since_start[entry.cadre_id] = since_start.get(entry.cadre_id, 0.0) + entry.hours
    leaders = [i for i, c in enumerate(scenario.cadres) if c.rank in LEADER_RANKS]
    assert leaders
    for i in leaders:  # 2018-2022 ended: one year "left", every hour since 2018 counted
        cadre_id = scenario.cadres[i].cadre_id
        assert owed.hours[i] == max(0.0, 550 - since_start.get(cadre_id, 0.0)), cadre_id
    domain = required_hours(scenario, obligations)  # models' cycle is 2023-2027: another figure
    assert any(domain[i] != math.ceil(owed.hours[i] - 1e-9) for i in leaders)
