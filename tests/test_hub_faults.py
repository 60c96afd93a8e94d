"""Faults a class meets on a real JupyterHub, each shown to lose nothing.

The hub is tests/class_hub.py's (real Unix learners, LocalProcessSpawner, configurable-http-
proxy), set up as the hub guide advises for a restart during class:
``cleanup_servers = False`` and ``cleanup_proxy = False``. Each test has a learner of its
own, who starts their server through the hub's REST API, pulls the student copy with
nbgitpuller and works in lesson 01 through the kernel WebSocket, as JupyterLab does
(tests/hub_learner.py). Each test stops its learner's server at the end.

1. A learner's server is killed (SIGKILL) in the middle of running a cell: the hub shows it
   stopped; started again, the learner finds their saved quiz results and their edited
   notebook as they left them.
2. The hub is stopped and started again in the middle of class: the learner's server and
   kernel keep running, the learner answers quizzes while the hub is down, reconnects
   through the proxy afterwards, and every answer is in the progress file.
3. Two browser tabs on the same lesson (two WebSocket connections to its kernel, the second
   tab running the lesson again): an answer given in each tab is saved.
4. A full, then read-only, folder for the progress file (a small tmpfs mounted over
   ``~/.stemimmune``): the score line says the results could not be saved, without a
   traceback; the results saved before stay readable; once there is space again, saving
   resumes.
5. The instructor updates the course: a learner who edited lesson 01 keeps the edit and gets
   the update, and a lesson the learner deleted comes back, as the hub guide's section 8
   says (the way to get a fresh copy of a notebook).

Skipped without root, JupyterHub or configurable-http-proxy, except in CI, where they fail.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from class_hub import ClassHub, missing_pieces
from conftest import ROOT
from hub_learner import KernelSession, Learner

LESSON = sorted((ROOT / "notebooks").glob("01-*.ipynb"))[0].name
LEARNERS = {"killed": "fault-learner1", "restart": "fault-learner2", "tabs": "fault-learner3",
            "full": "fault-learner4", "update": "fault-learner5"}
EXTRA_CONFIG = """
c.JupyterHub.cleanup_servers = False
c.JupyterHub.cleanup_proxy = False
c.Spawner.poll_interval = 2
"""


def missing(reason: str) -> None:
    """Skip on a developer's machine; fail in CI, where everything must be installed."""
    if os.environ.get("CI"):
        pytest.fail(f"{reason} (CI must install it: see .ci/run)")
    pytest.skip(reason)


@pytest.fixture(scope="module")
def hub(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ClassHub]:
    if missing_pieces():
        missing(f"this machine lacks {', '.join(missing_pieces())}")
    with ClassHub(list(LEARNERS.values()), tmp_path_factory.mktemp("faults"),
                  extra_config=EXTRA_CONFIG, prefix="stemimmune-faults-") as running:
        yield running


def ready_learner(hub: ClassHub, role: str) -> Learner:
    """The test's learner, with a running server and the course pulled."""
    learner = Learner(hub, LEARNERS[role])
    learner.start_server()
    learner.pull()
    return learner


def lesson_path(hub: ClassHub, lesson: str = LESSON) -> str:
    return f"{hub.folder}/notebooks/{lesson}"


def progress_file(hub: ClassHub, learner: Learner) -> Path:
    return hub.homes[learner.name] / ".stemimmune" / "progress.json"


def saved_attempts(hub: ClassHub, learner: Learner) -> dict[str, int]:
    """Question id -> how many attempts the learner's progress file holds for lesson 01."""
    data = json.loads(progress_file(hub, learner).read_text("utf-8"))
    questions = data["notebooks"].get(Path(LESSON).stem, {})
    return {question: len(entry["attempts"]) for question, entry in questions.items()}


def stop_server(hub: ClassHub, learner: Learner) -> None:
    hub.api("DELETE", f"users/{learner.name}/server")


