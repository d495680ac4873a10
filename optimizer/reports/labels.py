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
