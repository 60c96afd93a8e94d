"""The README's two commands are the ones CI runs, and they open the right notebook."""

from __future__ import annotations

import re

from conftest import ROOT

README = (ROOT / "README.md").read_text()
#: How the start command opens JupyterLab: the course folder as the server's root (so that
#: exercises/, solutions/ and data/ can be reached), at the welcome notebook.
OPEN = "jupyter lab --ServerApp.root_dir=. notebooks/00-welcome.ipynb"


def fenced_commands() -> list[str]:
    return re.findall(r"```bash\n(.+?)\n```", README)


def test_readme_has_an_open_command_and_a_test_command():
    commands = fenced_commands()
    assert commands[0].endswith(f".venv/bin/{OPEN}")
    assert any(c.endswith("python -m pytest") for c in commands)


def test_every_way_to_start_opens_the_course_folder_at_the_welcome_notebook():
    """The "Next time" line, conda, remote and container notes all use the same root."""
    assert f"Next time, run only\n`.venv/bin/{OPEN}`." in README
    assert f"pip install --no-deps -e . ./jupyter-settings && {OPEN}`" in README  # conda
    starts = re.findall(r"jupyter lab [^`\n]*", README)
    assert len(starts) >= 5
    assert all(s.startswith(OPEN) for s in starts), starts
    assert f"{OPEN} --no-browser --port=8888" in README  # remote machine
    assert f"{OPEN} --no-browser --allow-root --ip=0.0.0.0 --port=8888" in README  # container


def test_readme_names_the_static_site_builder():
    assert "`python tools/build_static_site.py`" in README
    assert "build/site/" in README


def test_ci_runs_the_readme_test_command_verbatim():
    test_command = next(c for c in fenced_commands() if c.endswith("python -m pytest"))
    ci_lines = (ROOT / ".ci" / "run").read_text().splitlines()
    assert test_command in ci_lines


def test_both_commands_install_from_the_project_files_alone():
    opening, testing = fenced_commands()[:2]
    assert "pip install -r requirements.txt -e ." in opening  # learners: the version ranges
    assert "pip install -r requirements-test.txt -c constraints.txt -e ." in testing  # CI
