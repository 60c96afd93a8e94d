"""The package's layout is its design: engine apart from lesson content, one-way imports.

import-linter checks the contracts in ``pyproject.toml`` (``[tool.importlinter]``): lesson
content may import the engine and never the reverse, lessons do not import each other, the
engine's parts are layered, and what a learner runs needs only the learner set. These tests
run it as a maintainer would (``lint-imports``), show that it really catches a wrong import,
and check that every subpackage states its public API.
"""

from __future__ import annotations

import importlib
import json
import os
import pkgutil
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import stemimmune.engine
import stemimmune.lessons

ROOT = Path(__file__).resolve().parent.parent
LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")
SUBPACKAGES = sorted(
    [f"stemimmune.engine.{info.name}" for info in pkgutil.iter_modules(stemimmune.engine.__path__)
     if info.ispkg]
    + [f"stemimmune.lessons.{info.name}"
       for info in pkgutil.iter_modules(stemimmune.lessons.__path__) if info.ispkg])


def lint_imports(folder: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(folder), "COLUMNS": "200"}
    return subprocess.run([str(LINT_IMPORTS), "--no-cache", "--config", "pyproject.toml"],
                          cwd=folder, capture_output=True, text=True, env=env, timeout=300)


def test_the_contracts_are_kept():
    run = lint_imports(ROOT)
    assert run.returncode == 0, run.stdout + run.stderr
    assert re.search(r"Contracts: 4 kept, 0 broken", run.stdout), run.stdout


@pytest.mark.parametrize(("module", "wrong_import", "contract"), [
    ("engine/figures/style.py", "from stemimmune.lessons.lesson01 import lineage",
     "the engine never imports lesson content"),
    ("lessons/lesson05/figures.py", "from stemimmune.lessons.lesson03 import ladder",
     "no lesson imports another"),
    ("engine/progress/store.py", "from stemimmune.engine.quizzes import questions",
     "below them"),
    ("lessons/lesson02/figures.py", "import pybtex",
     "needs only the learner set"),
], ids=["engine-imports-content", "lesson-imports-lesson", "progress-imports-quizzes",
        "lesson-imports-pybtex"])
def test_a_wrong_import_breaks_its_contract(tmp_path, module, wrong_import, contract):
    shutil.copytree(ROOT / "stemimmune", tmp_path / "stemimmune",
                    ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    target = tmp_path / "stemimmune" / module
    target.write_text(target.read_text() + f"\n{wrong_import}  # noqa\n")
    run = lint_imports(tmp_path)
    assert run.returncode == 1, run.stdout + run.stderr
    broken = [line for line in run.stdout.splitlines() if line.rstrip().endswith("BROKEN")]
    assert any(contract in line for line in broken), run.stdout


@pytest.mark.parametrize("name", SUBPACKAGES)
def test_each_subpackage_names_what_it_offers(name):
    package = importlib.import_module(name)
    doc = (package.__doc__ or "").strip()
    assert len(doc.split()) >= 25, f"{name}: say in a paragraph what this subpackage is for"
    assert hasattr(package, "__all__"), f"{name}: list its public names in __all__"
    for public in package.__all__:
        assert hasattr(package, public), f"{name}.__all__ names {public!r}, which is not there"


def test_the_tree_has_an_engine_and_one_folder_per_lesson():
    top = sorted(p.name for p in (ROOT / "stemimmune").iterdir()
                 if p.name not in {"__pycache__"})
    assert top == ["__init__.py", "engine", "lessons"]
    lessons = sorted(info.name for info in pkgutil.iter_modules(stemimmune.lessons.__path__))
    with_code = sorted(f"lesson{nb.name[:2]}" for nb in (ROOT / "solutions").glob("*.ipynb"))
    assert lessons == with_code  # every lesson with an exercise has its folder, and no more


def _imports(path: Path) -> list[str]:
    cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
    code = "\n".join("".join(c["source"]) for c in cells if c["cell_type"] == "code")
    return re.findall(r"^\s*(?:from|import) (stemimmune[\w.]*)", code, flags=re.M)


@pytest.mark.parametrize("path", sorted((ROOT / "notebooks").glob("*.ipynb"))
                         + sorted((ROOT / "solutions").glob("*.ipynb")),
                         ids=lambda p: f"{p.parent.name}/{p.name}")
def test_notebooks_import_from_the_public_subpackages(path):
    for module in _imports(path):
        assert module in SUBPACKAGES, (
            f"{path.name} imports {module}; import from its subpackage instead "
            f"({', '.join(SUBPACKAGES)})")
