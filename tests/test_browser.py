"""Every lesson, run in a real browser: JupyterLab and Notebook 7 in headless Chromium.

For each front end one Jupyter server serves a throwaway copy of the course. For each lesson
the test opens the notebook, clears its outputs, runs every cell from the Run menu and waits
for the kernel to finish. Then it checks what a learner would see: every quiz drawn as a live
widget, no widget or output errors, and one quiz that answers a click with feedback. A
screenshot and the timing of each notebook go to build/test-artifacts/browser/.

Needs Debian's ``chromium`` and the ``playwright`` Python package (never its downloaded
browsers). Without them the tests skip, except under CI (``CI`` set), where they fail.
"""

from __future__ import annotations

import importlib
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
from accessibility import audit, counted, write_report
from conftest import LESSONS, ROOT, read_notebook

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Locator, Page

ARTIFACTS = ROOT / "build" / "test-artifacts" / "browser"
AUDITS = ROOT / "build" / "test-artifacts" / "accessibility"
CHROMIUM = Path(shutil.which("chromium") or "/usr/bin/chromium")  # Debian's package
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
#: Front end -> (Python module that starts its server, URL path that opens a notebook).
FRONT_ENDS = {"lab": ("jupyterlab", "lab/tree"), "notebook7": ("notebook", "notebooks")}
#: Settings for both front ends: draw every cell (not only those on screen, so that all
#: quizzes are in the page to count) and never ask the internet for news.
SETTINGS = {
    "@jupyterlab/notebook-extension/tracker": {"windowingMode": "none"},
    "@jupyterlab/apputils-extension/notification": {"fetchNews": "false",
                                                    "checkForUpdates": False},
}
# Generous limits: lesson 04's simulator is slow, and CI machines share their cores.
SERVER_START_SECONDS = 120
KERNEL_START_SECONDS = 300  # page load and kernel start; also the widgets' drawing after a run
RUN_ALL_SECONDS = 900
#: What the page shows when a widget or an output cannot be drawn ("Javascript Error" is
#: JupyterLab's and Notebook 7's message when an output's renderer fails).
RENDER_ERRORS = ("Error displaying widget", "Error rendering", "Javascript Error")
#: A check, run in the page, that every code cell's prompt matches a pattern: "[ ]:" once
#: outputs are cleared, "[12]:" once the cell has run (a queued or running cell shows "[*]:").
PROMPTS_MATCH = """pattern => {
  const prompts = [...document.querySelectorAll('.jp-Notebook .jp-CodeCell .jp-InputPrompt')];
  return prompts.length > 0 && prompts.every(p => new RegExp(pattern).test(p.innerText.trim()));
}"""


def missing(what: str) -> None:
    """Skip on a developer's machine, but fail in CI, where everything must be installed."""
    if os.environ.get("CI", "").lower() not in ("", "0", "false"):
        pytest.fail(f"{what} (CI is set, so the browser tests must run)", pytrace=False)
    pytest.skip(what)


