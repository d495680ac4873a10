"""The comparison table: what each scenario's plan achieves, one row per scenario, and its Markdown."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import pandas as pd

from models import Plan, Rule

RULES = tuple(rule.value for rule in Rule)
TIERS = ("1", "2", "3", "4")
"""Priority tiers: 1 named summons, 2 remedial, 3 team share and 2-3-year course, 4 hours."""


@dataclass(frozen=True)
class ScenarioRun:
    """One solved scenario: a plain, picklable value (no solver objects)."""

    name: str
    status: str
    plan: Plan
    workers: int
    wall_seconds: float


def comparison_table(runs: Iterable[ScenarioRun]) -> pd.DataFrame:
    """One row per run, indexed by scenario name.

    Columns: ``status``; ``source`` (``cp-sat``, or the greedy plan when
    CP-SAT found none in time); ``R1_met``, ``R1_owed`` ... ``R7_met``, ``R7_owed``;
    ``tier1_met`` ... ``tier4_met`` (1 named summons, 2 remedial, 3 team share
    and 2-3-year course, 4 hours); ``cost`` and ``budget`` (yuan; budget NaN
    when none); ``sessions_run``; ``seat_fill`` (enrolled / seats of the
    sessions run); ``assignments``; ``cadres_trained``; ``gap`` (of the
    obligations stage, NaN when unknown); ``seconds`` (wall time of the solve).
    """
    rows = [_row(run) for run in runs]
    return pd.DataFrame(rows).set_index("scenario") if rows else pd.DataFrame()


def _row(run: ScenarioRun) -> dict[str, Any]:
    summary = run.plan.summary
    row: dict[str, Any] = {
        "scenario": run.name,
        "status": run.status,
        "source": summary.get("plan_source", ""),
    }
    obligations = summary.get("obligations", {})
    for rule in RULES:
        counts = obligations.get(rule, {"met": 0, "owed": 0})
        row[f"{rule}_met"], row[f"{rule}_owed"] = counts["met"], counts["owed"]
    tiers = summary.get("met_by_tier", {})
    for tier in TIERS:
        row[f"tier{tier}_met"] = tiers.get(tier, 0)
    budget, gap = summary.get("budget_total"), summary.get("gap")
    row.update(
        cost=summary.get("cost", 0),
        budget=float("nan") if budget is None else budget,
        sessions_run=sum(1 for s in run.plan.sessions if s.status == "run"),
        seat_fill=seat_fill(run.plan),
        assignments=len(run.plan.assignments),
        cadres_trained=len({a.cadre_id for a in run.plan.assignments}),
        gap=float("nan") if gap is None else gap,
        seconds=run.wall_seconds,
    )
    return row


def seat_fill(plan: Plan) -> float:
    """Enrolled / seats over the sessions that run; NaN when none runs."""
    run = [s for s in plan.sessions if s.status == "run"]
    seats = sum(s.seats for s in run)
    return sum(s.enrolled for s in run) / seats if seats else float("nan")


def table_markdown(table: pd.DataFrame) -> str:
    """A comparison table as a Markdown table: obligations ``met/owed``, money in yuan, shares in %.

    A status marked ``(greedy)`` is the greedy plan: CP-SAT found none in time.
    """
    headers = [
        "scenario",
        "status",
        *RULES,
        *(f"tier {t}" for t in TIERS),
        "cost",
        "budget",
        "sessions run",
        "seat fill",
        "gap",
        "seconds",
    ]
    lines = [
        "| " + " | ".join(headers) + " |",
        "|" + "|".join(["---"] * 2 + ["---:"] * (len(headers) - 2)) + "|",
    ]
    for name, row in table.iterrows():
        greedy = " (greedy)" if str(row["source"]).startswith("greedy") else ""
        cells = [str(name), f"{row['status']}{greedy}"]
        cells += [f"{row[f'{r}_met']}/{row[f'{r}_owed']}" for r in RULES]
        cells += [str(row[f"tier{t}_met"]) for t in TIERS]
        cells += [
            _amount(row["cost"]),
            _amount(row["budget"]),
            str(row["sessions_run"]),
            _percent(row["seat_fill"]),
            _percent(row["gap"]),
            f"{row['seconds']:.1f}",
        ]
        lines.append("| " + " | ".join(c.replace("|", "\\|") for c in cells) + " |")
    return "\n".join(lines) + "\n"


def _amount(value: float) -> str:
    return "-" if pd.isna(value) else f"{value:,.0f}"


def _percent(value: float) -> str:
    return "-" if pd.isna(value) else f"{100 * value:.1f}%"
