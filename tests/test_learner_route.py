"""The learner's route, exactly as the README gives it, clicked through in headless Chromium.

The test reads the start command from the README (the first ``bash`` block under "## Start
the course") and runs its JupyterLab part, the part after the last ``&&``, from the course
folder. The install before it is already done: the test uses the ``jupyter`` of the Python
that runs pytest (``.venv/bin/`` in the README's test command). It adds only what a headless
run needs: ``--no-browser``, a free port, a token and, as root (CI containers),
``--allow-root``. Chromium then opens the address the server itself gives for the welcome
notebook (its "open in a browser" file).

* ``test_the_start_command_serves_the_course_folder``: the server's root is the course
  folder (``/api/contents`` lists notebooks/, exercises/, solutions/ and data/) and its
  address opens ``notebooks/00-welcome.ipynb``.
* ``test_a_learner_does_exercise_01_and_opens_a_solution``: from the welcome notebook the
  learner follows the link to exercise 01, runs it (Run All), answers its first task with
  the solution's code (read from ``solutions/``, between ``### BEGIN SOLUTION`` and
  ``### END SOLUTION``), runs the check cell and sees its success message; then follows
  lesson 01's solution link and sees the solution open.
* ``test_every_link_opens_its_target``: in one JupyterLab page, as a learner moves through
  the course, each notebook (lessons 00-07, glossary, references, then every exercise and
  worked solution) is brought to the front, reached through the links clicked before it.
  Every distinct link target of its Markdown is clicked: a ``#section`` in the same
  notebook must scroll into view; a lesson, exercise, solution or data file must open in
  the tab in front (at its ``#section`` when the link has one); a web address (DOI,
  PubMed, ...) must open a new browser tab at exactly that address. Web requests are
  answered by the test with a small page, so nothing leaves the machine. Links that share a
  target are handled by JupyterLab alike, so one of them is clicked; the targets JupyterLab
  drew must be exactly those of the Markdown.

A JSON summary and screenshots go to build/test-artifacts/learner-route/. The server runs
with autosave turned off (a JupyterLab setting, not a command option) and the test never
saves, so answering exercise 01 in the browser leaves the course files as they are. Needs
Debian's ``chromium`` and Playwright; without them the tests skip, except under CI (``CI``
set), where they fail.
"""

from __future__ import annotations

import json
import os
import posixpath
import re
import shlex
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import unquote, urlsplit

import pytest
from anchors import link_targets
from conftest import ROOT, read_notebook
from test_browser import browser, choose_from_menu, free_port  # noqa: F401 (fixture)

if TYPE_CHECKING:
    from playwright.sync_api import Browser, BrowserContext, Page

ARTIFACTS = ROOT / "build" / "test-artifacts" / "learner-route"
README = ROOT / "README.md"
#: Every notebook a learner can open, in the order the link test visits them: lessons 00-07,
#: glossary and references, then the exercises and the worked solutions.
NOTEBOOKS = [*sorted((ROOT / "notebooks").glob("*.ipynb")),
             *sorted((ROOT / "exercises").glob("*.ipynb")),
             *sorted((ROOT / "solutions").glob("*.ipynb"))]
WELCOME = "notebooks/00-welcome.ipynb"
EXERCISE = "exercises/01-understanding-stem-cells.ipynb"
SOLUTION = "solutions/01-understanding-stem-cells.ipynb"
LESSON = "notebooks/01-understanding-stem-cells.ipynb"
TASK = "per-second"  # nbgrader grade_id of the exercise cell the learner answers
TOKEN = "learner-route-test"
SERVER_START_SECONDS = 120
OPEN_SECONDS = 60  # a notebook's first opening: rendering its outputs on a busy machine
CLICK_SECONDS = 20
RUN_SECONDS = 300
#: The one JupyterLab setting of the test: never autosave, so that running and answering
#: exercise 01 changes nothing on disk (a learner's JupyterLab saves every two minutes;
#: nothing here depends on it). Everything else is the course's own defaults, from
#: jupyter-settings/ (installed by requirements.txt).
SETTINGS = {"@jupyterlab/docmanager-extension/plugin": {"autosave": False}}

