"""``plan-annual``'s filing (workbook, charts, report): a first Ctrl-C cuts it short and keeps the plan."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

from models import Plan
from models.planio import write_plan
from optimizer.control.progress import Interrupted

EXPORTS_INTERRUPTED = "exports_interrupted"
"""The key of ``summary.json`` saying the filing was not written: a Ctrl-C came while it was."""


def write_filing(
    folder: Path, plan: Plan, lang: str, exports: Callable[[], None], interrupted: Interrupted
) -> bool:
    """Run ``exports`` into ``folder``, which already holds the plan files; False when a first Ctrl-C cut it.

    A first Ctrl-C or SIGTERM while the filing is drawn removes what of it was
    written, notes in ``summary.json`` that the filing is missing, and leaves
    the plan files to be moved into place; a second one (or one after a first
    during the solve) goes on up and aborts the run.
    """
    before = set(folder.iterdir())
    interrupted.entering("exports")
    try:
        with interrupted.cut_short():
            exports()
        return True
    except KeyboardInterrupt:
        if interrupted.flag:
            raise
        interrupted.flag = True
    with interrupted.polled():
        for path in set(folder.iterdir()) - before:
            if path.is_dir():
                shutil.rmtree(path)
            else:
                path.unlink()
        summary = {**plan.summary, EXPORTS_INTERRUPTED: True, "interrupted_during": "exports"}
        write_plan(replace(plan, summary=summary), folder, lang)
    return False
