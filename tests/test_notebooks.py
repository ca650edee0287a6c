"""Execute every notebook under notebooks/ so the walkthroughs never go stale."""
from __future__ import annotations

from pathlib import Path

import pytest

pytestmark = pytest.mark.slow  # browser, notebooks, servers or corpus builds: deselect with -m "not slow"

NOTEBOOKS = sorted((Path(__file__).resolve().parents[1] / "notebooks").glob("*.ipynb"))


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.name for p in NOTEBOOKS])
def test_notebook_executes_without_error(path, tmp_path):
    """Run all cells in a fresh kernel; any exception fails the test."""
    import nbformat
    from nbclient import NotebookClient

    nb = nbformat.read(path, as_version=4)
    # run from a scratch folder so anything a notebook writes lands there, not in the checkout
    client = NotebookClient(nb, timeout=600, kernel_name="python3", resources={"metadata": {"path": str(tmp_path)}})
    client.execute()
    errors = [o for c in nb.cells if c.cell_type == "code" for o in c.get("outputs", []) if o.get("output_type") == "error"]
    assert not errors
    produced = [o for c in nb.cells if c.cell_type == "code" for o in c.get("outputs", [])]
    assert produced, "the notebook shows no output"
