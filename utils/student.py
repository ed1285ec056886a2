"""Student copies of the notebooks: solutions replaced by stubs, outputs cleared.

``python -m utils student [--out build/student]`` writes one copy of every
notebook (and the contents notebook) into the output folder. In each code
cell, every region between ``### BEGIN SOLUTION`` and ``### END SOLUTION``
becomes ``# YOUR CODE HERE`` and ``raise NotImplementedError()`` at the
region's indentation; in markdown cells the region becomes ``YOUR ANSWER
HERE``. The markers are nbgrader's, so an instructor who uses nbgrader can
take the master notebooks as they are. Introduced with the exercises of
notebook 01.
"""

import argparse
import pathlib
import re
import sys

import nbformat

ROOT = pathlib.Path(__file__).resolve().parent.parent
BEGIN, END = "### BEGIN SOLUTION", "### END SOLUTION"
SOLUTION_REGION = re.compile(r"^([ \t]*)### BEGIN SOLUTION[^\n]*\n.*?^[ \t]*### END SOLUTION[^\n]*(\n|$)", re.M | re.S)


def strip_code(source):
    """Code with every solution region replaced by a stub that raises ``NotImplementedError``."""
    _check_balanced(source)
    return SOLUTION_REGION.sub(lambda m: f"{m.group(1)}# YOUR CODE HERE\n{m.group(1)}raise NotImplementedError(){m.group(2)}", source)


def strip_markdown(source):
    """Markdown with every solution region replaced by ``YOUR ANSWER HERE``."""
    _check_balanced(source)
    return SOLUTION_REGION.sub(lambda m: f"YOUR ANSWER HERE{m.group(2)}", source)


def _check_balanced(source):
    begins, ends = source.count(BEGIN), source.count(END)
    if begins != ends:
        raise ValueError(f"unbalanced solution markers ({begins} BEGIN, {ends} END) in:\n{source[:300]}")


def student_copy(nb):
    """A student version of a notebook (the argument is not modified)."""
    nb = nbformat.from_dict(nb)  # a deep copy
    for cell in nb.cells:
        if cell.cell_type == "code":
            cell.source = strip_code(cell.source)
            cell.outputs, cell.execution_count = [], None
        elif cell.cell_type == "markdown":
            cell.source = strip_markdown(cell.source)
    return nb


def build(out_dir=ROOT / "build" / "student", notebook_dir=ROOT / "notebooks"):
    """Write student copies of every notebook in ``notebook_dir`` into ``out_dir``; returns the paths written."""
    out_dir = pathlib.Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for path in sorted(pathlib.Path(notebook_dir).glob("*.ipynb")):
        target = out_dir / path.name
        nbformat.write(student_copy(nbformat.read(path, as_version=4)), target)
        written.append(target)
    return written


def main(argv=None):
    parser = argparse.ArgumentParser(prog="python -m utils student", description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", default=str(ROOT / "build" / "student"), help="output folder (default: build/student)")
    args = parser.parse_args(argv)
    written = build(args.out)
    print(f"{len(written)} student notebooks written to {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
