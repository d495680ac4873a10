"""Charts of a scenario comparison: obligations met per rule, cost against budget.

Each function draws on ``ax`` (a new figure when ``None``), never calls
``plt.show()`` and returns the Axes.
"""

from __future__ import annotations

import textwrap

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.axes import Axes

from models.obligations import RULE_TITLES, Rule
from optimizer.whatif.compare import Comparison
from optimizer.whatif.compare_table import RULES

BAR_WIDTH = 0.8
"""Width of one group of bars (one rule, or all scenarios side by side)."""
BUDGET_COLOUR = "#c0392b"
LABEL_CHARS = 16
"""Tick labels (rule titles, scenario names) wrap at this many characters."""
SCENARIO_COLOURS = plt.get_cmap("tab10")


def plot_obligations(comparison: Comparison, ax: Axes | None = None) -> Axes:
    """Share of obligations met per rule, one bar per scenario in each rule's group.

    Only rules owed in at least one scenario are drawn; each bar is labelled
    with its count met.

    Parameters
    ----------
    comparison
        The comparison to draw.
    ax
        The axes to draw on; a new figure when not given.
    """
    table = comparison.table
    rules = [r for r in RULES if (table[f"{r}_owed"] > 0).any()]
    ax = ax if ax is not None else plt.figure(figsize=(10, 4.5)).add_subplot()
    x = np.arange(len(rules))
    width = BAR_WIDTH / max(1, len(table))
    for k, (name, row) in enumerate(table.iterrows()):
        met = np.array([row[f"{r}_met"] for r in rules], dtype=float)
        owed = np.array([row[f"{r}_owed"] for r in rules], dtype=float)
        share = np.divide(100 * met, owed, out=np.full_like(met, np.nan), where=owed > 0)
        bars = ax.bar(
            x - BAR_WIDTH / 2 + (k + 0.5) * width,
            share,
            width,
            label=str(name),
            color=SCENARIO_COLOURS(k % 10),
        )
        ax.bar_label(bars, labels=[f"{m:.0f}" for m in met], fontsize=7, padding=2, rotation=90)
    ax.set_xticks(x, [f"{r}\n{_wrap(RULE_TITLES[Rule(r)])}" for r in rules], fontsize=8)
    ax.set_ylim(0, 118)
    ax.set_yticks(range(0, 101, 20))
    ax.set_ylabel("obligations met (%)")
    ax.set_title(
        f"Obligations met per rule, {comparison.year} (bar labels: number met)", loc="left", fontsize=11
    )
    ax.legend(fontsize=8, loc="upper left", bbox_to_anchor=(1.01, 1.0), frameon=False)
    return ax


def _wrap(text: str, width: int = LABEL_CHARS) -> str:
    return "\n".join(textwrap.wrap(text, width)) or text


def plot_cost(comparison: Comparison, ax: Axes | None = None) -> Axes:
    """Cost of each scenario's plan, with its total budget as a red mark (when it has one).

    Parameters
    ----------
    comparison
        The comparison to draw.
    ax
        The axes to draw on; a new figure when not given.
    """
    table = comparison.table
    ax = ax if ax is not None else plt.figure(figsize=(8, 4)).add_subplot()
    x = np.arange(len(table))
    colours = [SCENARIO_COLOURS(k % 10) for k in range(len(table))]
    bars = ax.bar(x, table["cost"] / 1e4, BAR_WIDTH * 0.75, color=colours)
    ax.bar_label(bars, labels=[f"{c:,.0f}" for c in table["cost"]], fontsize=8, padding=2)
    budget = table["budget"].to_numpy(dtype=float) / 1e4
    if not np.isnan(budget).all():
        ax.hlines(
            budget, x - BAR_WIDTH / 2, x + BAR_WIDTH / 2, colors=BUDGET_COLOUR, linewidth=2, label="budget"
        )
        ax.legend(fontsize=8, loc="lower right")
    ax.set_xticks(x, [_wrap(str(name)) for name in table.index], fontsize=8)
    ax.set_ylabel("cost (10,000 yuan)")
    top = np.nanmax(np.concatenate([table["cost"].to_numpy(dtype=float) / 1e4, budget, [1.0]]))
    ax.set_ylim(0, top * 1.15)
    ax.set_title(f"Cost of the plan against the budget, {comparison.year}", loc="left", fontsize=11)
    return ax
