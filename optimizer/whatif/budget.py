"""A budget sweep: the scenario at several budgets, and what each step of money buys, tier by tier.

>>> sweep = compare(budget_sweep(base, 0.6, 1.2, steps=7), 2020, time_limit=5)
>>> budget_curve(sweep)           # budget, cost, met and owed per tier, met per 10,000 yuan more
>>> plot_budget_curve(sweep)      # optimizer.whatif.budget_plot
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from models import TIER_BY_RULE, Rule, Scenario, with_budget
from optimizer.whatif.compare import Comparison

PER_YUAN = 10_000
"""Gains are counted per this many yuan (一万元)."""
TIERS = tuple(sorted(set(TIER_BY_RULE.values())))


def budget_sweep(
    scenario: Scenario, low: float = 0.6, high: float = 1.2, steps: int = 7
) -> dict[str, Scenario]:
    """The scenario at ``steps`` total budgets from ``low`` to ``high`` times its own, evenly spaced.

    Named by the share of the budget (``"60%"`` ... ``"120%"``), lowest first; for
    :func:`optimizer.whatif.compare.compare`.

    Raises
    ------
    ValueError
        When the scenario has no total budget, ``low`` is not positive or above
        ``high``, or there are fewer than two steps.
    """
    if scenario.budget_total is None:
        raise ValueError("the scenario has no total budget to sweep ([budget] total in scenario.toml)")
    if not 0 < low <= high or steps < 2:
        raise ValueError(f"give 0 < low ({low}) <= high ({high}) and at least 2 steps ({steps})")
    factors = np.linspace(low, high, steps)
    return {f"{100 * factor:.0f}%": with_budget(scenario, factor=float(factor)) for factor in factors}


def budget_curve(comparison: Comparison) -> pd.DataFrame:
    """Obligations met per tier at each budget of a sweep, and what each step up bought.

    Returns
    -------
    pandas.DataFrame
        One row per scenario, by budget (lowest first), indexed by name: ``budget``
        and ``cost`` (yuan); per tier ``t`` (1 named summons and overdue remedial,
        2 remedial, 3 leadership team and systematic, 4 hours, 5 unit indicators)
        ``tier{t}_met``, ``tier{t}_owed`` and ``tier{t}_per_10k``, the obligations
        met more than at the budget below, per 10,000 yuan of budget more (NaN on
        the first row, or when the budget did not grow).

    Raises
    ------
    ValueError
        When a scenario of the comparison has no total budget.
    """
    rows = []
    for name, run in comparison.runs.items():
        summary = run.plan.summary
        if summary.get("budget_total") is None:
            raise ValueError(f"scenario {name!r} has no total budget: a budget curve needs one in each")
        row: dict[str, object] = {"scenario": name, "budget": summary["budget_total"]}
        row["cost"] = summary["cost"]
        met, owed = _by_tier(summary.get("obligations", {}))
        for tier in TIERS:
            row[f"tier{tier}_met"], row[f"tier{tier}_owed"] = met[tier], owed[tier]
        rows.append(row)
    curve = pd.DataFrame(rows).set_index("scenario").sort_values("budget", kind="stable")
    more = curve["budget"].diff().where(lambda d: d > 0) / PER_YUAN
    for tier in TIERS:
        curve[f"tier{tier}_per_10k"] = curve[f"tier{tier}_met"].diff() / more
    return curve


def _by_tier(obligations: dict[str, dict[str, int]]) -> tuple[dict[int, int], dict[int, int]]:
    """Met and owed per tier, from a plan summary's counts by rule."""
    met, owed = dict.fromkeys(TIERS, 0), dict.fromkeys(TIERS, 0)
    for rule, counts in obligations.items():
        tier = TIER_BY_RULE[Rule(rule)]
        met[tier] += counts["met"]
        owed[tier] += counts["owed"]
    return met, owed
