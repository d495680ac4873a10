"""A plan's runs and the one diff of two plans: segments are one run, a move stays within a course."""

from __future__ import annotations

from dataclasses import replace

from helpers import YEAR, course, session

from models import build_plan, load_scenario, owed_obligations
from optimizer.whatif.runs import GAINED, LOST, MOVED, plan_runs, run_changes

SEGMENTED = {
    "courses.csv": [course("K1"), course("K2")],
    "sessions.csv": [
        session("P1", "K1", "2020-03-02", "2020-03-06"),
        session("P2", "K1", "2020-04-06", "2020-04-10", segment_of="P1"),
        session("S2", "K1", "2020-06-01", "2020-06-12"),
        session("S3", "K2", "2020-09-07", "2020-09-18"),
    ],
}


def test_the_segments_of_a_run_are_one_run(make_scenario) -> None:
    scenario = load_scenario(make_scenario(SEGMENTED))
    plan = build_plan(scenario, owed_obligations(scenario, YEAR), [("C1", "P1")])
    runs = plan_runs(scenario, plan)
    assert list(runs["C1"]) == ["P1"]
    assert (runs["C1"]["P1"].course_id, runs["C1"]["P1"].sessions) == ("K1", ("P1", "P2"))
    assert plan_runs(scenario, plan, by_course=True) == runs


def test_a_move_stays_within_a_course(make_scenario) -> None:
    # C1 leaves the segmented run for S2 (same course) and gains S3.
    scenario = load_scenario(make_scenario(SEGMENTED))
    owed = owed_obligations(scenario, YEAR)
    before = build_plan(scenario, owed, [("C1", "P1")])
    after = build_plan(scenario, owed, [("C1", "S2"), ("C1", "S3")])
    changes = [(c.cadre_id, c.change, c.from_run, c.to_run) for c in run_changes(scenario, before, after)]
    assert changes == [("C1", MOVED, "P1", "S2"), ("C1", GAINED, "", "S3")]
    back = [(c.change, c.from_run, c.to_run) for c in run_changes(scenario, after, before)]
    assert back == [(MOVED, "S2", "P1"), (LOST, "S3", "")]
    assert run_changes(scenario, before, before) == []


def test_sessions_the_scenario_lacks(make_scenario) -> None:
    # The plan was made when the segmented run was still in the catalogue.
    scenario = load_scenario(make_scenario(SEGMENTED))
    plan = build_plan(scenario, owed_obligations(scenario, YEAR), [("C1", "P1")])
    without = scenario.replace(sessions=tuple(s for s in scenario.sessions if s.group_id != "P1"))
    runs = plan_runs(without, plan)["C1"]
    assert [(r.run_id, r.course_id) for r in runs.values()] == [("P1", None), ("P2", None)]
    by_course = plan_runs(without, plan, by_course=True)["C1"]
    assert [(r.run_id, r.course_id, r.sessions) for r in by_course.values()] == [("P1", "K1", ("P1", "P2"))]


def test_read_by_course_another_session_of_the_course_is_a_move(make_scenario) -> None:
    scenario = load_scenario(make_scenario(SEGMENTED))
    plan = build_plan(scenario, owed_obligations(scenario, YEAR), [("C1", "P1")])
    partial = replace(plan, assignments=plan.assignments[:1])  # only the first segment
    assert run_changes(scenario, plan, partial) == []
    moved = run_changes(scenario, plan, partial, by_course=True)
    assert [(c.change, c.before and c.before.sessions, c.after and c.after.sessions) for c in moved] == [
        (MOVED, ("P1", "P2"), ("P1",))
    ]
