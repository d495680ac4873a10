"""Why is this cadre not in a session? What they owe, every session that serves it, the rule keeping them out.

Then the smallest change that lets the cadre in, *checked by re-solving*:
for the sessions blocked only by limits (seats, beds, the unit's release
cap, budgets) or by the cadre's own other sessions, the limits are raised
by the least that would do, the cadre is confirmed in the session (a pin)
and the scenario is solved again keeping the plan (``keep``). A change is
reported only when that solve gives a plan the independent checker accepts;
the others it disturbs are counted.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import date

from models import Cadre, Obligation, Plan, Rule, Scenario, evaluate
from models.entities import Pin
from models.obligations import RULE_TITLES, TIER_BY_RULE
from optimizer.check import check_plan
from optimizer.data import Offering, PlanningData, prepare
from optimizer.explain import _serves, _usage
from optimizer.replan import plan_diff, runs_by_cadre
from optimizer.solve import SolveOptions, SolveStatus, solve
from optimizer.usage import Block, Usage

STATIC = ("audience", "taken", "unavailable")
"""Blocks no limit can lift: the session is closed to the cadre whatever the plan."""


@dataclass(frozen=True, slots=True)
class Owed:
    """One obligation of the cadre (or of their leadership team) and what the plan gives toward it."""

    rule: str
    reason: str
    required: int
    planned: int

    @property
    def met(self) -> bool:
        return self.planned >= self.required


@dataclass(frozen=True, slots=True)
class Verdict:
    """One session run that serves something the cadre owes: chosen, open, or blocked and by what."""

    session_id: str
    course_id: str
    start: date
    end: date
    serves: tuple[str, ...]
    chosen: bool
    blocks: tuple[str, ...] = ()
    """Block kinds: audience, taken, unavailable, cancelled, full, overlap, repeat, release, beds, budget, unit_budget."""
    why: str = ""

    @property
    def state(self) -> str:
        return "chosen" if self.chosen else (self.why or "open: nothing keeps the cadre out")


@dataclass(frozen=True, slots=True)
class Fix:
    """A change that lets the cadre into ``session_id``, with what the re-solve said of it."""

    session_id: str
    change: str
    relaxations: int
    verified: bool = False
    detail: str = ""
    others_changed: int = 0
    obligations_lost: int = 0


@dataclass
class WhyNot:
    """The answer to "why is this cadre not in a session?"."""

    cadre: Cadre
    year: int
    owed: list[Owed]
    planned: list[str]
    sessions: list[Verdict]
    fix: Fix | None = None
    tried: list[Fix] = field(default_factory=list)

    def __str__(self) -> str:
        c = self.cadre
        lines = [f"{c.cadre_id} {c.name} ({c.rank.value}, {c.category.value}, unit {c.unit_id}) in {self.year}"]
        lines.append("owes:" if self.owed else "owes nothing this year")
        for o in self.owed:
            state = "met" if o.met else f"UNMET ({o.planned} of {o.required})"
            lines.append(f"  {o.rule} {RULE_TITLES[Rule(o.rule)]}: {state}; {o.reason}")
        lines.append(f"planned: {', '.join(self.planned) or 'nothing'}")
        if self.sessions:
            lines.append("sessions serving what is still owed (or chosen):")
        for v in self.sessions:
            lines.append(f"  {v.session_id} {v.course_id} {v.start}..{v.end} serves {'+'.join(v.serves)}: {v.state}")
        for fix in self.tried:
            mark = "smallest change" if fix is self.fix else ("also works" if fix.verified else "does not work")
            lines.append(f"{mark}: {fix.change} -- {fix.detail}")
        if self.fix is None and any(not o.met for o in self.owed):
            lines.append("no change found that lets the cadre in" + ("" if self.tried else " (no session is blocked by limits only)"))
        return "\n".join(lines)


def why_not(
    scenario: Scenario,
    year: int,
    plan: Plan,
    cadre_id: str,
    options: SolveOptions | None = None,
    attempts: int = 3,
) -> WhyNot:
    """Explain why ``cadre_id`` is (not) in the sessions of ``plan`` and find the smallest change that lets them in.

    Parameters
    ----------
    plan
        The plan made for ``scenario`` and ``year``.
    options
        Options of each re-solve (default: 10 s, 2 workers).
    attempts
        How many candidate changes to re-solve, smallest first; 0 re-solves nothing.

    Raises
    ------
    KeyError
        When the cadre is not in the scenario.
    ValueError
        When the plan names a cadre or session the scenario does not have.
    """
    if cadre_id not in scenario.cadre_by_id:
        raise KeyError(f"unknown cadre {cadre_id!r}")
    data = prepare(scenario, year)
    usage = plan_usage(data, plan)
    owed_items = cadre_obligations(data, cadre_id)
    outcomes = {id(o.obligation): o.planned for o in evaluate(scenario, data.obligations, plan)}
    owed = [Owed(o.rule.value, o.reason, o.required, outcomes[id(o)]) for o in owed_items]
    unmet = [o for o, w in zip(owed_items, owed) if not w.met]
    runs = runs_by_cadre(scenario, plan).get(cadre_id, set())
    verdicts = session_verdicts(data, usage, plan, cadre_id, unmet, runs)
    answer = WhyNot(scenario.cadre_by_id[cadre_id], year, owed, sorted(runs), verdicts)
    if attempts > 0:
        _find_fix(answer, data, usage, plan, options or SolveOptions(time_limit=10.0), attempts)
    return answer


def plan_usage(data: PlanningData, plan: Plan) -> Usage:
    """Seats, beds, days away and budget the plan uses, after checking it names only known cadres and sessions."""
    scenario = data.scenario
    unknown = sorted({a.session_id for a in plan.assignments if a.session_id not in scenario.session_by_id})
    strangers = sorted({a.cadre_id for a in plan.assignments if a.cadre_id not in scenario.cadre_by_id})
    if unknown or strangers:
        raise ValueError(f"the plan does not fit the scenario: unknown sessions {unknown[:5]}, unknown cadres {strangers[:5]}")
    return _usage(data, plan)


def cadre_obligations(data: PlanningData, cadre_id: str) -> list[Obligation]:
    """The cadre's obligations, and their leadership team's share (R4) when they are an untrained member."""
    items = list(data.obligations.by_cadre.get(cadre_id, ()))
    cadre = data.scenario.cadre_by_id[cadre_id]
    if cadre.in_leadership_team and not data.ledger[cadre_id].trained_in_year:
        items += [o for o in data.obligations.of_rule(Rule.R4) if o.unit_id == cadre.unit_id]
    return sorted(items, key=lambda o: (TIER_BY_RULE[o.rule], o.rule.value))


def serves(item: Obligation, offering: Offering) -> bool:
    """Would attending ``offering`` count toward ``item``? (R4: any session of the year.)"""
    return item.rule is Rule.R4 or _serves(item, offering)


def session_verdicts(
    data: PlanningData, usage: Usage, plan: Plan, cadre_id: str, unmet: list[Obligation], runs: set[str],
) -> list[Verdict]:
    """Every run chosen for the cadre or serving an unmet obligation, with what keeps the cadre out."""
    cadre = data.cadre_index[cadre_id]
    run = {s.session_id: s.status == "run" for s in plan.sessions}
    verdicts = []
    for offering in data.offerings:
        served = tuple(dict.fromkeys(o.rule.value for o in unmet if serves(o, offering)))
        chosen = offering.group_id in runs
        if not served and not chosen:
            continue
        head = (offering.group_id, offering.course_id, offering.start, offering.end, served, chosen)
        if chosen:
            verdicts.append(Verdict(*head))
            continue
        blocks = blocks_of(data, usage, run, cadre, offering)
        verdicts.append(Verdict(*head, tuple(k for k, _ in blocks), "; ".join(w for _, w in blocks)))
    return verdicts


def blocks_of(data: PlanningData, usage: Usage, run: dict[str, bool], cadre: int, offering: Offering) -> list[tuple[str, str]]:
    """(kind, words) of every rule keeping ``cadre`` out of ``offering`` given the plan's ``usage``; empty: it fits."""
    scenario = data.scenario
    person = data.cadres[cadre]
    if not all(scenario.is_eligible_audience(person, s) for s in offering.segments):
        return [("audience", f"not open to a {person.rank.value} {person.category.value} cadre of unit {person.unit_id}")]
    if offering.course_id in data.ledger[person.cadre_id].courses_taken:
        return [("taken", f"course {offering.course_id} is already in the cadre's ledger (no repeat, R8)")]
    absent = [str(r) for r in person.unavailable for s in offering.segments if r.overlaps(s.start, s.end)]
    if absent:
        return [("unavailable", f"the cadre is unavailable {', '.join(dict.fromkeys(absent))}")]
    if offering.seats == 0:
        return [("cancelled", "cancelled (no seats)")]
    found = [(block.value, _block_words(data, usage, cadre, offering, block, detail))
             for block, detail in _limit_blocks(data, usage, cadre, offering)]
    enrolled = int(usage.enrolled[offering.index])
    if not run.get(offering.segments[0].session_id, False) and enrolled + 1 < offering.min_enrolment:
        found.append(("cancelled", f"cancelled: {enrolled} enrolled, the cadre alone would not reach its minimum "
                                   f"enrolment {offering.min_enrolment}"))
    return found


