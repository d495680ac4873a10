"""The release overview (R9): a row per unit, a cell per week shaded by the week's peak against the cap.

The release view (:mod:`optimizer.reports.release`) draws a few of the busiest
units day by day; a city has a hundred units or more, and each must find its
own busy weeks. Here every unit with cadres gets one row, grouped under its
county or department (the units just below the root), 60 rows to a page.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.colors import BoundaryNorm, ListedColormap
from matplotlib.patches import Patch

from models import Plan, Scenario
from models.indicators import tree_order
from optimizer.reports.fonts import Names
from optimizer.reports.labels import words
from optimizer.reports.release import away_by_day
from optimizer.reports.style import (
    A4_LANDSCAPE,
    day_number,
    new_axes,
    page_axes,
    page_title,
    paginate,
    row_spans,
    styled,
    year_axis,
)

MAX_ROWS_PER_PAGE = 60
NAME_CHARS = 14
SHARE_BOUNDS = (0.0, 1e-9, 0.5, 0.8, 1.0 - 1e-9, 1.0 + 1e-9, np.inf)
"""Peak away ÷ cap: nobody, up to half, up to 80%, below the cap, at the cap, over it (a broken plan only)."""
SHARE_COLOURS = ("#ffffff", "#dbe6f4", "#9db9e0", "#5b86c5", "#1f4e79", "#c0392b")


@dataclass(frozen=True)
class UnitRow:
    """One row of the overview: a unit with cadres, and the group it is drawn under."""

    unit_id: str
    group_id: str


def unit_rows(scenario: Scenario) -> list[UnitRow]:
    """Units with cadres in tree order, each with its group (see :func:`_group_of`)."""
    rows = []
    for unit_id in tree_order(scenario):
        if scenario.cadres_by_unit.get(unit_id):
            rows.append(UnitRow(unit_id, _group_of(scenario, unit_id)))
    return rows


def unit_pages(rows: list[UnitRow], max_rows: int = MAX_ROWS_PER_PAGE) -> list[list[UnitRow]]:
    """Rows split into pages of at most ``max_rows``, keeping a group on one page when it fits."""
    return paginate(rows, lambda row: row.group_id, max_rows)


def weekly_peak_share(
    plan: Plan, scenario: Scenario, unit_ids: list[str], away: pd.DataFrame | None = None
) -> np.ndarray:
    """Peak cadres away in each week of the year (days 1-7, 8-14, ...) ÷ the unit's R9 cap; a row per unit."""
    away = away if away is not None else away_by_day(plan, scenario)
    num_days = (date(plan.year + 1, 1, 1) - date(plan.year, 1, 1)).days
    week = np.arange(num_days) // 7
    shares = np.zeros((len(unit_ids), int(week[-1]) + 1))
    for r, unit_id in enumerate(unit_ids):
        if unit_id in away.columns:
            peaks = pd.Series(away[unit_id].to_numpy()).groupby(week).max().to_numpy()
            shares[r] = peaks / scenario.away_cap(unit_id)
    return shares


