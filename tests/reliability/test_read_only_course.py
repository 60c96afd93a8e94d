"""Every notebook runs from a read-only copy of the course in another folder than the repo,
with HOME and STEMIMMUNE_PROGRESS_FILE outside the copy, and writes nothing in the copy.

CI runs as root, which ignores permission bits, so the real assertion is a snapshot of
every entry in the copy (relative path, size, sha256) before and after each notebook's
run (fresh run, second run with each cell twice, and a quiz answer): nothing may be
created, changed or deleted. Saved quiz progress must land in the progress file outside.
"""

from __future__ import annotations

import json
import stat
from pathlib import Path

import pytest

from . import _support as s
from .conftest import FRESH


def test_the_copy_is_elsewhere_and_read_only(runs):
    course = runs.course
    assert not course.resolve().is_relative_to(s.ROOT.resolve())
    writable = [p.relative_to(course).as_posix() for p in [course, *course.rglob("*")]
                if p.stat().st_mode & (stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH)]
    assert not writable, f"the copy should be read-only, but these are writable: {writable}"
    expected = {p.relative_to(s.ROOT).as_posix() for p in s.ALL_NOTEBOOKS}
    copied = {p.relative_to(course).as_posix() for p in course.rglob("*.ipynb")}
    assert expected <= copied


@pytest.mark.parametrize("path", s.ALL_NOTEBOOKS, ids=s.nb_id)
def test_notebook_runs_from_a_read_only_copy_and_writes_nothing_there(runs, path):
    run = runs.in_read_only_copy(path)
    fresh = [step for step in run.steps if f"[{FRESH}]" in step.label or step.hidden]
    problems = s.unexpected_errors(path, fresh)
    assert not problems, "errors in a read-only copy of the course:\n" + "\n".join(problems)
    assert not run.changes, (f"{s.rel(path)} wrote inside the course folder: "
                             + "; ".join(run.changes[:20]))

    probe = next(step for step in run.steps if step.label == "hidden cell: progress probe")
    found = probe.probe()
    assert Path(found["cwd"]) == run.course / path.parent.name, found
    assert Path(found["home"]) == run.home, found
    assert Path(found["progress_path"]) == run.progress_file, (
        f"{s.rel(path)}: progress would go to {found['progress_path']}, "
        f"not to $STEMIMMUNE_PROGRESS_FILE ({run.progress_file})")
    assert not run.progress_file.resolve().is_relative_to(run.course.resolve())
    if found["answered"]:
        notebook, question = found["answered"]
        assert run.progress_file.exists(), (
            f"{s.rel(path)}: a quiz answer was not saved to {run.progress_file}")
        saved = json.loads(run.progress_file.read_text("utf-8"))
        attempts = saved["notebooks"][notebook][question]["attempts"]
        assert attempts[-1]["correct"] is True, saved
