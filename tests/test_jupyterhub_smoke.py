"""A real JupyterHub on 127.0.0.1: two learners pull the student copy, answer quizzes, share.

JupyterHub (with configurable-http-proxy) runs with the dummy authenticator and
LocalProcessSpawner, so each learner's server runs as that learner's own Unix user. The
learners (LEARNERS) are real users made with ``useradd`` for the test and deleted after it,
each with a home (mode 0700) under a folder the test makes (tests/class_hub.py). That folder
also holds the student copy, built by tools/make_student_release.py as a git repository the
learners can read, and the class share folder an instructor would set up for shared results
(root, group ``smoke-instructors``, mode 3773), passed to the learners' servers as
``STEMIMMUNE_SHARE_FOLDER``. If the course's Python lives in a folder other users may not
enter (a pyenv Python under /root), the learners alone are let through it, by an ACL entry,
while the test runs.

In headless Chromium each learner opens the nbgitpuller link to the student copy, logs in on
the hub's own page, lands in JupyterLab on lesson 01, runs every cell, answers a quiz by
clicking and reads the feedback. Then the test checks that each learner's files, quiz progress
(``~/.stemimmune/progress.json``) included, are in their own home only, owned by them, and
that one learner cannot read the other's files. A second test writes a file into the share
folder as each learner and checks that the other learner can neither read it, list the folder
nor delete it, while root (the instructor here) reads both.

A third test goes the whole way with the course's own sharing: each learner logs in by the
nbgitpuller link (so it also runs alone), answers the first quiz of lesson 01 and of lesson
04 (the first learner picks the first option, which is right, the second the last, which is
wrong), runs the course review (lesson 07) and presses "Share my results with my
instructor". Then root, as the instructor, checks that the share folder holds one copy per
learner, owned by them, group ``smoke-instructors``, mode 0640, with no username in it;
that neither learner can read the other's copy or list the folder; and that the class report
(``python -m stemimmune.engine.class_report``) run on the folder counts both learners, in
its summary, its CSV and its figure. Each lesson is run with its stored outputs cleared
first, so that the wait for "every cell has run" sees this run, not the stored one.

Screenshots go to build/test-artifacts/hub/ (``<learner>-shared.png``: the share button's
message), the class report to build/test-artifacts/hub/report/, times to times.json there.

Without Chromium, Playwright, JupyterHub or configurable-http-proxy, when not run as root, or
without useradd and runuser, the tests are skipped, except in CI (environment variable ``CI``
set), where they fail instead.
"""

from __future__ import annotations

import csv
import grp
import json
import os
import pwd
import re
import shlex
import shutil
import stat
import subprocess
import sys
import time
import tomllib
from collections.abc import Iterator
from pathlib import Path

import nbformat
import pytest
from class_hub import BIN, INSTRUCTORS, PASSWORD, ClassHub, HubError, missing_pieces
from conftest import ROOT
from hub_users import run_as

sys.path.insert(0, str(ROOT / "tools"))
from nbgitpuller_link import nbgitpuller_link, repository_folder  # noqa: E402

LEARNERS = ("smoke-learner1", "smoke-learner2")  # Unix users, made for the test
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
ARTIFACTS = ROOT / "build" / "test-artifacts" / "hub"
LESSON = sorted((ROOT / "notebooks").glob("01-*.ipynb"))[0].name
# The sharing test's other lesson, whose first quiz is single choice: its first option is
# the right answer, its last a wrong one. The share button is in the course review.
SECOND_LESSON = sorted((ROOT / "notebooks").glob("04-*.ipynb"))[0].name
REVIEW = sorted((ROOT / "notebooks").glob("07-*.ipynb"))[0].name
PICKS = {LEARNERS[0]: "first", LEARNERS[1]: "last"}  # so the learners answer differently
SHARE_LABEL = "Share my results with my instructor"
LONG = 240_000  # ms: spawning, pulling and starting a kernel on a busy 2-core machine


