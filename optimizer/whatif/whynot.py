"""Why is this cadre not in a session? What they owe, every session that serves it, the rule keeping them out.

Then the smallest change that lets the cadre in, checked by re-solving
(:mod:`optimizer.whatif.fixes`).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from models import Cadre, Obligation, Plan, Rule, Scenario, evaluate
from models.obligations import RULE_TITLES, TIER_BY_RULE
from models.serving import serves
from optimizer.control.options import SolveOptions
from optimizer.diagnose.shortfalls import plan_usage
from optimizer.prepare.data import Offering, PlanningData, prepare
from optimizer.prepare.overlap import clash, overlap
from optimizer.prepare.usage import Block, Usage
from optimizer.whatif.fixes import Fix, Verdict, find_fix
from optimizer.whatif.replan import runs_by_cadre

ANY_SESSION = frozenset({"R1", "R2", "R4"})
"""Rules many sessions serve: those closed to the cadre by audience are summed up in one line."""


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
        lines = [
            f"{c.cadre_id} {c.name} ({c.rank.value}, {c.category.value}, unit {c.unit_id}) in {self.year}"
        ]
        lines.append("owes:" if self.owed else "owes nothing this year")
        for o in self.owed:
            state = "met" if o.met else f"UNMET ({o.planned} of {o.required})"
            lines.append(f"  {o.rule} {RULE_TITLES[Rule(o.rule)]}: {state}; {o.reason}")
        lines.append(f"planned: {', '.join(self.planned) or 'nothing'}")
        closed = [v for v in self.sessions if v.blocks == ("audience",) and set(v.serves) <= ANY_SESSION]
        shown = [v for v in self.sessions if v not in closed]
        if self.sessions:
            lines.append("sessions serving what is still owed (or chosen):")
        for v in shown:
            lines.append(
                f"  {v.session_id} {v.course_id} {v.start}..{v.end} serves {'+'.join(v.serves)}: {v.state}"
            )
        if closed:
            ids = ", ".join(v.session_id for v in closed[:6]) + (", ..." if len(closed) > 6 else "")
            lines.append(f"  and {len(closed)} more serving hours or the team share, {closed[0].why}: {ids}")
        for fix in self.tried:
            mark = (
                "smallest change" if fix is self.fix else ("also works" if fix.verified else "does not work")
            )
            lines.append(f"{mark}: {fix.change} -- {fix.detail}")
        if self.fix is None and any(not o.met for o in self.owed):
            lines.append(
                "no change found that lets the cadre in"
                + ("" if self.tried else " (no session is blocked by limits only)")
            )
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
    usage = checked_usage(data, plan)
    owed_items = cadre_obligations(data, cadre_id)
    outcomes = {id(o.obligation): o.planned for o in evaluate(scenario, data.obligations, plan)}
    owed = [Owed(o.rule.value, o.reason, o.required, outcomes[id(o)]) for o in owed_items]
    unmet = [o for o, w in zip(owed_items, owed) if not w.met]
    runs = runs_by_cadre(scenario, plan).get(cadre_id, set())
    verdicts = session_verdicts(data, usage, plan, cadre_id, unmet, runs)
    answer = WhyNot(scenario.cadre_by_id[cadre_id], year, owed, sorted(runs), verdicts)
    if attempts > 0:
        answer.fix, answer.tried = find_fix(
            data, usage, plan, cadre_id, verdicts, options or SolveOptions(time_limit=10.0), attempts
        )
    return answer


def checked_usage(data: PlanningData, plan: Plan) -> Usage:
    """Seats, beds, days away and budget the plan uses, after checking it names only known cadres and sessions."""
    scenario = data.scenario
    unknown = sorted({a.session_id for a in plan.assignments if a.session_id not in scenario.session_by_id})
    strangers = sorted({a.cadre_id for a in plan.assignments if a.cadre_id not in scenario.cadre_by_id})
    if unknown or strangers:
        raise ValueError(
            f"the plan does not fit the scenario: unknown sessions {unknown[:5]}, unknown cadres {strangers[:5]}"
        )
    return plan_usage(data, plan)


def cadre_obligations(data: PlanningData, cadre_id: str) -> list[Obligation]:
    """The cadre's obligations, and their leadership team's share (R4) when they are an untrained member."""
    items = list(data.obligations.by_cadre.get(cadre_id, ()))
    cadre = data.scenario.cadre_by_id[cadre_id]
    if cadre.in_leadership_team and not data.ledger[cadre_id].trained_in_year:
        items += [o for o in data.obligations.of_rule(Rule.R4) if o.unit_id == cadre.unit_id]
    return sorted(items, key=lambda o: (TIER_BY_RULE[o.rule], o.rule.value))


def session_verdicts(
    data: PlanningData,
    usage: Usage,
    plan: Plan,
    cadre_id: str,
    unmet: list[Obligation],
    runs: set[str],
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


def blocks_of(
    data: PlanningData, usage: Usage, run: dict[str, bool], cadre: int, offering: Offering
) -> list[tuple[str, str]]:
    """(kind, words) of every rule keeping ``cadre`` out of ``offering`` given the plan's ``usage``; empty: it fits."""
    scenario = data.scenario
    person = data.cadres[cadre]
    if not all(scenario.is_eligible_audience(person, s) for s in offering.segments):
        return [
            (
                "audience",
                f"not open to a {person.rank.value} {person.category.value} cadre of unit {person.unit_id}",
            )
        ]
    if offering.course_id in data.ledger[person.cadre_id].courses_taken:
        return [("taken", f"course {offering.course_id} is already in the cadre's ledger (no repeat, R8)")]
    absent = [str(r) for r in person.unavailable for s in offering.segments if r.overlaps(s.start, s.end)]
    if absent:
        return [("unavailable", f"the cadre is unavailable {', '.join(dict.fromkeys(absent))}")]
    if offering.seats == 0:
        return [("cancelled", "cancelled (no seats)")]
    found = [
        (block.value, _block_words(data, usage, cadre, offering, block, detail))
        for block, detail in _limit_blocks(data, usage, cadre, offering)
    ]
    enrolled = int(usage.enrolled[offering.index])
    if not run.get(offering.segments[0].session_id, False) and enrolled + 1 < offering.min_enrolment:
        found.append(
            (
                "cancelled",
                f"cancelled: {enrolled} enrolled, the cadre alone would not reach its minimum "
                f"enrolment {offering.min_enrolment}",
            )
        )
    return found


