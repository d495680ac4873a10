"""Who could fill a seat: the exact ranked list on a hand-made plan; each cadre listed keeps a valid plan."""

from __future__ import annotations

import pytest
from click.testing import CliRunner
from helpers import YEAR, cadre, course, history, session, unit

from models import build_plan, load_scenario, owed_obligations, write_plan
from optimizer.check import check_plan
from optimizer.cli.fill import plan_fill
from optimizer.whatif.fill import Candidate, add_to_plan, who_could_fill


@pytest.fixture
def crowd(make_scenario):
    """S (systematic K1, 4 seats, C11 in it) and cadres each kept in or out by one thing.

    Listed: C1 (summoned to K1), C2 (division, remedial R5), C3 (90 h missing), C5 (50 h missing).
    Left out: C4 unavailable in May, C6 (U6's one release slot is C12's, away in S2), C7 already
    met its hours in S3, C8 took K1 last year, C10 attends S4 on the same days, C11 is in S.
    """
    folder = make_scenario(
        {
            "units.csv": [unit(f"U{k}") for k in (1, 2, 3, 4, 5, 6, 7, 8, 10, 11)],
            "cadres.csv": [
                cadre("C1", "U1"),
                cadre("C2", "U2", rank="division"),
                cadre("C3", "U3"),
                cadre("C4", "U4", unavailable="2020-05-01..2020-05-31"),
                cadre("C5", "U5"),
                cadre("C6", "U6"),
                cadre("C7", "U7"),
                cadre("C8", "U8"),
                cadre("C10", "U10"),
                cadre("C11", "U11"),
                cadre("C12", "U6"),
            ],
            "courses.csv": [
                course("K0"),
                course("K1", systematic=True),
                course("K2"),
                course("K3"),
                course("K4"),
            ],
            "sessions.csv": [
                session("S3", "K3", "2020-03-02", "2020-03-13"),
                session("S", "K1", "2020-05-04", "2020-05-15", seats=4),
                session("S4", "K4", "2020-05-06", "2020-05-10"),
                session("S2", "K2", "2020-05-11", "2020-05-22"),
            ],
            "summons.csv": [{"cadre_id": "C1", "course_id": "K1", "organiser": "city_org", "reason": "点名"}],
            "history.csv": [
                history("C5", "K0", "2020-01-06", "2020-01-10", 40),
                history("C8", "K1", "2019-03-04", "2019-03-15", 96),
            ],
        }
    )
    scenario = load_scenario(folder)
    plan = build_plan(
        scenario, owed_obligations(scenario, YEAR), [("C11", "S"), ("C12", "S2"), ("C7", "S3"), ("C10", "S4")]
    )
    return scenario, plan


def test_the_ranked_list(crowd) -> None:
    scenario, plan = crowd
    seats = who_could_fill(scenario, YEAR, plan, "S")
    assert (seats.seats, seats.enrolled, seats.free) == (4, 1, 3)
    assert seats.candidates == [
        Candidate("C1", "R7", 1, None, 1, ("R7", "R2")),
        Candidate("C2", "R5", 2, None, 1, ("R5", "R1")),
        Candidate("C3", "R2", 4, None, 90, ("R2",)),
        Candidate("C5", "R2", 4, None, 50, ("R2",)),
    ]
    assert seats.kept_out == {"unavailable": 1, "release": 1, "taken": 1, "overlap": 1}
    assert "  2. C2: R5 remedial: no systematic course in 5 years (also R1)" in str(seats)


def test_every_listed_cadre_keeps_the_plan_valid(crowd) -> None:
    scenario, plan = crowd
    assert not check_plan(scenario, plan)
    for candidate in who_could_fill(scenario, YEAR, plan, "S").candidates:
        assert not check_plan(scenario, add_to_plan(scenario, YEAR, plan, candidate.cadre_id, "S")), candidate


def test_the_ones_left_out_would_break_a_rule(crowd) -> None:
    # The contrast: adding C6 breaks U6's release cap, C10 the no-overlap rule.
    scenario, plan = crowd
    assert {v.rule for v in check_plan(scenario, add_to_plan(scenario, YEAR, plan, "C6", "S"))} == {"R9"}
    assert {v.rule for v in check_plan(scenario, add_to_plan(scenario, YEAR, plan, "C10", "S"))} == {"R8"}


