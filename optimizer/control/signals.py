"""Ctrl-C and SIGTERM for a command: the first keeps the best plan found so far, a second aborts.

While :func:`first_signal_keeps` holds (in the main thread), SIGINT and
SIGTERM are one and the same request. The first one sets
:attr:`~optimizer.control.progress.Interrupted.flag` when the code running
checks that flag itself (inside :meth:`~optimizer.control.progress.Interrupted.polled`,
the greedy passes), and otherwise raises KeyboardInterrupt, which the solve
catches where it can keep a plan: a CP-SAT or HiGHS search is stopped with its best
solution, the building of a model is dropped, and the solve returns the best
plan it holds (:mod:`optimizer.pipeline.solve`). Any later signal raises
KeyboardInterrupt, which nothing catches for good: the command aborts.
"""

from __future__ import annotations

import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from types import FrameType

from optimizer.control.progress import Interrupted, Report

SIGNALS = (signal.SIGINT, signal.SIGTERM)
KEEPING = "  interrupted: keeping the best plan found so far (Ctrl-C again to abort)"


@contextmanager
def first_signal_keeps(interrupted: Interrupted, report: Report | None = None) -> Iterator[Interrupted]:
    """Route SIGINT and SIGTERM to ``interrupted`` while the block runs; the old handlers come back after.

    Outside the main thread (where no handler can be set) the block runs as it is.
    """
    if threading.current_thread() is not threading.main_thread():
        yield interrupted
        return

    def on_signal(signum: int, frame: FrameType | None) -> None:
        interrupted.signals += 1
        if interrupted.signals == 1:
            interrupted.during = interrupted.phase
        if interrupted.polling and not interrupted.flag:
            interrupted.flag = True
            if report is not None:
                report(KEEPING)
            return
        raise KeyboardInterrupt

    previous = {kind: signal.signal(kind, on_signal) for kind in SIGNALS}
    try:
        yield interrupted
    finally:
        for kind, handler in previous.items():
            signal.signal(kind, signal.SIG_DFL if handler is None else handler)
