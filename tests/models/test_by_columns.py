"""Reading cadres.csv and history.csv a column at a time gives what reading them row by row gives.

The column-by-column reader is the fast path of a 100,000-cadre scenario; a row
with any problem goes back to the row-by-row reader, so records and problems
must be the same, problem for problem, whatever the cells hold.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from models import columns
from models import rows as r
from models.csvfile import Table, read_table
from models.errors import Collector, Problem

DEFAULT = Path(__file__).resolve().parents[2] / "scenarios" / "default"
TABLES = {
    "cadres.csv": (r.CADRE_COLUMNS, r.CADRE_OPTIONAL, r.cadre_from, columns.cadres_by_columns),
    "history.csv": (r.HISTORY_COLUMNS, r.HISTORY_OPTIONAL, r.history_from, columns.history_by_columns),
}
ODD_CELLS = (
    "",
    " ",
    "abc",
    "-1",
    "0",
    "1",
    "1.5",
    "nan",
    "1e400",
    "true",
    "TRUE",
    "yes",
    "no",
    "2020-02-30",
    "2020/03/02",
    "2019-12-31",
    "2020-01-01",
    "1949-01-01",
    "2020-01-01..2020-01-05",
    "2020-01-05..2020-01-01",
    "a;b",
    "C 1",
    "张三",
    "staff",
    "bureau",
    "leadership",
    "grassroots",
    "SYS01",
    "C000001",
    "x" * 50,
)


def _table(name: str) -> Table:
    required, optional, _, _ = TABLES[name]
    table = read_table(DEFAULT / name, required, optional, Collector())
    assert table is not None
    return table


def _reader(name: str, make: Any, problems: Collector) -> Any:
    """A row-by-row reader of ``name`` reporting into ``problems``, with one memo for all its rows."""
    memo: dict[Any, Any] = {}

    def one_by_one(line: int, cells: dict[str, str]) -> Any:
        return make(r.RowReader(name, line, cells, problems, memo))

    return one_by_one


def both_ways(name: str, rows: list[tuple[int, dict[str, str]]]) -> tuple[Any, Any]:
    """(records, problems) row by row, then column by column."""
    _, _, make, by_columns = TABLES[name]
    header = tuple(rows[0][1])
    table = Table(
        name, header, tuple(line for line, _ in rows), tuple([cells[k] for k in header] for _, cells in rows)
    )
    results = []
    for fast in (False, True):
        problems = Collector()
        one_by_one = _reader(name, make, problems)
        if fast:
            records = by_columns(table, one_by_one)
        else:
            records = [
                (line, record) for line, cells in rows if (record := one_by_one(line, cells)) is not None
            ]
        results.append((records, problems.problems))
    return results[0], results[1]


@pytest.mark.parametrize("name", sorted(TABLES))
def test_the_default_scenario_reads_the_same_both_ways(name: str) -> None:
    rows = list(_table(name))
    slow, fast = both_ways(name, rows)
    assert fast == slow
    assert len(fast[0]) == len(rows) and fast[1] == []


def test_extra_columns_are_kept_both_ways() -> None:
    rows = [
        (line, {**cells, "备注": f"note {line}", "": ""}) for line, cells in list(_table("history.csv"))[:50]
    ]
    slow, fast = both_ways("history.csv", rows)
    assert fast == slow
    assert fast[0][0][1].extra == (("备注", "note 2"),)


@pytest.mark.parametrize("name", sorted(TABLES))
def test_blank_optional_cells_read_the_same_both_ways(name: str) -> None:
    """Defaults of blank optional cells (``false``, no date, no ranges) are the row reader's."""
    _, optional, _, _ = TABLES[name]
    rows = [(line, {**cells, **dict.fromkeys(optional, "")}) for line, cells in list(_table(name))[:20]]
    slow, fast = both_ways(name, rows)
    assert fast == slow
    assert len(fast[0]) == 20


def test_a_ledger_row_ending_before_it_starts_is_reported_once() -> None:
    line, cells = list(_table("history.csv"))[0]
    rows = [(line, {**cells, "start": "2019-05-10", "end": "2019-05-01"})]
    slow, fast = both_ways("history.csv", rows)
    assert (
        fast
        == slow
        == ([], [Problem("history.csv", line, "end", "2019-05-01", "ends before it starts on 2019-05-10")])
    )


edits = st.lists(
    st.tuples(st.integers(0, 10_000), st.integers(0, 20), st.sampled_from(ODD_CELLS)), min_size=1, max_size=6
)


@settings(max_examples=60, deadline=None, derandomize=True, database=None)
@given(name=st.sampled_from(sorted(TABLES)), changes=edits)
def test_odd_cells_read_the_same_both_ways(name: str, changes: list[tuple[int, int, str]]) -> None:
    table = _table(name)
    rows = [(line, dict(cells)) for line, cells in list(table)[:80]]
    for row, column, value in changes:
        rows[row % len(rows)][1][table.header[column % len(table.header)]] = value
    slow, fast = both_ways(name, rows)
    assert fast == slow
