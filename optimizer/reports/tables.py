"""The filing's tables: unit indicators, sessions, assignments and shortfalls, with their column titles."""

from __future__ import annotations

from collections import Counter
from typing import Any

import pandas as pd

from models import Plan, Scenario, Session, SessionStatus
from models.indicators import INDICATOR_COLUMNS, tree_order, unit_indicators
from models.obligations import TIER_BY_RULE
from optimizer.reports.labels import KIND, RANK, REASON, RULE, STATUS, THEME
from optimizer.reports.xlsx import Table

SHEETS = {
    "zh": {
        "summary": "概要",
        "annex": "附件1指标",
        "units": "单位指标",
        "sessions": "班次",
        "assignments": "调训名单",
        "shortfalls": "缺口",
        "curriculum": "课程设置核对(R13)",
    },
    "en": {
        "summary": "Summary",
        "annex": "Annex-1 indicators",
        "units": "Units",
        "sessions": "Sessions",
        "assignments": "Assignments",
        "shortfalls": "Shortfalls",
        "curriculum": "Curriculum (R13)",
    },
}
HEADERS: dict[str, tuple[str, str]] = {
    # key: (zh, en)
    "unit_id": ("单位代码", "unit id"),
    "unit_name": ("单位名称", "unit"),
    "parent_id": ("上级单位代码", "parent id"),
    "depth": ("层级", "depth"),
    "budget": ("经费预算(元)", "budget (yuan)"),
    "headcount": ("干部人数", "headcount"),
    "summoned": ("调训人数", "summoned"),
    "summons_rate": ("调训率", "summons rate"),
    "participants": ("参训人数", "participants"),
    "participation_rate": ("参训率", "participation rate"),
    "offjob_hours": ("计划脱产学时", "planned off-job hours"),
    "online_hours": ("网络学时", "online hours"),
    "required_hours": ("应完成学时", "required hours"),
    "hours_ratio": ("学时完成比", "hours ratio"),
    "team_size": ("班子成员数", "leadership team"),
    "team_trained": ("班子参训人数", "team trained"),
    "team_trained_share": ("班子参训比例", "team share trained"),
    "online_hours_per_capita": ("人均网络学时", "online hours per cadre"),
    "top_leaders": ("一把手人数", "top leaders"),
    "top_leaders_trained": ("一把手参训人数", "top leaders trained"),
    "top_leaders_trained_share": ("一把手参训比例", "top leaders trained share"),
    "young": ("优秀年轻干部人数", "young cadres"),
    "young_trained": ("年轻干部参训人数", "young cadres trained"),
    "young_trained_share": ("年轻干部参训比例", "young cadres trained share"),
    "cost": ("培训经费(元)", "cost (yuan)"),
    "session_id": ("班次编号", "session id"),
    "course_id": ("课程代码", "course id"),
    "course": ("班次名称", "course"),
    "theme": ("类别", "theme"),
    "institution": ("培训机构", "institution"),
    "kind": ("机构类型", "kind"),
    "organiser": ("调训单位", "organiser"),
    "start": ("开班日期", "start"),
    "end": ("结业日期", "end"),
    "days": ("天数", "days"),
    "hours": ("学时", "hours"),
    "seats": ("计划名额", "seats"),
    "enrolled": ("已安排人数", "enrolled"),
    "fill_rate": ("满员率", "fill rate"),
    "status": ("状态", "status"),
    "segment_of": ("分段所属班次", "segment of"),
    "cost_per_head": ("人均费用(元)", "cost per head"),
    "cadre_id": ("干部编号", "cadre id"),
    "cadre_name": ("姓名", "name"),
    "rank": ("职级", "rank"),
    "offjob": ("脱产", "off-job"),
    "reason": ("调训原因", "reason"),
    "rule": ("规则", "rule"),
    "rule_title": ("内容", "what"),
    "required": ("应完成", "required"),
    "planned": ("已安排", "planned"),
    "shortfall": ("缺口", "shortfall"),
    "explanation": ("原因说明", "reason"),
    "owed": ("应完成项", "owed"),
    "met": ("已满足", "met"),
    "met_share": ("满足率", "met share"),
    "unmet": ("未满足", "unmet"),
    "tier": ("层级", "tier"),
    "tier_name": ("包含的任务", "what it holds"),
    "bound": ("可满足上限(已证明)", "upper bound on met (proven)"),
    "gap": ("差距(至多)", "gap (at most)"),
    "indicator": ("指标", "indicator"),
    "done": ("完成数", "count"),
    "base": ("基数", "of"),
    "ratio": ("比例", "ratio"),
    "target": ("目标(不低于)", "target (at least)"),
    "mark": ("达标情况", "against the target"),
    "note": ("说明", "note"),
    "theory_share": ("理论教育占比", "theory share"),
    "party_spirit_share": ("党性教育占比", "party-spirit share"),
    "theory_party_share": ("理论教育和党性教育合计", "theory + party spirit"),
    "requirement": ("规定", "rule"),
    "problem": ("问题", "problem"),
}
SESSION_KEYS = (
    "session_id",
    "course_id",
    "course",
    "theme",
    "institution",
    "kind",
    "organiser",
    "start",
    "end",
    "days",
    "hours",
    "seats",
    "enrolled",
    "fill_rate",
    "status",
    "segment_of",
    "cost_per_head",
)
ASSIGNMENT_KEYS = (
    "unit_id",
    "unit_name",
    "cadre_id",
    "cadre_name",
    "rank",
    "session_id",
    "course",
    "institution",
    "start",
    "end",
    "hours",
    "offjob",
    "reason",
    "cost_per_head",
)
SHORTFALL_KEYS = (
    "rule",
    "rule_title",
    "cadre_id",
    "cadre_name",
    "unit_id",
    "unit_name",
    "required",
    "planned",
    "shortfall",
    "explanation",
)
"""The columns of the sessions, assignments and shortfalls sheets, in order."""


