"""Run the lessons and solutions top to bottom in a fresh kernel and save them executed.

Run from the course folder:

    python tools/execute_notebooks.py          # every notebook in notebooks/ and solutions/
    python tools/execute_notebooks.py notebooks/01-*.ipynb

Each notebook runs in its own folder (as a learner's would), with widget state saved so the
quizzes show in JupyterLab before anything runs, and without timing metadata so that the
committed file changes only when its content does.
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

import nbformat
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parent.parent


def execute(path: Path, timeout: int = 300) -> None:
    """Execute one notebook in place, with no saved quiz progress (so outputs are the same
    for every author)."""
    os.environ["STEMIMMUNE_PROGRESS_FILE"] = os.path.join(
        tempfile.mkdtemp(prefix="stemimmune-execute-"), "progress.json")
    nb = nbformat.read(path, as_version=4)
    client = NotebookClient(nb, timeout=timeout, kernel_name="python3",
                            resources={"metadata": {"path": str(path.parent)}},
                            record_timing=False, store_widget_state=True)
    client.execute()
    nbformat.write(nb, path)


def main(argv: list[str]) -> int:
    paths = [Path(a).resolve() for a in argv] or sorted(
        p for folder in ("notebooks", "solutions") for p in (ROOT / folder).glob("*.ipynb"))
    for path in paths:
        if not any(c.cell_type == "code" for c in nbformat.read(path, as_version=4).cells):
            continue  # pages without code (glossary, references) stay as written
        print(f"executing {path.relative_to(ROOT) if path.is_relative_to(ROOT) else path}")
        execute(path)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
