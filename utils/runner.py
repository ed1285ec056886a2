"""Execute notebooks top to bottom in a fresh kernel: ``python -m utils run``.

This is how the committed outputs are regenerated and what the README's main
command calls. For each notebook it starts a new kernel of *this* Python
environment, runs every cell with a progress bar, and records the status, wall
time and the kernel's peak memory.

By default the executed copies and an HTML rendering go to ``build/`` so that
a checkout stays clean. ``--inplace`` writes the outputs back into
``notebooks/`` with the metadata normalised (kernelspec ``python3``, the
kernel's ``language_info`` as Jupyter writes it, no machine paths or timings), which is how the committed notebooks are made; ``--record`` adds a run's times,
at either scale, to ``notebooks/run_report.csv`` (one row per notebook and
scale, with the machine). Every run writes the wall time of each code cell to
``build/cell_times.csv``; ``--cells`` prints the slowest, and ``--calibrate``
times a fixed workload first (:mod:`utils.calibration`, the median of three runs) so that notebook times
can be compared across machines.
"""

import argparse
import copy
import csv
import os
import pathlib
import platform
import re
import sys
import time
from typing import NamedTuple

import nbformat

from . import config

ROOT = pathlib.Path(__file__).resolve().parent.parent
NOTEBOOK_DIR = ROOT / "notebooks"
DEFAULT_BUILD_DIR = ROOT / "build"
REPORT_NAME = "run_report.csv"

KERNELSPEC = {"name": "python3", "display_name": "Python 3 (ipykernel)", "language": "python"}
LANGUAGE_INFO = {
    "name": "python",
    "codemirror_mode": {"name": "ipython", "version": 3},
    "file_extension": ".py",
    "mimetype": "text/x-python",
    "nbconvert_exporter": "python",
    "pygments_lexer": "ipython3",
}

# Appended to the run (never saved): the kernel's peak resident memory in bytes.
_PEAK_MEMORY_PROBE = """\
try:
    import resource as _resource, sys as _sys
    _peak = _resource.getrusage(_resource.RUSAGE_SELF).ru_maxrss
    print(_peak if _sys.platform == "darwin" else _peak * 1024)
except ImportError:  # Windows has no resource module
    print(-1)
"""


_ANSI_COLOUR = re.compile(r"\x1b\[[0-9;]*m")


class RunResult(NamedTuple):
    notebook: str
    status: str  # "ok", "ok, stderr" (ran, but something was written to stderr) or "FAILED: ..."
    wall_s: float
    peak_mib: float  # NaN where the platform cannot tell
    cell_seconds: tuple = ()  # (code cell number from 1, wall seconds, first source line) per executed code cell

    @property
    def failed(self):
        return self.status.startswith("FAILED")


def find_notebooks(names=None, notebook_dir=None):
    """Resolve command-line names to notebook paths.

    No names: every ``NN_*.ipynb`` in ``notebooks/``, in order. A name may be a
    path or a prefix such as ``01``.
    """
    notebook_dir = pathlib.Path(notebook_dir or NOTEBOOK_DIR)
    if not names:
        found = sorted(notebook_dir.glob("[0-9][0-9]_*.ipynb"))
        if not found:
            raise SystemExit(f"no NN_*.ipynb notebooks in {notebook_dir}")
        return found
    paths = []
    for name in names:
        path = pathlib.Path(name)
        if path.suffix == ".ipynb" and path.is_file():
            paths.append(path.resolve())
            continue
        matches = sorted(notebook_dir.glob(f"{name}*.ipynb"))
        if len(matches) != 1:
            raise SystemExit(f"{name!r} should name exactly one notebook in {notebook_dir}, found {len(matches)}")
        paths.append(matches[0])
    return paths


def _current_env_kernel_manager_class():
    """An async kernel manager whose 'python3' kernel is this interpreter, whatever kernels are installed.

    NotebookClient creates its own instance of this class, so it owns the kernel and shuts it down
    (its process gone) when the notebook ends, failure and timeout included. A manager handed in
    as ``km=`` would be the caller's, and its kernel would outlive the notebook.
    """
    from jupyter_client import AsyncKernelManager
    from jupyter_client.kernelspec import KernelSpec, KernelSpecManager
    from traitlets import default

    class CurrentEnvironmentKernelSpecs(KernelSpecManager):
        def get_kernel_spec(self, kernel_name):
            return KernelSpec(
                argv=[sys.executable, "-m", "ipykernel_launcher", "-f", "{connection_file}"],
                display_name=KERNELSPEC["display_name"],
                language="python",
            )

    class CurrentEnvironmentKernelManager(AsyncKernelManager):
        @default("kernel_spec_manager")
        def _kernel_spec_manager_default(self):
            return CurrentEnvironmentKernelSpecs(data_dir=self.data_dir)

    return CurrentEnvironmentKernelManager


