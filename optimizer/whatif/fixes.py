"""The smallest change that lets a cadre into a session, checked by re-solving.

For each session run closed to the cadre only by limits (seats, beds, the
unit's release cap, the budgets) or by the cadre's own clashing runs, each
limit is raised by the least that lifts it, the cadre is confirmed in the run
(a pin), and the scenario is solved again keeping the plan. A change counts
as *verified* only when that solve puts the cadre in and the independent
checker accepts the new plan. Because a short re-solve may move more cadres
than needed, the plan with only the cadre added (and their clashing runs
left) is checked too: when it is valid, nobody else has to move.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace

from models import Plan, Rule, Scenario, evaluate
from models.entities import Pin
from models.messages import Message, Text, joined, message
from models.obligations import TIER_BY_RULE
from optimizer.check import check_plan
from optimizer.control.options import SolveOptions
from optimizer.diagnose.blocks import CLOSING
from optimizer.pipeline.result import SolveStatus
from optimizer.pipeline.solve import solve
from optimizer.prepare.data import PlanningData
from optimizer.prepare.offerings import Offering
from optimizer.prepare.overlap import clash
from optimizer.prepare.usage import Block, Usage
from optimizer.whatif.runs import run_changes, runs_by_cadre, with_run
from optimizer.whatif.verdicts import Verdict

Relax = Callable[[Scenario], Scenario]
Relaxation = tuple[Message, Relax]
"""A limit raised: its words and the scenario change."""


@dataclass(frozen=True, slots=True)
class Fix:
    """A change that lets the cadre into ``session_id``, with what the re-solve said of it."""

    session_id: str
    change: Text
    relaxations: int
    """Limits raised (0: confirming the cadre is enough)."""
    verified: bool = False
    detail: Text = ""
    others_changed: int = 0
    """Other cadres whose sessions the re-solve changed."""
    obligations_lost: int = 0
    """Obligations the plan met and the re-solve does not."""
    direct: bool = False
    """The plan with only the cadre added (clashing runs of theirs left) is valid: nobody else moves."""


def find_fix(
    data: PlanningData,
    usage: Usage,
    plan: Plan,
    cadre_id: str,
    verdicts: Sequence[Verdict],
    options: SolveOptions,
    attempts: int,
) -> tuple[Fix | None, list[Fix]]:
    """(the smallest verified fix or None, every fix tried), re-solving the smallest candidates first.

    Candidates are ranked by limits raised, then the priority tier they
    serve, then date; trying stops at ``attempts`` or once a verified fix
    is found and the next candidate needs more limits raised.
    """
    candidates = sorted(_candidates(data, usage, cadre_id, verdicts), key=lambda c: c[0])
    tried = []
    for rank, (_, offering, changes) in enumerate(candidates[:attempts]):
        fix = verify(data, plan, cadre_id, offering, changes, options)
        tried.append(fix)
        if fix.verified and rank + 1 < len(candidates) and candidates[rank + 1][0][0] > fix.relaxations:
            break
    verified = [f for f in tried if f.verified]
    best = min(
        verified,
        key=lambda f: (f.relaxations, not f.direct, f.obligations_lost, f.others_changed),
        default=None,
    )
    return best, tried


def _candidates(
    data: PlanningData,
    usage: Usage,
    cadre_id: str,
    verdicts: Sequence[Verdict],
) -> list[tuple[tuple, Offering, list[Relaxation]]]:
    """(sort key, offering, [(words, relax)]) of each run that limits or clashes alone keep the cadre from."""
    by_group = {o.group_id: o for o in data.offerings}
    cadre = data.cadre_index[cadre_id]
    found = []
    for verdict in verdicts:
        offering = by_group[verdict.session_id]
        if verdict.chosen or offering.seats == 0 or any(k in CLOSING for k in verdict.blocks):
            continue
        changes = [
            r
            for kind in dict.fromkeys(verdict.blocks)
            if (r := relaxation(data, usage, cadre, offering, kind))
        ]
        tier = min((TIER_BY_RULE[Rule(r)] for r in verdict.serves), default=9)
        found.append(((len(changes), tier, offering.start, offering.group_id), offering, changes))
    return found


def relaxation(
    data: PlanningData, usage: Usage, cadre: int, offering: Offering, kind: str
) -> Relaxation | None:
    """(words, scenario -> scenario) raising one limit by the least that lifts block ``kind`` for ``cadre``.

    ``None`` for blocks that confirming the cadre lifts alone (overlap, repeat, a minimum enrolment).
    """
    unit_id = data.cadres[cadre].unit_id
    unit = usage.unit_index[unit_id]
    if kind == Block.FULL.value:
        group, seats = offering.group_id, offering.seats
        return message("fix.seat", group=group), lambda s: s.replace(
            sessions=tuple(
                replace(x, seats=seats + 1) if x.group_id == group and x.seats == seats else x
                for x in s.sessions
            )
        )
    if kind == Block.BEDS.value:
        institution = offering.institution_id
        return message("fix.bed", institution=institution), lambda s: s.replace(
            institutions=tuple(
                replace(i, beds=(i.beds or 0) + 1) if i.institution_id == institution else i
                for i in s.institutions
            )
        )
    if kind == Block.RELEASE.value:
        cap = int(usage.caps[unit])
        share = (cap + 1) / len(data.scenario.cadres_by_unit[unit_id])
        return (
            message("fix.release", unit=unit_id, more=cap + 1, cap=cap),
            lambda s: s.replace(
                units=tuple(replace(u, max_away_share=share) if u.unit_id == unit_id else u for u in s.units)
            ),
        )
    if kind == Block.BUDGET.value:
        more = offering.cost - (usage.budget or 0) + usage.spent
        return message("fix.budget", more=more), lambda s: s.replace(
            budget_total=(s.budget_total or 0) + more
        )
    if kind == Block.UNIT_BUDGET.value:
        more = int(offering.cost - usage.unit_budget[unit] + usage.unit_spent[unit])
        return message("fix.unit_budget", more=more, unit=unit_id), lambda s: s.replace(
            units=tuple(
                replace(u, budget=(u.budget or 0) + more) if u.unit_id == unit_id else u for u in s.units
            )
        )
    return None


def verify(
    data: PlanningData,
    plan: Plan,
    cadre_id: str,
    offering: Offering,
    changes: list[Relaxation],
    options: SolveOptions,
) -> Fix:
    """Apply the changes, confirm the cadre in the run, re-solve keeping ``plan``, and judge the new plan."""
    scenario = data.scenario
    for _, relax in changes:
        scenario = relax(scenario)
    group = offering.group_id
    scenario = scenario.replace(pinned=(*scenario.pinned, Pin(cadre_id, group, "why-not check")))
    words = joined([*(w for w, _ in changes), message("fix.confirm", cadre=cadre_id, group=group)], "and")
    direct = _direct(scenario, data, plan, cadre_id, offering)
    result = solve(scenario, data.year, options, keep=plan)
    if result.status in (SolveStatus.INFEASIBLE, SolveStatus.UNKNOWN):
        why = message("fix.resolve", why=message(f"solve_status.{result.status.value}"))
        return Fix(group, words, len(changes), False, why, direct=direct)
    violations = check_plan(scenario, result.plan)
    if violations or group not in runs_by_cadre(scenario, result.plan).get(cadre_id, set()):
        why = (
            message("fix.breaks", n=len(violations), first=str(violations[0]))
            if violations
            else message("fix.still_out")
        )
        return Fix(group, words, len(changes), False, message("fix.resolve", why=why), direct=direct)
    others = {c.cadre_id for c in run_changes(scenario, plan, result.plan) if c.cadre_id != cadre_id}
    lost = _obligations_lost(scenario, data, plan, result.plan)
    detail = message(
        "fix.checked",
        seconds=math.ceil(result.runtime),
        n=len(others),
        ids=message("fix.ids", ids=joined(sorted(others)[:5], "comma")) if others else "",
        lost=message("fix.lost", n=lost) if lost else message("fix.none_lost"),
        direct=message("fix.direct") if direct else "",
    )
    return Fix(group, words, len(changes), True, detail, len(others), lost, direct)


def _direct(scenario: Scenario, data: PlanningData, plan: Plan, cadre_id: str, offering: Offering) -> bool:
    """Is ``plan`` with the cadre added to ``offering``, their clashing runs left, valid in ``scenario``?"""
    own = runs_by_cadre(scenario, plan).get(cadre_id, set())
    by_group = {o.group_id: o for o in data.offerings}
    clashing = [g for g in own if g in by_group and clash(by_group[g], offering)]
    return not check_plan(
        scenario, with_run(scenario, data.year, plan, cadre_id, offering.group_id, clashing)
    )


def _obligations_lost(scenario: Scenario, data: PlanningData, before: Plan, after: Plan) -> int:
    """Obligations met by ``before`` and not by ``after`` (raised limits do not change what is owed)."""
    old = evaluate(scenario, data.obligations, before)
    new = evaluate(scenario, data.obligations, after)
    return sum(1 for a, b in zip(old, new, strict=True) if a.met and not b.met)
