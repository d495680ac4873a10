"""Pinned (confirmed) assignments: kept when possible, a clear infeasibility when not."""

from __future__ import annotations

from helpers import YEAR, cadre, chosen, session, solve_checked, unit

from models import load_scenario
from optimizer.control.options import SolveOptions
from optimizer.pipeline.result import SolveStatus
from optimizer.pipeline.solve import solve


def test_pin_is_kept_even_when_dearer(make_scenario) -> None:
    folder = make_scenario(
        {
            "sessions.csv": [
                session("S1", "K1", "2020-03-02", "2020-03-13"),
                session("S2", "K1", "2020-05-04", "2020-05-15", cost_per_head="5000"),
            ],
            "pinned.csv": [{"cadre_id": "C1", "session_id": "S2"}],
        }
    )
    assert chosen(solve_checked(folder)) == {("C1", "S2")}


def test_pins_into_a_full_session_are_infeasible(make_scenario) -> None:
    # Forced infeasible: three pins into a session of two seats.
    folder = make_scenario(
        {
            "units.csv": [unit("U1"), unit("U2"), unit("U3")],
            "cadres.csv": [cadre("C1", "U1"), cadre("C2", "U2"), cadre("C3", "U3")],
            "sessions.csv": [session("S1", "K1", "2020-03-02", "2020-03-13", seats=2)],
            "pinned.csv": [{"cadre_id": c, "session_id": "S1"} for c in ("C1", "C2", "C3")],
        }
    )
    result = solve(load_scenario(folder), YEAR, SolveOptions(time_limit=5))
    assert result.status is SolveStatus.INFEASIBLE
    assert result.plan.assignments == ()
    assert [str(line) for line in result.plan.summary["explanation"]] == [
        "these hard rules cannot all hold together:",
        "  - pinned C1 -> S1",
        "  - pinned C2 -> S1",
        "  - pinned C3 -> S1",
        "  - seats session S1 (2 seats) from 2020-03-02 to 2020-03-13",
    ]


def test_pin_not_open_to_the_cadre(make_scenario) -> None:
    folder = make_scenario(
        {
            "sessions.csv": [session("S1", "K1", "2020-03-02", "2020-03-13", audience_ranks="division")],
            "pinned.csv": [{"cadre_id": "C1", "session_id": "S1"}],
        }
    )
    result = solve(load_scenario(folder), YEAR, SolveOptions(time_limit=5))
    assert result.status is SolveStatus.INFEASIBLE
    assert [str(line) for line in result.plan.summary["explanation"]] == [
        "pinned C1 -> S1: the session is not open to a staff civil_servant cadre of unit U1"
    ]
