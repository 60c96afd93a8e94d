"""A class on a real JupyterHub: N learners at once, each running a lesson and its quizzes.

    sudo .venv/bin/python benchmarks/hub_load.py --learners 30 --lesson 03 --docs
    sudo .venv/bin/python benchmarks/hub_load.py --learners 5 --lesson 07 --out build/hub-load

It starts a throwaway JupyterHub on 127.0.0.1 with configurable-http-proxy, whose learners
are real Unix users (tests/class_hub.py: LocalProcessSpawner, as on The Littlest
JupyterHub). Then every learner, all at the same moment, as a class does at the start of a
lesson (tests/hub_learner.py):

1. asks the hub, through its REST API, to start their server, and gets a token of their own;
2. pulls the student copy into their home with nbgitpuller's own address;
3. opens the lesson through the server's REST API and the kernel WebSocket, the way
   JupyterLab does, and runs every code cell in order;
4. answers each of the lesson's quizzes once, by pressing Check through the kernel (the
   same widget message a click in the browser sends), and reads the feedback.

While they work, the RSS of the hub, the proxy, each learner's single-user server and each
learner's kernel is sampled every half second, separately, and the peak of each is kept.
The report (``hub-load.json`` in ``--out``, and a Markdown table on standard output) gives,
per learner and in total: success, time to a running server, time to pull, time to run the
lesson, quizzes answered and answers saved (in any lesson: lesson 07's review cards save
under the lessons they come from), and peak memory in MiB. ``--docs`` also writes the table into
docs/jupyterhub.md, between its ``hub-load`` markers. Needs root (it adds Unix users and
removes them at the end). The machine's load average is printed before and after: measure
on an otherwise quiet machine.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import threading
import time
import traceback
from concurrent.futures import ThreadPoolExecutor
from datetime import date
from pathlib import Path

import psutil

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))
from class_hub import ClassHub, HubError  # noqa: E402
from hub_learner import Learner  # noqa: E402

DOCS = ROOT / "docs" / "jupyterhub.md"
START, END = "<!-- hub-load:start -->", "<!-- hub-load:end -->"
MIB = 1024 * 1024  # memory is reported in mebibytes (MiB)


class MemorySampler(threading.Thread):
    """Every ``interval`` seconds, the RSS of the hub, the proxy, and each learner's server
    and kernel processes; keeps each process's peak, and the peak of their sum."""

    def __init__(self, hub: ClassHub, interval: float = 0.5) -> None:
        super().__init__(daemon=True)
        self.hub, self.interval = hub, interval
        self.names = dict(zip(hub.uids, hub.learners, strict=True))
        self.peaks: dict[tuple[str, str, int], int] = {}  # (role, learner, pid) -> bytes
        self.total_peak = 0
        self.samples = 0
        self._done = threading.Event()

    def role(self, process: psutil.Process, hub_pid: int, proxy_pid: int | None
             ) -> tuple[str, str] | None:
        """("hub" | "proxy" | "server" | "kernel", learner) for a process of the class."""
        if process.pid == hub_pid:
            return "hub", ""
        if process.pid == proxy_pid:
            return "proxy", ""
        learner = self.names.get(process.info["uids"].real) if process.info["uids"] else None
        command = " ".join(process.info["cmdline"] or [])
        if learner and "jupyterhub-singleuser" in command:
            return "server", learner
        if learner and "ipykernel_launcher" in command:
            return "kernel", learner
        return None

    def sample(self) -> None:
        hub_pid = self.hub.process.pid if self.hub.process else -1
        proxy_pid = self.hub.proxy_pid()
        total = 0
        for process in psutil.process_iter(["uids", "cmdline", "memory_info"]):
            try:
                role = self.role(process, hub_pid, proxy_pid)
                memory = process.info["memory_info"]
            except (psutil.Error, TypeError):
                continue
            if role is None or memory is None:
                continue
            key = (*role, process.pid)
            self.peaks[key] = max(self.peaks.get(key, 0), memory.rss)
            total += memory.rss
        self.total_peak = max(self.total_peak, total)
        self.samples += 1

    def run(self) -> None:
        while not self._done.is_set():
            self.sample()
            self._done.wait(self.interval)

    def stop(self) -> None:
        self._done.set()
        self.join()

    def peak(self, role: str, learner: str = "") -> int:
        """The largest peak of one process in ``role`` (for ``learner``), in bytes."""
        return max((rss for (r, name, _), rss in self.peaks.items()
                    if r == role and name == learner), default=0)


