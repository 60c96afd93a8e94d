"""Check that the browser's widget extension fits the kernel's ipywidgets (for hub admins).

    python -m stemimmune.engine.check_widgets                     # this Python is the kernel's
    python -m stemimmune.engine.check_widgets --python /opt/conda/bin/python

The quizzes are ipywidgets. They show only when JupyterLab (and Notebook 7) load the
``@jupyter-widgets/jupyterlab-manager`` extension of the matching major version: ipywidgets 8
needs jupyterlab-manager 5.x (Python package ``jupyterlab_widgets`` 3.x; the classic
Notebook's ``widgetsnbextension`` 4.x), ipywidgets 7 needs jupyterlab-manager 3.x. The
extension is looked up as JupyterLab looks it up: the first ``labextensions`` folder of the
Jupyter data path (``jupyter_core.paths``) that holds it. Exit status: 0 when they match,
1 when something is missing or mismatched; the message says what to do.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

EXTENSION = "@jupyter-widgets/jupyterlab-manager"
# ipywidgets major version -> the jupyterlab-manager major version that renders it
MANAGER_FOR_IPYWIDGETS = {7: 3, 8: 5}
INSTALL_HINT = ('pip install "ipywidgets>=8.1.2,<9" "jupyterlab_widgets>=3,<4" '
                '"widgetsnbextension>=4,<5"')


@dataclass(frozen=True)
class Finding:
    """The outcome of the check: whether widgets will display, and what to tell the admin."""

    ok: bool
    message: str


def labextension_dirs() -> list[Path]:
    """The ``labextensions`` folders JupyterLab searches, first one first."""
    from jupyter_core.paths import jupyter_path

    return [Path(p) for p in jupyter_path("labextensions")]


def find_extension(dirs: Sequence[Path]) -> tuple[str, Path] | None:
    """Version and package.json of the first jupyterlab-manager found in ``dirs``, if any."""
    for folder in dirs:
        package = Path(folder) / EXTENSION / "package.json"
        try:
            version = json.loads(package.read_text("utf-8"))["version"]
        except (OSError, ValueError, KeyError):
            continue
        return str(version), package
    return None


def ipywidgets_version(python: str | None = None) -> str | None:
    """The ipywidgets version of this Python, or of another interpreter; None if missing."""
    if python is None:
        try:
            return metadata.version("ipywidgets")
        except metadata.PackageNotFoundError:
            return None
    code = "import importlib.metadata as m; print(m.version('ipywidgets'))"
    try:
        result = subprocess.run([python, "-c", code], capture_output=True, text=True,
                                timeout=60)
    except (OSError, subprocess.TimeoutExpired):
        return None
    return result.stdout.strip() if result.returncode == 0 else None


def _major(version: str) -> int | None:
    head = version.split(".", 1)[0]
    return int(head) if head.isdigit() else None


def judge(widgets: str | None, extension: tuple[str, Path] | None, python: str,
          searched: Sequence[Path]) -> Finding:
    """Compare what the kernel has with what the browser gets, and say what to do."""
    if widgets is None:
        return Finding(False, f"ipywidgets is not installed for the kernel's Python ({python}), "
                       "so the quizzes cannot run. Install the course's packages into that "
                       f"environment (pip install -r requirements.txt, or {INSTALL_HINT}).")
    if extension is None:
        places = ", ".join(str(p) for p in searched) or "(no folders)"
        return Finding(False, f"The kernel has ipywidgets {widgets}, but no {EXTENSION} "
                       f"extension was found for the browser (searched: {places}). Learners "
                       "would see quizzes as plain text or 'Loading widget...'. Install it into "
                       f"the environment JupyterLab runs from ({INSTALL_HINT}) and restart "
                       "the user servers.")
    lab_version, package = extension
    wanted = MANAGER_FOR_IPYWIDGETS.get(_major(widgets) or -1)
    found = (f"the kernel has ipywidgets {widgets} and the browser gets {EXTENSION} "
             f"{lab_version} (from {package.parent})")
    if wanted is None:
        return Finding(False, f"Cannot judge: {found}; this check knows ipywidgets 7 and 8 "
                       "only. Open a lesson and check that a quiz appears.")
    if _major(lab_version) != wanted:
        return Finding(False, f"Widgets will not display: {found}, but ipywidgets "
                       f"{_major(widgets)} needs {EXTENSION} {wanted}.x. Learners would see "
                       "'Error displaying widget' instead of the quizzes. Install matching "
                       f"versions where JupyterLab and the kernel run ({INSTALL_HINT}), and "
                       "restart the user servers.")
    return Finding(True, f"Widgets OK: {found}; ipywidgets {_major(widgets)} needs "
                   f"{EXTENSION} {wanted}.x, so they match.")


def check(python: str | None = None, dirs: Sequence[Path] | None = None) -> Finding:
    """Run the whole check for a kernel interpreter and labextension folders (default: here)."""
    searched = list(dirs) if dirs is not None else labextension_dirs()
    return judge(ipywidgets_version(python), find_extension(searched),
                 python or sys.executable, searched)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--python", help="the kernel's Python, if it is not this one")
    parser.add_argument("--labextensions-dir", action="append", type=Path, dest="dirs",
                        help="search this folder instead of Jupyter's data path (repeatable)")
    args = parser.parse_args(argv)
    finding = check(args.python, args.dirs)
    print(finding.message)
    return 0 if finding.ok else 1


if __name__ == "__main__":
    sys.exit(main())
