"""Writing a plan folder so that a crash never leaves half a plan.

Everything is written to a temporary sibling folder first, then moved into
place; an existing plan is kept as a dated copy unless ``force`` is given.
"""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Callable
from datetime import datetime
from pathlib import Path


def write_atomically(folder: Path, fill: Callable[[Path], None], force: bool = False) -> Path | None:
    """Call ``fill(temporary_folder)`` then move the result to ``folder``.

    Returns the path the previous plan was kept at, if there was one.
    """
    folder = folder.resolve()
    folder.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{folder.name}.", suffix=".partial", dir=folder.parent))
    try:
        fill(staging)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    kept = None
    if folder.exists():
        if force:
            shutil.rmtree(folder)
        else:
            stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
            kept = folder.with_name(f"{folder.name}.previous-{stamp}")
            folder.rename(kept)
    staging.rename(folder)
    return kept
