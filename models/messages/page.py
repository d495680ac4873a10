"""The words of the interactive plan page ``plan.html`` (:mod:`optimizer.reports.page`).

The page renders these templates itself (in the browser), filling ``{fields}`` with the counts it
shows; the words it shares with the filing (themes, kinds, rules, tiers, column titles) come from
:mod:`optimizer.reports.labels` and the rest of the catalogue.
"""

from __future__ import annotations

from models.messages.texts import Texts

TEXTS = {
    "page.title": Texts("{year}年度干部教育培训计划", "Training plan {year}"),
    "page.scenario": Texts("情景「{name}」,求解状态:{status}", "Scenario “{name}”, solve status: {status}"),
    "page.noscript": Texts(
        "时间轴、筛选和缺口清单需要浏览器启用脚本;各层级任务完成情况见上表。",
        "The timeline, the filters and the shortfalls need scripts enabled; "
        "the tiers are in the table above.",
    ),
    "page.timeline": Texts("年度时间轴", "The year"),
    "page.view.institution": Texts("按培训机构", "by institution"),
    "page.view.unit": Texts("按单位", "by unit"),
    "page.view.cadre": Texts("按干部", "by cadre"),
    "page.filter.unit": Texts("单位", "unit"),
    "page.filter.subtree": Texts("含下级单位", "with units below"),
    "page.filter.institution": Texts("培训机构", "institution"),
    "page.filter.theme": Texts("课程类别", "course theme"),
    "page.filter.obligation": Texts("应训任务", "obligation"),
    "page.filter.all": Texts("全部", "all"),
    "page.filter.reset": Texts("清除筛选", "clear filters"),
    "page.search": Texts("干部编号或姓名", "cadre id or name"),
    "page.found": Texts("找到{n}名干部", "cadres found: {n}"),
    "page.zoom.in": Texts("放大", "zoom in"),
    "page.zoom.out": Texts("缩小", "zoom out"),
    "page.zoom.year": Texts("全年", "whole year"),
    "page.zoom.hint": Texts(
        "按住Ctrl键滚动滚轮缩放,拖动左右平移,点击月份放大到该月,双击还原全年。",
        "Ctrl + wheel zooms, dragging pans, a click on a month zooms to it, a double click shows the year.",
    ),
    "page.shown": Texts("显示{rows}行、{bars}个时段", "{rows} rows, {bars} bars"),
    "page.enrolled": Texts("已安排{enrolled}人,计划名额{seats}人", "{enrolled} enrolled of {seats} seats"),
    "page.matching": Texts("其中符合筛选条件{n}人", "{n} of them match the filters"),
    "page.people": Texts("{n}人", "{n}"),
    "page.owes": Texts("应训任务:{rules}", "owes: {rules}"),
    "page.owes_nothing": Texts("本年度没有应训任务", "owes nothing this year"),
    "page.has_shortfall": Texts("有缺口", "has a shortfall"),
    "page.details": Texts("详情(点击时间轴上的时段查看)", "Details (click a bar of the timeline)"),
    "page.attendees": Texts("参训干部", "cadres attending"),
    "page.more": Texts("另有{n}人未列出", "and {n} more"),
    "page.empty": Texts("没有符合筛选条件的内容", "nothing matches the filters"),
    "page.shortfalls": Texts("缺口清单", "Shortfalls"),
    "page.shortfalls.count": Texts("共{total}项缺口,符合筛选条件{shown}项", "{shown} of {total} shortfalls"),
    "page.shortfalls.note": Texts(
        "缺口清单按单位、应训任务和干部搜索筛选(不按培训机构和课程类别)。",
        "The shortfalls follow the unit, obligation and cadre search filters "
        "(not the institution and theme).",
    ),
    "page.previous": Texts("上一页", "previous"),
    "page.next": Texts("下一页", "next"),
    "page.page": Texts("第{page}/{pages}页", "page {page} of {pages}"),
    "page.tiers": Texts("各层级任务完成情况", "Obligations met per tier"),
    "page.legend.cancelled": Texts("未开班", "not run"),
    "page.legend.shortfall": Texts("红点:有缺口", "red dot: a shortfall"),
}
