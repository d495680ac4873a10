"""``scenario.toml``: name, cycle, policy numbers, budget, weights and ``base =`` inheritance."""

from __future__ import annotations

import dataclasses
import math
import os
import re
import tomllib
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

from models import cells
from models.csvfile import BadText, decode
from models.entities import Policy, Weights
from models.errors import Collector
from models.layout import SETTINGS_SHEET
from models.workbook import Workbook, is_workbook

TOML = "scenario.toml"
KNOWN_KEYS = ("name", "cycle_start", "policy", "budget", "weights", "base", "plan_year")
BUDGET_KEYS = ("total",)
SHARE_FIELDS = frozenset(
    {
        "team_share",
        "max_away_share",
        "theory_party_min_share",
        "party_spirit_min_share",
        "summons_rate_target",
        "participation_rate_target",
    }
)
SECTION_PATTERN = re.compile(r"\[\s*([^\]]+?)\s*\]")
MINIMUM_BY_FIELD = {"cycle_years": 1, "hours_per_day": 1, "professional_week_days": 1}
MAXIMUM_BY_FIELD = {
    "cycle_years": 20,
    "leader_cycle_hours": 10_000,
    "annual_hours": 10_000,
    "systematic_every_years": 50,
    "remedial_after_years": 50,
    "promotion_deadline_months": 600,
    "hours_per_day": 24,
    "per_capita_hours_leader": 10_000,
    "per_capita_hours_other": 10_000,
    "online_hours_per_year": 10_000,
    "systematic_cycle_hours": 10_000,
    "professional_week_days": 366,
    "cost": 1_000_000,
    "half_empty": 1_000_000_000,
    "keep_assignment": 1_000_000_000,
}
"""Beyond these a number is a typo, and it would overflow the solver's 64-bit sums."""
MAX_BUDGET = 10**13


@dataclass(frozen=True)
class Settings:
    name: str
    cycle_start: int
    """0 when ``cycle_start`` is missing or bad (a problem is reported then)."""
    policy: Policy
    budget_total: int | None
    weights: Weights
    folders: tuple[Path, ...]
    """The scenario first, then its bases, nearest first: each a folder or a workbook file."""
    plan_year: int | None = None
    workbooks: dict[Path, Workbook] = field(default_factory=dict, compare=False, repr=False)
    """The workbooks of the chain, opened once."""

    @property
    def home(self) -> Path:
        """The folder that problems name files from: the scenario folder, or the workbook's folder."""
        first = self.folders[0]
        return first.parent if first in self.workbooks else first

    def file(self, name: str) -> Path:
        """The nearest place of the inheritance chain that has table ``name``: its CSV file, or a workbook."""
        for place in self.folders:
            workbook = self.workbooks.get(place)
            if workbook is not None:
                if workbook.has(name.removesuffix(".csv")):
                    return place
            elif (place / name).exists():
                return place / name
        first = self.folders[0]
        return first if first in self.workbooks else first / name

    def label(self, path: Path) -> str:
        """How problems name ``path``: relative to the scenario folder (``../base/cadres.csv``)."""
        return _relative(path, self.home)

    def setting_files(self) -> list[Path]:
        """Every file the settings were read from: each ``scenario.toml``, or workbook, of the chain."""
        return [place if place in self.workbooks else place / TOML for place in self.folders]


@dataclass(frozen=True)
class Link:
    """One ``scenario.toml`` (or a workbook's ``scenario`` sheet) of an inheritance chain."""

    folder: Path
    """The scenario folder, or the workbook file."""
    label: str
    text: str
    table: dict[str, Any]
    row_by_key: dict[str, int] | None = None
    """A workbook's settings: the sheet row of each key (``policy.team_share``)."""
    workbook: Workbook | None = field(default=None, compare=False, repr=False)

    @property
    def directory(self) -> Path:
        """The folder a ``base`` path is relative to."""
        return self.folder.parent if self.workbook is not None else self.folder

    def line_of(self, section: str | None, key: str) -> int | None:
        """The line that sets ``key`` (in ``[section]``), when written plainly."""
        if self.row_by_key is not None:
            return self.row_by_key.get(f"{section}.{key}" if section else key)
        current: str | None = None
        pattern = re.compile(rf"[\"']?{re.escape(key)}[\"']?\s*=")
        for number, line in enumerate(self.text.splitlines(), start=1):
            stripped = line.strip()
            header = SECTION_PATTERN.match(stripped)
            if header:
                current = header.group(1)
            elif current == section and pattern.match(stripped):
                return number
        return None


