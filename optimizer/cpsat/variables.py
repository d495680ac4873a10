"""The CP-SAT model's variables, and the named groups of hard-rule constraints (explain mode)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

import numpy as np
from ortools.sat.python import cp_model

from models.messages import Message, message
from optimizer.prepare.data import PlanningData

LinearExpr = cp_model.LinearExpr


@dataclass(frozen=True, order=True)
class Group:
    """A group of hard-rule constraints named in planner terms: rule, who or what, and dates.

    ``rule`` is the catalogue's ``group.<rule>`` (``seats``, ``release_cap`` ...), ``subject`` a
    ``subject.*`` message.
    """

    rule: str
    subject: Message
    first: date | None = None
    last: date | None = None

    def rule_words(self) -> Message:
        return message(f"group.{self.rule}")

    def words(self) -> Message:
        """``seats session S1 (2 seats) from 2020-03-02 to 2020-03-13``, in any language."""
        dates: Message | str = ""
        if self.first is not None and self.last is not None:
            dates = (
                message("conflict.on", day=self.first)
                if self.first == self.last
                else message("conflict.from_to", first=self.first, last=self.last)
            )
        return message("conflict.group", rule=self.rule_words(), subject=self.subject, dates=dates)

    def __str__(self) -> str:
        return str(self.words())


@dataclass
class Variables:
    """The model's variables; ``met[k]`` is the indicator of obligation ``k`` of ``data.obligations``."""

    x: list[cp_model.IntVar]
    run: dict[int, cp_model.IntVar] = field(default_factory=dict)
    half_empty: dict[int, cp_model.IntVar] = field(default_factory=dict)
    attends: dict[tuple[int, tuple[object, ...]], cp_model.IntVar] = field(default_factory=dict)
    """Per (cadre, :func:`models.serving.serve_key`): the cadre attends a run of that kind (a unit's
    counted obligations: R4, R16, the R12 rates)."""
    attend_kinds: dict[tuple[object, ...], np.ndarray] = field(default_factory=dict)
    """Per key of ``attends``: which offerings are of that kind (a bool mask)."""
    met: dict[int, cp_model.IntVar] = field(default_factory=dict)
    filler: dict[int, cp_model.IntVar] = field(default_factory=dict)
    """In a core model: per offering needing a minimum enrolment, the cadres outside the model in it."""
    cost: LinearExpr | int = 0
    explain: bool = False
    strict_summons: bool = False
    """Named summons (R7) are hard: a summoned cadre must attend a session of the course."""
    groups: dict[Group, cp_model.IntVar] = field(default_factory=dict)
    """With ``explain``: the enforcement literal of each hard-rule group."""

    def enforce(self, model: cp_model.CpModel, constraint: cp_model.Constraint, group: Group) -> None:
        """Tie ``constraint`` to its group's literal (explain mode only)."""
        if not self.explain:
            return
        if group not in self.groups:
            self.groups[group] = model.new_bool_var(f"group:{group}")
        constraint.only_enforce_if(self.groups[group])


def total(variables: Variables, pairs: np.ndarray | list[int]) -> LinearExpr:
    return LinearExpr.sum([variables.x[p] for p in pairs])


def day(data: PlanningData, offset: int) -> date:
    return date(data.year, 1, 1) + timedelta(days=offset)


def clique_dates(data: PlanningData, clique: frozenset[int]) -> tuple[date, date]:
    """The days the sessions of an overlap clique have in common (their segments' spans)."""
    first = max(min(a for a, _ in data.offerings[o].spans) for o in clique)
    last = min(max(b for _, b in data.offerings[o].spans) for o in clique)
    return day(data, first), day(data, max(first, last))


def dates_of(
    data: PlanningData, cliques: list[frozenset[int]], explain: bool
) -> list[tuple[date | None, date | None]]:
    """Each clique's common dates, for group names (computed in explain mode only)."""
    if not explain:
        return [(None, None)] * len(cliques)
    return [clique_dates(data, clique) for clique in cliques]


def at_most_one(model: cp_model.CpModel, v: Variables, pairs: list[int], group: Group) -> None:
    if v.explain:  # at-most-one takes no enforcement literal
        v.enforce(model, model.add(total(v, pairs) <= 1), group)
    else:
        model.add_at_most_one(v.x[p] for p in pairs)