# --- JavaScript run in the page -------------------------------------------------------------
#: The tab in front of the main area: its widget id and the path in its caption.
CURRENT_TAB = """() => {
  const tab = document.querySelector('#jp-main-dock-panel .lm-TabBar-tab.lm-mod-current');
  if (!tab) return null;
  const path = (tab.title.match(/^Path: (.*)$/m) || [])[1] || null;
  return {id: tab.dataset.id, path: path};
}"""
#: The links of a tab's rendered Markdown cells (JupyterLab's own "¶" heading links left
#: out), each marked with its index so the test can click it later.
COLLECT_LINKS = """id => {
  const widget = document.getElementById(id);
  const links = [...widget.querySelectorAll('.jp-MarkdownCell .jp-RenderedMarkdown a[href]')]
    .filter(a => !a.classList.contains('jp-InternalAnchorLink'));
  return links.map((a, i) => { a.dataset.routeLink = String(i); return a.getAttribute('href'); });
}"""
#: Whether the tab in front shows `path` and, if `fragment` is set, an element with that
#: anchor inside the tab's visible area. Returns a short account either way. JupyterLab's
#: sanitizer turns each heading's and each ``<a id="...">``'s id into ``data-jupyter-id``,
#: and scrolls to that on a ``#fragment`` click; a plain id or name is accepted too.
LANDED = """([path, fragment]) => {
  const tab = document.querySelector('#jp-main-dock-panel .lm-TabBar-tab.lm-mod-current');
  const shown = tab ? ((tab.title.match(/^Path: (.*)$/m) || [])[1] || '') : '';
  if (shown !== path) return {ok: false, why: `tab in front shows ${shown || 'nothing'}`};
  if (!fragment) return {ok: true, why: 'opened'};
  const widget = document.getElementById(tab.dataset.id);
  const q = CSS.escape(fragment);
  const target = widget.querySelector(
    `[data-jupyter-id="${q}"], [id="${q}"], a[name="${q}"]`);
  if (!target) return {ok: false, why: `no element with id ${fragment}`};
  const view = (widget.querySelector('.jp-WindowedPanel-outer') || widget).getBoundingClientRect();
  const box = target.getBoundingClientRect();
  if (box.top < view.top - 2 || box.top > view.bottom - 10)
    return {ok: false, why: `#${fragment} is not scrolled into view (top ${Math.round(box.top)},
      view ${Math.round(view.top)}-${Math.round(view.bottom)})`};
  return {ok: true, why: `scrolled to #${fragment}, ${Math.round(box.top - view.top)} px from top`};
}"""
#: Scroll a link into the middle of its notebook, as a reader does, and click it.
CLICK = "a => { a.scrollIntoView({block: 'center'}); a.click(); }"
#: True once no code cell of the tab is queued or running ("[*]:") and one has run.
RUN_FINISHED = """id => {
  const prompts = [...document.getElementById(id).querySelectorAll('.jp-CodeCell .jp-InputPrompt')]
    .map(p => p.innerText.trim());
  return prompts.length > 0 && !prompts.includes('[*]:')
    && prompts.some(p => /^\\[\\d+\\]:$/.test(p));
}"""


# --- The README's command -------------------------------------------------------------------
def readme_start_command() -> str:
    """The first ``bash`` block under "## Start the course"."""
    section = README.read_text().split("\n## Start the course\n", 1)[1].split("\n## ", 1)[0]
    match = re.search(r"```bash\n(.+?)\n```", section, re.S)
    assert match, "no ```bash block under '## Start the course' in README.md"
    return match.group(1).strip()


