"""The previous plan of a re-plan (``plan-annual --from``) checked against the scenario it is re-planned on.

A re-plan keeps as many of the previous plan's assignments as it can, so the
previous plan must be a plan of this scenario and this year: its
``summary.json`` names the scenario's files by content hash (``provenance``),
its year, and its assignments name cadres and sessions the scenario has, with
their courses, institutions and dates. Anything else is reported with file,
row, column and value. A plan of another scenario may still be the start when
the planner says so (``--allow-other-scenario``); its assignments of cadres or
sessions the scenario does not have are then left out.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from pathlib import Path

from models import Plan, Scenario
from models.errors import Collector, Problem

CHANGES_PREFIX = "--changes "
"""How ``provenance.files`` names the changes file of a re-plan: not part of the scenario."""


def scenario_differences(summary: Mapping[str, object], files: Mapping[str, str]) -> list[str] | None:
    """The scenario files whose content differs between the previous plan's scenario and ``files``.

    Parameters
    ----------
    summary
        The previous plan's ``summary.json``.
    files
        The scenario planned now: file name -> ``sha256:...``, as ``provenance.files`` writes them.

    Returns
    -------
    list of str or None
        Names of the files that differ or are in one scenario only (empty: the
        same scenario); ``None`` when the previous plan does not say its scenario.
    """
    provenance = summary.get("provenance")
    before = provenance.get("files") if isinstance(provenance, dict) else None
    if not isinstance(before, dict):
        return None
    was = {name: digest for name, digest in before.items() if not str(name).startswith(CHANGES_PREFIX)}
    now = {name: digest for name, digest in files.items() if not name.startswith(CHANGES_PREFIX)}
    return sorted(name for name in was.keys() | now.keys() if was.get(name) != now.get(name))


def other_scenario_problems(folder: Path, differences: list[str]) -> list[Problem]:
    """The previous plan is of another scenario: one problem per file that differs."""
    problems = Collector()
    for name in differences:
        problems.add(
            str(folder / "summary.json"),
            None,
            "provenance.files",
            name,
            "the previous plan was made on another scenario: this file differs from the scenario planned "
            "now (give --allow-other-scenario to start from it anyway)",
        )
    return problems.problems


def previous_plan_problems(
    plan: Plan,
    folder: Path,
    scenario: Scenario,
    year: int,
    *,
    added_sessions: Collection[str] = (),
    same_scenario: bool = True,
) -> list[Problem]:
    """What makes ``plan`` (read from ``folder``) no previous plan of ``scenario`` in ``year``.

    ``added_sessions`` are the sessions the previous plan's own changes file
    added (they may be gone now: their assignments are lost, not wrong). With
    ``same_scenario`` false (a plan of another scenario, allowed) only the year is checked.
    """
    problems = Collector()
    summary_file, assignments_file = str(folder / "summary.json"), str(folder / "assignments.csv")
    planned_for = plan.summary.get("year")
    if planned_for is not None and planned_for != year:
        problems.add(
            summary_file, None, "year", planned_for, f"the previous plan is for another year, not {year}"
        )
    for row, a in enumerate(plan.assignments, start=2):
        if planned_for is None and a.start.year != year:
            problems.add(assignments_file, row, "start", a.start.isoformat(), f"not in {year}, the plan year")
        if not same_scenario:
            continue
        if a.cadre_id not in scenario.cadre_by_id:
            problems.add(assignments_file, row, "cadre_id", a.cadre_id, "no such cadre in the scenario")
        session = scenario.session_by_id.get(a.session_id)
        if session is None:
            if a.session_id not in added_sessions:
                problems.add(
                    assignments_file, row, "session_id", a.session_id, "no such session in the scenario"
                )
            continue
        for column, value, expected in (
            ("course_id", a.course_id, session.course_id),
            ("institution_id", a.institution_id, session.institution_id),
            ("start", a.start, session.start),
            ("end", a.end, session.end),
        ):
            if value != expected:
                problems.add(assignments_file, row, column, value, f"session {a.session_id} has {expected}")
    return problems.problems


def unknown_assignments(plan: Plan, scenario: Scenario) -> int:
    """How many of the plan's assignments name a cadre or a session the scenario does not have."""
    return sum(
        a.cadre_id not in scenario.cadre_by_id or a.session_id not in scenario.session_by_id
        for a in plan.assignments
    )
