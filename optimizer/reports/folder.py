"""Writing a plan folder so that a crash never leaves half a plan.

Everything is written to a hidden temporary sibling folder first, flushed
to disk, then moved into place; an existing plan is kept as a dated copy
unless ``force`` is given. Ctrl-C and SIGTERM wait while folders are being
swapped, and a temporary folder left by a process that died (power cut,
``kill -9``) is removed by the next write.
"""

from __future__ import annotations

import errno
import os
import shutil
import signal
import tempfile
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path

from models.messages import CATALOGUE, Message, message

STAGING = ".partial"
"""Suffix of the temporary folder a plan is written to."""
REPLACED = ".replaced"
"""Suffix of a replaced plan (``force``) between the swap and its removal."""


def write_atomically(folder: Path, fill: Callable[[Path], None], force: bool = False) -> Path | None:
    """Call ``fill(temporary_folder)`` then move the result to ``folder``.

    Parameters
    ----------
    folder
        Where the plan goes.
    fill
        Writes every file of the plan into the folder it is given.
    force
        Replace an existing ``folder`` instead of keeping it as
        ``<folder>.previous-<timestamp>``.

    Returns
    -------
    Path or None
        Where the previous plan was kept, if there was one and ``force`` was not given.

    If ``fill`` raises (or Ctrl-C arrives while it runs), the temporary folder
    is removed and ``folder`` is left as it was.
    """
    folder = folder.resolve()
    folder.parent.mkdir(parents=True, exist_ok=True)
    remove_stale(folder)
    staging = Path(tempfile.mkdtemp(prefix=_hidden(folder), suffix=STAGING, dir=folder.parent))
    try:
        fill(staging)
        _flush(staging)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    with _signals_deferred():
        return _swap(staging, folder, force)


def _swap(staging: Path, folder: Path, force: bool) -> Path | None:
    """Move ``staging`` to ``folder``; the old plan to a dated copy, or away when ``force``.

    If the new plan cannot be moved in, the old one is moved back; an old plan
    that ``force`` cannot remove (a file in it is not the user's to delete) is kept as a dated copy.
    """
    try:
        if not folder.exists():
            staging.rename(folder)
            return None
        aside = staging.with_name(staging.name.removesuffix(STAGING) + REPLACED) if force else None
        kept = aside or dated_copy_name(folder)
        folder.rename(kept)
        try:
            staging.rename(folder)
        except BaseException:
            kept.rename(folder)
            raise
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    if aside is None:
        return kept
    shutil.rmtree(aside, ignore_errors=True)
    if aside.exists():
        kept = dated_copy_name(folder)
        aside.rename(kept)
        return kept
    return None


def write_fault(error: OSError) -> Message:
    """What went wrong while writing, in a planner's words (a full disk, a read-only or unwritable place)."""
    name = errno.errorcode.get(error.errno or 0, "")
    if f"fault.{name}" in CATALOGUE:
        return message(f"fault.{name}")
    return message("fault.other", problem=error.strerror or str(error))


def dated_copy_name(folder: Path, now: datetime | None = None) -> Path:
    """``<folder>.previous-<YYYYmmdd-HHMMSS>``, with ``-2``, ``-3``... when that name is taken."""
    stamp = (now or datetime.now()).strftime("%Y%m%d-%H%M%S")
    kept = folder.with_name(f"{folder.name}.previous-{stamp}")
    number = 2
    while kept.exists():
        kept = folder.with_name(f"{folder.name}.previous-{stamp}-{number}")
        number += 1
    return kept


def _hidden(folder: Path) -> str:
    return f".{folder.name}.{os.getpid()}."


def remove_stale(folder: Path) -> list[Path]:
    """Remove the temporary folders that writes of ``folder`` by processes no longer running left behind."""
    removed = []
    for path in folder.parent.glob(f".{folder.name}.*"):
        pid = path.name.removeprefix(f".{folder.name}.").split(".", 1)[0]
        if path.suffix in (STAGING, REPLACED) and path.is_dir() and pid.isdigit() and not _running(int(pid)):
            shutil.rmtree(path, ignore_errors=True)
            removed.append(path)
    return removed


def _running(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # another user's process
        return True
    return True


def _flush(folder: Path) -> None:
    """Write every file of ``folder`` through to the disk, so a power cut after the move finds them whole."""
    for path in sorted(folder.rglob("*")):
        if path.is_file():
            with path.open("rb") as handle:
                os.fsync(handle.fileno())


@contextmanager
def _signals_deferred() -> Iterator[None]:
    """Hold Ctrl-C and SIGTERM until the block ends, then deliver them (main thread only)."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    caught: list[int] = []
    kinds = (signal.SIGINT, signal.SIGTERM)
    previous = {kind: signal.signal(kind, lambda number, frame: caught.append(number)) for kind in kinds}
    try:
        yield
    finally:
        for kind, handler in previous.items():
            signal.signal(kind, signal.SIG_DFL if handler is None else handler)  # None: set outside Python
        for number in caught[:1]:
            signal.raise_signal(number)
