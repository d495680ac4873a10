"""The course catalogue and which courses the ledger and each audience's sessions draw from."""

from __future__ import annotations

from scenarios.generator.settings import BUREAU, DIVISION, SECTION

# course_id, title, theme, systematic, theory_share, party_spirit_share.
# SYS13 and THE02 break the R13 shares on purpose, for the catalogue warning.
COURSES = (
    ("SYS01", "厅局级领导干部进修班", "theory", True, "0.55", "0.25"),
    ("SYS02", "县处级领导干部进修班", "theory", True, "0.5", "0.25"),
    ("SYS03", "中青年干部培训班", "theory", True, "0.45", "0.3"),
    ("SYS04", "乡科级领导干部进修班", "theory", True, "0.5", "0.25"),
    ("SYS05", "习近平新时代中国特色社会主义思想专题研讨班", "theory", True, "0.65", "0.2"),
    ("SYS06", "党性教育专题培训班", "party_spirit", True, "0.3", "0.6"),
    ("SYS07", "学习贯彻党的十九届四中全会精神专题培训班", "theory", True, "0.6", "0.2"),
    ("SYS08", "县处级领导干部党性修养专题班", "party_spirit", True, "0.25", "0.6"),
    ("SYS09", "乡镇党委书记专题培训班", "theory", True, "0.45", "0.25"),
    ("SYS10", "学习贯彻党的十九大精神轮训班", "theory", True, "0.6", "0.25"),
    ("SYS11", "学习贯彻党的十八大精神轮训班", "theory", True, "0.6", "0.25"),
    ("SYS12", "“两学一做”学习教育专题班", "party_spirit", True, "0.4", "0.4"),
    ("SYS13", "领导干部履职能力提升研修班", "theory", True, "0.5", "0.1"),
    ("THE01", "理论学习专题班", "theory", False, "0.6", "0.2"),
    ("THE02", "青年干部理论读书班", "theory", False, "0.5", "0.1"),
    ("THE03", "乡镇干部理论轮训班", "theory", False, "0.55", "0.25"),
    ("PRO01", "经济工作专题研究班", "professional", False, "0.45", "0.25"),
    ("PRO02", "乡村振兴专题培训班", "professional", False, "0.45", "0.25"),
    ("PRO03", "优化营商环境专题班", "professional", False, "0.45", "0.25"),
    ("PRO04", "依法行政能力提升班", "professional", False, "0.45", "0.25"),
    ("PRO05", "应急管理能力提升班", "professional", False, "0.45", "0.25"),
    ("PRO06", "生态环境保护专题班", "professional", False, "", ""),
    ("PRO07", "数字化改革专题班", "professional", False, "", ""),
    ("PRO08", "基层社会治理能力提升班", "professional", False, "0.45", "0.25"),
    ("PRO09", "财政预算管理业务培训班", "professional", False, "0.45", "0.25"),
    ("KNW01", "科学素养与人文知识讲座班", "knowledge", False, "", ""),
    ("KNW02", "公文写作与信息报送培训班", "knowledge", False, "0.45", "0.25"),
    ("KNW03", "保密知识培训班", "knowledge", False, "", ""),
    ("KNW04", "新录用公务员初任培训班", "knowledge", False, "0.5", "0.25"),
    ("KNW05", "统一战线理论政策专题班", "knowledge", False, "", ""),
    ("RED01", "红船精神现场教学班", "party_spirit", False, "0.2", "0.7"),
    ("RED02", "革命传统教育现场教学班", "party_spirit", False, "0.2", "0.7"),
    ("RED03", "廉政警示教育专题班", "party_spirit", False, "0.25", "0.6"),
    ("ONL01", "网络专题班：学习贯彻十九届四中全会精神", "theory", False, "0.7", "0.2"),
    ("ONL02", "网络专题班：数字经济与治理", "knowledge", False, "", ""),
    ("ONL03", "网络专题班：党员干部必修课", "party_spirit", False, "0.3", "0.5"),
)
SYSTEMATIC = frozenset(course[0] for course in COURSES if course[3])
MIXED_RANKS = frozenset(course[0] for course in COURSES if course[2] in ("knowledge", "professional"))
REGULAR_HISTORY = tuple(course[0] for course in COURSES if course[0][:3] in ("THE", "PRO", "KNW", "RED"))
# Systematic courses a leader may have taken, by rank; some ran only in given years.
SYSTEMATIC_HISTORY = {
    BUREAU: ("SYS01", "SYS05", "SYS10", "SYS12", "SYS11"),
    DIVISION: ("SYS02", "SYS04", "SYS05", "SYS10", "SYS12", "SYS11"),
    SECTION: ("SYS04", "SYS09", "SYS10", "SYS12", "SYS11"),
}
COURSE_YEARS = {"SYS11": (2013, 2014), "SYS12": (2016, 2017), "SYS10": (2017, 2019), "SYS05": (2018, 2100)}

