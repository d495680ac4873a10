"""Seeded synthetic scenarios: a fictional city (or province), its cadres, ledger and session catalogue.

``generate_scenario(out_dir, "city", seed=1)`` writes a folder that follows the scenario contract
of DOMAIN.md, plus one extension column, ``sessions.audience_units``: a cadre may attend a session
only if their unit lies in the subtree of one of the listed units (empty = everyone). Sessions are
made per audience (the provincial leaders, a city's leaders, a city's departments, a county), each
offered about 0.9-1.1 times the off-job hours its cadres owe this year: tight but not hopeless, and
each cadre is eligible for a few tens of sessions only.

Command line: ``python -m scenarios.generator --size city --seed 1 --out DIR``.
"""

from __future__ import annotations

import argparse
import csv
import math
import random
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import numpy as np

SIZES = {"tiny": 200, "default": 3000, "city": 5000, "large-city": 20000, "province": 100000}
POLICY = {
    "cycle_years": 5,
    "leader_cycle_hours": 550,
    "annual_hours": 90,
    "systematic_every_years": 3,
    "remedial_after_years": 5,
    "promotion_deadline_months": 12,
    "team_share": 0.2,
    "max_away_share": 0.3,
    "hours_per_day": 8,
    "theory_party_min_share": 0.7,
    "party_spirit_min_share": 0.2,
    "per_capita_hours_leader": 110,
    "per_capita_hours_other": 90,
    "summons_rate_target": 0.3,
    "participation_rate_target": 0.9,
}

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

PROVINCE_NAME = "东江省"
CITY_NAMES = "江州 云州 临州 瑞州 丰州 安州 华州 宁州 岚州 景州 恒州 沅州 澄州 汀州 蓉州 嵩州".split()
CITY_DEPARTMENTS = (
    "委办公室 纪委监委 委组织部 人民政府办公室 委宣传部 委统战部 委政法委 发展和改革委员会 经济和信息化局 教育局 "
    "科学技术局 公安局 民政局 司法局 财政局 人力资源和社会保障局 自然资源和规划局 生态环境局 住房和城乡建设局 "
    "交通运输局 水利局 农业农村局 商务局 卫生健康委员会 应急管理局 市场监督管理局"
).split()
COUNTY_DEPARTMENTS = "委办公室 委组织部 财政局 发展和改革局 农业农村局 教育局".split()
PLACE_FIRST, PLACE_SECOND = (
    "青云白石东西南清安平永临长新金玉龙凤桃柳松梅黄丰和宁泰华",
    "山溪江湖川河田林源阳泉峰岭口桥港塘湾浦洲",
)
SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈"
    "姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
)
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华文建国志红玲飞宇辉鹏斌云峰晨浩宁欣怡佳琳雪婷晓燕俊凯旭东海波鑫瑞雯倩楠博然思雨嘉林晶慧颖亮"
RED_BASES = (
    ("嘉兴南湖红色教育基地", "嘉兴"),
    ("云岭革命老区党性教育基地", "云州"),
    ("江州烈士陵园红色教育基地", "江州"),
    ("临州新四军纪念馆教育基地", "临州"),
    ("瑞州红色文化教育基地", "瑞州"),
    ("丰州革命纪念馆教育基地", "丰州"),
    ("安州红军路党性教育基地", "安州"),
    ("华州抗战纪念地教育基地", "华州"),
)
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

