"""Generate the student exercises in ``exercises/`` from the answered ones in ``solutions/``.

Run from the course folder:

    python tools/make_exercises.py          # write exercises/
    python tools/make_exercises.py --check  # exit 1 if exercises/ is not what it would write

This runs nbgrader's own preprocessors, in the order ``nbgrader generate_assignment`` runs
them, minus the two that need an nbgrader database or header files: lock the graded cells,
replace everything between ``### BEGIN SOLUTION`` and ``### END SOLUTION`` with the stub
set in ``nbgrader_config.py``, clear outputs, drop hidden tests, and record checksums.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import nbformat
from nbgrader.converters import GenerateAssignment
from nbgrader.preprocessors import (
    CheckCellMetadata,
    ClearHiddenTests,
    ClearMarkScheme,
    ClearOutput,
    ClearSolutions,
    ComputeChecksums,
    LockCells,
)
from traitlets.config import Config, PyFileConfigLoader

ROOT = Path(__file__).resolve().parent.parent

PIPELINE = (LockCells, ClearSolutions, ClearOutput, CheckCellMetadata, ComputeChecksums,
            ClearHiddenTests, ClearMarkScheme, ComputeChecksums, CheckCellMetadata)


def course_config(root: Path = ROOT) -> Config:
    """The nbgrader settings instructors use too (``nbgrader_config.py``)."""
    return PyFileConfigLoader("nbgrader_config.py", path=str(root)).load_config()


def course_steps(config: Config) -> tuple[type, ...]:
    """The course's own steps that ``nbgrader_config.py`` puts before nbgrader's (today one:
    giving an exercise's reference anchors the exercise's tag)."""
    defaults = GenerateAssignment.class_traits()["preprocessors"].default()
    return tuple(step for step in config.GenerateAssignment.get("preprocessors", [])
                 if step not in defaults)


def student_version(solution: Path, config: Config) -> str:
    """The exercise notebook generated from one solution notebook, as text."""
    nb = nbformat.read(solution, as_version=4)
    resources = {"nbgrader": {"notebook": solution.stem, "assignment": solution.stem}}
    for step in (*course_steps(config), *PIPELINE):
        nb, resources = step(config=config).preprocess(nb, resources)
    nb.metadata.pop("widgets", None)  # no saved widget state in a notebook never run
    return nbformat.writes(nb) + "\n"


def stale_exercises(root: Path = ROOT) -> dict[Path, str | None]:
    """Exercise files that differ from what the solutions generate (None: should not exist)."""
    config = course_config(root)
    wanted = {root / "exercises" / s.name: student_version(s, config)
              for s in sorted((root / "solutions").glob("*.ipynb"))}
    stale: dict[Path, str | None] = {
        path: text for path, text in wanted.items()
        if not path.exists() or path.read_text("utf-8") != text}
    for extra in (root / "exercises").glob("*.ipynb"):
        if extra not in wanted:
            stale[extra] = None
    return stale


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="report; change nothing")
    args = parser.parse_args(argv)
    stale = stale_exercises()
    for path, text in stale.items():
        rel = path.relative_to(ROOT)
        if args.check:
            print(f"out of date: {rel}")
        elif text is None:
            path.unlink()
            print(f"removed (no solution for it): {rel}")
        else:
            path.write_text(text, "utf-8")
            print(f"written: {rel}")
    if args.check and stale:
        print("Run: python tools/make_exercises.py")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
