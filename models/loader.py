"""Load a scenario folder (DOMAIN.md "Scenario contract") into a validated :class:`Scenario`."""

from __future__ import annotations

import gc
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TypeVar

from models import columns
from models import rows as r
from models.csvfile import Table, read_table
from models.entities import Institution, Session
from models.errors import Collector
from models.references import ID_COLUMNS, Parsed, check_references
from models.scenario import Scenario
from models.settings import Settings, load_settings
from models.workbook import Workbook, is_workbook

T = TypeVar("T")

FILES = {
    "units.csv": (r.UNIT_COLUMNS, r.UNIT_OPTIONAL),
    "cadres.csv": (r.CADRE_COLUMNS, r.CADRE_OPTIONAL),
    "institutions.csv": (r.INSTITUTION_COLUMNS, r.INSTITUTION_OPTIONAL),
    "courses.csv": (r.COURSE_COLUMNS, r.COURSE_OPTIONAL),
    "sessions.csv": (r.SESSION_COLUMNS, r.SESSION_OPTIONAL),
    "summons.csv": (r.SUMMONS_COLUMNS, r.SUMMONS_OPTIONAL),
    "history.csv": (r.HISTORY_COLUMNS, r.HISTORY_OPTIONAL),
    "pinned.csv": (r.PIN_COLUMNS, r.PIN_OPTIONAL),
}
OPTIONAL_FILES = frozenset({"summons.csv", "pinned.csv"})


def load_scenario(folder: str | Path) -> Scenario:
    """Read and validate a scenario folder, or a scenario workbook.

    Parameters
    ----------
    folder
        A folder holding ``scenario.toml`` and the CSV files, or one Excel
        workbook (``.xlsx``) with a sheet per table and a ``scenario`` sheet
        of settings (:mod:`models.workbook`); tables it lacks come from its
        ``base`` scenario, if any.

    Raises
    ------
    ScenarioError
        With every problem found, each naming file, row, column and value.
    """
    with _no_cycle_collection():
        return _load(Path(folder))


def _load(folder: Path) -> Scenario:
    problems = Collector()
    settings = load_settings(folder, problems)
    if settings is None:
        problems.raise_if_any()
    assert settings is not None
    tables = _tables(settings, problems)
    parsed = _parse(tables, settings, problems)
    scenario = _scenario(settings, parsed, folder)
    labels = {name: table.name for name, table in tables.items() if table is not None}
    check_references(scenario, problems, parsed, labels, _known_ids(tables))
    problems.raise_if_any()
    return scenario


@contextmanager
def _no_cycle_collection() -> Iterator[None]:
    """Pause Python's cycle collector while loading.

    Loading makes a great many small objects and no cycles, and the collector
    would walk them all again and again.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _parse(tables: dict[str, Table | None], settings: Settings, problems: Collector) -> Parsed:
    """Each file's valid records with their lines; sessions need the institutions first."""
    institutions = _records(tables["institutions.csv"], r.institution_from, problems)
    institution_by_id: dict[str, Institution] = {i.institution_id: i for _, i in institutions}
    hours_per_day = settings.policy.hours_per_day

    def session_from(row: r.RowReader) -> Session | None:
        return r.session_from(row, institution_by_id, hours_per_day)

    return {
        "units.csv": _records(tables["units.csv"], r.unit_from, problems),
        "cadres.csv": _records(tables["cadres.csv"], r.cadre_from, problems, columns.cadres_by_columns),
        "institutions.csv": institutions,
        "courses.csv": _records(tables["courses.csv"], r.course_from, problems),
        "sessions.csv": _records(tables["sessions.csv"], session_from, problems),
        "summons.csv": _records(tables["summons.csv"], r.summons_from, problems),
        "history.csv": _records(tables["history.csv"], r.history_from, problems, columns.history_by_columns),
        "pinned.csv": _records(tables["pinned.csv"], r.pin_from, problems),
    }


def _scenario(settings: Settings, parsed: Parsed, folder: Path) -> Scenario:
    def records(name: str) -> tuple[Any, ...]:
        return tuple(record for _, record in parsed[name])

    return Scenario(
        name=settings.name,
        cycle_start=settings.cycle_start,
        units=records("units.csv"),
        cadres=records("cadres.csv"),
        institutions=records("institutions.csv"),
        courses=records("courses.csv"),
        sessions=records("sessions.csv"),
        summons=records("summons.csv"),
        history=records("history.csv"),
        pinned=records("pinned.csv"),
        policy=settings.policy,
        budget_total=settings.budget_total,
        weights=settings.weights,
        source=folder,
        plan_year=settings.plan_year,
    )


def _tables(settings: Settings, problems: Collector) -> dict[str, Table | None]:
    """Every table, each from the nearest folder (CSV file) or workbook (sheet) of the chain that has it."""
    tables: dict[str, Table | None] = {}
    for name, (required, optional) in FILES.items():
        path = settings.file(name)
        workbook = settings.workbooks.get(path)
        if workbook is not None:
            missing = not workbook.has(name.removesuffix(".csv"))
            read = None if missing and name in OPTIONAL_FILES else workbook.table(name, required, problems)
            tables[name] = read
            continue
        if name in OPTIONAL_FILES and not path.exists():
            tables[name] = None
            continue
        tables[name] = read_table(path, required, optional, problems, settings.label(path))
    return tables


def _known_ids(tables: dict[str, Table | None]) -> dict[str, set[str] | None]:
    """Every id written in each file, rows with other problems included."""
    known: dict[str, set[str] | None] = {}
    for name, column in ID_COLUMNS.items():
        table = tables[name]
        if table is None:
            known[name] = None
            continue
        known[name] = set(table.column(column)) | {cells.get(column, "") for cells in table.skipped}
    return known


def _records(
    table: Table | None,
    make: Callable[[r.RowReader], T | None],
    problems: Collector,
    by_columns: Callable[[Table, Callable[[int, dict[str, str]], T | None]], list[tuple[int, T]]]
    | None = None,
) -> list[tuple[int, T]]:
    """Each valid row's record with its line; ``by_columns`` reads a large table a column at a time."""
    if table is None:
        return []
    name = table.name
    memo: dict[Any, Any] = {}

    def one_by_one(line: int, cells: dict[str, str]) -> T | None:
        return make(r.RowReader(name, line, cells, problems, memo))

    if by_columns is not None:
        return by_columns(table, one_by_one)
    records = []
    for line, cells in table:
        record = one_by_one(line, cells)
        if record is not None:
            records.append((line, record))
    return records


def load_sessions(path: str | Path, scenario: Scenario) -> tuple[Session, ...]:
    """The rows of a ``sessions.csv`` file (or of a workbook's ``sessions`` sheet), with ``scenario``'s
    institutions for the default cost per head and its policy for the default hours.

    References (courses, institutions, segments) are checked when a scenario holding them is loaded.

    Raises
    ------
    ScenarioError
        With every bad row, naming file, row, column and value.
    """
    path = Path(path)
    problems = Collector()
    required, optional = FILES["sessions.csv"]
    if is_workbook(path):
        workbook = Workbook.open(path, path.name, problems)
        table = None if workbook is None else workbook.table("sessions.csv", required, problems)
    else:
        table = read_table(path, required, optional, problems)
    hours_per_day = scenario.policy.hours_per_day

    def session_from(row: r.RowReader) -> Session | None:
        return r.session_from(row, scenario.institution_by_id, hours_per_day)

    sessions = _records(table, session_from, problems)
    problems.raise_if_any()
    return tuple(session for _, session in sessions)