def header(key: str, lang: str, subtree: bool = False) -> str:
    """The column title of ``key`` in ``lang`` (``subtree``: the rolled-up figure)."""
    zh, en = HEADERS[key]
    if lang == "zh":
        return zh + ("(含下级)" if subtree else "")
    return ("subtree " if subtree else "") + en


def table_of(frame: pd.DataFrame, lang: str) -> Table:
    """``frame`` as a sheet's table, its ``subtree_*`` columns titled as rolled-up figures."""
    keys = [k.removeprefix("subtree_") for k in frame.columns]
    headers = [
        header(k, lang, subtree=c.startswith("subtree_")) for k, c in zip(keys, frame.columns, strict=True)
    ]
    return Table(keys, headers, frame)


def units_table(scenario: Scenario, plan: Plan, lang: str) -> Table:
    """The Annex-1 indicators of every unit, own and subtree, in tree order (names indented by depth)."""
    indicators = unit_indicators(scenario, plan).reset_index()
    columns = ["unit_id", "name", "parent_id", "depth", "budget", *INDICATOR_COLUMNS]
    columns += [f"subtree_{c}" for c in INDICATOR_COLUMNS]
    frame = indicators[columns].rename(columns={"name": "unit_name"})
    table = table_of(frame, lang)
    table.indent = [int(d) for d in frame["depth"]]
    return table


def sessions_table(scenario: Scenario, plan: Plan, lang: str) -> Table:
    """The plan year's sessions by start date: course, institution, dates, seats, enrolment, status."""
    rows = []
    for status in plan.sessions:
        session = scenario.session_by_id.get(status.session_id)
        if session is None:
            continue
        course = scenario.course_by_id[session.course_id]
        institution = scenario.institution_by_id[session.institution_id]
        outcome = session_outcome(session, status)
        rows.append(
            {
                "session_id": session.session_id,
                "course_id": course.course_id,
                "course": course.title,
                "theme": THEME[lang][course.theme.value],
                "institution": institution.name,
                "kind": KIND[lang][institution.kind.value],
                "organiser": session.organiser,
                "start": session.start,
                "end": session.end,
                "days": session.days,
                "hours": session.hours,
                "seats": status.seats,
                "enrolled": status.enrolled,
                "fill_rate": status.enrolled / status.seats if status.seats else None,
                "status": STATUS[lang].get(outcome, outcome),
                "segment_of": session.segment_of or "",
                "cost_per_head": session.cost_per_head,
            }
        )
    frame = pd.DataFrame(rows, columns=list(SESSION_KEYS))
    frame = frame.sort_values(["start", "session_id"], kind="stable")
    return table_of(frame, lang)