def _has_stderr(nb):
    return any(
        output.get("output_type") == "stream" and output.get("name") == "stderr"
        for cell in nb.cells
        if cell.cell_type == "code"
        for output in cell.get("outputs", [])
    )


def _merge_streams(outputs):
    """Join consecutive stdout (or stderr) chunks, which otherwise split wherever the kernel flushed."""
    merged = []
    for output in outputs:
        previous = merged[-1] if merged else None
        if (
            output.get("output_type") == "stream"
            and previous is not None
            and previous.get("output_type") == "stream"
            and previous.get("name") == output.get("name")
        ):
            previous["text"] += output["text"]
        else:
            merged.append(output)
    return merged


def language_info(version):
    """The ``language_info`` an ipykernel of Python ``version`` reports.

    Committed notebooks carry it whole, version included: JupyterLab writes the
    kernel's ``language_info`` into a notebook it opens, and marks the notebook
    modified whenever that differs from the saved one.
    """
    if not isinstance(version, str) or not re.fullmatch(r"3\.\d+\.\d+\S*", version):
        raise ValueError(f"expected a Python 3 version such as '3.11.7', got {version!r}")
    return {**copy.deepcopy(LANGUAGE_INFO), "version": version}


def normalise(nb):
    """As committed: standard kernelspec, the kernel's language_info, no per-cell timings, merged streams."""
    nb.metadata["kernelspec"] = dict(KERNELSPEC)
    reported = nb.metadata.get("language_info", {}).get("version", platform.python_version())
    nb.metadata["language_info"] = language_info(reported)
    nb.metadata.pop("widgets", None)
    nb.metadata.pop("papermill", None)
    for cell in nb.cells:
        cell.metadata.pop("execution", None)
        if cell.cell_type == "code":
            cell.metadata.pop("collapsed", None)
            cell.outputs = _merge_streams(cell.outputs)
    return nb


def execute_notebook(path, timeout=1200, progress=True, kernel_log=os.devnull):
    """Run one notebook in a fresh kernel; return ``(executed notebook, RunResult)``.

    What the kernel process itself writes to its console (not the notebook's
    outputs) goes to ``kernel_log``.
    """
    from nbclient import NotebookClient
    from nbclient.exceptions import CellExecutionError, CellTimeoutError
    from tqdm.auto import tqdm

    path = pathlib.Path(path)
    nb = nbformat.read(path, as_version=4)
    n_code = sum(cell.cell_type == "code" for cell in nb.cells)
    nb.cells.append(nbformat.v4.new_code_cell(_PEAK_MEMORY_PROBE))
    probe_index = len(nb.cells) - 1
    bar = tqdm(total=n_code, desc=path.stem, unit="cell", leave=True, disable=not progress, file=sys.stderr)
    started, cell_seconds = {}, []

    def cell_started(cell, cell_index):
        started[cell_index] = time.perf_counter()

    def cell_executed(cell, cell_index, execute_reply):
        if cell_index == probe_index:
            return
        bar.update(1)
        first_line = next((line for line in cell.source.splitlines() if line.strip()), "")
        cell_seconds.append((len(cell_seconds) + 1, time.perf_counter() - started.pop(cell_index), first_line[:80]))

    client = NotebookClient(
        nb,
        kernel_name="python3",
        kernel_manager_class=_current_env_kernel_manager_class(),
        timeout=timeout,
        record_timing=False,
        resources={"metadata": {"path": str(path.parent)}},
        on_cell_start=cell_started,
        on_cell_executed=cell_executed,
    )
    status, start = "ok", time.perf_counter()
    try:
        with open(kernel_log, "w") as console:
            client.execute(stdout=console, stderr=console)
    except (CellExecutionError, CellTimeoutError) as err:
        lines = _ANSI_COLOUR.sub("", str(err)).strip().splitlines()
        status = f"FAILED: {lines[-1][:100] if lines else type(err).__name__}"
    except Exception as err:  # the kernel died or could not start
        status = f"FAILED: {type(err).__name__}: {err}"[:120]
    wall = time.perf_counter() - start
    bar.close()
    probe = nb.cells.pop()
    peak = float("nan")
    for output in probe.get("outputs", []):
        text = output.get("text", "").strip()
        if output.get("name") == "stdout" and text.lstrip("-").isdigit() and int(text) > 0:
            peak = int(text) / 2**20
    if status == "ok" and _has_stderr(nb):
        status = "ok, stderr"
    return nb, RunResult(path.name, status, wall, peak, tuple(cell_seconds))


