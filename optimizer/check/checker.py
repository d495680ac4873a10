"""The independent plan checker: one ``check_<rule>(scenario, plan)`` per hard rule.

Independence is the point: nothing here comes from the model builder or from
the Scenario's helper methods. Every rule is recomputed from the scenario's
records and the plan's records, after the "Precise meanings" of DOMAIN.md, so
the checker can judge any plan folder, whoever wrote it.

Each check is linear in the plan (dict groupings and per-day sweeps over
start/end events, never loops over pairs of cadres), so a plan of 100,000
cadres is checked in seconds.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from datetime import date, timedelta
from pathlib import Path

from models import (
    Assignment,
    InstitutionKind,
    Plan,
    Scenario,
    Session,
    SessionStatus,
    load_scenario,
    read_plan,
)
from models.planio import ASSIGNMENT_COLUMNS, SESSION_COLUMNS

ONE_DAY = timedelta(days=1)
MAX_NAMES = 5
"""How many ids a message lists before it writes "…"."""

SHORTFALL_COLUMNS = ("rule", "required", "planned", "shortfall", "reason")
"""The shortfall columns a plan must have (``cadre_id`` and ``unit_id`` may be either)."""


@dataclass(frozen=True)
class Violation:
    """One broken hard rule, with the ids a planner needs to find it."""

    rule: str
    message: str
    cadre_id: str | None = None
    session_id: str | None = None
    unit_id: str | None = None
    institution_id: str | None = None
    day: date | None = None
    last_day: date | None = None

    def __str__(self) -> str:
        return f"{self.rule} {self.message}"


class PlanFolderError(ValueError):
    """A plan folder that cannot be read: a missing file or column, or an unreadable cell."""


# ---------------------------------------------------------------- helpers


def _names(ids: Iterable[str]) -> str:
    """Sorted ids, the first few, then "…"."""
    ordered = sorted(set(ids))
    shown = ", ".join(ordered[:MAX_NAMES])
    return shown + (", …" if len(ordered) > MAX_NAMES else "")


def _span(first: date, last: date) -> str:
    return f"on {first}" if first == last else f"on {first}..{last}"


def _known(scenario: Scenario, plan: Plan) -> list[tuple[Assignment, Session]]:
    """Assignments whose cadre and session exist, each with the scenario's session (the truth)."""
    sessions, cadres = scenario.session_by_id, scenario.cadre_by_id
    return [
        (a, sessions[a.session_id])
        for a in plan.assignments
        if a.session_id in sessions and a.cadre_id in cadres
    ]


def _enrolled(scenario: Scenario, plan: Plan) -> Counter[str]:
    """Assignments per known session (an unknown cadre still takes a seat and a bed)."""
    return Counter(a.session_id for a in plan.assignments if a.session_id in scenario.session_by_id)


def _run_id(session: Session) -> str:
    """The first segment's id: a run is the first segment and the sessions naming it in ``segment_of``."""
    return session.segment_of or session.session_id


def _is_online(scenario: Scenario, session: Session) -> bool:
    return scenario.institution_by_id[session.institution_id].kind is InstitutionKind.ONLINE


def _overloads(intervals: Iterable[tuple[date, date, int]], cap: int) -> list[tuple[date, date, int]]:
    """Sweep closed day ranges with weights; the spans of constant load above ``cap``."""
    delta: dict[date, int] = defaultdict(int)
    for first, last, weight in intervals:
        delta[first] += weight
        delta[last + ONE_DAY] -= weight
    days = sorted(delta)
    spans = []
    load = 0
    for day, next_day in zip(days, days[1:]):
        load += delta[day]
        if load > cap:
            spans.append((day, next_day - ONE_DAY, load))
    return spans


def _merged(ranges: list[tuple[date, date]]) -> list[tuple[date, date]]:
    """Union of closed day ranges, so that a cadre is counted once per day."""
    merged: list[tuple[date, date]] = []
    for first, last in sorted(ranges):
        if merged and first <= merged[-1][1] + ONE_DAY:
            merged[-1] = (merged[-1][0], max(merged[-1][1], last))
        else:
            merged.append((first, last))
    return merged


