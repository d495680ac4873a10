"""``plan-annual`` in a child process, as a terminal starts it, and its progress lines read as they come."""

from __future__ import annotations

import re
import subprocess
import time

PRELUDE = "import signal; signal.signal(signal.SIGINT, signal.default_int_handler)\n"
"""Ctrl-C not ignored even when the tests run in the background (a shell starts background jobs with SIGINT
ignored, and children inherit that)."""
PLAN_ANNUAL = PRELUDE + "from optimizer.cli.annual import plan_annual; plan_annual(prog_name='plan-annual')\n"


def wait_for(child: subprocess.Popen[str], pattern: str, seen: list[str], patience: float) -> None:
    """Read the child's standard error, keeping the lines in ``seen``, until one matches ``pattern``."""
    assert child.stderr is not None
    deadline = time.monotonic() + patience
    for line in child.stderr:
        seen.append(line)
        if re.search(pattern, line):
            return
        assert time.monotonic() < deadline, f"no line matching {pattern!r}:\n" + "".join(seen)
    raise AssertionError(f"plan-annual ended before a line matching {pattern!r}:\n" + "".join(seen))
