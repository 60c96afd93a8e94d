"""Each notebook is executed once per scenario per session, and the tests share the runs.

Scenario "offline" (the repo's own folder, network blocked): one fresh run.
    Used by test_offline_notebooks and as the first run of test_deterministic_outputs.
Scenario "read-only copy" (a read-only copy of the course outside the repo, HOME and the
    progress file elsewhere, network blocked): a fresh run (the second run of
    test_deterministic_outputs; judged by test_read_only_course), then in the same kernel
    a second time through with each cell run twice in a row (test_rerunnable_notebooks),
    then a hidden cell that answers a quiz question so that progress is saved.
A failure message names the pass ("fresh run" or "second run …") in which it happened.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import pytest

from . import _support as s

FRESH = "fresh run"
AGAIN_1 = "second run, 1st time in a row"
AGAIN_2 = "second run, 2nd time in a row"


@dataclass
class CopyRun:
    steps: list[s.Step]
    course: Path          # the read-only copy
    changes: list[str]    # what the run created, changed or deleted inside the copy
    home: Path
    progress_file: Path


class CourseRuns:
    def __init__(self, factory: pytest.TempPathFactory) -> None:
        self._factory = factory
        self._offline: dict[Path, list[s.Step]] = {}
        self._copy: dict[Path, CopyRun] = {}
        # Copied before any notebook runs, so a file a run leaves in the repo is not copied.
        self.course = s.copy_course(factory.mktemp("elsewhere") / "course")
        self.home = factory.mktemp("learner-home")

    # --- scenario "offline" ---------------------------------------------------------------
    def offline(self, path: Path) -> list[s.Step]:
        if path not in self._offline:
            state = self._factory.mktemp("offline-state")
            env = dict(os.environ, STEMIMMUNE_PROGRESS_FILE=str(state / "progress.json"))
            steps = ([s.hidden_step("network block", s.NETWORK_BLOCK)]
                     + [s.own_step(i, c, FRESH) for i, c in s.code_cells(path)]
                     + [s.hidden_step("network block probe", s.BLOCK_PROBE)])
            self._offline[path] = s.run_steps(steps, path.parent, env)
        return self._offline[path]

    # --- scenario "read-only copy" --------------------------------------------------------
    def in_read_only_copy(self, path: Path) -> CopyRun:
        if path not in self._copy:
            course = self.course
            progress_file = (self._factory.mktemp("learner-state") / ".stemimmune"
                             / "progress.json")
            env = dict(os.environ, HOME=str(self.home),
                       STEMIMMUNE_PROGRESS_FILE=str(progress_file))
            cells = s.code_cells(path)
            steps = [s.hidden_step("network block", s.NETWORK_BLOCK)]
            steps += [s.own_step(i, c, FRESH) for i, c in cells]
            for i, c in cells:
                steps += [s.own_step(i, c, AGAIN_1), s.own_step(i, c, AGAIN_2)]
            steps += [s.hidden_step("progress probe", s.PROGRESS_PROBE),
                      s.hidden_step("network block probe", s.BLOCK_PROBE)]
            before = s.snapshot(course)
            # ipython_hist_file="": IPython keeps its history in $HOME, as in Jupyter.
            s.run_steps(steps, course / path.parent.name, env, ipython_hist_file="")
            self._copy[path] = CopyRun(steps, course, s.snapshot_changes(before,
                                       s.snapshot(course)), self.home, progress_file)
        return self._copy[path]

    def cleanup(self) -> None:
        s.set_read_only(self.course, False)  # so that pytest can remove it later


@pytest.fixture(scope="session")
def runs(tmp_path_factory) -> CourseRuns:
    course_runs = CourseRuns(tmp_path_factory)
    yield course_runs
    course_runs.cleanup()
