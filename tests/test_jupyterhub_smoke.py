"""A real JupyterHub on 127.0.0.1: two learners pull the student copy and answer a quiz.

JupyterHub (with configurable-http-proxy) runs with the dummy authenticator and
SimpleLocalProcessSpawner, each learner's home a folder under the test's temporary directory.
In headless Chromium each learner opens the nbgitpuller link to the student copy (built by
tools/make_student_release.py, pulled from its local git repository), logs in on the hub's
own page, lands in JupyterLab on lesson 01, runs every cell, answers a quiz by clicking and
reads the feedback. Then the test checks that each learner's files, quiz progress
(``~/.stemimmune/progress.json``) included, are in their own home only, and that one learner
cannot read the other's files. Screenshots go to build/test-artifacts/hub/.

Without Chromium, Playwright, JupyterHub or configurable-http-proxy the test is skipped,
except in CI (environment variable ``CI`` set), where it fails instead.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import nbformat
import pytest
from conftest import ROOT

sys.path.insert(0, str(ROOT / "tools"))
from make_student_release import build_release  # noqa: E402
from nbgitpuller_link import nbgitpuller_link, repository_folder  # noqa: E402

LEARNERS = ("learner1", "learner2")
PASSWORD = "course-smoke-test"
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
BIN = Path(sys.executable).parent
ARTIFACTS = ROOT / "build" / "test-artifacts" / "hub"
LESSON = sorted((ROOT / "notebooks").glob("01-*.ipynb"))[0].name
LONG = 240_000  # ms: spawning, pulling and starting a kernel on a busy 2-core machine


def missing(reason: str) -> None:
    """Skip on a developer's machine; fail in CI, where everything must be installed."""
    if os.environ.get("CI"):
        pytest.fail(f"{reason} (CI must install it: see .ci/run)")
    pytest.skip(reason)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def hub_config(tmp: Path, port: int) -> str:
    """jupyterhub_config.py for a throwaway hub whose learners live under ``tmp/homes``."""
    return f"""
c.JupyterHub.ip = "127.0.0.1"
c.JupyterHub.port = {port}
c.JupyterHub.hub_ip = "127.0.0.1"
c.JupyterHub.hub_port = {free_port()}
c.ConfigurableHTTPProxy.api_url = "http://127.0.0.1:{free_port()}"
c.ConfigurableHTTPProxy.pid_file = {str(tmp / "proxy.pid")!r}
c.JupyterHub.db_url = {"sqlite:///" + str(tmp / "jupyterhub.sqlite")!r}
c.JupyterHub.cookie_secret_file = {str(tmp / "cookie_secret")!r}
c.JupyterHub.authenticator_class = "dummy"
c.DummyAuthenticator.password = {PASSWORD!r}
c.Authenticator.allowed_users = {set(LEARNERS)!r}
c.JupyterHub.spawner_class = "jupyterhub.spawner.SimpleLocalProcessSpawner"
c.SimpleLocalProcessSpawner.home_dir_template = {str(tmp / "homes" / "{username}")!r}
c.Spawner.cmd = [{str(BIN / "jupyterhub-singleuser")!r}]
c.Spawner.args = ["--allow-root",
                  "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate"]
c.Spawner.default_url = "/lab"
c.Spawner.start_timeout = 240
c.Spawner.http_timeout = 240
"""


def wait_for_health(url: str, process: subprocess.Popen, log: Path, seconds: int) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise AssertionError(f"JupyterHub stopped:\n{log.read_text()[-4000:]}")
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(1)
    raise AssertionError(f"JupyterHub did not answer in {seconds} s:\n{log.read_text()[-4000:]}")


def processes_under(folder: Path) -> list[int]:
    """Processes this test started that are still running: their command line or HOME names
    the test's temporary folder (hub, proxy, single-user servers, kernels)."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit() or int(entry.name) == os.getpid():
            continue
        try:
            text = (entry / "cmdline").read_bytes() + (entry / "environ").read_bytes()
        except OSError:
            continue
        if str(folder).encode() in text:
            found.append(int(entry.name))
    return found


def stop(process: subprocess.Popen, tmp: Path) -> None:
    """Stop the hub (it stops the proxy and the learners' servers), then anything left."""
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=60)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=30)
    for sig in (signal.SIGTERM, signal.SIGKILL):
        left = processes_under(tmp)
        for pid in left:
            try:
                os.kill(pid, sig)
            except ProcessLookupError:
                pass
        if left:
            time.sleep(3)


@pytest.fixture(scope="module")
def hub(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict]:
    try:
        import jupyterhub  # noqa: F401
        import nbgitpuller  # noqa: F401
        import playwright  # noqa: F401
    except ImportError as err:
        missing(f"{err.name} is not installed")
    if not Path(CHROMIUM).exists():
        missing("Chromium is not installed (Debian package chromium)")
    if shutil.which("configurable-http-proxy") is None:
        missing("configurable-http-proxy is not installed (npm install -g "
                "configurable-http-proxy)")
    tmp = tmp_path_factory.mktemp("hub")
    release = build_release(ROOT, tmp / "release" / "course-student")
    port = free_port()
    (tmp / "jupyterhub_config.py").write_text(hub_config(tmp, port), "utf-8")
    env = {key: value for key, value in os.environ.items()
           if key != "STEMIMMUNE_PROGRESS_FILE"}  # learners keep progress in their homes
    env["PATH"] = f"{BIN}{os.pathsep}{env.get('PATH', '')}"
    log = tmp / "jupyterhub.log"
    started = time.monotonic()
    with log.open("w") as out:
        process = subprocess.Popen([str(BIN / "jupyterhub"), "-f",
                                    str(tmp / "jupyterhub_config.py")],
                                   cwd=tmp, env=env, stdout=out, stderr=subprocess.STDOUT)
    try:
        url = f"http://127.0.0.1:{port}"
        wait_for_health(f"{url}/hub/health", process, log, 180)
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        yield {"url": url, "tmp": tmp, "release": release, "log": log,
               "times": {"hub start (s)": round(time.monotonic() - started, 1)}}
    finally:
        stop(process, tmp)


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


