"""One ``check_<rule>(scenario, plan)`` per hard rule, each linear in the plan.

The checks group by dict and sweep start/end events per day, never loop over
pairs of cadres, so the largest scenarios are checked in linear time. A rule
is read after the "Precise meanings" of DOMAIN.md, not from the model.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from datetime import date

from models import InstitutionKind, Plan, Scenario, Session
from optimizer.check.violations import (
    Violation,
    enrolled_by_session,
    is_online,
    known_assignments,
    merged,
    names,
    overloads,
    run_id,
    span,
    unit_chains,
)


def check_eligibility(scenario: Scenario, plan: Plan) -> list[Violation]:
    """Eligibility: rank, category and unit subtree in the session's audience; session in the plan year."""
    chains = unit_chains(scenario) if any(s.audience_units for s in scenario.sessions) else {}
    violations = []
    for a, session in known_assignments(scenario, plan):
        cadre = scenario.cadre_by_id[a.cadre_id]
        reasons = []
        if session.audience_ranks and cadre.rank not in session.audience_ranks:
            reasons.append(f"rank {cadre.rank.value} not in {names(r.value for r in session.audience_ranks)}")
        if session.audience_categories and cadre.category not in session.audience_categories:
            allowed = names(c.value for c in session.audience_categories)
            reasons.append(f"category {cadre.category.value} not in {allowed}")
        if session.audience_units and session.audience_units.isdisjoint(chains[cadre.unit_id]):
            reasons.append(f"unit {cadre.unit_id} not under {names(session.audience_units)}")
        if session.start.year != plan.year:
            reasons.append(f"session starts {session.start}, outside plan year {plan.year}")
        if reasons:
            violations.append(
                Violation(
                    "eligibility",
                    f"cadre {a.cadre_id} in {a.session_id}: {'; '.join(reasons)}",
                    a.cadre_id,
                    a.session_id,
                    cadre.unit_id,
                )
            )
    return violations


def check_seats(scenario: Scenario, plan: Plan) -> list[Violation]:
    """Seats: cadres assigned to a session <= its seats."""
    enrolled = enrolled_by_session(scenario, plan)
    violations = []
    for sid, count in sorted(enrolled.items()):
        seats = scenario.session_by_id[sid].seats
        if count > seats:
            violations.append(
                Violation("seats", f"session {sid}: {count} cadres, {seats} seats", session_id=sid)
            )
    return violations


def check_beds(scenario: Scenario, plan: Plan) -> list[Violation]:
    """R11: per institution with beds, per day, sum of cadres in its sessions covering the day <= beds."""
    enrolled = enrolled_by_session(scenario, plan)
    by_institution: dict[str, list[Session]] = defaultdict(list)
    for sid in enrolled:
        session = scenario.session_by_id[sid]
        institution = scenario.institution_by_id[session.institution_id]
        if institution.beds is not None and institution.kind is not InstitutionKind.ONLINE:
            by_institution[institution.institution_id].append(session)
    violations = []
    for iid, sessions in sorted(by_institution.items()):
        beds = scenario.institution_by_id[iid].beds
        assert beds is not None
        intervals = [(s.start, s.end, enrolled[s.session_id]) for s in sessions]
        for first, last, load in overloads(intervals, beds):
            present = names(s.session_id for s in sessions if s.start <= first <= s.end)
            violations.append(
                Violation(
                    "R11",
                    f"institution {iid} {span(first, last)}: "
                    f"{load} cadres in residence, {beds} beds ({present})",
                    institution_id=iid,
                    day=first,
                    last_day=last,
                )
            )
    return violations


def check_overlap(scenario: Scenario, plan: Plan) -> list[Violation]:
    """R8: no cadre in two sessions whose dates overlap (both ends inclusive, any kind)."""
    by_cadre: dict[str, list[Session]] = defaultdict(list)
    for a, session in known_assignments(scenario, plan):
        by_cadre[a.cadre_id].append(session)
    violations = []
    for cadre_id, sessions in sorted(by_cadre.items()):
        sessions.sort(key=lambda s: (s.start, s.end, s.session_id))
        for i, first in enumerate(sessions):
            for second in sessions[i + 1 :]:
                if second.start > first.end:
                    break
                if second.session_id != first.session_id:
                    violations.append(
                        Violation(
                            "R8",
                            f"cadre {cadre_id} in {first.session_id} ({first.start}..{first.end}) and "
                            f"{second.session_id} ({second.start}..{second.end}) on overlapping dates",
                            cadre_id,
                            second.session_id,
                            day=second.start,
                            last_day=min(first.end, second.end),
                        )
                    )
    return violations


