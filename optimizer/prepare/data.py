"""The scenario prepared for solving: session runs ("offerings"), eligible pairs, cliques.

Both the greedy baseline and the CP-SAT model read this; the independent
plan checker does not.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from functools import cached_property

import numpy as np

from models import Ledger, Obligation, Obligations, Rule, Scenario, owed_obligations
from models.entities import Cadre
from models.messages import Message, message
from models.obligations import SOLVER_RULES
from models.serving import serve_key, serves
from optimizer.prepare.cliques import maximal_cliques
from optimizer.prepare.eligibility import (
    AudienceKey,
    AudienceTable,
    available,
    not_taken,
    owed_rules,
    repeat_groups,
    segment_days,
)
from optimizer.prepare.offerings import Offering, make_offerings
from optimizer.prepare.thinning import Thinned, thin

DEADLINE_RULES = frozenset({Rule.R3, Rule.R5, Rule.R6, Rule.R6b, Rule.R16})
"""Rules whose serving runs must end by the obligation's deadline (models.serving.serves)."""


@dataclass(frozen=True)
class FixedUsage:
    """Resources used by the assignments of cadres that are not free."""

    enrolled: np.ndarray
    """Per offering: fixed cadres enrolled."""
    beds: dict[tuple[str, int], int] = field(default_factory=dict)
    """Per (institution, index into ``data.cliques_beds[institution]``): fixed cadres in those sessions."""
    away: dict[tuple[str, int], int] = field(default_factory=dict)
    """Per (unit, index into ``data.cliques_offjob``): fixed cadres of the unit away in those sessions."""
    spent: int = 0
    unit_spent: dict[str, int] = field(default_factory=dict)
    unit_given: dict[tuple[str, str], int] = field(default_factory=dict)
    """Per unit obligation (by ``Obligation.key``): what the fixed members' sessions give toward it
    (members trained for R4, R16 and the R12 rates, hours for R12.hours and R12.online)."""


