"""Atomic output: a crash while writing never leaves half a plan, and a filed plan is never lost."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from datetime import datetime
from pathlib import Path

import pytest
from click.testing import CliRunner
from mutations import trimmed_default, write_files

from optimizer.cli import annual as cli
from optimizer.reports import folder as output
from optimizer.reports.folder import dated_copy_name, remove_stale, write_atomically


def plan_of(text: str):  # type: ignore[no-untyped-def]
    def fill(folder: Path) -> None:
        (folder / "assignments.csv").write_text(text, encoding="utf-8")
        (folder / "charts").mkdir()
        (folder / "charts" / "gantt.svg").write_text("<svg/>", encoding="utf-8")

    return fill


def _crashing(folder: Path) -> None:
    (folder / "assignments.csv").write_text("half", encoding="utf-8")
    raise OSError("disk full")


def _siblings(folder: Path) -> list[str]:
    return sorted(path.name for path in folder.parent.iterdir())


def test_a_crash_while_writing_leaves_the_previous_plan_and_nothing_else(tmp_path: Path) -> None:
    out = tmp_path / "2020"
    write_atomically(out, plan_of("first"))
    with pytest.raises(OSError, match="disk full"):
        write_atomically(out, _crashing)
    assert _siblings(out) == ["2020"]
    assert (out / "assignments.csv").read_text(encoding="utf-8") == "first"


def test_a_crash_on_the_first_write_leaves_no_folder(tmp_path: Path) -> None:
    with pytest.raises(OSError):
        write_atomically(tmp_path / "2020", _crashing)
    assert _siblings(tmp_path / "2020") == []


def test_ctrl_c_while_writing_removes_the_temporary_folder(tmp_path: Path) -> None:
    def interrupted(folder: Path) -> None:
        (folder / "summary.json").write_text("{", encoding="utf-8")
        raise KeyboardInterrupt

    out = tmp_path / "2020"
    write_atomically(out, plan_of("first"))
    with pytest.raises(KeyboardInterrupt):
        write_atomically(out, interrupted)
    assert _siblings(out) == ["2020"]


def test_an_existing_plan_is_kept_as_a_dated_copy(tmp_path: Path) -> None:
    out = tmp_path / "2020"
    assert write_atomically(out, plan_of("first")) is None
    kept = write_atomically(out, plan_of("second"))
    again = write_atomically(out, plan_of("third"))
    assert kept is not None and again is not None and kept != again
    assert kept.name.startswith("2020.previous-") and again.name.startswith("2020.previous-")
    assert (kept / "assignments.csv").read_text(encoding="utf-8") == "first"
    assert (again / "assignments.csv").read_text(encoding="utf-8") == "second"
    assert (out / "assignments.csv").read_text(encoding="utf-8") == "third"
    assert len(_siblings(out)) == 3


def test_force_replaces_the_plan_without_a_copy(tmp_path: Path) -> None:
    out = tmp_path / "2020"
    write_atomically(out, plan_of("first"))
    assert write_atomically(out, plan_of("second"), force=True) is None
    assert _siblings(out) == ["2020"]
    assert (out / "assignments.csv").read_text(encoding="utf-8") == "second"


def test_dated_copies_within_one_second_get_distinct_names(tmp_path: Path) -> None:
    now = datetime(2019, 12, 5, 9, 30, 0)
    out = tmp_path / "2020"
    first = dated_copy_name(out, now)
    first.mkdir()
    second = dated_copy_name(out, now)
    assert (first.name, second.name) == ("2020.previous-20191205-093000", "2020.previous-20191205-093000-2")


def test_a_write_killed_outright_is_cleaned_up_by_the_next(tmp_path: Path) -> None:
    """``kill -9`` in the middle of writing: the plan is untouched, the next write removes the leftovers."""
    out = tmp_path / "2020"
    write_atomically(out, plan_of("first"))
    script = (
        "import os, sys, time\n"
        "from pathlib import Path\n"
        "from optimizer.reports.folder import write_atomically\n"
        "def fill(folder):\n"
        "    (folder / 'assignments.csv').write_text('half')\n"
        "    print('writing', flush=True)\n"
        "    time.sleep(60)\n"
        "write_atomically(Path(sys.argv[1]), fill)\n"
    )
    child = subprocess.Popen([sys.executable, "-c", script, str(out)], stdout=subprocess.PIPE, text=True)
    assert child.stdout is not None and child.stdout.readline() == "writing\n"
    child.kill()
    child.wait()
    leftovers = [name for name in _siblings(out) if name != "2020"]
    assert len(leftovers) == 1 and leftovers[0].endswith(".partial")
    assert (out / "assignments.csv").read_text(encoding="utf-8") == "first"
    write_atomically(out, plan_of("second"), force=True)
    assert _siblings(out) == ["2020"]


def test_a_write_in_progress_elsewhere_is_not_removed(tmp_path: Path) -> None:
    out = tmp_path / "2020"
    mine = tmp_path / f".2020.{os.getpid()}.abc.partial"
    mine.mkdir()
    assert remove_stale(out) == []
    assert mine.exists()


def test_ctrl_c_while_folders_are_swapped_waits_for_the_swap(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A signal that arrives while the old and new plan folders are swapped is delivered after the swap."""
    out = tmp_path / "2020"
    write_atomically(out, plan_of("first"))
    received: list[int] = []
    swap = output._swap

    def swap_with_signal(staging: Path, folder: Path, force: bool) -> Path | None:
        signal.raise_signal(signal.SIGINT)
        assert received == [], "the signal was handled in the middle of the swap"
        return swap(staging, folder, force)

    monkeypatch.setattr(output, "_swap", swap_with_signal)
    previous = signal.signal(signal.SIGINT, lambda number, frame: received.append(number))
    try:
        write_atomically(out, plan_of("second"), force=True)
    finally:
        signal.signal(signal.SIGINT, previous)
    assert received == [signal.SIGINT]
    assert (out / "assignments.csv").read_text(encoding="utf-8") == "second"
    assert _siblings(out) == ["2020"]