def _relative(path: Path, start: Path) -> str:
    try:
        return Path(os.path.relpath(path, start)).as_posix()
    except ValueError:  # another drive on Windows: no relative path exists
        return path.as_posix()


def read_chain(folder: Path, problems: Collector) -> list[Link]:
    """The scenario's TOML files (or workbooks' settings), following ``base =`` (nearest first).

    A missing or unreadable file, a base that is not a folder path, a base
    folder that does not exist and a cycle of bases are reported.
    """
    top = folder.resolve()
    if is_workbook(top):
        if not top.is_file():
            problems.add(folder.name, None, None, str(folder), "workbook file does not exist")
            return []
    elif not top.is_dir():
        what = "is not a scenario folder nor an .xlsx workbook" if top.exists() else "does not exist"
        problems.add(TOML, None, None, str(folder), f"scenario folder {what}")
        return []
    chain: list[Link] = []
    current: Path | None = top
    while current is not None:
        link = _read_link(current, top, problems)
        if link is None:
            return chain
        chain.append(link)
        base = link.table.get("base")
        if base is None:
            return chain
        current = _next_folder(link, base, chain, problems)
    return chain


def _next_folder(link: Link, base: object, chain: list[Link], problems: Collector) -> Path | None:
    line = link.line_of(None, "base")
    if not isinstance(base, str) or not base.strip():
        message = 'expected the base scenario\'s folder in quotes, such as "../default"'
        problems.add(link.label, line, "base", base, message)
        return None
    target = (link.directory / base).resolve()
    if target in {item.folder for item in chain}:
        home = chain[0].directory
        named = target if is_workbook(target) else target / TOML
        loop = " -> ".join([*(item.label for item in chain), _relative(named, home)])
        problems.add(link.label, line, "base", base, f"scenarios inherit from each other in a cycle: {loop}")
        return None
    if not target.is_dir() and not (is_workbook(target) and target.is_file()):
        message = f"the base scenario folder (or workbook) {target} does not exist"
        problems.add(link.label, line, "base", base, message)
        return None
    return target


def _read_link(folder: Path, top: Path, problems: Collector) -> Link | None:
    home = top.parent if is_workbook(top) else top
    if is_workbook(folder):
        return _workbook_link(folder, home, problems)
    label = _relative(folder / TOML, home)
    try:
        text = decode((folder / TOML).read_bytes())  # Notepad on a Chinese Windows saves GBK
    except FileNotFoundError:
        problems.add(label, None, None, None, "file is missing: every scenario folder needs a scenario.toml")
        return None
    except BadText as error:
        problems.add(label, error.row, None, None, error.message)
        return None
    except OSError as error:
        problems.add(label, None, None, None, f"cannot read the file: {error.strerror or error}")
        return None
    try:
        table = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        problems.add(label, _toml_line(error, text), None, None, f"not valid TOML: {error}")
        return None
    return Link(folder, label, text, table)


def _workbook_link(path: Path, home: Path, problems: Collector) -> Link | None:
    """The settings of a workbook's ``scenario`` sheet, with the workbook kept open for its tables."""
    workbook = Workbook.open(path, _relative(path, home), problems)
    if workbook is None:
        return None
    read = workbook.settings(problems)
    if read is None:
        return None
    table, row_by_key = read
    return Link(path, workbook.where(SETTINGS_SHEET), "", table, row_by_key, workbook)