@dataclass(frozen=True)
class PlanningData:
    """Everything the solvers need, with cadres and offerings numbered 0..n-1.

    ``pair_cadre[p]`` and ``pair_offering[p]`` name eligible pair ``p``:
    the cadre passes the audience rules, is available on every segment's
    days and has not taken the course (R8); pairs that serve no obligation
    of the cadre are left out unless the session needs a minimum enrolment.
    """

    scenario: Scenario
    year: int
    obligations: Obligations
    ledger: Ledger
    cadres: tuple[Cadre, ...]
    offerings: tuple[Offering, ...]
    pair_cadre: np.ndarray
    pair_offering: np.ndarray
    cliques_all: list[frozenset[int]]
    """Maximal sets of offerings that overlap each other (any kind)."""
    cliques_offjob: list[frozenset[int]]
    """Maximal cliques of off-job (non-online) offerings, singletons included: the days away."""
    cliques_beds: dict[str, list[frozenset[int]]]
    """Per institution with a bed limit, maximal cliques of its offerings, singletons included."""
    pinned: tuple[tuple[int, int], ...] = ()
    """Confirmed (cadre, offering) pairs that the plan must keep."""
    pin_problems: tuple[Message, ...] = ()
    """Pins that no plan can keep (not eligible), in planner words."""
    fixed: FixedUsage | None = None
    """In a neighbourhood (:mod:`optimizer.prepare.neighbourhood`): what the cadres that are not free use."""
    fillers: np.ndarray | None = None
    """In a core model (:mod:`optimizer.pipeline.core`): per offering, how many cadres left out of the model
    could sit in it. They count toward its minimum enrolment and take seats, beds and budget, unnamed."""
    thinned: Thinned | None = None
    """Set when the scenario had more candidate pairs than memory allows and each cadre kept only its most
    useful runs (:mod:`optimizer.prepare.thinning`): plans hold, bounds on these pairs do not."""

    @cached_property
    def cadre_index(self) -> dict[str, int]:
        return {c.cadre_id: k for k, c in enumerate(self.cadres)}

    @cached_property
    def pairs_by_cadre(self) -> list[np.ndarray]:
        """Per cadre, the indices of its pairs."""
        return _split(self.pair_cadre, len(self.cadres))

    @cached_property
    def pairs_by_offering(self) -> list[np.ndarray]:
        """Per offering, the indices of its pairs."""
        return _split(self.pair_offering, len(self.offerings))

    @property
    def used_outside(self) -> FixedUsage:
        """What cadres outside the neighbourhood use; nothing for a whole scenario."""
        return (
            self.fixed
            if self.fixed is not None
            else FixedUsage(np.zeros(len(self.offerings), dtype=np.int64))
        )

    @cached_property
    def members_by_unit(self) -> dict[str, list[int]]:
        """Per unit owing a team share (R4), its obligation's members as cadre indices."""
        return {
            item.unit_id: [self.cadre_index[c] for c in item.members]
            for item in self.obligations.of_rule(Rule.R4)
            if item.unit_id
        }

    def team_members(self, unit_id: str) -> list[int]:
        """Indices of a unit's leadership-team members not already trained this year (R4's members)."""
        return self.members_by_unit.get(unit_id, [])

    @cached_property
    def _members(self) -> dict[tuple[str, str], np.ndarray]:
        return {}

    def members_of(self, item: Obligation) -> np.ndarray:
        """A unit obligation's members (cadres whose sessions count toward it) as cadre indices."""
        found = self._members.get(item.key)
        if found is None:
            found = np.array([self.cadre_index[c] for c in item.members], dtype=np.int64)
            self._members[item.key] = found
        return found

    @cached_property
    def _masks(self) -> dict[tuple[object, ...], np.ndarray]:
        return {}

    def offering_mask(self, item: Obligation) -> np.ndarray:
        """Bool per offering: does the run serve ``item`` (:func:`models.serving.serves`)? Cached by what
        decides it (:func:`models.serving.serve_key`)."""
        key = serve_key(item)
        found = self._masks.get(key)
        if found is None:
            if item.rule in DEADLINE_RULES and item.deadline is not None:
                # One mask per deadline would call serves() per offering for every promotion date: the
                # mask without the deadline, then the runs that end by it.
                found = self.offering_mask(replace(item, deadline=None)) & (self._ends <= item.deadline)
            else:
                found = np.array([serves(item, o) for o in self.offerings], dtype=bool)
            self._masks[key] = found
        return found

    @cached_property
    def _ends(self) -> np.ndarray:
        """Per offering the last day of its run (numpy datetime64[D])."""
        return np.array([o.end for o in self.offerings], dtype="datetime64[D]")

    def pairs_of(self, cadre_id: str) -> np.ndarray:
        return self.pairs_by_cadre[self.cadre_index[cadre_id]]

    @property
    def num_pairs(self) -> int:
        return len(self.pair_cadre)

    def __str__(self) -> str:
        return (
            f"{len(self.cadres)} cadres, {len(self.offerings)} session runs, "
            f"{self.num_pairs} eligible pairs, {len(self.cliques_all)} overlap cliques"
        )


def _admits(scenario: Scenario, offering: Offering, cadre: Cadre) -> bool:
    return all(scenario.is_eligible_audience(cadre, s) for s in offering.segments)


def _rule_templates(scenario: Scenario) -> list[Obligation]:
    """One obligation of each rule but R7, with no deadline: what serves it for some cadre owing the rule."""
    days = scenario.policy.professional_week_days
    return [Obligation(rule, 1, "", min_days=days) for rule in SOLVER_RULES if rule is not Rule.R7]


def _useful_rules(offering: Offering, templates: list[Obligation]) -> set[Rule]:
    """The rules the offering could serve (models.serving.serves, read rule by rule)."""
    return {item.rule for item in templates if serves(item, offering)}


