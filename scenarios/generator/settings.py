"""The generator's sizes, the policy it writes, the shape of the population, and the plan year's holidays."""

from __future__ import annotations

from dataclasses import asdict, replace
from datetime import date

import numpy as np

from models.entities import Policy

SIZES = {
    "tiny": 200,
    "default": 3000,
    "city": 5000,
    "large-city": 20000,
    "province": 100000,
    "city-open": 5000,
    "large-city-open": 20000,
    "province-open": 100000,
}
# Audience breadth. "narrow": sessions name the units they are for (a chunk of departments, a county),
# a few tens of sessions a cadre. "open": audiences by rank and category (professional classes,
# lectures and red-base classes open to every rank), over a whole region: the province's sessions and
# the online classes everyone, a county's classes at its party school the county, every other class
# its city; hundreds of sessions a cadre. The *-open sizes are open, the others narrow.
AUDIENCES = ("narrow", "open")
OPEN_SIZES = frozenset(size for size in SIZES if size.endswith("-open"))
# With open audiences, the share of county section and staff cadres' hours offered at the city's
# institutions (the rest at their county party school), and the city whose classes keep the narrow
# sizes (30-60 seats): a city's classes grow with the square root of its cadres (never below 3/4).
OPEN_CITY_SHARE = 0.6
OPEN_CLASS_CADRES = 8000
DEFAULT_POLICY = Policy()
# Per-capita hours of online special classes (网上专题班) a year, R12's online target. The seeds name
# the indicator (001 Annex 1, note 2: online hours are counted apart) but not its number; the
# national plan for 2023-2027 asks 50 h a year of online self-study (网络自学), which no plan of
# classes schedules. A department filing its classes asks about one class a cadre: 24 h.
ONLINE_HOURS_PER_YEAR = 24
# The domain's defaults and the online target, written into scenario.toml: the rules then read what
# the scenario states.
POLICY: dict[str, int | float | bool | date] = asdict(
    replace(DEFAULT_POLICY, online_hours_per_year=ONLINE_HOURS_PER_YEAR)
)

RANKS = ("bureau", "division", "section", "staff")
BUREAU, DIVISION, SECTION, STAFF = range(4)
CATEGORIES = ("leadership", "civil_servant", "enterprise", "public_institution", "professional", "grassroots")
LEADERSHIP = 0
PYRAMID = (0.02, 0.12, 0.30, 0.56)  # share of each rank in the whole scenario
# Ranks and categories outside the leadership team, by unit level (department and township
# ranks are then scaled to meet the PYRAMID); the rank of the team; headcount before scaling.
RANK_MIX = {
    "city_leaders": (1, 0, 0, 0),
    "city_dept": (0.03, 0.15, 0.37, 0.45),
    "county": (0, 1, 0, 0),
    "county_dept": (0, 0.04, 0.30, 0.66),
    "township": (0, 0, 0.22, 0.78),
}
CATEGORY_MIX = {
    "city_leaders": (0, 1, 0, 0, 0, 0),
    "city_dept": (0, 0.70, 0.07, 0.15, 0.08, 0),
    "county": (0, 1, 0, 0, 0, 0),
    "county_dept": (0, 0.72, 0.03, 0.18, 0.07, 0),
    "township": (0, 0.45, 0, 0.15, 0, 0.40),
}
TEAM_RANK = {
    "city_leaders": BUREAU,
    "city_dept": DIVISION,
    "county": DIVISION,
    "county_dept": SECTION,
    "township": SECTION,
}
BASE_HEADCOUNT = {"city_leaders": 12, "city_dept": 60, "county": 12, "county_dept": 45, "township": 42}
YOUNG_SHARE = np.array([0.0, 0.06, 0.17, 0.17])
# Share of a leader's owed hours offered by provincial and by city sessions, by rank.
PROVINCE_SHARE = np.array([0.6, 0.12, 0.0, 0.0])
CITY_SHARE = np.array([0.4, 0.88, 0.0, 0.0])
CHUNK_HOURS = 40_000  # an audience owing more is split by units, to keep eligibility sparse

SPRING_FESTIVAL = {  # (month, day) of the Chinese New Year: sessions keep clear of that week
    2013: (2, 10),
    2014: (1, 31),
    2015: (2, 19),
    2016: (2, 8),
    2017: (1, 28),
    2018: (2, 16),
    2019: (2, 5),
    2020: (1, 25),
    2021: (2, 12),
    2022: (2, 1),
    2023: (1, 22),
    2024: (2, 10),
    2025: (1, 29),
    2026: (2, 17),
    2027: (2, 6),
    2028: (1, 26),
    2029: (2, 13),
    2030: (2, 3),
}
