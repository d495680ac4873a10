"""Scenario folders as bytes, and the ways a planner's spreadsheet can spoil them.

A scenario is held as ``{file name: bytes}`` so that hypothesis can mutate it
without touching the disk; :func:`write_files` puts it in a folder to load.
Cell edits work on the CSV text (UTF-8); byte edits (encodings, truncation,
stray quotes, garbage) work on the raw bytes and come after the cell edits.
"""

from __future__ import annotations

import csv
import io
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from hypothesis import strategies as st

Files = dict[str, bytes]
DEFAULT = Path(__file__).resolve().parents[2] / "scenarios" / "default"

WRONG_VALUES = (
    "",
    "abc",
    "-1",
    "0",
    "1.5",
    "nan",
    "inf",
    "-inf",
    "1e400",
    "9" * 40,
    "-" + "9" * 25,
    "1e12",
    "100000000",
    "2020-13-45",
    "2020/03/02",
    "20200302",
    "0000-01-01",
    "9999-12-31",
    "true",
    "yes",
    "TRUE",
    "１２",
    "张三",
    "'",
    '"',
    "=1+1",
    "a;b",
    ";;",
    "..",
    "2020-01-01..",
    "2020-01-05..2020-01-01",
    "C000001",
    "S2020-0001",
    "U1",
    "\t",
    " padded ",
    "x" * 300,
    "\u202e",
    "𝔘𝔫𝔦",
    "a\nb",
    "a,b",
)
"""Cells a spreadsheet or a hurried planner can produce: blanks, words for numbers, huge and odd values."""

HUGE_VALUES = (
    "1" + "0" * 18,
    "9" * 400,
    "1e308",
    "1e-320",
    "-1e12",
    "4294967296",
    "2147483648",
    "18446744073709551616",
)


def read_files(folder: Path) -> Files:
    return {path.name: path.read_bytes() for path in sorted(folder.iterdir()) if path.is_file()}


def write_files(files: Files, folder: Path) -> Path:
    """Write ``files`` into ``folder`` (emptied first)."""
    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir(parents=True)
    for name, raw in files.items():
        (folder / name).write_bytes(raw)
    return folder


def _table(raw: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(raw.decode("utf-8"), newline="")))


def _csv(rows: list[list[str]]) -> bytes:
    handle = io.StringIO()
    csv.writer(handle, lineterminator="\n").writerows(rows)
    return handle.getvalue().encode("utf-8")


def trimmed_default(num_cadres: int) -> Files:
    """The shipped default scenario with its first ``num_cadres`` cadres and their summons and ledger."""
    files = read_files(DEFAULT)
    cadres = _table(files["cadres.csv"])
    kept = {row[0] for row in cadres[1 : num_cadres + 1]}
    files["cadres.csv"] = _csv(cadres[: num_cadres + 1])
    for name in ("history.csv", "summons.csv"):
        rows = _table(files[name])
        files[name] = _csv([rows[0], *(row for row in rows[1:] if row and row[0] in kept)])
    return files


@dataclass(frozen=True)
class Mutation:
    """One edit of one file; ``apply`` returns the changed files (or the same when it does not apply)."""

    kind: str
    file: str
    row: int = 0
    column: int = 0
    value: str = ""
    blob: bytes = b""

    def __str__(self) -> str:
        return (
            f"{self.kind}({self.file}, row={self.row}, column={self.column}, "
            f"value={self.value!r}, blob={self.blob[:20]!r})"
        )

    @property
    def on_cells(self) -> bool:
        return self.kind in CELL_EDITS

    def apply(self, files: Files) -> Files:
        if self.file not in files and self.kind != "delete":
            return files
        changed = dict(files)
        if self.on_cells:
            try:
                rows = _table(files[self.file])
            except (UnicodeDecodeError, csv.Error):
                return files  # an earlier byte edit spoilt the text; the cell edit has nothing to work on
            if not self.file.endswith(".csv") or not rows or not rows[0]:
                return files
            changed[self.file] = _csv(CELL_EDITS[self.kind](self, rows))
            return changed
        if self.kind == "delete":
            changed.pop(self.file, None)
            return changed
        changed[self.file] = BYTE_EDITS[self.kind](self, files[self.file])
        return changed