def missing(reason: str) -> None:
    """Skip on a developer's machine; fail in CI, where everything must be installed."""
    if os.environ.get("CI"):
        pytest.fail(f"{reason} (CI must install it: see .ci/run)")
    pytest.skip(reason)


def check_tools() -> None:
    """Skip (fail in CI) unless this machine has what the hub, its learners and the browser
    need."""
    try:
        import playwright  # noqa: F401
    except ImportError as err:
        missing(f"{err.name} is not installed")
    if not Path(CHROMIUM).exists():
        missing("Chromium is not installed (Debian package chromium)")
    if missing_pieces():
        missing(f"this machine lacks {', '.join(missing_pieces())}")


@pytest.fixture(scope="module")
def hub(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict]:
    """A running hub whose learners are real Unix users (tests/class_hub.py). Keys: url, log,
    times, tmp (the hub's own files, root only), base (the learners' folder), homes (learner
    -> home), release (the student copy, a git repository), share (the class share folder)."""
    check_tools()
    try:
        running = ClassHub(LEARNERS, tmp_path_factory.mktemp("hub")).__enter__()
    except (HubError, OSError) as err:
        missing(f"the test hub could not be built: {err}")
    try:
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        yield {"url": running.url, "log": running.log, "tmp": running.tmp,
               "base": running.base, "homes": running.homes, "release": running.release,
               "share": running.share, "times": running.times}
    finally:
        running.__exit__(None, None, None)


def wait_for_prompts(page, done, seconds: float) -> list[str] | None:
    """Poll the open notebook's input prompts ("[ ]:", "[*]:", "[3]:") until ``done(texts)``;
    None if that never happens. textContent is read, as off-screen cells are not rendered."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        texts = page.evaluate(
            """() => Array.from(document.querySelectorAll(
                '.jp-NotebookPanel:not(.lm-mod-hidden) .jp-CodeCell .jp-InputPrompt'))
                .map(element => element.textContent)""")
        if done(texts):
            return texts
        time.sleep(1)
    return None


def choose_from_menu(page, menu: str, item: str) -> None:
    """Click JupyterLab's menu ``menu`` in the menu bar, then its item ``item``."""
    page.locator(".lm-MenuBar-itemLabel", has_text=re.compile(rf"^{menu}$")).click()
    page.locator(".lm-Menu-itemLabel", has_text=re.compile(rf"^{item}$")).click()


def run_all(page, name: str, times: dict, lesson: str = LESSON, step: str = "run all"):
    """In JupyterLab: run every cell of the open lesson (``lesson``, a file in notebooks/),
    wait until each code cell has run, check that no cell failed and the widgets showed, and
    record the time as ``times["<name> <step> (s)"]``. Return the notebook's locator.

    The lessons are stored with the outputs of a run, prompts "[1]:" to "[n]:", which a
    new kernel's run gives again; so the outputs are cleared first (prompts "[ ]:"), and
    the run is over when every prompt has a number again."""
    from playwright.sync_api import expect

    status_bar = page.locator("#jp-main-statusbar")
    expect(status_bar).to_contain_text(re.compile(r"Python 3.*\| Idle"), timeout=LONG)
    code_cells = sum(c.cell_type == "code"
                     for c in nbformat.read(ROOT / "notebooks" / lesson, 4).cells)
    numbered = re.compile(r"\[\d+\]")
    for _attempt in range(3):  # a click made while JupyterLab is still settling can be lost
        choose_from_menu(page, "Edit", "Clear Outputs of All Cells")
        if wait_for_prompts(page, lambda texts: len(texts) == code_cells and not any(
                numbered.search(t) for t in texts), 30) is not None:
            break
    else:
        page.screenshot(path=str(ARTIFACTS / f"{name}-clear-outputs-failed.png"))
        raise AssertionError(f"{name}: the outputs of {lesson} could not be cleared")
    started = time.monotonic()
    for _attempt in range(3):
        choose_from_menu(page, "Run", "Run All Cells")
        prompts = wait_for_prompts(page, lambda texts: any(re.search(r"\[(\d+|\*)\]", t)
                                                           for t in texts), 30)
        if prompts is not None:
            break
    prompts = wait_for_prompts(page, lambda texts: len(texts) == code_cells and all(
        numbered.search(t) for t in texts), LONG / 1000)
    if prompts is None:
        page.screenshot(path=str(ARTIFACTS / f"{name}-run-all-failed.png"))
        raise AssertionError(f"{name}: Run All did not finish in {lesson}")
    times[f"{name} {step} (s)"] = round(time.monotonic() - started, 1)
    notebook = page.locator(".jp-NotebookPanel:visible")
    expect(notebook.locator(".stemimmune-quiz").first).to_be_visible(timeout=LONG)
    assert "Error displaying widget" not in notebook.inner_text()
    assert notebook.locator(".jp-OutputArea-output[data-mime-type*='error']").count() == 0
    return notebook


