"""Re-planning with a changes file: as few assignments moved as the rules allow, a diff with reasons."""

from __future__ import annotations

import csv
import json
from dataclasses import replace
from pathlib import Path

import pytest
from click.testing import CliRunner
from helpers import YEAR, cadre, chosen, course, session, unit

from models import build_plan, load_scenario, owed_obligations, write_plan
from models.changes import apply_changes, read_changes
from optimizer.check import check_plan
from optimizer.cli.annual import plan_annual
from optimizer.cli.check import plan_check
from optimizer.control.options import SolveOptions
from optimizer.pipeline.solve import solve
from optimizer.whatif.replan import DiffRow, diff_rows, replan

CHANGES_HEADER = "action,target,start,end,value,note\n"


@pytest.fixture
def four_cadres(make_scenario) -> Path:
    """C1 is summoned to K1 (S1 or S2); everyone owes 90 h; S3 is dear, S4 cheap.

    The previous plan (hand-made, as confirmed by the units): C1, C2 in S1,
    C3 in S2 (the only other run of K1, one seat), C4 in S3.
    """
    return make_scenario(
        {
            "units.csv": [unit(f"U{k}") for k in range(1, 5)],
            "cadres.csv": [cadre(f"C{k}", f"U{k}") for k in range(1, 5)],
            "courses.csv": [course("K1"), course("K2"), course("K3")],
            "sessions.csv": [
                session("S1", "K1", "2020-03-02", "2020-03-13", seats=2),
                session("S2", "K1", "2020-05-04", "2020-05-15", seats=1),
                session("S3", "K2", "2020-07-06", "2020-07-17", seats=2, cost_per_head="3000"),
                session("S4", "K3", "2020-09-07", "2020-09-18", seats=3, cost_per_head="600"),
            ],
            "summons.csv": [{"cadre_id": "C1", "course_id": "K1", "organiser": "city_org", "reason": "点名"}],
        }
    )


def previous_plan(scenario, picks):
    return build_plan(scenario, owed_obligations(scenario, YEAR), picks)


PREVIOUS = [("C1", "S1"), ("C2", "S1"), ("C3", "S2"), ("C4", "S3")]


def in_english(rows: list[DiffRow]) -> list[DiffRow]:
    """The diff rows with their reasons rendered in English."""
    return [replace(row, reason=str(row.reason)) for row in rows]


def write_changes(folder: Path, body: str) -> Path:
    path = folder / "changes.csv"
    path.write_text(CHANGES_HEADER + body, encoding="utf-8")
    return path


def test_cancelling_a_session_moves_its_cadres_and_as_few_others_as_possible(four_cadres) -> None:
    # S1 is cancelled. C1's summons needs S2, so C3 (there for hours only) must leave it;
    # C2 and C3 go to the cheap S4. C4 stays in the dear S3: keeping it beats the saving.
    scenario = load_scenario(four_cadres)
    before = previous_plan(scenario, PREVIOUS)
    changes = read_changes(write_changes(four_cadres, "cancel_session,S1,,,,基地关闭\n"))
    done = replan(scenario, YEAR, before, changes, SolveOptions(time_limit=10, workers=1, seed=1))
    assert not check_plan(done.scenario, done.result.plan)
    assert chosen(done.result) == {("C1", "S2"), ("C2", "S4"), ("C3", "S4"), ("C4", "S3")}
    assert in_english(done.diff) == [
        DiffRow("C1", "moved", "S1", "S2", "session S1 cancelled (changes row 2); S2 serves named summons"),
        DiffRow("C2", "moved", "S1", "S4", "session S1 cancelled (changes row 2); S4 serves hours quota"),
        DiffRow("C3", "moved", "S2", "S4", "S2: full (1 seats); S4 serves hours quota"),
    ]
    assert (done.previous, done.kept) == (4, 1)
    assert done.summary() == {
        "previous": 4,
        "kept": 1,
        "moved": 3,
        "gained": 0,
        "lost": 0,
        "cadres_changed": 3,
    }
    statuses = {s.session_id: s.status for s in done.result.plan.sessions}
    assert statuses["S1"] == "cancelled"