def run_all_and_answer_a_quiz(page, name: str, times: dict) -> str:
    """In JupyterLab: run every cell of the open lesson, answer its first quiz, return the
    feedback text."""
    from playwright.sync_api import expect

    status_bar = page.locator("#jp-main-statusbar")
    expect(status_bar).to_contain_text(re.compile(r"Python 3.*\| Idle"), timeout=LONG)
    code_cells = sum(c.cell_type == "code"
                     for c in nbformat.read(ROOT / "notebooks" / LESSON, 4).cells)
    started = time.monotonic()
    for _attempt in range(3):  # a click made while JupyterLab is still settling can be lost
        page.locator(".lm-MenuBar-itemLabel", has_text=re.compile(r"^Run$")).click()
        page.locator(".lm-Menu-itemLabel", has_text=re.compile(r"^Run All Cells$")).click()
        prompts = wait_for_prompts(page, lambda texts: any(re.search(r"\[(\d+|\*)\]", t)
                                                           for t in texts), 30)
        if prompts is not None:
            break
    prompts = wait_for_prompts(page, lambda texts: len(texts) == code_cells and all(
        re.search(r"\[\d+\]", t) for t in texts), LONG / 1000)
    if prompts is None:
        page.screenshot(path=str(ARTIFACTS / f"{name}-run-all-failed.png"))
        raise AssertionError(f"{name}: Run All did not finish")
    times[f"{name} run all (s)"] = round(time.monotonic() - started, 1)
    notebook = page.locator(".jp-NotebookPanel:visible")
    expect(notebook.locator(".stemimmune-quiz").first).to_be_visible(timeout=LONG)
    assert "Error displaying widget" not in notebook.inner_text()
    assert notebook.locator(".jp-OutputArea-output[data-mime-type*='error']").count() == 0

    quiz = notebook.locator(".stemimmune-quiz").first
    quiz.scroll_into_view_if_needed()
    for choice in ("input[type=radio]", "input[type=checkbox]"):
        if quiz.locator(choice).count():
            quiz.locator(choice).first.click()
            break
    else:
        if quiz.locator("select").count():
            quiz.locator("select").first.select_option(index=1)
        else:
            quiz.locator("input[type=text]").first.fill("1")
            quiz.locator("input[type=text]").first.press("Enter")
    quiz.get_by_role("button", name="Check").click()
    expect(quiz).to_contain_text(re.compile("[✔✘ℹ]"), timeout=60_000)
    page.screenshot(path=str(ARTIFACTS / f"{name}-quiz-feedback.png"))
    return quiz.inner_text()


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

    release, tmp, times = hub["release"], hub["tmp"], hub["times"]
    link = nbgitpuller_link(hub["url"], f"file://{release}", "main", f"notebooks/{LESSON}")
    folder = repository_folder(f"file://{release}")
    feedback: dict[str, str] = {}
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            pages = {}
            for name in LEARNERS:
                page = browser.new_context(viewport={"width": 1400, "height": 1000}).new_page()
                pages[name] = page
                started = time.monotonic()
                page.goto(link)
                page.locator("input[name=username]").fill(name, timeout=LONG)
                page.locator("input[name=password]").fill(PASSWORD)
                page.screenshot(path=str(ARTIFACTS / f"{name}-login.png"))
                page.locator("#login_submit").click()
                page.wait_for_url(re.compile(rf"/user/{name}/lab/tree/{folder}/notebooks/"
                                             rf"{re.escape(LESSON)}"), timeout=LONG)
                times[f"{name} login, spawn and nbgitpuller (s)"] = round(
                    time.monotonic() - started, 1)
                feedback[name] = run_all_and_answer_a_quiz(page, name, times)
                status = write_file_through_the_browser(page, name, f"note-{name}.txt",
                                                        f"written by {name}")
                assert status == 201, status
            # with both servers running: each reads their own file, not the other's
            note = f"{hub['url']}/user/learner1/files/note-learner1.txt"
            status, text = open_in_new_tab(pages["learner1"].context, note)
            assert status == 200 and "written by learner1" in text, (status, text[:300])
            status, text = open_in_new_tab(pages["learner2"].context, note)
            assert status == 403 and "written by learner1" not in text, (status, text[:300])
        finally:
            browser.close()
            (ARTIFACTS / "times.json").write_text(json.dumps(times, indent=1) + "\n")

    homes = {name: tmp / "homes" / name for name in LEARNERS}
    for name, home in homes.items():
        other = homes[next(n for n in LEARNERS if n != name)]
        assert (home / folder / "notebooks" / LESSON).exists(), "nbgitpuller did not pull"
        assert not (home / folder / "solutions").exists()
        assert (home / f"note-{name}.txt").read_text() == f"written by {name}"
        assert not (other / f"note-{name}.txt").exists()
        progress = json.loads((home / ".stemimmune" / "progress.json").read_text())
        assert Path(LESSON).stem in json.dumps(progress), progress
        assert feedback[name].strip()
    assert homes["learner1"].resolve() != homes["learner2"].resolve()
    print(json.dumps(times, indent=1))
