"""The facts of the interactive plan page, as compact tables of numbers and strings for its script.

Every record refers to others by position (a cadre's unit is an index into ``units``), so the page
of a 20,000-cadre scenario stays a few megabytes. Dates are days after 1 January of the plan year.
Which obligations an assignment serves comes from :func:`models.serving.serves`, the one statement
of "serves" the solver and the evaluation share.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from typing import Any

from models import Plan, Scenario, owed_obligations
from models.indicators import tree_order
from models.obligations import UNIT_RULES, Obligation, Rule
from models.serving import SessionRun, run_of, serves
from optimizer.reports.labels import KIND, RANK, REASON, RULE, THEME
from optimizer.reports.style import CANCELLED_COLOUR, THEME_COLOURS
from optimizer.reports.tables import session_outcome, shortfall_rows

RULES = tuple(Rule)
"""The obligation filter's rules, in the order of :class:`models.obligations.Rule`; a bit each in masks."""
RULE_BIT = {rule.value: 1 << k for k, rule in enumerate(RULES)}


def page_data(scenario: Scenario, plan: Plan, lang: str) -> dict[str, Any]:
    """Everything the page's script draws: the catalogue, the plan, what each assignment serves.

    Returns
    -------
    dict
        ``units`` ``[id, name, parent index (-1 at a root), depth]`` in tree order;
        ``institutions`` ``[id, name, kind]``; ``courses`` ``[id, title, theme index]``;
        ``sessions`` ``[id, course, institution, first day, days, hours, seats, enrolled, run (0/1),
        group index]``; ``cadres`` ``[id, name, unit, rank, owed mask, short mask]``, where bit
        ``k`` of a mask stands for ``rules[k]`` (owed: the cadre owes it, or its unit owes it with the
        cadre counting; short: the cadre's own obligation has a shortfall); ``assignments`` flat,
        four numbers each: cadre, session, reason index, served mask; ``shortfalls``
        ``[rule index, cadre (-1), unit (-1), required, planned, shortfall, reason text index]`` most
        urgent first, their texts in ``texts``; and the words of themes, kinds, reasons, ranks and rules.
    """
    year = plan.year
    units = tree_order(scenario)
    unit_index = {u: k for k, u in enumerate(units)}
    depth = {u: len(scenario.ancestors_by_unit.get(u, (u,))) - 1 for u in units}
    institutions = sorted(scenario.institutions, key=lambda i: (i.kind.value, i.institution_id))
    institution_index = {i.institution_id: k for k, i in enumerate(institutions)}
    courses = scenario.courses
    course_index = {c.course_id: k for k, c in enumerate(courses)}
    themes = list(THEME[lang])
    cadres = sorted(scenario.cadres, key=lambda c: (unit_index.get(c.unit_id, len(units)), c.cadre_id))
    cadre_index = {c.cadre_id: k for k, c in enumerate(cadres)}
    sessions, session_index = _sessions(scenario, plan, course_index, institution_index)
    owed, served = _owed_and_served(scenario, plan)
    short = _short_masks(plan)
    reasons = list(REASON[lang])
    flat: list[int] = []
    for a in plan.assignments:
        if a.cadre_id in cadre_index and a.session_id in session_index:
            flat += [
                cadre_index[a.cadre_id],
                session_index[a.session_id],
                reasons.index(a.reason.value),
                served.get((a.cadre_id, a.session_id), 0),
            ]
    shortfalls, texts = _shortfalls(scenario, plan, lang, cadre_index, unit_index)
    ranks = list(RANK[lang])
    unit_by_id = scenario.unit_by_id
    return {
        "year": year,
        "first": date(year, 1, 1).isoformat(),
        "units": [
            [u, unit_by_id[u].name, unit_index.get(unit_by_id[u].parent_id or "", -1), depth[u]]
            for u in units
        ],
        "institutions": [[i.institution_id, i.name, i.kind.value] for i in institutions],
        "courses": [[c.course_id, c.title, themes.index(c.theme.value)] for c in courses],
        "sessions": sessions,
        "cadres": [
            [
                c.cadre_id,
                c.name,
                unit_index.get(c.unit_id, -1),
                ranks.index(c.rank.value),
                owed.get(c.cadre_id, 0),
                short.get(c.cadre_id, 0),
            ]
            for c in cadres
        ],
        "assignments": flat,
        "shortfalls": shortfalls,
        "texts": texts,
        "themes": [[t, THEME[lang][t], THEME_COLOURS[t]] for t in themes],
        "cancelled_colour": CANCELLED_COLOUR,
        "kinds": {kind: label for kind, label in KIND[lang].items()},
        "reasons": [[r, REASON[lang][r]] for r in reasons],
        "ranks": [RANK[lang][r] for r in ranks],
        "rules": [[rule.value, RULE[lang][rule.value]] for rule in RULES],
    }


