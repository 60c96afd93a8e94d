"""Re-executing an unchanged notebook leaves it byte-identical.

The committed notebooks are the output of ``tools/execute_notebooks.py``. The test copies
the course to a temporary folder, runs that tool there on every lesson and worked solution
(exactly as an author does after an edit), and compares each file, byte for byte, with the
committed one. A difference means that a run-specific value (a widget model id, a timing, a
temporary path, a random number) reached the saved file, so every re-run would churn in
review.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT

EXECUTED = sorted([*(ROOT / "notebooks").glob("[0-9]*.ipynb"),
                   *(ROOT / "solutions").glob("*.ipynb")])


@pytest.fixture(scope="module")
def rerun(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the course in which every lesson and solution was executed again."""
    copy = tmp_path_factory.mktemp("rerun") / "course"
    shutil.copytree(ROOT, copy, ignore=shutil.ignore_patterns(
        ".venv", ".git", "build", "__pycache__", ".ipynb_checkpoints", "*.egg-info"))
    result = subprocess.run([sys.executable, "tools/execute_notebooks.py"], cwd=copy,
                            capture_output=True, text=True, timeout=1800)
    assert result.returncode == 0, result.stderr[-3000:]
    return copy


@pytest.mark.parametrize("path", EXECUTED, ids=lambda p: f"{p.parent.name}/{p.stem[:12]}")
def test_executing_again_changes_no_byte(rerun: Path, path: Path) -> None:
    again = rerun / path.relative_to(ROOT)
    assert again.read_bytes() == path.read_bytes(), (
        f"re-executing {path.relative_to(ROOT)} changed it: compare it with {again}")