def quiz_count(notebook: Path) -> int:
    """How many quiz questions a notebook asks: its ``quiz.ask(`` calls in code cells."""
    return sum(cell.source.count("quiz.ask(") for cell in read_notebook(notebook).cells
               if cell.cell_type == "code")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class Server:
    """A Jupyter server (JupyterLab or Notebook 7) on 127.0.0.1, serving a course copy."""

    front_end: str
    url: str
    process: subprocess.Popen[bytes]
    #: The quiz progress file its kernels save to (``STEMIMMUNE_PROGRESS_FILE``).
    progress_file: Path | None = None

    def api(self, path: str, method: str = "GET") -> Any:
        request = urllib.request.Request(f"{self.url}api/{path}", method=method)
        with urllib.request.urlopen(request, timeout=10) as response:
            body = response.read()
        return json.loads(body) if body else None

    def notebook_url(self, notebook: Path) -> str:
        # ?reset: JupyterLab starts from an empty workspace, not the last test's open tabs.
        return f"{self.url}{FRONT_ENDS[self.front_end][1]}/notebooks/{notebook.name}?reset"

    def wait_until_idle(self, notebook: Path, timeout: float = RUN_ALL_SECONDS) -> None:
        """Wait until the notebook's kernel exists and reports that it is idle."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            states = [s["kernel"]["execution_state"] for s in self.api("sessions")
                      if s["path"] == f"notebooks/{notebook.name}"]
            if states and all(state == "idle" for state in states):
                return
            time.sleep(0.5)
        raise AssertionError(f"the kernel of {notebook.name} did not go idle in {timeout} s")

    def shut_down_kernels(self) -> None:
        for session in self.api("sessions"):
            self.api(f"sessions/{session['id']}", method="DELETE")

    def stop(self) -> None:
        """Stop the server (it shuts down its kernels), killing it if it does not stop."""
        self.process.terminate()
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


def write_settings(folder: Path) -> None:
    for plugin, values in SETTINGS.items():
        path = folder / f"{plugin}.jupyterlab-settings"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(values))


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    """Headless Debian Chromium driven by Playwright; skips (or fails in CI) without them.

    Module scope, not session: Playwright's sync API cannot start while another instance is
    running in the same thread, so this one must stop before other test files start theirs.
    """
    if not CHROMIUM.exists():
        missing("Chromium is not installed (Debian: apt-get install chromium)")
    try:
        sync_api = importlib.import_module("playwright.sync_api")
    except ImportError:
        missing("Playwright is not installed (pip install -r requirements-test.txt)")
    playwright = sync_api.sync_playwright().start()
    try:
        chrome = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS,
                                            headless=True)
    except Exception:
        playwright.stop()
        raise
    yield chrome
    chrome.close()
    playwright.stop()


def start_server(front_end: str, course: Path, env: dict[str, str], log: Path) -> Server | None:
    """Start a server on a free port and wait until it answers; None if it stopped or hung."""
    port = free_port()
    command = [sys.executable, "-m", FRONT_ENDS[front_end][0],
               "--ServerApp.ip=127.0.0.1", f"--ServerApp.port={port}",
               "--ServerApp.port_retries=0", "--IdentityProvider.token=",
               "--ServerApp.open_browser=False", f"--ServerApp.root_dir={course}",
               "--ServerApp.allow_root=True",  # CI containers run as root
               "--ServerApp.disable_check_xsrf=True"]  # lets the test end kernels over REST
    with log.open("wb") as out:
        process = subprocess.Popen(command, env=env, stdout=out, stderr=subprocess.STDOUT)
    running = Server(front_end, f"http://127.0.0.1:{port}/", process)
    deadline = time.monotonic() + SERVER_START_SECONDS
    while process.poll() is None and time.monotonic() < deadline:
        try:
            running.api("status")
            return running
        except OSError:
            time.sleep(0.5)
    running.stop()
    return None


@pytest.fixture(scope="module", params=list(FRONT_ENDS))
def server(request: pytest.FixtureRequest, browser: Browser,
           tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """One server per front end for all lessons, on a free port, with no token.

    It serves its own copy of the course, keeps its settings, workspaces and runtime files in
    a temporary folder, and gives its kernels a throwaway quiz progress file.
    """
    front_end: str = request.param
    home = tmp_path_factory.mktemp(f"jupyter-{front_end}")
    course = home / "course"
    shutil.copytree(ROOT, course, ignore=shutil.ignore_patterns(
        ".venv", ".git", "build", "__pycache__", ".ipynb_checkpoints", "*.egg-info"))
    write_settings(home / "settings")
    env = {**os.environ,
           "STEMIMMUNE_PROGRESS_FILE": str(home / "progress.json"),
           "JUPYTER_CONFIG_DIR": str(home / "config"),
           "JUPYTER_RUNTIME_DIR": str(home / "runtime"),
           "JUPYTERLAB_SETTINGS_DIR": str(home / "settings"),
           "JUPYTERLAB_WORKSPACES_DIR": str(home / "workspaces")}
    for attempt in range(3):  # another program may take the free port before the server does
        running = start_server(front_end, course, env, home / f"server-{attempt}.log")
        if running is not None:
            break
    else:
        logs = "\n".join(log.read_text()[-2000:] for log in sorted(home.glob("server-*.log")))
        pytest.fail(f"{front_end} server did not start:\n{logs}")
    running.progress_file = home / "progress.json"
    yield running
    running.stop()


def choose_from_menu(page: Page, menu: str, item: str) -> None:
    """Click a menu bar entry, then one of its items (same menus in both front ends)."""
    page.locator(".lm-MenuBar-itemLabel", has_text=re.compile(f"^{menu}$")).click()
    page.locator(".lm-Menu-itemLabel", has_text=re.compile(f"^{re.escape(item)}$")).click()


def open_and_run_all(page: Page, server: Server, lesson: Path) -> None:
    """Open a lesson, wait for its kernel, run every cell from the Run menu, wait until idle."""
    page.goto(server.notebook_url(lesson))
    page.locator(".jp-Notebook .jp-CodeCell").first.wait_for(timeout=KERNEL_START_SECONDS * 1000)
    server.wait_until_idle(lesson, timeout=KERNEL_START_SECONDS)
    choose_from_menu(page, "Run", "Run All Cells")
    page.wait_for_function(PROMPTS_MATCH, arg=r"^\[\d+\]:$", timeout=RUN_ALL_SECONDS * 1000,
                           polling=500)
    server.wait_until_idle(lesson)


#: Each kind of question, and what marks its widget in the page.
KIND_INPUTS = {"single": "input[type=radio]", "numeric": "input[type=text]",
               "multiple": "input[type=checkbox]", "match": "select"}


def quiz_to_answer(page: Page, lesson: Path, front_end: str) -> tuple[str, Locator]:
    """Pick the quiz to answer so that, across the lessons, each front end answers every kind.

    The kind rotates with the lesson number (and starts one step later in Notebook 7); a
    lesson without that kind has its first quiz answered instead.
    """
    kinds = list(KIND_INPUTS)
    kind = kinds[(int(lesson.name[:2]) + list(FRONT_ENDS).index(front_end)) % len(kinds)]
    quizzes = page.locator(".stemimmune-quiz")
    of_kind = quizzes.filter(has=page.locator(KIND_INPUTS[kind]))
    if of_kind.count():
        return kind, of_kind.first
    first = quizzes.first
    return next(k for k, sel in KIND_INPUTS.items() if first.locator(sel).count()), first


def answer(quiz: Locator, kind: str) -> str:
    """Answer a quiz as a learner would, click Check, and return the feedback text."""
    quiz.scroll_into_view_if_needed()
    if kind == "single":
        quiz.get_by_role("radio").first.check()
    elif kind == "numeric":
        quiz.locator(KIND_INPUTS[kind]).first.fill("5")
    elif kind == "multiple":
        quiz.get_by_role("checkbox").first.check()
    else:
        for menu in quiz.get_by_role("combobox").all():
            menu.select_option(index=1)
    quiz.get_by_role("button", name="Check").click()
    # The feedback is the card's live region ("status").
    feedback = quiz.get_by_role("status")
    feedback.locator("b").wait_for()
    feedback.scroll_into_view_if_needed()  # a tall quiz would push it below the screenshot
    return feedback.inner_text().strip()


def set_theme(page: Page, theme: str) -> None:
    """Choose a theme from JupyterLab's Settings > Theme menu, as a learner would."""
    page.locator(".lm-MenuBar-itemLabel", has_text=re.compile("^Settings$")).click()
    page.locator(".lm-Menu-itemLabel", has_text=re.compile("^Theme$")).hover()
    page.locator(".lm-Menu-itemLabel", has_text=re.compile(f"^{theme}$")).click()
    page.wait_for_function("name => document.body.dataset.jpThemeName === name", arg=theme)
    page.wait_for_timeout(500)  # the theme's style sheet applies


