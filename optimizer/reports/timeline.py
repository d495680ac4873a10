"""The cadre timeline: one row per cadre of a unit, a bar per planned session."""

from __future__ import annotations

from collections import Counter, defaultdict
from datetime import date

from matplotlib.axes import Axes
from matplotlib.patches import Patch

from models import Assignment, Cadre, Plan, Scenario
from optimizer.reports.fonts import Names
from optimizer.reports.labels import RANK, words
from optimizer.reports.style import (
    A3_LANDSCAPE,
    A4_LANDSCAPE,
    THEME_COLOURS,
    day_number,
    new_axes,
    page_title,
    styled,
    theme_handles,
    year_axis,
)

MAX_ROWS = 100
"""Cadres on one page (A3); a larger unit gets more pages, leaders on the first."""
RANK_ORDER = {"bureau": 0, "division": 1, "section": 2, "staff": 3}


def cadre_order(cadres: tuple[Cadre, ...]) -> list[Cadre]:
    """Top leader, then the leadership team, then by rank; file order within."""
    position = {c.cadre_id: k for k, c in enumerate(cadres)}
    return sorted(
        cadres,
        key=lambda c: (
            not c.top_leader,
            not c.in_leadership_team,
            RANK_ORDER[c.rank.value],
            position[c.cadre_id],
        ),
    )


def timeline_pages(scenario: Scenario, unit_id: str, max_rows: int | None = None) -> list[list[Cadre]]:
    """The cadres of ``unit_id`` in :func:`cadre_order`, ``max_rows`` (default :data:`MAX_ROWS`) to a page.

    A unit without cadres has one empty page.
    """
    max_rows = max_rows or MAX_ROWS
    everyone = cadre_order(scenario.cadres_by_unit.get(unit_id, ()))
    return [everyone[k : k + max_rows] for k in range(0, len(everyone), max_rows)] or [[]]


def busiest_unit(plan: Plan, scenario: Scenario) -> str | None:
    """The unit with the most cadres in the plan (ties: tree order); ``None`` for an empty plan."""
    participants = Counter(
        scenario.cadre_by_id[c].unit_id
        for c in {a.cadre_id for a in plan.assignments}
        if c in scenario.cadre_by_id
    )
    if not participants:
        return None
    order = {u.unit_id: k for k, u in enumerate(scenario.units)}
    return min(participants, key=lambda u: (-participants[u], order[u]))


@styled
def plot_timeline(
    plan: Plan,
    scenario: Scenario,
    unit_id: str,
    *,
    page: int = 1,
    lang: str = "zh",
    names: Names | None = None,
    ax: Axes | None = None,
) -> Axes:
    """The year of each cadre of ``unit_id``: a row per cadre (name and rank), a bar per session.

    Bars are coloured by course theme, online sessions hatched; a cadre with
    nothing planned keeps a row marked as such, since that is what the unit
    must see. A line separates the leadership team from the other cadres.
    A unit of more than :data:`MAX_ROWS` cadres has several pages
    (:func:`timeline_pages`); ``page`` chooses one, from 1.
    """
    word = words(lang)
    names = names or Names()
    pages = timeline_pages(scenario, unit_id)
    if not 1 <= page <= len(pages):
        raise ValueError(f"unit {unit_id!r} has {len(pages)} timeline page(s), not page {page}")
    cadres = pages[page - 1]
    if ax is None:
        ax = new_axes(A4_LANDSCAPE if len(cadres) <= 45 else A3_LANDSCAPE)
    by_cadre: dict[str, list[Assignment]] = defaultdict(list)
    for a in plan.assignments:
        if a.session_id in scenario.session_by_id:
            by_cadre[a.cadre_id].append(a)
    shown: set[tuple[str, bool]] = set()
    for y, cadre in enumerate(cadres):
        if y % 2:
            ax.axhspan(y - 0.5, y + 0.5, color="#f4f5f7", zorder=0, linewidth=0)
        planned = by_cadre.get(cadre.cadre_id, [])
        shown.update(_draw_assignment(ax, y, a, scenario) for a in planned)
        if not planned:
            x = day_number(date(plan.year, 1, 1)) + 3
            ax.text(x, y, word["untrained"], va="center", fontsize=7, color="#a94442")
    team = sum(c.in_leadership_team for c in cadres)
    if 0 < team < len(cadres):
        ax.axhline(team - 0.5, color="#7a7a7a", linewidth=0.8)  # the leadership team above the line
    year_axis(ax, plan.year, lang)
    ax.set_ylim(max(len(cadres), 1) - 0.5, -0.5)
    ax.set_yticks(range(len(cadres)), [_cadre_label(c, names, lang) for c in cadres])
    ax.tick_params(axis="y", length=0)
    unit = scenario.unit_by_id[unit_id]
    count = len(scenario.cadres_by_unit.get(unit_id, ()))
    title = word["timeline_title"].format(year=plan.year, unit=names(unit.name, unit_id), count=count)
    ax.set_title(page_title(title, (page, len(pages)), lang), loc="left", fontsize=11)
    handles = theme_handles(lang, sorted({theme for theme, _ in shown}))
    if any(online for _, online in shown):
        handles.append(Patch(facecolor="white", edgecolor="#555555", hatch="////", label=word["online"]))
    if handles:
        ax.legend(
            handles=handles, loc="lower right", bbox_to_anchor=(1.0, 1.0), ncol=len(handles), frameon=False
        )
    return ax


def _draw_assignment(ax: Axes, y: int, a: Assignment, scenario: Scenario) -> tuple[str, bool]:
    session = scenario.session_by_id[a.session_id]
    theme = scenario.course_by_id[session.course_id].theme.value
    online = scenario.is_online(session)
    colour = THEME_COLOURS[theme]
    ax.barh(
        y,
        session.days,
        left=day_number(session.start),
        height=0.7,
        color="white" if online else colour,
        edgecolor=colour,
        hatch="////" if online else None,
        linewidth=0.8,
        zorder=3,
    )
    return theme, online


def _cadre_label(cadre: Cadre, names: Names, lang: str) -> str:
    star = "★" if cadre.top_leader else ""
    return f"{star}{names(cadre.name, cadre.cadre_id)} {RANK[lang][cadre.rank.value]}"
