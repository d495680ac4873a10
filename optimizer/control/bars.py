"""A command's progress: bars on a terminal, plain lines in a log, nothing with ``--quiet``.

>>> progress = Progress.for_stream(sys.stderr, quiet=False)
>>> with progress.task("solving", total=60, timed=True) as solving:  # seconds
...     result = solve(scenario, year, options, report=solving.line)

On a terminal each task is a live bar (rich) while its block runs, left on
the screen when it ends; lines said meanwhile are printed above it and the
latest is shown beside it. Anywhere else (a pipe, a file, a test runner) the
lines are printed as they are, and a task adds one line when it ends, with
no carriage return or escape sequence. Quiet, a task is a no-op and lines go
nowhere (errors are the command's to print).
"""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from enum import Enum
from typing import TYPE_CHECKING, TextIO

if TYPE_CHECKING:
    from rich.progress import Progress as RichProgress
    from rich.progress import TaskID

NOTE_CHARS = 60
"""The latest line shown beside a bar is cut to this many characters."""
TICK_SECONDS = 0.25
"""How often a timed bar moves on."""
TIMED_CAP = 0.99
"""A timed bar stops short of full until its work ends: the work may take a little longer than planned."""


class Mode(str, Enum):
    BARS = "bars"
    LINES = "lines"
    QUIET = "quiet"


class Task:
    """One piece of long work: steps done of a total (or seconds of a time limit), and the lines it says."""

    def __init__(self, progress: Progress, label: str, total: float | None, timed: bool = False) -> None:
        self.progress = progress
        self.label = label
        self.total = total
        self.timed = timed
        """The total is seconds, and the bar moves with the clock."""
        self.completed = 0.0
        self.started = time.perf_counter()
        self._bar: tuple[RichProgress, TaskID] | None = None

    def line(self, text: str) -> None:
        """Say a line (a :data:`optimizer.control.progress.Report`): above the bar, and shown beside it."""
        self.progress.line(text)
        if self._bar is not None:
            bars, task_id = self._bar
            bars.update(task_id, note=_note(text))

    def advance(self, steps: float = 1) -> None:
        self.update(self.completed + steps)

    def update(self, completed: float, total: float | None = None) -> None:
        """Set the steps done (and the total, once it is known)."""
        self.completed = completed
        self.total = total if total is not None else self.total
        if self._bar is not None:
            bars, task_id = self._bar
            bars.update(task_id, completed=completed, total=self.total)

    @property
    def seconds(self) -> float:
        return time.perf_counter() - self.started

    def summary(self) -> str:
        """The line a log gets when the task ends."""
        done = f"{self.completed:,.0f} of {self.total:,.0f}, " if self.total and not self.timed else ""
        return f"{self.label}: {done}done in {self.seconds:.1f}s"


class Progress:
    """Where a command's progress goes: bars (``Mode.BARS``), plain lines (``Mode.LINES``) or nowhere."""

    def __init__(self, mode: Mode, stream: TextIO | None = None) -> None:
        self.mode = mode
        self.stream = stream
        self._live: RichProgress | None = None

    @classmethod
    def for_stream(cls, stream: TextIO, quiet: bool = False, lines: bool = True) -> Progress:
        """Bars when ``stream`` is a terminal (not a dumb one); else plain lines, or none when not ``lines``;
        none when ``quiet``."""
        if quiet:
            return cls(Mode.QUIET)
        if _is_terminal(stream):
            return cls(Mode.BARS, stream)
        return cls(Mode.LINES if lines else Mode.QUIET, stream)

    @property
    def report(self) -> Progress | None:
        """Itself as a :data:`optimizer.control.progress.Report`, or ``None`` when quiet (the library's
        silence)."""
        return None if self.mode is Mode.QUIET else self

    def __call__(self, text: str) -> None:
        self.line(text)

    def line(self, text: str) -> None:
        """Print a line: above the live bar when there is one."""
        if self.mode is Mode.QUIET or self.stream is None:
            return
        if self._live is not None:
            self._live.console.print(text, markup=False, highlight=False, emoji=False, soft_wrap=True)
            return
        self.stream.write(text + "\n")
        self.stream.flush()

    @contextmanager
    def task(self, label: str, total: float | None = None, *, timed: bool = False) -> Iterator[Task]:
        """A bar for the block (a spinner when ``total`` is None); ``timed``: the total is seconds, and the
        bar moves with the clock."""
        task = Task(self, label, total, timed)
        if self.mode is Mode.BARS and self._live is None:
            with self._bar(task):
                yield task
        else:  # plain lines, quiet, or a task inside a task (its line goes above the outer bar)
            yield task
        if self.mode is Mode.LINES:
            self.line(task.summary())

    @contextmanager
    def _bar(self, task: Task) -> Iterator[None]:
        """A live bar while the block runs (left on the screen, full, when it ends without an error)."""
        from rich.console import Console
        from rich.progress import (
            BarColumn,
            MofNCompleteColumn,
            Progress,
            SpinnerColumn,
            TextColumn,
            TimeElapsedColumn,
        )

        counts = TextColumn("{task.completed:.0f}/{task.total:.0f} s") if task.timed else MofNCompleteColumn()
        bars = Progress(
            SpinnerColumn(finished_text="✓"),
            TextColumn("{task.description}"),
            BarColumn(),
            counts,
            TimeElapsedColumn(),
            TextColumn("{task.fields[note]}", style="dim"),
            console=Console(file=self.stream, highlight=False),
            redirect_stdout=False,
            redirect_stderr=False,
        )
        task_id = bars.add_task(task.label, total=task.total, note="")
        task._bar = (bars, task_id)
        stop = threading.Event()
        ticker = threading.Thread(target=_tick, args=(task, stop), daemon=True)
        self._live = bars
        try:
            with bars:
                if task.timed and task.total:
                    ticker.start()
                yield
                stop.set()
                full = task.total if task.timed or task.total is None else task.completed
                bars.update(task_id, completed=full or 1, total=task.total or full or 1)
        finally:
            stop.set()
            if ticker.is_alive():
                ticker.join()  # no thread of ours outlives the task (a CLI's abort looks for live threads)
            self._live = None
            task._bar = None


def _tick(task: Task, stop: threading.Event) -> None:
    """Move a timed bar with the clock, short of full, until its work ends."""
    assert task.total
    while not stop.wait(TICK_SECONDS):
        task.update(min(task.seconds, TIMED_CAP * task.total))


def _note(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= NOTE_CHARS else text[: NOTE_CHARS - 1] + "…"


def _is_terminal(stream: TextIO) -> bool:
    try:
        terminal = stream.isatty()
    except (AttributeError, ValueError):
        return False
    return terminal and os.environ.get("TERM", "") not in ("dumb", "unknown")
