"""Greedy, HiGHS and CP-SAT side by side on the same scenarios, one process per solver.

``python -m benchmarks.run --sizes default,city [--time-limit 60] [--seed 1] [--out benchmarks/out]
[--scenario DIR ...]``: ``default`` is the shipped ``scenarios/default``; other sizes are generated
into ``OUT/<size>-seed<seed>`` by :func:`scenarios.generator.generate_scenario`. Each solver runs in
its own subprocess (:mod:`benchmarks.worker`) so that its peak memory is its own; every plan goes
through the independent checker. Prints one table per instance, writes the rows as JSON under
``OUT`` and appends the tables, with the command and date, to ``benchmarks/RESULTS.md``.

``objective`` is the stage-1 penalty of the plan itself (tier weight x unmet obligations, from
the plan's met counts), the same yardstick for every row; ``bound`` is each solver's own lower
bound on it (``lp`` for the LP relaxation row); ``best gap`` compares with the best bound found.
"""

from __future__ import annotations

import argparse
import json
import shlex
import subprocess
import sys
import tempfile
from datetime import datetime
from pathlib import Path
from typing import Any

from benchmarks.worker import SOLVERS
from models import TIER_BY_RULE, Rule
from models.obligations import SOLVER_RULES
from scenarios.generator import generate_scenario

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_SCENARIO = ROOT / "scenarios" / "default"
RESULTS = ROOT / "benchmarks" / "RESULTS.md"
HEADING = "## Harness"
RULES = tuple(rule.value for rule in SOLVER_RULES)
TARGETS = {
    "default": (30.0, 0.001),
    "1k": (60.0, 0.01),
    "city": (60.0, 0.01),
    "large-city": (300.0, 0.02),
    "province": (600.0, 0.05),
    "city-open": (120.0, 0.005),
    "large-city-open": (300.0, 0.01),
    "province-open": (600.0, None),
}
"""Per size: the time limit and the stage-1 gap the issue sets as target (issue 6; the open family:
issue 16, which sets per-tier targets, tiers 1-3 here)."""
CADRES_OF = {"1k": 1000}
"""Sizes not named by the generator, by number of cadres."""
TIERS = tuple(str(t) for t in sorted({TIER_BY_RULE[rule] for rule in SOLVER_RULES}))


def instances(sizes: list[str], scenarios: list[Path], out: Path, seed: int) -> list[tuple[str, Path]]:
    """(name, folder) of every instance; generated sizes are (re)written under ``out``."""
    found = []
    for size in sizes:
        if size == "default":
            found.append(("default", DEFAULT_SCENARIO))
            continue
        folder = out / f"{size}-seed{seed}"
        if size in CADRES_OF:
            written = generate_scenario(folder, "tiny", num_cadres=CADRES_OF[size], seed=seed)
        else:
            written = generate_scenario(folder, size, seed=seed)
        found.append((f"{size} (seed {seed})", written))
    found += [(folder.name, folder) for folder in scenarios]
    return found


def time_limit_of(name: str, args: argparse.Namespace) -> float:
    """The instance's time limit: ``--time-limit`` if given, else its size's target time (60 s otherwise)."""
    if args.time_limit is not None:
        return args.time_limit
    return TARGETS.get(name.split(" ")[0], (60.0, None))[0]


def run_worker(solver: str, folder: Path, args: argparse.Namespace, time_limit: float) -> dict[str, Any]:
    """One solver in a subprocess; a row with status ``error`` if it fails."""
    with tempfile.TemporaryDirectory() as tmp:
        row_file = Path(tmp) / "row.json"
        command = [
            sys.executable,
            "-m",
            "benchmarks.worker",
            solver,
            str(folder),
            str(row_file),
            "--year",
            str(args.year),
            "--time-limit",
            str(time_limit),
            "--seed",
            str(args.seed),
        ]
        try:
            kill_after = args.kill_after if args.kill_after is not None else time_limit * 3 + 900
            done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=kill_after)
        except subprocess.TimeoutExpired:
            return {
                "solver": solver,
                "status": "error",
                "error": f"stopped after {kill_after:.0f} s wall, no result",
            }
        if done.returncode != 0 or not row_file.exists():
            return {"solver": solver, "status": "error", "error": done.stderr.strip().splitlines()[-1:]}
        return json.loads(row_file.read_text(encoding="utf-8"))


def add_best_bound(rows: list[dict[str, Any]]) -> None:
    """Best lower bound of all rows, and each plan's gap to it; greedy gets the LP bound as its own."""
    bounds = [(r["bound"], r["solver"]) for r in rows if r.get("bound") is not None]
    lp = next((r for r in rows if r["solver"] == "lp" and r.get("bound") is not None), None)
    best = max(bounds, default=None)
    for row in rows:
        if row["solver"] == "greedy" and lp is not None:
            row["bound"], row["bound_source"] = lp["bound"], "lp"
            row["gap"] = _gap(row.get("objective"), lp["bound"])
        if best is not None:
            row["best_bound"], row["best_bound_source"] = best
            row["best_gap"] = _gap(row.get("objective"), best[0])


