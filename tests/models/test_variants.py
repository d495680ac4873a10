"""Variants: one call on an immutable scenario returns a new one; folder variants inherit via ``base =``."""

from __future__ import annotations

import copy
import dataclasses
import tomllib
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from conftest import BASE_ROWS

from models import Scenario, load_scenario
from models.variants import (
    add_sessions_like,
    close_institution,
    sessions_closed,
    with_budget,
    with_extra_sessions,
    with_policy,
    with_seats,
    without_sessions,
)

ROOT = Path(__file__).resolve().parents[2]
VARIANT = ROOT / "scenarios" / "variants" / "budget_minus_20"
DEFAULT = ROOT / "scenarios" / "default"


def session(session_id: str, start: str, end: str, institution: str = "I1", **extra: Any) -> dict[str, Any]:
    return {
        "session_id": session_id,
        "course_id": "K1",
        "institution_id": institution,
        "organiser": "city_org",
        "start": start,
        "end": end,
        "seats": "10",
        **extra,
    }


TABLES = {
    "units.csv": [{"unit_id": "U1", "name": "测试局", "parent_id": "", "budget": "5000"}],
    "institutions.csv": [
        *BASE_ROWS["institutions.csv"],
        {
            "institution_id": "RB",
            "name": "红色教育基地",
            "kind": "red_base",
            "city": "江州",
            "beds": "",
            "cost_per_day": "200",
        },
    ],
    "sessions.csv": [
        session("S1", "2020-03-02", "2020-03-13"),
        session("S2", "2020-04-06", "2020-04-10", "RB"),  # in the spring closure
        session("S3", "2020-05-30", "2020-06-02", "RB"),  # overlaps the closure's last day
        session("S4", "2020-06-08", "2020-06-12", "RB"),  # after it
        session("P1", "2020-09-01", "2020-09-04", min_enrolment="3"),  # a run of two segments
        session("P2", "2020-10-12", "2020-10-15", segment_of="P1"),
    ],
}


@pytest.fixture
def scenario(make_scenario) -> Scenario:
    toml = 'name = "tiny"\ncycle_start = 2018\n\n[budget]\ntotal = 10000\n'
    return load_scenario(make_scenario(TABLES, toml))


def ids(scenario: Scenario) -> list[str]:
    return [s.session_id for s in scenario.sessions]


VARIANTS = [
    pytest.param(lambda s: with_policy(s, max_away_share=0.2, annual_hours=80), id="with_policy"),
    pytest.param(lambda s: with_budget(s, factor=0.8, units=True), id="with_budget"),
    pytest.param(lambda s: add_sessions_like(s, "P1", 2, 7), id="add_sessions_like"),
    pytest.param(lambda s: without_sessions(s, ["S1"]), id="without_sessions"),
    pytest.param(
        lambda s: close_institution(s, "RB", date(2020, 3, 1), date(2020, 5, 31)), id="close_institution"
    ),
    pytest.param(lambda s: with_seats(s, "S1", 3), id="with_seats"),
]


@pytest.mark.parametrize("make", VARIANTS)
def test_a_variant_is_a_new_scenario_and_the_original_is_untouched(scenario: Scenario, make) -> None:
    before = copy.deepcopy(scenario)
    variant = make(scenario)
    assert isinstance(variant, Scenario)
    assert variant is not scenario
    assert variant != scenario
    assert scenario == before


def test_with_policy_changes_only_the_named_numbers(scenario: Scenario) -> None:
    variant = with_policy(scenario, max_away_share=0.2, annual_hours=80)
    assert (variant.policy.max_away_share, variant.policy.annual_hours) == (0.2, 80)
    assert isinstance(variant.policy.annual_hours, int)
    assert variant.policy.team_share == scenario.policy.team_share
    assert variant.sessions is scenario.sessions