def _limit_blocks(
    data: PlanningData, usage: Usage, cadre: int, offering: Offering
) -> list[tuple[Block, str]]:
    """The blocks of ``usage``, the limits judged without the cadre's own runs that clash with ``offering``.

    Taking ``offering`` means leaving a clashing run (same days or same
    course), so that run's seat, bed and day away do not count against it.
    """
    own = [data.offerings[o] for o in usage.taken.get(cadre, {}).values()]
    clashing = [o for o in own if clash(o, offering)]
    clashes = [(b, d) for b, d in usage.blocks(cadre, offering) if b in (Block.OVERLAP, Block.REPEAT)]
    for other in clashing:
        usage.remove(cadre, other)
    try:
        return clashes + usage.blocks(cadre, offering)
    finally:
        for other in clashing:
            usage.add(cadre, other)


BLOCK_WORDS = {
    Block.FULL: "full ({seats} seats taken)",
    Block.OVERLAP: "overlaps {detail}, which the cadre attends (R8)",
    Block.REPEAT: "the cadre takes course {course} in {detail} (no repeat, R8)",
    Block.RELEASE: "unit {unit}'s release cap (R9) of {cap} reached on those dates ({away} away)",
    Block.BEDS: "institution {institution}'s {detail} are all taken on those dates (R11)",
    Block.BUDGET: "total budget: {detail}, the session costs {cost:,} (R14)",
    Block.UNIT_BUDGET: "unit {unit}'s budget: {detail}, the session costs {cost:,} (R14)",
}


def _block_words(
    data: PlanningData, usage: Usage, cadre: int, offering: Offering, block: Block, detail: str
) -> str:
    away = _away_colleagues(data, usage, cadre, offering) if block is Block.RELEASE else ""
    return BLOCK_WORDS.get(block, "{block} ({detail})").format(
        seats=offering.seats,
        detail=detail,
        course=offering.course_id,
        unit=data.cadres[cadre].unit_id,
        cap=detail.removeprefix("cap "),
        away=away,
        institution=offering.institution_id,
        cost=offering.cost,
        block=block.value,
    )


def _away_colleagues(data: PlanningData, usage: Usage, cadre: int, offering: Offering) -> str:
    unit = data.cadres[cadre].unit_id
    names = []
    for other, courses in usage.taken.items():
        if other == cadre or data.cadres[other].unit_id != unit:
            continue
        for index in courses.values():
            theirs = data.offerings[index]
            if not theirs.online and overlap(theirs.spans, offering.spans):
                names.append(f"{data.cadres[other].cadre_id} in {theirs.group_id}")
    return ", ".join(sorted(names)[:5]) or "others"
