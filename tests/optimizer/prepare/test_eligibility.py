"""The vectorised eligible pairs (optimizer.prepare.data.eligible_pairs) against a plain loop."""

from __future__ import annotations

import pytest

from models import Ledger, Obligation, Rule, load_scenario, owed_obligations, serves
from optimizer.prepare.data import eligible_pairs
from optimizer.prepare.offerings import Offering, make_offerings
from scenarios.generator import generate_scenario

YEAR = 2020


def _useful(offering: Offering, rules: set[Rule], days: int) -> bool:
    """Does the offering serve one of the rules (R6 and R16 without their deadline)?"""
    return any(serves(Obligation(rule, 1, "", min_days=days), offering) for rule in rules)


def _plain_pairs(scenario, obligations, ledger, offerings) -> list[tuple[int, int]]:  # type: ignore[no-untyped-def]
    """Each (cadre, offering) tested one by one, as eligible_pairs' docstring states the rule."""
    days = scenario.policy.professional_week_days
    found = []
    for c, cadre in enumerate(scenario.cadres):
        owed = obligations.by_cadre.get(cadre.cadre_id, ())
        rules = {o.rule for o in owed if o.rule is not Rule.R7}
        rules |= {o.rule for o in obligations if cadre.cadre_id in o.members}
        summoned = {o.course_id for o in owed if o.rule is Rule.R7}
        taken = ledger[cadre.cadre_id].courses_taken
        for o, offering in enumerate(offerings):
            if not all(scenario.is_eligible_audience(cadre, s) for s in offering.segments):
                continue
            if offering.course_id in taken:
                continue
            if not all(cadre.is_available(s.start, s.end) for s in offering.segments):
                continue
            worth = (
                offering.min_enrolment != 0
                or offering.course_id in summoned
                or _useful(offering, rules, days)
            )
            if worth:
                found.append((c, o))
    return found


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_vectorised_pairs_equal_a_plain_loop(tmp_path, seed: int) -> None:
    folder = generate_scenario(tmp_path / "s", num_cadres=300, seed=seed, plan_year=YEAR)
    scenario = load_scenario(folder)
    ledger = Ledger(scenario, YEAR)
    obligations = owed_obligations(scenario, YEAR, ledger)
    offerings = make_offerings(scenario, YEAR)
    cadres, chosen = eligible_pairs(scenario, obligations, ledger, offerings)
    got = list(zip(cadres.tolist(), chosen.tolist(), strict=True))
    assert got == _plain_pairs(scenario, obligations, ledger, offerings)
    assert got  # the generated scenario has pairs at all
