"""One writer per plan folder: an OS file lock beside the folder, held for the whole run.

``plan-annual --out plans/2020`` takes an exclusive ``flock`` on
``plans/.2020.lock`` before it reads anything, and writes its process id into
that file. A second run on the same folder finds the lock taken and stops at
once, naming the holder's pid. The kernel releases the lock when its process
ends, however it ends (``kill -9`` and power cuts included): a lock file left
behind by a run that was killed is just a file whose pid no longer runs, and
the next run takes it over. A run that ends normally removes it.
"""

from __future__ import annotations

import fcntl
import os
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

LOCK = ".lock"
HOLDER_WAIT = 1.0
"""Seconds to wait for a lock's holder to write its pid, when it has only just taken the lock."""


class FolderBusy(Exception):
    """Another process holds the plan folder's lock."""

    def __init__(self, folder: Path, pid: int | None, since: str = ""):
        self.folder, self.pid, self.since = folder, pid, since
        holder = f"process {pid}" if pid is not None else "another process"
        started = f" (since {since})" if since else ""
        super().__init__(f"{folder} is being written by {holder}{started}")


@dataclass(frozen=True)
class FolderLock:
    """A held lock: the folder, the lock file, and the pid of a killed run whose lock was taken over."""

    folder: Path
    path: Path
    taken_over: int | None = None


def lock_path(folder: Path) -> Path:
    """``<parent>/.<name>.lock``: beside the folder, since the folder itself is replaced by a rename."""
    return folder.parent / f".{folder.name}{LOCK}"


@contextmanager
def folder_lock(folder: Path) -> Iterator[FolderLock]:
    """Hold the plan folder's lock while the block runs.

    Parameters
    ----------
    folder
        The plan folder; its parent folders are made if missing (and removed
        again at the end if they are still empty).

    Raises
    ------
    FolderBusy
        At once, when another running process holds the lock.
    OSError
        When the lock file cannot be made (a read-only or unwritable parent).
    """
    folder = folder.resolve()
    made = _make_parents(folder.parent)
    try:
        handle, previous = _acquire(lock_path(folder), folder)
    except BaseException:
        _remove_empty(made)
        raise
    try:
        _write_holder(handle, lock_path(folder))
        yield FolderLock(folder, lock_path(folder), previous)
    finally:
        lock_path(folder).unlink(missing_ok=True)  # still holding it: nobody can take the old file
        os.close(handle)
        _remove_empty(made)


def _acquire(path: Path, folder: Path) -> tuple[int, int | None]:
    """Open and lock ``path``; the descriptor and the pid a killed holder left in it."""
    while True:
        handle = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            pid, since = _holder(handle)
            os.close(handle)
            raise FolderBusy(folder, pid, since) from None
        except BaseException:
            os.close(handle)
            raise
        # The holder removes the file as it ends: the file locked may no longer be the one at ``path``.
        try:
            same = os.fstat(handle).st_ino == os.stat(path).st_ino
        except FileNotFoundError:
            same = False
        if same:
            pid, _ = _read(handle)
            return handle, pid if pid != os.getpid() else None
        os.close(handle)


def _write_holder(handle: int, path: Path) -> None:
    """Write this process's pid and start time into the lock file (naming the file if the disk is full)."""
    try:
        os.ftruncate(handle, 0)
        os.pwrite(handle, f"{os.getpid()}\n{datetime.now().isoformat(timespec='seconds')}\n".encode(), 0)
    except OSError as error:
        raise OSError(error.errno, error.strerror, str(path)) from error


def _holder(handle: int) -> tuple[int | None, str]:
    """The pid and start time the lock's holder wrote (it may be writing them just now: wait a moment)."""
    deadline = time.monotonic() + HOLDER_WAIT
    while True:
        pid, since = _read(handle)
        if pid is not None or time.monotonic() > deadline:
            return pid, since
        time.sleep(0.05)


def _read(handle: int) -> tuple[int | None, str]:
    lines = os.pread(handle, 200, 0).decode("ascii", "replace").splitlines()
    pid = int(lines[0]) if lines and lines[0].strip().isdigit() else None
    return pid, lines[1].strip() if len(lines) > 1 else ""


def _make_parents(folder: Path) -> list[Path]:
    """Make ``folder`` and its missing parents; those made, deepest first."""
    missing = [p for p in (folder, *folder.parents) if not p.exists()]
    folder.mkdir(parents=True, exist_ok=True)
    return missing


def _remove_empty(made: list[Path]) -> None:
    for path in made:
        try:
            path.rmdir()
        except OSError:
            return
