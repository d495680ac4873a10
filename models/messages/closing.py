"""Closing a year (``plan-close``): what the report says changed in the ledger, summons and catalogue."""

from __future__ import annotations

from models.messages.texts import Texts

TEXTS = {
    "close.title": Texts("{year}年度结转:{name}", "Closing {year}: {name}"),
    "close.recorded": Texts(
        "按计划参训,写入培训档案:{n}人次", "attended as planned, written into the ledger: {n}"
    ),
    "close.left_early": Texts("提前离开,按实际学时写入:{n}人次", "left early, the hours done written: {n}"),
    "close.missed": Texts(
        "未参训,不写入(仍欠的任务转入下一年度):{n}人次", "did not attend, not written (owed again): {n}"
    ),
    "close.substitute": Texts(
        "未列入计划而参训(补位),写入:{n}人次", "attended without being planned, written: {n}"
    ),
    "close.already_in_ledger": Texts(
        "培训档案中已有,未重复写入:{n}条", "already in the ledger, not written again: {n}"
    ),
    "close.held_next_year": Texts(
        "在{next}年举行或结业的班次,按计划写入,干部在这些日期不能参训:{n}人次",
        "held or ending in {next}, written as planned, the cadres unavailable on those days: {n}",
    ),
    "close.summons_met": Texts(
        "点名调训已完成,从点名调训表删除:{n}人次", "named summons attended, removed: {n}"
    ),
    "close.summons_carried": Texts(
        "点名调训未完成,转入下一年度:{n}人次", "named summons not attended, carried over: {n}"
    ),
    "close.pin_dropped": Texts(
        "本年度已确认的参训安排随年度结束:{n}条", "confirmed assignments of the year dropped: {n}"
    ),
    "close.sessions_repeated": Texts(
        "{next}年度班次:沿用{year}年度的{n}个班次,日期顺延52周(星期不变);请换成{next}年度的班次计划",
        "{next} sessions: the {n} sessions of {year} again 52 weeks later (same weekdays); "
        "replace them with the {next} catalogue",
    ),
    "close.sessions_given": Texts("{next}年度班次:{n}个,取自{path}", "{next} sessions: {n}, from {path}"),
    "close.carried": Texts(
        "因缺训而在{next}年度新增或增加的应训任务:{n}项",
        "obligations of {next} new or larger because of missed training: {n}",
    ),
    "close.head.rule": Texts("规则", "rule"),
    "close.head.who": Texts("干部或单位", "cadre or unit"),
    "close.head.owed": Texts("应训", "owed"),
    "close.head.if_attended": Texts("若全部按计划参训", "had all attended"),
    "close.head.reason": Texts("原因", "reason"),
    "close.written": Texts("{next}年度方案已写入{path}", "the {next} scenario written to {path}"),
}
