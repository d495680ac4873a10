"""What every export chart shares: theme colours, page sizes, the year axis, saving."""

from __future__ import annotations

import functools
import io
import itertools
from collections.abc import Callable, Hashable, Sequence
from datetime import date
from pathlib import Path
from typing import Any, ParamSpec, TypeVar, cast

import matplotlib as mpl
import matplotlib.dates as mdates
from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.patches import Patch
from matplotlib.text import Text

from optimizer.reports import fonts
from optimizer.reports.labels import MONTHS, THEME, WORDS

P = ParamSpec("P")
R = TypeVar("R", Axes, Figure)
T = TypeVar("T")

THEME_COLOURS = {
    "theory": "#2c5aa0",
    "party_spirit": "#c0392b",
    "professional": "#2e8b57",
    "knowledge": "#e08e0b",
}
"""Fixed colour per course theme, the same in every chart."""
CANCELLED_COLOUR = "#d0d0d0"
CANCELLED_EDGE = "#8c8c8c"
UNUSED_COLOUR = "#ededed"
"""A session nobody attends that had no minimum enrolment: unused, not cancelled (no hatching)."""
CAP_COLOUR = "#c0392b"
AWAY_COLOUR = "#2c5aa0"

A4_LANDSCAPE = (11.69, 8.27)
A3_LANDSCAPE = (16.54, 11.69)
DPI = 200
FORMATS = ("png", "svg", "pdf")


def styled(plot: Callable[P, R]) -> Callable[P, R]:
    """Draw with the export style; give every text of the figure the CJK-capable font list.

    Setting the fonts on the texts themselves (not only in an rc context)
    keeps names drawable when the figure is saved later, or when the caller
    made the axes outside the export style. Without a CJK font the chart's
    own words are English (``lang="en"``), since Chinese ones could not be drawn.
    """

    @functools.wraps(plot)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        choice = fonts.font_choice()
        if not choice.has_cjk:
            kwargs["lang"] = "en"
        with mpl.rc_context(cast(Any, fonts.chart_style(choice))):
            result = plot(*args, **kwargs)
        figure = result if isinstance(result, Figure) else figure_of(result)
        families = list(choice.families)
        for text in figure.findobj(Text):
            text.set_fontfamily(families)
        return result

    return wrapper


def figure_of(ax: Axes) -> Figure:
    """The (root) figure holding ``ax``."""
    figure = ax.get_figure(root=True)
    if not isinstance(figure, Figure):
        raise TypeError("the axes belong to no figure")
    return figure


def day_number(day: date) -> float:
    """A date as a matplotlib date number (days)."""
    return float(mdates.date2num(day))


def year_axis(ax: Axes, year: int, lang: str) -> None:
    """x from 1 January to 31 December of ``year`` (its end), month lines, month names centred."""
    ax.set_xlim(day_number(date(year, 1, 1)), day_number(date(year + 1, 1, 1)))
    starts = [day_number(date(year, m, 1)) for m in range(1, 13)] + [day_number(date(year + 1, 1, 1))]
    ax.set_xticks(starts)
    ax.set_xticklabels([])
    ax.set_xticks([(a + b) / 2 for a, b in itertools.pairwise(starts)], minor=True)
    ax.set_xticklabels(MONTHS[lang], minor=True)
    ax.tick_params(axis="x", which="minor", length=0)
    ax.tick_params(axis="x", which="major", length=4)
    ax.grid(axis="x", which="major", color="#e3e3e3", linewidth=0.6)
    ax.set_axisbelow(True)


def theme_handles(lang: str, themes: list[str] | None = None) -> list[Patch]:
    """Legend patches of the course themes (all, or those given)."""
    wanted = themes or list(THEME_COLOURS)
    return [Patch(facecolor=THEME_COLOURS[t], label=THEME[lang][t]) for t in THEME_COLOURS if t in wanted]


def paginate(rows: Sequence[T], block_of: Callable[[T], Hashable], max_rows: int) -> list[list[T]]:
    """Rows in pages of at most ``max_rows``; a block (consecutive rows alike) kept on one page if it fits."""
    blocks: list[list[T]] = []
    for row in rows:
        if blocks and block_of(blocks[-1][0]) == block_of(row):
            blocks[-1].append(row)
        else:
            blocks.append([row])
    pages: list[list[T]] = [[]]
    for block in blocks:
        if len(pages[-1]) + len(block) > max_rows and pages[-1]:
            pages.append([])
        for row in block:
            if len(pages[-1]) >= max_rows:
                pages.append([])
            pages[-1].append(row)
    return [page for page in pages if page]


def row_spans(keys: Sequence[Hashable]) -> list[tuple[Hashable, int, int]]:
    """(key, first row, last row) of each run of equal consecutive keys."""
    spans: list[tuple[Hashable, int, int]] = []
    for y, key in enumerate(keys):
        if spans and spans[-1][0] == key:
            spans[-1] = (key, spans[-1][1], y)
        else:
            spans.append((key, y, y))
    return spans


def new_figure(size: tuple[float, float]) -> Figure:
    """A figure of ``size`` inches drawn by Agg, outside pyplot: no window, no global state to clean up."""
    fig = Figure(figsize=size, dpi=DPI, layout="constrained")
    FigureCanvasAgg(fig)
    return fig


def new_axes(size: tuple[float, float]) -> Axes:
    return new_figure(size).add_subplot()


def page_axes(num_rows: int) -> Axes:
    """Axes on an A4 landscape page for up to 40 chart rows, on A3 for more."""
    return new_axes(A4_LANDSCAPE if num_rows <= 40 else A3_LANDSCAPE)


def page_title(title: str, page: tuple[int, int] | None, lang: str) -> str:
    """``title`` followed by "page k of n" when the chart has several pages."""
    if page and page[1] > 1:
        return title + "  " + WORDS[lang]["page"].format(page=page[0], pages=page[1])
    return title


def save_figure(fig: Figure, stem: Path, formats: tuple[str, ...] = FORMATS) -> list[Path]:
    """Save ``fig`` as ``stem.<format>`` for each format at 200 dpi (the page size is kept)."""
    stem.parent.mkdir(parents=True, exist_ok=True)
    paths = []
    for fmt in formats:
        path = stem.with_suffix(f".{fmt}")
        # Light compression: the PNGs are written quickly, at the price of slightly larger files.
        options: dict[str, Any] = {"pil_kwargs": {"compress_level": 1}} if fmt == "png" else {}
        fig.savefig(path, dpi=DPI, format=fmt, metadata=_metadata(fmt), **options)
        # The first save laid the page out; the other formats reuse that layout.
        fig.set_layout_engine("none")
        paths.append(path)
    return paths


def warm_up(formats: tuple[str, ...] = FORMATS) -> None:
    """Load the chart fonts and the format writers once, e.g. before forking workers that inherit them."""
    fig = new_figure((2, 1))
    fig.text(0.1, 0.5, "江州 1月 38/40 ★", fontfamily=list(fonts.font_choice().families))
    for fmt in formats:
        fig.savefig(io.BytesIO(), format=fmt)


def _metadata(fmt: str) -> dict[str, str | None] | None:
    # Drop creation dates so the same plan gives the same files.
    if fmt == "svg":
        return {"Date": None}
    if fmt == "pdf":
        return {"CreationDate": None}
    if fmt == "png":
        return {"Software": None}
    return None
