"""Work in a background thread, so that the main thread stays free to take Ctrl-C (or SIGTERM)."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable


class Background:
    """Runs ``work`` in a daemon thread at once; :meth:`watch` waits for it, ticking as it goes."""

    def __init__(self, work: Callable[[], None]):
        # An Event, not Thread.join: a Ctrl-C that interrupts join() can leave the thread looking finished.
        self.done = threading.Event()

        def run() -> None:
            try:
                work()
            finally:
                self.done.set()

        self.started = time.perf_counter()
        threading.Thread(target=run, daemon=True).start()

    def elapsed(self) -> float:
        return time.perf_counter() - self.started

    def watch(self, tick: Callable[[float], None] | None = None, every: float = 2.0) -> None:
        """Wait until the work ends, calling ``tick(elapsed)`` every ``every`` seconds.

        A Ctrl-C raises KeyboardInterrupt here with the work still running: the
        caller stops it its own way, then may :meth:`wait` for it.
        """
        last = self.started
        while not self.done.wait(0.1):
            now = time.perf_counter()
            if tick is not None and now - last >= every:
                tick(now - self.started)
                last = now

    def wait(self) -> None:
        self.done.wait()
