"""Who could fill a free seat: the cadres who still owe what a session serves and may take it.

Given a plan, a cadre is listed when an obligation of theirs the plan leaves
unmet would count toward it (their summoned course, a systematic course, off-job
hours, their team's share) and adding them to the session keeps every hard
rule: the audience, the ledger (no repeat), unavailability, seats, beds, no
overlap, the unit's release cap and the budgets. The list is ranked by the
priority tier of the obligation served, then urgency (the earliest deadline,
then the most hours missing), then cadre id.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date

from models import Obligation, Plan, Rule, Scenario, evaluate
from models.messages import Message, Text, check_lang, joined, message, text_of
from models.obligations import TIER_BY_RULE, UNIT_RULES
from models.reasons import rule_words
from models.serving import serves
from optimizer.diagnose.blocks import entry_blocks
from optimizer.prepare.data import PlanningData, prepare
from optimizer.whatif.runs import runs_by_cadre, with_run
from optimizer.whatif.verdicts import checked_usage


@dataclass(frozen=True, slots=True)
class Candidate:
    """A cadre who could take the seat, with the obligations it would serve (highest priority first)."""

    cadre_id: str
    rule: str
    tier: int
    deadline: date | None
    missing: int
    """Hours still missing (R1/R2), else 1."""
    serves: tuple[str, ...]

    def words(self) -> Message:
        """``C3: R2 section/staff hours per year, 50 h missing (also R4)``."""
        also = [r for r in self.serves if r != self.rule]
        return message(
            "candidate",
            cadre=self.cadre_id,
            rule=self.rule,
            title=rule_words(self.rule),
            missing=message("candidate.missing", n=self.missing) if self.rule in ("R1", "R2") else "",
            deadline=message("candidate.deadline", deadline=self.deadline) if self.deadline else "",
            also=message("candidate.also", rules=joined(also, "comma")) if also else "",
        )

    def __str__(self) -> str:
        return str(self.words())


@dataclass
class Seats:
    """A session run's seats in the plan and the ranked cadres who could fill the free ones."""

    session_id: str
    course_id: str
    start: date
    end: date
    seats: int
    enrolled: int
    note: Text = ""
    candidates: list[Candidate] = field(default_factory=list)
    kept_out: Counter[str] = field(default_factory=Counter)
    """Cadres who owe what the session serves but would break a rule, by the first rule (block kind)."""

    @property
    def free(self) -> int:
        return max(0, self.seats - self.enrolled)

    def text(self, lang: str = "en") -> str:
        """The seats and the ranked cadres in ``lang``, one line per fact."""
        check_lang(lang)
        head = message(
            "fill.head",
            session=self.session_id,
            course=self.course_id,
            start=self.start,
            end=self.end,
            enrolled=self.enrolled,
            seats=self.seats,
            free=self.free,
        )
        lines: list[Text] = [head] + ([self.note] if self.note else [])
        if self.candidates:
            lines.append(message("fill.candidates", n=len(self.candidates)))
            lines += [
                message("fill.candidate_line", k=k, candidate=c.words())
                for k, c in enumerate(self.candidates, start=1)
            ]
        elif not self.note:
            lines.append(message("fill.nobody"))
        if self.kept_out:
            counts = joined(
                (
                    message("fill.kept_out_count", n=n, kind=message(f"kind.{kind}"))
                    for kind, n in self.kept_out.most_common()
                ),
                "comma",
            )
            lines.append(message("fill.kept_out", counts=counts))
        return "\n".join(text_of(line, lang) for line in lines)

    def __str__(self) -> str:
        return self.text("en")


def who_could_fill(scenario: Scenario, year: int, plan: Plan, session_id: str) -> Seats:
    """The ranked cadres who could take a free seat of ``session_id`` (any segment of a run names the run).

    Raises
    ------
    KeyError
        When the session is not in the scenario.
    ValueError
        When it does not start in ``year``, or the plan names cadres or sessions the scenario does not have.
    """
    session = scenario.session_by_id.get(session_id)
    if session is None:
        raise KeyError(f"unknown session {session_id!r}")
    data = prepare(scenario, year)
    offering = next((o for o in data.offerings if o.group_id == session.group_id), None)
    if offering is None:
        raise ValueError(f"session {session_id} does not start in {year}")
    usage = checked_usage(data, plan)
    enrolled = int(usage.enrolled[offering.index])
    seats = Seats(
        offering.group_id, offering.course_id, offering.start, offering.end, offering.seats, enrolled
    )
    if seats.free == 0:
        seats.note = message("fill.no_free_seat") if offering.seats else message("block.no_seats")
        return seats
    if enrolled + 1 < offering.min_enrolment:
        seats.note = message("fill.not_run", enrolled=enrolled, minimum=offering.min_enrolment)
        return seats
    run = {s.session_id: s.status == "run" for s in plan.sessions}
    for cadre_id, owed in _unmet(data, plan).items():
        served = [(o, missing) for o, missing in owed if serves(o, offering)]
        if not served:
            continue
        blocks = entry_blocks(data, usage, run, data.cadre_index[cadre_id], offering)
        if blocks:
            seats.kept_out[blocks[0].block.value] += 1
            continue
        seats.candidates.append(_candidate(cadre_id, served))
    seats.candidates.sort(key=lambda c: (c.tier, c.deadline or date.max, -c.missing, c.cadre_id))
    return seats


def _unmet(data: PlanningData, plan: Plan) -> dict[str, list[tuple[Obligation, int]]]:
    """Per cadre, the (obligation, still missing) pairs the plan leaves unmet; a unit's (R4, R16, R12) goes
    to its members not in any session."""
    runs = runs_by_cadre(data.scenario, plan)
    unmet: dict[str, list[tuple[Obligation, int]]] = {}
    for outcome in evaluate(data.scenario, data.obligations, plan):
        if outcome.met:
            continue
        item = outcome.obligation
        if item.rule in UNIT_RULES:
            members = [m for m in item.members if not runs.get(m)]
        else:
            members = [item.cadre_id or ""]
        for cadre_id in members:
            unmet.setdefault(cadre_id, []).append((item, outcome.shortfall))
    return unmet


def _candidate(cadre_id: str, served: list[tuple[Obligation, int]]) -> Candidate:
    served = sorted(served, key=lambda p: (TIER_BY_RULE[p[0].rule], p[0].deadline or date.max, -p[1]))
    first, missing = served[0]
    return Candidate(
        cadre_id,
        first.rule.value,
        TIER_BY_RULE[first.rule],
        first.deadline,
        missing if first.rule in (Rule.R1, Rule.R2) else 1,
        tuple(dict.fromkeys(o.rule.value for o, _ in served)),
    )


def add_to_plan(scenario: Scenario, year: int, plan: Plan, cadre_id: str, session_id: str) -> Plan:
    """``plan`` with the cadre added to the run of ``session_id`` (every segment), statuses recomputed."""
    return with_run(scenario, year, plan, cadre_id, scenario.session_by_id[session_id].group_id)
