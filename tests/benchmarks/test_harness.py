"""The benchmark harness: its checks as pure functions on hand-made counts, and one run on ``tiny``.

The checks (issue 16): (a) ours is lexicographically >= every peer; (b) no plan meets more of a tier than
ours' bound while meeting ours' counts in every tier above; (c) every plan passes the checker.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from benchmarks import run
from benchmarks.tables import instance_checks, instance_table
from benchmarks.verdicts import Bound, Target, bound_breaches, compare_lexicographic, target_misses
from benchmarks.worker import OURS, SOLVERS

TIERS = (1, 2, 3, 4, 5)


# (a) ------------------------------------------------------------------------------------------------


def test_equal_plans_are_ok_with_no_tier_named() -> None:
    same = {1: 5, 2: 9, 3: 60, 4: 100, 5: 30}
    verdict = compare_lexicographic(same, dict(same), "greedy-priority", TIERS)
    assert verdict.ok and verdict.tier is None
    assert str(verdict) == "OK    ours = greedy-priority in every tier"


def test_a_higher_tier_outweighs_every_lower_one() -> None:
    # Ours meets one more remedial (tier 2) and far fewer hours (tier 4): lexicographically ahead.
    verdict = compare_lexicographic({1: 5, 2: 10, 3: 1, 4: 0}, {1: 5, 2: 9, 3: 80, 4: 900}, "highs", TIERS)
    assert verdict.ok and (verdict.tier, verdict.ours, verdict.theirs) == (2, 10, 9)
    assert str(verdict) == "OK    ours > highs at tier 2 (10 vs 9, tier 1 equal)"


def test_a_peer_ahead_fails_at_the_first_tier_that_differs() -> None:
    ours = {1: 5, 2: 9, 3: 60, 4: 100}
    verdict = compare_lexicographic(ours, {1: 5, 2: 9, 3: 61, 4: 50}, "greedy-deadline", TIERS)
    assert not verdict.ok and (verdict.tier, verdict.ours, verdict.theirs) == (3, 60, 61)
    assert str(verdict) == "FAIL  ours < greedy-deadline at tier 3 (60 vs 61, tiers 1-2 equal)"
    first = compare_lexicographic(ours, {1: 6}, "greedy-constrained", TIERS)
    assert not first.ok and first.tier == 1 and "tiers" not in str(first)


def test_a_tier_missing_from_the_counts_is_zero_met() -> None:
    assert compare_lexicographic({1: 3}, {1: 3, 2: 0}, "peer", TIERS).tier is None
    assert not compare_lexicographic({1: 3}, {1: 3, 2: 1}, "peer", TIERS).ok


# (b) ------------------------------------------------------------------------------------------------

OURS_MET = {1: 5, 2: 9, 3: 60, 4: 100, 5: 30}
BOUNDS = [
    Bound(1, 5, "trivial"),
    Bound(2, 10, "cp-sat core"),
    Bound(3, 62, "highs lp"),
    Bound(4, None),  # no bound computed: nothing to check
    Bound(5, 30, "cp-sat"),
]


def test_bounds_hold_when_no_plan_exceeds_them() -> None:
    plans = {
        OURS: OURS_MET,
        "greedy-priority": {1: 5, 2: 9, 3: 62, 4: 80, 5: 40},  # at T3's bound; T5 not checkable (T4 differs)
        "highs": {1: 5, 2: 8, 3: 90},  # T2 below ours: T3 and lower not checkable
    }
    check = bound_breaches(OURS_MET, BOUNDS, plans, TIERS)
    assert check.ok
    assert check.checked == [
        (1, OURS),
        (1, "greedy-priority"),
        (1, "highs"),
        (2, OURS),
        (2, "greedy-priority"),
        (2, "highs"),
        (3, OURS),
        (3, "greedy-priority"),
        (5, OURS),
    ]


def test_a_plan_above_a_bound_with_the_tiers_above_equal_breaches_it() -> None:
    plans = {
        "greedy-deadline": {1: 5, 2: 9, 3: 63, 4: 10, 5: 0},  # T3 63 > 62 with T1, T2 equal
        "greedy-constrained": {1: 6, 2: 0},  # T1 6 > 5: no tier above to hold equal
        "highs": {1: 5, 2: 9, 3: 60, 4: 100, 5: 31},  # T5 31 > 30 with T1-T4 equal
    }
    check = bound_breaches(OURS_MET, BOUNDS, plans, TIERS)
    assert not check.ok
    assert [(b.bound.tier, b.plan, b.met) for b in check.breaches] == [
        (1, "greedy-constrained", 6),
        (3, "greedy-deadline", 63),
        (5, "highs", 31),
    ]
    assert str(check.breaches[1]) == (
        "FAIL  tier 3: greedy-deadline meets 63 with tiers 1-2 equal to ours, above ours' bound 62 "
        "(highs lp): the bound is wrong"
    )


def test_target_misses_name_the_figures() -> None:
    target = Target(120.0, {1: 0.005, 4: 0.02}, weighted_gap=0.01, peak_mb=6144)
    assert target_misses(target, {1: 0.0, 4: 0.019}, 0.001, 5000) == []
    assert target_misses(target, {1: 0.01, 4: None}, 0.02, 7000) == [
        "T1 1.00% > 0.5%",
        "T4 ? > 2%",
        "weighted 2.00% > 1%",
        "peak 7,000 MB > 6,144 MB",
    ]


# The rows of an instance -----------------------------------------------------------------------------


def _row(solver: str, met: dict[int, int], **more: Any) -> dict[str, Any]:
    return {
        "solver": solver,
        "status": "feasible",
        "met_by_tier": {str(t): m for t, m in met.items()},
        "owed_by_tier": {str(t): 100 for t in TIERS},
        "violations": 0,
        **more,
    }


def _ours(met: dict[int, int], bounds: dict[int, int]) -> dict[str, Any]:
    tiers = [
        {"tier": t, "met": met[t], "bound": b, "bound_source": "test", "gap": (b - met[t]) / b}
        for t, b in bounds.items()
    ]
    return _row(OURS, met, tiers=tiers, gap=0.1, gap_tier=2, weighted_gap=0.001)


MET = {1: 5, 2: 9, 3: 60, 4: 100, 5: 30}
BOUND = {1: 5, 2: 10, 3: 62, 4: 120, 5: 30}


def test_an_instance_whose_peer_is_ahead_fails_its_checks() -> None:
    rows = [
        _row("greedy-priority", {**MET, 3: 63}),  # ahead of ours at tier 3, and above its bound
        _row("highs", MET, violations=2, first_violations=["R9: too many away"]),
        {"solver": "greedy-deadline", "status": "error", "error": "killed"},
        _ours(MET, BOUND),
    ]
    checks = instance_checks(rows)
    assert not checks.ok
    assert checks.first_behind() is not None and checks.first_behind().tier == 3  # type: ignore[union-attr]
    text = "\n".join(checks.lines())
    assert "FAIL  ours < greedy-priority at tier 3 (60 vs 63, tiers 1-2 equal)" in text
    assert "FAIL  tier 3: greedy-priority meets 63" in text
    assert "FAIL  highs: 2 violations (R9: too many away)" in text
    assert "greedy-deadline: no plan (killed)" in text  # a peer without a plan is said, not failed


def test_an_instance_whose_peers_are_behind_passes() -> None:
    rows = [_row("greedy-priority", {**MET, 4: 90}), _row("highs", MET), _ours(MET, BOUND)]
    checks = instance_checks(rows)
    assert checks.ok, checks.lines()
    table = instance_table(rows)
    ours = dict(zip(table[0], table[-1], strict=True))
    assert ours["T2 met (100)"] == "9" and ours["T2 bound"] == "10" and ours["T2 gap"] == "10.00%"
    assert ours["gap (tier)"] == "10.00% (T2)" and ours["weighted gap"] == "0.10%"
    peer = dict(zip(table[0], table[1], strict=True))
    assert peer["T4 met (100)"] == "90" and peer["T4 bound"] == "-"


def test_ours_summary_disagreeing_with_the_evaluation_fails() -> None:
    ours = _ours(MET, BOUND)
    ours["tiers"][3]["met"] = 101
    checks = instance_checks([ours])
    assert not checks.ok
    assert "FAIL  tier 4: summary.json says 101 met, the evaluation 100" in "\n".join(checks.lines())


def test_strict_exits_non_zero_on_a_failed_check(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    behind = {"priority": {**MET, 2: 10}}  # the greedy in priority order is ahead at tier 2

    def fake_worker(
        solver: str, folder: Path, args: object, limit: float, memory: float | None = None
    ) -> dict[str, Any]:
        if solver == OURS:
            return _ours(MET, {**BOUND, 2: 11})
        return _row(solver, behind.get(solver.removeprefix("greedy-"), MET))

    monkeypatch.setattr(run, "run_worker", fake_worker)
    argv = ["--sizes", "default", "--out", str(tmp_path)]
    assert run.main(argv) == 0
    assert run.main([*argv, "--strict"]) == 1


@pytest.mark.parametrize(
    ("sizes", "family", "expected"),
    [
        (None, None, ["default"]),  # neither: the shipped scenario
        (None, "open", ["tiny-open", "1k-open", "city-open", "large-city-open", "province-open"]),
        ("tiny,city-open", None, ["tiny", "city-open"]),
        ("tiny,1k,city-open", "sparse", ["tiny", "1k"]),  # --sizes kept to the family
        ("tiny,tiny-open", "both", ["tiny", "tiny-open"]),
    ],
)
def test_sizes_and_families(sizes: str | None, family: str | None, expected: list[str]) -> None:
    assert run.chosen_sizes(sizes, family) == expected


@pytest.mark.parametrize(("sizes", "family"), [("tiny,huge", None), ("city", "open")])
def test_sizes_that_cannot_run_are_refused(sizes: str, family: str | None) -> None:
    with pytest.raises(ValueError):
        run.chosen_sizes(sizes, family)


# End to end ------------------------------------------------------------------------------------------


def test_the_harness_runs_every_peer_on_tiny(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    results = tmp_path / "RESULTS.md"
    argv = ["--sizes", "tiny", "--time-limit", "2", "--workers", "1", "--out", str(tmp_path)]
    code = run.main([*argv, "--results", str(results), "--strict"])
    out = capsys.readouterr().out
    rows = json.loads(next(tmp_path.glob("results-*.json")).read_text(encoding="utf-8"))["rows"]
    assert [r["solver"] for r in rows] == list(SOLVERS)
    assert all(r["status"] != "error" and r["violations"] == 0 for r in rows), rows
    for column in ["T1 met (", "T5 met (", "T1 bound", "T5 gap", "gap (tier)", "weighted gap", "cost"]:
        assert column in out
    for column in ["build s", "solve s", "wall s", "peak MB", "eligible pairs", "core pairs"]:
        assert column in out
    ours = next(r for r in rows if r["solver"] == OURS)
    assert [t["tier"] for t in ours["tiers"]] == list(TIERS)
    assert ours["cadres"] == 200 and ours["pairs"] > 0 and ours["time_limit"] == 2
    assert all(r["peak_mb"] > 0 and r["wall_s"] >= 0 for r in rows)
    checks = instance_checks(rows)
    # Guaranteed whatever the machine's speed: never behind a greedy peer, proven bounds, valid plans.
    # HiGHS may be ahead in a lower tier within a short limit: check (a) says so, and --strict exits 1.
    assert all(c.ok for c in checks.comparisons if c.peer.startswith("greedy-")), checks.lines()
    assert checks.bounds.ok and not checks.problems, checks.lines()
    assert "(a) ours >= every peer" in out and code == (0 if checks.ok else 1)
    appended = results.read_text(encoding="utf-8")
    assert "## Harness" in appended and "`python -m benchmarks.run --sizes tiny" in appended
    assert "| greedy-constrained |" in appended and "**scaling (ours)**" in appended