def audit_themes(page: Page, front_end: str, lesson: Path) -> list[str]:
    """Audit the page with axe in the light theme (and, in JupyterLab, the dark one too).

    Returns the serious and critical findings in course content; every finding goes to
    build/test-artifacts/accessibility/.
    """
    themes = ["JupyterLab Light", "JupyterLab Dark"] if front_end == "lab" else ["light"]
    found = []
    for theme in themes:
        if front_end == "lab":
            set_theme(page, theme)
        report = audit(page)
        short = "dark" if "Dark" in theme else "light"
        write_report(AUDITS / f"{front_end}-{short}-{lesson.stem}.json", report,
                     front_end=front_end, theme=theme, notebook=lesson.name)
        if short == "dark":
            page.screenshot(path=ARTIFACTS / f"{front_end}-{lesson.stem}-dark.png")
        found += [f"[{front_end}, {theme}] {line}" for line in counted(report)]
    if front_end == "lab":
        set_theme(page, "JupyterLab Light")
    return found


def page_problems(page: Page) -> list[str]:
    """Widget errors and error output in the notebook's outputs (not in its text)."""
    outputs = " ".join(page.locator(".jp-Notebook .jp-OutputArea").all_inner_texts())
    problems = [f"output says {error!r}" for error in RENDER_ERRORS if error in outputs]
    for stderr in page.locator(
            '.jp-OutputArea-output[data-mime-type="application/vnd.jupyter.stderr"]').all():
        problems.append(f"error output: {stderr.inner_text()[:500]}")
    return problems


