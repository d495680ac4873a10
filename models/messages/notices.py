"""The words of printed pages and of the summons notices (调训通知) a plan sends to units and cadres."""

from __future__ import annotations

from models.messages.texts import Texts

TEXTS = {
    # page headers and footers of every printed sheet (optimizer.reports.printing)
    "print.page": Texts("第 {page} 页", "page {page}"),
    "print.filing": Texts("{year}年度干部教育培训计划备案", "Annual training plan {year}: filing"),
    "print.notices": Texts("{year}年度调训通知", "Training summons {year}"),
    # the unit's notice workbook (optimizer.reports.notices)
    "notice.sheet": Texts("调训通知", "Summons"),
    "notice.title": Texts("{unit}{year}年度调训通知", "Training summons {year}: {unit}"),
    "notice.body": Texts(
        "根据{year}年度干部教育培训计划,本单位下列{cadres}名干部须参加培训,共{places}人次。"
        "请通知本人按开班日期到培训机构报到,并安排好工作,保证按时参训、全程参训。",
        "Under the training plan for {year}, the {cadres} cadres of this unit below attend the sessions "
        "listed ({places} places in all). Please tell each of them to report to the institution on the "
        "first day, and arrange their work so that they attend every day.",
    ),
    "notice.column.place": Texts("地点", "place"),
    "notice.column.mode": Texts("培训方式", "mode"),
    "notice.column.serves": Texts("所满足的培训任务", "what it serves"),
    "notice.offjob": Texts("脱产培训", "off-job"),
    "notice.online": Texts("网络培训", "online"),
    # organisers as a notice names them (a scenario's organiser is free text; these are its usual forms)
    "organiser.province": Texts("省委组织部", "provincial organisation department"),
    "organiser.department_of": Texts("{unit}委组织部", "organisation department of {unit}"),
    # a cadre's calendar (optimizer.reports.calendars)
    "calendar.name": Texts("{name}{year}年度调训安排", "{name}: training {year}"),
    "calendar.summary": Texts("{course}({institution})", "{course} ({institution})"),
    "calendar.location": Texts("{institution},{city}", "{institution}, {city}"),
    "calendar.description": Texts(
        "班次:{session}\n课程:{course}\n培训机构:{institution}\n日期:{start}至{end},共{days}天,{hours}学时({mode})\n"
        "所满足的培训任务:{serves}\n调训单位:{organiser}",
        "Session: {session}\nCourse: {course}\nInstitution: {institution}\n"
        "Dates: {start} to {end}, {days} days, {hours} hours ({mode})\n"
        "Serves: {serves}\nOrganiser: {organiser}",
    ),
}
