"""Saved quiz progress survives a kernel restart, as a learner meets it in Jupyter.

A real IPython kernel (jupyter_client) answers a question of the welcome quiz, is
restarted, and the fresh kernel's score line and course map show the saved result.
"""

from __future__ import annotations

import json
import os

import pytest
from conftest import ROOT
from jupyter_client.manager import start_new_kernel

ANSWER_PRACTICE_NUMBER = """
from stemimmune.engine.quizzes import Quiz
quiz = Quiz.from_file("../quizzes/00-welcome.toml")
card = quiz.ask("practice-number")
card.panel.value = "86,400"
card.check()
print(card.feedback)
"""

READ_SCORES = """
from stemimmune.engine.quizzes import CourseProgress
from stemimmune.engine.quizzes import Quiz
quiz = Quiz.from_file("../quizzes/00-welcome.toml")
print(quiz.score().summary())
print(CourseProgress.from_folder("../quizzes")._repr_mimebundle_()["text/plain"])
"""


def run(client, code: str) -> str:
    """Run code in the kernel; return what it printed, failing on an error."""
    printed: list[str] = []

    def collect(message):
        content = message["content"]
        if message["msg_type"] == "stream":
            printed.append(content["text"])
        elif message["msg_type"] == "error":
            pytest.fail("\n".join(content["traceback"]))

    reply = client.execute_interactive(code, output_hook=collect, timeout=120)
    assert reply["content"]["status"] == "ok"
    return "".join(printed)


@pytest.fixture
def kernel(tmp_path, monkeypatch):
    path = tmp_path / "home" / ".stemimmune" / "progress.json"
    monkeypatch.setenv("STEMIMMUNE_PROGRESS_FILE", str(path))
    manager, client = start_new_kernel(cwd=str(ROOT / "notebooks"), env=dict(os.environ))
    try:
        yield manager, client, path
    finally:
        client.stop_channels()
        manager.shutdown_kernel(now=True)


def test_a_result_survives_a_kernel_restart(kernel):
    manager, client, path = kernel
    assert "Correct" in run(client, ANSWER_PRACTICE_NUMBER)
    saved = json.loads(path.read_text("utf-8"))
    attempts = saved["notebooks"]["00-welcome"]["practice-number"]["attempts"]
    assert saved["version"] == 2
    assert [(a["correct"], a["response"]) for a in attempts] == [(True, "86,400")]

    manager.restart_kernel(now=True)
    client.wait_for_ready(timeout=60)
    printed = run(client, READ_SCORES)
    assert "Your score for this notebook: 1 of" in printed
    assert "(1 on the first try)" in printed
    assert "00 · Welcome: 1 of" in printed
