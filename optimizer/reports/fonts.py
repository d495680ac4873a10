"""Fonts for Chinese names in charts, with ids as the fallback when no font can draw them.

The package ships a subset of Noto Sans CJK SC (every CJK Unified Ideograph
of the Basic Multilingual Plane, SIL Open Font License, see
``optimizer/fonts/``) so charts look the same on every machine. A CJK font
installed on the system (found through matplotlib's font manager) is added
behind it for rarer characters (extension blocks). A label whose characters no
font can draw is replaced by its id, with one warning, so no chart ever shows
missing-glyph boxes.
"""

from __future__ import annotations

import functools
import warnings
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from matplotlib import font_manager
from matplotlib.ft2font import FT2Font

from models import Scenario

SHIPPED_FONT = Path(__file__).resolve().parent / "fonts" / "NotoSansCJKscSubset-Regular.otf"
LATIN_FAMILY = "DejaVu Sans"
SYSTEM_CJK_FAMILIES = (
    "Noto Sans CJK SC",
    "Noto Sans SC",
    "Source Han Sans SC",
    "Source Han Sans CN",
    "WenQuanYi Micro Hei",
    "WenQuanYi Zen Hei",
    "Microsoft YaHei",
    "PingFang SC",
    "Heiti SC",
    "SimHei",
    "Droid Sans Fallback",
    "Noto Serif CJK SC",
    "AR PL UMing CN",
)
"""Simplified-Chinese families looked for among the system fonts, best first."""


class NamesAsIdsWarning(UserWarning):
    """Some names could not be drawn, so the charts show ids instead."""


@dataclass(frozen=True)
class FontChoice:
    """The font families of the charts and the characters they can draw."""

    families: tuple[str, ...]
    """For ``font.family``: the CJK fonts, then DejaVu Sans for any glyph they lack."""
    cjk_files: tuple[Path, ...]
    coverage: frozenset[int]

    @property
    def has_cjk(self) -> bool:
        return bool(self.cjk_files)

    def covers(self, text: str) -> bool:
        """Whether every character of ``text`` (spaces aside) has a glyph."""
        return all(ord(ch) in self.coverage for ch in text if not ch.isspace())


def system_cjk_fonts() -> list[Path]:
    """Files of the installed Simplified-Chinese fonts, best first (one per family)."""
    found: dict[str, Path] = {}
    for entry in font_manager.fontManager.ttflist:
        if (
            entry.name in SYSTEM_CJK_FAMILIES
            and entry.name not in found
            and entry.weight in (400, "normal", "regular")
        ):
            found[entry.name] = Path(entry.fname)
    return [found[name] for name in SYSTEM_CJK_FAMILIES if name in found]


def _charmap(path: Path) -> set[int]:
    try:
        return set(FT2Font(str(path)).get_charmap())
    except (OSError, RuntimeError):
        return set()


@functools.cache
def font_choice() -> FontChoice:
    """The chart fonts of this machine, resolved once per process."""
    candidates = ([SHIPPED_FONT] if SHIPPED_FONT.is_file() else []) + system_cjk_fonts()
    families: list[str] = []
    cjk_files: list[Path] = []
    coverage = _charmap(Path(font_manager.findfont(LATIN_FAMILY)))
    for path in candidates:
        chars = _charmap(path)
        if not chars:
            continue
        font_manager.fontManager.addfont(str(path))
        family = font_manager.FontProperties(fname=str(path)).get_name()
        if family not in families:
            families.append(family)
            cjk_files.append(path)
            coverage |= chars
    # The CJK font comes first: its Latin letters and digits match its hanzi, and mixed
    # labels need no per-glyph fallback (which is slow); DejaVu fills what it lacks.
    return FontChoice((*families, LATIN_FAMILY), tuple(cjk_files), frozenset(coverage))


def chart_style(choice: FontChoice | None = None) -> dict[str, Any]:
    """matplotlib rc settings of every export chart (use with ``matplotlib.rc_context``)."""
    choice = choice or font_choice()
    return {
        "font.family": list(choice.families),
        "font.size": 8,
        "axes.titlesize": 9,
        "axes.labelsize": 8,
        "xtick.labelsize": 7,
        "ytick.labelsize": 7,
        "legend.fontsize": 7,
        "figure.titlesize": 11,
        "svg.fonttype": "path",
        "pdf.fonttype": 3,
        "axes.unicode_minus": False,
    }


class Names:
    """Display names for charts: the name when the fonts can draw it, else the id.

    The first fallback emits one :class:`NamesAsIdsWarning`; ``num_fallbacks``
    counts them all.
    """

    def __init__(self, choice: FontChoice | None = None):
        self.choice = choice or font_choice()
        self.num_fallbacks = 0

    def __call__(self, name: str, fallback_id: str) -> str:
        if name and self.choice.covers(name):
            return name
        if name:
            self.num_fallbacks += 1
            if self.num_fallbacks == 1:
                warnings.warn(self._message(name, fallback_id), NamesAsIdsWarning, stacklevel=2)
        return fallback_id

    def check_scenario(self, scenario: Scenario) -> None:
        """Look at every name a chart may show, so the warning (if any) comes now, once."""
        for records, key in (
            (scenario.units, "unit_id"),
            (scenario.cadres, "cadre_id"),
            (scenario.institutions, "institution_id"),
        ):
            for record in records:
                self(record.name, getattr(record, key))
        for course in scenario.courses:
            self(course.title, course.course_id)

    def _message(self, name: str, fallback_id: str) -> str:
        # The message names the id, never the name: names are personal data and warnings end up in logs.
        if not self.choice.has_cjk:
            return (
                f"no Chinese (CJK) font found: {SHIPPED_FONT.name} is missing and none of "
                f"{', '.join(SYSTEM_CJK_FAMILIES[:4])}, ... is installed; charts show ids instead of names"
            )
        missing = "".join(sorted({ch for ch in name if not self.choice.covers(ch)}))
        return (
            f"the chart fonts cannot draw {missing!r} (in the name of {fallback_id}); "
            "charts show ids instead of such names"
        )
