"""A learner's quiz results, saved in a small JSON file in their own home folder.

The file lives outside the course folder (which a hub update may overwrite):
``~/.stemimmune/progress.json`` unless the environment variable
``STEMIMMUNE_PROGRESS_FILE`` names another path. A file that cannot be read is reported
and set aside (renamed, never deleted), and entries that are malformed are dropped one by
one, so the answers that can be read are kept.
"""

from __future__ import annotations

import json
import os
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ENV_VAR = "STEMIMMUNE_PROGRESS_FILE"
VERSION = 1


def default_path() -> Path:
    """Where progress is kept: ``$STEMIMMUNE_PROGRESS_FILE`` or ``~/.stemimmune/progress.json``."""
    override = os.environ.get(ENV_VAR, "").strip()
    return Path(override).expanduser() if override else Path.home() / ".stemimmune" / \
        "progress.json"


@dataclass(frozen=True)
class Answer:
    """What is kept about one question: answered right at some point, and on the first try."""

    correct: bool
    first_try: bool


@dataclass
class Progress:
    """Saved results by notebook and question id, and any problem met while reading them."""

    path: Path
    answers: dict[str, dict[str, Answer]] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)

    # --- reading --------------------------------------------------------------------------
    @classmethod
    def load(cls, path: Path | None = None) -> Progress:
        """Read the file if there is one; never raises for a missing or damaged file."""
        progress = cls(path or default_path())
        if not progress.path.exists():
            return progress
        try:
            raw = json.loads(progress.path.read_text("utf-8"))
        except (OSError, UnicodeDecodeError, json.JSONDecodeError) as err:
            progress._set_aside(f"could not be read ({type(err).__name__})")
            return progress
        progress._take(raw)
        return progress

    def _take(self, raw: Any) -> None:
        notebooks = raw.get("notebooks") if isinstance(raw, dict) else None
        if not isinstance(notebooks, dict):
            self._set_aside("is not in the expected format")
            return
        dropped = 0
        for notebook, questions in notebooks.items():
            if not isinstance(questions, dict):
                dropped += 1
                continue
            for question_id, entry in questions.items():
                if (isinstance(entry, dict) and isinstance(entry.get("correct"), bool)
                        and isinstance(entry.get("first_try"), bool)):
                    self.answers.setdefault(str(notebook), {})[str(question_id)] = Answer(
                        entry["correct"], entry["first_try"])
                else:
                    dropped += 1
        if dropped:
            self.warnings.append(f"{dropped} saved result(s) in {self.path} were damaged and "
                                 "were skipped; the others were kept.")

    def _set_aside(self, why: str) -> None:
        backup = self.path.with_name(self.path.name + ".unreadable")
        number = 1
        while backup.exists():
            number += 1
            backup = self.path.with_name(f"{self.path.name}.unreadable-{number}")
        try:
            self.path.replace(backup)
            where = f"It was kept as {backup.name} and a fresh record was started."
        except OSError:
            where = "It could not be moved aside, so results will not be saved this time."
        self.warnings.append(f"Your saved quiz progress {why}. {where}")

    # --- writing --------------------------------------------------------------------------
    def record(self, notebook: str, question_id: str, correct: bool) -> None:
        """Note an answer: first answers fix ``first_try``; a right answer is never undone."""
        self._merge_from_disk()
        saved = self.answers.setdefault(notebook, {})
        before = saved.get(question_id)
        if before is None:
            saved[question_id] = Answer(correct=correct, first_try=correct)
        elif correct and not before.correct:
            saved[question_id] = Answer(correct=True, first_try=before.first_try)
        self.save()

    def reset(self, notebook: str | None = None) -> None:
        """Forget one notebook's results, or all of them."""
        self._merge_from_disk()
        if notebook is None:
            self.answers.clear()
        else:
            self.answers.pop(notebook, None)
        self.save()

    def _merge_from_disk(self) -> None:
        """Take in what other notebooks saved since this one read the file.

        Each open notebook has its own kernel and its own copy of the results; without this,
        saving one notebook's answer would overwrite answers another notebook saved meanwhile.
        The file on disk wins: after a reset made in another notebook, older answers held
        here are not brought back. A file that cannot be read is left for the next save.
        """
        if not self.path.exists():
            return
        try:
            raw = json.loads(self.path.read_text("utf-8"))
        except (OSError, UnicodeDecodeError, json.JSONDecodeError):
            return  # keep what this copy holds; the next save replaces the damaged file
        on_disk = Progress(self.path)
        on_disk._take(raw)
        if on_disk.warnings and not on_disk.answers:
            return
        self.answers = on_disk.answers

    def save(self) -> None:
        """Write the file atomically; a failure is reported as a warning, not raised."""
        data = {"version": VERSION, "notebooks": {
            nb: {q: {"correct": a.correct, "first_try": a.first_try} for q, a in qs.items()}
            for nb, qs in self.answers.items()}}
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            with tempfile.NamedTemporaryFile("w", encoding="utf-8", dir=self.path.parent,
                                             delete=False, suffix=".tmp") as handle:
                json.dump(data, handle, indent=1, sort_keys=True)
            os.replace(handle.name, self.path)
        except OSError as err:
            self.warnings.append(f"Could not save quiz progress to {self.path}: {err}.")

    # --- summarising ----------------------------------------------------------------------
    def correct_count(self, notebook: str) -> int:
        """How many of a notebook's questions have been answered right."""
        return sum(a.correct for a in self.answers.get(notebook, {}).values())
