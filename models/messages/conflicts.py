"""Why no plan exists: pins that cannot be kept, and the groups of hard rules that contradict each other.

``group.<rule>`` names a group's hard rule, ``subject.<rule>`` what it is about
(:class:`optimizer.cpsat.variables.Group`).
"""

from __future__ import annotations

from models.messages.texts import Plural, Texts

TEXTS = {
    "pin.label": Texts("确认安排{cadre} -> {session}", "pinned {cadre} -> {session}"),
    "pin.not_this_year": Texts(
        "{label}:该班次不在{year}年开班", "{label}: the session does not start in {year}"
    ),
    "pin.audience": Texts(
        "{label}:该班次不向单位{unit}的{rank}{category}开放",
        "{label}: the session is not open to a {rank} {category} cadre of unit {unit}",
    ),
    "pin.taken": Texts(
        "{label}:课程{course}已在该干部的培训档案中(R8)",
        "{label}: course {course} is already in the cadre's ledger (R8)",
    ),
    "pin.unavailable": Texts(
        "{label}:该干部在这些日期不能参训", "{label}: the cadre is unavailable on those dates"
    ),
    "pin.blocked": Texts("{label}:{words}{tail}", "{label}: {words}{tail}"),
    "pin.together": Texts(",与{others}冲突", " together with {others}"),
    "pin.below_minimum": Texts(
        "确认安排到{session}:最多{n}名干部可以参加,低于最低开班人数{minimum}",
        "pins into {session}: at most {n} cadres can attend, below its minimum enrolment {minimum}",
    ),
    "conflict.unexplained": Texts(
        "硬性规则相互矛盾(无法归因于单个确认安排)",
        "the hard rules contradict each other (no single pin explains it)",
    ),
    "conflict.head": Texts(
        "以下硬性规则无法同时满足{proof}:", "these hard rules cannot all hold together{proof}:"
    ),
    "conflict.not_minimal": Texts("(未证明为最小集合)", " (not proven minimal)"),
    "conflict.line": Texts("  - {group}", "  - {group}"),
    "conflict.group": Texts("{rule}:{subject}{dates}", "{rule} {subject}{dates}"),
    "conflict.on": Texts("({day})", " on {day}"),
    "conflict.from_to": Texts("({first}至{last})", " from {first} to {last}"),
    "group.seats": Texts("名额", "seats"),
    "group.minimum_enrolment": Texts("最低开班人数", "minimum enrolment"),
    "group.no_overlap": Texts("时间不重叠", "no overlap"),
    "group.no_repeat": Texts("不重复参训", "no repeat"),
    "group.beds": Texts("床位", "beds"),
    "group.release_cap": Texts("错峰调训上限(R9)", "release cap (R9)"),
    "group.budget": Texts("总经费预算(R14)", "budget (R14)"),
    "group.unit_budget": Texts("单位经费预算(R14)", "unit budget (R14)"),
    "group.pinned": Texts("确认安排", "pinned"),
    "group.named_summons": Texts("点名调训(R7)", "named summons (R7)"),
    "subject.seats": Texts(
        "班次{session}({n}个名额)", Plural("session {session} ({n} seat)", "session {session} ({n} seats)")
    ),
    "subject.minimum": Texts("班次{session}(开班至少{n}人)", "session {session} (at least {n} if run)"),
    "subject.cadre": Texts("干部{cadre}", "cadre {cadre}"),
    "subject.cadre_course": Texts("干部{cadre},课程{course}", "cadre {cadre}, course {course}"),
    "subject.beds": Texts(
        "培训机构{institution}({n}张床位)",
        Plural("institution {institution} ({n} bed)", "institution {institution} ({n} beds)"),
    ),
    "subject.release": Texts("单位{unit}(每天最多{n}人离岗)", "unit {unit} (at most {n} away a day)"),
    "subject.budget": Texts("合计{total:,}元", "total {total:,} yuan"),
    "subject.unit_budget": Texts("单位{unit}({budget:,}元)", "unit {unit} ({budget:,} yuan)"),
    "subject.pin": Texts("{cadre} -> {session}", "{cadre} -> {session}"),
    "subject.summons": Texts("{cadre} -> 课程{course}", "{cadre} -> course {course}"),
}
