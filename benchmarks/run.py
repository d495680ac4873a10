"""Our pipeline against its peers side by side on the same scenarios, one process per solver.

``python -m benchmarks.run [--sizes tiny,1k] [--family sparse|open|both] [--time-limit 60] [--workers 2]
[--seed 1] [--out benchmarks/out] [--scenario DIR ...] [--results FILE] [--strict]``

The solvers (:mod:`benchmarks.worker`): the greedy in each order (``greedy-priority``,
``greedy-deadline``, ``greedy-constrained``), ``highs`` (the same rules as a MIP,
:func:`optimizer.pipeline.highs_peer.solve_highs`) and ``ours`` (:func:`optimizer.solve`). Each runs in
its own subprocess so that its peak memory is its own; every plan is measured by the same evaluation and
goes through the independent checker.

The sizes come in two families: ``sparse`` (sessions for a few named units: tiny, 1k, default, city,
large-city, province) and ``open`` (sessions open to whole ranks and categories: tiny-open, 1k-open,
city-open, large-city-open, province-open). ``default`` is the shipped ``scenarios/default``; the others
are generated into ``OUT/<size>-seed<seed>`` by :func:`scenarios.generator.generate_scenario`.
``--sizes`` names them; ``--family`` alone runs every size of a family, and with ``--sizes`` keeps those
of that family; neither runs ``default``.

Prints, as Markdown, one table per instance: per tier the obligations met (and for ours the bound and
the gap of ``summary.json`` ``tiers``), ours' lexicographic headline gap (its tier named) and weighted gap
apart, cost, build, solve and wall seconds, peak memory, checker violations; then the checks: (a) ours is
lexicographically >= every peer, (b) no plan exceeds ours' bound on a tier with the tiers above equal to
ours, (c) every plan passes the checker. Then a scaling table of ours over the instances. Writes the rows
as JSON under ``OUT``; with ``--results FILE`` appends the tables, with the command and date, to FILE.
With ``--strict`` the exit status is 1 when a check fails.
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

from benchmarks.tables import Instance, instance_checks, instance_table, markdown, scaling_table
from benchmarks.verdicts import Target
from benchmarks.worker import OURS, SOLVERS
from scenarios.generator import generate_scenario

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_SCENARIO = ROOT / "scenarios" / "default"
HEADING = "## Harness"
FAMILIES = {
    "sparse": ("tiny", "1k", "default", "city", "large-city", "province"),
    "open": ("tiny-open", "1k-open", "city-open", "large-city-open", "province-open"),
}
"""The sizes of each family, smallest first."""
HARNESS_SIZES = {"1k": (1000, "narrow"), "tiny-open": (None, "open"), "1k-open": (1000, "open")}
"""Sizes the generator does not name: (cadres, audience) of a ``tiny``-shaped scenario (None: 200)."""
TIER_1_3 = (1, 2, 3)
TARGETS = {
    "tiny": Target(10.0),
    "1k": Target(60.0, weighted_gap=0.01),
    "default": Target(60.0, dict.fromkeys((1, 2, 3, 4, 5), 0.005)),
    "city": Target(60.0, weighted_gap=0.01),
    "large-city": Target(300.0, weighted_gap=0.02),
    "province": Target(600.0, weighted_gap=0.05),
    "tiny-open": Target(10.0),
    "1k-open": Target(60.0),
    "city-open": Target(120.0, {**dict.fromkeys(TIER_1_3, 0.005), 4: 0.02}),
    "large-city-open": Target(300.0, {**dict.fromkeys(TIER_1_3, 0.01), 4: 0.03}, peak_mb=6 * 1024),
    "province-open": Target(600.0, peak_mb=12 * 1024),
}
"""Per size: its time limit and targets (issue 16 point 4: the shipped default and the open family; the
sparse generated sizes keep issue 6's weighted gaps). Being >= every peer is check (a) everywhere."""
DEFAULT_SECONDS = 60.0


def family_of(size: str) -> str:
    return next((family for family, sizes in FAMILIES.items() if size in sizes), "given")


def chosen_sizes(sizes: str | None, family: str | None) -> list[str]:
    """The sizes to run: ``--sizes`` (kept to ``--family`` when given), else ``--family``'s, else default."""
    families = list(FAMILIES) if family == "both" else [family] if family else []
    in_family = [s for f in families for s in FAMILIES[f]]
    if sizes is None:
        return in_family or ["default"]
    named = [s for s in sizes.split(",") if s]
    known = {s for f in FAMILIES.values() for s in f}
    unknown = [s for s in named if s not in known]
    if unknown:
        raise ValueError(f"unknown size {', '.join(unknown)}; expected some of {', '.join(sorted(known))}")
    kept = [s for s in named if not families or s in in_family]
    if not kept:
        raise ValueError(f"none of {', '.join(named)} is of family {family}")
    return kept


def instances(sizes: list[str], scenarios: list[Path], out: Path, seed: int) -> list[tuple[str, str, Path]]:
    """(name, size, folder) of every instance; generated sizes are (re)written under ``out``."""
    found = []
    for size in sizes:
        if size == "default":
            found.append(("default", size, DEFAULT_SCENARIO))
            continue
        folder = out / f"{size}-seed{seed}"
        if size in HARNESS_SIZES:
            cadres, audience = HARNESS_SIZES[size]
            written = generate_scenario(folder, "tiny", num_cadres=cadres, seed=seed, audience=audience)
        else:
            written = generate_scenario(folder, size, seed=seed)
        found.append((f"{size} (seed {seed})", size, written))
    found += [(folder.name, folder.name, folder) for folder in scenarios]
    return found


def time_limit_of(size: str, args: argparse.Namespace) -> float:
    """``--time-limit`` if given, else the size's target time (:data:`DEFAULT_SECONDS` otherwise)."""
    if args.time_limit is not None:
        return float(args.time_limit)
    return TARGETS[size].seconds if size in TARGETS else DEFAULT_SECONDS


def run_worker(
    solver: str, folder: Path, args: argparse.Namespace, time_limit: float, max_memory: float | None = None
) -> dict[str, Any]:
    """One solver in a subprocess; a row with status ``error`` if it fails. ``max_memory``: ours' limit."""
    with tempfile.TemporaryDirectory() as tmp:
        row_file = Path(tmp) / "row.json"
        command = [sys.executable, "-m", "benchmarks.worker", solver, str(folder), str(row_file)]
        command += ["--year", str(args.year), "--time-limit", str(time_limit), "--seed", str(args.seed)]
        command += ["--workers", str(args.workers)]
        if max_memory is not None and solver == OURS:
            command += ["--max-memory", f"{max_memory:g}"]
        kill_after = args.kill_after if args.kill_after is not None else time_limit * 3 + 900
        try:
            done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=kill_after)
        except subprocess.TimeoutExpired:
            return {"solver": solver, "status": "error", "error": f"stopped after {kill_after:.0f} s wall"}
        if done.returncode != 0 or not row_file.exists():
            last = done.stderr.strip().splitlines()[-1:] or [f"exit {done.returncode}"]
            return {"solver": solver, "status": "error", "error": last[0]}
        row: dict[str, Any] = json.loads(row_file.read_text(encoding="utf-8"))
        return row


