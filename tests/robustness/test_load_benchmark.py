"""The load benchmark runs, measures in a fresh process and writes its rows (on the shipped scenario)."""

from __future__ import annotations

import json
from pathlib import Path

from benchmarks import load
from scenarios import default_scenario


def test_the_load_benchmark_measures_the_default_scenario(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    code = load.main(["--scenario", str(default_scenario()), "--repeat", "1", "--out", str(tmp_path)])
    report = json.loads((tmp_path / "default.json").read_text(encoding="utf-8"))
    (run,) = report["runs"]
    assert code == 0 and report["met"] is True
    assert run["cadres"] == 3000 and run["history"] > 0
    assert 0 < run["wall"] < load.TARGET_SECONDS and run["imports"] <= run["peak"] < load.TARGET_BYTES
    assert "target <= 15 s and <= 2 GiB: met" in capsys.readouterr().out
