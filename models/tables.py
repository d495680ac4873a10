"""A scenario's records as the rows of its tables, and its settings as keys: what the writers write.

Values keep their type (numbers, dates, booleans as ``True``/``False``, ``None``
for "not given"); :func:`cell_text` gives the text a CSV file holds. A
session's hours and cost per head are left empty when they are the default
the loader derives from its days and institution, as a planner leaves them,
so that the table reads back to the same records and still follows its dates.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from enum import Enum
from typing import Any

from models.entities import DateRange, Policy, Session, Weights
from models.layout import SHEETS, Sheet
from models.scenario import Scenario

Value = Any
"""A cell's value: str, int, float, bool, date or None."""


@dataclass(frozen=True)
class TableRows:
    """One table: its header (the contract's columns, then the extra ones) and its rows of values."""

    sheet: Sheet
    header: tuple[str, ...]
    rows: list[list[Value]]


def _plain(value: Value) -> Value:
    """A record's value as a cell holds it: words for enums and sets, whole floats as ints."""
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, frozenset):
        words = sorted(item.value if isinstance(item, Enum) else str(item) for item in value)
        return ";".join(words) or None
    if isinstance(value, tuple) and value and isinstance(value[0], DateRange):
        return ";".join(f"{r.first.isoformat()}..{r.last.isoformat()}" for r in value)
    if isinstance(value, tuple) and not value:
        return None
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if value == "":
        return None
    return value


def _enum_order(value: Value, sheet: Sheet, column: str) -> Value:
    """A ``;``-list of words in the order the contract lists them (``section;staff``)."""
    spec = sheet.column(column)
    allowed = spec.allowed if spec is not None else ()
    if not allowed or not isinstance(value, str):
        return value
    return ";".join(sorted(value.split(";"), key=lambda word: allowed.index(word) if word in allowed else 99))


def _derived(scenario: Scenario) -> Callable[[Session, str], bool]:
    """Whether a session's ``hours``, ``cost_per_head`` or ``min_enrolment`` is the loader's default."""
    per_day = scenario.policy.hours_per_day
    institutions = scenario.institution_by_id

    def derived(session: Session, column: str) -> bool:
        if column == "min_enrolment":
            return session.min_enrolment == 0
        if column == "hours":
            return session.hours == session.days * per_day
        if column == "cost_per_head":
            institution = institutions.get(session.institution_id)
            return (
                institution is not None and session.cost_per_head == session.days * institution.cost_per_day
            )
        return False

    return derived


def _records(scenario: Scenario, sheet: Sheet) -> Iterable[Any]:
    records: Iterable[Any] = getattr(scenario, sheet.name)
    return records


def table_rows(scenario: Scenario, sheet: Sheet) -> TableRows:
    """The rows of one table of ``scenario``; extra columns after the contract's, in first-seen order.

    An optional column that no row fills is left out, as a planner leaves it out.
    """
    records = list(_records(scenario, sheet))
    extra: dict[str, None] = {}
    for record in records:
        for key, _ in record.extra:
            extra.setdefault(key)
    columns = tuple(c.name for c in sheet.columns)
    derived = _derived(scenario) if sheet.name == "sessions" else None
    unit_order = {unit.unit_id: k for k, unit in enumerate(scenario.units)}
    rows = []
    for record in records:
        cells: list[Value] = []
        for column in columns:
            value = getattr(record, column)
            if derived is not None and derived(record, column):
                cells.append(None)
            elif column == "audience_units":  # in the units' order, as a planner lists them
                cells.append(
                    ";".join(sorted(value, key=lambda u: (unit_order.get(u, len(unit_order)), u))) or None
                )
            else:
                cells.append(_enum_order(_plain(value), sheet, column))
        given = dict(record.extra)
        cells += [given.get(key) or None for key in extra]
        rows.append(cells)
    header = columns + tuple(extra)
    unused = {
        k for k, c in enumerate(sheet.columns) if not c.required and all(row[k] is None for row in rows)
    }
    if rows and unused:
        header = tuple(h for k, h in enumerate(header) if k not in unused)
        rows = [[v for k, v in enumerate(row) if k not in unused] for row in rows]
    return TableRows(sheet, header, rows)


def scenario_tables(scenario: Scenario) -> list[TableRows]:
    """Every table of ``scenario``, in the order of :data:`models.layout.SHEETS`."""
    return [table_rows(scenario, sheet) for sheet in SHEETS]


def settings_table(scenario: Scenario) -> dict[str, Any]:
    """What ``scenario.toml`` holds for ``scenario``: every policy number and weight, written out.

    The numbers are all written, defaults included, so that the scenario keeps
    its meaning if a later version changes a default; a setting that is not
    set (no online target) is left out.
    """
    table: dict[str, Any] = {"name": scenario.name, "cycle_start": scenario.cycle_start}
    if scenario.plan_year is not None:
        table["plan_year"] = scenario.plan_year
    table["policy"] = _numbers(scenario.policy)
    if scenario.budget_total is not None:
        table["budget"] = {"total": scenario.budget_total}
    table["weights"] = _numbers(scenario.weights)
    return table


def _numbers(values: Policy | Weights) -> dict[str, Any]:
    """The fields that are set; a whole float as an int (``24``, not ``24.0``: it reads back the same)."""
    found = {}
    for item in dataclasses.fields(values):
        value = getattr(values, item.name)
        if value is None:
            continue
        found[item.name] = int(value) if isinstance(value, float) and value.is_integer() else value
    return found


def settings_rows(scenario: Scenario) -> list[tuple[str, Value]]:
    """The settings as the ``scenario`` sheet's (key, value) rows: ``policy.team_share``, ``budget.total``."""
    rows: list[tuple[str, Value]] = []
    for key, value in settings_table(scenario).items():
        if isinstance(value, dict):
            rows += [(f"{key}.{inner}", item) for inner, item in value.items()]
        else:
            rows.append((key, value))
    return rows
