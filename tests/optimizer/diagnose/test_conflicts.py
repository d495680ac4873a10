"""Why-infeasible: the smallest set of hard-rule groups that contradict each other, in planner terms."""

from __future__ import annotations

import json

from click.testing import CliRunner
from helpers import YEAR, cadre, session, unit

from models import load_scenario
from optimizer.cli.annual import plan_annual
from optimizer.control.options import SolveOptions
from optimizer.diagnose.conflicts import find_conflict
from optimizer.pipeline.result import SolveStatus
from optimizer.pipeline.solve import solve
from optimizer.prepare.data import prepare

MARCH = "from 2020-03-02 to 2020-03-13"


def _explain(folder, strict: bool = False) -> list[str]:
    result = solve(load_scenario(folder), YEAR, SolveOptions(time_limit=10, strict_summons=strict))
    assert result.status is SolveStatus.INFEASIBLE
    assert result.plan.assignments == ()
    return [str(line) for line in result.plan.summary["explanation"]]


def test_pins_into_a_full_session(make_scenario) -> None:
    folder = make_scenario(
        {
            "units.csv": [unit("U1"), unit("U2"), unit("U3"), unit("U4")],
            "cadres.csv": [cadre("C1", "U1"), cadre("C2", "U2"), cadre("C3", "U3"), cadre("C4", "U4")],
            "sessions.csv": [
                session("S1", "K1", "2020-03-02", "2020-03-13", seats=2),
                session("S2", "K1", "2020-05-04", "2020-05-15", seats=1),
            ],
            "pinned.csv": [{"cadre_id": c, "session_id": "S1"} for c in ("C1", "C2", "C3")]
            + [{"cadre_id": "C4", "session_id": "S2"}],
        }
    )
    # C4's pin into S2 is no part of the contradiction and is left out.
    assert _explain(folder) == [
        "these hard rules cannot all hold together:",
        "  - pinned C1 -> S1",
        "  - pinned C2 -> S1",
        "  - pinned C3 -> S1",
        f"  - seats session S1 (2 seats) {MARCH}",
    ]


def test_budget_below_the_cost_of_the_summons(make_scenario) -> None:
    folder = make_scenario(
        {
            "units.csv": [unit("U1"), unit("U2")],
            "cadres.csv": [cadre("C1", "U1"), cadre("C2", "U2")],
            "sessions.csv": [session("S1", "K1", "2020-03-02", "2020-03-13", cost_per_head="5000")],
            "summons.csv": [{"cadre_id": "C1", "course_id": "K1"}],
        },
        toml='name = "t"\ncycle_start = 2018\n[budget]\ntotal = 1000\n',
    )
    # Soft summons: a plan exists, the summons is a shortfall.
    assert solve(load_scenario(folder), YEAR, SolveOptions(time_limit=5)).status is not SolveStatus.INFEASIBLE
    assert _explain(folder, strict=True) == [
        "these hard rules cannot all hold together:",
        "  - budget (R14) total 1,000 yuan",
        "  - named summons (R7) C1 -> course K1",
    ]


def test_release_cap_against_two_summons_on_the_same_dates(make_scenario) -> None:
    # Unit U1 has two cadres: at most max(1, 20% of 2) = 1 away on any day, and S1 is the only run of K1.
    folder = make_scenario(
        {
            "units.csv": [unit("U1"), unit("U2")],
            "cadres.csv": [cadre("C1", "U1"), cadre("C2", "U1"), cadre("C3", "U2")],
            "sessions.csv": [session("S1", "K1", "2020-03-02", "2020-03-13")],
            "summons.csv": [{"cadre_id": "C1", "course_id": "K1"}, {"cadre_id": "C2", "course_id": "K1"}],
        }
    )
    assert _explain(folder, strict=True) == [
        "these hard rules cannot all hold together:",
        "  - named summons (R7) C1 -> course K1",
        "  - named summons (R7) C2 -> course K1",
        f"  - release cap (R9) unit U1 (at most 1 away a day) {MARCH}",
    ]


def test_summons_of_an_unavailable_cadre_stands_alone(make_scenario) -> None:
    folder = make_scenario(
        {
            "units.csv": [unit("U1"), unit("U2")],
            "cadres.csv": [cadre("C1", "U1", unavailable="2020-03-01..2020-03-31"), cadre("C2", "U2")],
            "sessions.csv": [session("S1", "K1", "2020-03-02", "2020-03-13")],
            "summons.csv": [{"cadre_id": "C1", "course_id": "K1"}],
        }
    )
    assert _explain(folder, strict=True) == [
        "these hard rules cannot all hold together:",
        "  - named summons (R7) C1 -> course K1",
    ]


def test_every_group_of_the_conflict_is_needed(make_scenario) -> None:
    folder = make_scenario(
        {
            "units.csv": [unit("U1"), unit("U2"), unit("U3")],
            "cadres.csv": [cadre("C1", "U1"), cadre("C2", "U2"), cadre("C3", "U3")],
            "sessions.csv": [session("S1", "K1", "2020-03-02", "2020-03-13", seats=2)],
            "pinned.csv": [{"cadre_id": c, "session_id": "S1"} for c in ("C1", "C2", "C3")],
        }
    )
    conflict = find_conflict(prepare(load_scenario(folder), YEAR), seconds=10)
    assert conflict.found and conflict.minimal
    assert len(conflict.groups) == 4


def test_a_feasible_scenario_has_no_conflict(make_scenario) -> None:
    folder = make_scenario({"sessions.csv": [session("S1", "K1", "2020-03-02", "2020-03-13")]})
    assert not find_conflict(prepare(load_scenario(folder), YEAR), seconds=5).found


def test_plan_annual_exits_3_and_writes_the_explanation(make_scenario, tmp_path) -> None:
    folder = make_scenario(
        {
            "units.csv": [unit("U1"), unit("U2")],
            "cadres.csv": [cadre("C1", "U1"), cadre("C2", "U2")],
            "sessions.csv": [session("S1", "K1", "2020-03-02", "2020-03-13", seats=1)],
            "pinned.csv": [{"cadre_id": c, "session_id": "S1"} for c in ("C1", "C2")],
        }
    )
    out = tmp_path / "plan"
    args = ["--year", str(YEAR), "--scenario", str(folder), "--out", str(out), "--time-limit", "10"]
    args.append("--quiet")
    result = CliRunner().invoke(plan_annual, [*args, "--lang", "en"])
    assert result.exit_code == 3, result.output
    assert "pinned C2 -> S1" in result.output
    text = (out / "infeasibility.txt").read_text(encoding="utf-8")
    assert f"seats session S1 (1 seat) {MARCH}" in text
    assert (out / "summary.json").exists()
    # In Chinese, the filing's language and the default: the console, infeasibility.txt and summary.json.
    result = CliRunner().invoke(plan_annual, [*args, "--force"])
    assert result.exit_code == 3, result.output
    assert "确认安排:C2 -> S1" in result.output
    text = (out / "infeasibility.txt").read_text(encoding="utf-8")
    assert text.splitlines()[0] == "以下硬性规则无法同时满足:"
    assert "  - 名额:班次S1(1个名额)(2020-03-02至2020-03-13)" in text.splitlines()
    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    assert summary["explanation"] == text.splitlines()
    assert summary["conflict"]["groups"][-1]["rule"] == "seats"  # the groups' fields stay English
