"""The groups of cadres sessions are made for, and the hours and systematic seats each group owes."""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from scenarios.generator.cadres import Cadres
from scenarios.generator.settings import (
    BUREAU,
    CHUNK_HOURS,
    CITY_SHARE,
    DIVISION,
    LEADERSHIP,
    OPEN_CITY_SHARE,
    OPEN_CLASS_CADRES,
    PROVINCE_SHARE,
    SECTION,
)
from scenarios.generator.units import Unit


@dataclass
class Audience:
    """The cadres one group of sessions is for, and what they owe this year."""

    kind: str  # province | city_leader | city_staff | county
    units: list[str]  # the sessions' audience_units; [] = everyone
    ranks: str
    organisers: list[str]
    hours: float  # off-job hours owed
    systematic: list[tuple[str, str, float]]  # (ranks, categories, seats) of systematic classes
    city_id: str = ""
    county_id: str = ""
    segmented: str = ""  # a course run here in linked segments, for about segment_seats cadres
    segment_seats: float = 0.0
    seat_scale: float = 1.0  # open audiences of a large city fill larger classes


def build_audiences(
    units: list[Unit], cadres: Cadres, owed: np.ndarray, owes: np.ndarray, open_audiences: bool = False
) -> list[Audience]:
    """The provincial leaders, then each city's audiences; large ones are split by units unless
    ``open_audiences`` (then one audience per group: its sessions' units follow their institution)."""
    rank, leadership = cadres.rank, cadres.category == LEADERSHIP
    total = _subtree_totals(
        units,
        cadres.unit,
        {
            "province": owed * PROVINCE_SHARE[rank],
            "city": owed * CITY_SHARE[rank],
            "staff": owed * (rank >= SECTION),
            "bureau_sys": owes & (rank == BUREAU),
            "division_sys": owes & (rank == DIVISION),
            "section_sys": owes & (rank >= SECTION) & leadership,
            "young": cadres.young & ((rank == DIVISION) | (rank == SECTION)),
            "cadres": np.ones(len(rank)),
        },
    )
    children: list[list[int]] = [[] for _ in units]
    for index, unit in enumerate(units):
        if unit.parent >= 0:
            children[unit.parent].append(index)
    cities = [i for i, u in enumerate(units) if u.level == "city"]
    blocks = cities if len(cities) > 1 else children[cities[0]]
    audiences = []
    for k, chunk in enumerate([blocks] if open_audiences else _chunks(blocks, total["province"])):
        division_seats = 0.33 * total["division_sys"][chunk].sum()
        audience = Audience(
            "province",
            _audience_units(units, chunk, blocks, []),
            "bureau;division",
            ["province_org"],
            total["province"][chunk].sum(),
            [("bureau", "", 1.1 * total["bureau_sys"][chunk].sum())],
        )
        if k == 0:  # one division class runs in linked segments
            audience.segmented, audience.segment_seats = "SYS08", division_seats
        else:
            audience.systematic.append(("division", "", division_seats))
        audiences.append(audience)
    for city in cities:
        audiences += (_open_city_audiences if open_audiences else _city_audiences)(
            units, city, children, total
        )
    return audiences


def _city_audiences(
    units: list[Unit], city: int, children: list[list[int]], total: dict[str, np.ndarray]
) -> list[Audience]:
    city_id, blocks = units[city].unit_id, children[city]
    organiser = f"city_org:{city_id}"
    # the young cadres' class runs in linked segments and is open to the whole city
    audiences = [
        Audience(
            "city_leader",
            [city_id],
            "",
            [organiser],
            0.0,
            [],
            city_id,
            segmented="SYS03",
            segment_seats=0.3 * total["young"][city],
        )
    ]
    for chunk in _chunks(blocks, total["city"]):
        audiences.append(
            Audience(
                "city_leader",
                _audience_units(units, chunk, blocks, [city_id]),
                "bureau;division",
                [organiser],
                total["city"][chunk].sum(),
                [("division", "", 0.7 * total["division_sys"][chunk].sum())],
                city_id,
            )
        )
    depts = [b for b in blocks if units[b].level == "city_dept"]
    for chunk in _chunks(depts, total["staff"]):
        organisers = [organiser] * len(chunk) + [units[b].unit_id for b in chunk]  # half by a department
        audiences.append(
            Audience(
                "city_staff",
                _audience_units(units, chunk, depts, None),
                "section;staff",
                organisers,
                total["staff"][chunk].sum(),
                [],
                city_id,
            )
        )
    for county in (b for b in blocks if units[b].level == "county"):
        county_id = units[county].unit_id
        for chunk in _chunks(children[county], total["staff"]):
            audiences.append(
                Audience(
                    "county",
                    _audience_units(units, chunk, children[county], [county_id]),
                    "section;staff",
                    [f"county_org:{county_id}"],
                    total["staff"][chunk].sum(),
                    [("section", "leadership", 1.1 * total["section_sys"][chunk].sum())],
                    city_id,
                    county_id,
                )
            )
    return audiences


