"""The scenario-comparison notebook runs top to bottom in this environment's own Python."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path
from types import ModuleType

import nbformat
import pytest
from nbclient import NotebookClient

NOTEBOOK = Path(__file__).resolve().parents[1] / "notebooks" / "compare_scenarios.ipynb"
KERNEL = "cadre-plan-test"
CHECK = """import json
print(json.dumps({"rows": list(comparison.table.index), "variants": list(variants),
                  "budgets": list(budget_curve(sweep)["budget"])}))"""


def _executor() -> ModuleType:
    """``notebooks/execute.py``, the script that saves the notebook with its outputs."""
    spec = importlib.util.spec_from_file_location("execute", NOTEBOOK.parent / "execute.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture
def kernel_name(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    """A kernelspec that starts ``sys.executable``, so the notebook sees this very environment."""
    _executor().write_kernel(tmp_path / "jupyter", KERNEL)
    monkeypatch.setenv("JUPYTER_PATH", str(tmp_path / "jupyter"))
    monkeypatch.setenv("MPLBACKEND", "Agg")
    return KERNEL


def test_the_committed_notebook_holds_the_outputs_of_its_own_code() -> None:
    """A reader on the web sees tables and charts, computed by the cells as they stand, in order.

    After editing a cell, run ``python notebooks/execute.py`` (README, "The charts and the notebook")
    and commit the notebook it saves.
    """
    notebook = nbformat.read(NOTEBOOK, as_version=4)
    code = [cell for cell in notebook.cells if cell.cell_type == "code"]
    assert code
    recorded = notebook.metadata.get("cadre_plan", {}).get("sources_sha256")
    assert recorded == _executor().sources_hash(notebook), "cells changed since the outputs were saved"
    assert [cell.execution_count for cell in code] == list(range(1, len(code) + 1))
    outputs = [o for cell in code for o in cell.outputs]
    assert not [o for o in outputs if o.output_type == "error"]
    assert any("text/html" in o.get("data", {}) for o in outputs)  # the comparison table
    assert sum("image/png" in o.get("data", {}) for o in outputs) >= 2  # the charts


def test_the_notebook_runs_and_compares_every_variant(kernel_name: str, tmp_path: Path) -> None:
    notebook = nbformat.read(NOTEBOOK, as_version=4)
    notebook.cells.append(nbformat.v4.new_code_cell(CHECK))
    client = NotebookClient(
        notebook, timeout=300, kernel_name=kernel_name, resources={"metadata": {"path": str(tmp_path)}}
    )
    client.execute()  # raises CellExecutionError on the first cell that fails
    errors = [
        o for c in notebook.cells if c.cell_type == "code" for o in c.outputs if o.output_type == "error"
    ]
    assert not errors
    printed = "".join(o.get("text", "") for o in notebook.cells[-1].outputs if o.output_type == "stream")
    check = json.loads(printed)
    assert check["rows"] == check["variants"]
    assert len(check["variants"]) == 5
    assert len(check["budgets"]) == 7 and check["budgets"] == sorted(check["budgets"])
