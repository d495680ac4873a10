"""The budget curve of a sweep: share of obligations met per tier against the money, and where it buys most.

Draws on ``ax`` (a new figure when ``None``), never calls ``plt.show()`` and returns the Axes.
"""

from __future__ import annotations

from typing import Any

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.axes import Axes

from optimizer.prepare.tiers import TIER_NAMES
from optimizer.whatif.budget import PER_YUAN, TIERS, budget_curve
from optimizer.whatif.compare import Comparison

TIER_COLOURS = {1: "#c0392b", 2: "#d35400", 3: "#8e44ad", 4: "#2471a3", 5: "#1e8449"}
"""One fixed colour per tier, the highest priority the warmest."""
LABEL: dict[str, Any] = {
    "size": 7,
    "bbox": {"boxstyle": "round,pad=0.1", "facecolor": "white", "edgecolor": "none", "alpha": 0.8},
}
"""A count's text, on a white box so that a line crossing it does not hide it."""


def plot_budget_curve(comparison: Comparison, ax: Axes | None = None) -> Axes:
    """Share of each tier's obligations met at each budget of a sweep (:func:`optimizer.whatif.budget_sweep`).

    One line per tier owed; each point where the number met changes is labelled with it, and
    each tier's steepest step, where 10,000 yuan more buys the most of its
    obligations, is drawn thick, with that gain in the legend.

    Parameters
    ----------
    comparison
        The solved sweep: scenarios that differ in their total budget.
    ax
        The axes to draw on; a new figure when not given.
    """
    curve = budget_curve(comparison)
    ax = ax if ax is not None else plt.figure(figsize=(10, 5)).add_subplot()
    money = curve["budget"].to_numpy(dtype=float) / PER_YUAN
    for tier in TIERS:
        owed = curve[f"tier{tier}_owed"].to_numpy(dtype=float)
        if not owed.any():
            continue
        met = curve[f"tier{tier}_met"].to_numpy(dtype=float)
        share = np.divide(100 * met, owed, out=np.full_like(met, np.nan), where=owed > 0)
        colour = TIER_COLOURS[tier]
        gains = curve[f"tier{tier}_per_10k"].to_numpy(dtype=float)
        k = _steepest(ax, money, share, gains, colour)
        label = f"tier {tier}: {TIER_NAMES[tier]}"
        if k is not None:  # said in the legend, where no line or label covers it
            label += f"; most from {curve.index[k - 1]} to {curve.index[k]}: +{gains[k]:.1f} per 10,000 yuan"
        ax.plot(money, share, marker="o", color=colour, label=label)
        changed = np.r_[True, np.diff(met) != 0]  # a flat run is labelled once, at its start
        for x, y, m in zip(money[changed], share[changed], met[changed], strict=True):
            ax.annotate(f"{m:,.0f}", (x, y), xytext=(0, 5), textcoords="offset points", ha="center", **LABEL)
    ticks = [f"{name}\n{x:,.4g}" for name, x in zip(curve.index, money, strict=True)]
    ax.set_xticks(money, ticks, fontsize=8)
    ax.set_xlabel("total budget (10,000 yuan)")
    ax.set_ylim(0, 108)
    ax.set_ylabel("obligations met (%)")
    ax.grid(axis="y", alpha=0.3)
    ax.set_title(
        f"Obligations met per tier against the budget, {comparison.year} (labels: number met)",
        loc="left",
        fontsize=11,
    )
    ax.legend(fontsize=8, loc="upper left", bbox_to_anchor=(0, -0.16), ncols=2, frameon=False)
    return ax


def _steepest(ax: Axes, money: np.ndarray, share: np.ndarray, gains: np.ndarray, colour: str) -> int | None:
    """Thicken the step where a tier gains the most per 10,000 yuan; its index (None when no step gains)."""
    if not (np.nan_to_num(gains, nan=0.0) > 0).any():
        return None
    k = int(np.nanargmax(gains))
    ax.plot(money[k - 1 : k + 1], share[k - 1 : k + 1], color=colour, linewidth=5, alpha=0.45)
    return k
