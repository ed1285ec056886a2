"""Colab: the badge in every title cell and the first lines of every setup cell, from one setting.

Introduced in notebook 01. :data:`REPOSITORY` is the one setting: the
``owner/name`` of the course's published GitHub copy, or ``""`` while the course
has none. ``python -m utils contents`` writes what follows from it into every
notebook: with a repository, an "Open in Colab" badge in the title cell and a
setup cell that clones the course on Colab; without one, no badge (a dead link
helps nobody) and a setup cell that, on Colab, stops with a message saying
what to do. An instructor who publishes the course sets :data:`REPOSITORY`
and runs that one command.

The setup lines run before ``utils`` can be imported (on Colab, ``utils`` is
what they fetch), so they are plain Python that the notebooks carry;
``tests/test_colab.py`` executes them with Colab simulated and with Colab
absent. On Colab they clone the repository (once per runtime) and work from
its ``notebooks/`` folder; putting the course root on ``sys.path`` is what
installs ``utils``. Nothing is ``pip``-installed: Colab already ships every
package the notebooks import. Anywhere else the Colab branch never runs, and
nothing touches the network.
"""

import re

REPOSITORY = ""  # "owner/name" on GitHub once the course is published; then run `python -m utils contents`
COLAB_COURSE_DIR = "/content/course"
NO_BADGE_LINE = ("*Runs on a laptop CPU. To run it on Colab, the course must first be published: "
                 "see [Colab](../README.md#colab) in the README.*")

_HEADER = "# Setup: the same cell works in a local checkout, under the test runner and on Colab.\nimport os, subprocess, sys\n\n"
_FOOTER = '''COURSE_ROOT = os.path.dirname(os.getcwd())  # notebooks/ lives in the course root, next to utils/
if COURSE_ROOT not in sys.path:
    sys.path.insert(0, COURSE_ROOT)
'''


def _checked(repository):
    if not isinstance(repository, str) or (repository and not re.fullmatch(r"[\w.-]+/[\w.-]+", repository)):
        raise ValueError(f"the repository must be 'owner/name' on GitHub or '' (none), got {repository!r}")
    return repository


def bootstrap(repository=None):
    """The setup cell's first lines for ``repository`` (default :data:`REPOSITORY`)."""
    repository = _checked(REPOSITORY if repository is None else repository)
    if not repository:
        colab = ('if "google.colab" in sys.modules:  # Colab only: this copy of the course names no repository to fetch\n'
                 '    raise RuntimeError("This copy of the course is not published on GitHub, so Colab cannot fetch it. "\n'
                 '                       "Run the notebook locally (README: Quick start), or ask for the published copy.")\n')
    else:
        colab = (f'if "google.colab" in sys.modules:  # Colab only: fetch the course once, then work from its notebooks/ folder\n'
                 f'    if not os.path.isdir("{COLAB_COURSE_DIR}/utils"):\n'
                 f'        subprocess.run(["git", "clone", "--depth", "1", "https://github.com/{repository}", "{COLAB_COURSE_DIR}"], check=True)\n'
                 f'    os.chdir("{COLAB_COURSE_DIR}/notebooks")\n')
    return _HEADER + colab + _FOOTER


BOOTSTRAP = bootstrap()


def colab_url(notebook_name, repository=None):
    """The address that opens a notebook of the published repository in Colab."""
    repository = _checked(REPOSITORY if repository is None else repository)
    if not repository:
        raise ValueError("no repository is set (utils/colab.py REPOSITORY): there is no Colab address")
    return f"https://colab.research.google.com/github/{repository}/blob/main/notebooks/{notebook_name}"


def colab_badge(notebook_name, repository=None):
    """Markdown for the "Open in Colab" badge of a notebook, or ``""`` without a repository."""
    repository = _checked(REPOSITORY if repository is None else repository)
    if not repository:
        return ""
    return (f"[![Open In Colab](https://colab.research.google.com/assets/colab-badge.svg)]"
            f"({colab_url(notebook_name, repository)})")


def title_line(notebook_name, repository=None):
    """The last line of a notebook's title cell: its Colab badge, or :data:`NO_BADGE_LINE`."""
    return colab_badge(notebook_name, repository) or NO_BADGE_LINE


def split_setup(source):
    """``(bootstrap, rest)`` of a setup cell's source: the bootstrap ends before the first ``from utils`` line."""
    lines = source.splitlines(keepends=True)
    for i, line in enumerate(lines):
        if line.startswith("from utils"):
            return "".join(lines[:i]), "".join(lines[i:])
    raise ValueError("a setup cell must import from utils (no 'from utils' line found)")
