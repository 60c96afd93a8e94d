"""Run the lessons and solutions top to bottom in a fresh kernel and save them executed.

Run from the course folder:

    python tools/execute_notebooks.py          # every notebook in notebooks/ and solutions/
    python tools/execute_notebooks.py notebooks/01-*.ipynb

Each notebook runs in its own folder (as a learner's would), without timing metadata and
with consecutive printed outputs merged, so that the committed file changes only when its
content does (``tests/test_quiet_reruns.py`` checks that a re-run changes no byte).

Widgets are saved in their static form only: each widget output keeps its text/html and
text/plain (every course widget offers both, see ``stemimmune.engine.quizzes``), and the widget view
and widget state are left out. With a saved widget view, nbconvert draws the widget instead
and loads its widget manager from a CDN, so offline the quiz is blank; with a widget view but
no state, JupyterLab shows "Error displaying widget: model not found". Without either, every
front end shows the question and its options before the notebook runs; running a cell
replaces the static form with the live widget.
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

import nbformat
from nbclient import NotebookClient
from nbconvert.preprocessors import CoalesceStreamsPreprocessor

ROOT = Path(__file__).resolve().parent.parent
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"


def static_widgets(nb: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """Keep only the static form of widget outputs: no widget view, no saved widget state.

    Raises ValueError for a widget output with no text/html or text/plain to fall back on.
    """
    nb.metadata.pop("widgets", None)
    for cell in nb.cells:
        for output in cell.get("outputs", []):
            data = output.get("data", {})
            if WIDGET_VIEW in data:
                if "text/html" not in data and "text/plain" not in data:
                    raise ValueError(f"a widget output has no static form:\n{cell.source}")
                del data[WIDGET_VIEW]
    return nb


def execute(path: Path, timeout: int = 300) -> None:
    """Execute one notebook in place, with no saved quiz progress (so outputs are the same
    for every author)."""
    os.environ["STEMIMMUNE_PROGRESS_FILE"] = os.path.join(
        tempfile.mkdtemp(prefix="stemimmune-execute-"), "progress.json")
    nb = nbformat.read(path, as_version=4)
    client = NotebookClient(nb, timeout=timeout, kernel_name="python3",
                            resources={"metadata": {"path": str(path.parent)}},
                            record_timing=False, store_widget_state=False)
    client.execute()
    # One print can arrive as one or two stream messages, depending on timing; merging
    # consecutive ones (nbconvert's own step) makes the saved file the same on every run.
    nb, _ = CoalesceStreamsPreprocessor().preprocess(nb, {})
    nbformat.write(static_widgets(nb), path)


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
