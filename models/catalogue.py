"""Catalogue checks (R13 and plausibility): things a planner should look at, never errors."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass

from models.entities import Course, InstitutionKind
from models.scenario import Scenario

TOLERANCE = 1e-9


@dataclass(frozen=True, slots=True)
class Warning:  # noqa: A001 - the name the planner-facing API uses
    """One thing in the catalogue that looks wrong but does not stop planning.

    ``value`` is the cell as the file would show it (empty when not given).
    """

    file: str
    row_id: str
    column: str
    value: str
    message: str

    def __str__(self) -> str:
        return f"{self.file}, {self.row_id}, column {self.column!r}, value {self.value!r}: {self.message}"


def catalogue_warnings(scenario: Scenario) -> list[Warning]:
    """Warnings about institutions, courses and sessions, in that order (file order within each).

    - an institution other than online without ``beds`` (R11: then unlimited);
    - R13: a course that is systematic or runs at a party school whose
      theory + party-spirit share is below ``policy.theory_party_min_share``,
      whose party-spirit share is below ``policy.party_spirit_min_share``, or
      whose shares are not given;
    - a session whose ``hours`` exceed days x ``policy.hours_per_day``, or
      (off-job sessions only: online study is spread thin) fall below half of it.

    Parameters
    ----------
    scenario
        A loaded scenario (or any hand-made one: unknown ids are skipped).

    Returns
    -------
    list[Warning]
        Empty when nothing looks wrong. Never raises on the data.
    """
    return [*_institution_warnings(scenario), *_course_warnings(scenario), *_session_warnings(scenario)]


def _institution_warnings(scenario: Scenario) -> Iterator[Warning]:
    for institution in scenario.institutions:
        if not institution.online and institution.beds is None:
            message = (
                "no beds given: the plan assumes unlimited beds (R11); give the number of residential beds"
            )
            yield Warning("institutions.csv", institution.institution_id, "beds", "", message)


def _course_warnings(scenario: Scenario) -> Iterator[Warning]:
    party_schools_by_course = _party_schools_by_course(scenario)
    for course in scenario.courses:
        schools = party_schools_by_course.get(course.course_id)
        if course.systematic:
            why = "a systematic course"
        elif schools:
            why = "a course run at a party school (" + ", ".join(sorted(schools)) + ")"
        else:
            continue
        yield from _share_warnings(scenario, course, why)


def _party_schools_by_course(scenario: Scenario) -> dict[str, set[str]]:
    schools: dict[str, set[str]] = defaultdict(set)
    for session in scenario.sessions:
        institution = scenario.institution_by_id.get(session.institution_id)
        if institution is not None and institution.kind is InstitutionKind.PARTY_SCHOOL:
            schools[session.course_id].add(institution.institution_id)
    return schools


def _share_warnings(scenario: Scenario, course: Course, why: str) -> Iterator[Warning]:
    """R13: theory + party spirit >= 70% of the hours, party spirit >= 20% (policy numbers)."""
    policy = scenario.policy
    theory, party = course.theory_share, course.party_spirit_share
    for column, share in (("theory_share", theory), ("party_spirit_share", party)):
        if share is None:
            message = f"share not given for {why}: R13 cannot be checked"
            yield Warning("courses.csv", course.course_id, column, "", message)
    if theory is None or party is None:
        return
    if theory + party < policy.theory_party_min_share - TOLERANCE:
        message = (
            f"theory {theory:.0%} + party spirit {party:.0%} = {theory + party:.0%} of the hours of {why}, "
            f"below the {policy.theory_party_min_share:.0%} R13 asks"
        )
        yield Warning("courses.csv", course.course_id, "theory_share", f"{theory:g}", message)
    if party < policy.party_spirit_min_share - TOLERANCE:
        message = (
            f"party spirit is {party:.0%} of the hours of {why}, "
            f"below the {policy.party_spirit_min_share:.0%} R13 asks"
        )
        yield Warning("courses.csv", course.course_id, "party_spirit_share", f"{party:g}", message)


def _session_warnings(scenario: Scenario) -> Iterator[Warning]:
    per_day = scenario.policy.hours_per_day
    for session in scenario.sessions:
        full = session.days * per_day
        institution = scenario.institution_by_id.get(session.institution_id)
        online = institution is not None and institution.online
        days = f"{session.days} day(s) from {session.start.isoformat()} to {session.end.isoformat()}"
        if session.hours > full:
            message = (
                f"more hours than {days} hold ({full} h at {per_day} h a day): check the hours or the dates"
            )
        elif not online and session.hours < full / 2:
            message = (
                f"less than half the {full} h of {days} at {per_day} h a day: check the hours or the dates"
            )
        else:
            continue
        yield Warning("sessions.csv", session.session_id, "hours", str(session.hours), message)
