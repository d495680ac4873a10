"""The words of the hard rules that keep a cadre out of a session run (:mod:`optimizer.diagnose.wording`).

Each rule (``block.<kind>``, the kinds of :class:`optimizer.prepare.usage.Block`) is worded three
ways: ``counted`` after a count of sessions in a shortfall reason, ``sentence`` in a why-not answer,
``pinned`` for a pin that cannot be placed; ``detail.<kind>`` states the fact behind a limit.
"""

from __future__ import annotations

from models.messages.texts import Texts

TEXTS = {
    "block.audience.counted": Texts(
        "不向该干部的职级、类别或单位开放", "not open to the cadre's rank, category or unit"
    ),
    "block.audience.sentence": Texts(
        "不向单位{unit}的{rank}{category}开放", "not open to a {rank} {category} cadre of unit {unit}"
    ),
    "block.taken.counted": Texts("培训档案中已有该课程", "course already in the ledger"),
    "block.taken.sentence": Texts(
        "课程{course}已在该干部的培训档案中(不重复参训,R8)",
        "course {course} is already in the cadre's ledger (no repeat, R8)",
    ),
    "block.unavailable.counted": Texts("该干部在这些日期不能参训", "cadre unavailable on those dates"),
    "block.unavailable.sentence": Texts("该干部{detail}不能参训", "the cadre is unavailable {detail}"),
    "block.cancelled.counted": Texts("未达最低开班人数取消", "cancelled (below minimum enrolment)"),
    "block.cancelled.sentence": Texts(
        "未开班:{detail},加上该干部也达不到最低开班人数{minimum}人",
        "cancelled: {detail}, the cadre alone would not reach its minimum enrolment {minimum}",
    ),
    "block.full.counted": Texts("名额已满", "full"),
    "block.full.sentence": Texts("名额已满({seats}个名额均已安排)", "full ({seats} seats taken)"),
    "block.full.pinned": Texts("班次名额已满", "the session is full (seats)"),
    "block.overlap.counted": Texts("与该干部的其他班次时间重叠", "overlap the cadre's other sessions"),
    "block.overlap.sentence": Texts(
        "与该干部参加的{detail}时间重叠(R8)", "overlaps {detail}, which the cadre attends (R8)"
    ),
    "block.overlap.pinned": Texts(
        "与该干部已确认的另一班次时间重叠", "it overlaps the cadre's other pinned session"
    ),
    "block.release.counted": Texts(
        "所在单位在这些日期已达错峰调训上限(R9)", "unit release cap (R9) reached on those dates"
    ),
    "block.release.sentence": Texts(
        "单位{unit}在这些日期已达错峰调训上限{cap}人(R9)(离岗:{away})",
        "unit {unit}'s release cap (R9) of {cap} reached on those dates ({away} away)",
    ),
    "block.release.pinned": Texts(
        "所在单位在这些日期已达错峰调训上限(R9)", "the unit's release cap (R9) is reached on those dates"
    ),
    "block.beds.counted": Texts("培训机构在这些日期床位已满", "institution beds full on those dates"),
    "block.beds.sentence": Texts(
        "培训机构{institution}的{detail}在这些日期均已占满(R11)",
        "institution {institution}'s {detail} are all taken on those dates (R11)",
    ),
    "block.beds.pinned": Texts(
        "培训机构在这些日期床位已满(R11)", "the institution's beds (R11) are full on those dates"
    ),
    "block.budget.counted": Texts("经费预算已用完", "budget exhausted"),
    "block.budget.sentence": Texts(
        "总经费预算:{detail},该班次需{cost:,}元(R14)",
        "total budget: {detail}, the session costs {cost:,} (R14)",
    ),
    "block.budget.pinned": Texts("超出总经费预算(R14)", "the total budget (R14) is exceeded"),
    "block.unit_budget.counted": Texts("单位经费预算已用完", "unit budget exhausted"),
    "block.unit_budget.sentence": Texts(
        "单位{unit}经费预算:{detail},该班次需{cost:,}元(R14)",
        "unit {unit}'s budget: {detail}, the session costs {cost:,} (R14)",
    ),
    "block.unit_budget.pinned": Texts("超出单位经费预算(R14)", "the unit budget (R14) is exceeded"),
    "block.repeat.counted": Texts("该课程已安排在另一期班次", "course already planned in another run"),
    "block.repeat.sentence": Texts(
        "该干部已在{detail}参加课程{course}(不重复参训,R8)",
        "the cadre takes course {course} in {detail} (no repeat, R8)",
    ),
    "block.repeat.pinned": Texts(
        "该干部已确认参加同一课程的另一期班次(R8)",
        "the cadre is pinned to another run of the same course (R8)",
    ),
    "block.already.counted": Texts("已安排", "already planned"),
    "block.already.sentence": Texts("已安排({detail})", "already ({detail})"),
    "block.already.pinned": Texts("重复确认", "it is pinned twice"),
    "block.no_seats": Texts("取消(无名额)", "cancelled (no seats)"),
    "detail.full": Texts("{n}个名额", "{n} seats"),
    "detail.release": Texts("上限{n}人", "cap {n}"),
    "detail.beds": Texts("{n}张床位", "{n} beds"),
    "detail.budget": Texts("剩余{n}元", "{n} yuan left"),
    "detail.unit_budget": Texts("剩余{n}元", "{n} yuan left"),
    "detail.cancelled": Texts("已安排{n}人", "{n} enrolled"),
    "detail.no_seats": Texts("无名额", "no seats"),
    "away.cadre": Texts("{cadre}参加{session}", "{cadre} in {session}"),
    "away.others": Texts("其他干部", "others"),
    "count": Texts("{n}个{words}", "{n} {words}"),
    "trade.traded": Texts(
        "{group}让位于该干部的新班次:保留它将失去另一项保留的安排或更高优先级的任务",
        "{group} traded for the cadre's new sessions: keeping it would have cost "
        "another kept assignment or a higher-priority obligation",
    ),
    "trade.audience": Texts("{group}{words}", "{group} is {words}"),
    "trade.closed": Texts("{group}:{words}", "{group}: {words}"),
    "trade.limit": Texts("{words}({detail})", "{words} ({detail})"),
    "pinned.block": Texts("{words}({detail})", "{words} ({detail})"),
}
