"""A lesson converted with plain ``jupyter nbconvert --to html`` reads offline: every quiz
shows its question and its options, lettered A, B, C as on the live card.

All lessons are converted with one nbconvert command (no options other than the output
folder), then each page is opened in headless Chromium with every request other than
``file://`` blocked, and the visible text of the outputs is read. The same browser reads the
reference list as JupyterLab renders it. Screenshots go to build/test-artifacts/offline-html/.
Needs Debian's ``chromium`` and ``playwright``; skips without them, except under CI.
"""

from __future__ import annotations

import re
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import LESSONS, ROOT
from test_bibliography import reference_problems
from test_browser import browser, missing, start_server, write_settings  # noqa: F401

from stemimmune.engine.quizzes import load_quiz_file

ARTIFACTS = ROOT / "build" / "test-artifacts" / "offline-html"
LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
#: The two scripts nbconvert's lab template links from a CDN in every page.
TEMPLATE_CDN = re.compile(r"^https://cdnjs\.cloudflare\.com/ajax/libs/(require\.js|mathjax)/")
WITH_QUIZZES = [p for p in LESSONS if (ROOT / "quizzes" / f"{p.stem}.toml").exists()]


def squash(text: str) -> str:
    return " ".join(text.split())


@pytest.fixture(scope="module")
def pages(tmp_path_factory) -> dict[str, Path]:
    out = tmp_path_factory.mktemp("nbconvert")
    subprocess.run([sys.executable, "-m", "jupyter", "nbconvert", "--to", "html",
                    "--output-dir", str(out), *map(str, WITH_QUIZZES)],
                   check=True, capture_output=True, cwd=ROOT, timeout=600)
    return {p.stem: out / f"{p.stem}.html" for p in WITH_QUIZZES}


def test_the_pages_load_no_widget_manager(pages):
    for name, page in pages.items():
        text = page.read_text("utf-8")
        assert "embed-amd.js" not in text and "widget-view+json" not in text, name


@pytest.mark.parametrize("lesson", WITH_QUIZZES, ids=lambda p: p.stem[:2])
def test_every_quiz_reads_offline_with_lettered_options(lesson, pages, browser):  # noqa: F811
    questions = load_quiz_file(ROOT / "quizzes" / f"{lesson.stem}.toml").questions
    context = browser.new_context(viewport={"width": 1280, "height": 1000})
    left_the_machine: list[str] = []

    def only_local(route):
        if route.request.url.startswith("file://"):
            route.continue_()
        else:
            left_the_machine.append(route.request.url)
            route.abort()

    context.route("**/*", only_local)
    page = context.new_page()
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    try:
        page.goto(pages[lesson.stem].as_uri(), wait_until="load")
        page.wait_for_timeout(500)  # anything a script would fetch after load
        outputs = page.locator(".jp-OutputArea-output")
        visible = squash(" ".join(o.inner_text() for o in outputs.all() if o.is_visible()))
        missing_text = []
        for number, question in enumerate(questions, 1):
            if squash(f"Question {number}. {question.prompt}") not in visible:
                missing_text.append(f"question {number}: {question.prompt[:60]}")
            for i, option in enumerate(question.options):
                if squash(f"{LETTERS[i]}. {option.text}") not in visible:
                    missing_text.append(f"question {number}, option {LETTERS[i]}. {option.text}")
        shown = len(re.findall(r"Question \d+\.", visible))
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        page.locator(".jp-OutputArea-output", has_text="Question 1.").first \
            .scroll_into_view_if_needed()
        page.screenshot(path=ARTIFACTS / f"{lesson.stem}.png")
    finally:
        context.close()
    assert missing_text == []
    assert shown >= len(questions)
    # nbconvert's lab template always links require.js and MathJax from a CDN (no lesson
    # needs either); they are blocked here and the page reads without them. Nothing else,
    # in particular no widget manager, may be asked for.
    assert [u for u in left_the_machine if not TEMPLATE_CDN.match(u)] == []
    assert all(u.startswith(("file://", "data:")) or TEMPLATE_CDN.match(u) for u in requests)


def test_the_reference_list_reads_cleanly_in_jupyterlab(browser, tmp_path):  # noqa: F811
    """JupyterLab's own rendering of the references page: no escapes, every link in form."""
    from test_bibliography import Links

    course = tmp_path / "course"
    (course / "notebooks").mkdir(parents=True)
    (course / "notebooks" / "references.ipynb").write_bytes(
        (ROOT / "notebooks" / "references.ipynb").read_bytes())
    write_settings(tmp_path / "settings")
    env = {**__import__("os").environ,
           "JUPYTER_CONFIG_DIR": str(tmp_path / "config"),
           "JUPYTER_DATA_DIR": str(tmp_path / "data"),
           "JUPYTER_RUNTIME_DIR": str(tmp_path / "runtime"),
           "JUPYTERLAB_SETTINGS_DIR": str(tmp_path / "settings"),
           "JUPYTERLAB_WORKSPACES_DIR": str(tmp_path / "workspaces")}
    server = None
    for attempt in range(3):
        server = start_server("lab", course, env, tmp_path / f"server-{attempt}.log")
        if server is not None:
            break
    if server is None:
        pytest.fail("JupyterLab did not start")
    context = browser.new_context(viewport={"width": 1280, "height": 1000})
    try:
        page = context.new_page()
        page.goto(f"{server.url}lab/tree/notebooks/references.ipynb?reset")
        markdown = page.locator(".jp-Notebook .jp-RenderedMarkdown")
        markdown.locator("li").first.wait_for(state="attached", timeout=120_000)
        deadline = time.monotonic() + 30
        html = ""
        while time.monotonic() < deadline:
            html = " ".join(m.inner_html() for m in markdown.all())
            if html.count('id="ref-') >= html.count("<li"):
                break
            time.sleep(0.5)
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=ARTIFACTS / "jupyterlab-references.png")
    finally:
        context.close()
        server.stop()
    items = Links(html).items
    assert len(items) > 100, html[:1500]
    assert reference_problems(items, "JupyterLab") == []
