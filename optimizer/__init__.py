"""Scenario -> Plan: prepare, greedy start, CP-SAT (and HiGHS) stages, explanations, the checker, the filing.

The public API, all a notebook or a script needs::

    from optimizer import DEFAULT_SCENARIO, SolveOptions, solve
    from models import load_scenario

    result = solve(load_scenario(DEFAULT_SCENARIO), 2020, SolveOptions(time_limit=30))
    print(result)                      # status, per-tier gaps, the plan
    assert not check(load_scenario(DEFAULT_SCENARIO), result.plan)

The packages, in the order the data flows through them: ``prepare`` (the
scenario numbered for solving), ``greedy``, ``cpsat`` and ``highs`` (the two
formulations), ``diagnose`` (why an obligation is unmet, why no plan),
``pipeline`` (the solve), ``whatif`` (re-plan, why-not, who could fill,
compare), with ``check`` (the independent checker) and ``reports`` (the
filing) beside them, and ``cli`` on top.
"""

from optimizer.check import check_plan as check
from optimizer.control.options import SolveOptions
from optimizer.pipeline.result import Result, SolveStatus
from optimizer.pipeline.solve import solve, solve_greedy
from optimizer.reports import write_exports
from optimizer.reports.gantt import plot_sessions
from optimizer.whatif.budget import budget_curve, budget_sweep
from optimizer.whatif.budget_plot import plot_budget_curve
from optimizer.whatif.compare import Comparison, compare, plan_diff
from optimizer.whatif.compare_plots import plot_cost, plot_obligations
from optimizer.whatif.fill import who_could_fill
from optimizer.whatif.replan import replan
from optimizer.whatif.whynot import why_not
from scenarios import default_scenario

DEFAULT_SCENARIO = default_scenario()
"""The shipped default scenario's folder."""

__all__ = [
    "DEFAULT_SCENARIO",
    "Comparison",
    "Result",
    "SolveOptions",
    "SolveStatus",
    "budget_curve",
    "budget_sweep",
    "check",
    "compare",
    "default_scenario",
    "plan_diff",
    "plot_budget_curve",
    "plot_cost",
    "plot_obligations",
    "plot_sessions",
    "replan",
    "solve",
    "solve_greedy",
    "who_could_fill",
    "why_not",
    "write_exports",
]
