"""The Annex-1 indicators of the filing, in total and per unit, each against its target.

The figures are ``summary.json``'s ``indicators``, recomputed from the plan by
:func:`models.indicators.indicators_summary` (so an older plan folder gets them
too). Each indicator is a ratio of two of its counts; an indicator whose target
is a number is marked met or not, the others say where their rule stands.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pandas as pd

from models import Plan, Scenario
from models.indicators import indicators_summary
from optimizer.reports.labels import INDICATOR, INDICATOR_NOTE, MARK
from optimizer.reports.tables import header
from optimizer.reports.xlsx import Table

TOLERANCE = 1e-9


@dataclass(frozen=True)
class Indicator:
    """One Annex-1 indicator: ``done ÷ base``, against ``targets[target]`` when that is a number."""

    key: str
    done: str
    base: str
    target: str | None = None

    def ratio(self, figures: dict[str, Any]) -> float | None:
        """``done ÷ base`` of ``figures`` (``None`` when the base is 0)."""
        base = figures.get(self.base) or 0
        return figures.get(self.done, 0) / base if base else None

    def goal(self, targets: dict[str, Any]) -> float | None:
        """The target of the ratio, ``None`` when there is none."""
        value = targets.get(self.target) if self.target else None
        return float(value) if isinstance(value, (int, float)) else None


INDICATORS = (
    Indicator("summons_rate", "summoned", "headcount", "summons_rate"),
    Indicator("participation_rate", "participants", "headcount", "participation_rate"),
    Indicator("hours_ratio", "offjob_hours", "required_hours", "hours_ratio"),
    Indicator("online_hours_per_capita", "online_hours", "headcount", "online_hours_per_capita"),
    Indicator("team_trained_share", "team_trained", "team_size", "team_trained_share"),
    Indicator("top_leaders_trained_share", "top_leaders_trained", "top_leaders"),
    Indicator("young_trained_share", "young_trained", "young"),
)
"""Annex-1 in filing order: R12's rates and hours, R4's team share, R18's top leaders, R16's young cadres."""
PER_HEAD = {"online_hours_per_capita"}
"""Ratios in hours per cadre; the others are shares."""


def is_met(ratio: float | None, target: float | None) -> bool | None:
    """Whether ``ratio`` reaches ``target``; ``None`` when either is missing."""
    if ratio is None or target is None:
        return None
    return ratio >= target - TOLERANCE


def mark(ratio: float | None, target: float | None, lang: str) -> str:
    """达标 / 未达标 (met / not met), or "" when there is nothing to mark."""
    met = is_met(ratio, target)
    return "" if met is None else MARK[lang][met]


def target_text(indicator: Indicator, target: float | None, lang: str) -> str:
    """``≥ 30%`` (``≥ 10 h`` per cadre, 学时 in Chinese), or "" without a target."""
    if target is None:
        return ""
    if indicator.key in PER_HEAD:
        return f"≥ {target:g} 学时" if lang == "zh" else f"≥ {target:g} h"
    return f"≥ {100 * target:.4g}%"


def note(indicator: Indicator, target: float | None, scenario: Scenario, lang: str) -> str:
    """Where an indicator without a numeric target stands (R16's deadline, R18's priority)."""
    if target is not None:
        return ""
    text = INDICATOR_NOTE[lang].get(indicator.key, "")
    return text.format(deadline=scenario.policy.young_deadline.isoformat())


def total_rows(scenario: Scenario, indicators: dict[str, Any], lang: str) -> list[dict[str, Any]]:
    """One row per indicator over all units: label, done, base, ratio, target, mark and note."""
    total, targets = indicators["total"], indicators["targets"]
    rows = []
    for indicator in INDICATORS:
        ratio, goal = indicator.ratio(total), indicator.goal(targets)
        rows.append(
            {
                "key": indicator.key,
                "label": INDICATOR[lang][indicator.key],
                "done": total.get(indicator.done),
                "base": total.get(indicator.base),
                "ratio": ratio,
                "target": goal,
                "target_text": target_text(indicator, goal, lang),
                "mark": mark(ratio, goal, lang),
                "note": note(indicator, goal, scenario, lang),
            }
        )
    return rows


def unit_columns(indicators: dict[str, Any]) -> list[tuple[str, Indicator | None]]:
    """The per-unit sheet's columns after the unit: base and count, each ratio, its mark when it has a target.

    Each column is ``(key, indicator)``, the indicator given for a ratio (``key`` its key)
    and for a mark (``key`` ending ``_met``), ``None`` for a count.
    """
    columns: list[tuple[str, Indicator | None]] = [("headcount", None)]
    for indicator in INDICATORS:
        for count in (indicator.base, indicator.done):
            if (count, None) not in columns:
                columns.append((count, None))
        columns.append((indicator.key, indicator))
        if indicator.goal(indicators["targets"]) is not None:
            columns.append((f"{indicator.key}_met", indicator))
    return columns


def annex_table(scenario: Scenario, plan: Plan, lang: str, indicators: dict[str, Any] | None = None) -> Table:
    """Every unit with cadres of its own × the Annex-1 indicators, targets in the headers, met marks."""
    indicators = indicators or indicators_summary(scenario, plan)
    targets = indicators["targets"]
    columns = unit_columns(indicators)
    records = []
    for unit in indicators["units"]:
        known = scenario.unit_by_id.get(unit["unit_id"])
        record: dict[str, Any] = {"unit_id": unit["unit_id"], "unit_name": known.name if known else ""}
        for key, indicator in columns:
            if indicator is None:
                record[key] = unit.get(key)
            elif key == indicator.key:
                record[key] = indicator.ratio(unit)
            else:
                record[key] = mark(indicator.ratio(unit), indicator.goal(targets), lang) or None
        records.append(record)
    keys = ["unit_id", "unit_name", *(key for key, _ in columns)]
    headers = [header("unit_id", lang), header("unit_name", lang)]
    headers += [_column_title(key, indicator, targets, lang) for key, indicator in columns]
    return Table(keys, headers, pd.DataFrame(records, columns=keys))


def _column_title(key: str, indicator: Indicator | None, targets: dict[str, Any], lang: str) -> str:
    if indicator is None:
        return header(key, lang)
    title = header(indicator.key, lang)
    if key != indicator.key:
        return f"{title}达标" if lang == "zh" else f"{title} met"
    goal = target_text(indicator, indicator.goal(targets), lang)
    if not goal:
        return title
    return f"{title}(目标 {goal})" if lang == "zh" else f"{title} (target {goal})"