@pytest.mark.parametrize("lesson", LESSONS, ids=lambda path: path.stem[:2])
def test_lesson_runs_and_its_quizzes_work_in_the_browser(
        lesson: Path, server: Server, browser: Browser,
        record_property: Any) -> None:
    expected = quiz_count(lesson)
    started = time.monotonic()
    context = browser.new_context(viewport={"width": 1280, "height": 1000})
    context.set_default_timeout(60_000)
    page = context.new_page()
    page_errors: list[str] = []  # uncaught JavaScript errors, kept for the record
    page.on("pageerror", lambda error: page_errors.append(str(error)))
    name = f"{server.front_end}-{lesson.stem}"
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    try:
        page.goto(server.notebook_url(lesson))
        first_cell = page.locator(".jp-Notebook .jp-CodeCell").first
        first_cell.wait_for(timeout=KERNEL_START_SECONDS * 1000)
        server.wait_until_idle(lesson, timeout=KERNEL_START_SECONDS)
        opened = time.monotonic()

        # Clear the saved outputs first, so every quiz counted below was drawn by this run.
        choose_from_menu(page, "Edit", "Clear Outputs of All Cells")
        page.wait_for_function(PROMPTS_MATCH, arg=r"^\[ \]:$")
        assert page.locator(".stemimmune-quiz").count() == 0
        choose_from_menu(page, "Run", "Run All Cells")
        page.wait_for_function(PROMPTS_MATCH, arg=r"^\[\d+\]:$",
                               timeout=RUN_ALL_SECONDS * 1000, polling=500)
        server.wait_until_idle(lesson)
        ran = time.monotonic()

        # Lesson 07's review of the day adds cards of its own ("Review question 1 of N"),
        # as many as the learner's saved answers make due.
        quizzes = page.locator(".stemimmune-quiz").filter(has_not_text="Review question")
        if expected:
            page.wait_for_function(
                f"document.querySelectorAll('.stemimmune-quiz').length >= {expected}",
                timeout=KERNEL_START_SECONDS * 1000)
        assert quizzes.count() == expected, "one quiz widget per quiz.ask( call"
        review = page.get_by_text(re.compile(r"^Review question 1 of \d+"))
        if review.count():
            due = int(re.search(r"of (\d+)", review.first.inner_text())[1])
            assert page.locator(".stemimmune-quiz", has_text="Review question").count() == due
        assert page_problems(page) == []

        kind, feedback = "", ""
        if expected:
            kind, quiz = quiz_to_answer(page, lesson, server.front_end)
            feedback = answer(quiz, kind)
            assert re.match(r"^[✔✘ℹ]", feedback) and len(feedback) > 3, feedback
        page.screenshot(path=ARTIFACTS / f"{name}.png")
        assert page_problems(page) == []
        inaccessible = audit_themes(page, server.front_end, lesson)
        record = {"front_end": server.front_end, "notebook": lesson.name, "quizzes": expected,
                  "answered": kind, "feedback": feedback, "page_errors": page_errors,
                  "open_s": round(opened - started, 1), "run_all_s": round(ran - opened, 1),
                  "total_s": round(time.monotonic() - started, 1)}
        (ARTIFACTS / f"{name}.json").write_text(json.dumps(record, ensure_ascii=False) + "\n")
        for key, value in record.items():
            record_property(key, value)
        assert not inaccessible, (
            f"{len(inaccessible)} serious or critical accessibility findings in the course's "
            f"content (details in {AUDITS}):\n" + "\n".join(inaccessible[:30]))
    except Exception:
        page.screenshot(path=ARTIFACTS / f"{name}-failed.png")
        raise
    finally:
        context.close()
        server.shut_down_kernels()