def saved_attempts(home: Path) -> int:
    """How many graded attempts the learner's progress file holds, in every lesson.

    Every learner starts with no progress file, so each attempt is from this run. Lesson 07's
    review cards ask questions of earlier lessons and save them under those lessons, which is
    why the count is not limited to the lesson that was run.
    """
    try:
        data = json.loads((home / ".stemimmune" / "progress.json").read_text("utf-8"))
    except (OSError, ValueError):
        return 0
    return sum(len(entry.get("attempts", []))
               for questions in data.get("notebooks", {}).values()
               for entry in questions.values())


def one_learner(hub: ClassHub, name: str, lesson: str) -> dict:
    """Everything one learner does; never raises (a failure is reported in the result)."""
    result: dict = {"learner": name, "success": False}
    learner = Learner(hub, name)
    started = time.monotonic()
    try:
        result["server_s"] = round(learner.start_server(), 1)
        mark = time.monotonic()
        learner.pull()
        result["pull_s"] = round(time.monotonic() - mark, 1)
        path = f"{hub.folder}/notebooks/{lesson}"
        notebook = learner.notebook(path)
        mark = time.monotonic()
        kernel = learner.open(path)
        try:
            problems = kernel.run_all(notebook)
            result["lesson_s"] = round(time.monotonic() - mark, 1)
            mark = time.monotonic()
            result["quizzes"] = len(kernel.quiz_panels())
            result["answered"] = kernel.answer_quizzes()
            result["quiz_s"] = round(time.monotonic() - mark, 1)
        finally:
            kernel.close()
        result["saved"] = saved_attempts(hub.homes[name])
        if problems:
            result["error"] = "; ".join(problems)[:500]
        else:
            result["success"] = (result["quizzes"] > 0
                                 and result["answered"] == result["quizzes"]
                                 and result["saved"] >= result["answered"])
            if not result["success"]:
                result["error"] = "quizzes not all answered and saved"
    except Exception as err:  # noqa: BLE001 - one learner's failure is a result, not a crash
        result["error"] = f"{type(err).__name__}: {err}"[:500]
        traceback.print_exc(file=sys.stderr)
    result["total_s"] = round(time.monotonic() - started, 1)
    return result


def lesson_file(number: str) -> str:
    """The notebook file of lesson ``number`` ("03")."""
    found = sorted((ROOT / "notebooks").glob(f"{number}-*.ipynb"))
    if not found:
        raise SystemExit(f"There is no lesson {number} in notebooks/.")
    return found[0].name


def run(learners: int, lesson: str, tmp: Path) -> dict:
    """Start a hub with ``learners`` learners; all of them work through ``lesson`` at once."""
    names = [f"load-learner{i:02d}" for i in range(1, learners + 1)]
    tmp = tmp.resolve()
    load_before = os.getloadavg()
    tmp.mkdir(parents=True, exist_ok=True)
    with ClassHub(names, tmp, prefix="stemimmune-load-") as hub:
        sampler = MemorySampler(hub)
        sampler.start()
        started = time.monotonic()
        with ThreadPoolExecutor(max_workers=learners) as pool:
            results = list(pool.map(lambda name: one_learner(hub, name, lesson), names))
        wall = time.monotonic() - started
        sampler.stop()
        for result in results:
            result["server_mb"] = round(sampler.peak("server", result["learner"]) / MIB)
            result["kernel_mb"] = round(sampler.peak("kernel", result["learner"]) / MIB)
        report = {
            "date": date.today().isoformat(),
            "learners": learners, "lesson": lesson, "cpus": os.cpu_count(),
            "memory_gib": round(psutil.virtual_memory().total / 1024**3, 1),
            "load_before": [round(x, 2) for x in load_before],
            "load_after": [round(x, 2) for x in os.getloadavg()],
            "passed": sum(r["success"] for r in results), "wall_s": round(wall, 1),
            "hub_start_s": hub.times.get("hub start (s)"),
            "hub_mb": round(sampler.peak("hub") / MIB),
            "proxy_mb": round(sampler.peak("proxy") / MIB),
            "all_processes_peak_mb": round(sampler.total_peak / MIB),
            "samples": sampler.samples, "results": results,
        }
    return report


def spread(values: list[float], unit: str) -> str:
    """"median (min–max) unit" of ``values``."""
    if not values:
        return "–"
    return (f"{round(statistics.median(values), 1):g} {unit} "
            f"({min(values):g}–{max(values):g})")


