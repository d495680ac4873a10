"""Time and peak memory of loading and validating a large scenario, against the targets of issue 8.

``python -m benchmarks.load [--cadres 100000] [--seed 1] [--repeat 3] [--out benchmarks/out]
[--scenario DIR] [--regenerate]``: generates the scenario with :mod:`scenarios.generator` into
``OUT/load-<cadres>-seed<seed>`` (reused when it is there, unless ``--regenerate``), then loads it
``--repeat`` times, each in a fresh Python process so that its peak memory is its own. Prints one
line per run and the best, and writes the rows to ``OUT/load-<cadres>-seed<seed>.json``.

``wall`` is the elapsed time of :func:`models.load_scenario`, ``cpu`` the process time it used
(what a busy machine does not inflate as much), ``peak`` the process's peak resident memory and
``imports`` the resident memory before loading (Python, numpy, pandas).
"""

from __future__ import annotations

import argparse
import json
import platform
import resource
import subprocess
import sys
import time
from datetime import datetime
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
TARGET_SECONDS = 15.0
TARGET_BYTES = 2 * 1024**3
"""Issue 8: a scenario of 100,000 cadres loads and validates within 15 s and 2 GiB."""


def measure(folder: Path) -> dict[str, Any]:
    """Load ``folder`` once in this process; wall and CPU seconds, peak and pre-load resident memory."""
    import models  # the imports' memory is counted apart

    before = peak_bytes()
    wall, cpu = time.perf_counter(), time.process_time()
    scenario = models.load_scenario(folder)
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    return {
        "wall": round(wall, 3),
        "cpu": round(cpu, 3),
        "peak": peak_bytes(),
        "imports": before,
        "cadres": len(scenario.cadres),
        "history": len(scenario.history),
        "sessions": len(scenario.sessions),
    }


def peak_bytes() -> int:
    kilobytes = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # kilobytes on Linux, bytes on macOS
    return kilobytes if sys.platform == "darwin" else kilobytes * 1024


def run_child(folder: Path) -> dict[str, Any]:
    """One measurement in a fresh Python process."""
    done = subprocess.run(
        [sys.executable, "-m", "benchmarks.load", "--child", str(folder)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        raise RuntimeError(f"loading {folder} failed:\n{done.stderr}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def scenario_folder(args: argparse.Namespace) -> Path:
    if args.scenario:
        return Path(args.scenario)
    folder = Path(args.out) / f"load-{args.cadres}-seed{args.seed}"
    if args.regenerate or not (folder / "scenario.toml").exists():
        # Imported here, not at the top: a measuring child process imports nothing but the domain.
        from scenarios.generator import generate_scenario

        started = time.perf_counter()
        generate_scenario(folder, num_cadres=args.cadres, seed=args.seed)
        print(f"generated {folder} in {time.perf_counter() - started:.1f}s")
    return folder


def _line(row: dict[str, Any]) -> str:
    return (
        f"wall {row['wall']:6.2f}s  cpu {row['cpu']:6.2f}s  peak {row['peak'] / 1024**2:7.0f} MiB  "
        f"(imports {row['imports'] / 1024**2:.0f} MiB)  "
        f"{row['cadres']:,} cadres, {row['history']:,} ledger rows"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--cadres", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--out", default=str(ROOT / "benchmarks" / "out"))
    parser.add_argument(
        "--scenario", default=None, help="an existing scenario folder instead of a generated one"
    )
    parser.add_argument("--regenerate", action="store_true", help="write the generated scenario again")
    parser.add_argument("--child", default=None, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        print(json.dumps(measure(Path(args.child))))
        return 0
    folder = scenario_folder(args)
    rows = []
    for number in range(1, args.repeat + 1):
        rows.append(run_child(folder))
        print(f"run {number}: {_line(rows[-1])}")
    best = min(rows, key=lambda row: row["wall"])
    worst_peak = max(row["peak"] for row in rows)
    ok = best["wall"] <= TARGET_SECONDS and worst_peak <= TARGET_BYTES
    print(f"best:  {_line(best)}")
    print(
        f"target <= {TARGET_SECONDS:g} s and <= {TARGET_BYTES / 1024**3:g} GiB: {'met' if ok else 'NOT met'}"
    )
    report = {
        "scenario": str(folder),
        "date": datetime.now().isoformat(timespec="seconds"),
        "machine": platform.platform(),
        "python": platform.python_version(),
        "runs": rows,
        "met": ok,
    }
    Path(args.out).mkdir(parents=True, exist_ok=True)
    (Path(args.out) / f"{folder.name}.json").write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
