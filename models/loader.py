"""Load a scenario folder (DOMAIN.md "Scenario contract") into a validated :class:`Scenario`."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from models import rows as r
from models.csvfile import Table, read_table
from models.entities import Institution
from models.errors import Collector
from models.references import check_references
from models.scenario import Scenario
from models.settings import load_settings

T = TypeVar("T")

FILES = {
    "units.csv": (r.UNIT_COLUMNS, r.UNIT_OPTIONAL),
    "cadres.csv": (r.CADRE_COLUMNS, r.CADRE_OPTIONAL),
    "institutions.csv": (r.INSTITUTION_COLUMNS, r.INSTITUTION_OPTIONAL),
    "courses.csv": (r.COURSE_COLUMNS, r.COURSE_OPTIONAL),
    "sessions.csv": (r.SESSION_COLUMNS, r.SESSION_OPTIONAL),
    "summons.csv": (r.SUMMONS_COLUMNS, r.SUMMONS_OPTIONAL),
    "history.csv": (r.HISTORY_COLUMNS, r.HISTORY_OPTIONAL),
}
OPTIONAL_FILES = frozenset({"summons.csv"})


def load_scenario(folder: str | Path) -> Scenario:
    """Read and validate a scenario folder.

    Parameters
    ----------
    folder
        A folder holding ``scenario.toml`` and the CSV files; files it lacks
        come from its ``base`` scenario, if any.

    Raises
    ------
    ScenarioError
        With every problem found, each naming file, row, column and value.
    """
    problems = Collector()
    folder = Path(folder)
    settings = load_settings(folder, problems)
    problems.raise_if_any()
    assert settings is not None
    tables: dict[str, Table | None] = {}
    for name, (required, optional) in FILES.items():
        path = settings.file(name)
        if name in OPTIONAL_FILES and not path.exists():
            tables[name] = None
            continue
        tables[name] = read_table(path, required, optional, problems)
    institutions = _records(tables["institutions.csv"], r.institution_from, problems)
    institution_by_id: dict[str, Institution] = {i.institution_id: i for _, i in institutions}
    hours_per_day = settings.policy.hours_per_day

    def session_from(row: r.RowReader):  # type: ignore[no-untyped-def]
        return r.session_from(row, institution_by_id, hours_per_day)

    parsed = {
        "units.csv": _records(tables["units.csv"], r.unit_from, problems),
        "cadres.csv": _records(tables["cadres.csv"], r.cadre_from, problems),
        "institutions.csv": institutions,
        "courses.csv": _records(tables["courses.csv"], r.course_from, problems),
        "sessions.csv": _records(tables["sessions.csv"], session_from, problems),
        "summons.csv": _records(tables["summons.csv"], r.summons_from, problems),
        "history.csv": _records(tables["history.csv"], r.history_from, problems),
    }
    scenario = Scenario(
        name=settings.name,
        cycle_start=settings.cycle_start,
        units=tuple(x for _, x in parsed["units.csv"]),
        cadres=tuple(x for _, x in parsed["cadres.csv"]),
        institutions=tuple(x for _, x in institutions),
        courses=tuple(x for _, x in parsed["courses.csv"]),
        sessions=tuple(x for _, x in parsed["sessions.csv"]),
        summons=tuple(x for _, x in parsed["summons.csv"]),
        history=tuple(x for _, x in parsed["history.csv"]),
        policy=settings.policy,
        budget_total=settings.budget_total,
        weights=settings.weights,
        source=folder,
    )
    check_references(scenario, problems, parsed)
    problems.raise_if_any()
    return scenario


def _records(
    table: Table | None,
    make: Callable[[r.RowReader], T | None],
    problems: Collector,
) -> list[tuple[int, T]]:
    if table is None:
        return []
    records = []
    for line, cells in table:
        record = make(r.RowReader(table.name, line, cells, problems))
        if record is not None:
            records.append((line, record))
    return records