def append_results(
    path: Path, command: str, blocks: list[tuple[str, str, str]], args: argparse.Namespace
) -> None:
    """Append this run under ``## Harness`` (added at the end if missing); other sections stay as they are."""
    text = path.read_text(encoding="utf-8") if path.exists() else "# Results\n"
    limit = "each size's time limit (TARGETS)" if args.time_limit is None else f"{args.time_limit:g} s"
    run = [
        f"\n### {datetime.now().strftime('%Y-%m-%d %H:%M')}: `{command}`\n",
        f"Time limit {limit} per solver, CP-SAT workers and HiGHS threads {args.workers}, one process per "
        "solver; met = obligations met by `models.evaluate` on each plan; bound and gap: ours' "
        "summary.json `tiers`; gap (tier) = the lexicographic headline, weighted gap apart; "
        "peak MB = the solver process's max RSS; ours runs with its memory limit (--max-memory) at the "
        "size's peak target where it has one (large-city-open 6 GiB, province-open 12 GiB).\n",
    ]
    run += [f"\n**{name}** (`{folder}`)\n\n{body}\n" for name, folder, body in blocks]
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
        default=None,
        help="comma-separated: " + "; ".join(f"{f}: {', '.join(s)}" for f, s in FAMILIES.items()),
    )
    parser.add_argument(
        "--family",
        choices=("sparse", "open", "both"),
        default=None,
        help="every size of the family (or of both); with --sizes, only those of the family",
    )
    parser.add_argument(
        "--scenario", type=Path, action="append", default=[], help="an existing scenario folder (repeatable)"
    )
    parser.add_argument(
        "--time-limit",
        type=float,
        default=None,
        help=f"seconds per solver (default: the size's time, TARGETS; {DEFAULT_SECONDS:g} s otherwise)",
    )
    parser.add_argument(
        "--kill-after",
        type=float,
        help="wall seconds after which a solver's process is stopped (default: 3 x its limit + 900)",
    )
    parser.add_argument("--workers", type=int, default=2, help="CP-SAT workers and HiGHS threads (default 2)")
    parser.add_argument("--seed", type=int, default=1, help="generator and CP-SAT seed (default 1)")
    parser.add_argument("--year", type=int, default=2020)
    parser.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "out")
    parser.add_argument(
        "--solvers", default=",".join(SOLVERS), help=f"comma-separated subset of {','.join(SOLVERS)}"
    )
    parser.add_argument(
        "--results", type=Path, default=None, help="a Markdown file the tables are appended to"
    )
    parser.add_argument("--strict", action="store_true", help="exit 1 when a check fails")
    args = parser.parse_args(argv)
    try:
        args.size_list = chosen_sizes(args.sizes, args.family)
    except ValueError as error:
        parser.error(str(error))
    args.solver_list = [s for s in args.solvers.split(",") if s]
    if not set(args.solver_list) <= set(SOLVERS):
        parser.error(f"--solvers: expected some of {', '.join(SOLVERS)}")
    return args


