"""Reading one scenario CSV file into rows, with the encodings spreadsheets write."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from models.errors import Collector

BOM = b"\xef\xbb\xbf"
UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")
SAVE_AS = "save it as UTF-8 (or GBK)"
BAD_SPOT = re.compile("\ufffd+")
LINE_BREAK = re.compile("\r\n|\r|\n")
QUOTE_MESSAGES = {
    "unexpected end of data": (
        'a quote mark (") opens this cell and never closes, so the rest of the file would be read '
        "into it: remove the stray quote mark"
    ),
    "',' expected after '\"'": (
        'the cell goes on after its closing quote mark ("): remove the stray quote mark, '
        'or write it twice ("") inside a quoted cell'
    ),
}


class BadText(ValueError):
    """A file whose bytes are not text we read; ``row`` and ``column`` when one place is at fault."""

    def __init__(self, message: str, row: int | None = None, column: str | None = None):
        super().__init__(message)
        self.message = message
        self.row = row
        self.column = column


@dataclass(frozen=True)
class Table:
    """A CSV file's header and data rows, each with its spreadsheet row number (``lines``).

    Rows are kept as lists of stripped cells, one per header column; iterating
    gives ``(line, {column: cell})``, and :meth:`column` a whole column (the
    large tables are read a column at a time).
    """

    name: str
    header: tuple[str, ...]
    lines: tuple[int, ...]
    cells: tuple[list[str], ...]
    skipped: tuple[dict[str, str], ...] = ()
    """Rows too long to read, cut to the header: their ids still exist for reference checks."""

    def __iter__(self) -> Iterator[tuple[int, dict[str, str]]]:
        header = self.header
        return (
            (line, dict(zip(header, cells, strict=True)))
            for line, cells in zip(self.lines, self.cells, strict=True)
        )

    def __len__(self) -> int:
        return len(self.lines)

    def column(self, name: str) -> list[str]:
        """Every row's cell in column ``name`` (empty cells when the header lacks it)."""
        if name not in self.header:
            return [""] * len(self.lines)
        index = self.header.index(name)  # the header has no column twice (read_table sees to it)
        return [cells[index] for cells in self.cells]


def decode(raw: bytes) -> str:
    """The text of a file saved as UTF-8 (with or without Excel's BOM) or as GBK/GB18030.

    A file that is UTF-8 except in one place (cut short in the middle of a
    character, or a cell pasted from a GBK file) is rejected rather than read
    as GB18030, which would silently garble every Chinese name in it.

    Raises
    ------
    BadText
        When the bytes are neither; with the row (and column) of the first
        bad byte when the file is otherwise UTF-8.
    """
    if raw.startswith(UTF16_BOMS):
        raise BadText(f'the file is saved as UTF-16 (Excel\'s "Unicode text"): {SAVE_AS} CSV')
    body = raw
    while body.startswith(BOM):
        body = body[len(BOM) :]
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError as error:
        if body is not raw or _spoilt_utf8(body, error):
            raise _broken_utf8(body, error) from None
    try:
        return raw.decode("gb18030")
    except UnicodeDecodeError:
        raise BadText(f"cannot read the text: {SAVE_AS}") from None


def _spoilt_utf8(body: bytes, error: UnicodeDecodeError) -> bool:
    """UTF-8 cut short in its last character, or more UTF-8 characters than bad spots.

    GBK text read as UTF-8 gives a bad spot in nearly every Chinese cell and
    only a few valid characters by accident; a UTF-8 file with one pasted GBK
    cell gives one bad spot among all its valid characters.
    """
    if error.end >= len(body) and error.reason == "unexpected end of data":
        return True
    text = body.decode("utf-8", "replace")
    spots = len(BAD_SPOT.findall(text))
    valid = len(text) - len(text.encode("ascii", "ignore")) - text.count("\ufffd")
    return valid > spots


def _broken_utf8(body: bytes, error: UnicodeDecodeError) -> BadText:
    """The problem at the first bad byte, with its line and (by counting commas) its column."""
    lines = LINE_BREAK.split(body[: error.start].decode("utf-8", "replace"))
    row = len(lines)
    header = _cells(LINE_BREAK.split(body.decode("utf-8", "replace"), maxsplit=1)[0])
    index = len(_cells(lines[-1])) - 1
    column = (header[index].strip() or None) if row > 1 and index < len(header) else None
    if error.end >= len(body) and error.reason == "unexpected end of data":
        return BadText(
            "the file ends in the middle of a character: was it cut short? Save it again", row, column
        )
    message = f"bytes that are not UTF-8 in a UTF-8 file (a cell pasted from a GBK file?): {SAVE_AS}"
    return BadText(message, row, column)


