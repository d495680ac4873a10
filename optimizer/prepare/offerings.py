"""Session runs ("offerings"): one session, or all segments of a segmented course together (R15)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from models import Scenario
from models.entities import Session
from models.serving import run_of


@dataclass(frozen=True, slots=True)
class Offering:
    """One run of a course: a session, or all segments of a segmented course together (R15).

    Its rule facts (theme, days, online hours, institution kind) come from :func:`models.serving.run_of`.
    """

    index: int
    group_id: str
    course_id: str
    institution_id: str
    segments: tuple[Session, ...]
    spans: tuple[tuple[int, int], ...]
    """Each segment's (first, last) day, counted from 1 January of the plan year."""
    offjob_hours: int
    cost: int
    seats: int
    min_enrolment: int
    systematic: bool
    online: bool
    theme: str
    offjob_days: int
    """Days of the off-job segments, both ends included (0 for an online run)."""
    online_hours: int
    institution_kinds: frozenset[str]

    @property
    def end(self) -> date:
        return self.segments[-1].end

    @property
    def start(self) -> date:
        return self.segments[0].start


def make_offerings(scenario: Scenario, year: int) -> tuple[Offering, ...]:
    jan1 = date(year, 1, 1)
    offerings: list[Offering] = []
    groups = scenario.segments_by_group
    for group_id in sorted(groups, key=lambda g: (groups[g][0].start, g)):
        segments = groups[group_id]
        first = segments[0]
        if first.start.year != year:
            continue
        facts = run_of(scenario, group_id)
        offerings.append(
            Offering(
                index=len(offerings),
                group_id=group_id,
                course_id=first.course_id,
                institution_id=first.institution_id,
                segments=segments,
                spans=tuple(((s.start - jan1).days, (s.end - jan1).days) for s in segments),
                offjob_hours=sum(scenario.offjob_hours(s) for s in segments),
                cost=sum(s.cost_per_head for s in segments),
                seats=min(s.seats for s in segments),
                min_enrolment=max(s.min_enrolment for s in segments),
                systematic=scenario.is_systematic(first),
                online=scenario.is_online(first),
                theme=facts.theme,
                offjob_days=facts.offjob_days,
                online_hours=facts.online_hours,
                institution_kinds=facts.institution_kinds,
            )
        )
    return tuple(offerings)