def format_table(results):
    """The summary table: notebook, status, wall seconds, peak memory."""
    rows = [("notebook", "status", "wall s", "peak MiB")]
    rows += [(r.notebook, r.status, f"{r.wall_s:.1f}", "n/a" if r.peak_mib != r.peak_mib else f"{r.peak_mib:.0f}") for r in results]
    widths = [max(len(row[i]) for row in rows) for i in range(4)]
    lines = ["  ".join(cell.ljust(w) if i < 2 else cell.rjust(w) for i, (cell, w) in enumerate(zip(row, widths))) for row in rows]
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(lines)


REPORT_FIELDS = ["notebook", "scale", "status", "wall_s", "peak_mib", "device"]


def describe_device():
    """The machine a run used, in a few words: the GPU's name if ``nvidia-smi`` sees one, else the CPU and its cores."""
    import platform
    import shutil
    import subprocess

    if shutil.which("nvidia-smi"):
        listing = subprocess.run(["nvidia-smi", "-L"], capture_output=True, text=True, check=False).stdout.strip()
        if listing:
            return "GPU: " + listing.splitlines()[0].split(":", 1)[-1].split("(")[0].strip()
    model = platform.processor() or platform.machine()
    try:
        with open("/proc/cpuinfo") as handle:
            model = next(line.split(":", 1)[1].strip() for line in handle if line.startswith("model name"))
    except (OSError, StopIteration):
        pass
    return f"CPU: {model}, {os.cpu_count()} cores"


def write_report(results, path, scale, device=None):
    """Save the summary as CSV, one row per notebook and scale, merged with the rows already there."""
    path = pathlib.Path(path)
    device = describe_device() if device is None else device
    rows = {}
    if path.is_file():
        with open(path, newline="") as handle:
            rows = {(row["notebook"], row.get("scale") or "default"): row for row in csv.DictReader(handle)}
    for r in results:
        rows[r.notebook, scale] = {
            "notebook": r.notebook,
            "scale": scale,
            "status": r.status,
            "wall_s": f"{r.wall_s:.1f}",
            "peak_mib": "" if r.peak_mib != r.peak_mib else f"{r.peak_mib:.0f}",
            "device": device,
        }
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=REPORT_FIELDS, lineterminator="\n", restval="")
        writer.writeheader()
        writer.writerows({key: row.get(key, "") for key in REPORT_FIELDS} for _, row in sorted(rows.items()))
    return path


CELL_TIMES_NAME = "cell_times.csv"


def write_cell_times(results, path, scale):
    """Per-cell wall seconds of this run, one row per executed code cell (build/cell_times.csv; not committed)."""
    path = pathlib.Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(["notebook", "scale", "cell", "wall_s", "share", "first_line"])
        for r in results:
            for number, seconds, first_line in r.cell_seconds:
                writer.writerow([r.notebook, scale, number, f"{seconds:.2f}", f"{seconds / max(r.wall_s, 1e-9):.2f}", first_line])
    return path


def slowest_cells(results, count=3):
    """Text: each notebook's ``count`` slowest code cells and their share of its wall time."""
    lines = []
    for r in results:
        ranked = sorted(r.cell_seconds, key=lambda c: -c[1])[:count]
        parts = [f"cell {n}: {s:.1f} s ({s / max(r.wall_s, 1e-9):.0%}) {line!r}" for n, s, line in ranked]
        lines.append(f"{r.notebook}\n  " + "\n  ".join(parts))
    return "\n".join(lines)


CALIBRATION_REPEATS = 3


def measure_calibration(repeats=CALIBRATION_REPEATS):
    """Median wall seconds of :mod:`utils.calibration`'s fixed workload over ``repeats`` fresh processes.

    One timing of a workload this short moves by a quarter from run to run
    on a shared CPU; the median of three moves far less.
    """
    import statistics
    import subprocess

    from ._validate import as_int

    repeats = as_int(repeats, "repeats", minimum=1)
    times = []
    for _ in range(repeats):
        done = subprocess.run([sys.executable, "-m", "utils.calibration"], cwd=ROOT, capture_output=True, text=True,
                              check=True)
        times.append(float(done.stdout.strip().splitlines()[-1]))
    print("calibration workload, each run: " + ", ".join(f"{t:.1f} s" for t in times), file=sys.stderr)
    return statistics.median(times)


def _write_html(nb, path):
    from nbconvert import HTMLExporter

    body, _ = HTMLExporter().from_notebook_node(nb)
    path.write_text(body, encoding="utf-8")