def _sessions(
    scenario: Scenario, plan: Plan, course_index: dict[str, int], institution_index: dict[str, int]
) -> tuple[list[list[Any]], dict[str, int]]:
    """The plan year's sessions (and any other a plan attends), by start; each a list of numbers."""
    status_by_id = {s.session_id: s for s in plan.sessions}
    enrolled: dict[str, int] = defaultdict(int)
    for a in plan.assignments:
        enrolled[a.session_id] += 1
    ids = set(status_by_id) | set(enrolled)
    chosen = sorted(
        (scenario.session_by_id[i] for i in ids if i in scenario.session_by_id),
        key=lambda s: (s.start, s.session_id),
    )
    first = date(plan.year, 1, 1)
    groups: dict[str, int] = {}
    rows = []
    for s in chosen:
        status = status_by_id.get(s.session_id)
        run = status is None or session_outcome(s, status) == "run"
        rows.append(
            [
                s.session_id,
                course_index[s.course_id],
                institution_index[s.institution_id],
                (s.start - first).days,
                s.days,
                s.hours,
                status.seats if status else s.seats,
                enrolled.get(s.session_id, 0),
                int(run),
                groups.setdefault(s.group_id, len(groups)),
            ]
        )
    return rows, {s.session_id: k for k, s in enumerate(chosen)}


def _owed_and_served(scenario: Scenario, plan: Plan) -> tuple[dict[str, int], dict[tuple[str, str], int]]:
    """Per cadre the rules owed (a mask), per (cadre, session) the rules it serves for that cadre.

    A unit's obligation (R4, R16, R12) counts for the cadres whose attendance counts toward it.
    """
    obligations = owed_obligations(scenario, plan.year)
    by_cadre: dict[str, list[Obligation]] = defaultdict(list)
    for item in obligations:
        if item.rule in UNIT_RULES:
            for member in item.members:
                by_cadre[member].append(item)
        elif item.cadre_id:
            by_cadre[item.cadre_id].append(item)
    owed = {cadre_id: _mask(items) for cadre_id, items in by_cadre.items()}
    runs: dict[str, SessionRun] = {}
    served: dict[tuple[str, str], int] = {}
    for a in plan.assignments:
        session = scenario.session_by_id.get(a.session_id)
        if session is None:
            continue
        group = session.group_id
        run = runs.get(group) or runs.setdefault(group, run_of(scenario, group))
        served[(a.cadre_id, a.session_id)] = _mask(i for i in by_cadre.get(a.cadre_id, ()) if serves(i, run))
    return owed, served


def _mask(items: Any) -> int:
    mask = 0
    for item in items:
        mask |= RULE_BIT[item.rule.value]
    return mask


def _short_masks(plan: Plan) -> dict[str, int]:
    """Per cadre, the rules of its own obligations with a shortfall."""
    short: dict[str, int] = defaultdict(int)
    for s in plan.shortfalls:
        if s.cadre_id and s.rule in RULE_BIT:
            short[s.cadre_id] |= RULE_BIT[s.rule]
    return short


def _shortfalls(
    scenario: Scenario, plan: Plan, lang: str, cadre_index: dict[str, int], unit_index: dict[str, int]
) -> tuple[list[list[int]], list[str]]:
    """The shortfall rows most urgent first, their reasons as indices into a list of distinct texts."""
    rule_index = {rule.value: k for k, rule in enumerate(RULES)}
    texts: dict[str, int] = {}
    rows = []
    for row in shortfall_rows(scenario, plan, lang):
        rows.append(
            [
                rule_index.get(row["rule"], -1),
                cadre_index.get(row["cadre_id"], -1),
                unit_index.get(row["unit_id"], -1),
                row["required"],
                row["planned"],
                row["shortfall"],
                texts.setdefault(row["explanation"], len(texts)),
            ]
        )
    return rows, list(texts)
