"""The analysts' notebook runs on the sample calls, so that it cannot rot as the schema evolves."""

import nbformat
import pytest

from pipeline.batch import nightly as batch
from tests.support.inbox import batch_settings, copy_samples
from tests.support.paths import ROOT

pytestmark = pytest.mark.slow  # a batch with the analysis models, then a Jupyter kernel running the notebook

NOTEBOOK = ROOT / "notebooks" / "1.0-cl-behaviour-trends.ipynb"
nbclient = pytest.importorskip("nbclient")


def test_the_behaviour_trends_notebook_runs_on_the_sample_data(tmp_path, monkeypatch):
    inbox = tmp_path / "inbox"
    copy_samples(inbox)
    settings = batch_settings(tmp_path, inbox)
    assert batch.run_batch(settings).count("loaded") >= 9
    monkeypatch.setenv("COACHLOOP_DB", str(settings.db_path))  # the kernel inherits the environment

    notebook = nbformat.read(NOTEBOOK, as_version=4)
    nbclient.NotebookClient(
        notebook, timeout=300, kernel_name="python3", resources={"metadata": {"path": str(NOTEBOOK.parent)}}
    ).execute()

    outputs = [output for cell in notebook.cells if cell.cell_type == "code" for output in cell.outputs]
    assert not [output for output in outputs if output.output_type == "error"]
    text = "".join(output.get("text", "") for output in outputs)
    assert f"reading {settings.analyst_snapshot}" in text  # the snapshot, never the live file
    assert any("image/png" in output.get("data", {}) for output in outputs)  # the weekly gap-rate plot
    assert "gap rate" in text  # the worst behaviour's moments
