"""The what-if answers: a re-plan's diff reasons, why-not, the checked fixes, who could fill a seat."""

from __future__ import annotations

from models.messages.texts import Texts

TEXTS = {
    # diff.csv of a re-plan (optimizer.whatif.replan)
    "diff.gone": Texts("{group}已不在班次目录中", "{group} is no longer in the catalogue"),
    "diff.makes_way": Texts("让位于{new}:{cause}", "makes way for {new}: {cause}"),
    "diff.serves": Texts("{group}用于{served}{cause}", "{group} serves {served}{cause}"),
    "diff.cause": Texts(":{cause}", ": {cause}"),
    "diff.not_this_year": Texts("{group}不在{year}年开班", "{group} does not start in {year}"),
    # why-not (optimizer.whatif.whynot)
    "cadre.head": Texts(
        "{cadre} {name}({rank},{category},单位{unit})", "{cadre} {name} ({rank}, {category}, unit {unit})"
    ),
    "whynot.head": Texts("{cadre}{year}年", "{cadre} in {year}"),
    "whynot.owes": Texts("应训任务:", "owes:"),
    "whynot.owes_nothing": Texts("本年度没有应训任务", "owes nothing this year"),
    "whynot.met": Texts("已满足", "met"),
    "whynot.unmet": Texts("未满足(已安排{planned},应完成{required})", "UNMET ({planned} of {required})"),
    "whynot.owed": Texts("  {rule} {title}:{state};{reason}", "  {rule} {title}: {state}; {reason}"),
    "whynot.planned": Texts("已安排:{runs}", "planned: {runs}"),
    "whynot.nothing": Texts("无", "nothing"),
    "whynot.sessions": Texts(
        "可满足尚未完成任务的班次(或已选班次):", "sessions serving what is still owed (or chosen):"
    ),
    "whynot.session": Texts(
        "  {session} {course} {start}..{end} 可满足{serves}:{state}",
        "  {session} {course} {start}..{end} serves {serves}: {state}",
    ),
    "whynot.closed": Texts(
        "  另有{n}个满足学时或班子培训比例的班次{why}:{ids}",
        "  and {n} more serving hours or the team share, {why}: {ids}",
    ),
    "whynot.fix": Texts("{mark}:{change} -- {detail}", "{mark}: {change} -- {detail}"),
    "whynot.smallest": Texts("最小改动", "smallest change"),
    "whynot.also_works": Texts("同样可行", "also works"),
    "whynot.does_not_work": Texts("不可行", "does not work"),
    "whynot.no_fix": Texts(
        "没有找到能让该干部参加的改动{why}", "no change found that lets the cadre in{why}"
    ),
    "whynot.no_limit_only": Texts(
        "(没有仅因容量限制而受阻的班次)", " (no session is blocked by limits only)"
    ),
    "verdict.chosen": Texts("已选", "chosen"),
    "verdict.open": Texts("可以参加:没有规则阻止该干部", "open: nothing keeps the cadre out"),
    # the checked fixes (optimizer.whatif.fixes)
    "fix.seat": Texts("{group}增加1个名额", "one more seat in {group}"),
    "fix.bed": Texts("{institution}增加1张床位", "one more bed at {institution}"),
    "fix.release": Texts(
        "单位{unit}可同时有{more}人离岗(错峰调训上限{cap} -> {more})",
        "unit {unit} may have {more} cadres away at once (release cap {cap} -> {more})",
    ),
    "fix.budget": Texts("总经费预算增加{more:,}元", "{more:,} yuan more in the total budget"),
    "fix.unit_budget": Texts(
        "单位{unit}经费预算增加{more:,}元", "{more:,} yuan more in unit {unit}'s budget"
    ),
    "fix.confirm": Texts("确认{cadre}参加{group}", "{cadre} confirmed in {group}"),
    "fix.resolve": Texts("重新求解:{why}", "re-solve: {why}"),
    "fix.breaks": Texts("新计划违反{n}条规则,第一条:{first}", "the plan breaks {n} rule(s), first {first}"),
    "fix.still_out": Texts("该干部仍未被安排", "the cadre is still not in it"),
    "fix.checked": Texts(
        "已核验:重新求解用时{seconds}秒,计划通过校验;另有{n}名干部调整班次{ids}{lost}{direct}",
        "checked: re-solved in {seconds} s, the checker accepts the plan; {n} other cadre(s) change sessions"
        "{ids}{lost}{direct}",
    ),
    "fix.ids": Texts("({ids})", " ({ids})"),
    "fix.lost": Texts(",另有{n}项任务不再满足", ", {n} other obligation(s) no longer met"),
    "fix.none_lost": Texts(",其他任务均未受影响", ", no other obligation lost"),
    "fix.direct": Texts(
        ";只在原计划中加入该干部也可行:其他人无需调整",
        "; adding only the cadre to the plan as it is is valid too: nobody else has to move",
    ),
    # who could fill a seat (optimizer.whatif.fill)
    "fill.head": Texts(
        "{session} {course} {start}..{end}:{seats}个名额已安排{enrolled}个,空余{free}个",
        "{session} {course} {start}..{end}: {enrolled} of {seats} seats taken, {free} free",
    ),
    "fill.no_free_seat": Texts("没有空余名额", "no free seat"),
    "fill.not_run": Texts(
        "未开班:已安排{enrolled}人,再加1人也达不到最低开班人数{minimum}",
        "not run: {enrolled} enrolled, one more cadre would not reach the minimum enrolment {minimum}",
    ),
    "fill.candidates": Texts(
        "{n}名干部可以补充名额,按紧迫程度排列:", "{n} cadre(s) could take a seat, most needed first:"
    ),
    "fill.candidate_line": Texts("  {k}. {candidate}", "  {k}. {candidate}"),
    "fill.nobody": Texts(
        "尚有应训任务的干部中,没有人能在不违反规则的情况下补充名额",
        "nobody who still owes training could take a seat without breaking a rule",
    ),
    "fill.kept_out": Texts(
        "尚欠该班次所满足任务的干部中未能安排的(按首个受阻规则):{counts}",
        "kept out, of those who still owe what it serves (by the first rule in the way): {counts}",
    ),
    "fill.kept_out_count": Texts("{kind}{n}人", "{n} {kind}"),
    "candidate": Texts(
        "{cadre}:{rule} {title}{missing}{deadline}{also}", "{cadre}: {rule} {title}{missing}{deadline}{also}"
    ),
    "candidate.missing": Texts(",缺{n}学时", ", {n} h missing"),
    "candidate.deadline": Texts(",须于{deadline}前完成", ", due by {deadline}"),
    "candidate.also": Texts("(同时满足{rules})", " (also {rules})"),
    # plan-obligations and plan-annual (optimizer.cli)
    "obligations.unit_member": Texts(
        "  {rule}(单位{unit},计入该干部):{reason}", "  {rule} (unit {unit}, counts this cadre): {reason}"
    ),
    "obligations.cadre": Texts("  {rule}:{reason}", "  {rule}: {reason}"),
    "obligations.hours": Texts("({hours:,}学时)", " ({hours:,} h)"),
    "obligations.head": Texts("{year}年应训任务:", "obligations in {year}:"),
    "obligations.written": Texts("{n}项应训任务已写入{path}", "{n} obligations written to {path}"),
    "annual.too_large": Texts(
        "场景过大,未作安排:{cadres:,}名干部、{runs:,}个班次共约{pairs:,}个可选(干部,班次)组合,"
        "约需{needed:.1f} GiB内存,超过上限{limit:.1f} GiB(--max-memory);该上限内最多容纳约{fits:,}个组合"
        "(平均每名干部{per_cadre:,}个)。机器内存充足时可提高--max-memory;否则请收窄班次的开放范围(audience_units),或按县(市、区)分别编制计划。"
        "未写入任何文件。",
        "scenario too large, nothing planned: {cadres:,} cadres and {runs:,} session runs give about "
        "{pairs:,} eligible (cadre, run) pairs, which need about {needed:.1f} GiB, above the limit of "
        "{limit:.1f} GiB (--max-memory), within which about {fits:,} pairs fit ({per_cadre:,} a cadre). "
        "Raise --max-memory if the machine has the memory; "
        "otherwise narrow the sessions' audiences (audience_units) or plan the counties as separate "
        "scenarios. Nothing was written.",
    ),
    "annual.thinned": Texts(
        "内存不足以容纳全部{pairs:,}个可选(干部,班次)组合(上限约{fits:,}个,--max-memory):"
        "每名干部至多保留{per_cadre:,}个最有用的班次(先按优先级最高的应训任务,再按每学时费用最低)。"
        "计划仍满足全部硬性规则;各层级的差距以应训数计算,不是已证明的上界。",
        "memory: the {pairs:,} eligible (cadre, run) pairs do not fit (about {fits:,} do, --max-memory): "
        "each cadre kept at most its {per_cadre:,} most useful runs (its highest-priority obligation "
        "first, then the cheapest per hour). The plan keeps every hard rule; each tier's gap is against "
        "what is owed, not a proven bound.",
    ),
    "annual.no_plan": Texts("没有能满足全部硬性规则的计划:", "no plan keeps every hard rule:"),
}
