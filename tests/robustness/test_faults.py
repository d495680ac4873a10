"""Disk and permission faults: exit 1 with a clear message, no temporary folder left, the old plan intact.

A full disk is a real small tmpfs where this machine lets the tests mount one
(root), and everywhere writes that fail with ENOSPC; a read-only place is a
tmpfs remounted read-only (root) or a folder without write permission; an
unwritable place is a folder without write permission, or, for root (whom
permissions do not stop), writes refused with EACCES. After each fault the
plan already there still passes ``plan-check``.
"""

from __future__ import annotations

import errno
import os
import shutil
import subprocess
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from optimizer.cli import annual as cli
from optimizer.cli.check import plan_check
from optimizer.cli.common import EXIT_ERROR, EXIT_OK
from scenarios.generator import generate_scenario

YEAR = 2020
ROOT = os.geteuid() == 0


@pytest.fixture(scope="module")
def scenario(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return generate_scenario(tmp_path_factory.mktemp("faults"), num_cadres=120, seed=5)


def _plan_annual(scenario: Path, out: Path, *extra: str) -> Result:
    args = ["--year", str(YEAR), "--scenario", str(scenario), "--out", str(out), "--time-limit", "3"]
    return CliRunner().invoke(cli.plan_annual, [*args, "--no-exports", "--quiet", "--lang", "en", *extra])


@pytest.fixture(scope="module")
def filed(scenario: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A plan folder as filed: the one every fault must leave as it is."""
    out = tmp_path_factory.mktemp("filed") / "2020"
    result = _plan_annual(scenario, out)
    assert result.exit_code == EXIT_OK, result.output
    return out


def _copy(filed: Path, parent: Path) -> Path:
    out = parent / "2020"
    shutil.copytree(filed, out)
    return out


def _files(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


def _intact(scenario: Path, out: Path, before: dict[str, bytes]) -> None:
    """The plan is byte for byte what it was, passes plan-check, and nothing lies beside it."""
    assert _files(out) == before
    assert sorted(p.name for p in out.parent.iterdir() if p.name != "filler") == [out.name]
    checked = CliRunner().invoke(plan_check, [str(scenario), str(out)])
    assert checked.exit_code == 0, checked.output


def _failed(result: Result, words: str) -> None:
    assert result.exit_code == EXIT_ERROR, result.output
    assert not isinstance(result.exception, OSError) or result.exception is None
    assert "Traceback" not in result.output
    assert words in result.output and "Nothing was written" in result.output, result.output


@pytest.fixture
def mounted(tmp_path: Path) -> Iterator[Path]:
    """A 2 MiB tmpfs of its own, or a skip where the tests may not mount one."""
    where = tmp_path / "disk"
    where.mkdir()
    made = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=2m", "tmpfs", str(where)], capture_output=True)
    if made.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {made.stderr.decode(errors='replace').strip()}")
    try:
        yield where
    finally:
        subprocess.run(["umount", "-l", str(where)], check=False)


def test_a_full_disk_while_writing_leaves_the_previous_plan(
    scenario: Path, filed: Path, mounted: Path
) -> None:
    out = _copy(filed, mounted)
    before = _files(out)
    free = os.statvfs(mounted)
    room = 16 * 1024  # the lock and a few small files fit, the plan does not
    (mounted / "filler").write_bytes(b"\0" * (free.f_bavail * free.f_frsize - room))
    result = _plan_annual(scenario, out)
    _failed(result, "no space left on the disk")
    assert "the plan already in" in result.output
    assert ".2020.lock" not in result.output  # the lock was taken: the plan's own files did not fit
    _intact(scenario, out, before)


def test_writes_failing_with_enospc_leave_the_previous_plan(
    scenario: Path, filed: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = _copy(filed, tmp_path)
    before = _files(out)
    real = cli.write_plan

    def full(plan, folder, lang="zh"):  # type: ignore[no-untyped-def]
        real(plan, folder, lang)  # the files are half there when the disk fills up
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(folder / "summary.json"))

    monkeypatch.setattr(cli, "write_plan", full)
    result = _plan_annual(scenario, out, "--force")  # --force: the old plan would go, were the write done
    _failed(result, "no space left on the disk")
    assert "summary.json" in result.output
    _intact(scenario, out, before)


def test_a_read_only_place_stops_the_run_at_once(scenario: Path, filed: Path, mounted: Path) -> None:
    out = _copy(filed, mounted)
    before = _files(out)
    subprocess.run(["mount", "-o", "remount,ro", str(mounted)], check=True)
    result = _plan_annual(scenario, out)
    _failed(result, "the file system is read-only")
    assert result.output.count("\n") == 1  # refused before loading or solving: one line
    _intact(scenario, out, before)


@pytest.fixture
def forbid(monkeypatch: pytest.MonkeyPatch) -> Iterator[Callable[[Path], None]]:
    """Makes a folder unwritable: without write permission, or for root every write made there refused."""
    chmodded: list[Path] = []

    def without_permission(folder: Path) -> None:
        if not ROOT:
            folder.chmod(0o555)
            chmodded.append(folder)
            return
        real_open, real_mkdir = os.open, os.mkdir

        def refuse(path: str) -> None:
            if Path(path).parent == folder:
                raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), path)

        def guarded_open(path, flags, mode=0o777, *, dir_fd=None):  # type: ignore[no-untyped-def]
            if flags & (os.O_WRONLY | os.O_RDWR | os.O_CREAT):
                refuse(os.fsdecode(path))
            return real_open(path, flags, mode, dir_fd=dir_fd)

        def guarded_mkdir(path, mode=0o777, *, dir_fd=None):  # type: ignore[no-untyped-def]
            refuse(os.fsdecode(path))
            return real_mkdir(path, mode, dir_fd=dir_fd)

        monkeypatch.setattr(os, "open", guarded_open)
        monkeypatch.setattr(os, "mkdir", guarded_mkdir)

    yield without_permission
    for folder in chmodded:
        folder.chmod(0o755)


def test_an_unwritable_place_stops_the_run_at_once(
    scenario: Path, filed: Path, tmp_path: Path, forbid: Callable[[Path], None]
) -> None:
    out = _copy(filed, tmp_path)
    before = _files(out)
    forbid(tmp_path)
    result = _plan_annual(scenario, out)
    _failed(result, "no permission to write there")
    assert result.output.count("\n") == 1
    assert str(tmp_path / ".2020.lock") in result.output  # the file it could not make
    _intact(scenario, out, before)


def test_a_new_plan_folder_in_an_unwritable_place_is_refused(
    scenario: Path, tmp_path: Path, forbid: Callable[[Path], None]
) -> None:
    forbid(tmp_path)
    result = _plan_annual(scenario, tmp_path / "2020")
    _failed(result, "no permission to write there")
    assert "the plan already in" not in result.output
    assert list(tmp_path.iterdir()) == []


def test_an_out_that_is_a_file_is_refused_and_left_alone(scenario: Path, tmp_path: Path) -> None:
    out = tmp_path / "2020"
    out.write_text("a planner's notes\n", encoding="utf-8")
    result = _plan_annual(scenario, out)
    _failed(result, "is a file, not a plan folder")
    assert out.read_text(encoding="utf-8") == "a planner's notes\n"
    assert [p.name for p in tmp_path.iterdir()] == ["2020"]


def test_force_keeps_an_old_plan_it_cannot_remove_as_a_dated_copy(
    filed: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Replacing a plan whose files cannot be deleted leaves it as a dated copy, not as a hidden temporary."""
    from optimizer.reports import folder as output

    out = _copy(filed, tmp_path)
    monkeypatch.setattr(output.shutil, "rmtree", lambda path, ignore_errors=False: None)
    kept = output.write_atomically(
        out, lambda folder: (folder / "summary.json").write_text("{}\n"), force=True
    )
    assert kept is not None and kept.name.startswith("2020.previous-")
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(["2020", kept.name])
    assert (kept / "assignments.csv").read_bytes() == (filed / "assignments.csv").read_bytes()
