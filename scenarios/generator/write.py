"""Writing the scenario folder: scenario.toml and the CSV tables of the scenario contract."""

from __future__ import annotations

import csv
from collections.abc import Iterable, Sequence
from datetime import date
from pathlib import Path

from models.entities import HistoryEntry
from scenarios.generator.cadres import Cadres
from scenarios.generator.courses import COURSES
from scenarios.generator.sessions import Session
from scenarios.generator.settings import CATEGORIES, POLICY, RANKS
from scenarios.generator.summons import SummonsRow
from scenarios.generator.units import Unit


def scenario_toml(name: str, cycle_start: int, total: int, full_cost: int) -> str:
    """scenario.toml: the name, the cycle, the policy and the yearly budget."""
    quoted = name.replace("\\", "\\\\").replace('"', '\\"')
    lines = [f'name = "{quoted}"', f"cycle_start = {cycle_start}", "", "[policy]"]
    lines += [f"{key} = {_toml_value(value)}" for key, value in POLICY.items()]
    lines += [
        "",
        "[budget]",
        f"# {total / full_cost:.0%} of {full_cost} yuan, the cost of every cadre's owed"
        " off-job hours at the catalogue's average cost per seat-hour",
        f"total = {total}",
        "",
    ]
    return "\n".join(lines)


def _toml_value(value: object) -> str:
    """A policy value as TOML writes it: ``true``/``false``, a bare date, a number."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def write_tables(
    out: Path,
    units: list[Unit],
    cadres: Cadres,
    history: list[HistoryEntry],
    institutions: list[tuple[str, ...]],
    sessions: list[Session],
    summons: list[SummonsRow],
    plan_year: int,
) -> None:
    """The seven CSV tables (UTF-8, no BOM); sessions.csv has the extension column ``audience_units``."""
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
        strict=True,
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
    _write_csv(
        out / "history.csv",
        "cadre_id,course_id,start,end,hours,systematic,online",
        (
            (
                e.cadre_id,
                e.course_id,
                e.start.isoformat(),
                e.end.isoformat(),
                f"{e.hours:g}",
                _bool(e.systematic),
                _bool(e.online),
            )
            for e in history
        ),
    )


def _write_csv(path: Path, header: str, rows: Iterable[Sequence[object]]) -> None:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(header.split(","))
        writer.writerows(rows)


def _bool(value: bool) -> str:
    return "true" if value else "false"
