"""The yearly training budget and a few units' own budgets, near what the owed hours cost."""

from __future__ import annotations

import random

import numpy as np

from scenarios.generator.cadres import Cadres
from scenarios.generator.sessions import Session
from scenarios.generator.units import Unit


def set_budgets(
    units: list[Unit],
    cadres: Cadres,
    owed: np.ndarray,
    sessions: list[Session],
    institutions: list[tuple[str, ...]],
    rng: random.Random,
) -> tuple[int, int]:
    """Give about one leaf unit in ten a budget near its own need; return the yearly total, 80-90 %
    of the full-demand cost (every owed off-job hour at the catalogue's average cost per seat-hour),
    and that cost."""
    kind = {row[0]: row[2] for row in institutions}
    cost_per_day = {row[0]: int(row[5]) for row in institutions}
    offjob = [s for s in sessions if kind[s.institution_id] != "online"]
    cost = sum(
        s.seats * (int(s.cost_per_head) if s.cost_per_head else s.days * cost_per_day[s.institution_id])
        for s in offjob
    )
    rate = cost / sum(s.seats * s.offjob_hours for s in offjob)
    owed_by_unit = np.bincount(cadres.unit, weights=owed, minlength=len(units))
    for index, unit in enumerate(units):
        if unit.level in ("city_dept", "county_dept", "township") and rng.random() < 0.1:
            unit.budget = str(int(round(rng.uniform(0.85, 1.0) * owed_by_unit[index] * rate, -3)))
    full = float(owed.sum() * rate)
    return int(round(rng.uniform(0.8, 0.9) * full, -4)), int(full)