def _toml_line(error: tomllib.TOMLDecodeError, text: str) -> int:
    """The line of a TOML syntax error; the last line when the document ends too soon."""
    found = re.search(r"at line (\d+)", str(error))
    return int(found.group(1)) if found else max(1, len(text.splitlines()))


def merge(chain: list[Link]) -> dict[str, Any]:
    """Base first, then each nearer scenario's keys on top (tables merge key by key)."""
    merged: dict[str, Any] = {}
    for link in reversed(chain):
        for key, value in link.table.items():
            if isinstance(value, dict) and isinstance(merged.get(key), dict):
                merged[key] = {**merged[key], **value}
            else:
                merged[key] = value
    return merged


class _Reporter:
    """Reports a setting's problem at the nearest TOML file (and line) that sets it."""

    def __init__(self, chain: list[Link], problems: Collector):
        self.chain = chain
        self.problems = problems

    def add(self, section: str | None, key: str, value: object, message: str) -> None:
        link = next((item for item in self.chain if _sets(item.table, section, key)), self.chain[0])
        column = f"{section}.{key}" if section else key
        self.problems.add(link.label, link.line_of(section, key), column, value, message)


def _sets(table: dict[str, Any], section: str | None, key: str) -> bool:
    if section is None:
        return key in table
    inner = table.get(section)
    return isinstance(inner, dict) and key in inner


def load_settings(folder: Path, problems: Collector) -> Settings | None:
    """Read ``scenario.toml`` and its bases; report every bad setting.

    Parameters
    ----------
    folder
        The scenario folder.
    problems
        Where problems are reported.

    Returns
    -------
    Settings or None
        ``None`` only when the TOML files cannot be read; bad values are
        reported and replaced by their defaults, so that the CSV files can
        still be checked in the same run.
    """
    chain = read_chain(folder, problems)
    if not chain or problems.problems:
        return None
    table = merge(chain)
    report = _Reporter(chain, problems)
    for key, value in table.items():
        if key not in KNOWN_KEYS:
            report.add(None, key, value, "unknown setting (known: " + ", ".join(KNOWN_KEYS) + ")")
    return Settings(
        name=_name(table, chain, report),
        cycle_start=_cycle_start(table, report),
        policy=_numbers(Policy, table.get("policy", {}), "policy", report),
        budget_total=_budget(table.get("budget", {}), report),
        weights=_numbers(Weights, table.get("weights", {}), "weights", report),
        folders=tuple(link.folder for link in chain),
        plan_year=_plan_year(table, report),
        workbooks={link.folder: link.workbook for link in chain if link.workbook is not None},
    )


def _name(table: dict[str, Any], chain: list[Link], report: _Reporter) -> str:
    default = chain[0].folder.stem if chain[0].workbook is not None else chain[0].folder.name
    name = table.get("name", default)
    if not isinstance(name, str):
        report.add(None, "name", name, "expected the scenario's name in quotes")
        return default
    return name


def _plan_year(table: dict[str, Any], report: _Reporter) -> int | None:
    """The optional year the scenario is made for (``plan-close`` writes the next year's)."""
    value = table.get("plan_year")
    if value is None:
        return None
    if not isinstance(value, int) or isinstance(value, bool) or not 1950 <= value <= 2100:
        report.add(None, "plan_year", value, "expected the plan year, such as 2021")
        return None
    return value


def _cycle_start(table: dict[str, Any], report: _Reporter) -> int:
    if "cycle_start" not in table:
        message = "missing: the first year of the training cycle, such as cycle_start = 2018"
        report.add(None, "cycle_start", None, message)
        return 0
    value = table["cycle_start"]
    if not isinstance(value, int) or isinstance(value, bool) or not 1950 <= value <= 2100:
        report.add(None, "cycle_start", value, "expected the first year of the training cycle, such as 2018")
        return 0
    return value


