"""The Colab bootstrap at the top of every setup cell: what it does on Colab, and that it does nothing elsewhere."""

import os
import socket
import subprocess
import sys
import types

import nbformat
import pytest

from utils import colab, contents


def setup_source(path):
    nb = nbformat.read(path, as_version=4)
    return next(c.source for c in nb.cells if c.cell_type == "code" and "config.start_notebook" in c.source)


@pytest.mark.parametrize("path", contents.numbered_notebooks(), ids=lambda p: p.name)
def test_every_setup_cell_starts_with_the_bootstrap(path):
    bootstrap, rest = colab.split_setup(setup_source(path))
    assert bootstrap.strip() == colab.BOOTSTRAP.strip()
    assert rest.startswith("from utils import")


@pytest.fixture
def recorder(monkeypatch):
    """Record subprocess calls and directory changes instead of making them; forbid the network."""
    calls = {"run": [], "chdir": []}
    monkeypatch.setattr(subprocess, "run", lambda cmd, **kw: calls["run"].append(cmd))
    monkeypatch.setattr(os, "chdir", lambda path: calls["chdir"].append(path))

    def no_network(*args, **kwargs):
        raise AssertionError("the setup cell touched the network")

    monkeypatch.setattr(socket.socket, "connect", no_network)
    monkeypatch.setattr(sys, "path", list(sys.path))
    return calls


PUBLISHED = "someone/conv-autoencoders"


def run_bootstrap(repository=PUBLISHED):
    namespace = {}
    exec(compile(colab.bootstrap(repository), "setup-cell", "exec"), namespace)
    return namespace


def test_on_colab_the_course_is_fetched_and_put_on_the_path(recorder, monkeypatch):
    monkeypatch.setitem(sys.modules, "google.colab", types.ModuleType("google.colab"))
    monkeypatch.setattr(os.path, "isdir", lambda path: False)
    monkeypatch.setattr(os, "getcwd", lambda: "/content/course/notebooks")
    namespace = run_bootstrap()
    assert recorder["run"] == [["git", "clone", "--depth", "1", f"https://github.com/{PUBLISHED}", "/content/course"]]
    assert recorder["chdir"] == ["/content/course/notebooks"]
    assert namespace["COURSE_ROOT"] == "/content/course" and sys.path[0] == "/content/course"
    assert not any("pip" in part for cmd in recorder["run"] for part in cmd), "Colab has every package: no pip"


def test_on_colab_a_second_run_does_not_fetch_again(recorder, monkeypatch):
    monkeypatch.setitem(sys.modules, "google.colab", types.ModuleType("google.colab"))
    monkeypatch.setattr(os.path, "isdir", lambda path: path == "/content/course/utils")
    monkeypatch.setattr(os, "getcwd", lambda: "/content/course/notebooks")
    run_bootstrap()
    assert recorder["run"] == [] and recorder["chdir"] == ["/content/course/notebooks"]


def test_elsewhere_nothing_is_fetched_and_the_checkout_is_used(recorder, monkeypatch, tmp_path):
    monkeypatch.delitem(sys.modules, "google.colab", raising=False)
    checkout = tmp_path / "course"
    monkeypatch.setattr(os, "getcwd", lambda: str(checkout / "notebooks"))
    namespace = run_bootstrap()
    assert recorder["run"] == [] and recorder["chdir"] == []
    assert namespace["COURSE_ROOT"] == str(checkout) and sys.path[0] == str(checkout)


def test_the_path_is_not_added_twice(recorder, monkeypatch, tmp_path):
    monkeypatch.delitem(sys.modules, "google.colab", raising=False)
    monkeypatch.setattr(os, "getcwd", lambda: str(tmp_path / "notebooks"))
    run_bootstrap()
    run_bootstrap()
    assert sys.path.count(str(tmp_path)) == 1


def test_split_setup_needs_a_utils_import():
    with pytest.raises(ValueError, match="from utils"):
        colab.split_setup("import os\n")


def test_unpublished_on_colab_stops_with_a_message_and_fetches_nothing(recorder, monkeypatch):
    monkeypatch.setitem(sys.modules, "google.colab", types.ModuleType("google.colab"))
    with pytest.raises(RuntimeError, match="not published"):
        run_bootstrap("")
    assert recorder["run"] == [] and recorder["chdir"] == []


def test_unpublished_elsewhere_uses_the_checkout(recorder, monkeypatch, tmp_path):
    monkeypatch.delitem(sys.modules, "google.colab", raising=False)
    monkeypatch.setattr(os, "getcwd", lambda: str(tmp_path / "notebooks"))
    assert run_bootstrap("")["COURSE_ROOT"] == str(tmp_path)


def test_badge_and_address_follow_the_one_setting():
    assert colab.colab_badge("01_x.ipynb", "") == "" and colab.title_line("01_x.ipynb", "") == colab.NO_BADGE_LINE
    badge = colab.title_line("01_x.ipynb", PUBLISHED)
    assert badge.startswith("[![Open In Colab]") and f"github/{PUBLISHED}/blob/main/notebooks/01_x.ipynb" in badge
    with pytest.raises(ValueError, match="no repository"):
        colab.colab_url("01_x.ipynb", "")
    with pytest.raises(ValueError, match="owner/name"):
        colab.bootstrap("https://github.com/someone/course")


def test_publishing_regenerates_badges_and_setup_cells(monkeypatch, tmp_path):
    """Setting REPOSITORY and running `python -m utils contents` is all an instructor does."""
    import shutil

    path = contents.numbered_notebooks()[0]
    shutil.copy(path, tmp_path / path.name)
    readme = tmp_path / "README.md"
    readme.write_text(contents.README.read_text())
    monkeypatch.setattr(colab, "REPOSITORY", PUBLISHED)
    out = contents.generate(tmp_path, readme)
    nb = nbformat.reads(out[tmp_path / path.name], as_version=4)
    assert nb.cells[0].source.endswith(colab.colab_badge(path.name, PUBLISHED))
    assert f"https://github.com/{PUBLISHED}" in setup_source_of(nb)
    assert colab.colab_url(path.name, PUBLISHED) in out[readme]


def setup_source_of(nb):
    return next(c.source for c in nb.cells if c.cell_type == "code" and "config.start_notebook" in c.source)