def learner_command(port: int) -> list[str]:
    """The README's JupyterLab invocation, with only headless, port and token options added."""
    words = shlex.split(readme_start_command().rsplit("&&", 1)[1])
    assert words[0] == ".venv/bin/jupyter" and words[1] == "lab", words
    bin_dir = Path(sys.executable).parent  # the venv that runs the tests
    command = [str(bin_dir / "jupyter"), *words[1:],
               "--no-browser", f"--ServerApp.port={port}", "--ServerApp.port_retries=0",
               f"--IdentityProvider.token={TOKEN}"]
    if os.geteuid() == 0:  # CI containers run as root
        command.append("--allow-root")
    return command


# --- The server -----------------------------------------------------------------------------
def course_checkpoints() -> set[Path]:
    """The checkpoint folders in the course's own folders (a developer may have some)."""
    return {path for folder in ("notebooks", "exercises", "solutions", "data")
            for path in (ROOT / folder).rglob(".ipynb_checkpoints")}


@dataclass
class LearnerServer:
    url: str  # http://localhost:PORT/
    open_url: str  # the address the server gives for the file it was asked to open
    command: list[str]
    process: subprocess.Popen[bytes]
    checkpoints_before: set[Path] = field(default_factory=set)

    def api(self, path: str, method: str = "GET") -> Any:
        request = urllib.request.Request(f"{self.url}api/{path}", method=method,
                                         headers={"Authorization": f"token {TOKEN}"})
        with urllib.request.urlopen(request, timeout=20) as response:
            body = response.read()
        return json.loads(body) if body else None

    def wait_until_idle(self, path: str, timeout: float = RUN_SECONDS) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            states = [s["kernel"]["execution_state"] for s in self.api("sessions")
                      if s["path"] == path]
            if states and all(state == "idle" for state in states):
                return
            time.sleep(0.5)
        raise AssertionError(f"the kernel of {path} did not go idle in {timeout} s")

    def shut_down_kernels(self) -> None:
        for session in self.api("sessions"):
            self.api(f"sessions/{session['id']}", method="DELETE")

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


@pytest.fixture(scope="module")
def learner_server(browser: Browser, tmp_path_factory: pytest.TempPathFactory,  # noqa: F811
                   ) -> Iterator[LearnerServer]:
    """JupyterLab started by the README's command, from the course folder (module scope).

    Its runtime, settings and workspace files go to a temporary folder, so a developer's own
    JupyterLab state neither changes the test nor is changed by it; autosave is off, and the
    test never saves, and checkpoints go to the temporary folder too, so the course files
    stay as they are.
    """
    home = tmp_path_factory.mktemp("learner-route")
    for plugin, values in SETTINGS.items():
        path = home / "settings" / f"{plugin}.jupyterlab-settings"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(values))
    # Opening a notebook makes the server write a checkpoint beside it; send those to the
    # temporary folder (a setting, not a flag), so the course folder is left exactly as it was.
    (home / "config").mkdir()
    (home / "config" / "jupyter_server_config.json").write_text(json.dumps(
        {"FileCheckpoints": {"checkpoint_dir": str(home / "checkpoints")}}))
    env = {**os.environ,
           "JUPYTER_CONFIG_DIR": str(home / "config"),
           "JUPYTER_RUNTIME_DIR": str(home / "runtime"),
           "JUPYTERLAB_SETTINGS_DIR": str(home / "settings"),
           "JUPYTERLAB_WORKSPACES_DIR": str(home / "workspaces")}
    port = free_port()
    command = learner_command(port)
    log = home / "server.log"
    before = course_checkpoints()
    with log.open("wb") as out:
        process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=out,
                                   stderr=subprocess.STDOUT)
    running = None
    deadline = time.monotonic() + SERVER_START_SECONDS
    while process.poll() is None and time.monotonic() < deadline:
        # The server writes this file once it is listening: the address of the file to run.
        opened = sorted((home / "runtime").glob("jpserver-file-to-run-*-open.html"))
        if opened:
            match = re.search(r'href="([^"]+)"', opened[0].read_text())
            if match:
                running = LearnerServer(f"http://localhost:{port}/", match.group(1),
                                        command, process, before)
                break
        time.sleep(0.5)
    if running is None:
        process.kill()
        process.wait()
        pytest.fail(f"JupyterLab did not start with {shlex.join(command)}:\n"
                    f"{log.read_text()[-3000:]}")
    try:
        yield running
    finally:
        running.stop()