def eligible_pairs(
    scenario: Scenario,
    obligations: Obligations,
    ledger: Ledger,
    offerings: tuple[Offering, ...],
    keep: set[tuple[int, int]] = frozenset(),  # type: ignore[assignment]
    max_pairs: int | None = None,
) -> tuple[np.ndarray, np.ndarray]:
    """(cadre index, offering index) arrays of the pairs worth a variable, sorted by cadre then offering.

    Raises :class:`TooManyPairs` before any pair array exists when the
    candidates (before the personal filters) are more than ``max_pairs``.

    A pair is eligible when every segment's audience admits the cadre, the
    course is not in the cadre's ledger (R8) and the cadre is available on
    every segment's days. It is worth a variable when the offering serves
    the cadre (its summoned course, or a rule it owes that the offering can
    meet), needs a minimum enrolment, or is in ``keep``. Offerings are
    numbered by position (``offering.index``).
    """
    cadres, chosen, _ = thinned_pairs(scenario, obligations, ledger, offerings, keep, max_pairs, False)
    return cadres, chosen


def thinned_pairs(
    scenario: Scenario,
    obligations: Obligations,
    ledger: Ledger,
    offerings: tuple[Offering, ...],
    keep: set[tuple[int, int]],
    max_pairs: int | None,
    thinning: bool,
) -> tuple[np.ndarray, np.ndarray, Thinned | None]:
    """:func:`eligible_pairs`; with ``thinning``, more candidates than ``max_pairs`` are thinned
    (:mod:`optimizer.prepare.thinning`) instead of refused, and what was done is returned with the pairs.
    :class:`TooManyPairs` still when not even one run a cadre fits."""
    if not offerings or not scenario.cadres:
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64), None
    keys: dict[AudienceKey, int] = {}
    key_of = [keys.setdefault((c.unit_id, c.rank, c.category), len(keys)) for c in scenario.cadres]
    table = AudienceTable(scenario, offerings, list(keys))
    group_of, members, rules, useful = _serving_groups(scenario, obligations, offerings, table, key_of)
    candidates = int(np.array([len(m) for m in members], dtype=np.int64)[group_of].sum()) if members else 0
    done = None
    if max_pairs is not None and candidates > max_pairs:
        cut = thin(group_of, members, rules, useful, offerings, max_pairs) if thinning else None
        if cut is None:
            raise TooManyPairs(candidates, max_pairs, len(scenario.cadres), len(offerings))
        group_of, members, cap = cut
        done = Thinned(candidates, max_pairs, cap)
    cadres, chosen = repeat_groups(group_of, members)
    extra = [
        (c, o)
        for c, o in sorted(_summoned_pairs(scenario, obligations, offerings) | set(keep))
        if table.admits(key_of[c], o)
    ]
    if extra:
        cadres, chosen = _merge(cadres, chosen, extra, len(offerings))
    taken = [ledger[c.cadre_id].courses_taken for c in scenario.cadres]
    ok = not_taken(cadres, chosen, [o.course_id for o in offerings], taken)
    ok &= available(cadres, chosen, scenario, segment_days(offerings))
    return cadres[ok], chosen[ok], done


def _merge(
    cadres: np.ndarray, chosen: np.ndarray, extra: list[tuple[int, int]], width: int
) -> tuple[np.ndarray, np.ndarray]:
    """The sorted pairs with the sorted ``extra`` pairs not yet among them, still sorted."""
    codes = cadres * width + chosen
    new = np.array([c * width + o for c, o in extra], dtype=np.int64)
    at = np.searchsorted(codes, new)
    present = codes[np.minimum(at, len(codes) - 1)] == new if len(codes) else np.zeros(len(new), dtype=bool)
    codes = np.insert(codes, at[~present], new[~present])
    return codes // width, codes % width


