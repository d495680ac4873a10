"""Catalogue checks (R13 and plausibility): things a planner should look at, never errors."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from enum import Enum

from models.entities import Course, InstitutionKind, Policy
from models.scenario import Scenario

TOLERANCE = 1e-9
R13_KINDS = (InstitutionKind.PARTY_SCHOOL, InstitutionKind.CADRE_ACADEMY)
"""Institutions whose courses R13 speaks of: party schools and cadre academies (seed 001 §1(三)3)."""
NUM_IDS = 3
"""Ids a console summary line names before "and N more"."""


class WarningKind(str, Enum):
    """What a catalogue warning is about: one console line per kind."""

    BEDS = "beds"
    R13_SHARES_MISSING = "r13_shares_missing"
    R13_THEORY_PARTY = "r13_theory_party"
    R13_PARTY_SPIRIT = "r13_party_spirit"
    HOURS_OVER = "hours_over"
    HOURS_UNDER = "hours_under"


R13_WARNINGS = (WarningKind.R13_SHARES_MISSING, WarningKind.R13_THEORY_PARTY, WarningKind.R13_PARTY_SPIRIT)
SUMMARY = {
    WarningKind.BEDS: "institution(s) without beds: the plan assumes unlimited beds (R11)",
    WarningKind.R13_SHARES_MISSING: "course(s) without a theory or party-spirit share: R13 cannot be checked",
    WarningKind.R13_THEORY_PARTY: (
        "course(s) with theory + party spirit below {theory_party:.0%} of the hours (R13)"
    ),
    WarningKind.R13_PARTY_SPIRIT: "course(s) with party spirit below {party:.0%} of the hours (R13)",
    WarningKind.HOURS_OVER: "session(s) with more hours than their days hold",
    WarningKind.HOURS_UNDER: "off-job session(s) with less than half the hours of their days",
}
"""The console's words per kind, after the count (formatted with the policy's R13 shares)."""


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
    kind: WarningKind = WarningKind.BEDS
    institutions: tuple[str, ...] = ()
    """R13: the party schools and cadre academies running the course (else, for a systematic
    course, every institution running it), sorted by id."""

    def __str__(self) -> str:
        return f"{self.file}, {self.row_id}, column {self.column!r}, value {self.value!r}: {self.message}"


def catalogue_warnings(scenario: Scenario) -> list[Warning]:
    """Warnings about institutions, courses and sessions, in that order (file order within each).

    - an institution other than online without ``beds`` (R11: then unlimited);
    - R13: a course that is systematic or runs at a party school or a cadre academy whose
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


def summarise_warnings(
    warnings: Sequence[Warning], policy: Policy | None = None, num_ids: int = NUM_IDS
) -> list[str]:
    """One line per kind of warning, in the order first seen: the count, what, the file and a few ids.

    ``3 course(s) with party spirit below the 20% R13 asks (courses.csv): K1, K2, K3 and 47 more``;
    a course warned about both shares is counted once per kind.
    """
    policy = policy or Policy()
    ids_by_kind: dict[WarningKind, dict[str, None]] = {}
    file_by_kind: dict[WarningKind, str] = {}
    for warning in warnings:
        ids_by_kind.setdefault(warning.kind, {})[warning.row_id] = None
        file_by_kind.setdefault(warning.kind, warning.file)
    lines = []
    for kind, found in ids_by_kind.items():
        ids = list(found)
        what = SUMMARY[kind].format(
            theory_party=policy.theory_party_min_share, party=policy.party_spirit_min_share
        )
        named = ", ".join(ids[:num_ids]) + (f" and {len(ids) - num_ids} more" if len(ids) > num_ids else "")
        lines.append(f"{len(ids)} {what} ({file_by_kind[kind]}): {named}")
    return lines


def _institution_warnings(scenario: Scenario) -> Iterator[Warning]:
    for institution in scenario.institutions:
        if not institution.online and institution.beds is None:
            message = (
                "no beds given: the plan assumes unlimited beds (R11); give the number of residential beds"
            )
            yield Warning(
                "institutions.csv", institution.institution_id, "beds", "", message, WarningKind.BEDS
            )


def _course_warnings(scenario: Scenario) -> Iterator[Warning]:
    schools_by_course, institutions_by_course = _institutions_by_course(scenario)
    for course in scenario.courses:
        schools = sorted(schools_by_course.get(course.course_id, ()))
        if course.systematic:
            why = "a systematic course"
        elif schools:
            why = "a course run at a party school or cadre academy (" + ", ".join(schools) + ")"
        else:
            continue
        at = tuple(schools or sorted(institutions_by_course.get(course.course_id, ())))
        yield from _share_warnings(scenario, course, why, at)


def _institutions_by_course(scenario: Scenario) -> tuple[dict[str, set[str]], dict[str, set[str]]]:
    """Per course, the party schools and cadre academies running it, and every institution running it."""
    schools: dict[str, set[str]] = defaultdict(set)
    every: dict[str, set[str]] = defaultdict(set)
    for session in scenario.sessions:
        institution = scenario.institution_by_id.get(session.institution_id)
        if institution is None:
            continue
        every[session.course_id].add(institution.institution_id)
        if institution.kind in R13_KINDS:
            schools[session.course_id].add(institution.institution_id)
    return schools, every


def _share_warnings(
    scenario: Scenario, course: Course, why: str, institutions: tuple[str, ...]
) -> Iterator[Warning]:
    """R13: theory + party spirit >= 70% of the hours, party spirit >= 20% (policy numbers)."""
    policy = scenario.policy
    theory, party = course.theory_share, course.party_spirit_share
    for column, share in (("theory_share", theory), ("party_spirit_share", party)):
        if share is None:
            message = f"share not given for {why}: R13 cannot be checked"
            kind = WarningKind.R13_SHARES_MISSING
            yield Warning("courses.csv", course.course_id, column, "", message, kind, institutions)
    if theory is None or party is None:
        return
    if theory + party < policy.theory_party_min_share - TOLERANCE:
        message = (
            f"theory {theory:.0%} + party spirit {party:.0%} = {theory + party:.0%} of the hours of {why}, "
            f"below the {policy.theory_party_min_share:.0%} R13 asks"
        )
        kind = WarningKind.R13_THEORY_PARTY
        yield Warning(
            "courses.csv", course.course_id, "theory_share", f"{theory:g}", message, kind, institutions
        )
    if party < policy.party_spirit_min_share - TOLERANCE:
        message = (
            f"party spirit is {party:.0%} of the hours of {why}, "
            f"below the {policy.party_spirit_min_share:.0%} R13 asks"
        )
        kind = WarningKind.R13_PARTY_SPIRIT
        yield Warning(
            "courses.csv", course.course_id, "party_spirit_share", f"{party:g}", message, kind, institutions
        )


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
            kind = WarningKind.HOURS_OVER
        elif not online and session.hours < full / 2:
            message = (
                f"less than half the {full} h of {days} at {per_day} h a day: check the hours or the dates"
            )
            kind = WarningKind.HOURS_UNDER
        else:
            continue
        yield Warning("sessions.csv", session.session_id, "hours", str(session.hours), message, kind)
