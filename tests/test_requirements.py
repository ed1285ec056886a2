"""requirements.txt and environment.yml name the same packages with the same version ranges."""

import pathlib
import re
import sys

ROOT = pathlib.Path(__file__).resolve().parent.parent
# conda-forge spells a few packages differently from PyPI
CONDA_NAMES = {}


def _requirements():
    specs = {}
    for line in (ROOT / "requirements.txt").read_text().splitlines():
        line = line.split("#")[0].strip()
        if line:
            name, spec = re.match(r"([A-Za-z0-9_.\-\[\]]+)\s*(.*)", line).groups()
            specs[name.lower()] = spec.replace(" ", "")
    return specs


def _environment():
    specs, python = {}, None
    text = (ROOT / "environment.yml").read_text()
    for line in text[text.index("\ndependencies:") :].splitlines():
        match = re.match(r"\s*-\s+([A-Za-z0-9_.\-\[\]]+)\s*([<>=!~,.\d\s*]*)$", line.split("#")[0].rstrip())
        if not match:
            continue
        name, spec = match.group(1).lower(), match.group(2).replace(" ", "")
        if name == "python":
            python = spec
        elif name != "pip":
            specs[name] = spec
    return specs, python


def test_same_packages_and_ranges():
    pip_specs = _requirements()
    conda_specs, _ = _environment()
    conda_as_pip = {CONDA_NAMES.get(name, name): spec for name, spec in conda_specs.items()}
    assert conda_as_pip == pip_specs


def test_every_package_is_bounded_above():
    for name, spec in _requirements().items():
        assert ">=" in spec and "<" in spec, f"{name}: give a tested lower bound and an upper bound ({spec!r})"


def test_python_range_covers_this_interpreter_and_matches_the_readme():
    _, python = _environment()
    assert python == ">=3.10,<3.14"
    assert (3, 10) <= sys.version_info[:2] < (3, 14)
    readme = (ROOT / "README.md").read_text()
    assert "Python 3.10 to 3.13" in readme and "Python 3.10 to 3.13" in (ROOT / "requirements.txt").read_text()
