"""Settings and ledger column of issue 15: the R3b, R6b, R16, R17, R12 policy; history institution_id."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from models import Policy, ScenarioError, load_scenario, with_policy

TOML = 'name = "tiny"\ncycle_start = 2018\n'
POLICY = TOML + "[policy]\n"  # a setting below it is on line 4


def test_defaults_are_those_of_domain_md(make_scenario: Callable[..., Path]) -> None:
    policy = load_scenario(make_scenario(indicators=True)).policy
    assert policy == Policy()
    assert (
        policy.systematic_cycle_hours,
        policy.overdue_as_summons,
        policy.young_deadline,
        policy.professional_week_days,
        policy.online_hours_per_year,
    ) == (367, True, date(2021, 12, 31), 5, None)


def test_every_new_setting_is_read_from_the_policy_table(make_scenario: Callable[..., Path]) -> None:
    toml = POLICY + (
        "systematic_cycle_hours = 400\n"
        "overdue_as_summons = false\n"
        "young_deadline = 2022-06-30\n"  # a TOML date
        "professional_week_days = 4\n"
        "online_hours_per_year = 12.5\n"
    )
    policy = load_scenario(make_scenario(toml=toml)).policy
    assert policy.systematic_cycle_hours == 400 and isinstance(policy.systematic_cycle_hours, int)
    assert policy.overdue_as_summons is False
    assert policy.young_deadline == date(2022, 6, 30)
    assert policy.professional_week_days == 4
    assert policy.online_hours_per_year == 12.5


@pytest.mark.parametrize(
    ("written", "expected"),
    [
        ('"2022-06-30"', date(2022, 6, 30)),  # the date as text
        ("2024-02-29", date(2024, 2, 29)),  # a leap day
        ('" 2021-12-31 "', date(2021, 12, 31)),  # blanks around the text
    ],
)
def test_young_deadline_as_a_date_or_text(
    make_scenario: Callable[..., Path], written: str, expected: date
) -> None:
    toml = POLICY + f"young_deadline = {written}\n"
    assert load_scenario(make_scenario(toml=toml)).policy.young_deadline == expected


@pytest.mark.parametrize(
    ("written", "expected"),
    [("true", True), ("false", False), ("0", False), ("1", True), ('"false"', False), ('"TRUE"', True)],
)
def test_overdue_as_summons_spellings(
    make_scenario: Callable[..., Path], written: str, expected: bool
) -> None:
    # TOML booleans, and the CSV files' spellings (1/0, true/false in quotes)
    toml = POLICY + f"overdue_as_summons = {written}\n"
    assert load_scenario(make_scenario(toml=toml)).policy.overdue_as_summons is expected


def bad(key: str, written: str, value: str, fragment: str) -> Any:
    return pytest.param(key, written, value, fragment, id=f"{key}={written}")


@pytest.mark.parametrize(
    ("key", "written", "value", "fragment"),
    [
        # a switch written as a word the contract does not know
        bad("overdue_as_summons", '"maybe"', "maybe", "expected true or false"),
        # a switch written as a number other than 1 or 0
        bad("overdue_as_summons", "2", "2", "expected true or false"),
        # a day that is not in the calendar
        bad("young_deadline", '"2021-02-29"', "2021-02-29", "no such day"),
        # a date written the other way round
        bad("young_deadline", '"31/12/2021"', "31/12/2021", "YYYY-MM-DD"),
        # a date with a time of day (TOML reads it as a datetime)
        bad("young_deadline", "2021-12-31T18:00:00", "2021-12-31 18:00:00", "without a time"),
        # a year as a number
        bad("young_deadline", "2021", "2021", "expected a date"),
        # a year out of range
        bad("young_deadline", "1900-12-31", "1900-12-31", "year outside"),
        # hours below zero
        bad("systematic_cycle_hours", "-1", "-1", "cannot be negative"),
        # hours as a fraction where whole hours are expected
        bad("systematic_cycle_hours", "366.5", "366.5", "whole number"),
        # a course of zero days would let any professional session count
        bad("professional_week_days", "0", "0", "at least 1"),
        # more days than a year
        bad("professional_week_days", "400", "400", "at most 366"),
        # an optional number written as text
        bad("online_hours_per_year", '"ten"', "ten", "expected a number"),
        # an optional number below zero
        bad("online_hours_per_year", "-5", "-5", "cannot be negative"),
    ],
)
def test_a_bad_new_setting_names_file_line_key_and_value(
    make_scenario: Callable[..., Path], key: str, written: str, value: str, fragment: str
) -> None:
    folder = make_scenario(toml=POLICY + f"{key} = {written}\n")
    with pytest.raises(ScenarioError) as caught:
        load_scenario(folder)
    found = [
        p for p in caught.value.problems if (p.file, p.row, p.column) == ("scenario.toml", 4, f"policy.{key}")
    ]
    assert found, str(caught.value)
    assert found[0].value == value
    assert fragment in found[0].message


def test_a_bad_setting_in_a_base_is_reported_at_the_base(make_scenario: Callable[..., Path]) -> None:
    base = make_scenario(toml=POLICY + 'young_deadline = "soon"\n')
    child = make_scenario(toml=TOML + f'base = "../{base.name}"\n')
    with pytest.raises(ScenarioError) as caught:
        load_scenario(child)
    (problem,) = [p for p in caught.value.problems if p.column == "policy.young_deadline"]
    assert (problem.file, problem.row, problem.value) == (f"../{base.name}/scenario.toml", 4, "soon")


def test_with_policy_reads_the_new_settings(make_scenario: Callable[..., Path]) -> None:
    scenario = load_scenario(make_scenario(indicators=True))
    variant = with_policy(
        scenario, overdue_as_summons=False, young_deadline="2022-12-31", online_hours_per_year=10
    )
    assert variant.policy.overdue_as_summons is False
    assert variant.policy.young_deadline == date(2022, 12, 31)
    assert variant.policy.online_hours_per_year == 10.0
    assert with_policy(variant, online_hours_per_year=None).policy.online_hours_per_year is None
    with pytest.raises(ValueError, match="expected true or false"):
        with_policy(scenario, overdue_as_summons="maybe")
    with pytest.raises(ValueError, match="no such day"):
        with_policy(scenario, young_deadline="2021-02-29")
    with pytest.raises(ValueError, match="expected a number"):
        with_policy(scenario, systematic_cycle_hours=None)  # only the optional number may be unset


# --- history.csv: the optional institution_id ------------------------------------------------


def ledger_row(**changes: str) -> dict[str, str]:
    row = {"cadre_id": "C1", "course_id": "K0", "start": "2019-05-06", "end": "2019-05-10", "hours": "40"}
    return {**row, **changes}


def test_institution_id_is_read_and_may_name_a_school_outside_the_scenario(
    make_scenario: Callable[..., Path],
) -> None:
    rows = [
        ledger_row(institution_id="I1"),  # in institutions.csv
        ledger_row(institution_id="PROV-PS"),  # the provincial party school, not in the scenario's list
        ledger_row(),  # not given
    ]
    scenario = load_scenario(make_scenario(tables={"history.csv": rows}))
    assert [e.institution_id for e in scenario.history] == ["I1", "PROV-PS", None]
    assert all(e.extra == () for e in scenario.history)  # a contract column, not an extra one


def test_a_bad_institution_id_in_the_ledger_names_row_and_column(make_scenario: Callable[..., Path]) -> None:
    folder = make_scenario(tables={"history.csv": [ledger_row(), ledger_row(institution_id="市委 党校")]})
    with pytest.raises(ScenarioError) as caught:
        load_scenario(folder)
    (problem,) = caught.value.problems
    assert (problem.file, problem.row, problem.column, problem.value) == (
        "history.csv",
        3,
        "institution_id",
        "市委 党校",
    )
    assert "plain ASCII" in problem.message