def _limit_blocks(data: PlanningData, usage: Usage, cadre: int, offering: Offering) -> list[tuple[Block, str]]:
    """The blocks of ``usage``, the limits judged without the cadre's own runs that clash with ``offering``.

    Taking ``offering`` means leaving a clashing run (same days or same
    course), so that run's seat, bed and day away do not count against it.
    """
    own = [data.offerings[o] for o in usage.taken.get(cadre, {}).values()]
    clashing = [o for o in own if o.index != offering.index and (o.course_id == offering.course_id or _meet(o, offering))]
    clashes = [(b, d) for b, d in usage.blocks(cadre, offering) if b in (Block.OVERLAP, Block.REPEAT)]
    for other in clashing:
        usage.remove(cadre, other)
    try:
        return clashes + usage.blocks(cadre, offering)
    finally:
        for other in clashing:
            usage.add(cadre, other)


def _block_words(data: PlanningData, usage: Usage, cadre: int, offering: Offering, block: Block, detail: str) -> str:
    person = data.cadres[cadre]
    if block is Block.FULL:
        return f"full ({offering.seats} seats taken)"
    if block is Block.OVERLAP:
        return f"overlaps {detail}, which the cadre attends (R8)"
    if block is Block.REPEAT:
        return f"the cadre takes course {offering.course_id} in {detail} (no repeat, R8)"
    if block is Block.RELEASE:
        away = _away_colleagues(data, usage, cadre, offering)
        return f"unit {person.unit_id}'s release cap (R9) of {detail.removeprefix('cap ')} reached on those dates ({away} away)"
    if block is Block.BEDS:
        return f"institution {offering.institution_id}'s {detail} are all taken on those dates (R11)"
    if block is Block.BUDGET:
        return f"total budget: {detail}, the session costs {offering.cost:,} (R14)"
    if block is Block.UNIT_BUDGET:
        return f"unit {person.unit_id}'s budget: {detail}, the session costs {offering.cost:,} (R14)"
    return f"{block.value} ({detail})"


