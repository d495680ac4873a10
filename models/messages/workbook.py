"""The scenario workbook's words: each column's heading and what it holds, the instructions sheet."""

from __future__ import annotations

from models.messages.texts import Texts

COLUMNS: dict[str, dict[str, Texts]] = {
    "units": {
        "unit_id": Texts("单位编号", "unit id"),
        "name": Texts("单位名称", "unit name"),
        "parent_id": Texts("上级单位编号", "parent unit id"),
        "max_away_share": Texts("同时离岗比例上限", "share away at once, at most"),
        "budget": Texts("单位培训经费(元)", "unit budget (yuan)"),
    },
    "cadres": {
        "cadre_id": Texts("干部编号", "cadre id"),
        "name": Texts("姓名", "name"),
        "unit_id": Texts("所在单位编号", "unit id"),
        "rank": Texts("职级", "rank"),
        "category": Texts("类别", "category"),
        "top_leader": Texts("一把手", "top leader"),
        "young": Texts("优秀年轻干部", "young cadre"),
        "promoted_on": Texts("提任日期", "promoted on"),
        "unavailable": Texts("不能参训时段", "unavailable"),
    },
    "institutions": {
        "institution_id": Texts("培训机构编号", "institution id"),
        "name": Texts("培训机构名称", "institution name"),
        "kind": Texts("机构类型", "kind"),
        "cost_per_day": Texts("每人每日费用(元)", "cost per day (yuan)"),
        "city": Texts("所在城市", "city"),
        "beds": Texts("床位数", "beds"),
    },
    "courses": {
        "course_id": Texts("课程编号", "course id"),
        "title": Texts("课程名称", "title"),
        "theme": Texts("主题", "theme"),
        "systematic": Texts("系统理论教育和严格党性教育", "systematic"),
        "theory_share": Texts("理论教育课时占比", "theory share"),
        "party_spirit_share": Texts("党性教育课时占比", "party-spirit share"),
    },
    "sessions": {
        "session_id": Texts("班次编号", "session id"),
        "course_id": Texts("课程编号", "course id"),
        "institution_id": Texts("培训机构编号", "institution id"),
        "organiser": Texts("调训单位", "organiser"),
        "start": Texts("开班日期", "start"),
        "end": Texts("结业日期", "end"),
        "seats": Texts("名额", "seats"),
        "hours": Texts("学时", "hours"),
        "min_enrolment": Texts("最低开班人数", "minimum enrolment"),
        "audience_ranks": Texts("调训对象职级", "audience ranks"),
        "audience_categories": Texts("调训对象类别", "audience categories"),
        "cost_per_head": Texts("人均费用(元)", "cost per head (yuan)"),
        "segment_of": Texts("分段培训首段班次编号", "segment of"),
        "audience_units": Texts("调训对象单位", "audience units"),
    },
    "summons": {
        "cadre_id": Texts("干部编号", "cadre id"),
        "course_id": Texts("课程编号", "course id"),
        "organiser": Texts("调训单位", "organiser"),
        "reason": Texts("点名调训理由", "reason"),
    },
    "history": {
        "cadre_id": Texts("干部编号", "cadre id"),
        "course_id": Texts("课程编号", "course id"),
        "start": Texts("开始日期", "start"),
        "end": Texts("结束日期", "end"),
        "hours": Texts("学时", "hours"),
        "systematic": Texts("系统理论教育和严格党性教育", "systematic"),
        "online": Texts("网络培训", "online"),
        "institution_id": Texts("培训机构编号", "institution id"),
    },
    "pinned": {
        "cadre_id": Texts("干部编号", "cadre id"),
        "session_id": Texts("班次编号", "session id"),
        "note": Texts("备注", "note"),
    },
    "scenario": {
        "key": Texts("设置项", "setting"),
        "value": Texts("值", "value"),
    },
}
"""Each sheet's columns and their headings: the template's second header row."""


def headings_of(sheet: str) -> dict[str, frozenset[str]]:
    """The headings (either language) of each column of ``sheet``: what a second header row may hold."""
    return {column: frozenset((str(t.zh), str(t.en))) for column, t in COLUMNS.get(sheet, {}).items()}


