"""``base = "../parent"``: a scenario inherits files and settings and overrides parts of them."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from conftest import BASE_ROWS, HEADERS, write_scenario

from models import ScenarioError, load_scenario

PARENT_TOML = """name = "parent"
cycle_start = 2018

[policy]
annual_hours = 100
team_share = 0.5

[budget]
total = 100000
"""


def scenario(
    folder: Path,
    toml: str,
    tables: dict[str, list[dict[str, Any]]] | None = None,
    keep: tuple[str, ...] = tuple(HEADERS),
) -> Path:
    """A scenario folder holding ``scenario.toml`` and only the CSV files in ``keep``."""
    write_scenario(folder, tables, toml)
    for name in HEADERS:
        if name not in keep:
            (folder / name).unlink()
    return folder


def cadre(cadre_id: str, name: str = "王五") -> dict[str, Any]:
    return {**BASE_ROWS["cadres.csv"][0], "cadre_id": cadre_id, "name": name}


def test_a_child_inherits_the_files_it_lacks(tmp_path: Path) -> None:
    scenario(tmp_path / "parent", PARENT_TOML)
    child = scenario(tmp_path / "child", 'base = "../parent"\n', keep=())
    loaded = load_scenario(child)
    assert [c.cadre_id for c in loaded.cadres] == ["C1"]
    assert [s.session_id for s in loaded.sessions] == ["S1"]
    assert loaded.source == child


def test_a_child_file_replaces_the_parent_file_whole(tmp_path: Path) -> None:
    scenario(tmp_path / "parent", PARENT_TOML)
    child = scenario(
        tmp_path / "child", 'base = "../parent"\n', {"cadres.csv": [cadre("C2")]}, keep=("cadres.csv",)
    )
    loaded = load_scenario(child)
    assert [c.cadre_id for c in loaded.cadres] == ["C2"]
    assert [u.unit_id for u in loaded.units] == ["U1"]


def test_the_optional_summons_file_is_inherited_too(tmp_path: Path) -> None:
    summons = [{"cadre_id": "C1", "course_id": "K1", "organiser": "province", "reason": "点名"}]
    scenario(tmp_path / "parent", PARENT_TOML, {"summons.csv": summons})
    child = scenario(tmp_path / "child", 'base = "../parent"\n', keep=())
    assert [(s.cadre_id, s.course_id) for s in load_scenario(child).summons] == [("C1", "K1")]


def test_settings_merge_key_by_key_and_the_child_wins(tmp_path: Path) -> None:
    scenario(tmp_path / "parent", PARENT_TOML)
    toml = 'name = "child"\nbase = "../parent"\n\n[policy]\nteam_share = 0.25\n'
    loaded = load_scenario(scenario(tmp_path / "child", toml, keep=()))
    assert loaded.name == "child"
    assert loaded.cycle_start == 2018
    assert loaded.policy.team_share == 0.25
    assert loaded.policy.annual_hours == 100
    assert loaded.policy.cycle_years == 5
    assert loaded.budget_total == 100000


def test_a_child_budget_overrides_the_parent_budget(tmp_path: Path) -> None:
    scenario(tmp_path / "parent", PARENT_TOML)
    toml = 'base = "../parent"\ncycle_start = 2023\n\n[budget]\ntotal = 80000\n'
    loaded = load_scenario(scenario(tmp_path / "child", toml, keep=()))
    assert (loaded.cycle_start, loaded.budget_total, loaded.name) == (2023, 80000, "parent")


def test_a_chain_of_three_resolves_nearest_first(tmp_path: Path) -> None:
    grand_toml = 'name = "grand"\ncycle_start = 2018\n\n[policy]\nannual_hours = 80\ncycle_years = 4\n'
    scenario(tmp_path / "library" / "grand", grand_toml)
    parent_toml = 'name = "parent"\nbase = "../library/grand"\n\n[policy]\nannual_hours = 100\n'
    scenario(tmp_path / "parent", parent_toml, {"cadres.csv": [cadre("C1", "父")]}, keep=("cadres.csv",))
    child_toml = 'base = "../parent"\n'
    courses = {"courses.csv": [{"course_id": "K1", "title": "子", "theme": "theory"}]}
    child = scenario(tmp_path / "child", child_toml, courses, keep=("courses.csv",))
    loaded = load_scenario(child)
    assert loaded.name == "parent"
    assert (loaded.policy.annual_hours, loaded.policy.cycle_years) == (100, 4)
    assert loaded.cadres[0].name == "父"
    assert loaded.courses[0].title == "子"
    assert loaded.units[0].name == BASE_ROWS["units.csv"][0]["name"]


def test_two_scenarios_that_inherit_from_each_other_are_an_error(tmp_path: Path) -> None:
    scenario(tmp_path / "a", 'name = "a"\ncycle_start = 2018\nbase = "../b"\n')
    scenario(tmp_path / "b", 'base = "../a"\n', keep=())
    with pytest.raises(ScenarioError) as caught:
        load_scenario(tmp_path / "a")
    [problem] = caught.value.problems
    assert (problem.file, problem.row, problem.column, problem.value) == (
        "../b/scenario.toml",
        1,
        "base",
        "../a",
    )
    assert problem.message.endswith("in a cycle: scenario.toml -> ../b/scenario.toml -> scenario.toml")


def test_a_longer_cycle_is_an_error_too(tmp_path: Path) -> None:
    scenario(tmp_path / "a", 'cycle_start = 2018\nbase = "../b"\n')
    scenario(tmp_path / "b", 'base = "../c"\n', keep=())
    scenario(tmp_path / "c", 'base = "../b"\n', keep=())
    with pytest.raises(ScenarioError) as caught:
        load_scenario(tmp_path / "a")
    [problem] = caught.value.problems
    assert (problem.file, problem.column, problem.value) == ("../c/scenario.toml", "base", "../b")


def test_a_problem_in_an_inherited_file_names_that_file(tmp_path: Path) -> None:
    scenario(tmp_path / "parent", PARENT_TOML, {"cadres.csv": [{**cadre("C1"), "rank": "chief"}]})
    child = scenario(tmp_path / "child", 'base = "../parent"\n', keep=())
    with pytest.raises(ScenarioError) as caught:
        load_scenario(child)
    [problem] = caught.value.problems
    assert (problem.file, problem.row, problem.column, problem.value) == (
        "../parent/cadres.csv",
        2,
        "rank",
        "chief",
    )


def test_a_reference_problem_names_the_inherited_file(tmp_path: Path) -> None:
    scenario(tmp_path / "parent", PARENT_TOML)
    child = scenario(
        tmp_path / "child",
        'base = "../parent"\n',
        {"units.csv": [{"unit_id": "U2", "name": "新局"}]},
        keep=("units.csv",),
    )
    with pytest.raises(ScenarioError) as caught:
        load_scenario(child)
    [problem] = caught.value.problems
    assert (problem.file, problem.row, problem.column, problem.value) == (
        "../parent/cadres.csv",
        2,
        "unit_id",
        "U1",
    )


def test_a_bad_policy_number_is_reported_where_it_is_written(tmp_path: Path) -> None:
    scenario(tmp_path / "parent", PARENT_TOML + "\n[weights]\ncost = -1\n")
    child = scenario(tmp_path / "child", 'base = "../parent"\n\n[policy]\nannual_hours = -5\n', keep=())
    with pytest.raises(ScenarioError) as caught:
        load_scenario(child)
    where = [(p.file, p.row, p.column, p.value) for p in caught.value.problems]
    assert where == [
        ("scenario.toml", 4, "policy.annual_hours", "-5"),
        ("../parent/scenario.toml", 12, "weights.cost", "-1"),
    ]


def test_a_file_missing_from_the_whole_chain_is_named_in_the_child(tmp_path: Path) -> None:
    scenario(tmp_path / "parent", PARENT_TOML, keep=tuple(n for n in HEADERS if n != "history.csv"))
    child = scenario(tmp_path / "child", 'base = "../parent"\n', keep=())
    with pytest.raises(ScenarioError) as caught:
        load_scenario(child)
    assert [(p.file, p.message) for p in caught.value.problems] == [("history.csv", "file is missing")]