#: For each lesson with an interactive figure: how a learner changes it, and a phrase the
#: figure's new alt text must then contain.
INTERACTIVE = {
    "02": ("select Cord blood in the Graft menu", "cord blood highlighted"),
    "04": ("press End on the Patients per arm slider", "500 patients per arm"),
}


@pytest.mark.parametrize("lesson", [p for p in LESSONS if p.name[:2] in INTERACTIVE],
                         ids=lambda path: path.stem[:2])
def test_interactive_figure_updates_when_a_control_moves(lesson: Path, server: Server,
                                                        browser: Browser) -> None:
    """Change the control as a learner would; the figure changes in place, with its alt text.

    The first figure is the saved (or freshly run) ordinary output; on the first change it
    becomes a view of PNG bytes sent by the kernel (``stemimmune.engine.figures.FigureView``).
    """
    context = browser.new_context(viewport={"width": 1280, "height": 1000})
    context.set_default_timeout(60_000)
    page = context.new_page()
    name = f"{server.front_end}-{lesson.stem}-interactive"
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    how, phrase = INTERACTIVE[lesson.name[:2]]
    try:
        open_and_run_all(page, server, lesson)
        explorer = page.locator(".stemimmune-explorer").first
        explorer.wait_for(timeout=KERNEL_START_SECONDS * 1000)
        explorer.scroll_into_view_if_needed()
        if lesson.name.startswith("02"):
            explorer.get_by_role("combobox", name="Graft").select_option("Cord blood")
        else:
            slider = explorer.get_by_role("slider", name="Patients per arm")
            slider.focus()
            slider.press("End")
        view = page.locator("img.stemimmune-figure-view")
        view.wait_for(timeout=30_000)
        page.wait_for_function(
            """phrase => [...document.querySelectorAll('img.stemimmune-figure-view')]
                   .some(img => img.alt.includes(phrase) && img.complete
                         && img.naturalWidth > 0)""", arg=phrase, timeout=30_000)
        assert view.count() == 1, f"one figure after we {how}"
        view.scroll_into_view_if_needed()
        page.screenshot(path=ARTIFACTS / f"{name}.png")
        assert page_problems(page) == []
    except Exception:
        page.screenshot(path=ARTIFACTS / f"{name}-failed.png")
        raise
    finally:
        context.close()
        server.shut_down_kernels()


def saved_attempts(path: Path) -> dict[str, dict[str, list[dict[str, Any]]]]:
    """The attempts in a progress file, by notebook and question id."""
    notebooks = json.loads(path.read_text("utf-8"))["notebooks"]
    return {nb: {q: entry["attempts"] for q, entry in questions.items()}
            for nb, questions in notebooks.items()}


def move_back_in_time(path: Path, days: int) -> None:
    """Make a progress file look ``days`` older: every attempt's time moves back."""
    from datetime import datetime, timedelta

    data = json.loads(path.read_text("utf-8"))
    for questions in data["notebooks"].values():
        for entry in questions.values():
            for attempt in entry["attempts"]:
                when = datetime.fromisoformat(attempt["at"]) - timedelta(days=days)
                attempt["at"] = when.isoformat()
    path.write_text(json.dumps(data), "utf-8")


