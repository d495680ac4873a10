"""The summons notices of a plan as files: a workbook per unit, a calendar per cadre.

``units/<unit id>.xlsx`` is the unit's 调训通知 (:mod:`optimizer.reports.notices`),
``cadres/<cadre id>.ics`` the cadre's calendar (:mod:`optimizer.reports.calendars`);
only units and cadres with a session in the plan get one.
"""

from __future__ import annotations

import hashlib
import re
from collections import defaultdict
from datetime import datetime
from pathlib import Path

from models import Plan, Scenario
from optimizer.reports import privacy
from optimizer.reports.calendars import cadre_calendar
from optimizer.reports.labels import words
from optimizer.reports.notices import Notice, notices, write_unit_notice

SAFE = re.compile(r"[\w.-]+")
UNSAFE = re.compile(r"[^\w.-]+")


def write_notices(
    scenario: Scenario,
    plan: Plan,
    folder: str | Path,
    *,
    unit_id: str | None = None,
    lang: str = "zh",
    pseudonymize: bool = False,
    stamp: datetime | None = None,
    pseudonyms: privacy.Pseudonyms | None = None,
) -> list[Path]:
    """Write the summons notices of ``plan`` into ``folder``.

    Parameters
    ----------
    scenario, plan
        The plan and its scenario.
    folder
        Receives ``units/<unit id>.xlsx`` and ``cadres/<cadre id>.ics``.
    unit_id
        Only this unit's notice and its cadres' calendars (default: every unit).
    lang
        ``"zh"`` or ``"en"``.
    pseudonymize
        Show every cadre by a stable pseudonym instead of the name
        (:func:`optimizer.reports.privacy.pseudonymize`); file names are cadre ids either way.
    pseudonyms
        The pseudonyms' key (given, it pseudonymizes; default with ``pseudonymize``:
        :meth:`~optimizer.reports.privacy.Pseudonyms.from_environment`).
    stamp
        ``DTSTAMP`` of the calendars (default: now).

    Returns
    -------
    list of Path
        Every file written: the units' workbooks, then the cadres' calendars.

    Raises
    ------
    ValueError
        When ``unit_id`` is not a unit of the scenario.
    """
    words(lang)  # validates lang
    if unit_id is not None and unit_id not in scenario.unit_by_id:
        raise ValueError(f"--unit: {unit_id!r} is not a unit of scenario {scenario.name!r}")
    if pseudonymize or pseudonyms is not None:
        scenario, plan = privacy.pseudonymize(scenario, plan, pseudonyms)
    rows = [n for n in notices(scenario, plan, lang) if unit_id is None or n.unit_id == unit_id]
    folder = Path(folder)
    written = [
        write_unit_notice(
            scenario, plan.year, unit, unit_rows, folder / "units" / f"{safe_name(unit)}.xlsx", lang
        )
        for unit, unit_rows in _grouped(rows, "unit_id").items()
    ]
    (folder / "cadres").mkdir(parents=True, exist_ok=True)
    for cadre_id, cadre_rows in _grouped(rows, "cadre_id").items():
        calendar = cadre_calendar(cadre_id, cadre_rows[0].cadre_name, plan.year, cadre_rows, lang, stamp)
        path = folder / "cadres" / f"{safe_name(cadre_id)}.ics"
        path.write_bytes(calendar.to_ical())
        written.append(path)
    return written


def _grouped(rows: list[Notice], key: str) -> dict[str, list[Notice]]:
    groups: dict[str, list[Notice]] = defaultdict(list)
    for row in rows:
        groups[getattr(row, key)].append(row)
    return dict(groups)


def safe_name(text: str) -> str:
    """``text`` as a file name: itself when safe, else with ``_`` for unsafe runs and a short hash of it.

    The hash keeps two ids apart that would otherwise give the same name (``A/B`` and ``A_B``).
    """
    if SAFE.fullmatch(text) and not text.startswith("."):
        return text
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()[:8]
    return UNSAFE.sub("_", text).lstrip(".") + "-" + digest
