"""Catalogue checks: R13 curriculum shares, session hours against days, institutions without beds."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest

from models import Course, Institution, InstitutionKind, Policy, Scenario, Session, Theme, load_scenario
from models.catalogue import Warning, WarningKind, catalogue_warnings, summarise_warnings

PARTY_SCHOOL = Institution("I1", "市委党校", InstitutionKind.PARTY_SCHOOL, beds=100)
ACADEMY = Institution("I2", "干部学院", InstitutionKind.CADRE_ACADEMY, beds=80)
ONLINE = Institution("I3", "网络学院", InstitutionKind.ONLINE)
UNIVERSITY = Institution("I4", "大学", InstitutionKind.UNIVERSITY, beds=50)


def course(
    course_id: str,
    theory: float | None = 0.5,
    party: float | None = 0.3,
    systematic: bool = False,
) -> Course:
    return Course(course_id, f"班{course_id}", Theme.THEORY, systematic, theory, party)


def session(
    session_id: str,
    course_id: str,
    institution_id: str = "I1",
    start: str = "2020-03-02",
    end: str = "2020-03-06",
    hours: int = 40,
) -> Session:
    first, last = date.fromisoformat(start), date.fromisoformat(end)
    return Session(
        session_id, course_id, institution_id, "city_org", first, last, hours, seats=30, cost_per_head=0
    )


def scenario(
    courses: list[Course],
    sessions: list[Session],
    institutions: tuple[Institution, ...] = (PARTY_SCHOOL, ACADEMY, ONLINE, UNIVERSITY),
    policy: Policy | None = None,
) -> Scenario:
    return Scenario(
        name="catalogue",
        cycle_start=2018,
        units=(),
        cadres=(),
        institutions=institutions,
        courses=tuple(courses),
        sessions=tuple(sessions),
        policy=policy or Policy(),
    )


def where(warnings: list[Warning]) -> list[tuple[str, str, str, str]]:
    return [(w.file, w.row_id, w.column, w.value) for w in warnings]


def test_a_sound_catalogue_has_no_warnings() -> None:
    courses = [course("K1"), course("K2", None, None)]
    sessions = [
        session("S1", "K1"),
        session("S2", "K2", "I4"),
        session("S3", "K2", "I3", end="2020-03-31", hours=20),
    ]
    assert catalogue_warnings(scenario(courses, sessions)) == []


@pytest.mark.parametrize(
    ("theory", "party", "expected"),
    [
        (0.5, 0.2, []),  # exactly 70% and 20%
        (0.4, 0.3, []),  # 0.4 + 0.3 is 0.7000000000000001 in floats
        (0.45, 0.2, [("courses.csv", "K1", "theory_share", "0.45")]),  # 65% in all
        (
            0.65,
            0.1,
            [("courses.csv", "K1", "party_spirit_share", "0.1")],
        ),  # 75% in all, too little party spirit
        (
            0.3,
            0.1,
            [
                ("courses.csv", "K1", "theory_share", "0.3"),
                ("courses.csv", "K1", "party_spirit_share", "0.1"),
            ],
        ),
        (None, 0.3, [("courses.csv", "K1", "theory_share", "")]),
        (0.5, None, [("courses.csv", "K1", "party_spirit_share", "")]),
        (
            None,
            None,
            [("courses.csv", "K1", "theory_share", ""), ("courses.csv", "K1", "party_spirit_share", "")],
        ),
    ],
)
def test_r13_shares_of_a_course_at_a_party_school(
    theory: float | None, party: float | None, expected: list[tuple[str, ...]]
) -> None:
    warnings = catalogue_warnings(scenario([course("K1", theory, party)], [session("S1", "K1")]))
    assert where(warnings) == expected


def test_r13_messages() -> None:
    warnings = catalogue_warnings(
        scenario([course("K1", 0.3, 0.1), course("K2", None, 0.3, systematic=True)], [session("S1", "K1")])
    )
    assert [w.message for w in warnings] == [
        "theory 30% + party spirit 10% = 40% of the hours of a course run at a party school or "
        "cadre academy (I1), below the 70% R13 asks",
        "party spirit is 10% of the hours of a course run at a party school or cadre academy (I1), "
        "below the 20% R13 asks",
        "share not given for a systematic course: R13 cannot be checked",
    ]
    assert str(warnings[1]) == (
        "courses.csv, K1, column 'party_spirit_share', value '0.1': party spirit is 10% of the hours of "
        "a course run at a party school or cadre academy (I1), below the 20% R13 asks"
    )
    assert [w.kind for w in warnings] == [
        WarningKind.R13_THEORY_PARTY,
        WarningKind.R13_PARTY_SPIRIT,
        WarningKind.R13_SHARES_MISSING,
    ]
    assert warnings[0].institutions == ("I1",)
    assert warnings[2].institutions == ()  # a systematic course run nowhere


@pytest.mark.parametrize(
    ("institution_id", "systematic", "warned"),
    [
        ("I1", False, True),  # party school
        ("I2", False, True),  # cadre academy: R13 covers party schools and cadre academies
        ("I2", True, True),  # a systematic course is checked wherever it runs
        ("I4", True, True),
        ("I3", False, False),  # online
        ("I4", False, False),  # university
    ],
)
def test_r13_applies_to_party_school_and_systematic_courses(
    institution_id: str, systematic: bool, warned: bool
) -> None:
    courses = [course("K1", 0.2, 0.1, systematic)]
    warnings = catalogue_warnings(scenario(courses, [session("S1", "K1", institution_id)]))
    assert bool(warnings) is warned


def test_r13_a_cadre_academy_course_below_70_percent_is_warned() -> None:
    sessions = [session("S1", "K1", "I2"), session("S2", "K1", "I4", start="2020-04-06", end="2020-04-10")]
    warnings = catalogue_warnings(scenario([course("K1", 0.45, 0.2)], sessions))
    assert where(warnings) == [("courses.csv", "K1", "theory_share", "0.45")]
    assert warnings[0].kind is WarningKind.R13_THEORY_PARTY
    assert warnings[0].institutions == ("I2",)  # the academy, not the university
    assert warnings[0].message == (
        "theory 45% + party spirit 20% = 65% of the hours of a course run at a party school or "
        "cadre academy (I2), below the 70% R13 asks"
    )


def test_r13_a_systematic_course_names_every_institution_running_it() -> None:
    sessions = [session("S1", "K1", "I4")]
    warnings = catalogue_warnings(scenario([course("K1", 0.7, 0.1, systematic=True)], sessions))
    assert [(w.kind, w.institutions) for w in warnings] == [(WarningKind.R13_PARTY_SPIRIT, ("I4",))]


def test_r13_one_party_school_session_is_enough() -> None:
    sessions = [session("S1", "K1", "I4"), session("S2", "K1", "I1", start="2020-04-06", end="2020-04-10")]
    assert where(catalogue_warnings(scenario([course("K1", 0.2, 0.1)], sessions))) == [
        ("courses.csv", "K1", "theory_share", "0.2"),
        ("courses.csv", "K1", "party_spirit_share", "0.1"),
    ]


def test_r13_a_systematic_course_without_sessions_is_checked() -> None:
    assert where(catalogue_warnings(scenario([course("K1", 0.7, 0.0, systematic=True)], []))) == [
        ("courses.csv", "K1", "party_spirit_share", "0"),
    ]


def test_r13_thresholds_come_from_the_policy() -> None:
    policy = Policy(theory_party_min_share=0.9, party_spirit_min_share=0.4)
    warnings = catalogue_warnings(scenario([course("K1", 0.5, 0.3)], [session("S1", "K1")], policy=policy))
    assert where(warnings) == [
        ("courses.csv", "K1", "theory_share", "0.5"),
        ("courses.csv", "K1", "party_spirit_share", "0.3"),
    ]
    assert warnings[0].message.endswith("below the 90% R13 asks")


@pytest.mark.parametrize(
    ("institution_id", "end", "hours", "warned"),
    [
        ("I1", "2020-03-06", 40, False),  # 5 days x 8 h
        ("I1", "2020-03-06", 41, True),  # more than the days hold
        ("I1", "2020-03-06", 20, False),  # exactly half
        ("I1", "2020-03-06", 19, True),  # less than half
        ("I1", "2020-03-02", 4, False),  # a half day
        ("I3", "2020-03-06", 41, True),  # online: too many is still too many
        ("I3", "2020-03-31", 10, False),  # online: spread thin is normal
    ],
)
def test_session_hours_against_days(institution_id: str, end: str, hours: int, warned: bool) -> None:
    sessions = [session("S1", "K1", institution_id, end=end, hours=hours)]
    warnings = catalogue_warnings(scenario([course("K1")], sessions))
    assert where(warnings) == ([("sessions.csv", "S1", "hours", str(hours))] if warned else [])


def test_session_hours_messages_and_policy_hours_per_day() -> None:
    sessions = [
        session("S1", "K1", hours=60),
        session("S2", "K1", start="2020-04-06", end="2020-04-07", hours=5),
    ]
    warnings = catalogue_warnings(scenario([course("K1")], sessions, policy=Policy(hours_per_day=6)))
    assert [w.message for w in warnings] == [
        "more hours than 5 day(s) from 2020-03-02 to 2020-03-06 hold (30 h at 6 h a day): "
        "check the hours or the dates",
        "less than half the 12 h of 2 day(s) from 2020-04-06 to 2020-04-07 at 6 h a day: "
        "check the hours or the dates",
    ]


def test_institutions_without_beds() -> None:
    institutions = (
        Institution("I1", "县委党校", InstitutionKind.PARTY_SCHOOL),
        Institution("I2", "红色教育基地", InstitutionKind.RED_BASE, beds=0),
        Institution("I3", "网络学院", InstitutionKind.ONLINE),
        Institution("I4", "大学", InstitutionKind.UNIVERSITY),
    )
    warnings = catalogue_warnings(scenario([], [], institutions))
    assert where(warnings) == [("institutions.csv", "I1", "beds", ""), ("institutions.csv", "I4", "beds", "")]
    assert str(warnings[0]) == (
        "institutions.csv, I1, column 'beds', value '': no beds given: "
        "the plan assumes unlimited beds (R11); give the number of residential beds"
    )


def test_warnings_come_in_file_order() -> None:
    institutions = (Institution("I1", "县委党校", InstitutionKind.PARTY_SCHOOL),)
    sessions = [session("S1", "K1", hours=100)]
    warnings = catalogue_warnings(scenario([course("K1", 0.3, 0.3)], sessions, institutions))
    assert [w.file for w in warnings] == ["institutions.csv", "courses.csv", "sessions.csv"]


def test_warnings_never_raise_on_unknown_ids() -> None:
    sessions = [session("S1", "K9", "I9", hours=100)]
    assert where(catalogue_warnings(scenario([course("K1")], sessions))) == [
        ("sessions.csv", "S1", "hours", "100")
    ]


def test_a_loaded_scenario_is_checked(make_scenario: Callable[..., Path]) -> None:
    # The tiny scenario: a non-systematic course without shares at a party school without beds.
    warnings = catalogue_warnings(load_scenario(make_scenario()))
    assert where(warnings) == [
        ("institutions.csv", "I1", "beds", ""),
        ("courses.csv", "K1", "theory_share", ""),
        ("courses.csv", "K1", "party_spirit_share", ""),
    ]


def test_fifty_warnings_of_one_kind_are_one_summary_line() -> None:
    courses = [course(f"K{k:02d}", 0.4, 0.25) for k in range(50)]  # 65%
    sessions = [session(f"S{k:02d}", f"K{k:02d}", ("I1", "I2")[k % 2]) for k in range(50)]
    warnings = catalogue_warnings(scenario(courses, sessions))
    assert len(warnings) == 50
    assert summarise_warnings(warnings) == [
        "50 course(s) with theory + party spirit below 70% of the hours (R13) (courses.csv): "
        "K00, K01, K02 and 47 more"
    ]


def test_summary_lines_per_kind_in_the_order_first_seen() -> None:
    institutions = (Institution("I1", "县委党校", InstitutionKind.PARTY_SCHOOL),)
    courses = [course("K1", None, None), course("K2", 0.3, 0.1)]
    sessions = [session("S1", "K1", hours=100), session("S2", "K2", start="2020-04-06", end="2020-04-10")]
    policy = Policy(theory_party_min_share=0.8, party_spirit_min_share=0.25)
    warnings = catalogue_warnings(scenario(courses, sessions, institutions, policy))
    assert summarise_warnings(warnings, policy, num_ids=1) == [
        "1 institution(s) without beds: the plan assumes unlimited beds (R11) (institutions.csv): I1",
        # K1 lacks both shares: two warnings, one course
        "1 course(s) without a theory or party-spirit share: R13 cannot be checked (courses.csv): K1",
        "1 course(s) with theory + party spirit below 80% of the hours (R13) (courses.csv): K2",
        "1 course(s) with party spirit below 25% of the hours (R13) (courses.csv): K2",
        "1 session(s) with more hours than their days hold (sessions.csv): S1",
    ]
    assert summarise_warnings([]) == []
