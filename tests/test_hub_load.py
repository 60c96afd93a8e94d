"""The short version of the class load benchmark, in CI: 5 learners, lesson 07, at once.

It runs ``benchmarks/hub_load.py`` as a command, as the hub guide says to run the long
version (30 learners), and checks its report: every learner got a server, pulled the
course, ran every cell, answered every quiz through the kernel and had the answers saved;
the memory of the hub, the proxy and each learner's server and kernel was measured apart.
Lesson 07 has 28 quiz panels for a new learner, and its review cards save their answers
under the earlier lessons they come from, so the count of saved answers covers every lesson.
Its timings are only printed: speed lives in the benchmark, not in a test's pass or fail.

Skipped without root, JupyterHub or configurable-http-proxy, except in CI, where it fails.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest
from class_hub import missing_pieces
from conftest import ROOT

LEARNERS = 5


def test_five_learners_run_a_lesson_through_the_hub_at_once(tmp_path):
    if missing_pieces():
        reason = f"this machine lacks {', '.join(missing_pieces())}"
        if os.environ.get("CI"):
            pytest.fail(f"{reason} (CI must install it: see .ci/run)")
        pytest.skip(reason)
    result = subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / "hub_load.py"), "--learners",
         str(LEARNERS), "--lesson", "07", "--out", str(tmp_path)],
        capture_output=True, text=True, timeout=1200, cwd=ROOT)
    print(result.stdout)
    assert result.returncode == 0, (result.stdout[-3000:], result.stderr[-5000:])
    report = json.loads((tmp_path / "hub-load.json").read_text("utf-8"))
    assert report["learners"] == report["passed"] == LEARNERS, report["results"]
    for learner in report["results"]:
        assert learner["success"] and learner["answered"] == learner["quizzes"] > 0, learner
        assert learner["saved"] == learner["answered"], learner
        assert learner["server_mb"] > 50 and learner["kernel_mb"] > 50, learner
    assert report["hub_mb"] > 50 and report["proxy_mb"] > 10, report
    assert f"**{LEARNERS} of {LEARNERS}**" in result.stdout
    assert "load average" in result.stdout