def wait_until(check, seconds: float, what: str):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        value = check()
        if value:
            return value
        time.sleep(0.5)
    raise AssertionError(f"{what} did not happen in {seconds} s")


def alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return Path(f"/proc/{pid}").exists() and "Z" not in Path(f"/proc/{pid}/stat").read_text(
        ).split(")")[-1].split()[0]


def hub_is_down(hub: ClassHub) -> bool:
    """True when the hub's API does not answer: the proxy gives an error, or nothing does."""
    try:
        status, _ = hub.api("GET", "users", timeout=10)
    except OSError:
        return True
    return status >= 500


def kernel_pid(hub: ClassHub, learner: Learner, kernel: KernelSession) -> int:
    """The pid of the learner's kernel process (its command line names its id)."""
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                if kernel.kernel_id.encode() in (entry / "cmdline").read_bytes():
                    return int(entry.name)
            except OSError:
                continue
    raise AssertionError(f"no kernel process for {learner.name}")


# --- 1. a server killed mid-lesson --------------------------------------------------------
def test_a_server_killed_mid_lesson_loses_no_results_and_no_edits(hub):
    learner = ready_learner(hub, "killed")
    path = lesson_path(hub)
    kernel = learner.open(path)
    try:
        assert kernel.run_all(learner.notebook(path)) == []
        answered = kernel.answer_quizzes()
        assert answered == len(kernel.quiz_panels()) > 0
        # the learner adds a note to the lesson and saves it, as JupyterLab does
        model = learner.notebook(path)
        model["cells"].append({"cell_type": "markdown", "id": "my-note", "metadata": {},
                               "source": "My note: ask about cord blood in class."})
        status, _ = learner.contents(path, "PUT", {"type": "notebook", "format": "json",
                                                   "content": model})
        assert status == 200
        before = saved_attempts(hub, learner)
        assert sum(before.values()) == answered
        # mid-lesson: a cell is running when the server dies
        kernel._send("shell", "execute_request", {"code": "import time; time.sleep(60)",
                                                  "silent": False})
        pid = learner.server_state()["state"]["pid"]
        old_kernel = kernel_pid(hub, learner, kernel)
        os.kill(pid, signal.SIGKILL)
    finally:
        kernel.close()
    # the kernel notices its server is gone and stops too, freeing its memory
    wait_until(lambda: not alive(old_kernel), 30, "the orphaned kernel stopping")
    # the hub notices (it polls every 2 s here; 30 s by default) and shows it stopped
    wait_until(lambda: learner.server_state() is None, 60, "the hub showing the server stopped")
    learner.start_server()
    assert learner.server_state()["state"]["pid"] != pid
    assert saved_attempts(hub, learner) == before
    cells = learner.notebook(path)["cells"]
    assert cells[-1]["source"] == "My note: ask about cord blood in class."
    # the lesson still runs, and shows the saved score
    kernel = learner.open(path)
    try:
        assert kernel.run_all(learner.notebook(path)) == []
        reply = kernel.execute("print(quiz.score().summary())")
        assert reply["status"] == "ok"
    finally:
        kernel.close()
    stop_server(hub, learner)