# course_id, title, theme, systematic, theory_share, party_spirit_share.
# SYS13 and THE02 break the R13 shares on purpose, for the catalogue warning.
COURSES = (
    ("SYS01", "厅局级领导干部进修班", "theory", True, "0.55", "0.25"),
    ("SYS02", "县处级领导干部进修班", "theory", True, "0.5", "0.25"),
    ("SYS03", "中青年干部培训班", "theory", True, "0.45", "0.3"),
    ("SYS04", "乡科级领导干部进修班", "theory", True, "0.5", "0.25"),
    ("SYS05", "习近平新时代中国特色社会主义思想专题研讨班", "theory", True, "0.65", "0.2"),
    ("SYS06", "党性教育专题培训班", "party_spirit", True, "0.3", "0.6"),
    ("SYS07", "学习贯彻党的十九届四中全会精神专题培训班", "theory", True, "0.6", "0.2"),
    ("SYS08", "县处级领导干部党性修养专题班", "party_spirit", True, "0.25", "0.6"),
    ("SYS09", "乡镇党委书记专题培训班", "theory", True, "0.45", "0.25"),
    ("SYS10", "学习贯彻党的十九大精神轮训班", "theory", True, "0.6", "0.25"),
    ("SYS11", "学习贯彻党的十八大精神轮训班", "theory", True, "0.6", "0.25"),
    ("SYS12", "“两学一做”学习教育专题班", "party_spirit", True, "0.4", "0.4"),
    ("SYS13", "领导干部履职能力提升研修班", "theory", True, "0.5", "0.1"),
    ("THE01", "理论学习专题班", "theory", False, "0.6", "0.2"),
    ("THE02", "青年干部理论读书班", "theory", False, "0.5", "0.1"),
    ("THE03", "乡镇干部理论轮训班", "theory", False, "0.55", "0.25"),
    ("PRO01", "经济工作专题研究班", "professional", False, "0.45", "0.25"),
    ("PRO02", "乡村振兴专题培训班", "professional", False, "0.45", "0.25"),
    ("PRO03", "优化营商环境专题班", "professional", False, "0.45", "0.25"),
    ("PRO04", "依法行政能力提升班", "professional", False, "0.45", "0.25"),
    ("PRO05", "应急管理能力提升班", "professional", False, "0.45", "0.25"),
    ("PRO06", "生态环境保护专题班", "professional", False, "", ""),
    ("PRO07", "数字化改革专题班", "professional", False, "", ""),
    ("PRO08", "基层社会治理能力提升班", "professional", False, "0.45", "0.25"),
    ("PRO09", "财政预算管理业务培训班", "professional", False, "0.45", "0.25"),
    ("KNW01", "科学素养与人文知识讲座班", "knowledge", False, "", ""),
    ("KNW02", "公文写作与信息报送培训班", "knowledge", False, "0.45", "0.25"),
    ("KNW03", "保密知识培训班", "knowledge", False, "", ""),
    ("KNW04", "新录用公务员初任培训班", "knowledge", False, "0.5", "0.25"),
    ("KNW05", "统一战线理论政策专题班", "knowledge", False, "", ""),
    ("RED01", "红船精神现场教学班", "party_spirit", False, "0.2", "0.7"),
    ("RED02", "革命传统教育现场教学班", "party_spirit", False, "0.2", "0.7"),
    ("RED03", "廉政警示教育专题班", "party_spirit", False, "0.25", "0.6"),
    ("ONL01", "网络专题班：学习贯彻十九届四中全会精神", "theory", False, "0.7", "0.2"),
    ("ONL02", "网络专题班：数字经济与治理", "knowledge", False, "", ""),
    ("ONL03", "网络专题班：党员干部必修课", "party_spirit", False, "0.3", "0.5"),
)
SYSTEMATIC = frozenset(course[0] for course in COURSES if course[3])
REGULAR_HISTORY = tuple(course[0] for course in COURSES if course[0][:3] in ("THE", "PRO", "KNW", "RED"))
# Systematic courses a leader may have taken, by rank; some ran only in given years.
SYSTEMATIC_HISTORY = {
    BUREAU: ("SYS01", "SYS05", "SYS10", "SYS12", "SYS11"),
    DIVISION: ("SYS02", "SYS04", "SYS05", "SYS10", "SYS12", "SYS11"),
    SECTION: ("SYS04", "SYS09", "SYS10", "SYS12", "SYS11"),
}
COURSE_YEARS = {"SYS11": (2013, 2014), "SYS12": (2016, 2017), "SYS10": (2017, 2019), "SYS05": (2018, 2100)}

# Systematic classes by (audience kind, audience ranks): (course, institution role) options.
SYSTEMATIC_MENU = {
    ("province", "bureau"): (("SYS01", "prov_ps"), ("SYS05", "prov_ps"), ("SYS06", "academy")),
    ("province", "division"): (("SYS02", "prov_ps"), ("SYS08", "academy"), ("SYS06", "academy")),
    ("city_leader", "division"): (
        ("SYS02", "city_ps"),
        ("SYS05", "city_ps"),
        ("SYS07", "city_ps"),
        ("SYS13", "city_ps"),
    ),
    ("county", "section"): (("SYS04", "county_ps"), ("SYS09", "county_ps"), ("SYS07", "county_ps")),
}
SEGMENTED = {"SYS03": ("city_ps", "section;division"), "SYS08": ("academy", "division")}
# Ordinary classes by audience kind: (course, institution role, weight, audience ranks ("" = the
# audience's own), audience categories).
REGULAR_MENU = {
    "province": (
        ("RED01", "academy", 2, "", ""),
        ("RED02", "red", 3, "", ""),
        ("THE01", "prov_ps", 3, "", ""),
        ("PRO01", "prov_ps", 2, "", ""),
        ("PRO03", "prov_ps", 1, "division", ""),
        ("PRO07", "uni", 2, "", ""),
        ("KNW01", "uni", 1, "", ""),
    ),
    "city_leader": (
        ("PRO01", "city_ps", 2, "", ""),
        ("PRO03", "city_ps", 2, "", ""),
        ("PRO05", "city_ps", 2, "", ""),
        ("PRO04", "uni", 1, "", ""),
        ("PRO06", "uni", 1, "", ""),
        ("PRO07", "uni", 2, "", ""),
        ("KNW05", "city_sc", 1, "", ""),
        ("THE01", "city_ps", 2, "", ""),
        ("THE02", "city_ps", 1, "division", ""),
        ("RED03", "red", 1, "", ""),
        ("RED01", "red", 1, "", ""),
    ),
    "city_staff": (
        ("PRO04", "city_ps", 2, "", ""),
        ("PRO09", "city_ps", 2, "", "civil_servant;public_institution"),
        ("PRO05", "uni", 1, "", ""),
        ("PRO07", "uni", 1, "", ""),
        ("KNW02", "city_ps", 2, "", ""),
        ("KNW03", "city_sc", 1, "", ""),
        ("KNW04", "city_ps", 1, "staff", ""),
        ("KNW05", "city_sc", 1, "", ""),
        ("THE01", "city_ps", 2, "", ""),
        ("RED03", "red", 1, "", ""),
        ("KNW01", "uni", 1, "", ""),
    ),
    "county": (
        ("PRO02", "county_ps", 3, "", ""),
        ("PRO08", "county_ps", 2, "", "civil_servant;grassroots"),
        ("KNW02", "county_ps", 2, "", ""),
        ("KNW04", "county_ps", 1, "staff", ""),
        ("PRO05", "county_ps", 1, "", ""),
        ("THE03", "county_ps", 3, "", ""),
        ("PRO02", "uni", 1, "", ""),
        ("RED02", "red", 1, "", ""),
        ("RED03", "county_ps", 1, "", ""),
    ),
}
REGULAR_DAYS = (3, 4, 5, 5, 5, 5, 5, 6, 7, 7, 8, 10, 12)
RED_DAYS = (3, 4, 5)