@styled
def plot_release_weeks(
    plan: Plan,
    scenario: Scenario,
    *,
    rows: list[UnitRow] | None = None,
    page: tuple[int, int] | None = None,
    away: pd.DataFrame | None = None,
    lang: str = "zh",
    names: Names | None = None,
    ax: Axes | None = None,
) -> Axes:
    """Every unit's weeks shaded by the peak number of its cadres away against its cap (R9).

    Parameters
    ----------
    plan, scenario
        The plan and its scenario.
    rows
        The units to draw, e.g. one page of :func:`unit_pages` (default: all units with cadres).
    page
        (page, pages) to show in the title.
    away
        :func:`~optimizer.reports.release.away_by_day` when already computed.
    lang
        ``"zh"`` or ``"en"``.
    names
        Display names (shared by the charts of one export, for one warning).
    ax
        The axes to draw on; a new landscape figure when not given: A3 above 40
        rows, A4 up to 40, A4 wide and shorter up to 30 rows.
    """
    word = words(lang)
    names = names or Names()
    rows = rows if rows is not None else unit_rows(scenario)
    if ax is None:
        # Few units would make slabs of a full page: the page keeps its width, the rows a readable height.
        ax = (
            page_axes(len(rows))
            if len(rows) > 30
            else new_axes((A4_LANDSCAPE[0], 1.6 + 0.22 * max(len(rows), 4)))
        )
    shares = weekly_peak_share(plan, scenario, [r.unit_id for r in rows], away)
    first = date(plan.year, 1, 1)
    edges = [day_number(first + timedelta(days=7 * k)) for k in range(shares.shape[1])]
    edges.append(day_number(date(plan.year + 1, 1, 1)))
    cmap, norm = ListedColormap(SHARE_COLOURS), BoundaryNorm(SHARE_BOUNDS, len(SHARE_COLOURS))
    ax.pcolormesh(
        edges,
        np.arange(len(rows) + 1) - 0.5,
        shares,
        cmap=cmap,
        norm=norm,
        edgecolors="#eeeeee",
        linewidth=0.2,
    )
    _group_bands(ax, rows, scenario, names)
    year_axis(ax, plan.year, lang)
    ax.grid(False)
    ax.set_ylim(max(len(rows), 1) - 0.5, -0.5)
    ax.set_yticks(range(len(rows)), [_unit_label(scenario, row.unit_id, names, lang) for row in rows])
    ax.tick_params(axis="y", length=0)
    ax.set_title(
        page_title(word["release_weeks_title"].format(year=plan.year), page, lang), loc="left", fontsize=11
    )
    labels = word["release_weeks_legend"].split("|")
    shown = [
        k for k in range(1, len(SHARE_COLOURS)) if k < len(SHARE_COLOURS) - 1 or (shares > 1 + 1e-9).any()
    ]
    handles = [Patch(facecolor=SHARE_COLOURS[k], edgecolor="#bbbbbb", label=labels[k - 1]) for k in shown]
    ax.legend(handles=handles, loc="lower right", bbox_to_anchor=(1.0, 1.0), ncol=len(handles), frameon=False)
    return ax


def _group_of(scenario: Scenario, unit_id: str) -> str:
    """The unit's ancestor just below the root if that one has units of its own (a county), else the root.

    So a county's offices and townships form one group, and the city's
    departments (units below the root with none of their own) another.
    """
    chain = [unit_id]
    while True:
        parent = scenario.unit_by_id[chain[-1]].parent_id
        if not parent or parent not in scenario.unit_by_id or parent in chain:
            break
        chain.append(parent)
    if len(chain) > 1 and scenario.children_by_unit.get(chain[-2]):
        return chain[-2]
    return chain[-1]


def _unit_label(scenario: Scenario, unit_id: str, names: Names, lang: str) -> str:
    name = names(scenario.unit_by_id[unit_id].name, unit_id)
    if len(name) > NAME_CHARS:
        name = name[: NAME_CHARS - 1] + "…"
    headcount, cap = len(scenario.cadres_by_unit[unit_id]), scenario.away_cap(unit_id)
    return words(lang)["release_weeks_unit"].format(name=name, headcount=headcount, cap=cap)


def _group_bands(ax: Axes, rows: list[UnitRow], scenario: Scenario, names: Names) -> None:
    """A separator per group; group names on the right axis."""
    spans = row_spans([row.group_id for row in rows])
    for _, first, _ in spans[1:]:
        ax.axhline(first - 0.5, color="#555555", linewidth=0.9, zorder=3)
    right = ax.secondary_yaxis("right")
    labels = [names(scenario.unit_by_id[str(group)].name, str(group)) for group, _, _ in spans]
    right.set_yticks([(first + last) / 2 for _, first, last in spans], labels)
    right.tick_params(axis="y", length=0, labelsize=8)
