"""Hygiene of the committed notebooks, as a student finds them on the web.

Executing them is nbval's job (pytest collects notebooks/ with --nbval-lax);
these tests check what was committed.
"""

import json
import pathlib
import re

import nbformat
import pytest

from utils import colab, runner

ROOT = pathlib.Path(__file__).resolve().parent.parent
NOTEBOOKS = sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))
# machine paths, tracebacks, and object reprs with a memory address ("<... at 0x7f...>": a return value left unsilenced)
MACHINE_TEXT = re.compile(r"(/root/|/tmp/|/work/|/home/\w+|/Users/\w+|[A-Z]:\\\\|site-packages|Traceback \(most recent call last\)| at 0x[0-9a-f]{6,}>)")
WARNING_TEXT = re.compile(r"\b\w*Warning\b|WARNING")


def test_there_are_notebooks():
    assert NOTEBOOKS, "notebooks/ has no NN_title.ipynb files"
    assert [nb.name[:2] for nb in NOTEBOOKS] == sorted({nb.name[:2] for nb in NOTEBOOKS}), "duplicate numbers"


@pytest.fixture(params=NOTEBOOKS, ids=[nb.name for nb in NOTEBOOKS])
def notebook(request):
    path = request.param
    nb = nbformat.read(path, as_version=4)
    nbformat.validate(nb)
    return path, nb


def _code(nb):
    return [cell for cell in nb.cells if cell.cell_type == "code" and cell.source.strip()]


def _markdown(nb):
    return "\n".join(cell.source for cell in nb.cells if cell.cell_type == "markdown")


def test_clean_top_to_bottom_run(notebook):
    _, nb = notebook
    counts = [cell.execution_count for cell in _code(nb)]
    assert counts == list(range(1, len(counts) + 1)), f"execution counts {counts[:8]}..."


def test_outputs_have_no_errors_stderr_warnings_or_machine_paths(notebook):
    _, nb = notebook
    for index, cell in enumerate(nb.cells):
        for output in cell.get("outputs", []):
            where = f"cell {index}"
            assert output["output_type"] != "error", f"{where}: error output"
            assert not (output["output_type"] == "stream" and output["name"] == "stderr"), f"{where}: stderr"
            text = output.get("text", "") + json.dumps(output.get("data", {}).get("text/plain", ""))
            assert not MACHINE_TEXT.search(text), f"{where}: {MACHINE_TEXT.search(text).group(0)!r}"
            assert not WARNING_TEXT.search(text), f"{where}: {WARNING_TEXT.search(text).group(0)!r}"


def test_stream_outputs_are_merged(notebook):
    _, nb = notebook
    for cell in _code(nb):
        kinds = [(o["output_type"], o.get("name")) for o in cell.outputs]
        assert all(not (a == b and a[0] == "stream") for a, b in zip(kinds, kinds[1:])), "run the runner's normalise"


def test_structure(notebook):
    path, nb = notebook
    first = nb.cells[0]
    assert first.cell_type == "markdown" and first.source.startswith(f"# {path.name[:2]} "), "title first"
    text = _markdown(nb)
    headings = re.findall(r"^## (.+)$", text, flags=re.M)
    assert "Checks" in headings and "Exercises" in headings
    assert headings.index("Checks") < headings.index("Exercises")
    assert first.source.rstrip().endswith(colab.title_line(path.name)), "the Colab line (python -m utils contents)"
    assert any("parameters" in cell.metadata.get("tags", []) for cell in _code(nb)), "a 'parameters' cell"
    assert nb.metadata["kernelspec"]["name"] == "python3"
    # the kernel's language_info whole, so that JupyterLab does not mark the notebook modified on opening
    info = nb.metadata.get("language_info", {})
    assert info == runner.language_info(info.get("version", "")), "language_info as the runner writes it"


def test_checks_assert_something(notebook):
    _, nb = notebook
    cells, in_checks = [], False
    for cell in nb.cells:
        if cell.cell_type == "markdown" and cell.source.startswith("## "):
            in_checks = cell.source.startswith("## Checks")
        elif in_checks and cell.cell_type == "code":
            cells.append(cell.source)
    assert sum(source.count("assert ") for source in cells) >= 3


def test_exercise_solutions_are_marked(notebook):
    _, nb = notebook
    marked = 0
    for cell in _code(nb):
        begins, ends = cell.source.count("### BEGIN SOLUTION"), cell.source.count("### END SOLUTION")
        assert begins == ends, f"unbalanced solution markers in:\n{cell.source[:200]}"
        marked += begins
    assert marked >= 1


def test_deterministic_outputs_are_checked_by_nbval(notebook):
    _, nb = notebook
    checked = [cell for cell in _code(nb) if "nbval-check-output" in cell.metadata.get("tags", [])]
    for cell in checked:
        assert cell.outputs, "a cell whose output nbval compares must have committed output"


def test_figures_are_committed(notebook):
    _, nb = notebook
    figures = sum(any(kind in output.get("data", {}) for kind in ("image/png", "image/jpeg"))
                  for cell in _code(nb) for output in cell.outputs)
    assert figures >= 2, f"only {figures} figures in the committed outputs"


def test_only_notebook_10_stores_its_figures_as_jpeg(notebook):
    path, nb = notebook
    kinds = {kind for cell in _code(nb) for output in cell.outputs for kind in output.get("data", {}) if kind.startswith("image/")}
    assert kinds == ({"image/jpeg"} if path.name.startswith("10_") else {"image/png"}), (path.name, kinds)


def test_size(notebook):
    path, _ = notebook
    assert path.stat().st_size < 1_500_000


def test_notebook_01_checks_its_by_hand_numbers():
    nb = nbformat.read(ROOT / "notebooks" / "01_convolution_by_hand.ipynb", as_version=4)
    checked = [cell for cell in _code(nb) if "nbval-check-output" in cell.metadata.get("tags", [])]
    outputs = "".join(o.get("text", "") for cell in checked for o in cell.outputs)
    assert "[[12 12 17]\n [10 17 19]\n [ 9  6 14]]" in outputs
    assert "451,584 n" in outputs
