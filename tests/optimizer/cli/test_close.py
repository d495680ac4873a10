"""Closing 2020 of the default scenario: every obligation missed in the attendance is owed in 2021."""

from __future__ import annotations

import csv
import math
import tomllib
from pathlib import Path

import pytest
from click.testing import CliRunner

from models import ALL_RULES, Rule, Scenario, load_scenario, owed_obligations
from models.planio import read_plan
from optimizer.cli.annual import plan_annual
from optimizer.cli.close import plan_close
from optimizer.cli.obligations import plan_obligations
from scenarios import default_scenario

YEAR = 2020


@pytest.fixture(scope="module")
def planned(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("close") / "plan2020"
    args = [
        "--year",
        "2020",
        "--out",
        str(out),
        "--time-limit",
        "5",
        "--workers",
        "1",
        "--quiet",
        "--no-exports",
    ]
    result = CliRunner().invoke(plan_annual, args)
    assert result.exit_code == 0, result.output
    return out


@pytest.fixture(scope="module")
def default() -> Scenario:
    return load_scenario(default_scenario())


def _attendance(default: Scenario, plan_dir: Path) -> dict[str, tuple[str, str, str, str]]:
    """One cadre per case, from the plan: a summons, R5, R3 and R6 missed, a leader who left early."""
    plan = read_plan(plan_dir)
    owed = owed_obligations(default, YEAR, rules=ALL_RULES)
    runs: dict[str, list] = {}
    for a in plan.assignments:
        runs.setdefault(a.cadre_id, []).append(a)
    systematic = {s.session_id for s in default.sessions if default.is_systematic(s)}
    cases: dict[str, tuple[str, str, str, str]] = {}
    used: set[str] = set()
    for rule in (Rule.R7, Rule.R5, Rule.R3, Rule.R6):
        for item in owed.of_rule(rule):
            mine = runs.get(item.cadre_id or "", [])
            wanted = [
                a
                for a in mine
                if (a.course_id == item.course_id if rule is Rule.R7 else a.session_id in systematic)
            ]
            if item.cadre_id in used or not wanted or (rule is Rule.R6 and item.deadline is None):
                continue
            # Absent from every session serving it (a segmented course has several).
            cases[rule.value] = (item.cadre_id or "", wanted[0].session_id, "absent", "")
            used.add(item.cadre_id or "")
            cases.update(
                {
                    f"{rule.value}/{a.session_id}": (item.cadre_id or "", a.session_id, "absent", "")
                    for a in wanted[1:]
                }
            )
            break
    for item in owed.of_rule(Rule.R1):
        mine = [
            a for a in runs.get(item.cadre_id or "", []) if a.hours >= 16 and a.session_id not in systematic
        ]
        if (
            item.cadre_id not in used
            and mine
            and not default.is_online(default.session_by_id[mine[0].session_id])
        ):
            cases["R1"] = (item.cadre_id or "", mine[0].session_id, "left_early", str(mine[0].hours // 2))
            break
    assert {"R7", "R5", "R3", "R6", "R1"} <= set(cases), cases
    return cases


def _obligations(scenario: Path, path: Path) -> dict[tuple[str, str], dict[str, str]]:
    args = ["--year", "2021", "--scenario", str(scenario), "--csv", str(path), "--lang", "en"]
    result = CliRunner().invoke(plan_obligations, args)
    assert result.exit_code == 0, result.output
    with path.open(encoding="utf-8") as handle:
        return {(r["rule"], r["cadre_id"] or r["unit_id"], r["course_id"]): r for r in csv.DictReader(handle)}


def _cycle_hours(scenario: Scenario, cadre_id: str) -> float:
    """Off-job ledger hours ending 2018-2020, counted from the rows themselves."""
    return sum(
        e.hours
        for e in scenario.history
        if e.cadre_id == cadre_id and not e.online and 2018 <= e.end.year <= 2020
    )


def test_every_obligation_missed_in_2020_is_owed_in_2021(
    default: Scenario, planned: Path, tmp_path: Path
) -> None:
    cases = _attendance(default, planned)
    sheet = tmp_path / "attendance.csv"
    lines = ["cadre_id,session_id,status,hours,left_on,completed,note"]
    lines += [f"{c},{s},{status},{hours},,,test" for c, s, status, hours in cases.values()]
    sheet.write_text("\n".join(lines) + "\n", encoding="utf-8")
    new, as_planned = tmp_path / "2021", tmp_path / "2021-as-planned"
    for args in (["--attendance", str(sheet), "--out", str(new)], ["--out", str(as_planned)]):
        result = CliRunner().invoke(plan_close, ["--plan", str(planned), *args, "--lang", "en"])
        assert result.exit_code == 0, result.output
    owed = _obligations(new, tmp_path / "owed.csv")
    owed_as_planned = _obligations(as_planned, tmp_path / "owed-as-planned.csv")
    keys = {(rule, who) for rule, who, _ in owed}
    keys_as_planned = {(rule, who) for rule, who, _ in owed_as_planned}

    summoned, course = (
        cases["R7"][0],
        next(s.course_id for s in default.summons if s.cadre_id == cases["R7"][0]),
    )
    assert ("R7", summoned, course) in owed and ("R7", summoned, course) not in owed_as_planned
    assert ("R5", cases["R5"][0]) in keys and ("R5", cases["R5"][0]) not in keys_as_planned
    assert ("R3", cases["R3"][0]) in keys and ("R3", cases["R3"][0]) not in keys_as_planned
    # An R6 due in 2020 and missed is overdue in 2021: a strict summons (R6b).
    assert ("R6b", cases["R6"][0]) in keys
    assert ("R6b", cases["R6"][0]) not in keys_as_planned and ("R6", cases["R6"][0]) not in keys_as_planned

    leader, session_id, _, done = cases["R1"]
    closed, closed_as_planned = load_scenario(new), load_scenario(as_planned)
    missed = default.session_by_id[session_id].hours - int(done)
    assert _cycle_hours(closed, leader) == _cycle_hours(closed_as_planned, leader) - missed
    years_left = 2022 - 2021 + 1  # the cycle 2018-2022
    expected = math.ceil(max(0.0, 550 - _cycle_hours(closed, leader)) / years_left - 1e-9)
    r1 = next(r for (rule, who, _), r in owed.items() if (rule, who) == ("R1", leader))
    assert int(r1["required"]) == expected

    settings = tomllib.loads((new / "scenario.toml").read_text(encoding="utf-8"))
    assert settings["plan_year"] == 2021 and "2021" in settings["name"]
    assert {s.start.year for s in closed.sessions} == {2021} and len(closed.sessions) == len(default.sessions)
    with (new / "carried.csv").open(encoding="utf-8") as handle:
        carried = {(r["rule"], r["cadre_id"]) for r in csv.DictReader(handle)}
    assert {("R7", summoned), ("R5", cases["R5"][0]), ("R3", cases["R3"][0]), ("R1", leader)} <= carried
    report = (new / "closing.csv").read_text(encoding="utf-8")
    assert report.count("\nmissed,") == sum(1 for *_, status, _ in cases.values() if status == "absent")


@pytest.mark.slow
def test_plan_annual_2021_on_the_closed_scenario_owes_what_plan_obligations_lists(
    planned: Path, tmp_path: Path
) -> None:
    new, out = tmp_path / "2021", tmp_path / "plan2021"
    assert CliRunner().invoke(plan_close, ["--plan", str(planned), "--out", str(new)]).exit_code == 0
    args = [
        "--year",
        "2021",
        "--scenario",
        str(new),
        "--out",
        str(out),
        "--time-limit",
        "15",
        "--workers",
        "1",
    ]
    result = CliRunner().invoke(plan_annual, [*args, "--quiet", "--no-exports"])
    assert result.exit_code == 0, result.output
    summary = read_plan(out).summary
    listed = owed_obligations(load_scenario(new), 2021, rules=ALL_RULES).count_by_rule()
    assert {rule: row["owed"] for rule, row in summary["obligations"].items()} == listed
