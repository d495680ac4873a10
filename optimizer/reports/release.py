"""The release view (R9): cadres of a unit away on each day against the unit's cap."""

from __future__ import annotations

import math
from collections.abc import Sequence
from datetime import date, timedelta

import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator

from models import Plan, Scenario
from optimizer.reports.fonts import Names
from optimizer.reports.labels import words
from optimizer.reports.style import (
    A4_LANDSCAPE,
    AWAY_COLOUR,
    CAP_COLOUR,
    day_number,
    new_figure,
    styled,
    year_axis,
)

NUM_BUSIEST = 9


def away_by_day(plan: Plan, scenario: Scenario) -> pd.DataFrame:
    """Cadres away per day of the plan year (off-job assignments, both ends included) per unit.

    Returns
    -------
    DataFrame
        Index: every day of ``plan.year``; one column per unit with anyone away.
    """
    first = date(plan.year, 1, 1)
    num_days = (date(plan.year + 1, 1, 1) - first).days
    units = [u.unit_id for u in scenario.units]
    column = {unit_id: k for k, unit_id in enumerate(units)}
    steps = np.zeros((num_days + 1, len(units)), dtype=np.int64)
    for a in plan.assignments:
        session = scenario.session_by_id.get(a.session_id)
        cadre = scenario.cadre_by_id.get(a.cadre_id)
        if session is None or cadre is None or scenario.is_online(session):
            continue
        start = min(max((session.start - first).days, 0), num_days)
        end = min(max((session.end - first).days + 1, 0), num_days)
        steps[start, column[cadre.unit_id]] += 1
        steps[end, column[cadre.unit_id]] -= 1
    away = np.cumsum(steps[:-1], axis=0)
    days = pd.date_range(first, periods=num_days, freq="D")
    frame = pd.DataFrame(away, index=days, columns=units)
    return frame.loc[:, frame.any(axis=0)]


def busiest_units(plan: Plan, scenario: Scenario, num_units: int = NUM_BUSIEST) -> list[str]:
    """Units closest to their cap (peak away ÷ cap), then with the most cadre-days away."""
    away = away_by_day(plan, scenario)
    score = [(away[u].max() / scenario.away_cap(u), int(away[u].sum()), u) for u in away.columns]
    score.sort(key=lambda item: (-item[0], -item[1], item[2]))
    return [u for _, _, u in score[:num_units]]


@styled
def plot_release(
    plan: Plan,
    scenario: Scenario,
    unit_id: str,
    *,
    away: pd.DataFrame | None = None,
    lang: str = "zh",
    names: Names | None = None,
    ax: Axes | None = None,
) -> Axes:
    """Cadres of ``unit_id`` away per day (step area) against its R9 cap (dashed line).

    Days above the cap (only in a plan that breaks R9) are marked in red.
    ``away`` is :func:`away_by_day` when already computed.
    """
    word = words(lang)
    names = names or Names()
    if ax is None:
        ax = new_figure((A4_LANDSCAPE[0], A4_LANDSCAPE[1] / 2)).add_subplot()
    away = away if away is not None else away_by_day(plan, scenario)
    first = date(plan.year, 1, 1)
    counts = away[unit_id].to_numpy() if unit_id in away.columns else np.zeros(len(away), dtype=int)
    # One extra point closes the last day's step at 1 January of the next year.
    x = [day_number(first + timedelta(days=k)) for k in range(len(counts) + 1)]
    y = np.append(counts, counts[-1] if len(counts) else 0)
    cap = scenario.away_cap(unit_id)
    ax.fill_between(x, y, step="post", color=AWAY_COLOUR, alpha=0.35, linewidth=0)
    ax.step(x, y, where="post", color=AWAY_COLOUR, linewidth=0.9, label=word["away"])
    ax.axhline(cap, color=CAP_COLOUR, linestyle="--", linewidth=1.0, label=word["cap"])
    over = y > cap
    if over.any():
        ax.fill_between(
            x, cap, y, where=over, step="post", color=CAP_COLOUR, alpha=0.6, label=word["over_cap"]
        )
    year_axis(ax, plan.year, lang)
    ax.set_ylim(0, max(cap, int(y.max()) if len(y) else 0) * 1.25 + 0.5)
    ax.yaxis.set_major_locator(MaxNLocator(integer=True, nbins=4))
    unit = scenario.unit_by_id[unit_id]
    headcount = len(scenario.cadres_by_unit[unit_id])
    title = word["release_unit"].format(name=names(unit.name, unit_id), headcount=headcount, cap=cap)
    ax.set_title(title, loc="left")
    return ax


@styled
def plot_release_grid(
    plan: Plan,
    scenario: Scenario,
    unit_ids: Sequence[str] | None = None,
    *,
    num_units: int = NUM_BUSIEST,
    lang: str = "zh",
    names: Names | None = None,
) -> Figure:
    """Small multiples of :func:`plot_release` on an A4 landscape page, the busiest units by default."""
    word = words(lang)
    names = names or Names()
    unit_ids = list(unit_ids) if unit_ids is not None else busiest_units(plan, scenario, num_units)
    num_cols = 1 if len(unit_ids) <= 3 else 2 if len(unit_ids) <= 8 else 3
    num_rows = max(1, math.ceil(len(unit_ids) / num_cols))
    fig = new_figure(A4_LANDSCAPE)
    axes = fig.subplots(num_rows, num_cols, squeeze=False, sharex=True)
    away = away_by_day(plan, scenario)
    for ax, unit_id in zip(axes.flat, unit_ids, strict=False):
        plot_release(plan, scenario, unit_id, away=away, lang=lang, names=names, ax=ax)
    for ax in axes.flat[len(unit_ids) :]:
        ax.set_visible(False)
    handles, labels = axes.flat[0].get_legend_handles_labels()
    fig.legend(handles, labels, loc="outside upper right", ncol=len(handles), frameon=False)
    fig.suptitle(word["release_title"].format(year=plan.year), x=0.01, ha="left")
    return fig
