"""Why is this cadre not in a session? What they owe, every session that serves it, the rule keeping them out.

Then the smallest change that lets the cadre in, checked by re-solving
(:mod:`optimizer.whatif.fixes`).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from models import Cadre, Obligation, Plan, Scenario, evaluate
from models.messages import Text, check_lang, joined, message, text_of
from models.obligations import TIER_BY_RULE
from models.reasons import cadre_words, rule_words
from optimizer.control.options import SolveOptions
from optimizer.prepare.data import PlanningData, prepare
from optimizer.whatif.fixes import Fix, find_fix
from optimizer.whatif.runs import runs_by_cadre
from optimizer.whatif.verdicts import Verdict, checked_usage, session_verdicts

ANY_SESSION = frozenset({"R1", "R2", "R4"})
"""Rules many sessions serve: those closed to the cadre by audience are summed up in one line."""


@dataclass(frozen=True, slots=True)
class Owed:
    """One obligation of the cadre (or of their leadership team) and what the plan gives toward it."""

    rule: str
    reason: Text
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

    def text(self, lang: str = "en") -> str:
        """The answer in ``lang``, one line per fact."""
        check_lang(lang)
        return "\n".join(text_of(line, lang) for line in self.lines())

    def __str__(self) -> str:
        return self.text("en")

    def lines(self) -> list[Text]:
        """The answer's lines, as messages."""
        lines: list[Text] = [message("whynot.head", cadre=cadre_words(self.cadre), year=self.year)]
        lines.append(message("whynot.owes" if self.owed else "whynot.owes_nothing"))
        for o in self.owed:
            state = (
                message("whynot.met")
                if o.met
                else message("whynot.unmet", planned=o.planned, required=o.required)
            )
            title = rule_words(o.rule)
            lines.append(message("whynot.owed", rule=o.rule, title=title, state=state, reason=o.reason))
        lines.append(
            message(
                "whynot.planned",
                runs=joined(self.planned, "comma") if self.planned else message("whynot.nothing"),
            )
        )
        closed = [v for v in self.sessions if v.blocks == ("audience",) and set(v.serves) <= ANY_SESSION]
        shown = [v for v in self.sessions if v not in closed]
        if self.sessions:
            lines.append(message("whynot.sessions"))
        for v in shown:
            line = message(
                "whynot.session",
                session=v.session_id,
                course=v.course_id,
                start=v.start,
                end=v.end,
                serves="+".join(v.serves),
                state=v.state,
            )
            lines.append(line)
        if closed:
            more: list[Text] = [message("more.listed")] if len(closed) > 6 else []
            ids = joined([joined((v.session_id for v in closed[:6]), "comma"), *more], "none")
            lines.append(message("whynot.closed", n=len(closed), why=closed[0].why, ids=ids))
        for fix in self.tried:
            mark = (
                "whynot.smallest"
                if fix is self.fix
                else ("whynot.also_works" if fix.verified else "whynot.does_not_work")
            )
            lines.append(message("whynot.fix", mark=message(mark), change=fix.change, detail=fix.detail))
        if self.fix is None and any(not o.met for o in self.owed):
            lines.append(message("whynot.no_fix", why="" if self.tried else message("whynot.no_limit_only")))
        return lines


def why_not(
    scenario: Scenario,
    year: int,
    plan: Plan,
    cadre_id: str,
    options: SolveOptions | None = None,
    attempts: int = 3,
) -> WhyNot:
    """Why ``cadre_id`` is (not) in the sessions of ``plan``, and the smallest change that lets them in.

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
    unmet = [o for o, w in zip(owed_items, owed, strict=True) if not w.met]
    runs = runs_by_cadre(scenario, plan).get(cadre_id, set())
    verdicts = session_verdicts(data, usage, plan, cadre_id, unmet, runs)
    answer = WhyNot(scenario.cadre_by_id[cadre_id], year, owed, sorted(runs), verdicts)
    if attempts > 0:
        answer.fix, answer.tried = find_fix(
            data, usage, plan, cadre_id, verdicts, options or SolveOptions(time_limit=10.0), attempts
        )
    return answer


def cadre_obligations(data: PlanningData, cadre_id: str) -> list[Obligation]:
    """The cadre's obligations, and their unit's (R4, R16, R12) whose members they are among."""
    items = list(data.obligations.by_cadre.get(cadre_id, ()))
    items += [o for o in data.obligations if cadre_id in o.members]
    return sorted(items, key=lambda o: (TIER_BY_RULE[o.rule], o.rule.value))
