"""A learner's install shows no instructor tools; the lowest allowed setuptools builds the wheel.

The learner test builds the learner install as the README gives it (a virtual environment
with ``pip install -r requirements.txt -e .``, here with ``-c constraints.txt`` for the tested
versions) under build/learner-venv/, cached by a hash of the files it installs from. It starts
that environment's JupyterLab on 127.0.0.1 with a token, opens the welcome notebook in
headless Chromium and checks that nbgrader's instructor tools are absent: no "Nbgrader" menu,
no "Create Assignment" panel, no formgrader, no nbgrader toolbar button, no nbgrader
extension in the page. The same checks run against the developer environment this test runs
in (it has nbgrader, from requirements-instructor.txt) and must find nbgrader there, so a
check that could not see nbgrader cannot pass. Screenshots go to build/test-artifacts/installs/.

Needs Debian's ``chromium``, Playwright and PyPI for the first build; without Chromium or
Playwright the browser tests skip, except under CI (``CI`` set), where they fail.
"""

from __future__ import annotations

import hashlib
import importlib
import importlib.util
import json
import os
import secrets
import shutil
import subprocess
import sys
import time
import urllib.request
import zipfile
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from conftest import ROOT
from test_browser import browser, free_port, missing, write_settings  # noqa: F401 (fixture)

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page

ARTIFACTS = ROOT / "build" / "test-artifacts" / "installs"
VENVS = ROOT / "build" / "learner-venv"
#: The files the learner install is made from; a change to any of them rebuilds it.
INSTALL_FILES = ("requirements.txt", "constraints.txt", "pyproject.toml")
INSTALL_SECONDS = 900
SERVER_START_SECONDS = 120
PAGE_SECONDS = 120
#: Words of nbgrader's instructor and exchange tools, as its JupyterLab extension shows them
#: (menu, panel titles, toolbar button, launcher and command labels).
NBGRADER_WORDS = ("Nbgrader", "Create Assignment", "Formgrader", "Assignment List",
                  "Course List", "Validate")
#: What the page shows of nbgrader: menu-bar labels, the titles and labels of every element
#: (side-panel tabs, toolbar buttons), the text of the notebook toolbar, and the extensions
#: JupyterLab was given to load.
PAGE_SURVEY = """() => {
  const text = el => (el.innerText || '').trim();
  const labels = [...document.querySelectorAll('[title], [aria-label], [data-command]')]
    .flatMap(el => [el.getAttribute('title'), el.getAttribute('aria-label'),
                    el.getAttribute('data-command')])
    .filter(Boolean);
  const config = JSON.parse(document.getElementById('jupyter-config-data').textContent);
  return {
    menus: [...document.querySelectorAll('.lm-MenuBar-itemLabel')].map(text),
    labels: labels,
    toolbar: [...document.querySelectorAll('.jp-NotebookPanel-toolbar')].map(text).join(' '),
    sidebars: [...document.querySelectorAll('.jp-SideBar .lm-TabBar-tab')].map(
      tab => tab.getAttribute('title') || text(tab)),
    nbgraderElements: document.querySelectorAll(
      '[id*="nbgrader" i], [class*="nbgrader" i], [data-id*="nbgrader" i]').length,
    extensions: (config.federated_extensions || []).map(e => e.name),
  };
}"""


def learner_venv() -> Path:
    """The learner install, built once per version of the files it is made from."""
    digest = hashlib.sha256(sys.version.encode())
    for name in INSTALL_FILES:
        digest.update((ROOT / name).read_bytes())
    venv = VENVS / digest.hexdigest()[:16]
    if (venv / "complete").exists():
        return venv
    if VENVS.exists():
        shutil.rmtree(VENVS)  # an older build of other requirements
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    log = venv / "install.log"
    with log.open("wb") as out:
        result = subprocess.run(
            [str(venv / "bin" / "python"), "-m", "pip", "install", "-r", "requirements.txt",
             "-c", "constraints.txt", "-e", "."],
            cwd=ROOT, stdout=out, stderr=subprocess.STDOUT, timeout=INSTALL_SECONDS,
            env=clean_env(venv))
    if result.returncode != 0:
        pytest.fail(f"the learner install failed:\n{log.read_text()[-3000:]}")
    (venv / "complete").write_text("pip install -r requirements.txt -c constraints.txt -e .\n")
    return venv


