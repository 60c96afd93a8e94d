"""The README's two commands are the ones CI runs, and they open the right notebook."""

from __future__ import annotations

import re

from conftest import ROOT

README = (ROOT / "README.md").read_text()


def fenced_commands() -> list[str]:
    return re.findall(r"```bash\n(.+?)\n```", README)


def test_readme_has_an_open_command_and_a_test_command():
    commands = fenced_commands()
    assert any("jupyter lab notebooks/00-welcome.ipynb" in c for c in commands)
    assert any(c.endswith("python -m pytest") for c in commands)


def test_ci_runs_the_readme_test_command_verbatim():
    test_command = next(c for c in fenced_commands() if c.endswith("python -m pytest"))
    ci_lines = (ROOT / ".ci" / "run").read_text().splitlines()
    assert test_command in ci_lines


def test_both_commands_install_from_the_project_files_alone():
    opening, testing = fenced_commands()[:2]
    assert "pip install -r requirements.txt -e ." in opening  # learners: the version ranges
    assert "pip install -r requirements.txt -c constraints.txt -e ." in testing  # CI: exact