def answer_the_first_quiz(page, notebook, name: str, pick: str = "first",
                          screenshot: str = "quiz-feedback") -> str:
    """Answer the first quiz of the open lesson by clicking, as a learner would: the
    ``pick`` ("first" or "last") radio button or tick box, else a menu's second place, else
    "1" typed; press Check, screenshot to ``<name>-<screenshot>.png``, return the card's
    text."""
    from playwright.sync_api import expect

    quiz = notebook.locator(".stemimmune-quiz").first
    quiz.scroll_into_view_if_needed()
    for choice in ("input[type=radio]", "input[type=checkbox]"):
        if quiz.locator(choice).count():
            options = quiz.locator(choice)
            (options.first if pick == "first" else options.last).click()
            break
    else:
        if quiz.locator("select").count():
            quiz.locator("select").first.select_option(index=1)
        else:
            quiz.locator("input[type=text]").first.fill("1")
            quiz.locator("input[type=text]").first.press("Enter")
    quiz.get_by_role("button", name="Check").click()
    expect(quiz).to_contain_text(re.compile("[✔✘ℹ]"), timeout=60_000)
    page.screenshot(path=str(ARTIFACTS / f"{name}-{screenshot}.png"))
    return quiz.inner_text()


def run_all_and_answer_a_quiz(page, name: str, times: dict, lesson: str = LESSON,
                              pick: str = "first", step: str = "run all") -> str:
    """In JupyterLab: run every cell of the open lesson, answer its first quiz (``pick``:
    see answer_the_first_quiz), return the feedback text."""
    notebook = run_all(page, name, times, lesson, step)
    screenshot = "quiz-feedback" if lesson == LESSON else f"quiz-feedback-{lesson[:2]}"
    return answer_the_first_quiz(page, notebook, name, pick, screenshot)


def lab_url_pattern(name: str, folder: str, notebook: str) -> re.Pattern:
    """The JupyterLab address at which ``name``'s server shows a lesson of the course."""
    return re.compile(rf"/user/{name}/lab/tree/{folder}/notebooks/{re.escape(notebook)}")


def log_in_by_the_course_link(browser, hub: dict, name: str, times: dict,
                              step: str = "login, spawn and nbgitpuller"):
    """In a new browser context: open the nbgitpuller link to lesson 01, log in as ``name``
    on the hub's own page and wait until JupyterLab shows the lesson (the hub starts the
    learner's server if it is not running, and nbgitpuller pulls the course or updates it).
    Record the time as ``times["<name> <step> (s)"]``; return the page."""
    folder = repository_folder(f"file://{hub['release']}")
    page = browser.new_context(viewport={"width": 1400, "height": 1000}).new_page()
    started = time.monotonic()
    page.goto(nbgitpuller_link(hub["url"], f"file://{hub['release']}", "main",
                               f"notebooks/{LESSON}"))
    page.locator("input[name=username]").fill(name, timeout=LONG)
    page.locator("input[name=password]").fill(PASSWORD)
    page.screenshot(path=str(ARTIFACTS / f"{name}-login.png"))
    page.locator("#login_submit").click()
    page.wait_for_url(lab_url_pattern(name, folder, LESSON), timeout=LONG)
    times[f"{name} {step} (s)"] = round(time.monotonic() - started, 1)
    return page