def _gap(objective: float | None, bound: float | None) -> float | None:
    if objective is None or bound is None:
        return None
    return abs(objective - bound) / max(1.0, abs(objective))


def _num(value: Any, digits: int = 0) -> str:
    if value is None:
        return "-"
    if isinstance(value, float) and digits:
        return f"{value:,.{digits}f}"
    return f"{round(value):,}"


def _pct(value: float | None) -> str:
    return "-" if value is None else f"{100 * value:.2f}%"


def table(rows: list[dict[str, Any]]) -> list[list[str]]:
    """Header and one line per row."""
    owed_rule: dict[str, int] = next((r["owed_by_rule"] for r in rows if "owed_by_rule" in r), {})
    owed_tier = _owed_by_tier(owed_rule)
    header = (
        ["solver", "status", "build s", "solve s"]
        + [f"{r} ({owed_rule.get(r, '?')})" for r in RULES]
        + [f"T{t} ({owed_tier.get(t, '?')})" for t in TIERS]
        + ["cost", "objective", "bound (by)", "gap", "best gap", "peak MB", "violations"]
    )
    lines = [header]
    for r in rows:
        if r["status"] == "error":
            lines.append([r["solver"], f"error: {r.get('error')}"] + [""] * (len(header) - 2))
            continue
        met_rule, met_tier = r.get("met_by_rule", {}), r.get("met_by_tier", {})
        bound = "-" if r.get("bound") is None else f"{_num(r['bound'])} ({r.get('bound_source')})"
        lines.append(
            [r["solver"], r["status"], _num(r.get("build_s"), 1), _num(r.get("solve_s"), 1)]
            + [_num(met_rule.get(k)) for k in RULES]
            + [_num(met_tier.get(t)) for t in TIERS]
            + [
                _num(r.get("cost")),
                _num(r.get("objective")),
                bound,
                _pct(r.get("gap")),
                _pct(r.get("best_gap")),
                _num(r.get("peak_mb")),
                _num(r.get("violations")),
            ]
        )
    return lines


def _to_target(row: dict[str, Any], target: float | None) -> str:
    """Seconds of the solve until its plan's own gap was within the target (after the core if that did)."""
    core = row.get("core") or {}
    if target is None or core.get("gap_after") is None:
        return "-"
    if core["gap_after"] <= target:
        return _num(core.get("elapsed_after"), 1)
    gap = row.get("gap")
    return _num(row.get("solve_s"), 1) if gap is not None and gap <= target else "not reached"


def scaling_table(rows: list[dict[str, Any]]) -> list[list[str]]:
    """One line per instance for our pipeline: size against load, build and solve time, gap and memory."""
    header = [
        "instance",
        "cadres",
        "pairs",
        "method",
        "time limit s",
        "load s",
        "greedy s",
        "build s",
        "solve s",
        "total s",
        "s to target gap",
        "gap (bound)",
        "target gap",
        "target met",
        ">= greedy every tier",
        "> greedy some tier",
        "peak MB",
    ]
    lines = [header]
    by_instance: dict[str, dict[str, dict[str, Any]]] = {}
    for row in rows:
        by_instance.setdefault(row["instance"], {})[row["solver"]] = row
    for name, solvers in by_instance.items():
        ours, greedy = solvers.get("cp-sat"), solvers.get("greedy")
        if ours is None or ours.get("status") == "error":
            continue
        target = TARGETS.get(name.split(" ")[0], (None, None))[1]
        gap = ours.get("best_gap", ours.get("gap"))
        met, base = ours.get("met_by_tier", {}), (greedy or {}).get("met_by_tier")
        at_least = (
            "-" if not base else ("yes" if all(met.get(t, 0) >= base.get(t, 0) for t in TIERS) else "no")
        )
        beats = "-" if not base else ("yes" if any(met.get(t, 0) > base.get(t, 0) for t in TIERS) else "no")
        lines.append(
            [
                name,
                _num(ours.get("cadres")),
                _num((ours.get("model") or {}).get("pairs")),
                str(ours.get("method") or "-"),
                _num(ours.get("time_limit"), 0),
                _num(ours.get("load_s"), 1),
                _num(ours.get("greedy_s"), 1),
                _num(ours.get("build_s"), 1),
                _num(ours.get("solve_s"), 1),
                _num(ours.get("total_s"), 1),
                _to_target(ours, target),
                f"{_pct(gap)} ({ours.get('best_bound_source') or ours.get('bound_source')})",
                _pct(target),
                "-" if target is None or gap is None else ("yes" if gap <= target else "no"),
                at_least,
                beats,
                _num(ours.get("peak_mb")),
            ]
        )
    return lines


def _owed_by_tier(owed_rule: dict[str, int]) -> dict[str, int]:
    owed = {t: 0 for t in TIERS}
    for rule, count in owed_rule.items():
        tier = str(TIER_BY_RULE[Rule(rule)])
        if tier in owed:  # a tier the solver does not plan yet has no column
            owed[tier] += count
    return owed


