"""Saved progress: a learner's quiz answers, kept in one small JSON file between sessions.

:class:`Progress` reads and writes the file (``default_path()``: ``STEMIMMUNE_PROGRESS_FILE``
if set, otherwise a file in the course folder). A damaged file is renamed aside, never
deleted, and the learner starts afresh with a plain message. The quizzes record into it;
nothing here knows what a quiz is.
"""

from .store import ENV_VAR, VERSION, Answer, Progress, default_path

__all__ = ["ENV_VAR", "VERSION", "Answer", "Progress", "default_path"]
