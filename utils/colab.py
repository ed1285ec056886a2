"""The first lines of every notebook's setup cell: on Colab, fetch the course; everywhere, find ``utils``.

Introduced in notebook 01; ``python -m utils contents`` writes :data:`BOOTSTRAP`
into every notebook's setup cell, so the lines are maintained here once.
The code runs before ``utils`` can be imported (on Colab, ``utils`` is what it
fetches), so it is plain Python that the notebooks carry; ``tests/test_colab.py``
executes it with Colab simulated and with Colab absent.

On Colab it clones the course repository (once per runtime) and works from
its ``notebooks/`` folder; putting the course root on ``sys.path`` is what
installs ``utils``. Nothing is ``pip``-installed: Colab already ships every
package the notebooks import (TensorFlow, Keras, NumPy, SciPy, Matplotlib,
scikit-learn, scikit-image). Anywhere else the Colab branch never runs, and
nothing touches the network.
"""

REPOSITORY = "course-companion/conv-autoencoders"
COLAB_COURSE_DIR = "/content/course"

BOOTSTRAP = f'''# Setup: the same cell works in a local checkout, under the test runner and on Colab.
import os, subprocess, sys

if "google.colab" in sys.modules:  # Colab only: fetch the course once, then work from its notebooks/ folder
    if not os.path.isdir("{COLAB_COURSE_DIR}/utils"):
        subprocess.run(["git", "clone", "--depth", "1", "https://github.com/{REPOSITORY}", "{COLAB_COURSE_DIR}"], check=True)
    os.chdir("{COLAB_COURSE_DIR}/notebooks")
COURSE_ROOT = os.path.dirname(os.getcwd())  # notebooks/ lives in the course root, next to utils/
if COURSE_ROOT not in sys.path:
    sys.path.insert(0, COURSE_ROOT)
'''


def colab_url(notebook_name):
    """The address that opens a notebook of the course's repository in Colab."""
    return f"https://colab.research.google.com/github/{REPOSITORY}/blob/main/notebooks/{notebook_name}"


def colab_badge(notebook_name):
    """Markdown for the "Open in Colab" badge of a notebook."""
    return f"[![Open In Colab](https://colab.research.google.com/assets/colab-badge.svg)]({colab_url(notebook_name)})"


def split_setup(source):
    """``(bootstrap, rest)`` of a setup cell's source: the bootstrap ends before the first ``from utils`` line."""
    lines = source.splitlines(keepends=True)
    for i, line in enumerate(lines):
        if line.startswith("from utils"):
            return "".join(lines[:i]), "".join(lines[i:])
    raise ValueError("a setup cell must import from utils (no 'from utils' line found)")
