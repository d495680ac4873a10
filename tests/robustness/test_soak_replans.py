"""A soak of re-plans: change files applied in a chain on the default scenario, each from the plan before.

A year of a planner's days, shortened: plan the default scenario, then
again and again ``plan-annual --from <the plan before> --changes <a day's
changes>`` (:func:`changes_files.random_changes`: sessions cancelled or cut,
an institution closed, cadres moved, summoned, away or confirmed, a session
added). After every step: the plan passes the independent checker on the
changed scenario (``plan-check``, which applies the folder's ``changes.csv``),
every earlier plan folder is still there byte for byte, and the diff adds
up: kept + moved + lost = the runs of the plan before, and ``diff.csv`` has
one row per move, gain and loss. With ``--workers 1`` the chain is
reproducible: run again, it gives the same plans byte for byte.

The default run makes 5 steps and repeats the last; the slow one makes 30
and repeats the whole chain.
"""

from __future__ import annotations

import csv
import hashlib
import json
import random
from pathlib import Path

import pytest
from changes_files import random_changes, to_csv
from click.testing import CliRunner

from models import load_scenario
from models.planio import read_plan
from optimizer.cli.annual import plan_annual
from optimizer.cli.check import plan_check
from scenarios import default_scenario

YEAR = 2020
TIME_LIMIT = "2"
PLAN_FILES = ("assignments.csv", "sessions.csv", "shortfalls.csv", "diff.csv", "changes.csv")
"""The files compared byte for byte between two runs of the chain (summary.json holds times and paths)."""


def _plan_annual(out: Path, *extra: str) -> None:
    args = ["--year", str(YEAR), "--out", str(out), "--time-limit", TIME_LIMIT, "--workers", "1"]
    result = CliRunner().invoke(plan_annual, [*args, "--no-exports", "--quiet", "--lang", "en", *extra])
    assert result.exit_code == 0, result.output


def _fingerprints(folder: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.iterdir())}


def _runs(folder: Path) -> int:
    """(cadre, session run) pairs of a plan folder: a segmented course's segments are one run."""
    scenario = load_scenario(default_scenario())
    group = {s.session_id: s.group_id for s in scenario.sessions}
    return len({(a.cadre_id, group.get(a.session_id, a.session_id)) for a in read_plan(folder).assignments})


def _check_step(before: Path, after: Path) -> dict[str, int]:
    """The step's plan is valid and its diff adds up; its ``replan`` counts."""
    checked = CliRunner().invoke(plan_check, [str(default_scenario()), str(after)])
    assert checked.exit_code == 0, checked.output
    counts = json.loads((after / "summary.json").read_text(encoding="utf-8"))["replan"]
    assert counts["previous"] == _runs(before)
    assert counts["kept"] + counts["moved"] + counts["lost"] == counts["previous"], counts
    with (after / "diff.csv").open(encoding="utf-8") as handle:
        changes = [row["change"] for row in csv.DictReader(handle)]
    assert {kind: changes.count(kind) for kind in ("moved", "gained", "lost")} == {
        kind: counts[kind] for kind in ("moved", "gained", "lost")
    }
    assert _runs(after) == counts["kept"] + counts["moved"] + counts["gained"]
    return counts


def _chain(top: Path, steps: int, check: bool) -> list[Path]:
    """Plan, then re-plan ``steps`` times, each from the plan before with that day's changes."""
    moved_or_lost = 0
    folders = [top / "plan-00"]
    _plan_annual(folders[0])
    kept = {folders[0]: _fingerprints(folders[0])}
    scenario = load_scenario(default_scenario())
    for step in range(1, steps + 1):
        before, after = folders[-1], top / f"plan-{step:02d}"
        rows = random_changes(scenario, read_plan(before), random.Random(step), YEAR)
        changes = top / f"changes-{step:02d}.csv"
        changes.write_bytes(to_csv(rows))
        _plan_annual(after, "--from", str(before), "--changes", str(changes))
        folders.append(after)
        if check:
            counts = _check_step(before, after)
            moved_or_lost += counts["moved"] + counts["lost"]
            assert {folder: _fingerprints(folder) for folder in kept} == kept, "an earlier plan changed"
            kept[after] = _fingerprints(after)
    assert moved_or_lost > 0 or not check, "no change moved anyone: the chain tested nothing"
    return folders


def _same(one: Path, other: Path) -> None:
    for name in PLAN_FILES:
        if (one / name).exists() or (other / name).exists():
            assert (one / name).read_bytes() == (other / name).read_bytes(), f"{one.name}/{name} differs"


def test_five_replans_in_a_chain_stay_valid_and_the_last_repeats(tmp_path: Path) -> None:
    folders = _chain(tmp_path, 5, check=True)
    again = tmp_path / "again"
    _plan_annual(again, "--from", str(folders[-2]), "--changes", str(tmp_path / "changes-05.csv"))
    _same(folders[-1], again)


@pytest.mark.slow
def test_thirty_replans_in_a_chain_stay_valid_and_the_chain_repeats(tmp_path: Path) -> None:
    first = _chain(tmp_path / "first", 30, check=True)
    second = _chain(tmp_path / "second", 30, check=False)
    for one, other in zip(first, second, strict=True):
        _same(one, other)
