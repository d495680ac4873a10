"""The institutions view: the plan year's sessions as a Gantt chart, grouped by institution."""

from __future__ import annotations

import itertools
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from matplotlib.axes import Axes
from matplotlib.lines import Line2D
from matplotlib.patches import Patch

from models import InstitutionKind, Plan, Scenario, Session, SessionStatus
from optimizer.reports.fonts import Names
from optimizer.reports.labels import STATUS, words
from optimizer.reports.style import (
    CANCELLED_COLOUR,
    CANCELLED_EDGE,
    THEME_COLOURS,
    UNUSED_COLOUR,
    day_number,
    page_axes,
    page_title,
    paginate,
    row_spans,
    styled,
    theme_handles,
    year_axis,
)
from optimizer.reports.tables import session_outcome

MAX_ROWS_PER_PAGE = 60
"""More rows than this and the labels no longer fit an A3 page."""
KIND_ORDER = {kind: k for k, kind in enumerate(InstitutionKind)}
NOT_RUN = ("cancelled", "no_seats", "unused")
"""The outcomes of a session not run, in legend order (:func:`optimizer.reports.tables.session_outcome`)."""
TITLE_CHARS = 18


@dataclass(frozen=True)
class SessionRow:
    """One chart row: a session, or the segments of one run held at one institution."""

    institution_id: str
    group_id: str
    sessions: tuple[Session, ...]


def session_rows(
    plan: Plan, scenario: Scenario, institution_ids: Iterable[str] | None = None
) -> list[SessionRow]:
    """The rows of the plan's sessions, institution by institution (by kind, then file order), by date."""
    wanted = set(institution_ids) if institution_ids is not None else None
    grouped: dict[tuple[str, str], list[Session]] = defaultdict(list)
    for status in plan.sessions:
        session = scenario.session_by_id.get(status.session_id)
        if session is None or (wanted is not None and session.institution_id not in wanted):
            continue
        grouped[(session.institution_id, session.group_id)].append(session)
    position = {i.institution_id: (KIND_ORDER[i.kind], k) for k, i in enumerate(scenario.institutions)}
    rows = [
        SessionRow(inst, group, tuple(sorted(ss, key=lambda s: s.start)))
        for (inst, group), ss in grouped.items()
    ]
    rows.sort(key=lambda r: (position.get(r.institution_id, (99, 0)), r.sessions[0].start, r.group_id))
    return rows


def session_pages(rows: list[SessionRow], max_rows: int = MAX_ROWS_PER_PAGE) -> list[list[SessionRow]]:
    """Rows split into pages of at most ``max_rows``, keeping an institution on one page when it fits."""
    return paginate(rows, lambda row: row.institution_id, max_rows)


@styled
def plot_sessions(
    plan: Plan,
    scenario: Scenario,
    institution_ids: Iterable[str] | None = None,
    *,
    rows: list[SessionRow] | None = None,
    page: tuple[int, int] | None = None,
    lang: str = "zh",
    names: Names | None = None,
    ax: Axes | None = None,
) -> Axes:
    """Gantt chart of the plan year's sessions, one row per session, grouped by institution.

    Bars are coloured by course theme and labelled enrolled/seats; sessions
    cancelled (below their minimum enrolment, or left without seats) are grey
    and hatched, unused ones (no minimum, nobody planned) light grey. The segments of one run held at one
    institution share a row; consecutive segments are joined by a dotted
    line, across rows when the run moves to another institution.

    Parameters
    ----------
    plan, scenario
        The plan and its scenario.
    institution_ids
        Only these institutions (default: all); ignored when ``rows`` is given.
    rows
        The rows to draw, e.g. one page of :func:`session_pages`.
    page
        (page, pages) to show in the title.
    lang
        ``"zh"`` or ``"en"``.
    names
        Display names (shared by the charts of one export, for one warning).
    ax
        The axes to draw on; a new A4 (A3 above 40 rows) landscape figure when not given.
    """
    word = words(lang)
    names = names or Names()
    rows = rows if rows is not None else session_rows(plan, scenario, institution_ids)
    ax = ax if ax is not None else page_axes(len(rows))
    status_by_id = {s.session_id: s for s in plan.sessions}
    _institution_bands(ax, rows, scenario, names)
    # Few rows on a page would make slabs of the bars: keep them about as thick as on a full page.
    height = max(0.3, min(0.72, 0.72 * len(rows) / 30))
    for y, row in enumerate(rows):
        _draw_row(ax, y, row, scenario, status_by_id, plan.year, height)
    linked = _link_segments(ax, rows, scenario, status_by_id)
    year_axis(ax, plan.year, lang)
    ax.set_ylim(max(len(rows), 1) - 0.5, -0.5)
    ax.set_yticks(range(len(rows)), [_row_label(scenario, row, names) for row in rows])
    ax.tick_params(axis="y", length=0)
    ax.set_title(
        page_title(word["sessions_title"].format(year=plan.year), page, lang), loc="left", fontsize=11
    )
    _legend(ax, rows, scenario, status_by_id, lang, linked)
    return ax


def _row_label(scenario: Scenario, row: SessionRow, names: Names) -> str:
    course = scenario.course_by_id[row.sessions[0].course_id]
    title = names(course.title, course.course_id)
    if len(title) > TITLE_CHARS:
        title = title[: TITLE_CHARS - 1] + "…"
    return f"{title}  {row.group_id}"