def _away_colleagues(data: PlanningData, usage: Usage, cadre: int, offering: Offering) -> str:
    unit = data.cadres[cadre].unit_id
    names = []
    for other, courses in usage.taken.items():
        if other == cadre or data.cadres[other].unit_id != unit:
            continue
        for index in courses.values():
            theirs = data.offerings[index]
            if not theirs.online and _meet(theirs, offering):
                names.append(f"{data.cadres[other].cadre_id} in {theirs.group_id}")
    return ", ".join(sorted(names)[:5]) or "others"


def _meet(a: Offering, b: Offering) -> bool:
    return any(x1 <= y2 and y1 <= x2 for x1, x2 in a.spans for y1, y2 in b.spans)


# ---------------------------------------------------------------- the smallest change, checked


Relax = Callable[[Scenario], Scenario]


def _find_fix(answer: WhyNot, data: PlanningData, usage: Usage, plan: Plan, options: SolveOptions, attempts: int) -> None:
    """Re-solve the smallest candidate changes first; keep the verified one that disturbs the fewest others."""
    candidates = sorted(_candidates(answer, data, usage), key=lambda c: c[0])
    for rank, (_, offering, changes) in enumerate(candidates[:attempts]):
        fix = _verify(data, plan, answer.cadre.cadre_id, offering, changes, options)
        answer.tried.append(fix)
        smaller = rank + 1 < len(candidates) and candidates[rank + 1][0][0] > fix.relaxations
        if fix.verified and smaller:
            break
    verified = [f for f in answer.tried if f.verified]
    if verified:
        answer.fix = min(verified, key=lambda f: (f.relaxations, f.obligations_lost, f.others_changed))


def _candidates(answer: WhyNot, data: PlanningData, usage: Usage) -> list[tuple[tuple, Offering, list[tuple[str, Relax]]]]:
    """(sort key, offering, [(words, relax)]) for each blocked or open run that limits alone keep the cadre from."""
    by_group = {o.group_id: o for o in data.offerings}
    cadre = data.cadre_index[answer.cadre.cadre_id]
    found = []
    for verdict in answer.sessions:
        offering = by_group[verdict.session_id]
        if verdict.chosen or offering.seats == 0 or any(k in STATIC for k in verdict.blocks):
            continue
        changes = [r for kind in dict.fromkeys(verdict.blocks) if (r := _relaxation(data, usage, cadre, offering, kind))]
        tier = min((TIER_BY_RULE[Rule(r)] for r in verdict.serves), default=9)
        found.append(((len(changes), tier, offering.start, offering.group_id), offering, changes))
    return found