@pytest.fixture()
def page(browser: Browser) -> Iterator[Page]:  # noqa: F811
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.set_default_timeout(OPEN_SECONDS * 1000)
    yield context.new_page()
    context.close()


# --- Helpers for the page -------------------------------------------------------------------
def current_tab(page: Page) -> dict[str, str]:
    return page.evaluate(CURRENT_TAB) or {}


def wait_for_tab(page: Page, path: str, fragment: str = "",
                 seconds: float = OPEN_SECONDS) -> tuple[bool, str]:
    """Wait until the tab in front shows `path` (scrolled to `fragment`); (passed, account)."""
    deadline = time.monotonic() + seconds
    while True:
        result = page.evaluate(LANDED, [path, fragment])
        if result["ok"] or time.monotonic() > deadline:
            return result["ok"], result["why"]
        time.sleep(0.1)


def wait_until_drawn(page: Page, tab_id: str, notebook: Path) -> None:
    """Wait until every Markdown cell of the notebook in that tab is rendered, with (at
    least) as many links as its Markdown source has."""
    markdown = [c.source for c in read_notebook(notebook).cells if c.cell_type == "markdown"]
    links = sum(len(link_targets(source)) for source in markdown)
    page.wait_for_function(
        "([id, cells, links]) => { const w = document.getElementById(id); if (!w) return false;"
        " const drawn = w.querySelectorAll('.jp-MarkdownCell .jp-RenderedMarkdown').length;"
        " const hrefs = w.querySelectorAll('.jp-MarkdownCell .jp-RenderedMarkdown a[href]"
        ":not(.jp-InternalAnchorLink)').length; return drawn >= cells && hrefs >= links; }",
        arg=[tab_id, len(markdown), links], timeout=OPEN_SECONDS * 1000)


def open_notebook(page: Page, url: str, path: str) -> str:
    """Open a notebook in a fresh workspace; return the id of its tab."""
    page.goto(url)
    ok, why = wait_for_tab(page, path)
    assert ok, f"{url} did not open {path}: {why}"
    tab_id = current_tab(page)["id"]
    wait_until_drawn(page, tab_id, ROOT / path)
    return tab_id


def screenshot(page: Page, name: str) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=ARTIFACTS / f"{name}.png")


# --- The tests ------------------------------------------------------------------------------
def test_the_start_command_serves_the_course_folder(learner_server: LearnerServer) -> None:
    assert "--ServerApp.root_dir=." in learner_server.command
    root = learner_server.api("contents")
    assert root["path"] == ""
    folders = {item["name"] for item in root["content"] if item["type"] == "directory"}
    assert {"notebooks", "exercises", "solutions", "data"} <= folders, folders
    assert learner_server.api(f"contents/{EXERCISE}?content=0")["type"] == "notebook"
    opens = urlsplit(learner_server.open_url)
    assert opens.path == f"/lab/tree/{WELCOME}", learner_server.open_url
    assert opens.query == f"token={TOKEN}"


def solution_code(grade_id: str) -> tuple[str, str]:
    """The solution's code between the markers for that task, and its check's message."""
    cells = read_notebook(ROOT / SOLUTION).cells
    index = next(i for i, c in enumerate(cells)
                 if c.metadata.get("nbgrader", {}).get("grade_id") == grade_id)
    code = re.search(r"### BEGIN SOLUTION\n(.*?)\n[ \t]*### END SOLUTION", cells[index].source,
                     re.S).group(1)
    check = cells[index + 1]  # the check cell follows the task
    message = "".join(o.get("text", "") for o in check.outputs if o.output_type == "stream")
    return code, message.strip().splitlines()[0]


