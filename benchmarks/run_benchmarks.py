"""Measure what the course costs: time, memory and response times, against a bare kernel.

Run from the course folder (on a quiet machine; other work skews the numbers):

    python benchmarks/run_benchmarks.py                  # every notebook, then print a table
    python benchmarks/run_benchmarks.py --learners 20    # also: 20 learners at once
    python benchmarks/run_benchmarks.py --only 01 04     # just some notebooks
    python benchmarks/run_benchmarks.py --runs 5         # five fresh kernels each

For each lesson notebook, and for a baseline notebook that only imports the libraries the
course uses, it starts a fresh kernel, runs every cell, and records (three times, round by
round, unless ``--runs`` says otherwise; the table shows the median run, and pools the
latencies of all runs):

* **time**: from asking for a kernel to the last cell finishing (what "Restart Kernel and
  Run All" costs a learner), and the cells alone;
* **peak memory**: the kernel process's peak resident memory (``VmHWM`` in Linux's
  ``/proc/<pid>/status``);
* then, in the same kernel, the **Check handler latency** of every quiz on the page (a
  button click, handled in the kernel: grading, feedback, saving progress), the **update
  latency** of every interactive figure (changing a control, redrawing, sending the new PNG)
  and, beside it, the **full redraw** of the same figure: every artist drawn again and
  encoded, which is what an update would cost without blitting.

Ratios are against the baseline. With ``--learners N`` it also runs the whole course for N
learners at once (N kernels in parallel, each learner working through every notebook in
order) and reports whether all passed, the peak total memory of the kernels and the time per
learner. Results go to ``benchmarks/results.json`` and a Markdown table is printed.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import nbformat
import psutil
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parent.parent
BASELINE = ROOT / "benchmarks" / "baseline.ipynb"
TARGETS = {"time_ratio": 1.5, "memory_ratio": 1.3, "check_p95_ms": 20.0, "update_p95_ms": 60.0}

# Runs in the kernel after the notebook: time each quiz's Check handler and each
# interactive figure's update, using the objects the notebook displayed (IPython's Out).
PROBE = r"""
import json as _json, time as _time
from stemimmune.engine.figures import Explorer as _Explorer
from stemimmune.engine.quizzes import QuizCard as _QuizCard

def _give_an_answer(card):
    # Fill in an answer (not necessarily right), so Check grades it in full.
    kind, panel = card.question.kind, card.panel
    if kind == "numeric":
        panel.value = str(card.question.answer)
    elif kind == "multiple":
        panel.value = list(range(len(panel.options)))
    elif kind == "single":
        panel.value = len(panel.options) - 1
    else:
        panel.value = [panel.choices[-1]] * len(panel.items)

def _latencies():
    checks, updates, redraws = [], [], []
    shown = list(Out.values())
    for card in [o for o in shown if isinstance(o, _QuizCard)]:
        _give_an_answer(card)
        for _ in range(5):
            start = _time.perf_counter()
            card.check()
            checks.append(1000 * (_time.perf_counter() - start))
    for explorer in [o for o in shown if isinstance(o, _Explorer)]:
        for control in explorer.controls.values():
            original = control.value
            values = list(getattr(control, "options", []) or [])
            if not values and isinstance(original, bool):
                values = [not original, original]
            elif not values and hasattr(control, "min"):
                low, high = control.min, control.max
                values = [low + (high - low) * i / 4 for i in range(5)]
                if isinstance(original, int):
                    values = [int(round(v)) for v in values]
            if not values and isinstance(original, bool):
                values = [not original, original]
            for value in values:
                if hasattr(value, "__len__") and len(value) == 2 and not isinstance(value, str):
                    value = value[1]  # (label, value) options
                if value == control.value:
                    continue
                start = _time.perf_counter()
                control.value = value
                updates.append(1000 * (_time.perf_counter() - start))
            control.value = original
        for _ in range(5):  # the same figure drawn again in full and encoded
            start = _time.perf_counter()
            explorer.full_redraw_png()
            redraws.append(1000 * (_time.perf_counter() - start))
    return {"checks_ms": checks, "updates_ms": updates, "full_redraws_ms": redraws}

print(_json.dumps(_latencies()))
"""


def peak_memory_mb(pid: int) -> float:
    """Peak resident memory of a process so far, from Linux's /proc (VmHWM), in MiB."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError("no VmHWM line: peak memory needs Linux")


