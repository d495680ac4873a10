"""Scenario comparison: the table on a tiny scenario, plan_diff on hand-made plans, plots and the command."""

from __future__ import annotations

import math
import pickle
from pathlib import Path
from typing import Any

import matplotlib
import matplotlib.pyplot as plt
import pandas as pd
import pytest
from click.testing import CliRunner
from conftest import HEADERS
from helpers import cadre, course, institution, session, unit

from models import Assignment, Plan, Reason, Scenario, Shortfall, load_scenario
from models.variants import with_budget
from optimizer.cli.compare import plan_compare
from optimizer.whatif.compare import Comparison, compare, plan_diff, workers_per_process
from optimizer.whatif.compare_plots import plot_cost, plot_obligations
from optimizer.whatif.compare_table import RULES, TIERS, tier_differences

matplotlib.use("Agg")

YEAR = 2020
# Two staff cadres owe 90 h (R2); C1 is also summoned to K1 (R7).
# S1 gives 96 h for 12 x 100 = 1,200 yuan a head.
TINY = {
    "units.csv": [unit("U1", max_away_share="1")],
    "cadres.csv": [cadre("C1", "U1"), cadre("C2", "U1")],
    "institutions.csv": [institution("I1", cost_per_day=100)],
    "courses.csv": [course("K1")],
    "sessions.csv": [session("S1", "K1", "2020-03-02", "2020-03-13", seats=10)],
    "summons.csv": [{"cadre_id": "C1", "course_id": "K1", "organiser": "province_org", "reason": "点名调训"}],
}


@pytest.fixture
def tiny(make_scenario) -> Path:
    return make_scenario(TINY, 'name = "tiny"\ncycle_start = 2018\n\n[budget]\ntotal = 10000\n')


@pytest.fixture
def comparison(tiny: Path) -> Comparison:
    base = load_scenario(tiny)
    variants = {
        "baseline": base,
        "one seat of budget": with_budget(base, total=1500),  # C1's summons first, C2 cannot be paid for
        "no budget": with_budget(base, total=1000),  # cannot afford the session at all
    }
    return compare(variants, YEAR, time_limit=5, workers=1)


def obligations(table: pd.DataFrame, name: str) -> dict[str, tuple[int, int]]:
    row = table.loc[name]
    return {r: (row[f"{r}_met"], row[f"{r}_owed"]) for r in RULES if row[f"{r}_owed"]}


def test_the_table_has_one_row_per_scenario_with_exact_obligations(comparison: Comparison) -> None:
    table = comparison.table
    assert list(table.index) == ["baseline", "one seat of budget", "no budget"]
    assert obligations(table, "baseline") == {"R2": (2, 2), "R7": (1, 1)}
    assert obligations(table, "one seat of budget") == {"R2": (1, 2), "R7": (1, 1)}
    assert obligations(table, "no budget") == {"R2": (0, 2), "R7": (0, 1)}
    columns = ["tier1_met", "tier4_met", "cost", "budget", "sessions_run", "assignments", "cadres_trained"]
    assert table[columns].values.tolist() == [
        [1, 2, 2400, 10000, 1, 2, 2],
        [1, 1, 1200, 1500, 1, 1, 1],
        [0, 0, 0, 1000, 0, 0, 0],
    ]
    assert table["seat_fill"].tolist()[:2] == [0.2, 0.1] and math.isnan(table["seat_fill"].iloc[2])
    assert set(table["status"]) == {"optimal"}
    assert (table["seconds"] > 0).all()


def test_the_plans_are_kept_by_name_and_picklable(comparison: Comparison) -> None:
    assert comparison.plans["one seat of budget"].picks() == {("C1", "S1")}
    assert pickle.loads(pickle.dumps(comparison.runs["baseline"])).plan == comparison.plans["baseline"]


def test_parallel_processes_give_the_same_table(tiny: Path, comparison: Comparison) -> None:
    base = load_scenario(tiny)
    variants = {"baseline": base, "one seat of budget": with_budget(base, total=1500)}
    parallel = compare(variants, YEAR, time_limit=5, workers=2, processes=2)
    assert {run.workers for run in parallel.runs.values()} == {1}
    columns = [c for c in parallel.table.columns if c != "seconds"]
    pd.testing.assert_frame_equal(parallel.table[columns], comparison.table[columns].iloc[:2])


