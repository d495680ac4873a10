"""R13 in the filing: the courses of party schools and cadre academies whose curriculum shares fall short.

The findings are :func:`models.catalogue.catalogue_warnings`' R13 warnings, one row per course, worded in
the filing's language; the workbook lists them all and the report the first few.
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from models import Scenario
from models.catalogue import R13_WARNINGS, Warning, WarningKind, catalogue_warnings
from models.entities import Course
from optimizer.reports.tables import table_of
from optimizer.reports.xlsx import Table

CURRICULUM_KEYS = (
    "course_id",
    "course",
    "institution",
    "theory_share",
    "party_spirit_share",
    "theory_party_share",
    "requirement",
    "problem",
)
"""The columns of the R13 sheet, in order."""
REQUIREMENT = {
    "zh": "党校、干部学院及系统培训课程:理论教育和党性教育不低于总课时的{theory_party:.0%},"
    "党性教育不低于{party:.0%}(R13)",
    "en": "courses of party schools and cadre academies, and systematic courses: theory + party spirit "
    "at least {theory_party:.0%} of the hours, party spirit at least {party:.0%} (R13)",
}
PROBLEM = {
    "zh": {
        WarningKind.R13_SHARES_MISSING: "未填写理论教育或党性教育占比,无法核对",
        WarningKind.R13_THEORY_PARTY: "理论教育和党性教育合计{total:.0%},低于{theory_party:.0%}",
        WarningKind.R13_PARTY_SPIRIT: "党性教育{party_share:.0%},低于{party:.0%}",
    },
    "en": {
        WarningKind.R13_SHARES_MISSING: "share not given: R13 cannot be checked",
        WarningKind.R13_THEORY_PARTY: "theory + party spirit {total:.0%}, below {theory_party:.0%}",
        WarningKind.R13_PARTY_SPIRIT: "party spirit {party_share:.0%}, below {party:.0%}",
    },
}
SEPARATOR = {"zh": ";", "en": "; "}


def curriculum_rows(scenario: Scenario, lang: str) -> list[dict[str, Any]]:
    """One row per course with an R13 warning, in file order: institutions, shares, the rule, the problems."""
    by_course: dict[str, list[Warning]] = {}
    for warning in catalogue_warnings(scenario):
        if warning.kind in R13_WARNINGS:
            by_course.setdefault(warning.row_id, []).append(warning)
    policy = scenario.policy
    limits = {"theory_party": policy.theory_party_min_share, "party": policy.party_spirit_min_share}
    rows = []
    for course_id, warnings in by_course.items():
        course = scenario.course_by_id[course_id]
        theory, party = course.theory_share, course.party_spirit_share
        total = theory + party if theory is not None and party is not None else None
        kinds = dict.fromkeys(w.kind for w in warnings)  # both shares missing: said once
        problems = [PROBLEM[lang][k].format(total=total, party_share=party, **limits) for k in kinds]
        rows.append(
            {
                "course_id": course_id,
                "course": course.title,
                "institution": _institutions(scenario, warnings[0], lang),
                "theory_share": theory,
                "party_spirit_share": party,
                "theory_party_share": total,
                "requirement": REQUIREMENT[lang].format(**limits),
                "problem": SEPARATOR[lang].join(problems) + _systematic(course, lang),
            }
        )
    return rows


def curriculum_table(scenario: Scenario, lang: str) -> Table:
    """The rows of :func:`curriculum_rows` as the workbook's R13 sheet."""
    frame = pd.DataFrame(curriculum_rows(scenario, lang), columns=list(CURRICULUM_KEYS))
    return table_of(frame, lang)


def _institutions(scenario: Scenario, warning: Warning, lang: str) -> str:
    names = [
        f"{institution.name} ({institution.institution_id})"
        for institution_id in warning.institutions
        if (institution := scenario.institution_by_id.get(institution_id)) is not None
    ]
    return ("、" if lang == "zh" else ", ").join(names)


def _systematic(course: Course, lang: str) -> str:
    if not course.systematic:
        return ""
    return "(系统培训课程)" if lang == "zh" else " (a systematic course)"
