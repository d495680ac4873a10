"""Where a plan comes from: enough to reproduce a filed plan years later.

``summary.json`` carries a ``provenance`` block: the scenario's content hash
(and each file's), the product, solver and Python versions, the seed and
workers, and the command that made the plan.
"""

from __future__ import annotations

import hashlib
import platform
import shlex
from collections.abc import Mapping
from dataclasses import replace
from importlib import metadata
from pathlib import Path
from typing import Any

import click

from models import Plan
from models.errors import Collector
from models.loader import FILES
from models.settings import load_settings

PRODUCT = "cadre-plan"


def scenario_files(folder: str | Path) -> dict[str, Path]:
    """The files a scenario is read from, by the name problems give them (``../base/cadres.csv``).

    Every ``scenario.toml`` of the inheritance chain, then each CSV file from
    the nearest folder that has it; an empty dict when the settings cannot be read.
    """
    settings = load_settings(Path(folder), Collector())
    if settings is None:
        return {}
    paths = settings.setting_files()  # a workbook holds its tables too: it is hashed once
    paths += [path for path in (settings.file(name) for name in FILES) if path.exists() and path not in paths]
    return {settings.label(path): path for path in paths}


def content_hash(files: Mapping[str, Path]) -> tuple[str, dict[str, str]]:
    """SHA-256 of the files' names and bytes, sorted by name; and each file's own SHA-256.

    The names are part of the hash so that moving a table from one file to
    another changes it; folder locations are not, so a copied scenario keeps it.
    """
    whole = hashlib.sha256()
    each = {}
    for name in sorted(files):
        raw = files[name].read_bytes()
        each[name] = hashlib.sha256(raw).hexdigest()
        whole.update(f"{len(name)}:{name}:{len(raw)}:".encode())
        whole.update(raw)
    return whole.hexdigest(), each


def versions() -> dict[str, str]:
    """The product's, OR-Tools' and Python's versions (``unknown`` when not installed as a package)."""
    found = {}
    for key, package in (("product", PRODUCT), ("ortools", "ortools")):
        try:
            found[key] = metadata.version(package)
        except metadata.PackageNotFoundError:
            found[key] = "unknown"
    found["python"] = platform.python_version()
    return found


def command_line(context: click.Context) -> str:
    """The command with every option spelled out, defaults included, as a shell would take it.

    Built from the parsed options rather than ``sys.argv``, so that it is the
    same whether the command ran from a shell, a script or a test.
    """
    words = [context.command_path]
    for param in context.command.params:
        value = context.params.get(param.name or "")
        if value is None or value is False or not isinstance(param, click.Option):
            continue
        words.append(param.opts[0])
        if not param.is_flag:
            words.append(str(value))
    return shlex.join(words)


def provenance(
    scenario_folder: str | Path, seed: int, workers: int, command: str, changes_file: Path | None = None
) -> dict[str, Any]:
    """The ``provenance`` block of ``summary.json`` for a plan of the scenario in ``scenario_folder``.

    A changes file (``plan-annual --changes``) is hashed with the scenario:
    the plan depends on both.
    """
    files = scenario_files(scenario_folder)
    if changes_file is not None:
        files["--changes " + changes_file.name] = changes_file
    scenario_hash, file_hashes = content_hash(files)
    return {
        "scenario": str(Path(scenario_folder).resolve()),
        "scenario_hash": f"sha256:{scenario_hash}",
        "files": {name: f"sha256:{digest}" for name, digest in file_hashes.items()},
        **versions(),
        "seed": seed,
        "workers": workers,
        "reproducible": workers == 1,
        "command": command,
    }


def with_provenance(plan: Plan, block: dict[str, Any]) -> Plan:
    """``plan`` with ``block`` as its summary's ``provenance``."""
    return replace(plan, summary={**plan.summary, "provenance": block})