HistoryRow = tuple[str, int, int, int, bool]  # course, start (date ordinal), days, hours, online


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


@dataclass
class Ledger:
    """The history rows, and per cadre what the obligations depend on."""

    rows: list[tuple[str, ...]]
    cycle_hours: np.ndarray
    year_hours: np.ndarray
    last_systematic: np.ndarray  # end (date ordinal) of the last systematic course, 0 = none
    taken: list[set[str]]


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


@dataclass
class Session:
    course_id: str
    institution_id: str
    organiser: str
    start: int  # day of the plan year, 0 = 1 January
    days: int
    hours: str
    seats: int
    min_enrolment: str
    ranks: str
    categories: str
    cost_per_head: str
    units: list[str]
    group: int = -1  # shared by the segments of one course
    session_id: str = ""
    segment_of: str = ""

    @property
    def offjob_hours(self) -> float:
        return float(self.hours) if self.hours else self.days * 8.0


# --- units and cadres ----------------------------------------------------------------------------


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
    for unit, count in zip(staffed, counts.tolist()):
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


def build_cadres(
    units: list[Unit], plan_year: int, rng: np.random.Generator, py_rng: random.Random
) -> Cadres:
    """Cadres unit by unit, each unit's leadership team first, its top leader at its head."""
    mix = _rank_mix(units)
    parts = [
        _unit_cadres(index, unit, mix[unit.level], rng) for index, unit in enumerate(units) if unit.headcount
    ]
    unit, rank, category = (np.concatenate(arrays) for arrays in zip(*parts))
    n = len(unit)
    top_leader = np.r_[True, unit[1:] != unit[:-1]]
    young = rng.random(n) < YOUNG_SHARE[rank]
    leader = (rank <= DIVISION) | (category == LEADERSHIP)
    draw = rng.random(n)  # ~8 % of leaders promoted last year, ~1 % early this year
    last_year = date(plan_year - 1, 1, 1).toordinal() + rng.integers(0, 365, n)
    this_year = date(plan_year, 1, 1).toordinal() + rng.integers(0, 90, n)
    promoted = np.where(leader & (draw < 0.08), last_year, np.where(leader & (draw < 0.09), this_year, 0))
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
        SURNAMES[s] + GIVEN[a] + (GIVEN[b] if t else "") for s, a, b, t in zip(surname, first, second, two)
    ]


# --- the training ledger -------------------------------------------------------------------------


def build_history(cadres: Cadres, plan_year: int, cycle_start: int, rng: random.Random) -> Ledger:
    """Past sessions of every cadre over seven years, plus a few early in the plan year."""
    n = len(cadres.unit)
    cycle_first, year_first = date(cycle_start, 1, 1).toordinal(), date(plan_year, 1, 1).toordinal()
    ledger = Ledger([], np.zeros(n), np.zeros(n), np.zeros(n, int), [set() for _ in range(n)])
    ranks, leaders, promoted = cadres.rank.tolist(), cadres.leader.tolist(), cadres.promoted.tolist()
    for i in range(n):
        rows = _cadre_history(ranks[i], leaders[i], promoted[i], plan_year, cycle_start, rng)
        for course, start, days, hours, online in sorted(rows, key=lambda row: row[1]):
            if course in ledger.taken[i]:
                continue
            ledger.taken[i].add(course)
            end, systematic = start + days - 1, course in SYSTEMATIC
            ledger.rows.append(
                (
                    Cadres.cadre_id(i),
                    course,
                    date.fromordinal(start).isoformat(),
                    date.fromordinal(end).isoformat(),
                    str(hours),
                    _bool(systematic),
                    _bool(online),
                )
            )
            if not online:
                ledger.cycle_hours[i] += hours * (start >= cycle_first)
                ledger.year_hours[i] += hours * (start >= year_first)
            if systematic:
                ledger.last_systematic[i] = max(ledger.last_systematic[i], end)
    return ledger


