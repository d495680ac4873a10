"""A row of a mid-year changes file (:class:`models.changes.Change`), as a re-plan's reasons name it."""

from __future__ import annotations

from models.messages.texts import Texts

TEXTS = {
    "change.row": Texts("{change}(变更文件第{line}行)", "{change} (changes row {line})"),
    "change.dates": Texts("({start}..{end})", " {start}..{end}"),
    "change.cancel_session": Texts("班次{target}取消", "session {target} cancelled"),
    "change.add_session": Texts("新增班次{target}{dates}", "session {target} added{dates}"),
    "change.set_seats": Texts("班次{target}名额调整为{value}", "seats of {target} set to {value}"),
    "change.close_institution": Texts("培训机构{target}{dates}停用", "institution {target} closed{dates}"),
    "change.move_cadre": Texts("干部{target}调至单位{value}", "cadre {target} moved to unit {value}"),
    "change.add_summons": Texts(
        "干部{target}被点名调训参加课程{value}", "cadre {target} summoned to course {value}"
    ),
    "change.add_unavailability": Texts("干部{target}{dates}不能参训", "cadre {target} unavailable{dates}"),
    "change.pin": Texts("干部{target}确认参加{value}", "cadre {target} confirmed in {value}"),
}
