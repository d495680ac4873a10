"""The domain of annual cadre-training planning: data, ledger, obligations, plan, indicators.

Nothing here imports a solver: a planner's question ("what does this cadre
owe?") is answered from the data alone. This package is the domain's public
API, what a notebook imports:

- the data: :class:`Scenario` and its records, :func:`load_scenario`
  (raising :class:`ScenarioError`), :func:`catalogue_warnings`;
- variants: :func:`with_policy`, :func:`with_budget`, :func:`add_sessions_like`,
  :func:`close_institution` and the others of :mod:`models.variants`, and a
  mid-year changes file (:func:`read_changes`, :func:`apply_changes`);
- what is owed: :class:`Ledger`, :func:`owed_obligations` (of :data:`SOLVER_RULES`
  unless asked for :data:`ALL_RULES`), :class:`Rule` and its priority tier
  (:data:`TIER_BY_RULE`);
- what serves it: :func:`serves`, :func:`planned_toward`, :func:`is_met`,
  :func:`unit_planned`;
- a plan: :class:`Plan`, :func:`build_plan`, :func:`read_plan`,
  :func:`write_plan`, and what it meets (:func:`evaluate`, :func:`met_by_rule`,
  :func:`met_by_tier`) and its Annex-1 indicators (:func:`unit_indicators`,
  :func:`plan_totals`);
- the sentences: every reason is a :class:`~models.messages.Message` of the
  one catalogue (:mod:`models.messages`), rendered in Chinese or English
  (``reason.text("zh")``, :meth:`Shortfall.text`; ``str()`` is English).
"""

from models.catalogue import catalogue_warnings
from models.changes import Change, Changes, apply_changes, read_changes
from models.entities import (
    Cadre,
    Category,
    Course,
    DateRange,
    HistoryEntry,
    Institution,
    InstitutionKind,
    Pin,
    Policy,
    Rank,
    Session,
    Summons,
    Theme,
    Unit,
    Weights,
)
from models.errors import Problem, ScenarioError
from models.evaluation import Outcome, evaluate, met_by_rule, met_by_tier
from models.indicators import INDICATOR_COLUMNS, plan_totals, unit_indicators
from models.ledger import Ledger
from models.loader import load_scenario
from models.obligations import (
    ALL_RULES,
    RULE_TITLES,
    SOLVER_RULES,
    TIER_BY_RULE,
    Obligation,
    Obligations,
    Rule,
    owed_obligations,
)
from models.plan import Assignment, Plan, Reason, SessionStatus, Shortfall, build_plan
from models.planio import read_plan, write_plan
from models.scenario import Scenario
from models.serving import SessionRun, is_met, planned_toward, serves, unit_planned
from models.variants import (
    add_sessions_like,
    close_institution,
    sessions_closed,
    with_budget,
    with_extra_sessions,
    with_policy,
    with_seats,
    without_sessions,
)

__all__ = [
    "ALL_RULES",
    "INDICATOR_COLUMNS",
    "RULE_TITLES",
    "SOLVER_RULES",
    "TIER_BY_RULE",
    "Assignment",
    "Cadre",
    "Category",
    "Change",
    "Changes",
    "Course",
    "DateRange",
    "HistoryEntry",
    "Institution",
    "InstitutionKind",
    "Ledger",
    "Obligation",
    "Obligations",
    "Outcome",
    "Pin",
    "Plan",
    "Policy",
    "Problem",
    "Rank",
    "Reason",
    "Rule",
    "Scenario",
    "ScenarioError",
    "Session",
    "SessionRun",
    "SessionStatus",
    "Shortfall",
    "Summons",
    "Theme",
    "Unit",
    "Weights",
    "add_sessions_like",
    "apply_changes",
    "build_plan",
    "catalogue_warnings",
    "close_institution",
    "evaluate",
    "is_met",
    "load_scenario",
    "met_by_rule",
    "met_by_tier",
    "owed_obligations",
    "plan_totals",
    "planned_toward",
    "read_changes",
    "read_plan",
    "serves",
    "sessions_closed",
    "unit_indicators",
    "unit_planned",
    "with_budget",
    "with_extra_sessions",
    "with_policy",
    "with_seats",
    "without_sessions",
    "write_plan",
]
