"""The comparison table: what each scenario's plan achieves, one row per scenario, and its Markdown."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import pandas as pd

from models import Plan, Rule

RULES = tuple(rule.value for rule in Rule)
TIERS = ("1", "2", "3", "4", "5")
"""Priority tiers: 1 named summons, 2 remedial, 3 team share and 2-3-year course, 4 hours, 5 units."""


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
    per priority tier ``tier1_met`` ... ``tier5_met`` (1 named summons, 2 remedial,
    3 team share and 2-3-year course, 4 hours, 5 unit indicators) with
    ``tierN_owed``, ``tierN_bound`` (a proven upper bound on the tier's met count
    given the tiers above at their planned counts; NaN when the plan has none) and
    ``tierN_gap`` (``(bound - met) / bound``); ``cost`` and ``budget`` (yuan; budget NaN
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
    met = summary.get("met_by_tier", {})
    per_tier = {str(t["tier"]): t for t in summary.get("tiers", [])}
    for tier in TIERS:
        known = per_tier.get(tier, {})
        row[f"tier{tier}_owed"] = known.get("owed", 0)
        row[f"tier{tier}_met"] = known.get("met", met.get(tier, 0))
        bound, gap = known.get("bound"), known.get("gap")
        row[f"tier{tier}_bound"] = float("nan") if bound is None else bound
        row[f"tier{tier}_gap"] = float("nan") if gap is None else gap
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
        cells += [_tier_cell(row, t) for t in TIERS]
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


def _tier_cell(row: pd.Series, tier: str) -> str:
    """``met ≤bound`` (the bound proven for the tier), or the met count alone when there is no bound."""
    met, bound = row[f"tier{tier}_met"], row.get(f"tier{tier}_bound", float("nan"))
    return str(met) if pd.isna(bound) else f"{met} ≤{bound:.0f}"


DIFFERENCE_COLUMNS = ["variant", "tier", "met_base", "met_variant", "difference", "established", "why"]


def tier_differences(table: pd.DataFrame, baseline: str | None = None) -> pd.DataFrame:
    """Per variant and tier, its difference in obligations met from the baseline, and whether the bounds
    establish it.

    A plan's tier bound is an upper bound on what any plan can meet in that tier
    given the tiers above at their planned counts. So a variant that meets
    more than the baseline's bound, the tiers above being equal, is better
    there whatever a longer solve would find for the baseline (and the other
    way round). A difference within the gaps (each met count at or below the
    other's bound) is **not established**: a longer solve could reverse it.
    A difference below a tier whose counts differ is not established either:
    it follows from the tier above.

    Parameters
    ----------
    table
        A :func:`comparison_table`.
    baseline
        The row to compare with; the first row when ``None``.

    Returns
    -------
    pandas.DataFrame
        Columns ``variant``, ``tier``, ``met_base``, ``met_variant``,
        ``difference`` (variant - baseline), ``established`` (bool) and
        ``why``; one row per variant other than the baseline and tier where
        the counts differ.
    """
    if table.empty:
        return pd.DataFrame(columns=DIFFERENCE_COLUMNS)
    base = table.loc[baseline] if baseline is not None else table.iloc[0]
    rows = []
    for name, row in table.iterrows():
        if name == base.name:
            continue
        above_equal = True
        for tier in TIERS:
            a, b = int(base[f"tier{tier}_met"]), int(row[f"tier{tier}_met"])
            if a != b:
                established, why = _established(base, row, tier, above_equal)
                rows.append([name, int(tier), a, b, b - a, established, why])
                above_equal = False
    return pd.DataFrame(rows, columns=DIFFERENCE_COLUMNS)


def _established(base: pd.Series, row: pd.Series, tier: str, above_equal: bool) -> tuple[bool, str]:
    if not above_equal:
        return False, "not established: a tier above differs"
    a, b = int(base[f"tier{tier}_met"]), int(row[f"tier{tier}_met"])
    better, worse = (row, base) if b > a else (base, row)
    bound = worse.get(f"tier{tier}_bound", float("nan"))
    if pd.isna(bound):
        return False, f"not established: {worse.name} has no bound for tier {tier}"
    if max(a, b) > bound:
        return True, f"established: {better.name} meets {max(a, b)}, {worse.name} at most {bound:.0f}"
    return False, (
        f"not established: within the gaps ({worse.name} meets {min(a, b)} and could meet up to {bound:.0f})"
    )


def differences_markdown(differences: pd.DataFrame) -> str:
    """The differences from the baseline as a Markdown table, or a sentence saying there are none."""
    if differences.empty:
        return "No tier differs from the baseline.\n"
    lines = ["| variant | tier | baseline | variant | difference | |", "|---|---:|---:|---:|---:|---|"]
    for d in differences.itertuples(index=False):
        counts = [str(d.tier), str(d.met_base), str(d.met_variant), f"{d.difference:+d}"]
        cells = [str(d.variant), *counts, d.why]
        lines.append("| " + " | ".join(c.replace("|", "\\|") for c in cells) + " |")
    return "\n".join(lines) + "\n"


def _amount(value: float) -> str:
    return "-" if pd.isna(value) else f"{value:,.0f}"


def _percent(value: float) -> str:
    return "-" if pd.isna(value) else f"{100 * value:.1f}%"
