"""The budget sweep: variants by budget, the curve of obligations met per tier, what each step bought."""

from __future__ import annotations

import math
from pathlib import Path

import matplotlib
import matplotlib.pyplot as plt
import pytest
from test_compare import TINY

from models import load_scenario
from optimizer import budget_curve, budget_sweep, compare, plot_budget_curve
from optimizer.whatif.compare import Comparison

matplotlib.use("Agg")

YEAR = 2020


@pytest.fixture
def tiny(make_scenario) -> Path:
    """Two cadres owe 90 h (R2), C1 is summoned (R7); S1 gives 96 h for 1,200 yuan a head: 1,000 yuan pays
    for nobody, 2,000 for C1 (the summons first), 3,000 for both."""
    return make_scenario(TINY, 'name = "tiny"\ncycle_start = 2018\n\n[budget]\ntotal = 10000\n')


@pytest.fixture
def sweep(tiny: Path) -> Comparison:
    variants = budget_sweep(load_scenario(tiny), 0.1, 0.3, steps=3)
    return compare(dict(reversed(variants.items())), YEAR, time_limit=5, workers=1)  # the curve sorts them


def test_the_sweep_scales_the_budget_in_even_steps(tiny: Path) -> None:
    variants = budget_sweep(load_scenario(tiny))
    assert list(variants) == ["60%", "70%", "80%", "90%", "100%", "110%", "120%"]
    assert [v.budget_total for v in variants.values()] == [6000, 7000, 8000, 9000, 10000, 11000, 12000]


@pytest.mark.parametrize(
    ("low", "high", "steps"),
    [
        (0, 1.2, 7),  # a budget of nothing
        (1.2, 0.6, 7),  # upside down
        (0.6, 1.2, 1),  # one step is no curve
    ],
)
def test_the_sweep_rejects_bad_ranges(tiny: Path, low: float, high: float, steps: int) -> None:
    with pytest.raises(ValueError, match="low"):
        budget_sweep(load_scenario(tiny), low, high, steps)


def test_a_scenario_without_a_budget_has_no_sweep(make_scenario) -> None:
    with pytest.raises(ValueError, match="no total budget"):
        budget_sweep(load_scenario(make_scenario(TINY)))


def test_the_curve_counts_each_tier_and_what_each_step_bought(sweep: Comparison) -> None:
    curve = budget_curve(sweep)
    assert list(curve.index) == ["10%", "20%", "30%"]
    assert curve["budget"].tolist() == [1000, 2000, 3000]
    assert curve["cost"].tolist() == [0, 1200, 2400]
    assert curve[["tier1_met", "tier1_owed", "tier4_met", "tier4_owed"]].values.tolist() == [
        [0, 1, 0, 2],
        [1, 1, 1, 2],
        [1, 1, 2, 2],
    ]
    assert (curve[["tier2_owed", "tier3_owed", "tier5_owed"]] == 0).all().all()
    # 1,000 yuan more is a tenth of 10,000: one obligation more is 10 per 10,000 yuan
    assert math.isnan(curve["tier1_per_10k"].iloc[0])
    assert curve["tier1_per_10k"].tolist()[1:] == [10.0, 0.0]
    assert curve["tier4_per_10k"].tolist()[1:] == [10.0, 10.0]


def test_the_plot_draws_the_tiers_owed_and_marks_the_steepest_step(
    sweep: Comparison, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(plt, "show", lambda *a, **k: pytest.fail("plt.show() called"))
    _, given = plt.subplots()
    ax = plot_budget_curve(sweep, ax=given)
    assert ax is given
    assert [t.get_text() for t in ax.get_legend().get_texts()] == [
        "tier 1: named summons and overdue remedial; most from 10% to 20%: +10.0 per 10,000 yuan",
        "tier 4: hours and the professional week; most from 10% to 20%: +10.0 per 10,000 yuan",
    ]
    tier1, tier4 = (line for line in ax.get_lines() if line.get_label().startswith("tier "))
    assert tier1.get_xdata().tolist() == [0.1, 0.2, 0.3]  # in 10,000 yuan
    assert tier1.get_ydata().tolist() == [0.0, 100.0, 100.0]
    assert tier4.get_ydata().tolist() == [0.0, 50.0, 100.0]
    thick = [line for line in ax.get_lines() if line.get_linewidth() > tier1.get_linewidth()]
    assert [line.get_xdata().tolist() for line in thick] == [[0.1, 0.2], [0.1, 0.2]]  # each tier's steepest
    assert [t.get_text() for t in ax.texts] == ["0", "1", "0", "1", "2"]  # where the count changes
    assert [t.get_text() for t in ax.get_xticklabels()] == ["10%\n0.1", "20%\n0.2", "30%\n0.3"]
    plt.close("all")