def test_a_learner_does_exercise_01_and_opens_a_solution(
        learner_server: LearnerServer, page: Page) -> None:
    record: dict[str, Any] = {}
    try:
        welcome_tab = open_notebook(page, learner_server.open_url, WELCOME)
        screenshot(page, "01-welcome")
        link = page.locator(f'[id="{welcome_tab}"] .jp-RenderedMarkdown '
                            f'a[href*="/files/{EXERCISE}"]').first
        record["exercise_link"] = (link.text_content() or "").strip()
        link.scroll_into_view_if_needed()
        link.click()
        ok, why = wait_for_tab(page, EXERCISE)
        assert ok, f"the welcome notebook's exercise link did not open {EXERCISE}: {why}"
        exercise_tab = current_tab(page)["id"]
        learner_server.wait_until_idle(EXERCISE)

        # Run All, as a learner does first: the tasks are not answered yet.
        choose_from_menu(page, "Run", "Run All Cells")
        page.wait_for_function(RUN_FINISHED, arg=exercise_tab, timeout=RUN_SECONDS * 1000)
        learner_server.wait_until_idle(EXERCISE)
        notebook = page.locator(f'[id="{exercise_tab}"]')
        task = notebook.locator(".jp-CodeCell").filter(has_text="def per_second(").first
        check = notebook.locator(".jp-CodeCell").filter(has_text="check_per_second(").first
        record["check_before"] = check.locator(".jp-OutputArea").inner_text().strip()

        # Answer the task with the solution's code, run it, then run its check.
        code, success = solution_code(TASK)
        exercise_cell = next(c for c in read_notebook(ROOT / EXERCISE).cells
                             if c.metadata.get("nbgrader", {}).get("grade_id") == TASK)
        placeholder = re.search(r"[ \t]*# YOUR CODE HERE\n.*", exercise_cell.source, re.S)
        answer = exercise_cell.source[:placeholder.start()] + code
        task.locator(".cm-content").click()
        page.keyboard.press("Control+a")
        page.keyboard.insert_text(answer)
        page.keyboard.press("Shift+Enter")
        check.locator(".cm-content").click()
        page.keyboard.press("Shift+Enter")
        check.locator(".jp-OutputArea", has_text=success[:20]).wait_for(
            timeout=CLICK_SECONDS * 1000)
        record["check_after"] = check.locator(".jp-OutputArea").inner_text().strip()
        assert record["check_after"].startswith(success), record["check_after"]
        assert record["check_before"] != record["check_after"]
        check.scroll_into_view_if_needed()
        screenshot(page, "02-exercise-01-answered")

        # A lesson's link to its worked solution.
        lesson_tab = open_notebook(page, f"{learner_server.url}lab/tree/{LESSON}?reset", LESSON)
        link = page.locator(f'[id="{lesson_tab}"] .jp-RenderedMarkdown '
                            f'a[href*="/files/{SOLUTION}"]').first
        record["solution_link"] = (link.text_content() or "").strip()
        link.scroll_into_view_if_needed()
        link.click()
        ok, why = wait_for_tab(page, SOLUTION)
        assert ok, f"lesson 01's solution link did not open {SOLUTION}: {why}"
        solution = page.locator(f'[id="{current_tab(page)["id"]}"]')
        answers = solution.locator(".jp-CodeCell", has_text="### BEGIN SOLUTION")
        answers.first.wait_for()
        record["solution_cells"] = answers.count()
        answers.first.scroll_into_view_if_needed()
        screenshot(page, "03-solution-01")
    except Exception:
        screenshot(page, "exercise-route-failed")
        raise
    finally:
        learner_server.shut_down_kernels()
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        (ARTIFACTS / "exercise.json").write_text(
            json.dumps(record, indent=1, ensure_ascii=False) + "\n")