def _set_cell(m: Mutation, rows: list[list[str]]) -> list[list[str]]:
    row = rows[m.row % len(rows)]
    if row:
        row[m.column % len(row)] = m.value
    return rows


def _duplicate_column(m: Mutation, rows: list[list[str]]) -> list[list[str]]:
    width = len(rows[0])
    k = m.column % width
    return [row + [row[k] if k < len(row) else ""] for row in rows]


def _drop_column(m: Mutation, rows: list[list[str]]) -> list[list[str]]:
    k = m.column % len(rows[0])
    return [[cell for j, cell in enumerate(row) if j != k] for row in rows]


def _shuffle_columns(m: Mutation, rows: list[list[str]]) -> list[list[str]]:
    order = shuffled_order(len(rows[0]), m.row)
    return [[row[j] if j < len(row) else "" for j in order] for row in rows]


def shuffled_order(width: int, seed: int) -> list[int]:
    """A fixed permutation of ``range(width)`` for ``seed`` (a rotation then a swap)."""
    order = list(range(width))
    shift = seed % max(1, width)
    order = order[shift:] + order[:shift]
    if width > 1:
        i, j = seed % width, (seed // width) % width
        order[i], order[j] = order[j], order[i]
    return order


def _duplicate_row(m: Mutation, rows: list[list[str]]) -> list[list[str]]:
    if len(rows) < 2:
        return rows
    k = 1 + m.row % (len(rows) - 1)
    return rows[: k + 1] + [list(rows[k])] + rows[k + 1 :]


def _drop_cells(m: Mutation, rows: list[list[str]]) -> list[list[str]]:
    row = rows[m.row % len(rows)]
    del row[m.column % max(1, len(row)) :]
    return rows


CELL_EDITS: dict[str, Callable[[Mutation, list[list[str]]], list[list[str]]]] = {
    "set_cell": _set_cell,
    "duplicate_column": _duplicate_column,
    "drop_column": _drop_column,
    "shuffle_columns": _shuffle_columns,
    "duplicate_row": _duplicate_row,
    "drop_cells": _drop_cells,
}


def _at(raw: bytes, m: Mutation) -> int:
    return m.row % (len(raw) + 1)


BYTE_EDITS: dict[str, Callable[[Mutation, bytes], bytes]] = {
    "gbk": lambda m, raw: raw.decode("utf-8", "replace").encode("gbk", "replace"),
    "gb18030": lambda m, raw: raw.decode("utf-8", "replace").encode("gb18030"),
    "bom": lambda m, raw: b"\xef\xbb\xbf" + raw,
    "utf16": lambda m, raw: raw.decode("utf-8", "replace").encode("utf-16"),
    "crlf": lambda m, raw: raw.replace(b"\n", b"\r\n"),
    "truncate": lambda m, raw: raw[: _at(raw, m)],
    "stray_quote": lambda m, raw: raw[: _at(raw, m)] + b'"' + raw[_at(raw, m) :],
    "insert_bytes": lambda m, raw: raw[: _at(raw, m)] + m.blob + raw[_at(raw, m) :],
    "garbage": lambda m, raw: m.blob,
    "empty": lambda m, raw: b"",
}
KINDS = tuple(CELL_EDITS) + tuple(BYTE_EDITS) + ("delete",)


@st.composite
def mutations(draw: st.DrawFn, names: list[str]) -> Mutation:
    """One mutation of one of ``names``, cell values biased towards the ones planners get wrong."""
    kind = draw(st.sampled_from(KINDS))
    value = draw(st.one_of(st.sampled_from(WRONG_VALUES), st.sampled_from(HUGE_VALUES), st.text(max_size=12)))
    blob = draw(st.binary(min_size=1, max_size=64))
    return Mutation(
        kind=kind,
        file=draw(st.sampled_from(names)),
        row=draw(st.integers(0, 10_000)),
        column=draw(st.integers(0, 30)),
        value=value,
        blob=blob,
    )


def mutate(files: Files, edits: list[Mutation]) -> Files:
    """Cell edits first (they need readable text), then byte edits, in the drawn order."""
    for edit in sorted(edits, key=lambda m: not m.on_cells):
        files = edit.apply(files)
    return files
