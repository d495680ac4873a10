"""``scenario.toml``: name, cycle, policy numbers, budget, weights and ``base =`` inheritance."""

from __future__ import annotations

import dataclasses
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from models.entities import Policy, Weights
from models.errors import Collector

TOML = "scenario.toml"
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


@dataclass(frozen=True)
class Settings:
    name: str
    cycle_start: int
    policy: Policy
    budget_total: int | None
    weights: Weights
    folders: tuple[Path, ...]
    """The scenario folder first, then its bases, nearest first."""

    def file(self, name: str) -> Path:
        """The nearest folder of the inheritance chain that has ``name``."""
        for folder in self.folders:
            if (folder / name).exists():
                return folder / name
        return self.folders[0] / name


def read_chain(folder: Path, problems: Collector) -> list[tuple[Path, dict[str, Any]]]:
    """The scenario's TOML tables, following ``base =`` (nearest first)."""
    chain: list[tuple[Path, dict[str, Any]]] = []
    seen: set[Path] = set()
    current: Path | None = folder
    while current is not None:
        current = current.resolve()
        if current in seen:
            problems.add(TOML, None, "base", str(current), "scenarios inherit from each other in a cycle")
            break
        seen.add(current)
        if not current.is_dir():
            problems.add(TOML, None, "base" if chain else None, str(current), "scenario folder does not exist")
            break
        table = _read_toml(current / TOML, problems)
        if table is None:
            break
        chain.append((current, table))
        base = table.get("base")
        if base is not None and not isinstance(base, str):
            problems.add(TOML, None, "base", base, "expected a folder path in quotes")
            break
        current = (current / base) if base else None
    return chain


def _read_toml(path: Path, problems: Collector) -> dict[str, Any] | None:
    try:
        return tomllib.loads(path.read_bytes().decode("utf-8-sig"))
    except FileNotFoundError:
        problems.add(f"{path.parent.name}/{TOML}", None, None, None, "file is missing")
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as error:
        problems.add(f"{path.parent.name}/{TOML}", None, None, None, f"not valid TOML: {error}")
    return None


def merge(chain: list[tuple[Path, dict[str, Any]]]) -> dict[str, Any]:
    """Base first, then each nearer scenario's keys on top (tables merge key by key)."""
    merged: dict[str, Any] = {}
    for _, table in reversed(chain):
        for key, value in table.items():
            if isinstance(value, dict) and isinstance(merged.get(key), dict):
                merged[key] = {**merged[key], **value}
            else:
                merged[key] = value
    return merged


def load_settings(folder: Path, problems: Collector) -> Settings | None:
    chain = read_chain(folder, problems)
    if not chain or problems.problems:
        return None
    table = merge(chain)
    known = {"name", "cycle_start", "policy", "budget", "weights", "base"}
    for key in table:
        if key not in known:
            problems.add(TOML, None, key, None, "unknown setting (known: " + ", ".join(sorted(known)) + ")")
    name = table.get("name", chain[0][0].name)
    cycle_start = table.get("cycle_start")
    if not isinstance(cycle_start, int) or isinstance(cycle_start, bool) or not 1950 <= cycle_start <= 2100:
        problems.add(TOML, None, "cycle_start", cycle_start, "expected a year such as 2018")
        cycle_start = 0
    policy = _numbers(Policy, table.get("policy", {}), "policy", problems)
    weights = _numbers(Weights, table.get("weights", {}), "weights", problems)
    budget = table.get("budget", {})
    total = budget.get("total") if isinstance(budget, dict) else None
    if total is not None and (not isinstance(total, int | float) or isinstance(total, bool) or total < 0):
        problems.add(TOML, None, "budget.total", total, "expected a non-negative amount in yuan")
        total = None
    if problems.problems:
        return None
    return Settings(
        name=str(name),
        cycle_start=cycle_start,
        policy=policy,
        budget_total=None if total is None else int(total),
        weights=weights,
        folders=tuple(path for path, _ in chain),
    )


def _numbers(kind: type, values: object, section: str, problems: Collector) -> Any:
    """Build ``kind`` (Policy or Weights) from a TOML table, checking each number."""
    if not isinstance(values, dict):
        problems.add(TOML, None, section, values, "expected a table of numbers")
        return kind()
    fields = {f.name: f for f in dataclasses.fields(kind)}
    accepted = {}
    for key, value in values.items():
        column = f"{section}.{key}"
        if key not in fields:
            problems.add(TOML, None, column, None, "unknown setting (known: " + ", ".join(fields) + ")")
            continue
        wants_int = fields[key].type in ("int", int)
        if isinstance(value, bool) or not isinstance(value, int | float) or value < 0:
            problems.add(TOML, None, column, value, "expected a non-negative number")
        elif wants_int and value != int(value):
            problems.add(TOML, None, column, value, "expected a whole number")
        elif key in SHARE_FIELDS and value > 1:
            problems.add(TOML, None, column, value, "expected a share from 0 to 1")
        elif key == "cycle_years" and value < 1:
            problems.add(TOML, None, column, value, "a cycle lasts at least one year")
        else:
            accepted[key] = int(value) if wants_int else float(value)
    return kind(**accepted)
