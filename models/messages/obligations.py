"""Why an obligation is owed (:mod:`models.reasons`): one sentence per rule, as ``plan-obligations`` shows."""

from __future__ import annotations

from models.messages.texts import Texts

TEXTS = {
    "obligation.R7": Texts("点名调训(调训单位{organiser}){why}", "named summons by {organiser}{why}"),
    "obligation.R7.organiser": Texts("组织部门", "the organisation department"),
    "obligation.R7.why": Texts(":{reason}", ": {reason}"),
    "obligation.last_systematic": Texts(
        "最近一次系统理论教育和严格党性教育于{end}结束", "last systematic course ended {end}"
    ),
    "obligation.no_systematic": Texts(
        "培训档案中没有系统理论教育和严格党性教育记录", "no systematic course in the ledger"
    ),
    "obligation.R5": Texts("补训:{last},{cutoff}以来未参加", "remedial: {last}, none since {cutoff}"),
    "obligation.R3": Texts(
        "领导班子成员:{last},{cutoff}以来未参加", "leadership-team member: {last}, none since {cutoff}"
    ),
    "obligation.R6b": Texts(
        "补训:{promoted}提任,应于{deadline}前完成培训(已逾期):实行严格点名调训,"
        "本年度参加任一系统理论教育和严格党性教育班次",
        "remedial: promoted {promoted}, training was due by {deadline} (overdue): "
        "a strict named summons, any systematic course this year",
    ),
    "obligation.R6.overdue": Texts(
        "补训:{promoted}提任,应于{deadline}前完成培训(已逾期)",
        "remedial: promoted {promoted}, training was due by {deadline} (overdue)",
    ),
    "obligation.R6": Texts(
        "补训:{promoted}新提任,尚未培训,须于{deadline}前完成",
        "remedial: promoted {promoted}, not yet trained; due by {deadline}",
    ),
    "obligation.R3b": Texts(
        "领导班子成员:{first}-{last}年培训周期内应累计参加系统理论教育和严格党性教育{cycle_hours}学时,"
        "本年度以前已完成{done:g}学时{this_year},剩余{years_left}年;本年度应完成{owed}学时",
        "leadership-team member: {cycle_hours} h of systematic training due in cycle {first}-{last}, "
        "{done:g} h done before this year{this_year}, {years_left} year(s) left; {owed} h owed",
    ),
    "obligation.R3b.this_year": Texts(",本年度已完成{hours:g}学时", ", {hours:g} h already this year"),
    "obligation.R16": Texts(
        "{untrained}名优秀年轻干部尚未在党校、干部学院或党性教育基地参加培训,须于{deadline}前全部培训一遍"
        "({spread}):本年度至少培训{needed}名{done}",
        "{untrained} young cadre(s) not yet trained at a party school, cadre academy or red base, "
        "all due by {deadline} ({spread}): at least {needed} this year{done}",
    ),
    "obligation.R16.years_left": Texts("还剩{years}年", "{years} years left"),
    "obligation.R16.this_year": Texts("本年度到期", "due this year"),
    "obligation.R16.overdue": Texts("已逾期", "overdue"),
    "obligation.R16.done": Texts(",本年度已有{already}名参训", ", {already} already did this year"),
    "obligation.R17": Texts(
        "领导班子成员:每年参加1次不少于{min_days}天的专业化能力专题培训{done}",
        "leadership-team member: one professional course of at least {min_days} days a year{done}",
    ),
    "obligation.R17.done": Texts(
        "(本年度已参加的最长{longest}天)", " (longest this year so far: {longest} day(s))"
    ),
    "obligation.R12.summons": Texts(
        "调训率{target:.0%}(干部{headcount}名):至少{needed}名参加脱产培训,已有{already}名",
        "summons rate {target:.0%} of {headcount} cadre(s): at least {needed} in off-job training, "
        "{already} already",
    ),
    "obligation.R12.participation": Texts(
        "参训率{target:.0%}(干部{headcount}名):至少{needed}名参加脱产培训或网络培训,已有{already}名",
        "participation rate {target:.0%} of {headcount} cadre(s): at least {needed} in off-job or "
        "online training, {already} already",
    ),
    "obligation.R12.hours": Texts(
        "干部{headcount}名本年度应完成脱产培训{due:g}学时,已完成{done:g}学时;尚需安排{owed}学时",
        "{headcount} cadre(s) owe {due:g} off-job hours this year, {done:g} h done; {owed} h to plan",
    ),
    "obligation.R12.online": Texts(
        "人均网络培训{per_capita:g}学时(干部{headcount}名),已完成{done:g}学时;尚需安排{owed}学时",
        "{per_capita:g} online hours a cadre for {headcount} cadre(s), {done:g} h done; {owed} h to plan",
    ),
    "obligation.R4": Texts(
        "领导班子{size}人:{year}年至少{needed}人参加培训({share:.0%}),已有{already}人参训",
        "leadership team of {size}: at least {needed} must train in {year} ({share:.0%}), "
        "{already} already did",
    ),
    "obligation.R1": Texts(
        "{rank}干部:{first}-{last}年培训周期内应累计脱产培训{hours}学时,已完成{done:g}学时,"
        "剩余{years_left}年;本年度应完成{owed}学时",
        "{rank} cadre: {hours} h due in cycle {first}-{last}, {done:g} h done, {years_left} year(s) left; "
        "{owed} h owed",
    ),
    "obligation.R2": Texts(
        "{rank}干部:每年应完成脱产培训{hours}学时,{year}年已完成{done:g}学时;本年度尚欠{owed}学时",
        "{rank} cadre: {hours} h due each year, {done:g} h done in {year}; {owed} h owed",
    ),
}