def table(report: dict) -> str:
    """The report as Markdown: a summary, then one row per learner."""
    results = report["results"]
    ok = [r for r in results if r["success"]]
    per_learner = [r["server_mb"] + r["kernel_mb"] for r in ok]
    lines = [
        f"Measured with `benchmarks/hub_load.py --learners {report['learners']} --lesson "
        f"{report['lesson'][:2]}` on {report['date']}, on a {report['cpus']}-core, "
        f"{report['memory_gib']} GiB "
        f"machine, load average {report['load_before'][0]} before the run and "
        f"{report['load_after'][0]} at its end (the class's own load). All "
        f"{report['learners']} learners started at the same moment.",
        "",
        "| Measure | Result |",
        "|---|---|",
        f"| Learners who finished (server, pull, every cell, every quiz answered and saved) "
        f"| **{report['passed']} of {report['learners']}** |",
        f"| Time to a running server, median (range) "
        f"| {spread([r['server_s'] for r in ok], 's')} |",
        f"| Time to pull the course with nbgitpuller | {spread([r['pull_s'] for r in ok], 's')} |",
        f"| Time to start a kernel and run every cell of lesson {report['lesson'][:2]} "
        f"| {spread([r['lesson_s'] for r in ok], 's')} |",
        f"| Time from the first request to the last answer, whole class "
        f"| {report['wall_s']:g} s |",
        f"| Peak memory, single-user server (each) "
        f"| {spread([r['server_mb'] for r in ok], 'MiB')} |",
        f"| Peak memory, kernel (each) | {spread([r['kernel_mb'] for r in ok], 'MiB')} |",
        f"| Peak memory, server + kernel per learner | {spread(per_learner, 'MiB')} |",
        f"| Peak memory, JupyterHub itself | {report['hub_mb']} MiB |",
        f"| Peak memory, configurable-http-proxy | {report['proxy_mb']} MiB |",
        f"| Peak memory of all of these together | {report['all_processes_peak_mb']:,} MiB |",
        "",
        "<details><summary>Each learner</summary>",
        "",
        "| Learner | Finished | Server (s) | Pull (s) | Lesson (s) | Quizzes answered "
        "| Attempts saved | Server (MiB) | Kernel (MiB) |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for r in results:
        lines.append(
            f"| {r['learner']} | {'yes' if r['success'] else 'no: ' + r.get('error', '')} "
            f"| {r.get('server_s', '–')} | {r.get('pull_s', '–')} | {r.get('lesson_s', '–')} "
            f"| {r.get('answered', 0)} of {r.get('quizzes', 0)} | {r.get('saved', 0)} "
            f"| {r['server_mb']} | {r['kernel_mb']} |")
    return "\n".join([*lines, "", "</details>"])


def write_docs(markdown: str) -> None:
    text = DOCS.read_text("utf-8")
    if START not in text or END not in text:
        raise SystemExit(f"{DOCS} has no {START} … {END} markers.")
    head, rest = text.split(START, 1)
    DOCS.write_text(f"{head}{START}\n{markdown}\n{END}{rest.split(END, 1)[1]}", "utf-8")


def wait_for_quiet(below: float = 1.0, seconds: float = 600) -> None:
    """Wait (at most ``seconds``) until the one-minute load average is under ``below``: it
    falls slowly after earlier work, and the run should start on a quiet machine."""
    deadline = time.monotonic() + seconds
    while os.getloadavg()[0] >= below and time.monotonic() < deadline:
        print(f"waiting for a quiet machine: load average {os.getloadavg()[0]:.2f}",
              file=sys.stderr)
        time.sleep(15)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--learners", type=int, default=30)
    parser.add_argument("--lesson", default="03", help="the lesson's number (default 03)")
    parser.add_argument("--out", type=Path, default=ROOT / "build" / "hub-load",
                        help="where hub-load.json and the hub's own files go")
    parser.add_argument("--docs", action="store_true",
                        help="write the table into docs/jupyterhub.md (first waits, at most "
                             "10 minutes, for a load average under 1)")
    args = parser.parse_args(argv)
    lesson = lesson_file(args.lesson)
    if args.docs:  # a table for the docs comes from a quiet machine
        wait_for_quiet()
    print(f"load average before: {os.getloadavg()[0]:.2f}; {args.learners} learners, "
          f"{lesson}", file=sys.stderr)
    try:
        report = run(args.learners, lesson, args.out / "hub")
    except HubError as err:
        print(f"The hub could not be run: {err}", file=sys.stderr)
        return 2
    (args.out / "hub-load.json").write_text(json.dumps(report, indent=1) + "\n", "utf-8")
    markdown = table(report)
    print(markdown)
    if args.docs:
        write_docs(markdown)
    return 0 if report["passed"] == report["learners"] else 1


if __name__ == "__main__":
    sys.exit(main())