# --- 2. the hub restarted mid-class -------------------------------------------------------
def test_learners_keep_working_while_the_hub_restarts(hub):
    learner = ready_learner(hub, "restart")
    path = lesson_path(hub)
    kernel = learner.open(path)
    try:
        assert kernel.run_all(learner.notebook(path)) == []
        panels = kernel.quiz_panels()
        first, rest = panels[:2], panels[2:]
        assert all(kernel.press_check(p, kernel.an_answer(kernel.widgets[p])) for p in first)
        server = learner.server_state()["state"]["pid"]
        kernel_process = kernel_pid(hub, learner, kernel)
        assert kernel.execute("before_the_restart = 42")["status"] == "ok"

        hub.stop_hub()
        assert hub_is_down(hub)  # the hub is down (the proxy, left running, says so) ...
        assert alive(server) and alive(kernel_process)  # ... the learner's work is not
        assert all(kernel.press_check(p, kernel.an_answer(kernel.widgets[p])) for p in rest)
        assert sum(saved_attempts(hub, learner).values()) == len(panels)

        hub.start()
    finally:
        kernel.close()
    # the same server, reached through the proxy again; the kernel kept its state
    state = wait_until(learner.server_state, 60, "the hub finding the server again")
    assert state["state"]["pid"] == server and state["ready"]
    kernel.connect()
    try:
        reply = kernel.execute("print(before_the_restart)")
        assert reply["status"] == "ok" and alive(kernel_process)
        assert kernel.press_check(panels[0], kernel.an_answer(kernel.widgets[panels[0]]))
    finally:
        kernel.close()
    counts = saved_attempts(hub, learner)
    assert sum(counts.values()) == len(panels) + 1
    stop_server(hub, learner)


# --- 3. two tabs on one lesson ------------------------------------------------------------
def test_answers_from_two_tabs_on_one_lesson_are_both_saved(hub):
    learner = ready_learner(hub, "tabs")
    path = lesson_path(hub)
    first_tab = learner.open(path)
    second_tab = learner.open(path)
    try:
        assert second_tab.kernel_id == first_tab.kernel_id  # one notebook, one kernel
        assert first_tab.run_all(learner.notebook(path)) == []
        first_run = first_tab.quiz_panels()
        # the second tab runs the lesson again: new quiz objects in the same kernel
        assert second_tab.run_all(learner.notebook(path)) == []
        second_run = [p for p in second_tab.quiz_panels() if p not in first_run]
        assert len(second_run) == len(first_run)
        # the first tab answers its first question, the second tab its second
        assert first_tab.press_check(first_run[0], first_tab.an_answer(
            first_tab.widgets[first_run[0]]))
        assert second_tab.press_check(second_run[1], second_tab.an_answer(
            second_tab.widgets[second_run[1]]))
    finally:
        first_tab.close()
        second_tab.close()
    counts = saved_attempts(hub, learner)
    assert len(counts) == 2 and sum(counts.values()) == 2, counts
    stop_server(hub, learner)


# --- 4. a full, then read-only, progress folder --------------------------------------------
def mount_tmpfs(folder: Path, size: str, uid: int, gid: int) -> None:
    subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size},uid={uid},gid={gid},mode=0700",
                    "tmpfs", str(folder)], check=True)


def score_line(kernel: KernelSession) -> str:
    """The lesson's score line, as the learner's kernel prints it."""
    reply = kernel.execute("print(quiz.score().summary())")
    assert reply["status"] == "ok" and not reply["errors"], reply
    return reply["stdout"]