def open_lesson(page, hub: dict, name: str, notebook: str) -> None:
    """Open another lesson of the pulled course in the learner's JupyterLab, by its address."""
    folder = repository_folder(f"file://{hub['release']}")
    page.goto(f"{hub['url']}/user/{name}/lab/tree/{folder}/notebooks/{notebook}")
    page.wait_for_url(lab_url_pattern(name, folder, notebook), timeout=LONG)


def write_file_through_the_browser(page, owner: str, name: str, text: str) -> int:
    """PUT a text file into ``owner``'s server with the learner's own browser session."""
    return page.evaluate(
        """async ([owner, name, text]) => {
            const xsrf = (document.cookie.match(/_xsrf=([^;]+)/) || [])[1] || "";
            const response = await fetch(`/user/${owner}/api/contents/${name}`, {
                method: "PUT", headers: {"Content-Type": "application/json",
                                         "X-XSRFToken": decodeURIComponent(xsrf)},
                body: JSON.stringify({type: "file", format: "text", content: text})});
            return response.status;
        }""", [owner, name, text])


def open_in_new_tab(context, url: str) -> tuple[int, str]:
    """Open ``url`` in a new tab of a learner's browser; return the final status and text."""
    page = context.new_page()
    try:
        response = page.goto(url)
        return response.status, page.inner_text("body")
    finally:
        page.close()


def test_two_learners_pull_the_course_and_answer_a_quiz(hub):
    from playwright.sync_api import sync_playwright

    release, homes, times = hub["release"], hub["homes"], hub["times"]
    first, second = LEARNERS
    folder = repository_folder(f"file://{release}")
    feedback: dict[str, str] = {}
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            pages = {}
            for name in LEARNERS:
                page = pages[name] = log_in_by_the_course_link(browser, hub, name, times)
                feedback[name] = run_all_and_answer_a_quiz(page, name, times)
                status = write_file_through_the_browser(page, name, f"note-{name}.txt",
                                                        f"written by {name}")
                assert status == 201, status
            # with both servers running: each reads their own file, not the other's
            note = f"{hub['url']}/user/{first}/files/note-{first}.txt"
            status, text = open_in_new_tab(pages[first].context, note)
            assert status == 200 and f"written by {first}" in text, (status, text[:300])
            status, text = open_in_new_tab(pages[second].context, note)
            assert status == 403 and f"written by {first}" not in text, (status, text[:300])
        finally:
            browser.close()
            (ARTIFACTS / "times.json").write_text(json.dumps(times, indent=1) + "\n")

    for name, home in homes.items():
        other = homes[next(n for n in LEARNERS if n != name)]
        uid = pwd.getpwnam(name).pw_uid
        assert (home / folder / "notebooks" / LESSON).exists(), "nbgitpuller did not pull"
        assert not (home / folder / "solutions").exists()
        assert (home / f"note-{name}.txt").read_text() == f"written by {name}"
        assert not (other / f"note-{name}.txt").exists()
        progress_file = home / ".stemimmune" / "progress.json"
        progress = json.loads(progress_file.read_text())
        assert Path(LESSON).stem in json.dumps(progress), progress
        assert feedback[name].strip()
        # the learner's server ran as the learner's Unix user
        for path in (home / f"note-{name}.txt", progress_file, home / folder):
            assert path.stat().st_uid == uid, (path, path.stat().st_uid, uid)
    assert homes[first].resolve() != homes[second].resolve()
    print(json.dumps(times, indent=1))


# Run as a learner with the venv's Python: write a file that only its owner and the file's
# group (the instructors, thanks to the share folder's setgid bit) may read.
WRITE_SHARED_FILE = """
import os, sys
descriptor = os.open(sys.argv[1], os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o640)
os.write(descriptor, sys.argv[2].encode())
os.close(descriptor)
"""
# Run as the other learner: what happens on reading the file, listing the folder, deleting it.
TRY_OTHERS_FILE = """
import json, os, sys

def outcome(action):
    try:
        action()
    except OSError as err:
        return type(err).__name__
    return "allowed"

path = sys.argv[1]
print(json.dumps({"read": outcome(lambda: open(path).read()),
                  "list": outcome(lambda: os.listdir(os.path.dirname(path))),
                  "delete": outcome(lambda: os.unlink(path))}))
"""