def run(names=None, build_dir=DEFAULT_BUILD_DIR, inplace=False, scale=None, timeout=1200, html=True, progress=True):
    """Execute notebooks and write their outputs; return the list of :class:`RunResult`."""
    scale = config.run_scale(scale)
    build_dir = pathlib.Path(build_dir)
    (build_dir / "notebooks").mkdir(parents=True, exist_ok=True)
    (build_dir / "logs").mkdir(parents=True, exist_ok=True)
    if html:
        (build_dir / "html").mkdir(parents=True, exist_ok=True)
    # The kernels inherit this process's environment: give them the scale, and leave matplotlib
    # to Jupyter's inline backend (a headless MPLBACKEND=Agg would drop every figure).
    saved = {name: os.environ.get(name) for name in (config.ENV_VAR, "MPLBACKEND")}
    os.environ[config.ENV_VAR] = scale
    os.environ.pop("MPLBACKEND", None)
    results = []
    try:
        for path in find_notebooks(names):
            nb, result = execute_notebook(
                path, timeout=timeout, progress=progress, kernel_log=build_dir / "logs" / f"{path.stem}.log"
            )
            results.append(result)
            normalise(nb)
            nbformat.write(nb, build_dir / "notebooks" / path.name)
            if html:
                _write_html(nb, build_dir / "html" / f"{path.stem}.html")
            if inplace and not result.failed:
                nbformat.write(nb, path)
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value
    return results


def main(argv=None):
    """``python -m utils run [NOTEBOOK ...]``; exits non-zero if a notebook fails."""
    parser = argparse.ArgumentParser(prog="python -m utils run", description=__doc__.split("\n\n")[0])
    parser.add_argument("notebooks", nargs="*", help="paths or prefixes such as 01 (default: all, in order)")
    parser.add_argument("--inplace", action="store_true",
                        help="write outputs back into notebooks/ (to commit them; default scale only) and record the times")
    parser.add_argument("--record", action="store_true",
                        help="add the successful runs' times, at this scale, to notebooks/run_report.csv (notebooks untouched)")
    parser.add_argument("--scale", choices=config.SCALES, help=f"run scale (default: ${config.ENV_VAR} or 'default')")
    parser.add_argument("--build-dir", default=str(DEFAULT_BUILD_DIR), help="where executed copies, HTML and the report go")
    parser.add_argument("--timeout", type=int, default=1200, help="seconds allowed per cell (default 1200)")
    parser.add_argument("--no-html", action="store_true", help="skip the HTML renderings")
    parser.add_argument("--cells", action="store_true", help="also print each notebook's slowest cells")
    parser.add_argument("--calibrate", action="store_true",
                        help="first time a fixed workload (utils.calibration, median of 3 runs) and give each notebook's time as a multiple of it")
    args = parser.parse_args(argv)
    scale = config.run_scale(args.scale)
    if args.inplace and scale != "default":
        parser.error("--inplace is for the default scale: the committed notebooks carry default-scale outputs; "
                     "use --record to add full-scale times to notebooks/run_report.csv")
    calibration = None
    if args.calibrate:
        print("Timing the calibration workload (python -m utils.calibration)", file=sys.stderr)
        calibration = measure_calibration()
    print(f"Running notebooks at the {scale} scale", file=sys.stderr)
    results = run(args.notebooks, args.build_dir, args.inplace, scale, args.timeout, html=not args.no_html)
    report = write_report(results, pathlib.Path(args.build_dir) / REPORT_NAME, scale)
    write_cell_times(results, pathlib.Path(args.build_dir) / CELL_TIMES_NAME, scale)
    if args.inplace or args.record:
        write_report([r for r in results if not r.failed], NOTEBOOK_DIR / REPORT_NAME, scale)
    print(format_table(results))
    if calibration is not None:
        print(f"\ncalibration workload: {calibration:.1f} s; notebook time as a multiple of it:")
        for r in results:
            print(f"  {r.notebook:<40s} {r.wall_s / calibration:5.1f}x")
        total = sum(r.wall_s for r in results)
        print(f"  {'all of them':<40s} {total / calibration:5.1f}x ({total:.0f} s)")
    if args.cells:
        print("\nslowest cells:\n" + slowest_cells(results))
    print(f"\nreport: {os.path.relpath(report)}; per-cell times: "
          f"{os.path.relpath(pathlib.Path(args.build_dir) / CELL_TIMES_NAME)}")
    failed = [r.notebook for r in results if r.failed]
    if failed:
        print(f"{len(failed)} notebook(s) failed: {', '.join(failed)}", file=sys.stderr)
        return 1
    return 0