def _cells(line: str) -> list[str]:
    """The cells of one line of CSV text (no line break in it)."""
    return next(csv.reader([line]), None) or [""]


def read_table(
    path: Path,
    required: tuple[str, ...],
    optional: tuple[str, ...],
    problems: Collector,
    label: str | None = None,
) -> Table | None:
    """Read ``path``; report a missing file, bad encoding, bad quoting or missing column.

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
    text = _text(path, name, problems)
    lines = None if text is None else _records(text, name, problems)
    if lines is None:
        return None
    if not lines or not any(cell.strip() for cell in lines[0]):
        problems.add(name, 1, None, None, "file has no header row")
        return None
    header = tuple(cell.strip() for cell in lines[0])
    if not header_ok(name, header, required, problems):
        return None
    return _table(name, header, lines, problems)


def _text(path: Path, name: str, problems: Collector) -> str | None:
    try:
        text = decode(path.read_bytes())
    except FileNotFoundError:
        problems.add(name, None, None, None, "file is missing")
        return None
    except BadText as error:
        problems.add(name, error.row, error.column, None, error.message)
        return None
    except OSError as error:
        problems.add(name, None, None, None, f"cannot read the file: {error.strerror or error}")
        return None
    if "\x00" in text:
        problems.add(
            name, None, None, None, f"file holds binary data (or UTF-16 text), not CSV text: {SAVE_AS}"
        )
        return None
    return text.lstrip("\ufeff")


def _records(text: str, name: str, problems: Collector) -> list[list[str]] | None:
    """The file's records; a stray quote mark is reported at its row and column.

    Strict quoting: a non-strict reader would quietly read every row after an
    unclosed quote mark into one cell, and those rows would be lost.
    """
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    records: list[list[str]] = []
    lines_read = 0
    try:
        for cells in reader:
            records.append(cells)
            lines_read = reader.line_num
    except csv.Error as error:
        rest = "".join(io.StringIO(text, newline="").readlines()[lines_read:])
        index = _cell_with_bad_quote(rest)
        header = [cell.strip() for cell in records[0]] if records else []
        column = header[index] if header and index < len(header) else None
        message = QUOTE_MESSAGES.get(str(error), f"not a valid CSV row: {error} (a stray quote mark?)")
        problems.add(name, len(records) + 1, column or None, None, message)
        return None
    return records


def _cell_with_bad_quote(record: str) -> int:
    """Index of the cell whose quoting breaks, in ``record`` (the text from the bad row on)."""
    cell, position, at_cell_start = 0, 0, True
    while position < len(record):
        char = record[position]
        if char == '"' and at_cell_start:
            closing = _closing_quote(record, position + 1)
            if closing is None or record[closing + 1 : closing + 2] not in ("", ",", "\r", "\n"):
                return cell
            position = closing + 1
            at_cell_start = False
            continue
        if char in "\r\n":
            return cell
        at_cell_start = char == ","
        cell += char == ","
        position += 1
    return cell


def _closing_quote(record: str, position: int) -> int | None:
    """Position of the quote mark closing a quoted cell that starts at ``position``."""
    while True:
        found = record.find('"', position)
        if found < 0:
            return None
        if record[found + 1 : found + 2] != '"':
            return found
        position = found + 2


def _table(name: str, header: tuple[str, ...], lines: list[list[str]], problems: Collector) -> Table:
    numbers: list[int] = []
    rows: list[list[str]] = []
    skipped = []
    width = len(header)
    for number, cells in enumerate(lines[1:], start=2):
        stripped = list(map(str.strip, cells))
        if not any(stripped):
            continue  # blank lines are what spreadsheets leave at the end
        if len(cells) > width:
            surplus = ",".join(cells[width:])
            message = f"row has {len(cells)} cells but the header has {width} columns (a stray comma?)"
            problems.add(name, number, None, surplus, message)
            skipped.append(dict(zip(header, stripped, strict=False)))
            continue
        numbers.append(number)
        rows.append(stripped)
    return table_of(name, header, numbers, rows, skipped)


def table_of(
    name: str,
    header: tuple[str, ...],
    lines: list[int],
    rows: list[list[str]],
    skipped: list[dict[str, str]] | None = None,
) -> Table:
    """A :class:`Table` of stripped, non-blank rows at most as wide as ``header`` (short rows padded)."""
    width = len(header)
    for cells in rows:
        if len(cells) < width:
            cells += [""] * (width - len(cells))
    return Table(name, header, tuple(lines), tuple(rows), tuple(skipped or ()))


def header_ok(
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