@pytest.mark.parametrize(("workers", "processes", "each"), [(2, 1, 2), (2, 2, 1), (2, 3, 1), (8, 3, 2)])
def test_processes_share_the_workers(workers: int, processes: int, each: int) -> None:
    assert workers_per_process(workers, processes) == each


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"time_limit": 0}, "time_limit"),  # no time to solve
        ({"processes": 0}, "processes"),  # no process
    ],
)
def test_compare_rejects_bad_options(tiny: Path, kwargs: dict[str, Any], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        compare({"a": load_scenario(tiny)}, YEAR, **kwargs)
    with pytest.raises(ValueError, match="at least one scenario"):
        compare({}, YEAR)


def test_the_markdown_table_writes_met_over_owed(comparison: Comparison) -> None:
    lines = comparison.to_markdown().splitlines()
    assert lines[0].startswith("| scenario | status | R1 | R2 |")
    assert lines[3].startswith("| one seat of budget | optimal | 0/0 | 1/2 | 0/0 | 0/0 | 0/0 | 0/0 | 1/1 |")
    assert "| 1,200 | 1,500 | 1 | 10.0% |" in lines[3]
    assert len(lines) == 5 + 8  # then the differences from the baseline: a title and 3 rows


def test_the_plots_return_axes_without_showing(
    comparison: Comparison, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(plt, "show", lambda *a, **k: pytest.fail("plt.show() called"))
    ax = plot_obligations(comparison)
    assert [t.get_text().split("\n")[0] for t in ax.get_xticklabels()] == ["R2", "R7"]
    assert len(ax.patches) == 2 * 3
    _, given = plt.subplots()
    assert plot_cost(comparison, ax=given) is given
    assert [round(p.get_height(), 2) for p in given.patches] == [0.24, 0.12, 0.0]
    plt.close("all")


def test_plan_compare_writes_csv_and_markdown(make_scenario, tiny: Path, tmp_path: Path) -> None:
    cheap = make_scenario(toml=f'base = "../{tiny.name}"\n\n[budget]\ntotal = 1500\n')
    for name in HEADERS:  # inherit every file of the tiny scenario
        (cheap / name).unlink()
    out = tmp_path / "out"
    args = [
        "--year",
        "2020",
        "--scenario",
        str(tiny),
        "--scenario",
        str(cheap),
        "--time-limit",
        "5",
        "--out",
        str(out),
    ]
    result = CliRunner().invoke(plan_compare, args)
    assert result.exit_code == 0, result.output
    table = pd.read_csv(out / "comparison.csv", index_col="scenario")
    assert list(table.index) == [tiny.name, cheap.name]
    assert table["R2_met"].tolist() == [2, 1]
    markdown = (out / "comparison.md").read_text(encoding="utf-8")
    assert f"| {cheap.name} | optimal | 0/0 | 1/2 |" in markdown


def test_plan_compare_exits_2_on_a_bad_scenario(tmp_path: Path) -> None:
    result = CliRunner().invoke(plan_compare, ["--year", "2020", "--scenario", str(tmp_path / "missing")])
    assert result.exit_code == 2
    assert "does not exist" in result.output


# plan_diff on hand-made plans: C1 moves to another session of K1 and gains K2, C2 (a team member)
# loses its summoned course K2, C3 keeps the two-segment run of K3 and loses an elective (its R2
# shortfall is no worse).
DIFF_TABLES = {
    "cadres.csv": [
        cadre("C1", "U1"),
        cadre("C2", "U1", rank="section", category="leadership"),
        cadre("C3", "U1"),
    ],
    "courses.csv": [course("K1"), course("K2"), course("K3")],
    "sessions.csv": [
        session("S1", "K1", "2020-03-02", "2020-03-06"),
        session("S2", "K1", "2020-04-06", "2020-04-10"),
        session("S3", "K2", "2020-05-04", "2020-05-08"),
        session("P1", "K3", "2020-06-01", "2020-06-05"),
        session("P2", "K3", "2020-07-06", "2020-07-10", segment_of="P1"),
    ],
}


def assign(scenario: Scenario, cadre_id: str, session_id: str, reason: Reason) -> Assignment:
    s = scenario.session_by_id[session_id]
    return Assignment(cadre_id, session_id, s.course_id, s.institution_id, s.start, s.end, s.hours, reason)


def test_plan_diff_lists_moved_lost_and_gained_sessions_per_cadre(make_scenario) -> None:
    scenario = load_scenario(make_scenario({**TINY, **DIFF_TABLES, "summons.csv": []}))
    H, N, E = Reason.HOURS_QUOTA, Reason.NAMED_SUMMONS, Reason.ELECTIVE
    kept = [assign(scenario, "C3", "P1", E), assign(scenario, "C3", "P2", E)]
    already = Shortfall("R2", "C3", None, 90, 40, 50, "not enough sessions")  # in both plans: not worse
    plan_a = Plan(
        YEAR,
        (
            assign(scenario, "C1", "S1", H),
            assign(scenario, "C2", "S3", N),
            assign(scenario, "C3", "S3", E),
            *kept,
        ),
        (),
        (already,),
    )
    shortfalls = (
        Shortfall("R7", "C2", None, 1, 0, 1, "all 1 sessions full"),
        Shortfall("R4", None, "U1", 1, 0, 1, "no team member could be released"),
        already,
    )
    plan_b = Plan(
        YEAR, (assign(scenario, "C1", "S2", H), assign(scenario, "C1", "S3", H), *kept), (), shortfalls
    )
    diff = plan_diff(scenario, plan_a, plan_b)
    assert diff.values.tolist() == [
        ["C1", "U1", "moved", "K1", "S1", "S2", "hours_quota", "hours quota: same course, other session"],
        ["C1", "U1", "gained", "K2", "", "S3", "hours_quota", "hours quota in B"],
        [
            "C2",
            "U1",
            "lost",
            "K2",
            "S3",
            "",
            "named_summons",
            "was named summons; worse in B: R7: all 1 sessions full; R4: no team member could be released",
        ],
        ["C3", "U1", "lost", "K2", "S3", "", "elective", "was elective; no obligation worse off in B"],
    ]
    assert plan_diff(scenario, plan_a, plan_a).empty
    assert list(plan_diff(scenario, plan_a, plan_a).columns) == list(diff.columns)


def test_a_difference_beyond_the_other_plans_bound_is_established(comparison: Comparison) -> None:
    differences = comparison.differences
    rows = {(d.variant, d.tier): d for d in differences.itertuples(index=False)}
    assert set(rows) == {("one seat of budget", 4), ("no budget", 1), ("no budget", 4)}
    one_seat = rows["one seat of budget", 4]
    assert (one_seat.met_base, one_seat.met_variant, one_seat.difference) == (2, 1, -1)
    assert one_seat.established and "one seat of budget at most 1" in one_seat.why
    assert rows["no budget", 1].established
    assert not rows["no budget", 4].established and "a tier above differs" in rows["no budget", 4].why
    assert "Differences from baseline per tier" in comparison.to_markdown()


def _tiers(**tiers: tuple[int, float]) -> dict[str, float]:
    row: dict[str, float] = {}
    for tier in TIERS:
        met, bound = tiers.get(f"t{tier}", (0, 0.0))
        row[f"tier{tier}_met"], row[f"tier{tier}_bound"] = met, bound
    return row


def test_a_difference_within_the_gaps_is_not_established() -> None:
    table = pd.DataFrame(
        {
            "baseline": _tiers(t1=(10, 10), t4=(1961, 2100)),
            "cap 20%": _tiers(t1=(10, 10), t4=(1965, 2080)),  # tighter, shows 4 more: within the gaps
            "budget +50%": _tiers(t1=(10, 10), t4=(2150, 2300)),  # above the baseline's bound
            "unbounded": _tiers(t1=(10, 10), t4=(1900, float("nan"))),
        }
    ).T
    rows = {d.variant: d for d in tier_differences(table).itertuples(index=False)}
    assert set(rows) == {"cap 20%", "budget +50%", "unbounded"}
    assert not rows["cap 20%"].established and "could meet up to 2100" in rows["cap 20%"].why
    assert rows["budget +50%"].established and "baseline at most 2100" in rows["budget +50%"].why
    assert not rows["unbounded"].established and "unbounded has no bound" in rows["unbounded"].why
    assert tier_differences(table, baseline="budget +50%").set_index("variant").loc["baseline"].established