def run_notebook(path: Path, probe: bool = True) -> dict[str, object]:
    """Execute one notebook in a fresh kernel; return time, memory and latencies."""
    nb = nbformat.read(path, as_version=4)
    client = NotebookClient(nb, timeout=600, kernel_name="python3",
                            resources={"metadata": {"path": str(path.parent)}})
    result: dict[str, object] = {"notebook": path.relative_to(ROOT).as_posix()}
    start = time.perf_counter()
    with client.setup_kernel():
        cells_start = time.perf_counter()
        for index, cell in enumerate(nb.cells):
            client.execute_cell(cell, index)
        end = time.perf_counter()
        pid = client.km.provisioner.process.pid
        result["peak_memory_mb"] = round(peak_memory_mb(pid), 1)
        if probe:
            probe_cell = nbformat.v4.new_code_cell(PROBE)
            nb.cells.append(probe_cell)
            client.execute_cell(probe_cell, len(nb.cells) - 1)
            printed = "".join(o.get("text", "") for o in probe_cell.outputs
                              if o.get("output_type") == "stream")
            result.update(json.loads(printed.strip().splitlines()[-1]))
    result["seconds"] = round(end - start, 2)
    result["cells_seconds"] = round(end - cells_start, 2)
    return result


def combine(runs: list[dict[str, object]]) -> dict[str, object]:
    """One notebook's runs as one result: median time and memory, all latencies pooled."""
    result: dict[str, object] = {"notebook": runs[0]["notebook"], "runs": len(runs)}
    for key in ("peak_memory_mb", "seconds", "cells_seconds"):
        result[key] = round(statistics.median(r[key] for r in runs), 2)
    result["seconds_each_run"] = [r["seconds"] for r in runs]
    for kind in ("checks_ms", "updates_ms", "full_redraws_ms"):
        result[kind] = [value for r in runs for value in r.get(kind, [])]
    return result


def percentile(values: list[float], share: float) -> float | None:
    """The value below which ``share`` of the values fall (nearest rank); None if empty."""
    if not values:
        return None
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(share * len(ordered)) - 1))]


def summarise(result: dict[str, object], baseline: dict[str, object]) -> dict[str, object]:
    """Add ratios to the baseline and latency statistics to one notebook's result."""
    summary = dict(result)
    summary["time_ratio"] = round(result["seconds"] / baseline["seconds"], 2)
    summary["memory_ratio"] = round(result["peak_memory_mb"] / baseline["peak_memory_mb"], 2)
    for kind in ("checks_ms", "updates_ms", "full_redraws_ms"):
        values = summary.pop(kind, [])
        summary[kind.replace("_ms", "")] = {
            "count": len(values),
            "median_ms": round(statistics.median(values), 1) if values else None,
            "p95_ms": round(percentile(values, 0.95), 1) if values else None}
    return summary


def notebooks(only: list[str]) -> list[Path]:
    """The lesson notebooks with code, optionally only those whose names start with ``only``."""
    paths = [p for p in sorted((ROOT / "notebooks").glob("[0-9][0-9]-*.ipynb"))]
    return [p for p in paths if not only or any(p.name.startswith(o) for o in only)]


def run_course_as_learner(paths: list[Path]) -> dict[str, object]:
    """One learner works through every notebook in order; return time and success."""
    start = time.perf_counter()
    failures = []
    for path in paths:
        nb = nbformat.read(path, as_version=4)
        try:
            # 20 kernels starting at once on a small machine can take minutes to answer.
            NotebookClient(nb, timeout=1800, startup_timeout=600, kernel_name="python3",
                           resources={"metadata": {"path": str(path.parent)}}).execute()
        except Exception as err:  # noqa: BLE001 - report any failure as a failed learner
            failures.append(f"{path.name}: {type(err).__name__}: {str(err)[:200]}")
    return {"seconds": time.perf_counter() - start, "failures": failures}


def kernels_memory_mb() -> float:
    """Resident memory of every kernel process started by this script, in MiB."""
    total = 0
    for child in psutil.Process().children(recursive=True):
        try:
            total += child.memory_info().rss
        except psutil.Error:
            pass
    return total / 2**20


