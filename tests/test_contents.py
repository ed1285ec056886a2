"""utils.contents: the generated README table, index and navigation are current, and every link resolves."""

import pathlib
import re
import urllib.parse

import nbformat
import pytest

from utils import colab, contents

ALL_NOTEBOOKS = sorted(contents.NOTEBOOK_DIR.glob("*.ipynb"))
LINK = re.compile(r"\]\(([^)\s]+)\)")


def test_generated_files_are_up_to_date():
    stale = [str(path.relative_to(contents.ROOT)) for path, text in contents.generate().items()
             if not path.is_file() or path.read_text() != text]
    assert not stale, f"run `python -m utils contents`: out of date: {stale}"


def test_generation_is_idempotent(tmp_path):
    for path in contents.numbered_notebooks():
        (tmp_path / path.name).write_text(path.read_text())
    readme = tmp_path / "README.md"
    readme.write_text(contents.README.read_text())
    first = contents.generate(tmp_path, readme)
    for path, text in first.items():
        path.write_text(text)
    assert contents.generate(tmp_path, readme) == first
    nb = nbformat.read(tmp_path / contents.numbered_notebooks()[0].name, as_version=4)
    assert sum(contents.NAV_TAG in c.metadata.get("tags", []) for c in nb.cells) == 2


def test_readme_table_names_every_notebook():
    readme = contents.README.read_text()
    for path in contents.numbered_notebooks():
        assert f"(notebooks/{path.name})" in readme
        assert (colab.colab_url(path.name) in readme) if colab.REPOSITORY else ("colab.research.google.com/github" not in readme)


def _links(text):
    return [urllib.parse.unquote(link) for link in LINK.findall(text)]


@pytest.mark.parametrize("path", [contents.README] + ALL_NOTEBOOKS, ids=lambda p: p.name)
def test_links_resolve(path):
    if path.suffix == ".ipynb":
        text = "\n".join(c.source for c in nbformat.read(path, as_version=4).cells if c.cell_type == "markdown")
    else:
        text = path.read_text()
    for link in _links(text):
        if link.startswith("https://colab.research.google.com/github/"):
            assert colab.REPOSITORY and link.startswith(colab.colab_url("")), f"{path.name}: Colab link to another repository: {link}"
            target = link.split("/blob/main/", 1)[1]
            assert (contents.ROOT / target).is_file(), f"{path.name}: Colab link to a missing file: {link}"
        elif link.startswith(("http://", "https://", "#", "mailto:")):
            continue
        else:
            target = (path.parent / link.split("#")[0]).resolve()
            assert target.exists(), f"{path.name}: broken relative link {link}"


def test_a_missing_notebook_breaks_the_link_test(tmp_path):
    """The link test can fail: a link to a renamed notebook is caught."""
    text = "see [notebook 11](11_missing.ipynb)"
    assert not all((tmp_path / link).exists() for link in _links(text))


def test_describe_reads_title_summary_and_lectures():
    path = contents.numbered_notebooks()[0]
    info = contents.describe(path, nbformat.read(path, as_version=4))
    assert info["number"] == "01" and info["title"] == "Convolution by hand"
    assert info["summary"] and info["lectures"].startswith("Lecture 11")
    broken = nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell("# 02 Wrong number")])
    with pytest.raises(ValueError, match="first cell"):
        contents.describe(path, broken)


def test_readme_table_shows_both_scales(tmp_path):
    report = tmp_path / "run_report.csv"
    report.write_text("notebook,scale,status,wall_s,peak_mib,device\n"
                      "01_a.ipynb,default,ok,7.3,900,CPU: x\n01_a.ipynb,full,ok,725.0,1500,GPU: y\n"
                      "02_b.ipynb,default,ok,58.0,900,CPU: x\n02_b.ipynb,full,FAILED: boom,9.0,,CPU: x\n")
    assert contents.run_times(report) == {"01_a.ipynb": 7.3, "02_b.ipynb": 58.0}
    assert contents.run_records(report, "full") == {"01_a.ipynb": (725.0, "GPU: y")}
    infos = [{"name": n, "number": n[:2], "title": n, "summary": "s", "lectures": "L"} for n in ("01_a.ipynb", "02_b.ipynb")]
    table = contents.readme_table(infos, contents.run_times(report), contents.run_records(report, "full"))
    assert "| 7 s | 12 min (GPU: y) |" in table and "| 58 s | not run yet |" in table
    assert "whole course at the default scale: about 1 min (" in table      # 65.3 s, rounded
    assert "whole course" not in contents.readme_table(infos, {"01_a.ipynb": 7.3})   # not while one is missing


def test_every_lecture_is_named_in_the_legend_once(tmp_path):
    legend = "\n".join(contents.lecture_legend())
    for name in contents.LECTURES:
        assert legend.count(f"**{name}**") == 1
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_markdown_cell("# 01 Title\n\nMirrors **Lecture 99**.")]
    nb.metadata["course"] = {"summary": "s"}
    with pytest.raises(ValueError, match="unknown lecture 'Lecture 99'"):
        contents.describe(pathlib.Path("01_title.ipynb"), nb)
