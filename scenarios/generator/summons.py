"""Named summons: top leaders and young cadres called to a systematic course, and two that cannot be met."""

from __future__ import annotations

import random

import numpy as np

from models.ledger import Ledger
from scenarios.generator.cadres import Cadres
from scenarios.generator.courses import SYSTEMATIC
from scenarios.generator.sessions import Session
from scenarios.generator.settings import CATEGORIES, RANKS, SECTION, STAFF
from scenarios.generator.units import Unit

SummonsRow = tuple[str, str, str, str]  # cadre_id, course_id, organiser, reason


def build_summons(
    units: list[Unit], cadres: Cadres, ledger: Ledger, sessions: list[Session], rng: random.Random
) -> list[SummonsRow]:
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
    target = max(2, round(0.025 * len(cadres.unit)))
    rows: list[SummonsRow] = []
    summoned: dict[str, int] = {}
    for i in candidates:
        if len(rows) >= target - 2:
            break
        young = bool(cadres.young[i] and not cadres.top_leader[i])
        rank, category = RANKS[cadres.rank[i]], CATEGORIES[cadres.category[i]]
        taken = ledger[Cadres.cadre_id(i)].courses_taken
        options = [
            s
            for unit_id in ["", *ancestors[cadres.unit[i]]]
            for s in by_unit.get(unit_id, [])
            if _open_to(s.ranks, rank)
            and _open_to(s.categories, category)
            and s.course_id not in taken
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
) -> list[SummonsRow]:
    """A top leader summoned to a course with no session this year; a staff cadre to a bureau-rank course."""
    rows: list[SummonsRow] = []
    for wanted, course, organiser, reason in (
        (cadres.top_leader, "SYS11", "city_org:{city}", "点名调训：一把手"),
        (cadres.rank == STAFF, "SYS01", "province_org", "点名调训：年轻干部"),
    ):
        for i in np.flatnonzero(wanted).tolist():
            cadre_id = Cadres.cadre_id(i)
            if cadre_id not in summoned and course not in ledger[cadre_id].courses_taken:
                city = units[units[cadres.unit[i]].city].unit_id
                rows.append((cadre_id, course, organiser.format(city=city), reason))
                break
    return rows


def _open_to(audience: str, value: str) -> bool:
    return not audience or value in audience.split(";")