def test_a_deadline_goes_first_within_a_tier(make_scenario) -> None:
    # Both owe a remedial systematic course; C2's is due by 2020-06-30 (promoted 2019-06-30), C1's
    # has no deadline.
    folder = make_scenario(
        {
            "units.csv": [unit("U1"), unit("U2")],
            "cadres.csv": [
                cadre("C1", "U1", rank="division"),
                cadre("C2", "U2", rank="division", promoted_on="2019-06-30"),
            ],
            "courses.csv": [course("K1", systematic=True)],
            "sessions.csv": [session("S1", "K1", "2020-03-02", "2020-03-13")],
            "history.csv": [history("C2", "K0", "2018-03-05", "2018-03-16", 96, systematic=True)],
        }
    )
    scenario = load_scenario(folder)
    seats = who_could_fill(scenario, YEAR, build_plan(scenario, owed_obligations(scenario, YEAR), []), "S1")
    assert [(c.cadre_id, c.rule, str(c.deadline)) for c in seats.candidates] == [
        ("C2", "R6", "2020-06-30"),
        ("C1", "R5", "None"),
    ]


def test_a_full_session_has_no_candidates(make_scenario) -> None:
    folder = make_scenario(
        {
            "units.csv": [unit("U1"), unit("U2")],
            "cadres.csv": [cadre("C1", "U1"), cadre("C2", "U2")],
            "sessions.csv": [session("S1", "K1", "2020-03-02", "2020-03-13", seats=1)],
        }
    )
    scenario = load_scenario(folder)
    seats = who_could_fill(
        scenario, YEAR, build_plan(scenario, owed_obligations(scenario, YEAR), [("C1", "S1")]), "S1"
    )
    assert (seats.free, str(seats.note), seats.candidates) == (0, "no free seat", [])


def test_one_cadre_cannot_make_a_session_run(make_scenario) -> None:
    folder = make_scenario(
        {
            "sessions.csv": [session("S1", "K1", "2020-03-02", "2020-03-13", min_enrolment="2")],
        }
    )
    scenario = load_scenario(folder)
    seats = who_could_fill(scenario, YEAR, build_plan(scenario, owed_obligations(scenario, YEAR), []), "S1")
    assert seats.candidates == [] and "minimum enrolment 2" in str(seats.note)


def test_unknown_or_other_year_session(make_scenario) -> None:
    folder = make_scenario({"sessions.csv": [session("S1", "K1", "2021-03-01", "2021-03-12")]})
    scenario = load_scenario(folder)
    plan = build_plan(scenario, owed_obligations(scenario, YEAR), [])
    with pytest.raises(KeyError, match="S9"):
        who_could_fill(scenario, YEAR, plan, "S9")
    with pytest.raises(ValueError, match="does not start in 2020"):
        who_could_fill(scenario, YEAR, plan, "S1")


def test_plan_fill_command(crowd, tmp_path) -> None:
    scenario, plan = crowd
    write_plan(plan, tmp_path / "plan")
    runner = CliRunner()
    args = ["--year", str(YEAR), "--scenario", str(scenario.source), "--plan", str(tmp_path / "plan")]
    result = runner.invoke(plan_fill, [*args, "--session", "S", "--lang", "en"])
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[:3] == [
        "S K1 2020-05-04..2020-05-15: 1 of 4 seats taken, 3 free",
        "4 cadre(s) could take a seat, most needed first:",
        "  1. C1: R7 named summons (also R2)",
    ]
    chinese = runner.invoke(plan_fill, [*args, "--session", "S"])  # zh, as the filing, by default
    assert chinese.output.splitlines()[:3] == [
        "S K1 2020-05-04..2020-05-15:4个名额已安排1个,空余3个",
        "4名干部可以补充名额,按紧迫程度排列:",
        "  1. C1:R7 点名调训(同时满足R2)",
    ]
    unknown = runner.invoke(plan_fill, [*args, "--session", "S9"])
    assert unknown.exit_code == 2 and "unknown session 'S9'" in unknown.output
    missing = runner.invoke(
        plan_fill,
        [
            "--year",
            str(YEAR),
            "--scenario",
            str(scenario.source),
            "--plan",
            str(tmp_path / "nowhere"),
            "--session",
            "S",
        ],
    )
    assert missing.exit_code == 2 and "file missing" in missing.output
