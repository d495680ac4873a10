"""Words of the filing in Chinese (``zh``, the default of a filing) and English (``en``).

The column titles, sheet names and chart words are here; the words the filing shares with the
reasons (rule titles, ranks, solve statuses) come from the message catalogue (:mod:`models.messages`).
"""

from __future__ import annotations

from models.entities import Rank
from models.messages import LANGS, message, text_of
from models.obligations import Rule, rule_title
from models.reasons import rank_words

SOLVE_STATUSES = ("optimal", "feasible", "infeasible", "unknown")

THEME = {
    "zh": {
        "theory": "理论教育",
        "party_spirit": "党性教育",
        "professional": "专业化能力",
        "knowledge": "知识培训",
    },
    "en": {
        "theory": "theory",
        "party_spirit": "party spirit",
        "professional": "professional",
        "knowledge": "knowledge",
    },
}
REASON = {
    "zh": {
        "named_summons": "点名调训",
        "remedial": "补训",
        "team_share": "班子培训",
        "hours_quota": "学时任务",
        "elective": "应训任务之外的培训",
    },
    "en": {
        "named_summons": "named summons",
        "remedial": "remedial",
        "team_share": "leadership team",
        "hours_quota": "hours quota",
        "elective": "beyond the obligations",
    },
}
RULE = {lang: {rule.value: rule_title(rule, lang) for rule in Rule} for lang in LANGS}
"""The rules' titles, from the message catalogue (``rule.<id>``)."""
TIER = {
    "zh": {
        1: "点名调训和逾期补训",
        2: "补训",
        3: "班子参训、系统培训和年轻干部培训",
        4: "学时和专业化能力培训",
        5: "单位指标(附件1)",
    },
    "en": {
        1: "named summons and overdue remedial",
        2: "remedial training",
        3: "leadership team, systematic training and young cadres",
        4: "hours and the professional week",
        5: "unit indicators (Annex 1)",
    },
}
"""What each priority tier holds, in planner words (DOMAIN.md "Tiers": 1 R7, R6b; 2 R5, R6;
3 R4, R3, R3b, R16; 4 R1, R2, R17; 5 R12)."""
TIER_ORDINAL = {
    "zh": {1: "第一层级", 2: "第二层级", 3: "第三层级", 4: "第四层级", 5: "第五层级"},
    "en": {1: "Tier 1", 2: "Tier 2", 3: "Tier 3", 4: "Tier 4", 5: "Tier 5"},
}
INDICATOR = {
    "zh": {
        "summons_rate": "调训率:调训人数 ÷ 干部人数",
        "participation_rate": "参训率:参训人数 ÷ 干部人数",
        "hours_ratio": "脱产培训学时:计划 ÷ 应完成",
        "online_hours_per_capita": "网络培训学时:人均",
        "team_trained_share": "领导班子参训:人数 ÷ 班子成员",
        "top_leaders_trained_share": "一把手参训:人数 ÷ 一把手",
        "young_trained_share": "优秀年轻干部参训:人数 ÷ 年轻干部",
    },
    "en": {
        "summons_rate": "summons rate: cadres summoned ÷ cadres",
        "participation_rate": "participation rate: participants ÷ cadres",
        "hours_ratio": "off-job hours: planned ÷ required",
        "online_hours_per_capita": "online hours per cadre",
        "team_trained_share": "leadership teams: members trained ÷ members",
        "top_leaders_trained_share": "top leaders trained ÷ top leaders",
        "young_trained_share": "young cadres trained ÷ young cadres",
    },
}
"""The Annex-1 indicators (``summary.json`` ``indicators``), each as a ratio of two counts."""
INDICATOR_NOTE = {
    "zh": {
        "online_hours_per_capita": "未设目标",
        "top_leaders_trained_share": "R18:各层级内优先安排一把手,无比例目标",
        "young_trained_share": "R16:{deadline}前培训一遍,每年分摊(第三层级)",
    },
    "en": {
        "online_hours_per_capita": "no target set",
        "top_leaders_trained_share": "R18: top leaders first inside every tier; no share set",
        "young_trained_share": "R16: each trained once by {deadline}, a share each year (tier 3)",
    },
}
"""What stands in the target column of an indicator without a numeric target."""
MARK = {
    "zh": {True: "达标", False: "未达标"},
    "en": {True: "met", False: "not met"},
}
"""An indicator against its target."""
RANK = {lang: {rank.value: text_of(rank_words(rank), lang) for rank in Rank} for lang in LANGS}
KIND = {
    "zh": {
        "party_school": "党校",
        "cadre_academy": "干部学院",
        "socialist_college": "社会主义学院",
        "red_base": "党性教育基地",
        "university": "高校",
        "online": "网络学院",
    },
    "en": {
        "party_school": "party school",
        "cadre_academy": "cadre academy",
        "socialist_college": "socialist college",
        "red_base": "red-education base",
        "university": "university",
        "online": "online",
    },
}
STATUS = {
    "zh": {
        "run": "举办",
        "cancelled": "未达最低开班人数取消",
        "unused": "未安排学员",
        "no_seats": "取消(无名额)",
    },
    "en": {
        "run": "run",
        "cancelled": "cancelled (below minimum enrolment)",
        "unused": "unused",
        "no_seats": "cancelled (no seats)",
    },
}
"""A session's outcome (:func:`optimizer.reports.tables.session_outcome`) in words: a session the plan
does not run is cancelled only when it has a minimum enrolment it does not reach (or no seats, as a
changes file's ``cancel_session`` leaves it); with no minimum it is merely unused."""
SOLVE_STATUS = {
    lang: {status: text_of(message(f"solve_status.{status}"), lang) for status in SOLVE_STATUSES}
    for lang in LANGS
}
MONTHS = {
    "zh": [f"{m}月" for m in range(1, 13)],
    "en": ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"],
}