def test_a_full_or_read_only_home_says_so_and_saving_resumes(hub):
    learner = ready_learner(hub, "full")
    path = lesson_path(hub)
    folder = hub.homes[learner.name] / ".stemimmune"
    kernel = learner.open(path)
    mounted = False
    try:
        assert kernel.run_all(learner.notebook(path)) == []
        panels = kernel.quiz_panels()

        def answer(number: int) -> str:
            panel = panels[number]
            return kernel.press_check(panel, kernel.an_answer(kernel.widgets[panel]))

        assert answer(0)
        saved = progress_file(hub, learner).read_bytes()
        # the folder becomes a tiny file system holding the saved file, then fills up
        owner = folder.stat()
        mounted = subprocess.run(
            ["mount", "-t", "tmpfs", "-o", f"size=64k,uid={owner.st_uid},gid={owner.st_gid},"
             "mode=0700", "tmpfs", str(folder)], capture_output=True).returncode == 0
        if not mounted:
            missing("this machine cannot mount a tmpfs (needed to fill a folder)")
        (folder / "progress.json").write_bytes(saved)
        filler = folder / "filler"
        subprocess.run(["dd", "if=/dev/zero", f"of={filler}", "bs=4k"], capture_output=True)

        assert answer(1)  # the learner still gets feedback
        line = score_line(kernel)
        assert "Could not save your quiz results" in line and "no space left" in line, line
        assert "Traceback" not in line
        assert (folder / "progress.json").read_bytes() == saved  # saved results intact
        assert sorted(p.name for p in folder.iterdir()) == ["filler", "progress.json"]

        filler.unlink()  # space again, but the folder is now read-only
        subprocess.run(["mount", "-o", "remount,ro", str(folder)], check=True)
        assert answer(2)
        line = score_line(kernel)
        assert "Could not save your quiz results" in line and "read-only" in line, line
        assert "Traceback" not in line
        assert (folder / "progress.json").read_bytes() == saved

        subprocess.run(["mount", "-o", "remount,rw", str(folder)], check=True)
        assert answer(3)  # the next answer saves everything, the ones before included
        assert "Could not save" not in score_line(kernel)
        assert sum(saved_attempts(hub, learner).values()) == 4
    finally:
        kernel.close()
        if mounted:
            subprocess.run(["umount", "-l", str(folder)], check=False)
    stop_server(hub, learner)


# --- 5. an update after a learner's edit --------------------------------------------------
def test_an_update_keeps_a_learners_edit_and_brings_back_a_deleted_lesson(hub):
    learner = ready_learner(hub, "update")
    edited = lesson_path(hub)
    lessons = sorted(p.name for p in (hub.release / "notebooks").glob("0[23]-*.ipynb"))
    deleted, updated = (f"{hub.folder}/notebooks/{lessons[0]}",
                        f"{hub.folder}/notebooks/{lessons[1]}")
    model = learner.notebook(edited)
    model["cells"].append({"cell_type": "markdown", "id": "my-note", "metadata": {},
                           "source": "My note: the learner's own words."})
    assert learner.contents(edited, "PUT", {"type": "notebook", "format": "json",
                                            "content": model})[0] == 200
    assert learner.contents(deleted, "DELETE")[0] == 204

    # the instructor publishes an update: a changed lesson and a new file
    release = hub.release
    changed = release / "notebooks" / lessons[1]
    notebook = json.loads(changed.read_text("utf-8"))
    notebook["cells"].append({"cell_type": "markdown", "id": "course-update", "metadata": {},
                              "source": "Added in the course update."})
    changed.write_text(json.dumps(notebook, indent=1) + "\n", "utf-8")
    (release / "notebooks" / "UPDATE-NOTES.md").write_text("What changed this week.\n")
    git = ["git", "-C", str(release), "-c", "user.name=Instructor",
           "-c", "user.email=instructor@example.org"]
    subprocess.run([*git, "add", "-A"], check=True)
    subprocess.run([*git, "commit", "-q", "-m", "Course update"], check=True)

    learner.pull()
    mine = learner.notebook(edited)["cells"]
    assert mine[-1]["source"] == "My note: the learner's own words."
    assert learner.notebook(updated)["cells"][-1]["source"] == "Added in the course update."
    assert learner.contents(f"{hub.folder}/notebooks/UPDATE-NOTES.md")[0] == 200
    back = learner.notebook(deleted)
    original = json.loads((release / "notebooks" / lessons[0]).read_text("utf-8"))
    def sources(cells: list[dict]) -> list[str]:
        return [c["source"] if isinstance(c["source"], str) else "".join(c["source"])
                for c in cells]

    assert sources(back["cells"]) == sources(original["cells"])  # a fresh copy of the lesson
    guide = (ROOT / "docs" / "jupyterhub.md").read_text("utf-8")
    assert "deleting (or renaming) a broken notebook and opening the link again gives a fresh" \
           in " ".join(guide.split())
    stop_server(hub, learner)