def session_outcome(session: Session | None, status: SessionStatus) -> str:
    """``run``, ``cancelled`` (below a minimum enrolment), ``no_seats`` or ``unused`` (no minimum, nobody).

    ``sessions.csv`` says ``run`` or ``cancelled``; the filing tells the three ways of not running apart.
    """
    if status.status != "cancelled" or session is None:
        return status.status
    if status.seats == 0:
        return "no_seats"
    return "cancelled" if session.min_enrolment > 0 else "unused"


def outcome_counts(scenario: Scenario, plan: Plan) -> Counter[str]:
    """The plan year's sessions per :func:`session_outcome`."""
    return Counter(session_outcome(scenario.session_by_id.get(s.session_id), s) for s in plan.sessions)


def assignments_table(scenario: Scenario, plan: Plan, lang: str) -> Table:
    """Every assignment, unit by unit in tree order, then by cadre and date."""
    unit_rank = {u: k for k, u in enumerate(tree_order(scenario))}
    rows = []
    for a in plan.assignments:
        cadre = scenario.cadre_by_id.get(a.cadre_id)
        session = scenario.session_by_id.get(a.session_id)
        unit = scenario.unit_by_id.get(cadre.unit_id) if cadre else None
        course = scenario.course_by_id.get(a.course_id)
        institution = scenario.institution_by_id.get(a.institution_id)
        rows.append(
            {
                "unit_id": unit.unit_id if unit else "",
                "unit_name": unit.name if unit else "",
                "cadre_id": a.cadre_id,
                "cadre_name": cadre.name if cadre else "",
                "rank": RANK[lang][cadre.rank.value] if cadre else "",
                "session_id": a.session_id,
                "course": course.title if course else a.course_id,
                "institution": institution.name if institution else a.institution_id,
                "start": a.start,
                "end": a.end,
                "hours": a.hours,
                "offjob": _yes(not (institution and institution.online), lang),
                "reason": REASON[lang].get(a.reason.value, a.reason.value),
                "cost_per_head": session.cost_per_head if session else None,
                "_order": unit_rank.get(unit.unit_id, len(unit_rank)) if unit else len(unit_rank),
            }
        )
    frame = pd.DataFrame(rows, columns=[*ASSIGNMENT_KEYS, "_order"])
    frame = frame.sort_values(["_order", "cadre_id", "start", "session_id"], kind="stable").drop(
        columns="_order"
    )
    return table_of(frame, lang)


def shortfalls_table(scenario: Scenario, plan: Plan, lang: str) -> Table:
    """The rows of :func:`shortfall_rows` as a table."""
    frame = pd.DataFrame(shortfall_rows(scenario, plan, lang), columns=list(SHORTFALL_KEYS))
    return table_of(frame, lang)


def shortfall_rows(scenario: Scenario, plan: Plan, lang: str) -> list[dict[str, Any]]:
    """The plan's shortfalls, most urgent first (priority tier, then the largest shortfall)."""
    rows: list[dict[str, Any]] = []
    for s in plan.shortfalls:
        cadre = scenario.cadre_by_id.get(s.cadre_id or "")
        unit_id = s.unit_id or (cadre.unit_id if cadre else "")
        unit = scenario.unit_by_id.get(unit_id)
        rows.append(
            {
                "rule": s.rule,
                "rule_title": RULE[lang].get(s.rule, ""),
                "cadre_id": s.cadre_id or "",
                "cadre_name": cadre.name if cadre else "",
                "unit_id": unit_id,
                "unit_name": unit.name if unit else "",
                "required": s.required,
                "planned": s.planned,
                "shortfall": s.shortfall,
                "explanation": s.text(lang),
            }
        )
    tiers = {rule.value: tier for rule, tier in TIER_BY_RULE.items()}
    rows.sort(
        key=lambda r: (tiers.get(r["rule"], 9), r["rule"], -r["shortfall"], r["unit_id"], r["cadre_id"])
    )
    return rows


def _yes(value: bool, lang: str) -> str:
    return ("是" if value else "否") if lang == "zh" else ("yes" if value else "no")