def _cadre_history(
    rank: int, leader: bool, promoted: int, plan_year: int, cycle_start: int, rng: random.Random
) -> list[HistoryRow]:
    """One cadre's rows, unsorted; a course drawn twice is kept once by the caller."""
    if leader:
        rows = _systematic_history(rank, promoted, plan_year, rng)
        for _ in range(rng.randint(0, 2)):  # more off-job hours in the current cycle
            rows.append(
                _row(
                    rng.choice(REGULAR_HISTORY),
                    rng.randint(min(cycle_start, plan_year - 1), plan_year - 1),
                    rng.choice((3, 4, 5, 7, 10)),
                    rng,
                )
            )
    else:
        rows = [
            _row(
                rng.choice(REGULAR_HISTORY),
                rng.randint(plan_year - 7, plan_year - 1),
                rng.choice((2, 3, 4, 5)),
                rng,
            )
            for _ in range(rng.randint(1, 3))
        ]
        if rng.random() < 0.06:  # already trained early in the plan year
            days = rng.randint(2, 5)
            rows.append(
                (
                    rng.choice(REGULAR_HISTORY),
                    date(plan_year, 1, 6).toordinal() + rng.randint(0, 10),
                    days,
                    days * 8,
                    False,
                )
            )
    if rng.random() < 0.25:
        start = _monday(rng.randint(plan_year - 5, plan_year - 1), rng)
        rows.append((rng.choice(("ONL02", "ONL03")), start, 30, rng.choice((10, 20, 30, 40, 50)), True))
    return rows


def _systematic_history(rank: int, promoted: int, plan_year: int, rng: random.Random) -> list[HistoryRow]:
    """A systematic course every 2-4 years; about 10 % of leaders have none in the last five."""
    draw = rng.random()
    years_ago = 1 if draw < 0.3 else 2 if draw < 0.55 else 3 if draw < 0.75 else 4 if draw < 0.9 else 0
    if years_ago:
        years = [plan_year - years_ago, plan_year - years_ago - rng.randint(2, 4)]
    else:
        years = [plan_year - 7] if rng.random() < 0.5 else []
    if promoted and rng.random() < 0.8:  # most newly promoted leaders are not trained since
        years = [year for year in years if year < date.fromordinal(promoted).year]
    rows = []
    for year in (year for year in years if year >= plan_year - 7):
        options = [
            c
            for c in SYSTEMATIC_HISTORY[min(rank, SECTION)]
            if COURSE_YEARS.get(c, (0, 9999))[0] <= year <= COURSE_YEARS.get(c, (0, 9999))[1]
        ]
        rows.append(_row(rng.choice(options), year, rng.randint(15, 30), rng))
    return rows


def _row(course: str, year: int, days: int, rng: random.Random) -> HistoryRow:
    return course, _monday(year, rng), days, days * 8, False


def _monday(year: int, rng: random.Random) -> int:
    """A Monday between mid-January and November of ``year``, as a date ordinal."""
    day = date(year, 1, 12).toordinal() + rng.randint(0, 300)
    return day - date.fromordinal(day).weekday()


def _bool(value: bool) -> str:
    return "true" if value else "false"


def owed_hours(cadres: Cadres, ledger: Ledger, plan_year: int, cycle_start: int) -> np.ndarray:
    """Off-job hours each cadre owes this year: R1 for bureau/division, R2 for section/staff."""
    years_left = max(1, cycle_start + POLICY["cycle_years"] - plan_year)
    leader_hours = np.maximum(0.0, POLICY["leader_cycle_hours"] - ledger.cycle_hours) / years_left
    return np.where(
        cadres.rank <= DIVISION, leader_hours, np.maximum(0.0, POLICY["annual_hours"] - ledger.year_hours)
    )


def owes_systematic(cadres: Cadres, ledger: Ledger, plan_year: int) -> np.ndarray:
    """Cadres owing a systematic course this year (R3, R5 or R6)."""
    last = ledger.last_systematic
    r3 = (cadres.category == LEADERSHIP) & (last < date(plan_year - 3, 1, 1).toordinal())
    r5 = cadres.leader & (last < date(plan_year - 5, 1, 1).toordinal())
    return r3 | r5 | ((cadres.promoted > 0) & (last < cadres.promoted))


# --- institutions and audiences ------------------------------------------------------------------