def check_unavailability(scenario: Scenario, plan: Plan) -> list[Violation]:
    """Unavailability: no session overlaps one of the cadre's unavailable ranges."""
    violations = []
    for a, session in known_assignments(scenario, plan):
        cadre = scenario.cadre_by_id[a.cadre_id]
        clashes = [r for r in cadre.unavailable if r.first <= session.end and session.start <= r.last]
        if clashes:
            ranges = ", ".join(f"{r.first}..{r.last}" for r in clashes)
            violations.append(
                Violation(
                    "unavailability",
                    f"cadre {a.cadre_id} in {a.session_id} ({session.start}..{session.end}) "
                    f"while unavailable {ranges}",
                    a.cadre_id,
                    a.session_id,
                    cadre.unit_id,
                    day=max(session.start, clashes[0].first),
                )
            )
    return violations


def check_no_repeat(scenario: Scenario, plan: Plan) -> list[Violation]:
    """R8: no course already in the cadre's ledger, none twice in the plan (a run's segments are one)."""
    taken: dict[tuple[str, str], date] = {}
    for entry in scenario.history:
        key = (entry.cadre_id, entry.course_id)
        taken[key] = max(taken.get(key, entry.end), entry.end)
    known = known_assignments(scenario, plan)
    pairs = Counter((a.cadre_id, a.session_id) for a, _ in known)
    runs: dict[tuple[str, str], set[str]] = defaultdict(set)
    for a, session in known:
        runs[(a.cadre_id, session.course_id)].add(run_id(session))
    violations = []
    for (cadre_id, course_id), run_ids in runs.items():
        if (cadre_id, course_id) in taken:
            violations.append(
                Violation(
                    "R8",
                    f"cadre {cadre_id} repeats course {course_id}, in the ledger up to "
                    f"{taken[(cadre_id, course_id)]} ({names(run_ids)} in the plan)",
                    cadre_id,
                    min(run_ids),
                )
            )
        if len(run_ids) > 1:
            violations.append(
                Violation(
                    "R8",
                    f"cadre {cadre_id} takes course {course_id} {len(run_ids)} times ({names(run_ids)})",
                    cadre_id,
                    min(run_ids),
                )
            )
    for (cadre_id, sid), count in pairs.items():
        if count > 1:
            violations.append(
                Violation("R8", f"cadre {cadre_id} is assigned to {sid} {count} times", cadre_id, sid)
            )
    return sorted(violations, key=lambda v: (v.cadre_id or "", v.message))


def check_release(scenario: Scenario, plan: Plan) -> list[Violation]:
    """R9: per unit per day, its cadres away off-job <= max(1, floor(share x headcount))."""
    away: dict[str, list[tuple[date, date]]] = defaultdict(list)
    for a, session in known_assignments(scenario, plan):
        if not is_online(scenario, session):
            away[a.cadre_id].append((session.start, session.end))
    away_by_unit: dict[str, list[tuple[date, date, str]]] = defaultdict(list)
    for cadre_id, ranges in away.items():
        unit_id = scenario.cadre_by_id[cadre_id].unit_id
        away_by_unit[unit_id].extend((first, last, cadre_id) for first, last in merged(ranges))
    headcount = Counter(c.unit_id for c in scenario.cadres)
    violations = []
    for unit_id, cadre_ranges in sorted(away_by_unit.items()):
        cap = release_cap(scenario, unit_id, headcount[unit_id])
        for first, last, load in overloads(((start, end, 1) for start, end, _ in cadre_ranges), cap):
            present = names(cadre for start, end, cadre in cadre_ranges if start <= first <= end)
            violations.append(
                Violation(
                    "R9",
                    f"unit {unit_id} {span(first, last)}: {load} cadres away, cap {cap} ({present})",
                    unit_id=unit_id,
                    day=first,
                    last_day=last,
                )
            )
    return violations


def release_cap(scenario: Scenario, unit_id: str, headcount: int) -> int:
    """R9: max(1, floor(share x headcount)), share = the unit's or the policy's ``max_away_share``."""
    unit = scenario.unit_by_id[unit_id]
    share = scenario.policy.max_away_share if unit.max_away_share is None else unit.max_away_share
    # The epsilon keeps float noise (0.29 x 100 = 28.999…) from losing a whole cadre.
    return max(1, math.floor(share * headcount + 1e-9))