def test_without_keeping_the_cheaper_plan_moves_more(four_cadres) -> None:
    # The contrast that makes the test above mean something: a fresh solve sends C4 to S4 too.
    scenario = load_scenario(four_cadres)
    changes = read_changes(write_changes(four_cadres, "cancel_session,S1,,,,\n"))

    fresh = solve(apply_changes(scenario, changes), YEAR, SolveOptions(time_limit=10, workers=1, seed=1))
    assert ("C4", "S4") in chosen(fresh)


def test_diff_pairs_the_same_course_first_and_names_cadre_changes(four_cadres) -> None:
    # C4 becomes unavailable in July (loses S3, gains nothing); C2 gains S4; C3 swaps S2 for S4.
    scenario = load_scenario(four_cadres)
    changes = read_changes(write_changes(four_cadres, "add_unavailability,C4,2020-07-01,2020-07-31,,出国\n"))
    before = previous_plan(scenario, [("C3", "S2"), ("C4", "S3")])
    after = previous_plan(scenario, [("C2", "S4"), ("C3", "S4")])
    assert in_english(diff_rows(scenario, YEAR, before, after, changes)) == [
        DiffRow("C2", "gained", "", "S4", "S4 serves hours quota"),
        DiffRow(
            "C3",
            "moved",
            "S2",
            "S4",
            "S2 traded for the cadre's new sessions: keeping it would have cost another kept assignment "
            "or a higher-priority obligation; S4 serves hours quota",
        ),
        DiffRow("C4", "lost", "S3", "", "cadre C4 unavailable 2020-07-01..2020-07-31 (changes row 2)"),
    ]


def test_segmented_runs_are_compared_as_one_run(make_scenario) -> None:
    folder = make_scenario(
        {
            "courses.csv": [course("K1"), course("K2")],
            "sessions.csv": [
                session("S1a", "K1", "2020-03-02", "2020-03-06"),
                session("S1b", "K1", "2020-04-06", "2020-04-10", segment_of="S1a"),
                session("S2", "K1", "2020-06-01", "2020-06-12"),
            ],
        }
    )
    scenario = load_scenario(folder)
    rows = diff_rows(
        scenario, YEAR, previous_plan(scenario, [("C1", "S1a")]), previous_plan(scenario, [("C1", "S2")])
    )
    assert [(r.change, r.from_session, r.to_session) for r in rows] == [("moved", "S1a", "S2")]


def replan_command(scenario_dir: Path, tmp_path: Path, changes_text: str | None):
    """``plan-annual --from`` the hand-made previous plan, with a changes file if given, into tmp_path/r1."""
    scenario = load_scenario(scenario_dir)
    write_plan(previous_plan(scenario, PREVIOUS), tmp_path / "plan")
    args = [
        "--year",
        str(YEAR),
        "--scenario",
        str(scenario_dir),
        "--from",
        str(tmp_path / "plan"),
        "--out",
        str(tmp_path / "r1"),
        "--workers",
        "1",
        "--time-limit",
        "10",
        "--no-exports",
        "--quiet",
    ]
    if changes_text is not None:
        args += ["--changes", str(write_changes(tmp_path, changes_text))]
    return CliRunner().invoke(plan_annual, args)


def test_plan_annual_from_a_plan_with_changes(four_cadres, tmp_path) -> None:
    result = replan_command(four_cadres, tmp_path, "cancel_session,S1,,,,基地关闭\n")
    out, changes = tmp_path / "r1", tmp_path / "changes.csv"
    assert result.exit_code == 0, result.output
    with (out / "diff.csv").open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert [(r["cadre_id"], r["change"], r["from_session"], r["to_session"]) for r in rows] == [
        ("C1", "moved", "S1", "S2"),
        ("C2", "moved", "S1", "S4"),
        ("C3", "moved", "S2", "S4"),
    ]
    # The reasons are in the filing's language, Chinese by default.
    assert rows[0]["reason"] == "班次S1取消(变更文件第2行);S2用于点名调训"
    assert (out / "changes.csv").read_text(encoding="utf-8") == changes.read_text(encoding="utf-8")
    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    assert summary["replan"]["kept"] == 1 and summary["replan"]["moved"] == 3
    assert "kept 1 of 4 previous assignments; 3 moved, 0 gained, 0 lost" in result.output


