"""Rows for hand-made rule scenarios and a solve that is always checked."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from models import load_scenario
from optimizer.check import check_plan
from optimizer.control.options import SolveOptions
from optimizer.pipeline.result import Result
from optimizer.pipeline.solve import solve

YEAR = 2020


def unit(unit_id: str, **extra: Any) -> dict[str, Any]:
    return {"unit_id": unit_id, "name": f"单位{unit_id}", "parent_id": "", **extra}


def cadre(
    cadre_id: str, unit_id: str, rank: str = "staff", category: str = "civil_servant", **extra: Any
) -> dict[str, Any]:
    return {
        "cadre_id": cadre_id,
        "name": f"干部{cadre_id}",
        "unit_id": unit_id,
        "rank": rank,
        "category": category,
        **extra,
    }


def session(
    session_id: str,
    course_id: str,
    start: str,
    end: str,
    seats: int = 10,
    institution: str = "I1",
    **extra: Any,
) -> dict[str, Any]:
    return {
        "session_id": session_id,
        "course_id": course_id,
        "institution_id": institution,
        "organiser": "city_org",
        "start": start,
        "end": end,
        "seats": str(seats),
        **extra,
    }


def course(course_id: str, systematic: bool = False, theme: str = "theory") -> dict[str, Any]:
    return {
        "course_id": course_id,
        "title": f"课程{course_id}",
        "theme": theme,
        "systematic": str(systematic).lower(),
        "theory_share": "0.6",
        "party_spirit_share": "0.3",
    }


def institution(
    institution_id: str = "I1", kind: str = "party_school", beds: str = "", cost_per_day: int = 100
) -> dict[str, Any]:
    return {
        "institution_id": institution_id,
        "name": f"机构{institution_id}",
        "kind": kind,
        "city": "江州",
        "beds": beds,
        "cost_per_day": str(cost_per_day),
    }


def history(
    cadre_id: str, course_id: str, start: str, end: str, hours: float, systematic: bool = False
) -> dict[str, Any]:
    return {
        "cadre_id": cadre_id,
        "course_id": course_id,
        "start": start,
        "end": end,
        "hours": str(hours),
        "systematic": str(systematic).lower(),
        "online": "false",
    }


def solve_checked(folder: Path, time_limit: float = 10.0) -> Result:
    """Solve a scenario folder and assert the independent checker accepts the plan."""
    scenario = load_scenario(folder)
    result = solve(scenario, YEAR, SolveOptions(time_limit=time_limit, workers=2, seed=1))
    violations = check_plan(scenario, result.plan)
    assert not violations, "\n".join(map(str, violations))
    return result


def chosen(result: Result) -> set[tuple[str, str]]:
    return {(a.cadre_id, a.session_id) for a in result.plan.assignments}


def shortfall_reasons(result: Result) -> dict[tuple[str, str], str]:
    return {(s.rule, s.cadre_id or s.unit_id or ""): s.text("en") for s in result.plan.shortfalls}