def clean_env(venv: Path | None, home: Path | None = None) -> dict[str, str]:
    """The environment of a fresh shell in ``venv``: none of this test run's Python or Jupyter
    settings leak in, and Jupyter keeps its files in ``home``."""
    env = {k: v for k, v in os.environ.items()
           if k not in ("PYTHONPATH", "VIRTUAL_ENV", "JUPYTER_PATH", "JUPYTER_CONFIG_PATH",
                        "PYTHONHOME")}
    if venv is not None:
        env["PATH"] = f"{venv / 'bin'}{os.pathsep}{env.get('PATH', '')}"
        env["VIRTUAL_ENV"] = str(venv)
    if home is not None:
        env.update({"JUPYTER_CONFIG_DIR": str(home / "config"),
                    "JUPYTER_DATA_DIR": str(home / "data"),
                    "JUPYTER_RUNTIME_DIR": str(home / "runtime"),
                    "JUPYTERLAB_SETTINGS_DIR": str(home / "settings"),
                    "JUPYTERLAB_WORKSPACES_DIR": str(home / "workspaces"),
                    "STEMIMMUNE_PROGRESS_FILE": str(home / "progress.json")})
    return env


def start_lab(python: Path, venv: Path | None, home: Path) -> tuple[subprocess.Popen, str]:
    """Start ``python``'s JupyterLab on a copy of the course; its URL with the token."""
    course = home / "course"
    shutil.copytree(ROOT, course, ignore=shutil.ignore_patterns(
        ".venv", ".git", "build", "__pycache__", ".ipynb_checkpoints", "*.egg-info"))
    write_settings(home / "settings")
    token = secrets.token_hex(16)
    env = clean_env(venv, home)
    log = home / "server.log"
    for _attempt in range(3):  # another program may take the free port first
        port = free_port()
        command = [str(python), "-m", "jupyterlab", "--ServerApp.ip=127.0.0.1",
                   f"--ServerApp.port={port}", "--ServerApp.port_retries=0",
                   f"--IdentityProvider.token={token}", "--ServerApp.open_browser=False",
                   f"--ServerApp.root_dir={course}"]
        if os.geteuid() == 0:
            command.append("--allow-root")  # CI containers run as root
        with log.open("wb") as out:
            process = subprocess.Popen(command, cwd=course, env=env, stdout=out,
                                       stderr=subprocess.STDOUT)
        url = f"http://127.0.0.1:{port}/"
        deadline = time.monotonic() + SERVER_START_SECONDS
        while process.poll() is None and time.monotonic() < deadline:
            try:
                urllib.request.urlopen(f"{url}api/status?token={token}", timeout=5).close()
                return process, f"{url}lab/tree/notebooks/00-welcome.ipynb?reset&token={token}"
            except OSError:
                time.sleep(0.5)
        stop(process)
    pytest.fail(f"JupyterLab did not start:\n{log.read_text()[-3000:]}")


def stop(process: subprocess.Popen) -> None:
    process.terminate()
    try:
        process.wait(timeout=30)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def survey_welcome_notebook(browser: Browser, url: str, screenshot: Path) -> dict:  # noqa: F811
    """Open the welcome notebook, wait until JupyterLab has drawn it, and list what shows."""
    page: Page = browser.new_page(viewport={"width": 1400, "height": 900})
    try:
        page.goto(url, timeout=PAGE_SECONDS * 1000)
        page.locator(".jp-NotebookPanel .jp-Cell").first.wait_for(timeout=PAGE_SECONDS * 1000)
        page.locator(".jp-NotebookPanel-toolbar").first.wait_for(timeout=PAGE_SECONDS * 1000)
        page.get_by_text("Help", exact=True).first.wait_for(timeout=PAGE_SECONDS * 1000)
        page.wait_for_timeout(1500)  # the last plugins' buttons and panels
        # Open the right side panel, where nbgrader puts "Create Assignment".
        page.evaluate("() => window.jupyterapp && window.jupyterapp.shell.expandRight"
                      " && window.jupyterapp.shell.expandRight()")
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(screenshot))
        return page.evaluate(PAGE_SURVEY)
    finally:
        page.close()


def nbgrader_shown(survey: dict) -> list[str]:
    """Everything in a page survey that belongs to nbgrader."""
    found = [f"extension {e}" for e in survey["extensions"] if "nbgrader" in e.lower()]
    found += [f"menu {m}" for m in survey["menus"] if m in NBGRADER_WORDS]
    found += [f"side panel {t}" for t in survey["sidebars"]
              if any(w.lower() in t.lower() for w in NBGRADER_WORDS)]
    found += [f"label {lab}" for lab in survey["labels"]
              if "nbgrader" in lab.lower()
              or any(w.lower() == lab.strip().lower() for w in NBGRADER_WORDS)]
    found += [f"toolbar word {w}" for w in NBGRADER_WORDS if w in survey["toolbar"]]
    if survey["nbgraderElements"]:
        found.append(f"{survey['nbgraderElements']} elements with nbgrader in id or class")
    return found