def _relaxation(data: PlanningData, usage: Usage, cadre: int, offering: Offering, kind: str) -> tuple[str, Relax] | None:
    """The least raise of one limit that lifts block ``kind``; None for blocks a pin alone lifts (overlap, repeat)."""
    unit_id = data.cadres[cadre].unit_id
    unit = usage.unit_index[unit_id]
    if kind == Block.FULL.value:
        group, seats = offering.group_id, offering.seats
        return f"one more seat in {group}", lambda s: s.replace(sessions=tuple(
            replace(x, seats=seats + 1) if x.group_id == group and x.seats == seats else x for x in s.sessions))
    if kind == Block.BEDS.value:
        institution = offering.institution_id
        return f"one more bed at {institution}", lambda s: s.replace(institutions=tuple(
            replace(i, beds=(i.beds or 0) + 1) if i.institution_id == institution else i for i in s.institutions))
    if kind == Block.RELEASE.value:
        cap = int(usage.caps[unit])
        headcount = len(data.scenario.cadres_by_unit[unit_id])
        share = (cap + 1) / headcount
        return f"unit {unit_id} may have {cap + 1} cadres away at once (release cap {cap} -> {cap + 1})", lambda s: s.replace(
            units=tuple(replace(u, max_away_share=share) if u.unit_id == unit_id else u for u in s.units))
    if kind == Block.BUDGET.value:
        more = offering.cost - (usage.budget or 0) + usage.spent
        return f"{more:,} yuan more in the total budget", lambda s: s.replace(budget_total=(s.budget_total or 0) + more)
    if kind == Block.UNIT_BUDGET.value:
        more = int(offering.cost - usage.unit_budget[unit] + usage.unit_spent[unit])
        return f"{more:,} yuan more in unit {unit_id}'s budget", lambda s: s.replace(units=tuple(
            replace(u, budget=(u.budget or 0) + more) if u.unit_id == unit_id else u for u in s.units))
    return None


def _verify(data: PlanningData, plan: Plan, cadre_id: str, offering: Offering,
            changes: list[tuple[str, Relax]], options: SolveOptions) -> Fix:
    """Apply the changes, confirm the cadre in the run, re-solve keeping ``plan``, and judge the new plan."""
    scenario = data.scenario
    for _, relax in changes:
        scenario = relax(scenario)
    scenario = scenario.replace(pinned=(*scenario.pinned, Pin(cadre_id, offering.group_id, "why-not check")))
    words = " and ".join([w for w, _ in changes] + [f"{cadre_id} confirmed in {offering.group_id}"])
    result = solve(scenario, data.year, options, keep=plan)
    if result.status in (SolveStatus.INFEASIBLE, SolveStatus.UNKNOWN):
        return Fix(offering.group_id, words, len(changes), False, f"re-solve: {result.status.value}")
    violations = check_plan(scenario, result.plan)
    inside = offering.group_id in runs_by_cadre(scenario, result.plan).get(cadre_id, set())
    if violations or not inside:
        why = f"{len(violations)} rule(s) broken" if violations else "the cadre is still not in it"
        return Fix(offering.group_id, words, len(changes), False, f"re-solve: {why}")
    others = {r.cadre_id for r in plan_diff(scenario, data.year, plan, result.plan) if r.cadre_id != cadre_id}
    lost = _obligations_lost(scenario, data, plan, result.plan)
    detail = (f"checked: re-solved in {math.ceil(result.runtime)} s, the checker accepts the plan; "
              f"{len(others)} other cadre(s) change sessions"
              + (f" ({', '.join(sorted(others)[:5])})" if others else "")
              + (f"; {lost} other obligation(s) no longer met" if lost else "; no other obligation lost"))
    return Fix(offering.group_id, words, len(changes), True, detail, len(others), lost)


def _obligations_lost(scenario: Scenario, data: PlanningData, before: Plan, after: Plan) -> int:
    """Obligations met by ``before`` and not by ``after`` (raised limits do not change what is owed)."""
    old = evaluate(scenario, data.obligations, before)
    new = evaluate(scenario, data.obligations, after)
    return sum(1 for a, b in zip(old, new) if a.met and not b.met)
