"""The interactive plan page ``plan.html``: one self-contained file to open in any browser.

The year as a zoomable timeline by institution, by unit and by cadre; filters by unit, institution,
course theme and obligation; search by cadre id or name; the shortfalls with their reasons; the
per-tier table. Everything is inside the file (the script and style of this package, ``page.js``
and ``page.css``, and the plan's facts as JSON from :func:`optimizer.reports.page_data.page_data`);
its content security policy forbids any request, so it works offline and leaks nothing. The
per-tier table is written as HTML, so it shows even with scripts off.
"""

from __future__ import annotations

import html
import json
from importlib import resources
from pathlib import Path
from typing import Any

from models import Plan, Scenario
from models.messages import CATALOGUE, check_lang
from optimizer.reports.labels import MONTHS, STATUS, words
from optimizer.reports.page_data import page_data
from optimizer.reports.privacy import PSEUDONYMIZED
from optimizer.reports.summary import solve_status
from optimizer.reports.tables import SHORTFALL_KEYS, header
from optimizer.reports.tier_table import BOUND_NOTE, TierRow, headline, percent, tier_rows

PAGE_FILE = "plan.html"
POLICY = "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src data:"
"""No fetch, no image, no font from anywhere: the page is what the file holds."""
TIER_KEYS = ("tier", "tier_name", "owed", "met", "bound", "gap")


def write_page(scenario: Scenario, plan: Plan, path: str | Path, *, lang: str = "zh") -> Path:
    """Write the plan page of ``plan`` to ``path`` (its folder is created) and return ``path``.

    Pass a pseudonymized scenario and plan (:func:`optimizer.reports.privacy.pseudonymize`) for a
    page without names: the page shows the names it is given.
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(page_html(scenario, plan, lang), encoding="utf-8")
    return path


def page_html(scenario: Scenario, plan: Plan, lang: str = "zh") -> str:
    """The whole page as one string."""
    check_lang(lang)
    said = _words(lang)
    title = said["page.title"].format(year=plan.year)
    status = solve_status(plan, lang) or "—"
    rows = tier_rows(scenario, plan)
    notes = [headline(rows, lang)]
    if plan.summary.get(PSEUDONYMIZED):
        notes.append(words(lang)["pseudonymized"])
    data = page_data(scenario, plan, lang)
    data["words"] = said
    data["months"] = MONTHS[lang]
    data["not_run"] = STATUS[lang]["cancelled"]
    data["nothing"] = words(lang)["untrained"]
    data["headers"] = {key: header(key, lang) for key in SHORTFALL_KEYS}
    return TEMPLATE.format(
        lang=lang,
        policy=POLICY,
        title=html.escape(title),
        style=_asset("page.css"),
        scenario=html.escape(said["page.scenario"].format(name=scenario.name, status=status)),
        notes="".join(f"<p>{html.escape(note)}</p>" for note in notes),
        tiers_title=html.escape(said["page.tiers"]),
        tiers=tier_table(rows, lang),
        noscript=html.escape(said["page.noscript"]),
        data=_json_in_html(data),
        script=_asset("page.js"),
    )


def tier_table(rows: list[TierRow], lang: str) -> str:
    """The per-tier table (owed, met, proven bound, gap) as HTML, with what bound and gap mean."""
    unknown = "未知" if lang == "zh" else "unknown"
    head = "".join(f"<th>{html.escape(header(k, lang))}</th>" for k in TIER_KEYS)
    body = []
    for r in rows:
        cells = (
            str(r.tier),
            r.name(lang),
            f"{r.owed:,}",
            f"{r.met:,}",
            unknown if r.bound is None else f"{r.bound:,}",
            unknown if r.gap is None else percent(r.gap),
        )
        body.append(
            "<tr>"
            + "".join(f'<td class="{_align(k)}">{html.escape(c)}</td>' for k, c in enumerate(cells))
            + "</tr>"
        )
    return (
        f'<table id="tiers"><thead><tr>{head}</tr></thead><tbody>{"".join(body)}</tbody></table>'
        f'<p class="note">{html.escape(BOUND_NOTE[lang])}</p>'
    )


def _align(column: int) -> str:
    return "text" if column == 1 else "number"


def _words(lang: str) -> dict[str, str]:
    """The page's templates (``page.*`` of the catalogue) in ``lang``, fields left for the script."""
    chosen = {key: getattr(texts, lang) for key, texts in CATALOGUE.items() if key.startswith("page.")}
    return {key: text if isinstance(text, str) else text.many for key, text in chosen.items()}


def _asset(name: str) -> str:
    return resources.files("optimizer.reports").joinpath(name).read_text(encoding="utf-8")


def _json_in_html(data: dict[str, Any]) -> str:
    """JSON that no text of the data can end early: every ``<``, ``>`` and ``&`` is escaped."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


TEMPLATE = """<!DOCTYPE html>
<html lang="{lang}">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="{policy}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="icon" href="data:,">
<title>{title}</title>
<style>
{style}
</style>
</head>
<body>
<header>
<h1>{title}</h1>
<p class="scenario">{scenario}</p>
{notes}
</header>
<section>
<h2>{tiers_title}</h2>
{tiers}
</section>
<noscript><p>{noscript}</p></noscript>
<main id="app"></main>
<script type="application/json" id="plan-data">{data}</script>
<script>
{script}
</script>
</body>
</html>
"""
