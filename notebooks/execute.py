"""Run a notebook top to bottom and save it with its outputs, so a reader on the web sees them.

    python notebooks/execute.py [NOTEBOOK ...]     # default: every notebook of this folder

The kernel is this very Python (the environment the product is installed in), started in the
notebook's folder, with matplotlib's inline backend so charts are kept as PNG outputs. The
notebook's metadata records a hash of its code cells (``cadre_plan.sources_sha256``): the test
suite (``tests/test_notebook.py``) checks that the committed outputs come from the code as it
stands, so a cell edited without re-running this script fails the suite.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import sys
import tempfile
import time
from pathlib import Path

import nbformat
from nbclient import NotebookClient

HERE = Path(__file__).resolve().parent
KERNEL = "cadre-plan-execute"
TIMEOUT = 900
"""Seconds a cell may take: the comparison solves five scenarios."""


def sources_hash(notebook: nbformat.NotebookNode) -> str:
    """A hash of the notebook's code cells, in order: what its outputs were computed from."""
    code = [cell.source for cell in notebook.cells if cell.cell_type == "code"]
    return hashlib.sha256(json.dumps(code, ensure_ascii=False).encode("utf-8")).hexdigest()


def write_kernel(jupyter: Path, name: str = KERNEL) -> None:
    """A kernelspec ``name`` under the Jupyter path ``jupyter`` that starts this very Python."""
    folder = jupyter / "kernels" / name
    folder.mkdir(parents=True)
    spec = {
        "argv": [sys.executable, "-m", "ipykernel_launcher", "-f", "{connection_file}"],
        "display_name": "cadre-plan",
        "language": "python",
    }
    (folder / "kernel.json").write_text(json.dumps(spec), encoding="utf-8")


def execute(path: Path) -> float:
    """Execute ``path`` in place (outputs replaced); the seconds it took."""
    notebook = nbformat.read(path, as_version=4)
    with tempfile.TemporaryDirectory() as jupyter:
        write_kernel(Path(jupyter))
        os.environ["JUPYTER_PATH"] = jupyter
        os.environ.pop("MPLBACKEND", None)  # the kernel's inline backend keeps the charts as outputs
        started = time.perf_counter()
        client = NotebookClient(
            notebook,
            timeout=TIMEOUT,
            kernel_name=KERNEL,
            resources={"metadata": {"path": str(path.parent)}},
        )
        client.execute()
        seconds = time.perf_counter() - started
    # Written as a reader's Jupyter would find it: the usual kernel name, not the temporary one.
    notebook.metadata["kernelspec"] = {
        "display_name": "Python 3 (ipykernel)",
        "language": "python",
        "name": "python3",
    }
    notebook.metadata["cadre_plan"] = {"sources_sha256": sources_hash(notebook)}
    nbformat.write(notebook, path)
    return seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("notebooks", nargs="*", type=Path, help="notebooks to run (default: all here)")
    paths = parser.parse_args().notebooks or sorted(HERE.glob("*.ipynb"))
    for path in paths:
        seconds = execute(path)
        print(f"{path}: executed in {seconds:.0f} s, outputs saved")


if __name__ == "__main__":
    main()
