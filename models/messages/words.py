"""The words other sentences are made of: separators, ranks, categories, rule titles, what a run serves.

English keeps the data's own values (``staff``, ``civil_servant``) where the sentences always
showed them; Chinese uses the terms of the seeds, with the ASCII punctuation of the filing's other words
(:mod:`optimizer.reports.labels`).
"""

from __future__ import annotations

from models.messages.texts import Texts

TEXTS = {
    "sep.semicolon": Texts(";", "; "),
    "sep.comma": Texts("、", ", "),
    "sep.plus": Texts(" + ", " + "),
    "sep.and": Texts(",并", " and "),
    "sep.none": Texts("", ""),
    "more": Texts("等", " ..."),
    "more.listed": Texts("等", ", ..."),
    "rank.bureau": Texts("厅局级", "bureau"),
    "rank.division": Texts("县处级", "division"),
    "rank.section": Texts("乡科级", "section"),
    "rank.staff": Texts("科员及以下", "staff"),
    "category.leadership": Texts("领导班子成员", "leadership"),
    "category.civil_servant": Texts("公务员", "civil_servant"),
    "category.enterprise": Texts("企业经营管理人员", "enterprise"),
    "category.public_institution": Texts("事业单位人员", "public_institution"),
    "category.professional": Texts("专业技术人员", "professional"),
    "category.grassroots": Texts("基层干部", "grassroots"),
    "rule.R1": Texts("县处级以上干部5年累计学时", "leader hours per cycle"),
    "rule.R2": Texts("乡科级及以下干部年度学时", "section/staff hours per year"),
    "rule.R3": Texts("班子成员每2-3年系统培训", "systematic course every 2-3 years"),
    "rule.R4": Texts("领导班子年度培训比例", "leadership-team share trained"),
    "rule.R5": Texts("补训:5年未参加系统培训", "remedial: no systematic course in 5 years"),
    "rule.R6": Texts("补训:新提任未培训", "remedial: newly promoted"),
    "rule.R7": Texts("点名调训", "named summons"),
    "rule.R3b": Texts("班子成员5年累计系统培训不少于2个月", "systematic hours per cycle (leadership team)"),
    "rule.R6b": Texts("逾期未补训:严格点名调训", "overdue remedial (strict summons)"),
    "rule.R16": Texts("优秀年轻干部限期培训一遍", "young cadres trained by the deadline"),
    "rule.R17": Texts("班子成员每年1周左右专业化能力培训", "professional week each year (leadership team)"),
    "rule.R12.summons": Texts("调训率", "summons rate"),
    "rule.R12.participation": Texts("参训率", "participation rate"),
    "rule.R12.hours": Texts("脱产培训学时", "planned off-job hours"),
    "rule.R12.online": Texts("网络培训学时", "online hours"),
    # What an assignment serves (models.plan.Reason), as a re-plan's diff names it.
    "served.named_summons": Texts("点名调训", "named summons"),
    "served.remedial": Texts("补训", "remedial training"),
    "served.team_share": Texts("领导班子培训", "leadership-team training"),
    "served.hours_quota": Texts("学时任务", "hours quota"),
    "served.elective": Texts("应训任务之外的培训", "elective"),
    # The kinds of rule keeping a cadre out of a run (optimizer.prepare.usage.Block), counted.
    "kind.audience": Texts("培训对象不符", "audience"),
    "kind.taken": Texts("已参加过该课程", "taken"),
    "kind.unavailable": Texts("本人无法参训", "unavailable"),
    "kind.cancelled": Texts("班次未开班", "cancelled"),
    "kind.full": Texts("名额已满", "full"),
    "kind.beds": Texts("床位已满", "beds"),
    "kind.overlap": Texts("时间重叠", "overlap"),
    "kind.release": Texts("达到错峰调训上限", "release"),
    "kind.budget": Texts("总经费预算不足", "budget"),
    "kind.unit_budget": Texts("单位经费预算不足", "unit_budget"),
    "kind.repeat": Texts("重复参加同一课程", "repeat"),
    "kind.already": Texts("已安排", "already"),
    "scenario.summary": Texts(
        "情景{name}:{units}个单位{cadres}名干部,{institutions}个培训机构{sessions}个班次,"
        "点名调训{summons}人次,培训档案{history}条",
        "Scenario {name}: {cadres} cadres in {units} units, "
        "{sessions} sessions at {institutions} institutions, {summons} named summons, {history} ledger rows",
    ),
    "solve_status.optimal": Texts("最优", "optimal"),
    "solve_status.feasible": Texts("可行", "feasible"),
    "solve_status.infeasible": Texts("无可行解", "infeasible"),
    "solve_status.unknown": Texts("未求得", "unknown"),
}
