"""Reading one scenario CSV file into rows, with the encodings spreadsheets write."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from models.errors import Collector

ENCODINGS = ("utf-8-sig", "gb18030")
"""UTF-8 (with or without Excel's BOM), then the Chinese GBK/GB18030 family."""


@dataclass(frozen=True)
class Table:
    """A CSV file's header and data rows; ``line`` is the spreadsheet row number."""

    name: str
    header: tuple[str, ...]
    rows: tuple[tuple[int, dict[str, str]], ...]
    skipped: tuple[dict[str, str], ...] = ()
    """Rows too long to read, cut to the header: their ids still exist for reference checks."""

    def __iter__(self) -> Iterator[tuple[int, dict[str, str]]]:
        return iter(self.rows)

    def extra_columns(self, known: tuple[str, ...]) -> tuple[str, ...]:
        return tuple(c for c in self.header if c not in known)


def decode(raw: bytes) -> str:
    for encoding in ENCODINGS:
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise UnicodeDecodeError("utf-8", raw, 0, 1, "neither UTF-8 nor GB18030")


def read_table(
    path: Path,
    required: tuple[str, ...],
    optional: tuple[str, ...],
    problems: Collector,
    label: str | None = None,
) -> Table | None:
    """Read ``path``; report a missing file, bad encoding or missing column.

    Parameters
    ----------
    path
        The CSV file.
    required, optional
        The contract's columns; only ``required`` ones must be in the header.
    problems
        Where problems are reported.
    label
        The file's name in problems (default: the file name), e.g.
        ``../base/cadres.csv`` for a file inherited from a base scenario.

    Returns
    -------
    Table or None
        The rows with cells stripped of surrounding blanks, or ``None`` when
        the file cannot be used at all.
    """
    name = label or path.name
    try:
        text = decode(path.read_bytes())
    except FileNotFoundError:
        problems.add(name, None, None, None, "file is missing")
        return None
    except UnicodeDecodeError:
        problems.add(name, None, None, None, "cannot read the text: save it as UTF-8 (or GBK)")
        return None
    except OSError as error:
        problems.add(name, None, None, None, f"cannot read the file: {error.strerror}")
        return None
    if "\x00" in text:
        problems.add(name, None, None, None, "file holds binary data, not CSV text")
        return None
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        lines = list(reader)
    except csv.Error as error:
        problems.add(name, None, None, None, f"not a valid CSV file: {error}")
        return None
    if not lines or not any(cell.strip() for cell in lines[0]):
        problems.add(name, 1, None, None, "file has no header row")
        return None
    header = tuple(cell.strip() for cell in lines[0])
    if not _header_ok(name, header, required, problems):
        return None
    rows = []
    skipped = []
    for number, cells in enumerate(lines[1:], start=2):
        if not any(cell.strip() for cell in cells):
            continue  # blank lines are what spreadsheets leave at the end
        if len(cells) > len(header):
            surplus = ",".join(cells[len(header):])
            message = f"row has {len(cells)} cells but the header has {len(header)} columns (a stray comma?)"
            problems.add(name, number, None, surplus, message)
            skipped.append(dict(zip(header, (cell.strip() for cell in cells))))
            continue
        padded = [cell.strip() for cell in cells] + [""] * (len(header) - len(cells))
        rows.append((number, dict(zip(header, padded))))
    return Table(name, header, tuple(rows), tuple(skipped))


def _header_ok(
    name: str,
    header: tuple[str, ...],
    required: tuple[str, ...],
    problems: Collector,
) -> bool:
    ok = True
    seen: set[str] = set()
    for column in header:
        if column and column in seen:
            problems.add(name, 1, column, None, "column appears twice in the header")
            ok = False
        seen.add(column)
    for column in required:
        if column not in seen:
            problems.add(name, 1, column, None, "required column is missing from the header")
            ok = False
    return ok