def _unit_chains(scenario: Scenario) -> dict[str, frozenset[str]]:
    """Each unit with all its ancestors (a cadre of unit u is in the subtree of every unit here)."""
    parent_by_unit = {u.unit_id: u.parent_id for u in scenario.units}
    chains = {}
    for unit_id in parent_by_unit:
        chain: set[str] = set()
        current: str | None = unit_id
        while current and current not in chain:
            chain.add(current)
            current = parent_by_unit.get(current)
        chains[unit_id] = frozenset(chain)
    return chains


# ---------------------------------------------------------------- checks


def check_references(scenario: Scenario, plan: Plan) -> list[Violation]:
    """Plan contract: known ids, assignments match their session, sessions.csv lists each plan-year session once."""
    violations = _assignment_references(scenario, plan)
    listed = Counter(s.session_id for s in plan.sessions)
    enrolled = Counter(a.session_id for a in plan.assignments)
    sessions = scenario.session_by_id
    for session in scenario.sessions:
        if session.start.year == plan.year and session.session_id not in listed:
            violations.append(
                Violation(
                    "references",
                    f"sessions.csv misses plan-year session {session.session_id}",
                    session_id=session.session_id,
                )
            )
    for status in plan.sessions:
        violations.extend(
            Violation("references", m, session_id=status.session_id)
            for m in _status_problems(status, sessions.get(status.session_id), enrolled, plan.year)
        )
    for sid, count in sorted(listed.items()):
        if count > 1:
            violations.append(
                Violation("references", f"sessions.csv lists {sid} {count} times", session_id=sid)
            )
    return violations


def _status_problems(
    status: SessionStatus, session: Session | None, enrolled: Counter[str], year: int
) -> list[str]:
    """What is wrong with one row of the plan's sessions.csv."""
    sid = status.session_id
    if session is None:
        return [f"sessions.csv lists unknown session {sid}"]
    if session.start.year != year:
        return [f"sessions.csv lists {sid}, which starts {session.start}, outside plan year {year}"]
    problems = []
    if status.enrolled != enrolled[sid]:
        problems.append(
            f"session {sid}: enrolled {status.enrolled} in sessions.csv but {enrolled[sid]} assignments"
        )
    if status.seats != session.seats:
        problems.append(
            f"session {sid}: seats {status.seats} in sessions.csv but {session.seats} in the scenario"
        )
    return problems


def _assignment_references(scenario: Scenario, plan: Plan) -> list[Violation]:
    """Each assignment names a known cadre and session and copies the session's fields."""
    violations = []
    for a in plan.assignments:
        where = f"assignment of {a.cadre_id} to {a.session_id}"
        if a.cadre_id not in scenario.cadre_by_id:
            violations.append(
                Violation(
                    "references",
                    f"{where}: unknown cadre {a.cadre_id}",
                    a.cadre_id,
                    a.session_id,
                )
            )
        session = scenario.session_by_id.get(a.session_id)
        if session is None:
            violations.append(
                Violation(
                    "references",
                    f"{where}: unknown session {a.session_id}",
                    a.cadre_id,
                    a.session_id,
                )
            )
            continue
        wrong = [
            f"{name} {mine} (session {theirs})"
            for name, mine, theirs in (
                ("course_id", a.course_id, session.course_id),
                ("institution_id", a.institution_id, session.institution_id),
                ("start", a.start, session.start),
                ("end", a.end, session.end),
                ("hours", a.hours, session.hours),
            )
            if mine != theirs
        ]
        if wrong:
            violations.append(
                Violation(
                    "references",
                    f"{where} disagrees with the session: {', '.join(wrong)}",
                    a.cadre_id,
                    a.session_id,
                )
            )
    return violations


