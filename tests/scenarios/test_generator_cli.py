"""The generator's command, ``python -m scenarios.generator``: options, output, and refusals."""

from __future__ import annotations

import csv
import subprocess
import sys
from pathlib import Path

from click.testing import CliRunner

from scenarios.generator import SIZES, generate_scenario, main

ROOT = Path(__file__).resolve().parents[2]
FILES = (
    "scenario.toml",
    "units.csv",
    "cadres.csv",
    "institutions.csv",
    "courses.csv",
    "sessions.csv",
    "summons.csv",
    "history.csv",
)


def read(folder: Path, name: str) -> list[dict[str, str]]:
    with (folder / name).open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def test_command_line_writes_a_scenario(tmp_path: Path) -> None:
    result = CliRunner().invoke(
        main,
        [
            "--size",
            "tiny",
            "--seed",
            "1",
            "--out",
            str(tmp_path),
            "--cadres",
            "300",
            "--year",
            "2021",
            "--cycle-start",
            "2018",
        ],
    )
    assert result.exit_code == 0, result.output
    assert len(read(tmp_path, "cadres.csv")) == 300
    assert all(s["start"].startswith("2021") for s in read(tmp_path, "sessions.csv"))
    assert "300 cadres" in result.output


def test_python_m_writes_the_same_bytes_twice_and_as_the_function(tmp_path: Path) -> None:
    for run in ("a", "b"):
        done = subprocess.run(
            [sys.executable, "-m", "scenarios.generator", "--size", "tiny", "--seed", "3"]
            + ["--out", str(tmp_path / run)],
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert done.returncode == 0, done.stderr
        assert f"{SIZES['tiny']} cadres" in done.stdout
    called = generate_scenario(tmp_path / "c", "tiny", seed=3)
    for name in FILES:
        first = (tmp_path / "a" / name).read_bytes()
        assert first == (tmp_path / "b" / name).read_bytes(), name
        assert first == (called / name).read_bytes(), name


def test_help_names_every_option() -> None:
    result = CliRunner().invoke(main, ["--help"])
    assert result.exit_code == 0
    for option in ("--size", "--cadres", "--seed", "--year", "--cycle-start", "--name", "--out"):
        assert option in result.output
    assert all(size in result.output for size in SIZES)


def test_bad_arguments_are_usage_errors(tmp_path: Path) -> None:
    for args, message in (
        (["--size", "village"], "village"),
        (["--cadres", "50"], "at least 100 cadres"),
        (["--year", "2017", "--cycle-start", "2018"], "has not begun"),
        ([], "--out"),
    ):
        out = ["--out", str(tmp_path / "x")] if args else []
        result = CliRunner().invoke(main, [*args, *out])
        assert result.exit_code == 2, (args, result.output)
        assert message in result.output, (args, result.output)
    assert not (tmp_path / "x").exists()