def build_institutions(units: list[Unit]) -> list[tuple[str, ...]]:
    """Provincial schools, a party school and a socialist college per city, a party school per county."""
    cities = [u for u in units if u.level == "city"]
    capital, province = cities[0].name.removesuffix("市"), PROVINCE_NAME.removesuffix("省")
    rows = [
        ("PS-PROV", f"中共{PROVINCE_NAME}委党校", "party_school", capital, "400", "450"),
        ("CA-01", "南湖红船干部学院", "cadre_academy", "嘉兴", "300", "550"),
    ]
    for city in cities:
        place = city.name.removesuffix("市")
        rows.append((f"PS-{city.unit_id}", f"中共{city.name}委党校", "party_school", place, "300", "300"))
        rows.append(
            (f"SC-{city.unit_id}", f"{city.name}社会主义学院", "socialist_college", place, "150", "260")
        )
    for unit in (u for u in units if u.level == "county"):
        place = units[unit.city].name.removesuffix("市")
        rows.append((f"PS-{unit.unit_id}", f"中共{unit.name}委党校", "party_school", place, "100", "180"))
    for k, (name, place) in enumerate(RED_BASES[: min(len(RED_BASES), 3 + (len(cities) - 1) // 2)]):
        rows.append((f"RB-{k + 1:02d}", name, "red_base", place, str((200, 150, 120, 180)[k % 4]), "380"))
    rows.append(("UNI-01", f"{province}大学公共管理学院", "university", capital, "", "500"))
    rows.append(("ONL-01", f"{province}干部网络学院", "online", capital, "", "15"))
    return rows


def build_audiences(units: list[Unit], cadres: Cadres, owed: np.ndarray, owes: np.ndarray) -> list[Audience]:
    """The provincial leaders, then each city's audiences; large ones are split by units."""
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
        },
    )
    children: list[list[int]] = [[] for _ in units]
    for index, unit in enumerate(units):
        if unit.parent >= 0:
            children[unit.parent].append(index)
    cities = [i for i, u in enumerate(units) if u.level == "city"]
    blocks = cities if len(cities) > 1 else children[cities[0]]
    audiences = []
    for k, chunk in enumerate(_chunks(blocks, total["province"])):
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
        audiences += _city_audiences(units, city, children, total)
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


# --- the session catalogue -----------------------------------------------------------------------


class Catalogue:
    """The plan year's sessions, on weekdays clear of the holidays and, where it can, of full beds."""

    def __init__(self, plan_year: int, institutions: list[tuple[str, ...]], rng: random.Random) -> None:
        self.rng, self.plan_year = rng, plan_year
        first = date(plan_year, 1, 1).toordinal()
        self.length = date(plan_year, 12, 31).toordinal() - first + 1
        self.beds = {row[0]: int(row[4]) if row[4] else 0 for row in institutions}
        self.red_bases = [row[0] for row in institutions if row[2] == "red_base"]
        self.load = {
            institution: np.zeros(self.length, int) for institution, beds in self.beds.items() if beds
        }
        blocked = np.zeros(self.length, bool)
        festival = date(plan_year, *SPRING_FESTIVAL.get(plan_year, (2, 1))).toordinal() - first
        national_day = date(plan_year, 10, 1).toordinal() - first
        for begin, end in ((0, 5), (max(0, festival - 4), festival + 8), (national_day, national_day + 7)):
            blocked[begin:end] = True
        self.blocked_before = np.concatenate(([0], np.cumsum(blocked)))
        weekday = (np.arange(self.length) + date(plan_year, 1, 1).weekday()) % 7
        # Mondays, Tuesdays and Wednesdays; Mondays four times as likely
        self.starts = np.flatnonzero(weekday == 0).tolist() * 3 + np.flatnonzero(weekday // 3 == 0).tolist()
        self.sessions: list[Session] = []

    def fill(self, audience: Audience) -> float:
        """Systematic classes for those owing one, then ordinary ones up to 0.9-1.1 x the hours owed.
        Returns the off-job seat-hours offered."""
        offered = self._add_segmented(audience) if audience.segmented else 0.0
        for ranks, categories, seats_needed in audience.systematic:
            while seats_needed >= 1:
                seats = int(np.clip(math.ceil(seats_needed), 30, 60))
                course, role = self.rng.choice(SYSTEMATIC_MENU[(audience.kind, ranks)])
                offered += self.add(
                    audience, course, role, ranks, categories, self.rng.randint(15, 30), seats
                )
                seats_needed -= seats
        target = self.rng.uniform(0.9, 1.1) * audience.hours
        menu = REGULAR_MENU[audience.kind]
        while offered < target:
            course, role, _, ranks, categories = self.rng.choices(menu, [entry[2] for entry in menu])[0]
            days = self.rng.choice(RED_DAYS if role == "red" else REGULAR_DAYS)
            hours = str(days * 8 - 4) if days >= 4 and self.rng.random() < 0.1 else ""  # a half day off
            needed = math.ceil((target - offered) / (float(hours) if hours else days * 8))
            seats = min(self.rng.randint(30, 50 if role == "county_ps" else 60), max(30, needed))
            offered += self.add(audience, course, role, ranks, categories, days, seats, hours=hours)
        return offered

    def add(
        self,
        audience: Audience,
        course: str,
        role: str,
        ranks: str,
        categories: str,
        days: int,
        seats: int,
        offsets: Sequence[int] = (0,),
        hours: str = "",
    ) -> float:
        """One session, or linked segments starting ``offsets`` days apart; returns the seat-hours offered."""
        rng = self.rng
        institution = self._institution(role, audience)
        start = self._place(institution, days, seats, offsets)
        min_enrolment = (
            str(rng.randint(15, min(40, seats // 2))) if seats >= 30 and rng.random() < 0.3 else ""
        )
        cost = ""
        if role == "uni" and rng.random() < 0.4:
            cost = str(days * 520)
        elif role == "red" and rng.random() < 0.25:
            cost = str(days * 420 + 200)
        organiser, group = rng.choice(audience.organisers), len(self.sessions) if len(offsets) > 1 else -1
        for offset in offsets:
            self.sessions.append(
                Session(
                    course,
                    institution,
                    organiser,
                    start + offset,
                    days,
                    hours,
                    seats,
                    min_enrolment,
                    ranks or audience.ranks,
                    categories,
                    cost,
                    audience.units,
                    group,
                )
            )
        return seats * len(offsets) * self.sessions[-1].offjob_hours

    def _add_segmented(self, audience: Audience) -> float:
        role, ranks = SEGMENTED[audience.segmented]
        offsets = [0]
        for _ in range(self.rng.choice((1, 2))):
            offsets.append(offsets[-1] + 7 * self.rng.randint(3, 6))
        seats = int(np.clip(math.ceil(audience.segment_seats), 30, 50))
        return self.add(
            audience, audience.segmented, role, ranks, "", self.rng.randint(7, 12), seats, offsets
        )

    def add_online(self, units: list[str], organiser: str, count: int) -> None:
        """Online special classes: long windows, few hours, many seats, nobody away."""
        for k in range(count):
            days = self.rng.randint(14, 30)
            start, hours = self._place("ONL-01", days, 0, (0,)), str(self.rng.choice((20, 24, 32, 40)))
            self.sessions.append(
                Session(
                    ("ONL01", "ONL02", "ONL03")[k % 3],
                    "ONL-01",
                    organiser,
                    start,
                    days,
                    hours,
                    self.rng.choice((300, 400, 500)),
                    "",
                    "",
                    "",
                    "",
                    units,
                )
            )

    def _institution(self, role: str, audience: Audience) -> str:
        if role == "red":
            return self.rng.choice(self.red_bases)
        return {
            "prov_ps": "PS-PROV",
            "academy": "CA-01",
            "uni": "UNI-01",
            "city_ps": f"PS-{audience.city_id}",
            "city_sc": f"SC-{audience.city_id}",
            "county_ps": f"PS-{audience.county_id}",
        }[role]

    def _place(self, institution: str, days: int, seats: int, offsets: Sequence[int]) -> int:
        """A start clear of the holidays; of up to a dozen, the first that fits the beds, else the emptiest."""
        best, best_peak, tries, beds = -1, math.inf, 0, self.beds[institution]
        for _ in range(2000):
            start = self.rng.choice(self.starts)
            if not all(self._clear(start + offset, days) for offset in offsets):
                continue
            tries += 1
            peak = (
                max(self.load[institution][start + o : start + o + days].max() for o in offsets)
                if beds
                else 0
            )
            if peak < best_peak:
                best, best_peak = start, peak
            if not beds or peak + seats <= beds or tries >= 12:
                break
        if best < 0:
            raise ValueError(f"no room in {self.plan_year} for {len(offsets)} segment(s) of {days} days")
        for offset in offsets if beds else ():
            self.load[institution][best + offset : best + offset + days] += seats
        return best

    def _clear(self, start: int, days: int) -> bool:
        end = start + days
        return end <= self.length and self.blocked_before[end] == self.blocked_before[start]

    def finish(self, odd_hours: int = 2) -> list[Session]:
        """Give ``odd_hours`` sessions 200 h in 5 days (for the catalogue warning), number the
        sessions by start date and link the segments to their first."""
        plain = [s for s in self.sessions if s.days == 5 and not s.hours and s.course_id not in SYSTEMATIC]
        for session in self.rng.sample(plain, min(odd_hours, len(plain))):
            session.hours = "200"
        self.sessions.sort(key=lambda s: (s.start, s.institution_id, s.course_id, s.group))
        first_of: dict[int, str] = {}
        for number, session in enumerate(self.sessions, start=1):
            session.session_id = f"S{self.plan_year}-{number:04d}"
            if (
                session.group >= 0
                and first_of.setdefault(session.group, session.session_id) != session.session_id
            ):
                session.segment_of = first_of[session.group]
        return self.sessions


def build_sessions(
    units: list[Unit],
    cadres: Cadres,
    owed: np.ndarray,
    owes: np.ndarray,
    institutions: list[tuple[str, ...]],
    plan_year: int,
    rng: random.Random,
) -> list[Session]:
    """Every audience's sessions, then each city's online classes, numbered by start date."""
    catalogue = Catalogue(plan_year, institutions, rng)
    for audience in build_audiences(units, cadres, owed, owes):
        catalogue.fill(audience)
    cadres_by_city = np.bincount([units[u].city for u in cadres.unit.tolist()], minlength=len(units))
    cities = [u for u in units if u.level == "city"]
    for city in cities:
        catalogue.add_online(
            [] if len(cities) == 1 else [city.unit_id],
            f"city_org:{city.unit_id}",
            3 + int(cadres_by_city[city.city]) // 4000,
        )
    return catalogue.finish()


# --- summons, budget, release caps ---------------------------------------------------------------


def build_summons(
    units: list[Unit], cadres: Cadres, ledger: Ledger, sessions: list[Session], rng: random.Random
) -> list[tuple[str, str, str, str]]:
    """About 2.5 % of cadres, top leaders and young cadres, summoned to a systematic course open to
    them (filling at most half of one of its sessions), plus two summons that cannot be met."""
    ancestors: list[list[str]] = []
    for unit in units:
        ancestors.append([unit.unit_id] + (ancestors[unit.parent] if unit.parent >= 0 else []))
    by_unit: dict[str, list[Session]] = {}
    for session in (s for s in sessions if s.course_id in SYSTEMATIC and not s.segment_of):
        for unit_id in session.units or [""]:
            by_unit.setdefault(unit_id, []).append(session)
    candidates = np.flatnonzero(cadres.top_leader | (cadres.young & (cadres.rank <= SECTION))).tolist()
    rng.shuffle(candidates)
    target, rows, summoned = max(2, round(0.025 * len(cadres.unit))), [], {}
    for i in candidates:
        if len(rows) >= target - 2:
            break
        young = bool(cadres.young[i] and not cadres.top_leader[i])
        rank, category = RANKS[cadres.rank[i]], CATEGORIES[cadres.category[i]]
        options = [
            s
            for unit_id in ["", *ancestors[cadres.unit[i]]]
            for s in by_unit.get(unit_id, [])
            if _open_to(s.ranks, rank)
            and _open_to(s.categories, category)
            and s.course_id not in ledger.taken[i]
            and summoned.get(s.session_id, 0) < s.seats // 2
            and (young or s.course_id != "SYS03")
        ]
        if options:
            chosen = rng.choice([s for s in options if young and s.course_id == "SYS03"] or options)
            summoned[chosen.session_id] = summoned.get(chosen.session_id, 0) + 1
            rows.append(
                (
                    Cadres.cadre_id(i),
                    chosen.course_id,
                    chosen.organiser,
                    f"点名调训：{'年轻干部' if young else '一把手'}",
                )
            )
    return rows + _impossible_summons(units, cadres, ledger, {row[0] for row in rows})


def _impossible_summons(
    units: list[Unit], cadres: Cadres, ledger: Ledger, summoned: set[str]
) -> list[tuple[str, str, str, str]]:
    """A top leader summoned to a course with no session this year; a staff cadre to a bureau-rank course."""
    rows = []
    for wanted, course, organiser, reason in (
        (cadres.top_leader, "SYS11", "city_org:{city}", "点名调训：一把手"),
        (cadres.rank == STAFF, "SYS01", "province_org", "点名调训：年轻干部"),
    ):
        for i in np.flatnonzero(wanted).tolist():
            if Cadres.cadre_id(i) not in summoned and course not in ledger.taken[i]:
                city = units[units[cadres.unit[i]].city].unit_id
                rows.append((Cadres.cadre_id(i), course, organiser.format(city=city), reason))
                break
    return rows


def _open_to(audience: str, value: str) -> bool:
    return not audience or value in audience.split(";")


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


def set_release_caps(units: list[Unit], rng: random.Random) -> None:
    """A stricter staggered-release share (R9) for three key city offices and a few county units."""
    for unit in units:
        if unit.level == "city_dept" and unit.unit_id[-3:] in ("D01", "D02", "D03"):
            unit.max_away_share = "0.2"
        elif unit.level in ("county_dept", "township") and rng.random() < 0.04:
            unit.max_away_share = "0.25"


# --- the scenario folder -------------------------------------------------------------------------


def generate_scenario(
    out_dir: str | Path,
    size: str = "default",
    *,
    num_cadres: int | None = None,
    seed: int = 2019,
    plan_year: int = 2020,
    cycle_start: int = 2018,
    name: str | None = None,
) -> Path:
    """Write a complete synthetic scenario folder (its files are overwritten).

    Parameters
    ----------
    out_dir
        The scenario folder; created if missing.
    size
        A key of ``SIZES``, naming the number of cadres.
    num_cadres
        The number of cadres (at least 100), instead of the one ``size`` names.
    seed
        Seed of every random draw: the same arguments write the same bytes.
    plan_year, cycle_start
        The year planned (its sessions start in it; the ledger ends before it but for a few
        rows early in it) and the first year of the five-year training cycle.
    name
        The scenario's name; by default the root unit, the plan year and the size.

    Returns
    -------
    Path
        The scenario folder.
    """
    if num_cadres is None:
        if size not in SIZES:
            raise ValueError(f"unknown size {size!r}; expected one of {', '.join(SIZES)}")
        num_cadres = SIZES[size]
    if num_cadres < 100:
        raise ValueError("a scenario needs at least 100 cadres")
    if cycle_start > plan_year:
        raise ValueError(f"the cycle starting {cycle_start} has not begun in {plan_year}")
    rng, py_rng = np.random.default_rng(seed), random.Random(seed)
    units = build_units(num_cadres, rng)
    set_release_caps(units, py_rng)
    cadres = build_cadres(units, plan_year, rng, py_rng)
    ledger = build_history(cadres, plan_year, cycle_start, py_rng)
    owed, owes = (
        owed_hours(cadres, ledger, plan_year, cycle_start),
        owes_systematic(cadres, ledger, plan_year),
    )
    institutions = build_institutions(units)
    sessions = build_sessions(units, cadres, owed, owes, institutions, plan_year, py_rng)
    summons = build_summons(units, cadres, ledger, sessions, py_rng)
    total, full_cost = set_budgets(units, cadres, owed, sessions, institutions, py_rng)
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    name = name or f"{units[0].name} {plan_year} 年度干部教育培训计划 ({size})"
    (out / "scenario.toml").write_text(_toml(name, cycle_start, total, full_cost), encoding="utf-8")
    _write_tables(out, units, cadres, ledger, institutions, sessions, summons, plan_year)
    return out


def _toml(name: str, cycle_start: int, total: int, full_cost: int) -> str:
    quoted = name.replace("\\", "\\\\").replace('"', '\\"')
    lines = [f'name = "{quoted}"', f"cycle_start = {cycle_start}", "", "[policy]"]
    lines += [f"{key} = {value}" for key, value in POLICY.items()]
    lines += [
        "",
        "[budget]",
        f"# {total / full_cost:.0%} of {full_cost} yuan, the cost of every cadre's owed"
        " off-job hours at the catalogue's average cost per seat-hour",
        f"total = {total}",
        "",
    ]
    return "\n".join(lines)


def _write_tables(
    out: Path,
    units: list[Unit],
    cadres: Cadres,
    ledger: Ledger,
    institutions: list[tuple[str, ...]],
    sessions: list[Session],
    summons: list[tuple[str, ...]],
    plan_year: int,
) -> None:
    first = date(plan_year, 1, 1).toordinal()
    day = [date.fromordinal(first + d).isoformat() for d in range(366)]
    _write_csv(
        out / "units.csv",
        "unit_id,name,parent_id,max_away_share,budget",
        (
            (u.unit_id, u.name, units[u.parent].unit_id if u.parent >= 0 else "", u.max_away_share, u.budget)
            for u in units
        ),
    )
    columns = zip(
        cadres.unit.tolist(),
        cadres.rank.tolist(),
        cadres.category.tolist(),
        cadres.top_leader.tolist(),
        cadres.young.tolist(),
        cadres.promoted.tolist(),
        cadres.names,
        cadres.unavailable,
    )
    _write_csv(
        out / "cadres.csv",
        "cadre_id,name,unit_id,rank,category,top_leader,young,promoted_on,unavailable",
        (
            (
                Cadres.cadre_id(i),
                name,
                units[u].unit_id,
                RANKS[r],
                CATEGORIES[c],
                _bool(top),
                _bool(young),
                date.fromordinal(p).isoformat() if p else "",
                away,
            )
            for i, (u, r, c, top, young, p, name, away) in enumerate(columns)
        ),
    )
    _write_csv(out / "institutions.csv", "institution_id,name,kind,city,beds,cost_per_day", institutions)
    _write_csv(
        out / "courses.csv",
        "course_id,title,theme,systematic,theory_share,party_spirit_share",
        ((c, title, theme, _bool(s), theory, party) for c, title, theme, s, theory, party in COURSES),
    )
    _write_csv(
        out / "sessions.csv",
        "session_id,course_id,institution_id,organiser,start,end,hours,seats,"
        "min_enrolment,audience_ranks,audience_categories,cost_per_head,segment_of,audience_units",
        (
            (
                s.session_id,
                s.course_id,
                s.institution_id,
                s.organiser,
                day[s.start],
                day[s.start + s.days - 1],
                s.hours,
                s.seats,
                s.min_enrolment,
                s.ranks,
                s.categories,
                s.cost_per_head,
                s.segment_of,
                ";".join(s.units),
            )
            for s in sessions
        ),
    )
    _write_csv(out / "summons.csv", "cadre_id,course_id,organiser,reason", summons)
    _write_csv(out / "history.csv", "cadre_id,course_id,start,end,hours,systematic,online", ledger.rows)


def _write_csv(path: Path, header: str, rows: Iterable[Sequence[object]]) -> None:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(header.split(","))
        writer.writerows(rows)


def main(argv: Sequence[str] | None = None) -> None:
    """``python -m scenarios.generator --size city --seed 1 --out DIR [--cadres N] [--year Y] [--cycle-start Y]``."""
    parser = argparse.ArgumentParser(
        prog="python -m scenarios.generator", description="Write a synthetic scenario."
    )
    parser.add_argument("--size", choices=list(SIZES), default="default", help="number of cadres, by name")
    parser.add_argument("--cadres", type=int, help="number of cadres (instead of --size)")
    parser.add_argument("--seed", type=int, default=2019)
    parser.add_argument("--year", type=int, default=2020, help="the plan year")
    parser.add_argument("--cycle-start", type=int, default=2018, help="first year of the five-year cycle")
    parser.add_argument("--name", help="the scenario's name")
    parser.add_argument("--out", type=Path, required=True, help="the scenario folder to write")
    args = parser.parse_args(argv)
    out = generate_scenario(
        args.out,
        args.size,
        num_cadres=args.cadres,
        seed=args.seed,
        plan_year=args.year,
        cycle_start=args.cycle_start,
        name=args.name,
    )
    rows = {path.stem: sum(1 for _ in path.open(encoding="utf-8")) - 1 for path in sorted(out.glob("*.csv"))}
    print(f"wrote {out}: " + ", ".join(f"{count} {stem}" for stem, count in rows.items()))


if __name__ == "__main__":
    main()