def as_learner(name: str, script: str, *args: str) -> str:
    """Run a Python script as the learner ``name`` with the venv's Python; return its output."""
    result = run_as(name, str(BIN / "python"), "-I", "-c", script, *args)
    assert result.returncode == 0, (name, result.stderr[-3000:])
    return result.stdout


def test_learners_cannot_read_each_others_shared_files(hub):
    """The share folder's permissions alone (no sharing code yet): a learner writes a file
    into it, the other learner cannot read it, list the folder or delete the file, and root,
    standing in for the instructor, reads both learners' files."""
    share = hub["share"]
    instructors = grp.getgrnam(INSTRUCTORS)
    assert (share.stat().st_uid, share.stat().st_gid) == (0, instructors.gr_gid)
    assert stat.S_IMODE(share.stat().st_mode) == 0o3773
    files = {name: share / f"permissions-check-{name}.txt" for name in LEARNERS}
    try:
        for name, path in files.items():
            assert name not in instructors.gr_mem
            assert pwd.getpwnam(name).pw_gid != instructors.gr_gid
            as_learner(name, WRITE_SHARED_FILE, str(path), f"shared by {name}")
        for name, path in files.items():
            other = next(n for n in LEARNERS if n != name)
            outcomes = json.loads(as_learner(other, TRY_OTHERS_FILE, str(path)))
            assert outcomes == {"read": "PermissionError", "list": "PermissionError",
                                "delete": "PermissionError"}, (other, path, outcomes)
        for name, path in files.items():  # as root, the instructor
            assert path.read_text() == f"shared by {name}"
            info = path.stat()
            assert (info.st_uid, info.st_gid) == (pwd.getpwnam(name).pw_uid, instructors.gr_gid)
            assert stat.S_IMODE(info.st_mode) == 0o640
    finally:  # leave the share folder empty for the next test
        for path in files.values():
            path.unlink(missing_ok=True)


def share_from_the_review(page, name: str, times: dict) -> str:
    """With lesson 07 (the course review) open on ``page``: run it, scroll to the share
    button, press it and wait for its live region to say what happened; screenshot to
    ``<name>-shared.png``; return that text."""
    from playwright.sync_api import expect

    notebook = run_all(page, name, times, REVIEW, "share test: run all 07")
    share = notebook.locator(".stemimmune-share")
    expect(share).to_have_count(1)
    button = share.get_by_role("button", name=SHARE_LABEL)
    button.scroll_into_view_if_needed()
    button.click()
    status = share.get_by_role("status")
    expect(status).to_contain_text(re.compile(r"\S"), timeout=60_000)
    share.scroll_into_view_if_needed()
    page.screenshot(path=str(ARTIFACTS / f"{name}-shared.png"))
    return status.inner_text()


def answer_two_lessons_and_share(browser, hub: dict, name: str, times: dict) -> str:
    """As the learner ``name``: log in by the course link, answer the first quiz of lesson
    01 and of SECOND_LESSON (picking as PICKS says), then share from the course review.
    Return the share button's message."""
    page = log_in_by_the_course_link(browser, hub, name, times, "share test: login")
    run_all_and_answer_a_quiz(page, name, times, step="share test: run all 01")
    open_lesson(page, hub, name, SECOND_LESSON)
    run_all_and_answer_a_quiz(page, name, times, SECOND_LESSON, PICKS[name],
                              f"share test: run all {SECOND_LESSON[:2]}")
    open_lesson(page, hub, name, REVIEW)
    message = share_from_the_review(page, name, times)
    page.context.close()
    return message