def _budget(budget: object, report: _Reporter) -> int | None:
    if not isinstance(budget, dict):
        report.add(None, "budget", budget, "expected a [budget] table, such as total = 1000000")
        return None
    for key in budget:
        if key not in BUDGET_KEYS:
            report.add(
                "budget", key, budget[key], "unknown budget setting (known: " + ", ".join(BUDGET_KEYS) + ")"
            )
    total = budget.get("total")
    if total is not None and (not isinstance(total, int | float) or isinstance(total, bool) or total < 0):
        report.add("budget", "total", total, "expected a non-negative amount in yuan")
        return None
    if total is not None and not total <= MAX_BUDGET:  # also NaN
        report.add("budget", "total", total, f"expected at most {MAX_BUDGET:,} yuan (a typo?)")
        return None
    return None if total is None else int(total)


def _numbers(kind: type, values: object, section: str, report: _Reporter) -> Any:
    """Build ``kind`` (Policy or Weights) from a TOML table, checking each value against its field's type."""
    if not isinstance(values, dict):
        report.add(None, section, values, f"expected a [{section}] table of numbers")
        return kind()
    fields = {f.name: f for f in dataclasses.fields(kind)}
    accepted = {}
    for key, value in values.items():
        if key not in fields:
            report.add(section, key, value, f"unknown {section} setting (known: " + ", ".join(fields) + ")")
            continue
        parsed, message = read_setting(key, value, str(fields[key].type))
        if message:
            report.add(section, key, value, message)
        else:
            accepted[key] = parsed
    return kind(**accepted)


def read_setting(key: str, value: object, kind: str) -> tuple[Any, str | None]:
    """One policy or weight value read as its field's type: ``(value, None)``, or ``(None, what is wrong)``.

    ``kind`` is the field's annotation: ``int`` or ``float`` (a number, see
    :func:`number_problem`), ``float | None`` (a number, or ``None`` from
    Python: TOML has no null, and 0 sets no target), ``bool`` (true/false,
    also 1/0 and the CSV files' words in quotes: "true", "no", ...) or
    ``date`` (a TOML date or ``"YYYY-MM-DD"``).
    """
    if kind == "bool":
        return _switch(value)
    if kind == "date":
        return _day(value)
    if kind.endswith("| None") and value is None:
        return None, None
    wants_int = kind.startswith("int")
    message = number_problem(key, value, wants_int)
    if message:
        return None, message
    assert isinstance(value, int | float)  # number_problem found none
    return (int(value) if wants_int else float(value)), None


def _switch(value: object) -> tuple[bool | None, str | None]:
    if isinstance(value, bool):
        return value, None
    if isinstance(value, int) and value in (0, 1):
        return bool(value), None
    if isinstance(value, str):
        try:
            return cells.parse_bool(value.strip()), None
        except ValueError:
            pass
    return None, "expected true or false"


def _day(value: object) -> tuple[date | None, str | None]:
    if isinstance(value, datetime):  # TOML reads 2021-12-31T00:00 as a datetime, a date subclass
        return None, "expected a date without a time, such as 2021-12-31"
    if isinstance(value, date):
        value = value.isoformat()
    if not isinstance(value, str):
        return None, "expected a date, such as 2021-12-31"
    try:
        return cells.parse_date(value.strip()), None
    except ValueError as error:
        return None, str(error)


def number_problem(key: str, value: object, wants_int: bool) -> str | None:
    """What is wrong with one policy or weight number, or ``None``."""
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        return "expected a number"
    if value < 0:
        return "cannot be negative"
    if wants_int and value != int(value):
        return "expected a whole number"
    if key in SHARE_FIELDS and value > 1:
        return "expected a share from 0 to 1 (such as 0.3)"
    if value < MINIMUM_BY_FIELD.get(key, 0):
        return f"expected at least {MINIMUM_BY_FIELD[key]}"
    if value > MAXIMUM_BY_FIELD.get(key, value):
        return f"expected at most {MAXIMUM_BY_FIELD[key]}"
    return None
