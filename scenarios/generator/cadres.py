"""The cadres, unit by unit: ranks, categories, leadership teams, promotions, absences and names."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date

import numpy as np

from scenarios.generator.names import GIVEN, SURNAMES
from scenarios.generator.settings import (
    BUREAU,
    CATEGORY_MIX,
    DIVISION,
    LEADERSHIP,
    PYRAMID,
    RANK_MIX,
    TEAM_RANK,
    YOUNG_SHARE,
)
from scenarios.generator.units import Unit


@dataclass
class Cadres:
    """All cadres as parallel arrays; ``unit`` indexes the unit list, ``promoted`` holds date ordinals."""

    unit: np.ndarray
    rank: np.ndarray
    category: np.ndarray
    top_leader: np.ndarray
    young: np.ndarray
    promoted: np.ndarray  # 0 = not given
    unavailable: list[str]
    names: list[str]

    @property
    def leader(self) -> np.ndarray:
        return (self.rank <= DIVISION) | (self.category == LEADERSHIP)

    @staticmethod
    def cadre_id(index: int) -> str:
        return f"C{index + 1:06d}"


def build_cadres(
    units: list[Unit], plan_year: int, rng: np.random.Generator, py_rng: random.Random
) -> Cadres:
    """Cadres unit by unit, each unit's leadership team first, its top leader at its head."""
    mix = _rank_mix(units)
    parts = [
        _unit_cadres(index, unit, mix[unit.level], rng) for index, unit in enumerate(units) if unit.headcount
    ]
    unit, rank, category = (np.concatenate(arrays) for arrays in zip(*parts, strict=True))
    n = len(unit)
    top_leader = np.r_[True, unit[1:] != unit[:-1]]
    young = rng.random(n) < YOUNG_SHARE[rank]
    leader = (rank <= DIVISION) | (category == LEADERSHIP)
    # ~8 % of leaders promoted last year, ~1 % early this year, ~3 % the year before last (their
    # twelve months have run out: untrained, they owe an overdue remedial course, R6b)
    draw = rng.random(n)
    last_year = date(plan_year - 1, 1, 1).toordinal() + rng.integers(0, 365, n)
    this_year = date(plan_year, 1, 1).toordinal() + rng.integers(0, 90, n)
    promoted = np.select(
        [leader & (draw < 0.08), leader & (draw < 0.09), leader & (draw < 0.12)],
        [last_year, this_year, last_year - 365],
        0,
    )
    unavailable = [""] * n
    for i in np.flatnonzero(rng.random(n) < 0.05).tolist():
        unavailable[i] = _unavailable_ranges(plan_year, py_rng)
    return Cadres(unit, rank, category, top_leader, young, promoted, unavailable, _names(n, rng))


def _rank_mix(units: list[Unit]) -> dict[str, np.ndarray]:
    """``RANK_MIX`` with the department and township shares scaled so that the whole scenario
    comes near the ``PYRAMID``, whatever the shape of the tree."""
    team, other = np.zeros(4), dict.fromkeys(RANK_MIX, 0)
    for unit in units:
        if unit.headcount:
            team[TEAM_RANK[unit.level]] += _team_size(unit)
            other[unit.level] += unit.headcount - _team_size(unit)
    mix = {level: np.array(shares, float) for level, shares in RANK_MIX.items()}
    fixed = team + sum(other[level] * mix[level] for level in ("city_leaders", "county"))
    scaled_levels = ("city_dept", "county_dept", "township")
    scaled = sum(other[level] * mix[level] for level in scaled_levels)
    wanted = np.array(PYRAMID) * (sum(other.values()) + team.sum())
    factor = np.clip((wanted - fixed) / np.maximum(scaled, 1e-9), 0.2, 5.0)
    for level in scaled_levels:
        mix[level][:3] *= factor[:3]
        mix[level][3] = max(0.0, 1 - mix[level][:3].sum())
        mix[level] /= mix[level].sum()
    return mix


def _team_size(unit: Unit) -> int:
    share = 0.75 if unit.level in ("city_leaders", "county") else 0.15
    return int(np.clip(round(share * unit.headcount), 3, min(9, unit.headcount)))


def _unit_cadres(
    index: int, unit: Unit, rank_mix: np.ndarray, rng: np.random.Generator
) -> tuple[np.ndarray, ...]:
    n, team = unit.headcount, _team_size(unit)
    team_rank = np.full(team, TEAM_RANK[unit.level])
    if unit.level == "city_dept":  # some heads and deputies of city departments are bureau rank
        team_rank[rng.random(team) < np.r_[0.3, np.full(team - 1, 0.1)]] = BUREAU
    rank = np.concatenate([team_rank, rng.choice(4, n - team, p=rank_mix)])
    category = np.concatenate([np.zeros(team, int), rng.choice(6, n - team, p=CATEGORY_MIX[unit.level])])
    return np.full(n, index), rank, category


def _unavailable_ranges(plan_year: int, rng: random.Random) -> str:
    """One or two absences in the plan year: maternity leave, secondment or sick leave."""
    first, last = date(plan_year, 1, 1).toordinal(), date(plan_year, 12, 31).toordinal()
    ranges, start = [], first + rng.randint(0, 300)
    for _ in range(1 if rng.random() < 0.8 else 2):
        end = min(last, start + rng.randint(*rng.choice(((90, 150), (30, 90), (14, 45)))))
        ranges.append(f"{date.fromordinal(start).isoformat()}..{date.fromordinal(end).isoformat()}")
        start = end + rng.randint(30, 90)
        if start > last:
            break
    return ";".join(ranges)


def _names(n: int, rng: np.random.Generator) -> list[str]:
    weights = 1.0 / (np.arange(len(SURNAMES)) + 8)  # common surnames first
    surname = rng.choice(len(SURNAMES), n, p=weights / weights.sum()).tolist()
    first, second = rng.integers(len(GIVEN), size=n).tolist(), rng.integers(len(GIVEN), size=n).tolist()
    two = (rng.random(n) < 0.7).tolist()
    return [
        SURNAMES[s] + GIVEN[a] + (GIVEN[b] if t else "")
        for s, a, b, t in zip(surname, first, second, two, strict=True)
    ]