#: Screenshots of a few landings: (notebook clicked in, target path, fragment).
SHOTS = {("notebooks/07-course-review.ipynb",
          "notebooks/03-conditions-that-might-benefit.ipynb"): "04-anchor-in-another-lesson",
         ("notebooks/references.ipynb", "data/mist_trial_outcomes.csv"): "05-data-file",
         ("notebooks/glossary.ipynb", "notebooks/glossary.ipynb"): "06-glossary-anchor"}


# --- Every link -----------------------------------------------------------------------------
#: The page a web address gets in this offline test, in place of the real site.
STAND_IN = "<!doctype html><title>stand-in</title><p>Offline stand-in for a web address.</p>"
EXTERNAL = re.compile(r"^(https?:|mailto:)")


def click_tab(page: Page, tab_id: str) -> None:
    """Bring a notebook's tab to the front by clicking it in the tab bar."""
    page.locator(f'#jp-main-dock-panel .lm-TabBar-tab[data-id="{tab_id}"]').click()
    page.wait_for_function(f"() => ({CURRENT_TAB})()?.id === {json.dumps(tab_id)}")


def tab_of(page: Page, path: str) -> str | None:
    """The id of the open tab that shows `path`, if there is one."""
    return page.evaluate(
        """path => { const tab = [...document.querySelectorAll(
            '#jp-main-dock-panel .lm-TabBar-tab')]
          .find(t => ((t.title.match(/^Path: (.*)$/m) || [])[1] || '') === path);
          return tab ? tab.dataset.id : null; }""", path)


def source_targets(notebook: Path) -> tuple[set[tuple[str, str]], set[str]]:
    """The Markdown's course-internal link targets, as (path from the course folder,
    fragment), and its web addresses."""
    here = notebook.relative_to(ROOT).as_posix()
    internal, external = set(), set()
    for cell in read_notebook(notebook).cells:
        if cell.cell_type != "markdown":
            continue
        for target in link_targets(cell.source):
            if EXTERNAL.match(target):
                external.add(target)
                continue
            file, _, fragment = target.partition("#")
            where = posixpath.normpath(posixpath.join(posixpath.dirname(here), unquote(file)))
            internal.add((where if file else here, unquote(fragment)))
    return internal, external


def rendered_target(href: str, server: LearnerServer, here: str) -> tuple[str, str] | str:
    """(path, fragment) that JupyterLab made of a course link, or the web address itself."""
    if href.startswith("#"):
        return here, unquote(href[1:])
    if EXTERNAL.match(href) and not href.startswith(server.url):
        return href
    parts = urlsplit(href)
    route = parts.path[len(urlsplit(server.url).path):]
    if route.startswith("files/"):
        return unquote(route[len("files/"):]), unquote(parts.fragment)
    return f"<not a course file: {href}>", ""


@dataclass
class LinkRecord:
    """What the link test saw, for the failure message and the JSON summary."""

    notebooks: list[dict[str, Any]] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)


def open_web_link(page: Page, context: BrowserContext, index: int, tab_id: str,
                  address: str) -> tuple[bool, str]:
    """Click a web link; it must open a new browser tab at exactly its address."""
    link = page.locator(f'[id="{tab_id}"] a[data-route-link="{index}"]')
    try:
        with context.expect_page(timeout=CLICK_SECONDS * 1000) as opened:
            link.evaluate(CLICK)
        popup = opened.value
    except Exception as error:  # noqa: BLE001 (reported as the link's failure)
        return False, f"no new tab opened ({type(error).__name__})"
    popup.wait_for_load_state("domcontentloaded")
    landed = popup.url
    popup.close()
    if landed != address:
        return False, f"new tab opened {landed}"
    return True, "opened in a new tab"


