"""Shared fixtures: where the course lives, and its lessons, quizzes and notebooks."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import matplotlib
import nbformat
import pytest

matplotlib.use("Agg")

# Saved quiz progress goes to a throwaway file during tests, and the nbval kernels inherit
# this, so a developer's own progress never changes the outputs the tests compare.
os.environ["STEMIMMUNE_PROGRESS_FILE"] = os.path.join(
    tempfile.mkdtemp(prefix="stemimmune-test-"), "progress.json")

ROOT = Path(__file__).resolve().parent.parent
LESSONS = sorted((ROOT / "notebooks").glob("[0-9][0-9]-*.ipynb"))
# Pages that are not lessons: the glossary and the references list.
PAGES = sorted(p for p in (ROOT / "notebooks").glob("*.ipynb") if not p.name[:2].isdigit())
SOLUTIONS = sorted((ROOT / "solutions").glob("*.ipynb"))
EXERCISES = sorted((ROOT / "exercises").glob("*.ipynb"))
QUIZ_FILES = sorted((ROOT / "quizzes").glob("*.toml"))


def read_notebook(path: Path) -> nbformat.NotebookNode:
    return nbformat.read(path, as_version=4)


@pytest.fixture(scope="session")
def root() -> Path:
    return ROOT
