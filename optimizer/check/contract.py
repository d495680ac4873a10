"""The plan contract: the plan's files agree with the scenario before any rule is judged."""

from __future__ import annotations

from collections import Counter

from models import Plan, Scenario, Session, SessionStatus
from optimizer.check.violations import Violation


def check_references(scenario: Scenario, plan: Plan) -> list[Violation]:
    """Plan contract: ids known, assignments copy their session, each plan-year session listed once."""
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