def check_links(page: Page, context: BrowserContext, server: LearnerServer, notebook: Path,
                record: LinkRecord) -> None:
    """Bring one notebook to the front and click each distinct target of its links once."""
    here = notebook.relative_to(ROOT).as_posix()
    started = time.monotonic()
    tab_id = tab_of(page, here)
    if tab_id is None:
        record.failures.append(f"{here}: no link in the notebooks before it opened it")
        tab_id = open_notebook(page, f"{server.url}lab/tree/{here}", here)
    else:
        click_tab(page, tab_id)
        wait_until_drawn(page, tab_id, notebook)
    hrefs: list[str] = page.evaluate(COLLECT_LINKS, tab_id)
    first: dict[tuple[str, str] | str, int] = {}
    for index, href in enumerate(hrefs):
        first.setdefault(rendered_target(href, server, here), index)
    internal, external = source_targets(notebook)
    drawn_internal = {t for t in first if isinstance(t, tuple)}
    drawn_external = {t for t in first if isinstance(t, str)}
    for path, fragment in sorted(internal - drawn_internal):
        record.failures.append(f"{here}: JupyterLab drew no link to {path}#{fragment}")
    for address in sorted(external - drawn_external):
        record.failures.append(f"{here}: JupyterLab drew no link to {address}")
    for target in sorted(drawn_internal - internal, key=str):
        record.failures.append(f"{here}: a drawn link goes to {target}, not in the Markdown")
    clicks: list[dict[str, Any]] = []
    shots = {target: name for (source, target), name in SHOTS.items() if source == here}
    for target, index in first.items():
        clicked = time.monotonic()
        if isinstance(target, str):
            ok, why = open_web_link(page, context, index, tab_id, target)
            shown = target
        else:
            path, fragment = target
            page.locator(f'[id="{tab_id}"] a[data-route-link="{index}"]').evaluate(CLICK)
            ok, why = wait_for_tab(page, path, fragment,
                                   seconds=CLICK_SECONDS if tab_of(page, path) else OPEN_SECONDS)
            shown = f"{path}#{fragment}" if fragment else path
            if path in shots and (fragment or path.endswith(".csv")):
                screenshot(page, shots.pop(path))
            if current_tab(page).get("id") != tab_id:
                click_tab(page, tab_id)
        clicks.append({"target": shown, "ok": ok, "result": why,
                       "seconds": round(time.monotonic() - clicked, 2)})
        if not ok:
            if len(record.failures) < 3:
                screenshot(page, f"link-failed-{len(record.failures) + 1}")
            record.failures.append(f"{here}: link {hrefs[index]} -> {shown}: {why}")
    record.notebooks.append({
        "notebook": here, "links": len(hrefs), "targets_clicked": len(clicks),
        "web_addresses": len(drawn_external), "failed": sum(not c["ok"] for c in clicks),
        "seconds": round(time.monotonic() - started, 1), "clicks": clicks})
    server.shut_down_kernels()  # each notebook the clicks opened started one


def test_every_link_opens_its_target(learner_server: LearnerServer, browser: Browser,  # noqa: F811
                                     ) -> None:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.set_default_timeout(OPEN_SECONDS * 1000)
    # Web addresses get a stand-in page: the test never reaches the internet.
    context.route(re.compile(r"^https?://(?!localhost[:/]|127\.0\.0\.1[:/])"),
                  lambda route: route.fulfill(status=200, content_type="text/html",
                                              body=STAND_IN))
    page = context.new_page()
    record = LinkRecord()
    try:
        open_notebook(page, learner_server.open_url, WELCOME)
        for notebook in NOTEBOOKS:
            check_links(page, context, learner_server, notebook, record)
    finally:
        context.close()
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        (ARTIFACTS / "links.json").write_text(
            json.dumps(record.__dict__, indent=1, ensure_ascii=False) + "\n")
    assert not record.failures, (
        f"{len(record.failures)} links did not open their targets "
        f"(details in {ARTIFACTS / 'links.json'}):\n" + "\n".join(record.failures[:40]))


def test_the_course_folder_is_left_as_it_was(learner_server: LearnerServer) -> None:
    """Opening notebooks wrote no checkpoint folder into the course (they go to a temp folder)."""
    new = course_checkpoints() - learner_server.checkpoints_before
    assert not new, f"the server wrote checkpoints into the course: {sorted(map(str, new))}"