TEXTS = {
    f"heading.{sheet}.{column}": texts
    for sheet, columns in COLUMNS.items()
    for column, texts in columns.items()
} | {
    "sheet.units": Texts(
        "单位:每行一个单位,上级单位编号为空的是根单位", "units: one unit a row; a root unit has no parent"
    ),
    "sheet.cadres": Texts("干部:每行一名干部", "cadres: one cadre a row"),
    "sheet.institutions": Texts("培训机构", "training institutions"),
    "sheet.courses": Texts("课程(班次类型)", "courses"),
    "sheet.sessions": Texts(
        "班次:每行一期班次,分段培训的每段一行", "sessions: one run a row, one row a segment"
    ),
    "sheet.summons": Texts("点名调训(可为空)", "named summons (may be empty)"),
    "sheet.history": Texts(
        "培训档案:已完成的培训,每行一次", "the training ledger: one row per training done"
    ),
    "sheet.pinned": Texts("已确认的参训安排(可为空)", "confirmed assignments (may be empty)"),
    "sheet.scenario": Texts(
        "方案设置:每行一个设置项(key)及其值(value),值为空即采用默认值",
        "settings: one key and its value a row; an empty value keeps the default",
    ),
    "cellkind.id": Texts(
        "编号:英文字母、数字或符号,不含空格和分号", "an id: letters, digits or signs, no blank or ';'"
    ),
    "cellkind.text": Texts("文字", "text"),
    "cellkind.int": Texts("整数", "a whole number"),
    "cellkind.number": Texts("数字", "a number"),
    "cellkind.share": Texts("0到1之间的比例,如0.3", "a share from 0 to 1, such as 0.3"),
    "cellkind.bool": Texts("从下拉框选择 true 或 false", "true or false, from the drop-down"),
    "cellkind.date": Texts("日期,如2020-03-02", "a date, such as 2020-03-02"),
    "cellkind.enum": Texts("从下拉框选择:{allowed}", "one of, from the drop-down: {allowed}"),
    "cellkind.enum_list": Texts(
        "用分号分隔的若干项:{allowed};为空表示不限", "';'-separated, of {allowed}; empty: any"
    ),
    "cellkind.id_list": Texts("用分号分隔的编号;为空表示不限", "';'-separated ids; empty: any"),
    "cellkind.ranges": Texts(
        "用分号分隔的时段,如2020-03-01..2020-03-15", "';'-separated ranges, such as 2020-03-01..2020-03-15"
    ),
    "required.yes": Texts("必填", "required"),
    "required.no": Texts("可空", "may be empty"),
    "guide.title": Texts("干部教育培训计划方案工作簿:填写说明", "The scenario workbook: how to fill it in"),
    "guide.intro.1": Texts(
        "本工作簿即一个完整方案,与方案文件夹等价:每个工作表对应一个表格。",
        "This workbook is a whole scenario, the same as a scenario folder: a sheet per table.",
    ),
    "guide.intro.2": Texts(
        "第1行为列名(英文编号,不可改动),第2行为列标题(可删除),数据从下一行开始。",
        "Row 1 holds the column ids (keep them), row 2 the headings (may be deleted), data the rows below.",
    ),
    "guide.intro.3": Texts(
        "日期填写为日期格式或2020-03-02形式的文字;空单元格表示未填写。",
        "Dates are date cells or text such as 2020-03-02; an empty cell means not given.",
    ),
    "guide.intro.4": Texts(
        "其他工作表与多出的列均保留,不读取。", "Other sheets and extra columns are kept and not read."
    ),
    "guide.run": Texts(
        "使用:{annual};转换为方案文件夹:{convert}", "Use: {annual}; convert to a folder: {convert}"
    ),
    "guide.head.sheet": Texts("工作表", "sheet"),
    "guide.head.column": Texts("列名", "column"),
    "guide.head.heading": Texts("列标题", "heading"),
    "guide.head.required": Texts("是否必填", "required"),
    "guide.head.holds": Texts("填写内容", "what it holds"),
    "guide.head.default": Texts("默认值", "default"),
    "guide.settings": Texts("方案设置项(scenario工作表)", "the settings (sheet scenario)"),
    "setting.name": Texts("方案名称", "the scenario's name"),
    "setting.cycle_start": Texts(
        "5年培训周期的第一年(必填),如2018", "first year of the 5-year cycle (required)"
    ),
    "setting.base": Texts(
        "继承的方案(文件夹或工作簿,相对本文件的路径),本工作簿缺少的工作表取自该方案",
        "a scenario to inherit (folder or workbook, relative to this file): "
        "sheets this one lacks come from it",
    ),
    "setting.plan_year": Texts(
        "本方案编制的计划年度(可空)", "the plan year the scenario is made for (may be empty)"
    ),
    "setting.budget.total": Texts("年度培训经费总额(元)", "the year's training budget (yuan)"),
    "setting.policy": Texts("政策参数,见干部教育培训规定", "a policy number of the rules"),
    "setting.weights": Texts("求解权重", "a weight of the solver's objective"),
}