def classroom(paths: list[Path], learners: int) -> dict[str, object]:
    """``learners`` learners run the whole course at once; sample total kernel memory."""
    peak, stop = [0.0], threading.Event()

    def sample() -> None:
        while not stop.is_set():
            peak[0] = max(peak[0], kernels_memory_mb())
            stop.wait(0.25)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    start = time.perf_counter()
    with ThreadPoolExecutor(max_workers=learners) as pool:
        runs = list(pool.map(lambda _: run_course_as_learner(paths), range(learners)))
    wall = time.perf_counter() - start
    stop.set()
    sampler.join()
    times = [r["seconds"] for r in runs]
    return {"learners": learners, "all_passed": not any(r["failures"] for r in runs),
            "failures": [f for r in runs for f in r["failures"]],
            "wall_seconds": round(wall, 1), "seconds_per_learner_median": round(
                statistics.median(times), 1), "seconds_per_learner_max": round(max(times), 1),
            "peak_total_kernel_memory_mb": round(peak[0]),
            "peak_memory_per_learner_mb": round(peak[0] / learners)}


def machine() -> dict[str, object]:
    """What the numbers were measured on."""
    return {"python": platform.python_version(), "system": platform.platform(terse=True),
            "cpus": os.cpu_count(), "memory_gb": round(psutil.virtual_memory().total / 2**30),
            "load_average_at_start": load_average()}


def load_average() -> list[float]:
    """The machine's load average over the last 1, 5 and 15 minutes."""
    return [round(x, 2) for x in os.getloadavg()]


def table(results: list[dict[str, object]]) -> str:
    """The per-notebook results as a Markdown table, with the targets in the header."""
    def ms(stat: dict[str, object]) -> str:
        return "—" if stat["p95_ms"] is None else f"{stat['median_ms']} / {stat['p95_ms']}"

    lines = ["| Notebook | Time (s) | × baseline | Peak memory (MiB) | × baseline "
             "| Check median / p95 (ms) | Figure update median / p95 (ms) "
             "| Full redraw median / p95 (ms) |",
             "|---|---:|---:|---:|---:|---:|---:|---:|"]
    for r in results:
        lines.append(f"| {Path(r['notebook']).stem} | {r['seconds']} | {r['time_ratio']} "
                     f"| {r['peak_memory_mb']} | {r['memory_ratio']} | {ms(r['checks'])} "
                     f"| {ms(r['updates'])} | {ms(r['full_redraws'])} |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", nargs="*", default=[], help="notebook name prefixes")
    parser.add_argument("--learners", type=int, default=0,
                        help="also run the whole course for this many learners at once")
    parser.add_argument("--runs", type=int, default=3,
                        help="fresh kernels per notebook; the table shows the median")
    parser.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "results.json")
    args = parser.parse_args(argv)
    os.environ["STEMIMMUNE_PROGRESS_FILE"] = os.path.join(
        tempfile.mkdtemp(prefix="stemimmune-bench-"), "progress.json")
    report: dict[str, object] = {"machine": machine(), "targets": TARGETS}
    course_start = time.perf_counter()
    paths = [BASELINE, *notebooks(args.only)]
    runs: dict[Path, list[dict[str, object]]] = {path: [] for path in paths}
    for run in range(args.runs):  # round by round, so that a slow moment hits all alike
        for path in paths:
            print(f"run {run + 1} of {args.runs}: {path.name}", file=sys.stderr)
            runs[path].append(run_notebook(path))
    baseline = summarise(combine(runs[BASELINE]), {"seconds": 1, "peak_memory_mb": 1})
    results = [summarise(combine(runs[path]), baseline) for path in paths[1:]]
    report["runs"] = args.runs
    report["course_seconds"] = round(sum(r["seconds"] for r in results), 1)
    report["benchmark_seconds"] = round(time.perf_counter() - course_start, 1)
    report["machine"]["load_average_at_end"] = load_average()
    baseline.update(time_ratio=1.0, memory_ratio=1.0)
    report["baseline"], report["notebooks"] = baseline, results
    if args.learners:
        print(f"classroom: {args.learners} learners at once", file=sys.stderr)
        report["classroom"] = classroom(notebooks(args.only), args.learners)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(report, indent=1) + "\n", "utf-8")
    print(table([baseline, *results]))
    print(f"\nWhole course, one notebook after another: {report['course_seconds']} s")
    print("Load average (1, 5 and 15 minutes): at the start "
          f"{report['machine']['load_average_at_start']}, at the end "
          f"{report['machine']['load_average_at_end']}")
    if "classroom" in report:
        print(json.dumps(report["classroom"], indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