def run_instance(name: str, size: str, folder: Path, args: argparse.Namespace) -> tuple[Instance, str]:
    """Every solver on one instance; the instance and its Markdown block (table and checks)."""
    limit = time_limit_of(size, args)
    target = TARGETS.get(size)
    memory = target.peak_mb / 1024 if target is not None and target.peak_mb is not None else None
    rows = []
    for solver in args.solver_list:
        print(f"[{name}] {solver} ({limit:g} s) ...", file=sys.stderr, flush=True)
        row = run_worker(solver, folder, args, limit, memory)
        rows.append({"instance": name, "time_limit": limit, **row})
    instance = Instance(name, family_of(size), rows, target)
    checks = instance_checks(rows)
    body = markdown(instance_table(rows)) + "\n\n```\n" + "\n".join(checks.lines()) + "\n```"
    return instance, body


def main(argv: list[str] | None = None) -> int:
    args = parse(argv)
    command = "python -m benchmarks.run " + " ".join(
        shlex.quote(a) for a in (sys.argv[1:] if argv is None else argv)
    )
    args.out.mkdir(parents=True, exist_ok=True)
    done: list[Instance] = []
    blocks = []
    for name, size, folder in instances(args.size_list, args.scenario, args.out, args.seed):
        instance, body = run_instance(name, size, folder, args)
        print(f"\n### {name} (`{folder}`)\n\n{body}\n", flush=True)
        blocks.append((name, str(folder), body))
        done.append(instance)
    scaling = scaling_table(done)
    if len(scaling) > 1:
        print(f"\n### scaling (ours)\n\n{markdown(scaling)}\n", flush=True)
        blocks.append(("scaling (ours)", "every instance above", markdown(scaling)))
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    report = {
        "command": command,
        "date": datetime.now().isoformat(timespec="seconds"),
        "time_limit": args.time_limit,
        "workers": args.workers,
        "seed": args.seed,
        "rows": [row for instance in done for row in instance.rows],
    }
    json_path = args.out / f"results-{stamp}.json"
    json_path.write_text(json.dumps(report, ensure_ascii=False, indent=1, default=str), encoding="utf-8")
    print(f"rows: {json_path}", file=sys.stderr)
    if args.results is not None:
        append_results(args.results, command, blocks, args)
        print(f"tables appended to {args.results}", file=sys.stderr)
    failing = [i.name for i in done if not instance_checks(i.rows).ok]
    if failing:
        print(f"checks failed on {', '.join(failing)}", file=sys.stderr)
    return 1 if failing and args.strict else 0


if __name__ == "__main__":
    sys.exit(main())
