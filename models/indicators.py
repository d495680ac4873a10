"""The Annex-1 indicators of a plan (R12), per unit and rolled up the unit tree.

Everything is recomputed from the scenario and the plan alone, so a plan made
by any tool (the solver, the greedy baseline, a planner's hand edit) gets the
same figures.

- **headcount**: cadres whose ``unit_id`` is the unit.
- **summoned** (调训): cadres with at least one off-job assignment (a session
  at a non-online institution, i.e. summoned away by the organisation).
- **participants** (参训): cadres with any assignment, off-job or online.
- **offjob_hours**: Σ session hours of the off-job assignments (R10).
- **required_hours**: Σ over the unit's cadres of the per-capita annual hours
  (``per_capita_hours_leader`` for bureau and division rank, else
  ``per_capita_hours_other``).
- **team_trained**: leadership-team members with an assignment in the plan
  or a ledger row starting in the plan year.
- **cost**: Σ of the sessions' cost per head over the assignments.
- R18 (:data:`PRIORITY_COLUMNS`, after the filing's columns): **top_leaders**
  and **young** cadres of the unit, and those of them trained in the same
  sense as ``team_trained``, with their shares.

``subtree_*`` columns hold the same figures for the unit and every unit
below it; their rates are recomputed from the subtree sums, never averaged.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import pandas as pd

from models.entities import LEADER_RANKS
from models.ledger import Ledger
from models.plan import Plan
from models.scenario import Scenario

COUNT_COLUMNS = (
    "headcount",
    "summoned",
    "participants",
    "offjob_hours",
    "online_hours",
    "required_hours",
    "team_size",
    "team_trained",
    "cost",
    "top_leaders",
    "top_leaders_trained",
    "young",
    "young_trained",
)
RATE_COLUMNS = {
    # rate: (numerator, denominator)
    "summons_rate": ("summoned", "headcount"),
    "participation_rate": ("participants", "headcount"),
    "hours_ratio": ("offjob_hours", "required_hours"),
    "team_trained_share": ("team_trained", "team_size"),
    "top_leaders_trained_share": ("top_leaders_trained", "top_leaders"),
    "young_trained_share": ("young_trained", "young"),
}
INDICATOR_COLUMNS = (
    "headcount",
    "summoned",
    "summons_rate",
    "participants",
    "participation_rate",
    "offjob_hours",
    "online_hours",
    "required_hours",
    "hours_ratio",
    "team_size",
    "team_trained",
    "team_trained_share",
    "cost",
)
"""The indicator columns, in filing order; each also exists as ``subtree_<name>``."""
PRIORITY_COLUMNS = (
    "top_leaders",
    "top_leaders_trained",
    "top_leaders_trained_share",
    "young",
    "young_trained",
    "young_trained_share",
)
"""R18: top leaders (一把手) and young cadres trained, after the filing columns (also ``subtree_<name>``)."""


def cadre_figures(scenario: Scenario, plan: Plan) -> pd.DataFrame:
    """One row per cadre (index ``cadre_id``): unit, and what the plan gives them.

    Columns: ``unit_id``, ``required_hours``, ``in_team``, ``top_leader``,
    ``young``, ``summoned``, ``participant``, ``offjob_hours``,
    ``online_hours``, ``team_trained``, ``top_leaders_trained``,
    ``young_trained``, ``cost`` (booleans as 0/1 integers).
    """
    policy = scenario.policy
    cadres = pd.DataFrame(
        {
            "cadre_id": [c.cadre_id for c in scenario.cadres],
            "unit_id": [c.unit_id for c in scenario.cadres],
            "required_hours": [
                policy.per_capita_hours_leader if c.rank in LEADER_RANKS else policy.per_capita_hours_other
                for c in scenario.cadres
            ],
            "in_team": [int(c.in_leadership_team) for c in scenario.cadres],
            "top_leader": [int(c.top_leader) for c in scenario.cadres],
            "young": [int(c.young) for c in scenario.cadres],
        }
    ).set_index("cadre_id")
    per_cadre = _assignment_figures(scenario, plan).reindex(cadres.index, fill_value=0)
    figures = cadres.join(per_cadre)
    ledger = Ledger(scenario, plan.year)
    trained = np.array([ledger[c].trained_in_year for c in figures.index], dtype=bool) | (
        figures["participant"] > 0
    )
    figures["team_trained"] = (figures["in_team"].astype(bool) & trained).astype(int)
    figures["top_leaders_trained"] = (figures["top_leader"].astype(bool) & trained).astype(int)
    figures["young_trained"] = (figures["young"].astype(bool) & trained).astype(int)
    return figures


def _assignment_figures(scenario: Scenario, plan: Plan) -> pd.DataFrame:
    """Per cadre with assignments: summoned, participant, off-job and online hours, cost."""
    columns = ["summoned", "participant", "offjob_hours", "online_hours", "cost"]
    known = [a for a in plan.assignments if a.session_id in scenario.session_by_id]
    if not known:
        return pd.DataFrame(columns=columns, index=pd.Index([], name="cadre_id"), dtype=int)
    sessions = [scenario.session_by_id[a.session_id] for a in known]
    online = np.array([scenario.is_online(s) for s in sessions], dtype=bool)
    hours = np.array([s.hours for s in sessions], dtype=float)
    rows = pd.DataFrame(
        {
            "cadre_id": [a.cadre_id for a in known],
            "summoned": (~online).astype(int),
            "participant": 1,
            "offjob_hours": np.where(online, 0.0, hours),
            "online_hours": np.where(online, hours, 0.0),
            "cost": [s.cost_per_head for s in sessions],
        }
    )
    return rows.groupby("cadre_id").agg(
        summoned=("summoned", "max"),
        participant=("participant", "max"),
        offjob_hours=("offjob_hours", "sum"),
        online_hours=("online_hours", "sum"),
        cost=("cost", "sum"),
    )


def unit_indicators(scenario: Scenario, plan: Plan) -> pd.DataFrame:
    """The Annex-1 indicators of every unit, in unit-tree order (parents before children).

    Parameters
    ----------
    scenario
        The scenario the plan was made for.
    plan
        Any plan of that scenario.

    Returns
    -------
    DataFrame
        Index ``unit_id``; columns ``name``, ``parent_id``, ``depth`` (0 at a
        root), ``budget``, the :data:`INDICATOR_COLUMNS` and then the
        :data:`PRIORITY_COLUMNS` of the unit's own cadres, and the same as
        ``subtree_<name>`` for the unit with all units below it. Rates are
        NaN where their denominator is 0.
    """
    figures = cadre_figures(scenario, plan).rename(
        columns={"in_team": "team_size", "participant": "participants", "top_leader": "top_leaders"}
    )
    figures["headcount"] = 1
    order = tree_order(scenario)
    own = figures.groupby("unit_id")[list(COUNT_COLUMNS)].sum().reindex(order, fill_value=0)
    links = pd.DataFrame(
        [(unit_id, ancestor) for unit_id in order for ancestor in scenario.ancestors_by_unit[unit_id]],
        columns=["unit_id", "ancestor_id"],
    )
    subtree = (
        links.join(own, on="unit_id")
        .groupby("ancestor_id")[list(COUNT_COLUMNS)]
        .sum()
        .reindex(order, fill_value=0)
    )
    table = pd.DataFrame(index=pd.Index(order, name="unit_id"))
    table["name"] = [scenario.unit_by_id[u].name for u in order]
    table["parent_id"] = [scenario.unit_by_id[u].parent_id or "" for u in order]
    table["depth"] = [len(scenario.ancestors_by_unit[u]) - 1 for u in order]
    table["budget"] = pd.array([scenario.unit_by_id[u].budget for u in order], dtype="Int64")
    for prefix, counts in (("", own), ("subtree_", subtree)):
        with_rates = _with_rates(counts)
        for column in INDICATOR_COLUMNS + PRIORITY_COLUMNS:
            table[prefix + column] = with_rates[column]
    return table


def _with_rates(counts: pd.DataFrame) -> pd.DataFrame:
    result = counts.copy()
    counted = ("headcount", "summoned", "participants", "team_size", "team_trained")
    for column in counted + ("top_leaders", "top_leaders_trained", "young", "young_trained"):
        result[column] = result[column].astype(int)
    for rate, (numerator, denominator) in RATE_COLUMNS.items():
        below = result[denominator].astype(float)
        result[rate] = result[numerator].astype(float) / below.where(below > 0)
    return result


def tree_order(scenario: Scenario) -> list[str]:
    """Unit ids depth-first from each root, children in file order."""
    order: list[str] = []
    roots = [u.unit_id for u in scenario.units if not u.parent_id or u.parent_id not in scenario.unit_by_id]
    stack = list(reversed(roots))
    seen: set[str] = set()
    while stack:
        unit_id = stack.pop()
        if unit_id in seen:
            continue
        seen.add(unit_id)
        order.append(unit_id)
        stack.extend(reversed(scenario.children_by_unit[unit_id]))
    # A unit not reached from a root (only possible in an unvalidated scenario) still gets a row.
    order.extend(u.unit_id for u in scenario.units if u.unit_id not in seen)
    return order


def plan_totals(scenario: Scenario, plan: Plan) -> dict[str, Any]:
    """The plan's key figures over all cadres: the Annex-1 indicators, sessions, cost and budget.

    Returns
    -------
    dict
        Counts (``headcount``, ``summoned``, ``participants``, ``team_size``,
        ``team_trained``, ``num_assignments``, ``num_sessions``,
        ``num_sessions_run``, ``num_sessions_cancelled``, ``seats_run``,
        ``enrolled``, ``num_shortfalls``), hours (``offjob_hours``,
        ``online_hours``, ``required_hours``), rates (``summons_rate``,
        ``participation_rate``, ``hours_ratio``, ``team_trained_share``,
        ``fill_rate``; ``None`` where undefined), ``cost``, ``budget_total``
        and ``budget_used`` (cost ÷ budget, ``None`` without a budget), and
        the R12 targets ``summons_rate_target`` and ``participation_rate_target``.
    """
    figures = cadre_figures(scenario, plan)
    sums = {
        "headcount": len(figures),
        "summoned": int(figures["summoned"].sum()),
        "participants": int(figures["participant"].sum()),
        "offjob_hours": float(figures["offjob_hours"].sum()),
        "online_hours": float(figures["online_hours"].sum()),
        "required_hours": float(figures["required_hours"].sum()),
        "team_size": int(figures["in_team"].sum()),
        "team_trained": int(figures["team_trained"].sum()),
        "cost": float(figures["cost"].sum()),
    }
    run = [s for s in plan.sessions if s.status == "run"]
    totals: dict[str, Any] = {
        **sums,
        "summons_rate": _ratio(sums["summoned"], sums["headcount"]),
        "participation_rate": _ratio(sums["participants"], sums["headcount"]),
        "hours_ratio": _ratio(sums["offjob_hours"], sums["required_hours"]),
        "team_trained_share": _ratio(sums["team_trained"], sums["team_size"]),
        "num_assignments": len(plan.assignments),
        "num_sessions": len(plan.sessions),
        "num_sessions_run": len(run),
        "num_sessions_cancelled": len(plan.sessions) - len(run),
        "seats_run": sum(s.seats for s in run),
        "enrolled": sum(s.enrolled for s in run),
        "num_shortfalls": len(plan.shortfalls),
        "budget_total": scenario.budget_total,
        "summons_rate_target": scenario.policy.summons_rate_target,
        "participation_rate_target": scenario.policy.participation_rate_target,
    }
    totals["fill_rate"] = _ratio(totals["enrolled"], totals["seats_run"])
    totals["budget_used"] = _ratio(sums["cost"], scenario.budget_total or 0)
    return totals


def _ratio(numerator: float, denominator: float) -> float | None:
    return numerator / denominator if denominator else None


SUMMARY_COLUMNS = (
    "headcount",
    "summoned",
    "summons_rate",
    "participants",
    "participation_rate",
    "offjob_hours",
    "required_hours",
    "hours_ratio",
    "online_hours",
    "team_size",
    "team_trained",
    "team_trained_share",
    *PRIORITY_COLUMNS,
)
"""The indicators ``summary.json`` carries per unit and in total (R12, R4, R16, R18)."""


def indicators_summary(scenario: Scenario, plan: Plan) -> dict[str, Any]:
    """``summary.json``'s ``indicators``: R12's targets, the total, and each unit with cadres of its own.

    Rates are ``None`` where their denominator is 0; a unit's figures count its own cadres
    (``unit_id``), as R12's headcount does.
    """
    policy = scenario.policy
    units = unit_indicators(scenario, plan)
    rows = []
    for unit_id, row in units.iterrows():
        if row["headcount"]:
            rows.append({"unit_id": unit_id, **{c: _value(c, row[c]) for c in SUMMARY_COLUMNS}})
    total = {c: _plain(units[c].sum()) for c in SUMMARY_COLUMNS if not c.endswith(("rate", "ratio", "share"))}
    total["summons_rate"] = _ratio(total["summoned"], total["headcount"])
    total["participation_rate"] = _ratio(total["participants"], total["headcount"])
    total["hours_ratio"] = _ratio(total["offjob_hours"], total["required_hours"])
    total["team_trained_share"] = _ratio(total["team_trained"], total["team_size"])
    total["top_leaders_trained_share"] = _ratio(total["top_leaders_trained"], total["top_leaders"])
    total["young_trained_share"] = _ratio(total["young_trained"], total["young"])
    targets = {
        "summons_rate": policy.summons_rate_target,
        "participation_rate": policy.participation_rate_target,
        "hours_ratio": 1.0,
        "online_hours_per_capita": policy.online_hours_per_year,
        "team_trained_share": policy.team_share,
    }
    return {"targets": targets, "total": total, "units": rows}


def _value(column: str, value: Any) -> Any:
    return _rate(value) if column.endswith(("rate", "ratio", "share")) else _plain(value)


def _plain(value: Any) -> Any:
    """A JSON value: NaN as None, numpy numbers as Python numbers, whole numbers as ints."""
    if hasattr(value, "item"):
        value = value.item()
    if isinstance(value, float):
        return None if math.isnan(value) else (int(value) if value.is_integer() else value)
    return value


def _rate(value: Any) -> float | None:
    value = _plain(value)
    return None if value is None else float(value)