def test_plan_check_applies_the_changes_kept_in_a_replan_folder(four_cadres, tmp_path) -> None:
    assert replan_command(four_cadres, tmp_path, "cancel_session,S1,,,,基地关闭\n").exit_code == 0
    checked = CliRunner().invoke(plan_check, [str(four_cadres), str(tmp_path / "r1")])
    assert checked.exit_code == 0, checked.output
    assert "changes of" in checked.output and "plan OK" in checked.output
    # The previous plan breaks the changed scenario: S1 is cancelled but still has its cadres.
    stale = CliRunner().invoke(
        plan_check, [str(four_cadres), str(tmp_path / "plan"), "--changes", str(tmp_path / "changes.csv")]
    )
    assert stale.exit_code == 1, stale.output


def test_plan_annual_rejects_a_bad_changes_file(four_cadres, tmp_path) -> None:
    result = replan_command(four_cadres, tmp_path, "cancel_session,S7,,,,\n")
    assert result.exit_code == 2
    assert "changes.csv, row 2, column 'target', value 'S7': unknown session" in result.output
    assert not (tmp_path / "r1").exists()


def test_plan_annual_from_a_plan_without_changes(four_cadres, tmp_path) -> None:
    # Nothing changed: every previous assignment is kept (C4 stays in the dear S3), the diff is empty.
    result = replan_command(four_cadres, tmp_path, None)
    assert result.exit_code == 0, result.output
    assert (tmp_path / "r1" / "diff.csv").read_text(
        encoding="utf-8"
    ) == "cadre_id,change,from_session,to_session,reason\n"
    assert not (tmp_path / "r1" / "changes.csv").exists()
    assert "kept 4 of 4 previous assignments; 0 moved, 0 gained, 0 lost" in result.output


def test_plan_annual_rejects_a_missing_previous_plan(four_cadres, tmp_path) -> None:
    result = CliRunner().invoke(
        plan_annual,
        [
            "--year",
            str(YEAR),
            "--scenario",
            str(four_cadres),
            "--from",
            str(tmp_path / "nowhere"),
            "--out",
            str(tmp_path / "r1"),
            "--no-exports",
            "--quiet",
        ],
    )
    assert result.exit_code == 2
    assert "assignments.csv: file missing" in result.output


def test_diff_names_the_change_behind_each_row(four_cadres) -> None:
    # Row 2 closes S2 (no seats); row 3 adds S5, a copy of S4 overlapping S3; row 4 summons C2 to K3;
    # row 5 confirms C4 in S5, which overlaps the S3 they had.
    scenario = load_scenario(four_cadres)
    changes = read_changes(
        write_changes(
            four_cadres,
            (
                "set_seats,S2,,,0,\n"
                "add_session,S5,2020-07-13,2020-07-24,from=S4,\n"
                "add_summons,C2,,,K3,\n"
                "pin,C4,,,S5,\n"
            ),
        )
    )

    changed = apply_changes(scenario, changes)
    before = previous_plan(changed, [("C3", "S2"), ("C4", "S3")])
    after = previous_plan(changed, [("C2", "S4"), ("C3", "S4"), ("C4", "S5")])
    assert in_english(diff_rows(changed, YEAR, before, after, changes)) == [
        DiffRow(
            "C2",
            "gained",
            "",
            "S4",
            "S4 serves named summons: cadre C2 summoned to course K3 (changes row 4)",
        ),
        DiffRow("C3", "moved", "S2", "S4", "seats of S2 set to 0 (changes row 2); S4 serves hours quota"),
        DiffRow(
            "C4",
            "moved",
            "S3",
            "S5",
            "makes way for S5: cadre C4 confirmed in S5 (changes row 5); "
            "S5 serves hours quota: cadre C4 confirmed in S5 (changes row 5)",
        ),
    ]
