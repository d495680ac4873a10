"""Verdicts on a plan's session runs for one cadre: chosen, open, or kept out and by which rules.

Read from the plan's usage (:mod:`optimizer.diagnose.blocks`), worded by :mod:`optimizer.diagnose.wording`;
the why-not answer lists them and the fixes start from them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from models import Obligation, Plan
from models.messages import Text, joined, message
from models.serving import serves
from optimizer.diagnose.blocks import entry_blocks
from optimizer.diagnose.wording import sentence
from optimizer.prepare.data import PlanningData
from optimizer.prepare.usage import Usage, plan_usage


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
    """The kinds (:class:`optimizer.prepare.usage.Block` values) of the rules keeping the cadre out."""
    why: Text = ""

    @property
    def state(self) -> Text:
        if self.chosen:
            return message("verdict.chosen")
        return self.why or message("verdict.open")


def checked_usage(data: PlanningData, plan: Plan) -> Usage:
    """Seats, beds, days away and budget the plan uses; it must name only known cadres and sessions."""
    scenario = data.scenario
    unknown = sorted({a.session_id for a in plan.assignments if a.session_id not in scenario.session_by_id})
    strangers = sorted({a.cadre_id for a in plan.assignments if a.cadre_id not in scenario.cadre_by_id})
    if unknown or strangers:
        raise ValueError(
            "the plan does not fit the scenario: "
            f"unknown sessions {unknown[:5]}, unknown cadres {strangers[:5]}"
        )
    return plan_usage(data, plan)


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
        blocks = entry_blocks(data, usage, run, cadre, offering)
        words = joined(sentence(data, usage, cadre, offering, b) for b in blocks) if blocks else ""
        verdicts.append(Verdict(*head, tuple(b.block.value for b in blocks), words))
    return verdicts