def check_budget(scenario: Scenario, plan: Plan) -> list[Violation]:
    """R14: sum of cost per head <= the total budget, and per unit (its own cadres) <= the unit's budget."""
    total = 0
    cost_by_unit: dict[str, int] = defaultdict(int)
    for a, session in known_assignments(scenario, plan):
        total += session.cost_per_head
        cost_by_unit[scenario.cadre_by_id[a.cadre_id].unit_id] += session.cost_per_head
    violations = []
    if scenario.budget_total is not None and total > scenario.budget_total:
        violations.append(
            Violation(
                "R14",
                f"total cost {total:,} yuan exceeds the budget {scenario.budget_total:,} "
                f"by {total - scenario.budget_total:,}",
            )
        )
    for unit in scenario.units:
        cost = cost_by_unit.get(unit.unit_id, 0)
        if unit.budget is not None and cost > unit.budget:
            violations.append(
                Violation(
                    "R14",
                    f"unit {unit.unit_id}: cost {cost:,} yuan exceeds its budget {unit.budget:,} "
                    f"by {cost - unit.budget:,}",
                    unit_id=unit.unit_id,
                )
            )
    return violations


def check_segments(scenario: Scenario, plan: Plan) -> list[Violation]:
    """R15: a cadre in one segment of a run is in all of them."""
    members: dict[str, set[str]] = defaultdict(set)
    for session in scenario.sessions:
        members[run_id(session)].add(session.session_id)
    segmented = {sid for run in members.values() if len(run) > 1 for sid in run}
    attended: dict[tuple[str, str], set[str]] = defaultdict(set)
    for a in plan.assignments:
        if a.session_id in segmented and a.cadre_id in scenario.cadre_by_id:
            attended[(a.cadre_id, run_id(scenario.session_by_id[a.session_id]))].add(a.session_id)
    violations = []
    for (cadre_id, run), sessions in sorted(attended.items()):
        missing = members[run] - sessions
        if missing:
            violations.append(
                Violation(
                    "R15",
                    f"cadre {cadre_id} attends {names(sessions)} but not {names(missing)} "
                    f"of the segmented run {run} (all segments or none)",
                    cadre_id,
                    run,
                )
            )
    return violations


def check_sessions_run(scenario: Scenario, plan: Plan) -> list[Violation]:
    """Sessions: run or cancelled; a cancelled one has nobody, a run one >= max(1, min_enrolment)."""
    cadres_by_session: dict[str, list[str]] = defaultdict(list)
    for a in plan.assignments:
        cadres_by_session[a.session_id].append(a.cadre_id)
    violations = []
    for status in plan.sessions:
        sid = status.session_id
        session = scenario.session_by_id.get(sid)
        cadres = cadres_by_session.get(sid, [])
        if status.status not in ("run", "cancelled"):
            message = f"session {sid} has status {status.status!r} (expected run or cancelled)"
        elif status.status == "cancelled" and cadres:
            message = f"session {sid} is cancelled but has {len(cadres)} cadres ({names(cadres)})"
        elif status.status == "run" and session is not None and len(cadres) < max(1, session.min_enrolment):
            minimum = max(1, session.min_enrolment)
            message = f"session {sid} runs with {len(cadres)} cadres, below its minimum {minimum}"
        else:
            continue
        violations.append(Violation("sessions", message, session_id=sid))
    return violations


def check_pins(scenario: Scenario, plan: Plan) -> list[Violation]:
    """Pins: every pinned (cadre, session) of the changes file is an assignment of the plan."""
    planned = {(a.cadre_id, a.session_id) for a in plan.assignments}
    return [
        Violation(
            "pins",
            f"cadre {pin.cadre_id} is pinned to {pin.session_id} but not assigned to it",
            pin.cadre_id,
            pin.session_id,
        )
        for pin in scenario.pinned
        if (pin.cadre_id, pin.session_id) not in planned
    ]


def check_strict_summons(scenario: Scenario, plan: Plan) -> list[Violation]:
    """R7 hard (``--strict-summons``): each named summons met by a session of the course; else no check."""
    solver = plan.summary.get("solver")
    if not (isinstance(solver, dict) and solver.get("strict_summons") is True):
        return []
    courses_by_cadre: dict[str, set[str]] = defaultdict(set)
    for a, session in known_assignments(scenario, plan):
        courses_by_cadre[a.cadre_id].add(session.course_id)
    return [
        Violation(
            "R7",
            f"cadre {summons.cadre_id} is summoned to course {summons.course_id} "
            "but attends no session of it (strict summons)",
            summons.cadre_id,
            unit_id=scenario.cadre_by_id[summons.cadre_id].unit_id
            if summons.cadre_id in scenario.cadre_by_id
            else None,
        )
        for summons in scenario.summons
        if summons.course_id not in courses_by_cadre[summons.cadre_id]
    ]
