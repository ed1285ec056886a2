"""utils.student: student copies keep the exercises and lose every solution."""

import re

import nbformat
import pytest

from utils import student
from utils.contents import NOTEBOOK_DIR, numbered_notebooks


REGION = re.compile(r"### BEGIN SOLUTION\n(.*?)### END SOLUTION", flags=re.S)


def solution_lines(nb):
    """Every non-trivial line inside a solution region of a notebook."""
    return [line.strip() for cell in nb.cells for region in REGION.findall(cell.source)
            for line in region.splitlines() if len(line.strip()) > 12]


def text_outside_solutions(nb):
    return "\n".join(REGION.sub("", cell.source) for cell in nb.cells)


@pytest.fixture(scope="module")
def copies(tmp_path_factory):
    masters = {p.name: p.read_bytes() for p in NOTEBOOK_DIR.glob("*.ipynb")}
    out = tmp_path_factory.mktemp("student")
    written = student.build(out)
    assert {p.name for p in NOTEBOOK_DIR.glob("*.ipynb")} == {p.name for p in written}
    assert {p.name: p.read_bytes() for p in NOTEBOOK_DIR.glob("*.ipynb")} == masters, "the masters must not change"
    return out


@pytest.mark.parametrize("path", numbered_notebooks(), ids=lambda p: p.name)
def test_no_solution_survives(copies, path):
    master = nbformat.read(path, as_version=4)
    copy = nbformat.read(copies / path.name, as_version=4)
    nbformat.validate(copy)
    text = "\n".join(cell.source for cell in copy.cells)
    hidden = solution_lines(master)
    assert hidden, "every notebook has at least one solution"
    for line in hidden:  # a solution line may appear in the copy only as often as outside the solutions
        assert text.count(line) <= text_outside_solutions(master).count(line), f"solution text survives: {line!r}"
    assert "BEGIN SOLUTION" not in text and "END SOLUTION" not in text
    regions = {kind: sum(c.source.count("### BEGIN SOLUTION") for c in master.cells if c.cell_type == kind)
               for kind in ("code", "markdown")}
    assert text.count("raise NotImplementedError()") == regions["code"]
    assert text.count("YOUR ANSWER HERE") == regions["markdown"]  # model answers to open questions
    assert all(not cell.get("outputs") and cell.get("execution_count") is None for cell in copy.cells if cell.cell_type == "code")
    assert len(copy.cells) == len(master.cells)  # exercises, checks and text all stay


def test_stub_keeps_indentation_and_the_code_around_it():
    source = "def f(x):\n    ### BEGIN SOLUTION\n    return x + 1\n    ### END SOLUTION\n\nprint(f)"
    assert student.strip_code(source) == "def f(x):\n    # YOUR CODE HERE\n    raise NotImplementedError()\n\nprint(f)"
    top = "a = 1\n### BEGIN SOLUTION\nb = 2\n### END SOLUTION"
    assert student.strip_code(top) == "a = 1\n# YOUR CODE HERE\nraise NotImplementedError()"


def test_markdown_solutions_are_removed():
    source = "Why?\n\n### BEGIN SOLUTION\nBecause the kernel is flipped.\n### END SOLUTION\n"
    assert student.strip_markdown(source) == "Why?\n\nYOUR ANSWER HERE\n"


def test_unbalanced_markers_are_refused():
    with pytest.raises(ValueError, match="unbalanced"):
        student.strip_code("### BEGIN SOLUTION\nx = 1\n")


def test_a_stubbed_exercise_fails_with_the_check_hint():
    """What a student sees: the stub raises, and the check turns that into a hint."""
    from utils.checks import NotYet, nb11

    namespace = {}
    exec(student.strip_code("def reparameterize(mean, log_var, eps):\n    ### BEGIN SOLUTION\n    return mean\n    ### END SOLUTION\n"), namespace)
    with pytest.raises(NotYet, match="replace the `raise NotImplementedError\\(\\)` line"):
        nb11.exercise_1(namespace["reparameterize"])