def _institution_bands(ax: Axes, rows: list[SessionRow], scenario: Scenario, names: Names) -> None:
    """Alternate shading and a separator per institution; institution names on the right axis."""
    spans = row_spans([row.institution_id for row in rows])
    for k, (_, first, last) in enumerate(spans):
        if k % 2:
            ax.axhspan(first - 0.5, last + 0.5, color="#f2f4f8", zorder=0, linewidth=0)
        if k:
            ax.axhline(first - 0.5, color="#7a7a7a", linewidth=0.8, zorder=1)
    right = ax.secondary_yaxis("right")
    labels = []
    for institution_id, _, _ in spans:
        institution = scenario.institution_by_id[str(institution_id)]
        labels.append(names(institution.name, str(institution_id)))
    right.set_yticks([(first + last) / 2 for _, first, last in spans], labels)
    right.tick_params(axis="y", length=0, labelsize=8)


def _draw_row(
    ax: Axes,
    y: int,
    row: SessionRow,
    scenario: Scenario,
    status_by_id: dict[str, SessionStatus],
    year: int,
    height: float,
) -> None:
    theme = scenario.course_by_id[row.sessions[0].course_id].theme.value
    for session in row.sessions:
        outcome = session_outcome(session, status_by_id[session.session_id])
        off = outcome != "run"
        hatched = off and outcome != "unused"
        colour = THEME_COLOURS[theme] if not off else CANCELLED_COLOUR if hatched else UNUSED_COLOUR
        ax.barh(
            y,
            session.days,
            left=day_number(session.start),
            height=height,
            color=colour,
            hatch="////" if hatched else None,
            edgecolor=CANCELLED_EDGE if off else colour,
            linewidth=0.5,
            zorder=3,
        )
    _enrolment_label(ax, y, row, status_by_id, year)


def _link_segments(
    ax: Axes, rows: list[SessionRow], scenario: Scenario, status_by_id: dict[str, SessionStatus]
) -> bool:
    """A dotted line from each segment's end to the next segment's start, across rows when they differ."""
    placed: dict[str, list[tuple[Session, int]]] = defaultdict(list)
    for y, row in enumerate(rows):
        placed[row.group_id].extend((session, y) for session in row.sessions)
    linked = False
    for segments in placed.values():
        segments.sort(key=lambda item: item[0].start)
        for (earlier, y1), (later, y2) in itertools.pairwise(segments):
            cancelled = status_by_id[earlier.session_id].status == "cancelled"
            theme = scenario.course_by_id[earlier.course_id].theme.value
            ax.plot(
                [day_number(earlier.end) + 1, day_number(later.start)],
                [y1, y2],
                linestyle=":",
                color=CANCELLED_EDGE if cancelled else THEME_COLOURS[theme],
                linewidth=1.2,
                zorder=2,
            )
            linked = True
    return linked


def _enrolment_label(
    ax: Axes, y: int, row: SessionRow, status_by_id: dict[str, SessionStatus], year: int
) -> None:
    """enrolled/seats after the run's last bar (before its first when that would leave the year).

    A run ending after 31 December, cut off by the chart's edge, says when it ends.
    """
    status = status_by_id[row.sessions[-1].session_id]
    last_day = row.sessions[-1].end
    end = day_number(last_day) + 1
    if day_number(date(year + 1, 1, 1)) - end < 14:
        x, align = day_number(row.sessions[0].start) - 1.5, "right"
    else:
        x, align = end + 1.5, "left"
    text = f"{status.enrolled}/{status.seats}"
    if last_day.year > year:
        text += f" → {last_day:%Y-%m-%d}"
    ax.text(x, y, text, va="center", ha=align, fontsize=6, color="#333333", zorder=4, clip_on=True)


def _legend(
    ax: Axes,
    rows: list[SessionRow],
    scenario: Scenario,
    status_by_id: dict[str, SessionStatus],
    lang: str,
    linked: bool,
) -> None:
    """Themes of the bars drawn in colour, then the cancelled, unused and segment marks when present."""
    word = words(lang)
    shown = [r for r in rows if status_by_id[r.sessions[0].session_id].status != "cancelled"]
    themes = sorted({scenario.course_by_id[r.sessions[0].course_id].theme.value for r in shown})
    handles: list[Patch | Line2D] = list(theme_handles(lang, themes))
    outcomes = {session_outcome(s, status_by_id[s.session_id]) for r in rows for s in r.sessions}
    for outcome in NOT_RUN:
        if outcome in outcomes:
            unused = outcome == "unused"
            handles.append(
                Patch(
                    facecolor=UNUSED_COLOUR if unused else CANCELLED_COLOUR,
                    edgecolor=CANCELLED_EDGE,
                    hatch=None if unused else "////",
                    label=STATUS[lang][outcome],
                )
            )
    if linked:
        handles.append(Line2D([], [], linestyle=":", color="#555555", linewidth=1.2, label=word["segments"]))
    ax.legend(
        handles=handles,
        loc="lower right",
        bbox_to_anchor=(1.0, 1.0),
        ncol=len(handles),
        frameon=False,
        fontsize=7,
        handlelength=1.6,
        borderaxespad=0.2,
    )