def test_learner_install_has_no_instructor_or_developer_packages():
    venv = learner_venv()
    listed = subprocess.run([str(venv / "bin" / "python"), "-m", "pip", "list",
                             "--format=json"], capture_output=True, text=True, check=True,
                            env=clean_env(venv))
    names = {p["name"].lower().replace("_", "-") for p in json.loads(listed.stdout)}
    for package in ("nbgrader", "jupyterhub", "nbgitpuller", "playwright", "pytest", "nbval",
                    "ruff", "frictionless"):
        assert package not in names, f"the learner install brings {package}"
    for package in ("jupyterlab", "notebook", "ipykernel", "ipywidgets", "jupyterlab-widgets",
                    "stemimmune"):
        assert package in names, f"the learner install lacks {package}"


def test_learner_jupyterlab_shows_no_nbgrader(browser: Browser, tmp_path: Path):  # noqa: F811
    venv = learner_venv()
    process, url = start_lab(venv / "bin" / "python", venv, tmp_path)
    try:
        survey = survey_welcome_notebook(browser, url, ARTIFACTS / "learner-welcome.png")
    finally:
        stop(process)
    assert "File" in survey["menus"] and "Help" in survey["menus"], survey["menus"]
    assert any("@jupyter-widgets/jupyterlab-manager" == e for e in survey["extensions"]), (
        "the learner's JupyterLab has no widget manager, so quizzes would not show")
    assert nbgrader_shown(survey) == [], "a learner sees nbgrader's instructor tools"


def test_the_check_sees_nbgrader_where_it_is_installed(browser: Browser, tmp_path: Path):  # noqa: F811
    """Against the developer environment (which has nbgrader) the same check finds it."""
    if importlib.util.find_spec("nbgrader") is None:
        missing("nbgrader is not installed here (pip install -r requirements-test.txt)")
    process, url = start_lab(Path(sys.executable), None, tmp_path)
    try:
        survey = survey_welcome_notebook(browser, url, ARTIFACTS / "instructor-welcome.png")
    finally:
        stop(process)
    shown = nbgrader_shown(survey)
    assert any(s.startswith("extension @jupyter/nbgrader") for s in shown), shown
    assert "menu Nbgrader" in shown, shown
    assert any("Create Assignment" in s for s in shown), shown


def test_lowest_allowed_setuptools_builds_the_wheel(tmp_path: Path):
    """pyproject.toml asks for setuptools>=77; a wheel must build with exactly 77.0.*."""
    text = (ROOT / "pyproject.toml").read_text()
    assert 'requires = ["setuptools>=77"]' in text
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    python = str(venv / "bin" / "python")
    install = subprocess.run([python, "-m", "pip", "install", "-q", "setuptools==77.0.*"],
                             capture_output=True, text=True, env=clean_env(venv), timeout=300)
    assert install.returncode == 0, install.stdout + install.stderr
    version = subprocess.run([python, "-c", "import setuptools; print(setuptools.__version__)"],
                             capture_output=True, text=True, check=True).stdout.strip()
    assert version.startswith("77.0."), version
    source = tmp_path / "source"  # a copy, so the build leaves nothing in the checkout
    shutil.copytree(ROOT, source, ignore=shutil.ignore_patterns(
        ".venv", ".git", "build", "__pycache__", "*.egg-info", ".ipynb_checkpoints"))
    wheels = tmp_path / "wheels"
    built = subprocess.run([python, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation",
                            "--no-index", "-w", str(wheels), "."], cwd=source,
                           capture_output=True, text=True, env=clean_env(venv), timeout=300)
    assert built.returncode == 0, built.stdout[-3000:] + built.stderr[-3000:]
    (wheel,) = wheels.glob("stemimmune-*.whl")
    with zipfile.ZipFile(wheel) as archive:
        names = archive.namelist()
        metadata = next(n for n in names if n.endswith(".dist-info/METADATA"))
        meta = archive.read(metadata).decode()
    assert "License-Expression: MIT" in meta, meta[:800]
    for packaged in ("stemimmune/engine/quizzes/quiz_schema.json",
                     "stemimmune/engine/quizzes/panel.js", "stemimmune/engine/figures/slider.js",
                     "stemimmune/lessons/lesson06/checks.py"):
        assert packaged in names, packaged