# Systematic classes by (audience kind, audience ranks): (course, institution role) options.
SYSTEMATIC_MENU = {
    ("province", "bureau"): (("SYS01", "prov_ps"), ("SYS05", "prov_ps"), ("SYS06", "academy")),
    ("province", "division"): (("SYS02", "prov_ps"), ("SYS08", "academy"), ("SYS06", "academy")),
    ("city_leader", "division"): (
        ("SYS02", "city_ps"),
        ("SYS05", "city_ps"),
        ("SYS07", "city_ps"),
        ("SYS13", "city_ps"),
    ),
    ("county", "section"): (("SYS04", "county_ps"), ("SYS09", "county_ps"), ("SYS07", "county_ps")),
}
SEGMENTED = {"SYS03": ("city_ps", "section;division"), "SYS08": ("academy", "division")}
# Ordinary classes by audience kind: (course, institution role, weight, audience ranks ("" = the
# audience's own), audience categories).
REGULAR_MENU = {
    "province": (
        ("RED01", "academy", 2, "", ""),
        ("RED02", "red", 3, "", ""),
        ("THE01", "prov_ps", 3, "", ""),
        ("PRO01", "prov_ps", 2, "", ""),
        ("PRO03", "prov_ps", 1, "division", ""),
        ("PRO07", "uni", 2, "", ""),
        ("KNW01", "uni", 1, "", ""),
    ),
    "city_leader": (
        ("PRO01", "city_ps", 2, "", ""),
        ("PRO03", "city_ps", 2, "", ""),
        ("PRO05", "city_ps", 2, "", ""),
        ("PRO04", "uni", 1, "", ""),
        ("PRO06", "uni", 1, "", ""),
        ("PRO07", "uni", 2, "", ""),
        ("KNW05", "city_sc", 1, "", ""),
        ("THE01", "city_ps", 2, "", ""),
        ("THE02", "city_ps", 1, "division", ""),
        ("RED03", "red", 1, "", ""),
        ("RED01", "red", 1, "", ""),
    ),
    "city_staff": (
        ("PRO04", "city_ps", 2, "", ""),
        ("PRO09", "city_ps", 2, "", "civil_servant;public_institution"),
        ("PRO05", "uni", 1, "", ""),
        ("PRO07", "uni", 1, "", ""),
        ("KNW02", "city_ps", 2, "", ""),
        ("KNW03", "city_sc", 1, "", ""),
        ("KNW04", "city_ps", 1, "staff", ""),
        ("KNW05", "city_sc", 1, "", ""),
        ("THE01", "city_ps", 2, "", ""),
        ("RED03", "red", 1, "", ""),
        ("KNW01", "uni", 1, "", ""),
    ),
    "county": (
        ("PRO02", "county_ps", 3, "", ""),
        ("PRO08", "county_ps", 2, "", "civil_servant;grassroots"),
        ("KNW02", "county_ps", 2, "", ""),
        ("KNW04", "county_ps", 1, "staff", ""),
        ("PRO05", "county_ps", 1, "", ""),
        ("THE03", "county_ps", 3, "", ""),
        ("PRO02", "uni", 1, "", ""),
        ("RED02", "red", 1, "", ""),
        ("RED03", "county_ps", 1, "", ""),
    ),
}
REGULAR_DAYS = (3, 4, 5, 5, 5, 5, 5, 6, 7, 7, 8, 10, 12)
RED_DAYS = (3, 4, 5)