def shared_copies(share: Path) -> dict[str, Path]:
    """The copies in the share folder (``*.json``), by the learner who owns each."""
    learners = {pwd.getpwnam(name).pw_uid: name for name in LEARNERS}
    copies = sorted(share.glob("*.json"))
    assert len(copies) == 2, [path.name for path in share.iterdir()]
    owners = {learners.get(path.stat().st_uid): path for path in copies}
    assert set(owners) == set(LEARNERS), {path.name: path.stat().st_uid for path in copies}
    return owners


def first_question(quizzes: Path, lesson: str) -> dict:
    """The first question of a lesson's quiz file, as the file has it."""
    path = quizzes / f"{Path(lesson).stem}.toml"
    return tomllib.loads(path.read_text("utf-8"))["questions"][0]


def check_a_copy(name: str, path: Path, quizzes: Path) -> dict:
    """Check, as root, one learner's shared copy: owned by the learner, group INSTRUCTORS,
    mode 0640, no learner's username anywhere in it, named by its share id, holding the
    answer given in SECOND_LESSON in this test. Return its contents."""
    info = path.stat()
    assert info.st_uid == pwd.getpwnam(name).pw_uid, (path, info.st_uid)
    assert info.st_gid == grp.getgrnam(INSTRUCTORS).gr_gid, (path, info.st_gid)
    assert stat.S_IMODE(info.st_mode) == 0o640, (path, oct(info.st_mode))
    text = path.read_text("utf-8")
    for learner in LEARNERS:
        assert learner not in text and learner not in path.name, (name, path, learner)
    data = json.loads(text)
    assert data["version"] == 2 and path.stem == data["shared"]["share_id"], data["shared"]
    assert "name" not in data["shared"], data["shared"]
    lessons = data["notebooks"]
    assert {Path(LESSON).stem, Path(SECOND_LESSON).stem} <= set(lessons), list(lessons)
    question = first_question(quizzes, SECOND_LESSON)
    attempts = lessons[Path(SECOND_LESSON).stem][question["id"]]["attempts"]
    picked = 0 if PICKS[name] == "first" else len(question["options"]) - 1
    assert (attempts[-1]["response"], attempts[-1]["correct"]) == (
        picked, question["options"][picked]["correct"]), (name, attempts)
    return data


def documented_report_command() -> str:
    """The two lines of the hub guide's section 9, step 3, exactly as written there."""
    guide = (ROOT / "docs" / "jupyterhub.md").read_text("utf-8")
    step = guide[guide.index("**3. Read the copies.**"):]
    block = re.search(r"```bash\n(.*?)```", step, re.DOTALL)
    assert block and "class_report" in block.group(1), step[:800]
    return block.group(1)


def run_the_class_report(share: Path, course_copy: Path, out: Path
                         ) -> subprocess.CompletedProcess:
    """Run the hub guide's report command as written, as root, in bash, with the venv's
    Python first on PATH; only its example paths are replaced by this hub's: the share
    folder, a course copy pulled by nbgitpuller, and the report folder. No --quizzes: the
    command must find the quiz files from the course copy it runs in."""
    command = documented_report_command()
    for example, here in (("/srv/stemimmune/shared", share), ("~/class-report", out),
                          ("~/stem-cells-student", course_copy)):
        assert example in command, (example, command)
        command = command.replace(example, shlex.quote(str(here)))
    assert "--quizzes" not in command, command
    path = f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}"
    return subprocess.run(["bash", "-euc", command], capture_output=True, text=True,
                          timeout=300, cwd=out.parent,
                          env={**os.environ, "PATH": path, "MPLBACKEND": "Agg"})