def _open_city_audiences(
    units: list[Unit], city: int, children: list[list[int]], total: dict[str, np.ndarray]
) -> list[Audience]:
    """A city's audiences when sessions are open: its leaders, its section and staff cadres (those of
    the departments and ``OPEN_CITY_SHARE`` of the counties' hours) and each county's own."""
    city_id, blocks = units[city].unit_id, children[city]
    organiser = f"city_org:{city_id}"
    scale = max(0.75, (total["cadres"][city] / OPEN_CLASS_CADRES) ** 0.5)  # larger cities, larger classes
    depts = [b for b in blocks if units[b].level == "city_dept"]
    counties = [b for b in blocks if units[b].level == "county"]
    audiences = [
        Audience(
            "city_leader",
            [city_id],
            "",
            [organiser],
            0.0,
            [],
            city_id,
            segmented="SYS03",
            segment_seats=0.3 * total["young"][city],
        ),
        Audience(
            "city_leader",
            [city_id],
            "bureau;division",
            [organiser],
            total["city"][city],
            [("division", "", 0.7 * total["division_sys"][city])],
            city_id,
            seat_scale=scale,
        ),
        Audience(
            "city_staff",
            [city_id],
            "section;staff",
            [organiser] * len(depts) + [units[b].unit_id for b in depts],  # half by a department
            total["staff"][depts].sum() + OPEN_CITY_SHARE * total["staff"][counties].sum(),
            [],
            city_id,
            seat_scale=scale,
        ),
    ]
    for county in counties:
        county_id = units[county].unit_id
        audiences.append(
            Audience(
                "county",
                [county_id],
                "section;staff",
                [f"county_org:{county_id}"],
                (1 - OPEN_CITY_SHARE) * total["staff"][county],
                [("section", "leadership", 1.1 * total["section_sys"][county])],
                city_id,
                county_id,
                seat_scale=scale,
            )
        )
    return audiences


def _subtree_totals(
    units: list[Unit], cadre_unit: np.ndarray, values: dict[str, np.ndarray]
) -> dict[str, np.ndarray]:
    """Per unit, each value summed over the cadres of its subtree (parents precede children)."""
    totals = {}
    for key, value in values.items():
        total = np.bincount(cadre_unit, weights=value.astype(float), minlength=len(units))
        for index in range(len(units) - 1, -1, -1):
            if units[index].parent >= 0:
                total[units[index].parent] += total[index]
        totals[key] = total
    return totals


def _chunks(blocks: list[int], weight: np.ndarray) -> list[list[int]]:
    """Consecutive groups of blocks owing about the same, each at most about ``CHUNK_HOURS``."""
    target = weight[blocks].sum() / max(1, math.ceil(weight[blocks].sum() / CHUNK_HOURS))
    chunks, current, load = [], [], 0.0
    for block in blocks:
        current.append(block)
        load += weight[block]
        if load >= target:
            chunks.append(current)
            current, load = [], 0.0
    return chunks + [current] if current else chunks


def _audience_units(
    units: list[Unit], chunk: list[int], blocks: list[int], whole: list[str] | None
) -> list[str]:
    """``whole`` when the chunk holds all the blocks and ``whole`` is given, else the chunk's units."""
    if len(chunk) == len(blocks) and whole is not None:
        return whole
    return [units[block].unit_id for block in chunk]
