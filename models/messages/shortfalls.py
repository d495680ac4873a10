"""Why an obligation is unmet (:mod:`optimizer.diagnose.shortfalls`): the parts of a shortfall reason.

``what.*`` names the sessions that would serve an obligation; after a count ``n`` the English
takes the plural.
"""

from __future__ import annotations

from models.messages.texts import Plural, Texts

TEXTS = {
    "what.summons": Texts(
        "点名调训课程{course}{title}的班次",
        Plural(
            "session of the summoned course {course}{title}",
            "sessions of the summoned course {course}{title}",
        ),
    ),
    "what.summons.title": Texts("({title})", " ({title})"),
    "what.offjob": Texts("脱产培训班次", Plural("off-job session", "off-job sessions")),
    "what.professional": Texts(
        "不少于{days}天的专业化能力脱产培训班次",
        Plural(
            "professional-theme off-job session of at least {days} days",
            "professional-theme off-job sessions of at least {days} days",
        ),
    ),
    "what.systematic_hours": Texts(
        "党校或干部学院的系统理论教育和严格党性教育脱产班次",
        Plural(
            "systematic off-job session (party school or cadre academy)",
            "systematic off-job sessions (party school or cadre academy)",
        ),
    ),
    "what.systematic_by": Texts(
        "{deadline}前结束的系统理论教育和严格党性教育班次",
        Plural("systematic session ending by {deadline}", "systematic sessions ending by {deadline}"),
    ),
    "what.systematic": Texts(
        "党校或干部学院的系统理论教育和严格党性教育班次",
        Plural(
            "systematic session (party school or cadre academy)",
            "systematic sessions (party school or cadre academy)",
        ),
    ),
    "shortfall.hours_planned": Texts(
        "已安排{planned}学时,应完成{required}学时", "{planned} of {required} h planned"
    ),
    "shortfall.none_by_deadline": Texts(
        "{year}年没有在期限{deadline}前结束的系统理论教育和严格党性教育班次",
        "no systematic session in {year} ends by the deadline {deadline}",
    ),
    "shortfall.none_runs": Texts("{year}年没有{what}", "no {what} runs in {year}"),
    "shortfall.none_open": Texts(
        "{year}年的{what}均不向单位{unit}的{rank}{category}开放",
        "no {what} in {year} is open to a {rank} {category} cadre of unit {unit}",
    ),
    "shortfall.of_open": Texts(
        "向该干部开放的{n}个{what}中:{counted}", "of the {n} {what} open to the cadre: {counted}"
    ),
    "shortfall.budget_left": Texts("经费预算剩余{left:,}元", "{left:,} yuan of the budget left"),
    "shortfall.would_fit": Texts(
        "{ids}仍可安排:求解在找到这一安排之前已停止(请延长求解时间)",
        "{ids} would still fit: the solve stopped before finding it (give it more time)",
    ),
    "shortfall.fit_apart": Texts(
        "{n}个班次({ids})单独都可安排,但合计最多{hours}学时,所缺{missing}学时无法补足(时间重叠、错峰调训上限或经费所限)",
        Plural(
            "{n} session ({ids}) still fit one at a time but together give at most {hours} h of the "
            "{missing} h missing (overlap, release cap or budget)",
            "{n} sessions ({ids}) still fit one at a time but together give at most {hours} h of the "
            "{missing} h missing (overlap, release cap or budget)",
        ),
    ),
    "shortfall.team_too_few": Texts(
        "本年度仅{n}名班子成员还能参训,需要{required}名",
        "only {n} team members can still train this year; {required} are required",
    ),
    "shortfall.team_blocked": Texts(
        "已安排{planned}名班子成员参训,需要{required}名;其余{others}名受阻:{detail}",
        "{planned} of {required} required team members planned; "
        "the other {others} members are blocked: {detail}",
    ),
    "shortfall.team_no_session": Texts("已无可参加的班次", "no session left for them"),
    "unit.what.R4": Texts("名班子成员", "team members"),
    "unit.what.R16": Texts("名优秀年轻干部", "young cadres"),
    "unit.what.R12.summons": Texts("名干部参加脱产培训", "cadres in an off-job session"),
    "unit.what.R12.participation": Texts("名干部参训", "cadres in a session"),
    "unit.what.R12.hours": Texts("学时脱产培训", "off-job hours"),
    "unit.what.R12.online": Texts("学时网络培训", "online hours"),
    "shortfall.unit_too_few": Texts(
        "已安排{planned}{what},需要{required};本年度仅{able}名成员有可参加的相应班次",
        "{planned} of {required} {what} planned; only {able} members have a serving session open to them "
        "this year",
    ),
    "shortfall.unit_blocked": Texts(
        "已安排{planned}{what},需要{required};{blocked}名成员受阻:{detail}",
        "{planned} of {required} {what} planned; {blocked} members are blocked: {detail}",
    ),
}