@pytest.fixture(scope="module")
def small(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_files(trimmed_default(12), tmp_path_factory.mktemp("small") / "scenario")


def _plan_annual(scenario: Path, out: Path, *extra: str):  # type: ignore[no-untyped-def]
    args = [
        "--year",
        "2020",
        "--scenario",
        str(scenario),
        "--out",
        str(out),
        "--no-exports",
        "--time-limit",
        "3",
        "--workers",
        "1",
        "--quiet",
        *extra,
    ]
    return CliRunner().invoke(cli.plan_annual, args)


def test_plan_annual_keeps_the_previous_plan_unless_forced(small: Path, tmp_path: Path) -> None:
    out = tmp_path / "plans" / "2020"
    assert _plan_annual(small, out).exit_code == 0
    second = _plan_annual(small, out)
    assert second.exit_code == 0 and "previous plan kept at" in second.output
    copies = [name for name in _siblings(out) if name.startswith("2020.previous-")]
    assert len(copies) == 1
    assert json.loads((out.parent / copies[0] / "summary.json").read_text(encoding="utf-8"))["year"] == 2020
    assert _plan_annual(small, out, "--force").exit_code == 0
    assert _siblings(out) == ["2020", copies[0]]


def test_plan_annual_crashing_while_writing_leaves_the_previous_plan(
    small: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "plans" / "2020"
    assert _plan_annual(small, out).exit_code == 0
    before = {path.name: path.read_bytes() for path in out.iterdir()}

    def broken_write_plan(plan, folder, lang):  # type: ignore[no-untyped-def]
        (Path(folder) / "assignments.csv").write_text("half", encoding="utf-8")
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(cli, "write_plan", broken_write_plan)
    result = _plan_annual(small, out, "--force")
    assert result.exit_code == 1 and isinstance(result.exception, SystemExit)  # said, not a traceback
    assert "磁盘空间不足" in result.output  # the disk is full, in the filing's language
    assert _siblings(out) == ["2020"]
    assert {path.name: path.read_bytes() for path in out.iterdir()} == before
