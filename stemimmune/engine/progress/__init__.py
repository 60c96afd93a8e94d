"""Saved progress: a learner's quiz attempts, kept in one small JSON file between sessions.

:class:`Progress` reads and writes the file (``default_path()``: ``STEMIMMUNE_PROGRESS_FILE``
if set, otherwise ``~/.stemimmune/progress.json``), keeping every graded :class:`Attempt`.
A damaged or foreign file is renamed aside, never deleted, and the learner starts afresh
with a plain message; an older version's file is migrated and a copy of it kept.
:class:`Results` reads the same format without touching the file (for a class report).
:mod:`.schedule` turns attempts into a spaced-review schedule, and :mod:`.sharing` copies
the file to a folder an instructor set up. Nothing here knows what a quiz is.
"""

from .schedule import INTERVALS, QuestionState, migration_day, question_state, schedule_start
from .sharing import (
    SHARE_FOLDER_VAR,
    ShareOutcome,
    SharingSetup,
    learner_name,
    share_results,
    sharing_setup,
)
from .store import (
    ENV_VAR,
    MAX_ATTEMPTS,
    SAVE_FAILED,
    VERSION,
    Answer,
    Attempt,
    Progress,
    Results,
    default_path,
    migrate_v1,
    now,
)

__all__ = [
    "ENV_VAR", "INTERVALS", "MAX_ATTEMPTS", "SAVE_FAILED", "SHARE_FOLDER_VAR", "VERSION",
    "Answer", "Attempt",
    "Progress", "QuestionState", "Results", "ShareOutcome", "SharingSetup", "default_path",
    "learner_name", "migrate_v1", "migration_day", "now", "question_state", "schedule_start",
    "share_results", "sharing_setup",
]