def check_the_report(out: Path, quizzes: Path) -> None:
    """The report's three files say what the two learners shared: both read, both started
    lessons 01 and SECOND_LESSON, both answered lesson 01's first quiz question; no name."""
    markdown = (out / "class-report.md").read_text("utf-8")
    assert "2 learners' results files were read." in markdown, markdown[:1500]
    assert "None of them carries a name or username." in markdown
    for lesson in (LESSON, SECOND_LESSON):
        row = re.search(rf"^\| {lesson[:2]} · .*$", markdown, re.MULTILINE)
        assert row and "| 2 of 2 |" in row.group(0), (lesson, row)
    image = re.search(r"^!\[(.+)\]\(class-report\.png\)$", markdown, re.MULTILINE)
    assert image, markdown
    assert image.group(1).startswith("Bar chart of how far the 2 learners got"), image.group(1)
    for lesson in (LESSON, SECOND_LESSON):
        assert f"lesson {lesson[:2]}, 2 started (100%)" in image.group(1), image.group(1)

    with (out / "class-report.csv").open(encoding="utf-8", newline="") as handle:
        rows = {(row["notebook"], row["question_id"]): row for row in csv.DictReader(handle)}
    both = rows[(Path(LESSON).stem, first_question(quizzes, LESSON)["id"])]
    assert int(both["learners"]) == 2, both
    # one learner right on the first try, the other wrong: the report shows the difference
    differ = rows[(Path(SECOND_LESSON).stem, first_question(quizzes, SECOND_LESSON)["id"])]
    assert int(differ["learners"]) == 2 and float(differ["right_first_try_share"]) == 0.5, differ
    assert differ["most_common_wrong_answer"] and differ["most_common_wrong_answer_feedback"]

    figure = (out / "class-report.png").read_bytes()
    assert figure.startswith(b"\x89PNG\r\n\x1a\n") and len(figure) > 10_000, len(figure)
    for text in (markdown, (out / "class-report.csv").read_text("utf-8")):
        assert not any(learner in text for learner in LEARNERS)


def test_two_learners_share_and_the_instructor_reads_the_report(hub, tmp_path):
    """Each learner answers a quiz in lessons 01 and 04 (differently in 04) and presses
    "Share my results with my instructor" in lesson 07. Root, the instructor here, finds
    one copy per learner in the share folder, owned by them, readable by the instructors'
    group only and carrying no name; neither learner can read the other's copy or list the
    folder; the class report, run on the folder, counts both learners."""
    from playwright.sync_api import sync_playwright

    share, times = hub["share"], hub["times"]
    quizzes = hub["release"] / "quizzes"
    quizzes = quizzes if quizzes.is_dir() else ROOT / "quizzes"
    options = first_question(quizzes, SECOND_LESSON)["options"]
    assert options[0]["correct"] and not options[-1]["correct"], \
        f"PICKS expects the first option of {SECOND_LESSON}'s first question right, the last wrong"
    messages = {}
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            for name in LEARNERS:
                messages[name] = answer_two_lessons_and_share(browser, hub, name, times)
        finally:
            browser.close()
            (ARTIFACTS / "times.json").write_text(json.dumps(times, indent=1) + "\n")
    for name, message in messages.items():
        assert re.match(r"Shared at \d\d:\d\d( [A-Z+\-0-9]+)?: your answers to 2 questions "
                        r"in 2 lessons, with no name or username written in it\.",
                        message), (name, message)

    copies = shared_copies(share)
    for name, path in copies.items():
        check_a_copy(name, path, quizzes)
    for name, path in copies.items():
        other = next(n for n in LEARNERS if n != name)
        outcomes = json.loads(as_learner(other, TRY_OTHERS_FILE, str(path)))
        assert outcomes == {"read": "PermissionError", "list": "PermissionError",
                            "delete": "PermissionError"}, (other, path, outcomes)

    out = tmp_path / "report"
    started = time.monotonic()
    course_copy = hub["homes"][LEARNERS[0]] / repository_folder(f"file://{hub['release']}")
    assert (course_copy / "quizzes").is_dir(), course_copy
    result = run_the_class_report(share, course_copy, out)
    times["class report (s)"] = round(time.monotonic() - started, 1)
    (ARTIFACTS / "times.json").write_text(json.dumps(times, indent=1) + "\n")
    assert result.returncode == 0, (result.stdout, result.stderr[-3000:])
    assert f"Read 2 learners' results files from {share}." in result.stdout, result.stdout
    (ARTIFACTS / "report").mkdir(exist_ok=True)
    for path in out.iterdir():
        shutil.copy2(path, ARTIFACTS / "report" / path.name)
    check_the_report(out, quizzes)
    print(json.dumps(times, indent=1))
