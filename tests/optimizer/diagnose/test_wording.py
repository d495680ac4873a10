"""The words of a run the plan does not run: cancelled below its minimum enrolment, or merely unused."""

from __future__ import annotations

from collections import Counter

from helpers import YEAR, cadre, course, session, unit

from models import build_plan, load_scenario, owed_obligations
from optimizer.diagnose.shortfalls import shortfalls
from optimizer.diagnose.wording import WORDS, counted_words
from optimizer.prepare.data import prepare
from optimizer.prepare.usage import Block


def _reason(make_scenario, min_enrolment: str) -> str:
    """The R2 shortfall reason of a staff cadre whose one open session nobody attends."""
    folder = make_scenario(
        {
            "units.csv": [unit("U1", max_away_share="1")],
            "cadres.csv": [cadre("C1", "U1")],
            "courses.csv": [course("K1")],
            "sessions.csv": [session("S1", "K1", "2020-03-02", "2020-03-06", min_enrolment=min_enrolment)],
        }
    )
    scenario = load_scenario(folder)
    plan = build_plan(scenario, owed_obligations(scenario, YEAR), [])
    (row,) = [s for s in shortfalls(prepare(scenario, YEAR), plan) if s.rule == "R2"]
    return str(row.reason)


def test_a_run_below_its_minimum_enrolment_is_counted_as_cancelled(make_scenario) -> None:
    assert _reason(make_scenario, "3") == (
        "0 of 90 h planned; of the 1 off-job session open to the cadre: 1 cancelled (below minimum enrolment)"
    )


def test_the_counted_words_of_a_cancelled_run() -> None:
    assert str(WORDS[Block.CANCELLED].counted) == "cancelled (below minimum enrolment)"
    assert str(counted_words(Counter({Block.CANCELLED: 2, Block.FULL: 1}))) == (
        "2 cancelled (below minimum enrolment); 1 full"
    )


def test_an_unused_run_without_a_minimum_is_not_called_cancelled(make_scenario) -> None:
    assert _reason(make_scenario, "") == (
        "0 of 90 h planned; 1 session (S1) still fit one at a time but together give at most 40 h "
        "of the 90 h missing (overlap, release cap or budget)"
    )
