"""Every notebook that needs a dataset that does not ship stops fast, at full scale, offline, with the clear message.

Fashion-MNIST and CIFAR-10 come through Keras' cache at full scale. With an
empty cache and no network (``$COURSE_OFFLINE=1`` stands in for a machine
without one, so the test never downloads anything where there is a network),
the notebook must fail at its loading cell within seconds, with
``DataUnavailableError`` saying to run at the default scale.
"""

import pathlib
import re
import time

import nbformat
import pytest
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError

NOTEBOOKS = pathlib.Path(__file__).resolve().parent.parent / "notebooks"
NEEDS_DOWNLOAD = re.compile(r"load_dataset\(\s*[\"'](fashion_mnist|cifar10)[\"']")


def _code(path):
    return "\n".join(c.source for c in nbformat.read(path, as_version=4).cells if c.cell_type == "code")


DOWNLOADING = sorted(p for p in NOTEBOOKS.glob("[0-9][0-9]_*.ipynb") if NEEDS_DOWNLOAD.search(_code(p)))


def test_no_notebook_needs_a_download():
    # every notebook runs offline at both scales; should one load Fashion-MNIST or CIFAR-10 again, the test
    # below runs it offline at full scale and demands the fast stop with the message
    assert DOWNLOADING == []


@pytest.mark.parametrize("path", DOWNLOADING, ids=lambda p: p.name)
def test_full_scale_offline_stops_fast_with_the_message(path, tmp_path, monkeypatch):
    monkeypatch.setenv("COURSE_SCALE", "full")
    monkeypatch.setenv("COURSE_OFFLINE", "1")
    monkeypatch.setenv("KERAS_HOME", str(tmp_path / "empty-keras-cache"))
    nb = nbformat.read(path, as_version=4)
    for cell in nb.cells:
        if cell.cell_type == "code":
            cell.outputs = []
    client = NotebookClient(nb, timeout=300, kernel_name="python3", resources={"metadata": {"path": str(NOTEBOOKS)}})
    started = time.monotonic()
    with pytest.raises(CellExecutionError) as info:
        client.execute()
    message = str(info.value)
    assert "DataUnavailableError" in message and "default scale" in message and "COURSE_OFFLINE" in message
    failing = next(c for c in nb.cells if c.cell_type == "code" and any(o.get("output_type") == "error" for o in c.outputs))
    assert NEEDS_DOWNLOAD.search(failing.source), "it must stop at the cell that loads the dataset"
    assert time.monotonic() - started < 240  # setup and the cells before the load, then an immediate stop