WORDS = {
    "zh": {
        "segments": "分段衔接",
        "sessions_title": "{year}年度培训班次安排(按培训机构)",
        "page": "第{page}/{pages}页",
        "release_title": "{year}年度各单位同时离岗调训人数(最繁忙单位)",
        "release_unit": "{name}:{headcount}人,上限{cap}人",
        "release_weeks_title": "{year}年度各单位每周离岗调训峰值占错峰上限比例",
        "release_weeks_unit": "{name} {headcount}人/上限{cap}",
        "release_weeks_legend": "不超过50%|50%–80%|80%以上|达到上限|超出上限",
        "away": "离岗人数",
        "cap": "错峰上限",
        "over_cap": "超出上限",
        "timeline_title": "{year}年度 {unit} 干部培训时间表({count}人)",
        "online": "网络培训",
        "untrained": "未安排",
        "names_missing": "(以编号代替姓名)",
        "pseudonymized": "干部姓名已假名化(P-开头的代号),编号不变",
    },
    "en": {
        "segments": "linked segments",
        "sessions_title": "Sessions by institution, {year}",
        "page": "page {page} of {pages}",
        "release_title": "Cadres away per day, {year} (busiest units)",
        "release_unit": "{name}: {headcount} cadres, cap {cap}",
        "release_weeks_title": "Peak cadres away per week against the release cap (R9), every unit, {year}",
        "release_weeks_unit": "{name} {headcount}/cap {cap}",
        "release_weeks_legend": "up to 50%|50-80%|over 80%|at the cap|over the cap",
        "away": "cadres away",
        "cap": "release cap (R9)",
        "over_cap": "over the cap",
        "timeline_title": "Training timeline {year}: {unit} ({count} cadres)",
        "online": "online",
        "untrained": "nothing planned",
        "names_missing": "(ids shown instead of names)",
        "pseudonymized": "cadre names are pseudonymized (codes starting P-); ids are unchanged",
    },
}


def words(lang: str) -> dict[str, str]:
    """The chart and report words of ``lang``; raises ``ValueError`` for an unknown language."""
    if lang not in LANGS:
        raise ValueError(f"unknown language {lang!r}; expected one of {', '.join(LANGS)}")
    return WORDS[lang]
