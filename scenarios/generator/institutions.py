"""The training institutions: provincial schools, each city's and county's party school, red bases, online."""

from __future__ import annotations

from collections import Counter

from scenarios.generator.names import PROVINCE_NAME, RED_BASES
from scenarios.generator.units import Unit


def build_institutions(units: list[Unit], open_audiences: bool = False) -> list[tuple[str, ...]]:
    """Provincial schools, a party school and a socialist college per city, a party school per county.

    With ``open_audiences`` a city's classes draw on the whole city: its schools' beds grow with the
    square root of its cadres above 5,000."""
    cities = [u for u in units if u.level == "city"]
    capital, province = cities[0].name.removesuffix("市"), PROVINCE_NAME.removesuffix("省")
    rows: list[tuple[str, ...]] = [
        ("PS-PROV", f"中共{PROVINCE_NAME}委党校", "party_school", capital, "400", "450"),
        ("CA-01", "南湖红船干部学院", "cadre_academy", "嘉兴", "300", "550"),
    ]
    cadres_by_city: Counter[int] = Counter()
    for unit in units:
        cadres_by_city[unit.city] += unit.headcount
    for city in cities:
        place = city.name.removesuffix("市")
        scale = max(1.0, cadres_by_city[city.city] / 5000) ** 0.5 if open_audiences else 1.0
        party_school, college = (str(10 * round(beds * scale / 10)) for beds in (300, 150))
        rows.append(
            (f"PS-{city.unit_id}", f"中共{city.name}委党校", "party_school", place, party_school, "300")
        )
        rows.append(
            (f"SC-{city.unit_id}", f"{city.name}社会主义学院", "socialist_college", place, college, "260")
        )
    for unit in (u for u in units if u.level == "county"):
        place = units[unit.city].name.removesuffix("市")
        rows.append((f"PS-{unit.unit_id}", f"中共{unit.name}委党校", "party_school", place, "100", "180"))
    for k, (name, place) in enumerate(RED_BASES[: min(len(RED_BASES), 3 + (len(cities) - 1) // 2)]):
        rows.append((f"RB-{k + 1:02d}", name, "red_base", place, str((200, 150, 120, 180)[k % 4]), "380"))
    rows.append(("UNI-01", f"{province}大学公共管理学院", "university", capital, "", "500"))
    rows.append(("ONL-01", f"{province}干部网络学院", "online", capital, "", "15"))
    return rows
