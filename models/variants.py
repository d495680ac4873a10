"""What-if variants of a scenario, each one call returning a new :class:`Scenario`.

Every function here leaves its input untouched (a Scenario is immutable) and
returns a new scenario made with :meth:`Scenario.replace`. Inputs are checked
first: an unknown id or a bad number raises :class:`ValueError` naming it.

Sessions are handled by *run*: a segmented course (R15) is one run of linked
segments, so removing or copying any segment removes or copies the whole run.

>>> variant = with_budget(scenario, factor=0.8)          # budget -20 %
>>> variant = with_policy(scenario, max_away_share=0.2)  # release cap 30 % -> 20 %
>>> variant = add_sessions_like(scenario, "S2020-0018", count=2, shift_days=14)
>>> removed = sessions_closed(scenario, "RB-03", date(2020, 3, 1), date(2020, 5, 31))
>>> variant = close_institution(scenario, "RB-03", date(2020, 3, 1), date(2020, 5, 31))

Folder variants need no code: a ``scenario.toml`` with ``base = "../default"``
inherits every file and setting of its base and overrides what it names.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Sequence
from datetime import date, timedelta
from typing import Any

from models.entities import Policy, Session
from models.scenario import Scenario
from models.settings import read_setting

POLICY_FIELDS = {f.name: f for f in dataclasses.fields(Policy)}


def with_policy(scenario: Scenario, **numbers: Any) -> Scenario:
    """The scenario with some policy settings changed.

    Parameters
    ----------
    scenario
        The scenario to start from.
    **numbers
        Policy fields and their new values, e.g. ``max_away_share=0.2``
        (see :class:`models.entities.Policy`), read as in ``scenario.toml``
        (``overdue_as_summons=False``, ``young_deadline="2022-12-31"``,
        ``online_hours_per_year=None``). A unit's own ``max_away_share``
        still wins over the policy default.

    Raises
    ------
    ValueError
        For an unknown policy field or a bad value (negative, a share above 1,
        a fraction where a whole number is expected, not a switch, not a date).
    """
    unknown = sorted(set(numbers) - set(POLICY_FIELDS))
    if unknown:
        raise ValueError(
            f"unknown policy setting(s): {', '.join(unknown)} (known: {', '.join(POLICY_FIELDS)})"
        )
    accepted: dict[str, Any] = {}
    for key, value in numbers.items():
        parsed, problem = read_setting(key, value, str(POLICY_FIELDS[key].type))
        if problem:
            raise ValueError(f"policy {key} = {value!r}: {problem}")
        accepted[key] = parsed
    return scenario.replace(policy=dataclasses.replace(scenario.policy, **accepted))


def with_budget(
    scenario: Scenario,
    total: int | None = None,
    factor: float | None = None,
    *,
    units: bool = False,
) -> Scenario:
    """The scenario with another total training budget (R14).

    Give exactly one of ``total`` and ``factor``.

    Parameters
    ----------
    scenario
        The scenario to start from.
    total
        The new total in yuan.
    factor
        Scale the current total, e.g. ``0.8`` for a budget 20 % lower
        (rounded to whole yuan).
    units
        With ``factor``, also scale every unit budget that is given.

    Raises
    ------
    ValueError
        When both or neither are given, a value is negative, or ``factor``
        is given but the scenario has no total budget to scale.
    """
    if (total is None) == (factor is None):
        raise ValueError("give exactly one of total= and factor=")
    if total is not None:
        if isinstance(total, bool) or not isinstance(total, int | float) or total < 0:
            raise ValueError(f"budget total {total!r}: expected a non-negative amount in yuan")
        if units:
            raise ValueError("units=True scales unit budgets and needs factor=, not total=")
        return scenario.replace(budget_total=int(total))
    assert factor is not None
    if isinstance(factor, bool) or not isinstance(factor, int | float) or factor < 0:
        raise ValueError(f"budget factor {factor!r}: expected a non-negative number such as 0.8")
    if scenario.budget_total is None:
        raise ValueError(f"scenario {scenario.name!r} has no total budget to scale; give total= instead")
    changes: dict[str, object] = {"budget_total": round(scenario.budget_total * factor)}
    if units:
        changes["units"] = tuple(
            u if u.budget is None else dataclasses.replace(u, budget=round(u.budget * factor))
            for u in scenario.units
        )
    return scenario.replace(**changes)


def with_extra_sessions(scenario: Scenario, sessions: Iterable[Session]) -> Scenario:
    """The scenario with more sessions in its catalogue.

    Parameters
    ----------
    scenario
        The scenario to start from.
    sessions
        New sessions (build them with :func:`dataclasses.replace` of an
        existing one, or see :func:`add_sessions_like`). A segment may name a
        new or an existing session in ``segment_of``.

    Raises
    ------
    ValueError
        For an id already used (or repeated), an unknown course, institution
        or first segment, an end before the start, or negative seats.
    """
    new = tuple(sessions)
    _check_new_sessions(scenario, new)
    return scenario.replace(sessions=scenario.sessions + new)


def _check_new_sessions(scenario: Scenario, new: Sequence[Session]) -> None:
    ids = [s.session_id for s in new]
    taken = sorted({i for i in ids if i in scenario.session_by_id} | {i for i in ids if ids.count(i) > 1})
    if taken:
        raise ValueError(f"session id(s) already used: {', '.join(taken)}")
    known_sessions = set(scenario.session_by_id) | set(ids)
    problems = [
        f"{s.session_id}: {problem}"
        for s in new
        for problem in _session_problems(scenario, s, known_sessions)
    ]
    if problems:
        raise ValueError("bad new session(s): " + "; ".join(problems))


def _session_problems(scenario: Scenario, session: Session, known_sessions: set[str]) -> list[str]:
    problems = []
    if session.course_id not in scenario.course_by_id:
        problems.append(f"unknown course {session.course_id!r}")
    if session.institution_id not in scenario.institution_by_id:
        problems.append(f"unknown institution {session.institution_id!r}")
    if session.segment_of is not None and session.segment_of not in known_sessions:
        problems.append(f"unknown first segment {session.segment_of!r}")
    if session.end < session.start:
        problems.append(f"ends {session.end} before it starts {session.start}")
    if session.seats < 0 or session.min_enrolment > session.seats:
        problems.append(f"{session.seats} seats for a minimum enrolment of {session.min_enrolment}")
    return problems


def add_sessions_like(scenario: Scenario, session_id: str, count: int, shift_days: int) -> Scenario:
    """The scenario with ``count`` more runs of an existing session, on later dates.

    Copy ``k`` (1 to ``count``) is the session's whole run (all its segments)
    moved ``k * shift_days`` days later, with ids ``<id>-extra<k>`` (the next
    free number when those are taken): "two more classes at the provincial
    party school" is ``add_sessions_like(scenario, id, count=2, shift_days=14)``.

    Parameters
    ----------
    scenario
        The scenario to start from.
    session_id
        The session to copy (any segment of a run stands for the whole run).
    count
        How many copies, at least 1.
    shift_days
        Days between one run and the next copy, at least 1.

    Raises
    ------
    ValueError
        For an unknown session, a count or shift below 1, or a copy that
        would start in a later year than the original (it would leave the
        plan year).
    """
    _check_sessions_known(scenario, [session_id])
    if count < 1 or shift_days < 1:
        raise ValueError(f"count ({count}) and shift_days ({shift_days}) must both be at least 1")
    run = scenario.segments_by_group[scenario.session_by_id[session_id].group_id]
    if (run[0].start + timedelta(days=count * shift_days)).year != run[0].start.year:
        raise ValueError(
            f"the last copy of {run[0].session_id} would start {count * shift_days} days after "
            f"{run[0].start}, in another year: use fewer copies or a shorter shift"
        )
    taken = set(scenario.session_by_id)
    copies: list[Session] = []
    for k in range(1, count + 1):
        copies += _shifted_run(run, timedelta(days=k * shift_days), taken)
    return with_extra_sessions(scenario, copies)


def _shifted_run(run: Sequence[Session], shift: timedelta, taken: set[str]) -> list[Session]:
    """A copy of a run ``shift`` later, with fresh ids (added to ``taken``)."""
    id_by_old = {s.session_id: _fresh_id(s.session_id, taken) for s in run}
    return [
        dataclasses.replace(
            s,
            session_id=id_by_old[s.session_id],
            start=s.start + shift,
            end=s.end + shift,
            segment_of=id_by_old.get(s.segment_of, s.segment_of) if s.segment_of else None,
        )
        for s in run
    ]


def _fresh_id(session_id: str, taken: set[str]) -> str:
    k = 1
    while f"{session_id}-extra{k}" in taken:
        k += 1
    taken.add(f"{session_id}-extra{k}")
    return f"{session_id}-extra{k}"


def without_sessions(scenario: Scenario, ids: Iterable[str]) -> Scenario:
    """The scenario without some sessions (a segment removes its whole run).

    Raises
    ------
    ValueError
        Naming every id that is not a session of the scenario.
    """
    wanted = list(dict.fromkeys(ids))
    _check_sessions_known(scenario, wanted)
    groups = {scenario.session_by_id[i].group_id for i in wanted}
    return scenario.replace(sessions=tuple(s for s in scenario.sessions if s.group_id not in groups))


def sessions_closed(
    scenario: Scenario, institution_id: str, first: date | str, last: date | str
) -> tuple[str, ...]:
    """The sessions :func:`close_institution` removes, in catalogue order.

    Every session of a run with a segment at ``institution_id`` that meets
    the closure ``first..last`` (both days included).

    Raises
    ------
    ValueError
        For an unknown institution or ``last`` before ``first``.
    """
    if institution_id not in scenario.institution_by_id:
        raise ValueError(f"unknown institution {institution_id!r}")
    first, last = _as_date(first), _as_date(last)
    if last < first:
        raise ValueError(f"the closure ends {last} before it starts {first}")
    groups = {
        s.group_id
        for s in scenario.sessions
        if s.institution_id == institution_id and s.start <= last and first <= s.end
    }
    return tuple(s.session_id for s in scenario.sessions if s.group_id in groups)


def close_institution(
    scenario: Scenario, institution_id: str, first: date | str, last: date | str
) -> Scenario:
    """The scenario with an institution closed from ``first`` to ``last`` (both included).

    Every session (whole run) at the institution that overlaps the closure is
    removed; :func:`sessions_closed` with the same arguments names them.
    Dates are :class:`datetime.date` or ``YYYY-MM-DD`` text.

    Raises
    ------
    ValueError
        For an unknown institution or ``last`` before ``first``.
    """
    closed = set(sessions_closed(scenario, institution_id, first, last))
    return scenario.replace(sessions=tuple(s for s in scenario.sessions if s.session_id not in closed))


def with_seats(scenario: Scenario, session_id: str, seats: int) -> Scenario:
    """The scenario with another number of seats for one session.

    Raises
    ------
    ValueError
        For an unknown session, or seats that are negative, not whole, or
        fewer than the session's minimum enrolment.
    """
    _check_sessions_known(scenario, [session_id])
    session = scenario.session_by_id[session_id]
    if isinstance(seats, bool) or not isinstance(seats, int) or seats < session.min_enrolment:
        raise ValueError(
            f"seats {seats!r} for {session_id}: expected a whole number of at least "
            f"{session.min_enrolment} (its minimum enrolment)"
        )
    changed = dataclasses.replace(session, seats=seats)
    return scenario.replace(sessions=tuple(changed if s is session else s for s in scenario.sessions))


def _check_sessions_known(scenario: Scenario, ids: Iterable[str]) -> None:
    unknown = [i for i in ids if i not in scenario.session_by_id]
    if unknown:
        raise ValueError(f"unknown session(s): {', '.join(map(str, unknown))}")


def _as_date(value: date | str) -> date:
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(value)
    except (TypeError, ValueError):
        raise ValueError(f"expected a date such as 2020-03-01, got {value!r}") from None
