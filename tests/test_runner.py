"""utils.runner: executing notebooks, the summary, the report and --inplace."""

import csv
import os
import platform
import sys
import math

import nbformat
import pytest

from utils import runner


def _notebook(path, *sources, metadata=None):
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_markdown_cell("# A test notebook")] + [nbformat.v4.new_code_cell(s) for s in sources]
    nb.metadata.update(metadata or {"kernelspec": {"name": "some-old-env", "display_name": "Old", "language": "python"}})
    nb.cells[1].metadata["execution"] = {"iopub.execute_input": "2020-01-01T00:00:00Z"}
    nbformat.write(nb, path)
    return path


@pytest.fixture(scope="module")
def executed(tmp_path_factory):
    """Run a good, a noisy and a failing notebook once; share the results."""
    root = tmp_path_factory.mktemp("course")
    notebooks = root / "notebooks"
    notebooks.mkdir()
    good = _notebook(notebooks / "01_good.ipynb", "import os\nprint(os.environ['COURSE_SCALE'])", "x = [0] * 10**6\n2 + 2")
    noisy = _notebook(notebooks / "02_noisy.ipynb", "import sys\nprint('careful', file=sys.stderr)")
    failing = _notebook(notebooks / "03_failing.ipynb", "1 + 1", "raise ValueError('broken on purpose')", "3 + 3")
    build = root / "build"
    results = runner.run([good, noisy, failing], build_dir=build, scale="default", progress=False)
    return root, build, results


def test_statuses_and_measurements(executed):
    _, _, results = executed
    assert [r.notebook for r in results] == ["01_good.ipynb", "02_noisy.ipynb", "03_failing.ipynb"]
    assert [r.status for r in results][:2] == ["ok", "ok, stderr"]
    assert results[2].failed and "ValueError: broken on purpose" in results[2].status
    assert "\x1b" not in results[2].status  # no terminal colour codes in the report
    assert all(r.wall_s > 0 for r in results)
    assert all(r.peak_mib > 10 or math.isnan(r.peak_mib) for r in results)


def test_executed_copies_and_html_go_to_the_build_folder(executed):
    root, build, _ = executed
    nb = nbformat.read(build / "notebooks" / "01_good.ipynb", as_version=4)
    code = [c for c in nb.cells if c.cell_type == "code"]
    assert [c.execution_count for c in code] == [1, 2]
    assert code[0].outputs[0]["text"].strip() == "default"  # the kernel saw the scale
    assert code[1].outputs[0]["data"]["text/plain"] == "4"
    assert len(nb.cells) == 3  # the memory probe is not kept
    assert nb.metadata["kernelspec"]["name"] == "python3"
    assert nb.metadata["language_info"] == runner.language_info(platform.python_version())
    assert "execution" not in code[0].metadata
    assert "broken on purpose" in (build / "html" / "03_failing.html").read_text()
    # the checkout itself is untouched without --inplace
    assert nbformat.read(root / "notebooks" / "01_good.ipynb", as_version=4).cells[1].outputs == []


def test_failing_notebook_keeps_outputs_up_to_the_error(executed):
    _, build, _ = executed
    nb = nbformat.read(build / "notebooks" / "03_failing.ipynb", as_version=4)
    code = [c for c in nb.cells if c.cell_type == "code"]
    assert code[0].outputs[0]["data"]["text/plain"] == "2"
    assert code[1].outputs[0]["output_type"] == "error"
    assert code[2].outputs == []


