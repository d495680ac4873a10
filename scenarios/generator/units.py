"""The unit tree: a city (or a province of cities), its departments, counties and townships."""

from __future__ import annotations

import random
from dataclasses import dataclass

import numpy as np

from scenarios.generator.names import (
    CITY_DEPARTMENTS,
    CITY_NAMES,
    COUNTY_DEPARTMENTS,
    PLACE_FIRST,
    PLACE_SECOND,
    PROVINCE_NAME,
)
from scenarios.generator.settings import BASE_HEADCOUNT


@dataclass
class Unit:
    """One unit of the tree; ``parent``, ``city`` and ``county`` are indices into the unit list."""

    unit_id: str
    name: str
    parent: int
    level: str  # province | city | city_leaders | city_dept | county | county_dept | township
    city: int = -1
    county: int = -1
    headcount: int = 0
    max_away_share: str = ""
    budget: str = ""


def build_units(num_cadres: int, rng: np.random.Generator) -> list[Unit]:
    """A city (above 30,000 cadres a province of cities of ~10,000), headcounts summing to ``num_cadres``."""
    num_cities = 1 if num_cadres <= 30_000 else round(num_cadres / 10_000)
    units = [Unit("PROV", PROVINCE_NAME, -1, "province")] if num_cities > 1 else []
    for number in range(num_cities):
        _add_city(units, number, num_cadres / num_cities, 0 if num_cities > 1 else -1, rng)
    staffed = [u for u in units if u.level not in ("province", "city")]
    fixed = np.array([u.level in ("city_leaders", "county") for u in staffed])  # leadership bodies, ~12 each
    counts = np.where(fixed, np.round(rng.uniform(10, 14, len(staffed))), 0).astype(int)
    base = np.array([BASE_HEADCOUNT[u.level] for u in staffed], float) * rng.uniform(0.6, 1.4, len(staffed))
    counts[~fixed] = _apportion(base[~fixed], num_cadres - counts.sum(), minimum=5)
    for unit, count in zip(staffed, counts.tolist(), strict=True):
        unit.headcount = count
    return units


def _add_city(units: list[Unit], number: int, cadres: float, parent: int, rng: np.random.Generator) -> None:
    """The city root (no cadres), its leadership body, departments and counties, sized for ``cadres``."""
    scale = max(1.0, cadres / 5000) ** 0.5
    name = CITY_NAMES[number % len(CITY_NAMES)] + (str(number // len(CITY_NAMES) + 1) if number >= 16 else "")
    city_id, city = f"CITY{number + 1:02d}", len(units)
    units.append(Unit(city_id, f"{name}市", parent, "city", city))
    units.append(Unit(f"{city_id}-L", f"{name}市委市政府领导班子", city, "city_leaders", city))
    num_depts = min(len(CITY_DEPARTMENTS), max(4, round(cadres / 150)))
    for d, suffix in enumerate(CITY_DEPARTMENTS[:num_depts]):
        units.append(Unit(f"{city_id}-D{d + 1:02d}", f"{name}市{suffix}", city, "city_dept", city))
    num_counties = int(np.clip(round(cadres / (600 * scale)), 1, 14))
    num_county_depts = 2 if cadres < 1000 else 3 if scale < 1.5 else 4
    per_county = (cadres - 12 - num_depts * 60 * scale) / num_counties
    townships = max(2, round((per_county - 12 - num_county_depts * 45 * scale) / (42 * scale)))
    for k, place in enumerate(_place_names(num_counties, rng)):
        district, county_id, county = rng.random() < 0.3, f"{city_id}-K{k + 1:02d}", len(units)
        county_name = place + ("区" if district else "县")
        units.append(Unit(county_id, county_name, city, "county", city, county))
        for d, suffix in enumerate(COUNTY_DEPARTMENTS[:num_county_depts]):
            units.append(
                Unit(f"{county_id}-D{d + 1:02d}", county_name + suffix, county, "county_dept", city, county)
            )
        for t, town in enumerate(_place_names(max(2, townships + int(rng.integers(-1, 2))), rng)):
            kind = "街道" if district and rng.random() < 0.6 else "镇" if rng.random() < 0.7 else "乡"
            units.append(
                Unit(f"{county_id}-T{t + 1:02d}", county_name + town + kind, county, "township", city, county)
            )


def _place_names(count: int, rng: np.random.Generator) -> list[str]:
    picks = rng.choice(len(PLACE_FIRST) * len(PLACE_SECOND), size=count, replace=False)
    return [PLACE_FIRST[p // len(PLACE_SECOND)] + PLACE_SECOND[p % len(PLACE_SECOND)] for p in picks]


def _apportion(weights: np.ndarray, total: int, minimum: int) -> np.ndarray:
    """Whole numbers proportional to ``weights``, each at least ``minimum``, summing to ``total``."""
    share = weights / weights.sum() * (total - minimum * len(weights))
    counts = np.floor(share).astype(int)
    counts[
        np.argsort(counts - share, kind="stable")[: int(total - minimum * len(weights) - counts.sum())]
    ] += 1
    return counts + minimum


def set_release_caps(units: list[Unit], rng: random.Random) -> None:
    """A stricter staggered-release share (R9) for three key city offices and a few county units."""
    for unit in units:
        if unit.level == "city_dept" and unit.unit_id[-3:] in ("D01", "D02", "D03"):
            unit.max_away_share = "0.2"
        elif unit.level in ("county_dept", "township") and rng.random() < 0.04:
            unit.max_away_share = "0.25"