def check_eligibility(scenario: Scenario, plan: Plan) -> list[Violation]:
    """Eligibility: rank, category and unit subtree in the session's audience; session starts in the plan year."""
    chains = _unit_chains(scenario) if any(s.audience_units for s in scenario.sessions) else {}
    violations = []
    for a, session in _known(scenario, plan):
        cadre = scenario.cadre_by_id[a.cadre_id]
        reasons = []
        if session.audience_ranks and cadre.rank not in session.audience_ranks:
            reasons.append(
                f"rank {cadre.rank.value} not in {_names(r.value for r in session.audience_ranks)}"
            )
        if session.audience_categories and cadre.category not in session.audience_categories:
            allowed = _names(c.value for c in session.audience_categories)
            reasons.append(f"category {cadre.category.value} not in {allowed}")
        if session.audience_units and session.audience_units.isdisjoint(chains[cadre.unit_id]):
            reasons.append(f"unit {cadre.unit_id} not under {_names(session.audience_units)}")
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
    enrolled = _enrolled(scenario, plan)
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
    enrolled = _enrolled(scenario, plan)
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
        for first, last, load in _overloads(intervals, beds):
            present = _names(s.session_id for s in sessions if s.start <= first <= s.end)
            violations.append(
                Violation(
                    "R11",
                    f"institution {iid} {_span(first, last)}: {load} cadres in residence, {beds} beds ({present})",
                    institution_id=iid,
                    day=first,
                    last_day=last,
                )
            )
    return violations


