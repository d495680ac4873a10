"""Determinism and provenance: a plan says where it came from; one worker reproduces it byte for byte."""

from __future__ import annotations

import json
import os
import shlex
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from mutations import trimmed_default, write_files

from optimizer.cli.annual import plan_annual
from optimizer.reports.provenance import content_hash, scenario_files

CONTRACT_FILES = ("assignments.csv", "sessions.csv", "shortfalls.csv")
TIMING_FIELDS = ("solve_seconds", "build_seconds", "greedy_seconds", "total_seconds")
"""Wall-clock fields of summary.json: with each stage's ``seconds``, the only ones two runs may differ in."""


@pytest.fixture(scope="module")
def small(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_files(trimmed_default(12), tmp_path_factory.mktemp("small") / "scenario")


def _run(*args: str) -> None:
    result = CliRunner().invoke(plan_annual, list(args))
    assert result.exit_code == 0, result.output


def _plan(scenario: Path, out: Path, *extra: str) -> Path:
    _run("--year", "2020", "--scenario", str(scenario), "--out", str(out), "--no-exports", "--quiet", *extra)
    return out


def without_timing(summary: dict[str, Any]) -> dict[str, Any]:
    """``summary`` without its wall-clock fields (the stages', the core's and the peers' seconds too)."""
    kept = {key: value for key, value in summary.items() if key not in TIMING_FIELDS}
    kept["stages"] = [
        {k: v for k, v in stage.items() if k != "seconds"} for stage in summary.get("stages", [])
    ]
    if "core" in summary:
        kept["core"] = {k: v for k, v in summary["core"].items() if k not in ("seconds", "elapsed_after")}
    if "peers" in summary:
        kept["peers"] = {
            order: {k: v for k, v in peer.items() if k != "seconds"}
            for order, peer in summary["peers"].items()
        }
    return kept


def _plan_in_subprocess(scenario: Path, out: Path, hash_seed: str) -> dict[str, Any]:
    """plan-annual in its own Python, with its own string-hash seed (set and dict orders differ)."""
    code = "from optimizer.cli.annual import plan_annual; plan_annual(prog_name='plan-annual')"
    command = [
        sys.executable,
        "-c",
        code,
        "--year",
        "2020",
        "--scenario",
        str(scenario),
        "--out",
        str(out),
        "--no-exports",
        "--quiet",
        "--workers",
        "1",
        "--time-limit",
        "10",
        "--seed",
        "5",
    ]
    done = subprocess.run(
        command, capture_output=True, text=True, env={**os.environ, "PYTHONHASHSEED": hash_seed}
    )
    assert done.returncode == 0, done.stderr
    return json.loads((out / "summary.json").read_text(encoding="utf-8"))


def test_one_worker_reproduces_the_plan_byte_for_byte(small: Path, tmp_path: Path) -> None:
    """Two processes, different hash seeds: the contract files are identical, summary.json but for timing."""
    one = _plan_in_subprocess(small, tmp_path / "first", "1")
    two = _plan_in_subprocess(small, tmp_path / "second", "2")
    for name in CONTRACT_FILES:
        assert (tmp_path / "first" / name).read_bytes() == (tmp_path / "second" / name).read_bytes(), name
    assert one["assignments"] > 0
    assert one["provenance"]["command"] != two["provenance"]["command"]  # the --out folders differ
    for summary in (one, two):
        del summary["provenance"]["command"]
    assert without_timing(one) == without_timing(two)


def test_the_recorded_command_reproduces_the_plan(small: Path, tmp_path: Path) -> None:
    first = _plan(small, tmp_path / "first", "--workers", "1", "--time-limit", "10")
    provenance = json.loads((first / "summary.json").read_text(encoding="utf-8"))["provenance"]
    words = shlex.split(provenance["command"])
    assert words[0] == "plan-annual"
    again = tmp_path / "again"
    words[words.index("--out") + 1] = str(again)
    _run(*words[1:])
    for name in CONTRACT_FILES:
        assert (first / name).read_bytes() == (again / name).read_bytes(), name


def test_summary_records_where_the_plan_came_from(small: Path, tmp_path: Path) -> None:
    out = _plan(small, tmp_path / "plan", "--workers", "1", "--seed", "7", "--time-limit", "2")
    provenance = json.loads((out / "summary.json").read_text(encoding="utf-8"))["provenance"]
    whole, each = content_hash(scenario_files(small))
    assert provenance["scenario_hash"] == f"sha256:{whole}"
    assert provenance["files"] == {name: f"sha256:{digest}" for name, digest in each.items()}
    assert set(provenance["files"]) == {path.name for path in small.iterdir()}
    assert provenance["seed"] == 7 and provenance["workers"] == 1 and provenance["reproducible"] is True
    assert provenance["product"] != "unknown" and provenance["ortools"].startswith("9.")
    assert "--seed 7" in provenance["command"] and "--no-exports" in provenance["command"]


def test_the_content_hash_follows_the_bytes_not_the_folder(small: Path, tmp_path: Path) -> None:
    copy = Path(shutil.copytree(small, tmp_path / "elsewhere"))
    assert content_hash(scenario_files(copy)) == content_hash(scenario_files(small))
    history = copy / "history.csv"
    history.write_bytes(history.read_bytes() + b"\n")
    changed, each = content_hash(scenario_files(copy))
    assert changed != content_hash(scenario_files(small))[0]
    assert each["history.csv"] != content_hash(scenario_files(small))[1]["history.csv"]


def test_an_inherited_scenario_hashes_the_files_it_is_read_from(small: Path, tmp_path: Path) -> None:
    base = Path(shutil.copytree(small, tmp_path / "base"))
    variant = tmp_path / "variant"
    variant.mkdir()
    (variant / "scenario.toml").write_text('base = "../base"\nname = "budget -20%"\n', encoding="utf-8")
    (variant / "sessions.csv").write_bytes((base / "sessions.csv").read_bytes())
    files = scenario_files(variant)
    assert files["sessions.csv"] == variant / "sessions.csv"
    assert files["../base/cadres.csv"] == base / "cadres.csv"
    assert set(files) >= {"scenario.toml", "../base/scenario.toml"}
