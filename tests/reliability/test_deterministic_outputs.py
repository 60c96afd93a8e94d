"""Two fresh executions of every notebook give identical text outputs.

Compared per code cell: stream output (joined per stream, since chunking depends on
timing), every text/* representation (text/plain, text/html, text/markdown, text/latex)
and error names and messages. Not compared: images (PNG/SVG bytes depend on the renderer)
and the widget-view JSON, whose model ids are new random ids in every run.

The two runs are the "offline" run in the repo and the fresh pass of the "read-only copy"
run (another folder, another HOME): both are fresh kernels, so a difference is either
randomness or an output that depends on where the course sits; the diff shows which.
"""

from __future__ import annotations

import difflib

import pytest

from . import _support as s
from .conftest import FRESH


def fresh_outputs(steps):
    return {step.label: s.text_outputs(step) for step in steps
            if not step.hidden and f"[{FRESH}]" in step.label}


@pytest.mark.parametrize("path", s.ALL_NOTEBOOKS, ids=s.nb_id)
def test_two_fresh_runs_give_identical_text_outputs(runs, path):
    first = fresh_outputs(runs.offline(path))
    second = fresh_outputs(runs.in_read_only_copy(path).steps)
    assert first.keys() == second.keys()
    inputs = [path.relative_to(s.ROOT).as_posix(), "quizzes", "data"]
    edited = [f"{name}: {change}" for name in inputs for change in s.snapshot_changes(
        s.snapshot(runs.course / name), s.snapshot(s.ROOT / name))]
    assert not edited, ("not a determinism problem: the course was edited while the tests "
                        "ran (the copy was made at the start), so run them again: "
                        + "; ".join(edited))
    differences = []
    for label, outputs in first.items():
        if outputs == second[label]:
            continue
        a = "\n".join(f"--- {mime}\n{text}" for mime, text in outputs).splitlines()
        b = "\n".join(f"--- {mime}\n{text}" for mime, text in second[label]).splitlines()
        diff = "\n".join(list(difflib.unified_diff(a, b, "first run", "second run",
                                                   lineterm="", n=1))[:30])
        differences.append(f"{s.rel(path)}: {label}:\n{diff}")
    assert not differences, "outputs differ between two fresh runs:\n" + "\n\n".join(
        differences)