def check_overlap(scenario: Scenario, plan: Plan) -> list[Violation]:
    """R8: no cadre in two sessions whose dates overlap (both ends inclusive, any kind)."""
    by_cadre: dict[str, list[Session]] = defaultdict(list)
    for a, session in _known(scenario, plan):
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
    for a, session in _known(scenario, plan):
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
    """R8: no course already in the cadre's ledger, no course twice in the plan (segments of one run are one)."""
    taken: dict[tuple[str, str], date] = {}
    for entry in scenario.history:
        key = (entry.cadre_id, entry.course_id)
        taken[key] = max(taken.get(key, entry.end), entry.end)
    known = _known(scenario, plan)
    pairs = Counter((a.cadre_id, a.session_id) for a, _ in known)
    runs: dict[tuple[str, str], set[str]] = defaultdict(set)
    for a, session in known:
        runs[(a.cadre_id, session.course_id)].add(_run_id(session))
    violations = []
    for (cadre_id, course_id), run_ids in runs.items():
        if (cadre_id, course_id) in taken:
            violations.append(
                Violation(
                    "R8",
                    f"cadre {cadre_id} repeats course {course_id}, in the ledger up to "
                    f"{taken[(cadre_id, course_id)]} ({_names(run_ids)} in the plan)",
                    cadre_id,
                    min(run_ids),
                )
            )
        if len(run_ids) > 1:
            violations.append(
                Violation(
                    "R8",
                    f"cadre {cadre_id} takes course {course_id} {len(run_ids)} times ({_names(run_ids)})",
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
    for a, session in _known(scenario, plan):
        if not _is_online(scenario, session):
            away[a.cadre_id].append((session.start, session.end))
    away_by_unit: dict[str, list[tuple[date, date, str]]] = defaultdict(list)
    for cadre_id, ranges in away.items():
        unit_id = scenario.cadre_by_id[cadre_id].unit_id
        away_by_unit[unit_id].extend((first, last, cadre_id) for first, last in _merged(ranges))
    headcount = Counter(c.unit_id for c in scenario.cadres)
    violations = []
    for unit_id, ranges in sorted(away_by_unit.items()):
        cap = release_cap(scenario, unit_id, headcount[unit_id])
        for first, last, load in _overloads(((start, end, 1) for start, end, _ in ranges), cap):
            names = _names(cadre for start, end, cadre in ranges if start <= first <= end)
            violations.append(
                Violation(
                    "R9",
                    f"unit {unit_id} {_span(first, last)}: {load} cadres away, cap {cap} ({names})",
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
    for a, session in _known(scenario, plan):
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
        members[_run_id(session)].add(session.session_id)
    segmented = {sid for run in members.values() if len(run) > 1 for sid in run}
    attended: dict[tuple[str, str], set[str]] = defaultdict(set)
    for a in plan.assignments:
        if a.session_id in segmented and a.cadre_id in scenario.cadre_by_id:
            attended[(a.cadre_id, _run_id(scenario.session_by_id[a.session_id]))].add(a.session_id)
    violations = []
    for (cadre_id, run_id), sessions in sorted(attended.items()):
        missing = members[run_id] - sessions
        if missing:
            violations.append(
                Violation(
                    "R15",
                    f"cadre {cadre_id} attends {_names(sessions)} but not {_names(missing)} "
                    f"of the segmented run {run_id} (all segments or none)",
                    cadre_id,
                    run_id,
                )
            )
    return violations


def check_sessions_run(scenario: Scenario, plan: Plan) -> list[Violation]:
    """Sessions: status is run or cancelled; a cancelled one has nobody; a run one has >= max(1, min_enrolment)."""
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
            message = f"session {sid} is cancelled but has {len(cadres)} cadres ({_names(cadres)})"
        elif status.status == "run" and session is not None and len(cadres) < max(1, session.min_enrolment):
            message = f"session {sid} runs with {len(cadres)} cadres, below its minimum {max(1, session.min_enrolment)}"
        else:
            continue
        violations.append(Violation("sessions", message, session_id=sid))
    return violations


CHECKS: tuple[Callable[[Scenario, Plan], list[Violation]], ...] = (
    check_references,
    check_eligibility,
    check_seats,
    check_beds,
    check_overlap,
    check_unavailability,
    check_no_repeat,
    check_release,
    check_budget,
    check_segments,
    check_sessions_run,
)


def check_plan(scenario: Scenario, plan: Plan) -> list[Violation]:
    """Every hard rule, in the order of :data:`CHECKS`; an empty list means the plan is valid."""
    return [v for check in CHECKS for v in check(scenario, plan)]


# ---------------------------------------------------------------- folders and command line


def read_plan_folder(plan_dir: str | Path, year: int | None = None) -> Plan:
    """Read a plan folder, naming the missing file or column when it cannot be read.

    Raises
    ------
    PlanFolderError
        When a file or column is missing, a cell cannot be read, or no plan year is known.
    """
    folder = Path(plan_dir)
    for name, columns in (
        ("assignments.csv", ASSIGNMENT_COLUMNS),
        ("sessions.csv", SESSION_COLUMNS),
        ("shortfalls.csv", SHORTFALL_COLUMNS),
    ):
        _require_columns(folder / name, columns)
    try:
        plan = read_plan(folder)
    except (OSError, KeyError, ValueError) as error:
        raise PlanFolderError(f"{folder}: cannot read the plan: {error}") from error
    if year is not None:
        return replace(plan, year=year)
    if "year" not in plan.summary:
        raise PlanFolderError(f"{folder / 'summary.json'}: no 'year' given; pass the plan year with --year")
    return plan


def _require_columns(path: Path, columns: tuple[str, ...]) -> None:
    if not path.is_file():
        raise PlanFolderError(f"{path}: file missing")
    with path.open(encoding="utf-8-sig") as handle:
        header = {c.strip() for c in handle.readline().rstrip("\r\n").split(",")}
    missing = [c for c in columns if c not in header]
    if missing:
        raise PlanFolderError(f"{path}: column(s) missing: {', '.join(missing)}")


def check_folder(scenario_dir: str | Path, plan_dir: str | Path, year: int | None = None) -> list[Violation]:
    """Load a scenario folder and a plan folder and check the plan against every hard rule."""
    return check_plan(load_scenario(scenario_dir), read_plan_folder(plan_dir, year))