def test_summary_table_and_report(executed, tmp_path):
    _, _, results = executed
    table = runner.format_table(results)
    assert table.splitlines()[0].split() == ["notebook", "status", "wall", "s", "peak", "MiB"]
    assert "02_noisy.ipynb" in table and "FAILED" in table
    report = runner.write_report(results[:1], tmp_path / "report.csv", "default")
    runner.write_report(results[1:], report, "default")  # merged, not overwritten
    with open(report, newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert [row["notebook"] for row in rows] == ["01_good.ipynb", "02_noisy.ipynb", "03_failing.ipynb"]
    assert rows[0]["status"] == "ok" and float(rows[0]["wall_s"]) > 0 and rows[0]["scale"] == "default"


def test_kernels_draw_inline_figures_even_with_a_headless_mplbackend(tmp_path, monkeypatch):
    monkeypatch.setenv("MPLBACKEND", "Agg")
    path = _notebook(tmp_path / "01_plot.ipynb", "import matplotlib.pyplot as plt\nplt.plot([1, 2]);")
    (result,) = runner.run([path], build_dir=tmp_path / "build", progress=False, html=False)
    nb = nbformat.read(tmp_path / "build" / "notebooks" / "01_plot.ipynb", as_version=4)
    assert result.status == "ok" and "image/png" in nb.cells[1].outputs[0]["data"]
    assert runner.os.environ["MPLBACKEND"] == "Agg"  # restored for this process


def test_main_exit_codes_and_inplace(tmp_path, monkeypatch, capsys):
    notebooks = tmp_path / "notebooks"
    notebooks.mkdir()
    good = _notebook(notebooks / "01_good.ipynb", "print('hello')")
    bad = _notebook(notebooks / "02_bad.ipynb", "1 / 0")
    monkeypatch.setattr(runner, "NOTEBOOK_DIR", notebooks)
    build = tmp_path / "build"
    assert runner.main(["01", "--inplace", "--no-html", "--build-dir", str(build)]) == 0
    written = nbformat.read(good, as_version=4)
    assert written.cells[1].outputs[0]["text"] == "hello\n"
    assert written.metadata["kernelspec"] == runner.KERNELSPEC
    assert (notebooks / runner.REPORT_NAME).is_file() and (build / runner.REPORT_NAME).is_file()
    assert runner.main([str(bad), "--inplace", "--no-html", "--build-dir", str(build)]) == 1
    assert nbformat.read(bad, as_version=4).cells[1].outputs == []  # a failed run is not written back
    assert "ZeroDivisionError" in capsys.readouterr().out


def test_language_info_rejects_what_is_not_a_python_3_version():
    assert runner.language_info("3.13.1")["version"] == "3.13.1"
    for bad in ("", "2.7.18", "3.11", None, 3.11):
        with pytest.raises(ValueError, match="Python 3 version"):
            runner.language_info(bad)


def test_normalise_merges_stream_chunks():
    nb = nbformat.v4.new_notebook()
    cell = nbformat.v4.new_code_cell("print(1)")
    cell.outputs = [
        nbformat.v4.new_output("stream", name="stdout", text="a\n"),
        nbformat.v4.new_output("stream", name="stdout", text="b\n"),
        nbformat.v4.new_output("stream", name="stderr", text="c\n"),
        nbformat.v4.new_output("execute_result", data={"text/plain": "1"}, execution_count=1),
        nbformat.v4.new_output("stream", name="stdout", text="d\n"),
    ]
    nb.cells = [cell]
    outputs = runner.normalise(nb).cells[0].outputs
    assert [(o["output_type"], o.get("text")) for o in outputs] == [
        ("stream", "a\nb\n"), ("stream", "c\n"), ("execute_result", None), ("stream", "d\n")]


def test_find_notebooks(tmp_path):
    for name in ("01_a.ipynb", "02_b.ipynb", "notes.ipynb"):
        _notebook(tmp_path / name, "1")
    assert [p.name for p in runner.find_notebooks(None, tmp_path)] == ["01_a.ipynb", "02_b.ipynb"]
    assert [p.name for p in runner.find_notebooks(["02"], tmp_path)] == ["02_b.ipynb"]
    with pytest.raises(SystemExit, match="exactly one notebook"):
        runner.find_notebooks(["07"], tmp_path)
    with pytest.raises(SystemExit, match="no NN_"):
        runner.find_notebooks(None, tmp_path / "empty")


def test_unknown_scale_is_rejected():
    with pytest.raises(SystemExit):
        runner.main(["--scale", "huge"])


def _alive(pid):
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True


@pytest.mark.parametrize(
    "last_cell, timeout, outcome",
    [("2 + 2", 60, "ok"), ("raise ValueError('broken')", 60, "FAILED"), ("import time\ntime.sleep(30)", 2, "FAILED")],
    ids=["success", "failure", "timeout"],
)
def test_each_kernel_is_shut_down_when_its_notebook_ends(tmp_path, last_cell, timeout, outcome):
    pid_file = tmp_path / "kernel.pid"
    record = f"import os, sys\nopen({str(pid_file)!r}, 'w').write(f'{{os.getpid()}} {{sys.executable}}')"
    path = _notebook(tmp_path / "01_pid.ipynb", record, last_cell)
    _, result = runner.execute_notebook(path, timeout=timeout, progress=False)
    assert result.status.startswith(outcome)
    pid, executable = pid_file.read_text().split(" ", 1)
    pid = int(pid)
    assert executable == sys.executable  # the kernel runs in this environment, whatever kernels are installed
    assert not _alive(pid), f"the kernel (pid {pid}) is still running after its notebook ended"


def test_report_keeps_one_row_per_notebook_and_scale(executed, tmp_path):
    _, _, results = executed
    report = runner.write_report(results[:1], tmp_path / "report.csv", "default", device="CPU: test, 2 cores")
    runner.write_report(results[:1], report, "full", device="GPU: test")
    runner.write_report(results[:1], report, "default", device="CPU: other, 4 cores")  # replaces its own row only
    with open(report, newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert [(r["notebook"], r["scale"], r["device"]) for r in rows] == [
        ("01_good.ipynb", "default", "CPU: other, 4 cores"), ("01_good.ipynb", "full", "GPU: test")]
    assert list(rows[0]) == runner.REPORT_FIELDS
    assert runner.describe_device().startswith(("CPU: ", "GPU: "))


def test_full_scale_runs_are_recorded_but_never_written_into_notebooks(tmp_path, monkeypatch):
    notebooks = tmp_path / "notebooks"
    notebooks.mkdir()
    good = _notebook(notebooks / "01_good.ipynb", "import os\nprint(os.environ['COURSE_SCALE'])")
    monkeypatch.setattr(runner, "NOTEBOOK_DIR", notebooks)
    build = tmp_path / "build"
    with pytest.raises(SystemExit):
        runner.main(["01", "--scale", "full", "--inplace", "--no-html", "--build-dir", str(build)])
    assert runner.main(["01", "--scale", "full", "--record", "--no-html", "--build-dir", str(build)]) == 0
    assert nbformat.read(good, as_version=4).cells[1].outputs == []  # the notebook keeps its default-scale outputs
    with open(notebooks / runner.REPORT_NAME, newline="") as handle:
        (row,) = list(csv.DictReader(handle))
    assert row["notebook"] == "01_good.ipynb" and row["scale"] == "full" and row["status"] == "ok"


def test_per_cell_times_are_recorded_and_written(executed, tmp_path):
    _, _, results = executed
    good, _, failing = results
    assert [(n, line) for n, _, line in good.cell_seconds] == [(1, "import os"), (2, "x = [0] * 10**6")]
    assert all(s >= 0 for _, s, _ in good.cell_seconds) and sum(s for _, s, _ in good.cell_seconds) <= good.wall_s
    assert [n for n, _, _ in failing.cell_seconds] == [1, 2]  # the cell that failed is timed; the one after never ran
    path = runner.write_cell_times(results, tmp_path / "cells.csv", "default")
    with open(path, newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert len(rows) == 5 and rows[0]["notebook"] == "01_good.ipynb" and rows[0]["first_line"] == "import os"
    assert "cell 1" in runner.slowest_cells(results[:1])


def test_calibration_ratio_is_printed(tmp_path, monkeypatch, capsys):
    notebooks = tmp_path / "notebooks"
    notebooks.mkdir()
    _notebook(notebooks / "01_good.ipynb", "print('hello')")
    monkeypatch.setattr(runner, "NOTEBOOK_DIR", notebooks)
    monkeypatch.setattr(runner, "measure_calibration", lambda: 0.5)
    build = tmp_path / "build"
    assert runner.main(["01", "--calibrate", "--cells", "--no-html", "--build-dir", str(build)]) == 0
    out = capsys.readouterr().out
    assert "calibration workload: 0.5 s" in out and "01_good.ipynb" in out and "x\n" in out
    assert "slowest cells" in out and (build / runner.CELL_TIMES_NAME).is_file()


def test_calibration_is_the_median_of_fresh_runs(monkeypatch):
    import subprocess

    times = iter(["9.0\n", "5.0\n", "6.0\n"])
    monkeypatch.setattr(subprocess, "run", lambda *a, **k: subprocess.CompletedProcess(a, 0, stdout=next(times)))
    assert runner.measure_calibration() == 6.0
    with pytest.raises(ValueError):
        runner.measure_calibration(0)