@pytest.mark.parametrize(
    ("numbers", "message"),
    [
        ({"max_away": 0.2}, "unknown policy setting"),  # misspelt field
        ({"max_away_share": 1.5}, "share from 0 to 1"),  # a share above 1
        ({"annual_hours": -1}, "negative"),  # negative hours
        ({"annual_hours": 80.5}, "whole number"),  # fraction of a whole-number field
        ({"team_share": "0.2"}, "expected a number"),  # text, not a number
    ],
)
def test_with_policy_rejects_bad_numbers(scenario: Scenario, numbers: dict[str, Any], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        with_policy(scenario, **numbers)


def test_with_budget_sets_or_scales_the_total(scenario: Scenario) -> None:
    assert with_budget(scenario, total=7000).budget_total == 7000
    scaled = with_budget(scenario, factor=0.8)
    assert scaled.budget_total == 8000
    assert scaled.units == scenario.units
    assert with_budget(scenario, factor=0.8, units=True).unit_by_id["U1"].budget == 4000


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({}, "exactly one"),  # neither
        ({"total": 1, "factor": 0.5}, "exactly one"),  # both
        ({"total": -1}, "non-negative"),  # negative total
        ({"factor": -0.2}, "non-negative"),  # negative factor
    ],
)
def test_with_budget_rejects_bad_input(scenario: Scenario, kwargs: dict[str, Any], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        with_budget(scenario, **kwargs)


def test_a_budget_factor_needs_a_budget(scenario: Scenario) -> None:
    with pytest.raises(ValueError, match="no total budget"):
        with_budget(scenario.replace(budget_total=None), factor=0.8)


def test_add_sessions_like_copies_the_whole_run_on_later_dates(scenario: Scenario) -> None:
    variant = add_sessions_like(scenario, "P2", count=2, shift_days=7)
    added = variant.sessions[len(scenario.sessions) :]
    assert [(s.session_id, s.start, s.end, s.segment_of) for s in added] == [
        ("P1-extra1", date(2020, 9, 8), date(2020, 9, 11), None),
        ("P2-extra1", date(2020, 10, 19), date(2020, 10, 22), "P1-extra1"),
        ("P1-extra2", date(2020, 9, 15), date(2020, 9, 18), None),
        ("P2-extra2", date(2020, 10, 26), date(2020, 10, 29), "P1-extra2"),
    ]
    assert all((s.course_id, s.seats, s.min_enrolment) == ("K1", 10, 3) for s in added[::2])
    again = add_sessions_like(variant, "P1", count=1, shift_days=1)
    assert [s.session_id for s in again.sessions[len(variant.sessions) :]] == ["P1-extra3", "P2-extra3"]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("S9", 1, 7), "unknown session.*S9"),  # unknown id
        (("S1", 0, 7), "at least 1"),  # no copy
        (("S1", 2, 0), "at least 1"),  # same dates
        (("P1", 3, 60), "another year"),  # the third copy would start in 2021
    ],
)
def test_add_sessions_like_rejects_bad_input(scenario: Scenario, args: tuple[Any, ...], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        add_sessions_like(scenario, *args)


def test_with_extra_sessions_checks_ids_and_references(scenario: Scenario) -> None:
    template = scenario.session_by_id["S1"]
    new = dataclasses.replace(template, session_id="S9")
    assert ids(with_extra_sessions(scenario, [new]))[-1] == "S9"
    with pytest.raises(ValueError, match="already used: S1"):
        with_extra_sessions(scenario, [template])
    bad = dataclasses.replace(new, course_id="K9", institution_id="I9")
    with pytest.raises(ValueError, match="unknown course 'K9'.*unknown institution 'I9'"):
        with_extra_sessions(scenario, [bad])


def test_without_sessions_removes_whole_runs_and_names_unknown_ids(scenario: Scenario) -> None:
    assert ids(without_sessions(scenario, ["S1", "P2"])) == ["S2", "S3", "S4"]
    with pytest.raises(ValueError, match="unknown session.*X1, X2"):
        without_sessions(scenario, ["S1", "X1", "X2"])


def test_close_institution_removes_the_sessions_overlapping_the_closure(scenario: Scenario) -> None:
    assert sessions_closed(scenario, "RB", "2020-03-01", "2020-05-31") == ("S2", "S3")
    variant = close_institution(scenario, "RB", date(2020, 3, 1), date(2020, 5, 31))
    assert ids(variant) == ["S1", "S4", "P1", "P2"]
    assert sessions_closed(scenario, "I1", "2020-10-15", "2020-10-15") == ("P1", "P2")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("RB9", "2020-03-01", "2020-05-31"), "unknown institution 'RB9'"),  # unknown id
        (("RB", "2020-05-31", "2020-03-01"), "ends 2020-03-01 before"),  # reversed dates
        (("RB", "spring", "2020-05-31"), "expected a date"),  # not a date
    ],
)
def test_close_institution_rejects_bad_input(
    scenario: Scenario, args: tuple[str, str, str], message: str
) -> None:
    with pytest.raises(ValueError, match=message):
        close_institution(scenario, *args)


def test_with_seats_changes_one_session(scenario: Scenario) -> None:
    variant = with_seats(scenario, "S1", 25)
    assert variant.session_by_id["S1"].seats == 25
    others = [s for s in scenario.sessions if s.session_id != "S1"]
    assert [s for s in variant.sessions if s.session_id != "S1"] == others
    with pytest.raises(ValueError, match="unknown session.*S9"):
        with_seats(scenario, "S9", 5)
    with pytest.raises(ValueError, match="at least 3"):
        with_seats(scenario, "P1", 2)  # below its minimum enrolment


def test_a_folder_variant_inherits_and_its_overrides_win(make_scenario, tmp_path: Path) -> None:
    parent_toml = (
        'name = "parent"\ncycle_start = 2018\n\n[policy]\nmax_away_share = 0.3\nannual_hours = 100\n'
    )
    parent = make_scenario(TABLES, parent_toml)
    child = tmp_path / "variants" / "cap20"
    child.mkdir(parents=True)
    (child / "scenario.toml").write_text(
        f'name = "cap 20%"\nbase = "../../{parent.name}"\n\n[policy]\nmax_away_share = 0.2\n',
        encoding="utf-8",
    )
    sessions = (
        "session_id,course_id,institution_id,organiser,start,end,seats\n"
        "S1,K1,I1,city_org,2020-03-02,2020-03-13,40\n"
    )
    (child / "sessions.csv").write_text(sessions, encoding="utf-8")
    base, variant = load_scenario(parent), load_scenario(child)
    assert variant.name == "cap 20%"
    assert variant.policy == with_policy(base, max_away_share=0.2).policy  # the child's number wins
    assert variant.policy.annual_hours == 100  # the parent's number is kept
    assert ids(variant) == ["S1"] and variant.session_by_id["S1"].seats == 40  # the child's file wins
    assert (variant.units, variant.cadres, variant.courses) == (base.units, base.cadres, base.courses)


@pytest.mark.skipif(not (DEFAULT / "scenario.toml").exists(), reason="the default scenario is not generated")
def test_the_shipped_budget_variant_is_the_default_with_a_lower_budget() -> None:
    base, variant = load_scenario(DEFAULT), load_scenario(VARIANT)
    total = tomllib.loads((VARIANT / "scenario.toml").read_text(encoding="utf-8"))["budget"]["total"]
    assert variant.budget_total == total
    assert base.budget_total is not None
    assert total < base.budget_total  # 0.8 x the default's total when the default was last generated
    assert variant.replace(name=base.name, source=base.source) == base.replace(budget_total=total)
