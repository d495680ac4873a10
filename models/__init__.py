"""The domain of annual cadre-training planning: data, ledger, obligations, plan, indicators.

Nothing here imports a solver: a planner's question ("what does this cadre
owe?") is answered from the data alone.
"""

from models.entities import (
    Cadre,
    Category,
    Course,
    DateRange,
    HistoryEntry,
    Institution,
    InstitutionKind,
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
from models.ledger import Ledger
from models.loader import load_scenario
from models.obligations import Obligation, Obligations, Rule, owed_obligations
from models.plan import Assignment, Plan, Reason, SessionStatus, Shortfall, build_plan
from models.planio import read_plan, write_plan
from models.scenario import Scenario
from models.serving import SessionRun, is_met, planned_toward, serves
from models.variants import (
    add_sessions_like,
    close_institution,
    sessions_closed,
    with_budget,
    with_policy,
)

__all__ = [
    "Assignment",
    "Cadre",
    "Category",
    "Course",
    "DateRange",
    "HistoryEntry",
    "Institution",
    "InstitutionKind",
    "Ledger",
    "Obligation",
    "Obligations",
    "Outcome",
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
    "build_plan",
    "close_institution",
    "evaluate",
    "is_met",
    "load_scenario",
    "met_by_rule",
    "met_by_tier",
    "owed_obligations",
    "planned_toward",
    "read_plan",
    "serves",
    "sessions_closed",
    "with_budget",
    "with_policy",
    "write_plan",
]