def plain(lines: list[list[str]]) -> str:
    widths = [max(len(line[k]) for line in lines) for k in range(len(lines[0]))]

    def cells(line: list[str]) -> str:
        return "  ".join(
            cell.ljust(w) if k < 2 else cell.rjust(w)
            for k, (cell, w) in enumerate(zip(line, widths, strict=True))
        )

    return "\n".join(cells(line) for line in lines)


def markdown(lines: list[list[str]]) -> str:
    rows = ["| " + " | ".join(line) + " |" for line in lines]
    rows.insert(1, "|" + "|".join(" --- " if k < 2 else " ---: " for k in range(len(lines[0]))) + "|")
    return "\n".join(rows)


def append_results(
    path: Path, command: str, blocks: list[tuple[str, str, str]], args: argparse.Namespace
) -> None:
    """Append this run under ``## Harness`` (added at the end if missing); other sections stay as they are."""
    text = path.read_text(encoding="utf-8") if path.exists() else "# Results\n"
    run = [
        f"\n### {datetime.now().strftime('%Y-%m-%d %H:%M')}: `{command}`\n",
        (
            "Time limit: each size's target time (default 30 s, city 60 s, large-city 300 s, province 600 s)"
            if args.time_limit is None
            else f"Time limit {args.time_limit:g} s"
        )
        + " per solver, 2 threads/workers, one process per solver; "
        "objective = stage-1 penalty of the plan; peak MB = the solver process's max RSS.\n",
    ]
    for name, folder, body in blocks:
        run.append(f"\n**{name}** (`{folder}`)\n\n{body}\n")
    addition = "".join(run)
    if HEADING not in text.splitlines():
        text = text.rstrip("\n") + f"\n\n{HEADING}\n\nRuns of `python -m benchmarks.run` (newest last).\n"
        text += addition
    else:
        lines = text.splitlines(keepends=True)
        start = lines.index(HEADING + "\n") if HEADING + "\n" in lines else len(lines) - 1
        end = next((k for k in range(start + 1, len(lines)) if lines[k].startswith("## ")), len(lines))
        before, after = "".join(lines[:end]).rstrip("\n") + "\n", "".join(lines[end:])
        text = before + addition + ("\n" + after if after else "")
    path.write_text(text, encoding="utf-8")


def parse(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.run", description=__doc__.splitlines()[0])
    parser.add_argument(
        "--sizes",
        default="default",
        help="comma-separated: default, tiny, 1k, city, large-city, province (narrow audiences), "
        "city-open, large-city-open, province-open (open audiences)",
    )
    parser.add_argument(
        "--scenario", type=Path, action="append", default=[], help="an existing scenario folder (repeatable)"
    )
    parser.add_argument(
        "--time-limit",
        type=float,
        default=None,
        help="seconds per solver (default: the size's target time, TARGETS; 60 s otherwise)",
    )
    parser.add_argument(
        "--kill-after",
        type=float,
        help="wall seconds after which a solver's process is stopped (default: 3 x its limit + 900)",
    )
    parser.add_argument("--seed", type=int, default=1, help="generator and CP-SAT seed (default 1)")
    parser.add_argument("--year", type=int, default=2020)
    parser.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "out")
    parser.add_argument(
        "--solvers", default=",".join(SOLVERS), help=f"comma-separated subset of {','.join(SOLVERS)}"
    )
    parser.add_argument("--results", type=Path, default=RESULTS, help="the Markdown file appended to")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> None:
    args = parse(argv)
    command = "python -m benchmarks.run " + " ".join(
        shlex.quote(a) for a in (sys.argv[1:] if argv is None else argv)
    )
    args.out.mkdir(parents=True, exist_ok=True)
    sizes = [s for s in args.sizes.split(",") if s]
    solvers = [s for s in args.solvers.split(",") if s]
    all_rows, blocks = [], []
    for name, folder in instances(sizes, args.scenario, args.out, args.seed):
        rows = []
        limit = time_limit_of(name, args)
        for solver in solvers:
            print(f"[{name}] {solver} ({limit:g} s) ...", flush=True)
            rows.append({"instance": name, "time_limit": limit, **run_worker(solver, folder, args, limit)})
        add_best_bound(rows)
        lines = table(rows)
        print(f"\n{name}: {folder}\n{plain(lines)}\n", flush=True)
        blocks.append((name, str(folder), markdown(lines)))
        all_rows += rows
    scaling = scaling_table(all_rows)
    if len(scaling) > 1:
        print(f"\nscaling (our pipeline)\n{plain(scaling)}\n", flush=True)
        blocks.append(("scaling (our pipeline)", "every instance above", markdown(scaling)))
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    report = {
        "command": command,
        "date": datetime.now().isoformat(timespec="seconds"),
        "time_limit": args.time_limit,
        "seed": args.seed,
        "rows": all_rows,
    }
    json_path = args.out / f"results-{stamp}.json"
    json_path.write_text(json.dumps(report, ensure_ascii=False, indent=1, default=str), encoding="utf-8")
    append_results(args.results, command, blocks, args)
    print(f"rows: {json_path}\ntables appended to {args.results}")


if __name__ == "__main__":
    main()