class TooManyPairs(Exception):
    """The scenario has more candidate (cadre, offering) pairs than the memory limit allows."""

    def __init__(self, pairs: int, limit: int, cadres: int, offerings: int):
        super().__init__(f"{pairs:,} candidate pairs, above the limit of {limit:,}")
        self.pairs, self.limit, self.cadres, self.offerings = pairs, limit, cadres, offerings


def _serving_groups(
    scenario: Scenario,
    obligations: Obligations,
    offerings: tuple[Offering, ...],
    table: AudienceTable,
    key_of: list[int],
) -> tuple[np.ndarray, list[np.ndarray], list[frozenset[Rule]], list[set[Rule]]]:
    """Per cadre its group, per group the offerings open to its audience key that serve a rule it owes or
    need a minimum enrolment; and per group the rules owed, per offering the rules it could serve.

    Cadres with the same audience key and the same rules owed get the same
    offerings: one list per such group, repeated for its members
    (:func:`optimizer.prepare.eligibility.repeat_groups`); the count of pairs is known before they are.
    """
    member_of: dict[str, set[Rule]] = defaultdict(set)
    for item in obligations:
        for member in item.members:
            member_of[member].add(item.rule)
    owed = owed_rules(scenario, obligations.by_cadre, member_of)
    templates = _rule_templates(scenario)
    useful = [_useful_rules(o, templates) for o in offerings]
    needs_min = np.array([o.min_enrolment != 0 for o in offerings], dtype=bool)
    serving: dict[frozenset[Rule], np.ndarray] = {}
    groups: dict[tuple[int, frozenset[Rule]], int] = {}
    keys = zip(key_of, owed, strict=True)
    group_of = np.array([groups.setdefault(g, len(groups)) for g in keys], dtype=np.int64)
    members, owed_by_group = [], []
    for key, rules in groups:
        if rules not in serving:
            serving[rules] = needs_min | np.array([bool(rules & u) for u in useful], dtype=bool)
        members.append(np.flatnonzero(table.offerings_of(key) & serving[rules]))
        owed_by_group.append(rules)
    return group_of, members, owed_by_group, useful


def _summoned_pairs(
    scenario: Scenario, obligations: Obligations, offerings: tuple[Offering, ...]
) -> set[tuple[int, int]]:
    """(cadre, offering) pairs of every run of a course the cadre is summoned to (R7), audience unchecked."""
    cadre_index = {c.cadre_id: k for k, c in enumerate(scenario.cadres)}
    by_course: dict[str, list[int]] = defaultdict(list)
    for o in offerings:
        by_course[o.course_id].append(o.index)
    return {
        (cadre_index[item.cadre_id], o)
        for item in obligations.of_rule(Rule.R7)
        if item.cadre_id in cadre_index and item.course_id is not None
        for o in by_course.get(item.course_id, ())
    }


def _cliques(offerings: tuple[Offering, ...], keep: list[bool], min_size: int) -> list[frozenset[int]]:
    """Maximal cliques of the kept offerings' segments, as sets of offering indices."""
    spans = [(o.index, a, b) for o in offerings if keep[o.index] for a, b in o.spans]
    found: set[frozenset[int]] = {clique for clique in maximal_cliques(spans) if len(clique) >= min_size}
    return sorted(found, key=lambda c: sorted(c))