def test_spaced_review_comes_due_after_answers_in_two_lessons(server: Server,
                                                              browser: Browser) -> None:
    """A learner answers in lessons 01 and 02; days later (an older progress file), the
    welcome says reviews are due and lesson 07 asks those questions again, each linked to
    the section that teaches it; answering one saves it to its own lesson."""
    assert server.progress_file is not None
    server.progress_file.unlink(missing_ok=True)  # a learner new to the course
    context = browser.new_context(viewport={"width": 1280, "height": 1000})
    context.set_default_timeout(60_000)
    page = context.new_page()
    name = f"{server.front_end}-spaced-review"
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    lessons = {lesson.name[:2]: lesson for lesson in LESSONS}
    try:
        for number in ("01", "02"):
            open_and_run_all(page, server, lessons[number])
            quiz = page.locator(".stemimmune-quiz").filter(
                has=page.locator("input[type=radio]")).first
            feedback = answer(quiz, "single")
            assert re.match(r"^[✔✘]", feedback), feedback
            server.shut_down_kernels()
        answered = saved_attempts(server.progress_file)
        assert set(answered) == {lessons["01"].stem, lessons["02"].stem}, answered
        move_back_in_time(server.progress_file, days=2)  # two days later

        open_and_run_all(page, server, lessons["00"])
        due = page.get_by_text(re.compile(r"Reviews due today: 2 questions"))
        due.wait_for()
        due.scroll_into_view_if_needed()
        page.screenshot(path=ARTIFACTS / f"{name}-welcome.png")
        server.shut_down_kernels()

        open_and_run_all(page, server, lessons["07"])
        heading = page.get_by_text(re.compile(r"Today's review: 2 questions"))
        heading.wait_for()
        heading.scroll_into_view_if_needed()
        page.screenshot(path=ARTIFACTS / f"{name}-due.png")
        links = page.locator("a", has_text=re.compile(r"^Lesson 0[12] · .*, section "))
        assert links.count() == 2
        # JupyterLab turns a relative link into its /files/ address, and opens it in a tab.
        hrefs = [links.nth(i).get_attribute("href") or "" for i in range(2)]
        for href, number in zip(hrefs, ("01", "02")):
            assert re.search(rf"{lessons[number].name}(\?[^#]*)?#\d\.-", href), href
        cards = page.locator(".stemimmune-quiz", has_text="Review question")
        assert cards.count() == 2
        assert page_problems(page) == []
        feedback = answer(cards.first, "single")
        assert re.match(r"^[✔✘]", feedback), feedback
        page.screenshot(path=ARTIFACTS / f"{name}-answered.png")
        after = saved_attempts(server.progress_file)
        first_question = next(iter(answered[lessons["01"].stem]))
        assert len(after[lessons["01"].stem][first_question]) == 2, after

        # The link opens the lesson that teaches the question, at that section.
        # JupyterLab's sanitizer keeps a heading's id as data-jupyter-id.
        from urllib.parse import unquote

        from playwright.sync_api import expect

        # The first click opens the lesson at its top (JupyterLab and Notebook 7 do not
        # scroll a notebook they are still opening; lesson 07 tells learners so); in
        # JupyterLab, with the lesson open, a click lands on the section.
        fragment = unquote(hrefs[0].rsplit("#", 1)[1])
        if server.front_end == "notebook7":  # one document per browser tab: a new tab opens
            with context.expect_page() as opened:
                links.first.click()
            lesson_page = opened.value  # at the lesson's top: Notebook 7 drops the #section
            lesson_page.locator(f"[data-jupyter-id='{fragment}']").wait_for(
                timeout=KERNEL_START_SECONDS * 1000)
            assert lesson_page.url.endswith(f"/{lessons['01'].name}"), lesson_page.url
            lesson_page.screenshot(path=ARTIFACTS / f"{name}-link.png")
            return
        target = page.locator(f".jp-NotebookPanel:visible [data-jupyter-id='{fragment}']")
        links.first.click()
        target.wait_for(timeout=KERNEL_START_SECONDS * 1000)
        page.locator("#jp-main-dock-panel .lm-TabBar-tab", has_text=lessons["07"].name).click()
        links.first.click()
        expect(target).to_be_in_viewport(timeout=60_000)
        page.screenshot(path=ARTIFACTS / f"{name}-link.png")
    except Exception:
        page.screenshot(path=ARTIFACTS / f"{name}-failed.png")
        raise
    finally:
        context.close()
        server.shut_down_kernels()
