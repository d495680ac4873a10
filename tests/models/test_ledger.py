"""The training ledger per cadre: cycle hours, plan-year hours, last systematic course."""

from __future__ import annotations

from datetime import date

import pytest

from models import Cadre, Category, HistoryEntry, Ledger, Policy, Rank, Scenario, Unit
from models.ledger import cycle_years


def day(text: str) -> date:
    return date.fromisoformat(text)


def row(
    start: str,
    end: str | None = None,
    hours: float = 40,
    systematic: bool = False,
    online: bool = False,
    course_id: str = "K1",
    cadre_id: str = "C1",
) -> HistoryEntry:
    return HistoryEntry(cadre_id, course_id, day(start), day(end or start), hours, systematic, online)


def ledger(*rows: HistoryEntry, year: int = 2020, policy: Policy | None = None) -> Ledger:
    cadre = Cadre("C1", "张三", "U1", Rank.DIVISION, Category.CIVIL_SERVANT)
    scenario = Scenario(
        name="ledger",
        cycle_start=2018,
        units=(Unit("U1", "局"),),
        cadres=(cadre,),
        institutions=(),
        courses=(),
        sessions=(),
        history=rows,
        policy=policy or Policy(),
    )
    return Ledger(scenario, year)


@pytest.mark.parametrize(
    ("cycle_start", "length", "year", "expected"),
    [
        (2018, 5, 2018, (2018, 2022)),  # first year of the cycle
        (2018, 5, 2020, (2018, 2022)),
        (2018, 5, 2022, (2018, 2022)),  # last year of the cycle
        (2018, 5, 2023, (2023, 2027)),  # the next cycle starts
        (2018, 5, 2017, (2013, 2017)),  # cycles repeat backwards too
        (2018, 4, 2022, (2022, 2025)),  # a 4-year cycle (policy)
    ],
)
def test_cycle_years(cycle_start: int, length: int, year: int, expected: tuple[int, int]) -> None:
    assert cycle_years(cycle_start, length, year) == expected


def test_the_ledger_knows_its_cycle() -> None:
    assert ledger(year=2023).cycle == (2023, 2027)


def test_cycle_hours_count_off_job_rows_ending_from_1_january_of_the_cycle_to_the_year_before() -> None:
    # DOMAIN.md, "Counting conventions": rows ending from 1 January of the cycle to the end of the year
    # before the plan year.
    summary = ledger(
        row("2017-12-31", hours=100),  # before the cycle
        row("2017-12-28", "2018-01-05", hours=50),  # starts before the cycle, ends in it
        row("2018-01-01", hours=8),  # first day of the cycle
        row("2019-06-03", "2019-06-07", hours=40),
        row("2019-09-02", hours=30, online=True),  # online never counts
        row("2019-12-30", "2020-01-03", hours=24),  # ends in the plan year
        row("2020-03-02", hours=16),  # the plan year itself
    )["C1"]
    assert summary.cycle_hours == 50 + 8 + 40


def test_cycle_hours_stop_at_the_plan_year() -> None:
    assert ledger(row("2019-05-06", hours=40), row("2021-05-10", hours=80))["C1"].cycle_hours == 40


def test_cycle_hours_start_again_in_a_new_cycle() -> None:
    summary = ledger(row("2022-12-05", hours=200), row("2023-01-09", hours=24), year=2024)["C1"]
    assert summary.cycle_hours == 24


def test_cycle_hours_follow_the_policy_cycle_length() -> None:
    rows = (row("2021-05-10", hours=40), row("2022-05-10", hours=24))
    assert ledger(*rows, year=2023, policy=Policy(cycle_years=4))["C1"].cycle_hours == 24


def test_year_hours_count_off_job_rows_ending_in_the_plan_year() -> None:
    summary = ledger(
        row("2019-12-30", "2020-01-03", hours=40),  # starts the year before, ends in it
        row("2020-01-06", hours=8),
        row("2020-12-31", hours=8),
        row("2020-05-11", hours=20, online=True),
        row("2021-01-04", hours=8),
    )["C1"]
    assert summary.year_hours == 40 + 8 + 8


def test_last_systematic_end_is_the_latest_off_job_systematic_row() -> None:
    summary = ledger(
        row("2016-03-01", "2016-04-30", systematic=True),
        row("2018-09-03", "2018-10-31", systematic=True),
        row("2019-05-06", "2019-05-10"),  # not systematic
        row("2019-09-02", "2019-09-30", systematic=True, online=True),  # online is never systematic
    )["C1"]
    assert summary.last_systematic_end == day("2018-10-31")
    assert summary.systematic_ends == (day("2016-04-30"), day("2018-10-31"))


def test_no_systematic_row_means_none() -> None:
    assert ledger(row("2019-05-06"))["C1"].last_systematic_end is None


def test_courses_taken_include_every_row() -> None:
    summary = ledger(row("2010-05-06", course_id="K0"), row("2019-05-06", course_id="K1", online=True))["C1"]
    assert summary.courses_taken == frozenset({"K0", "K1"})


@pytest.mark.parametrize(
    ("start", "online", "trained"),
    [
        ("2020-01-01", False, True),
        ("2020-12-31", False, True),
        ("2020-06-01", True, True),  # an online class is training too (R4)
        ("2019-12-31", False, False),
        ("2021-01-01", False, False),
    ],
)
def test_trained_in_year(start: str, online: bool, trained: bool) -> None:
    assert ledger(row(start, online=online))["C1"].trained_in_year is trained


def test_systematic_since_includes_the_day_itself() -> None:
    summary = ledger(row("2019-03-01", "2019-03-15", systematic=True))
    assert summary.systematic_since("C1", day("2019-03-15"))
    assert not summary.systematic_since("C1", day("2019-03-16"))


def test_a_cadre_without_rows_has_an_empty_ledger() -> None:
    summary = ledger(row("2019-05-06"))["C9"]
    assert (summary.cycle_hours, summary.year_hours, summary.last_systematic_end) == (0, 0, None)
    assert summary.courses_taken == frozenset()
    assert not summary.trained_in_year