def prepare(
    scenario: Scenario,
    year: int,
    obligations: Obligations | None = None,
    keep: Iterable[tuple[str, str]] = (),
    max_pairs: int | None = None,
    thinning: bool = False,
) -> PlanningData:
    """Number cadres and offerings, find eligible pairs and the overlap cliques; :class:`TooManyPairs`
    when there would be more than ``max_pairs`` candidates, unless ``thinning`` (then each cadre keeps
    its most useful runs, :mod:`optimizer.prepare.thinning`, and :attr:`PlanningData.thinned` says so).

    ``keep`` holds (cadre id, session id) assignments of a previous plan: they
    get a variable when still eligible, even if they serve no obligation now.
    """
    ledger = Ledger(scenario, year)
    obligations = obligations or owed_obligations(scenario, year, ledger)
    offerings = make_offerings(scenario, year)
    pinned, pin_problems = _pins(scenario, ledger, offerings)
    wanted = set(pinned) | _kept_pairs(scenario, offerings, keep)
    pair_cadre, pair_offering, thinned = thinned_pairs(
        scenario, obligations, ledger, offerings, wanted, max_pairs, thinning
    )
    beds_by_institution = {i.institution_id: i.beds for i in scenario.institutions if i.beds is not None}
    by_institution: dict[str, list[bool]] = defaultdict(lambda: [False] * len(offerings))
    for o in offerings:
        if o.institution_id in beds_by_institution and not o.online:
            by_institution[o.institution_id][o.index] = True
    return PlanningData(
        scenario=scenario,
        year=year,
        obligations=obligations,
        ledger=ledger,
        cadres=scenario.cadres,
        offerings=offerings,
        pair_cadre=pair_cadre,
        pair_offering=pair_offering,
        cliques_all=_cliques(offerings, [True] * len(offerings), min_size=2),
        cliques_offjob=_cliques(offerings, [not o.online for o in offerings], min_size=1),
        cliques_beds={i: _cliques(offerings, keep, min_size=1) for i, keep in by_institution.items()},
        pinned=tuple(pinned),
        pin_problems=tuple(pin_problems),
        thinned=thinned,
    )


def _kept_pairs(
    scenario: Scenario, offerings: tuple[Offering, ...], keep: Iterable[tuple[str, str]]
) -> set[tuple[int, int]]:
    """(cadre index, offering index) of the ``keep`` assignments whose cadre and session still exist."""
    cadre_index = {c.cadre_id: k for k, c in enumerate(scenario.cadres)}
    by_group = {o.group_id: o.index for o in offerings}
    found = set()
    for cadre_id, session_id in keep:
        session = scenario.session_by_id.get(session_id)
        if cadre_id in cadre_index and session is not None and session.group_id in by_group:
            found.add((cadre_index[cadre_id], by_group[session.group_id]))
    return found


def _pins(
    scenario: Scenario, ledger: Ledger, offerings: tuple[Offering, ...]
) -> tuple[list[tuple[int, int]], list[Message]]:
    """Pinned (cadre, offering) pairs, and the pins no plan can keep with the reason."""
    cadre_index = {c.cadre_id: k for k, c in enumerate(scenario.cadres)}
    by_group = {o.group_id: o for o in offerings}
    pinned: list[tuple[int, int]] = []
    problems: list[Message] = []
    for pin in scenario.pinned:
        cadre = scenario.cadre_by_id[pin.cadre_id]
        group = scenario.session_by_id[pin.session_id].group_id
        offering = by_group.get(group)
        label = message("pin.label", cadre=pin.cadre_id, session=pin.session_id)
        if offering is None:
            problems.append(message("pin.not_this_year", label=label, year=ledger.year))
        elif not _admits(scenario, offering, cadre):
            rank, category = message(f"rank.{cadre.rank.value}"), message(f"category.{cadre.category.value}")
            problems.append(
                message("pin.audience", label=label, rank=rank, category=category, unit=cadre.unit_id)
            )
        elif offering.course_id in ledger[cadre.cadre_id].courses_taken:
            problems.append(message("pin.taken", label=label, course=offering.course_id))
        elif not all(cadre.is_available(s.start, s.end) for s in offering.segments):
            problems.append(message("pin.unavailable", label=label))
        else:
            pinned.append((cadre_index[pin.cadre_id], offering.index))
    return sorted(set(pinned)), problems


def _split(keys: np.ndarray, size: int) -> list[np.ndarray]:
    """Indices of ``keys`` grouped by key 0..size-1, each group in index order."""
    order = np.argsort(keys, kind="stable")
    bounds = np.searchsorted(keys[order], np.arange(size + 1))
    return [order[bounds[i] : bounds[i + 1]] for i in range(size)]
