"""A learner's quiz results, saved in a small JSON file in their own home folder.

The file lives outside the course folder (which a hub update may overwrite):
``~/.stemimmune/progress.json`` unless the environment variable
``STEMIMMUNE_PROGRESS_FILE`` names another path. It keeps every graded attempt at every
question: when, right or wrong, and the answer given. A file that cannot be read is
reported and set aside (renamed, never deleted), and entries that are malformed are dropped
one by one, so the answers that can be read are kept.

The format carries a version number (:data:`VERSION`). Version 1 kept only "answered right"
and "right on the first try" per question; such a file is copied aside as
``progress.json.v1`` and its results become attempts with no known time
(:func:`migrate_v1`). A file from a newer course (a version above this one) is set aside
too, untouched, with a message. The format, field by field, is in ``docs/progress-file.md``.
"""

from __future__ import annotations

import json
import os
import secrets
import shutil
import tempfile
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

ENV_VAR = "STEMIMMUNE_PROGRESS_FILE"
#: The version of the file format this code writes. 1: results only; 2: every attempt.
VERSION = 2
#: How a warning that the file could not be saved begins.
SAVE_FAILED = "Could not save your quiz results"
#: At most this many attempts are kept per question: the first, and the latest ones.
MAX_ATTEMPTS = 50


def default_path() -> Path:
    """Where progress is kept: ``$STEMIMMUNE_PROGRESS_FILE`` or ``~/.stemimmune/progress.json``."""
    override = os.environ.get(ENV_VAR, "").strip()
    return Path(override).expanduser() if override else Path.home() / ".stemimmune" / \
        "progress.json"


def now() -> datetime:
    """The current time in UTC, to the second (the time an attempt is stamped with)."""
    return datetime.now(UTC).replace(microsecond=0)


@dataclass(frozen=True)
class Answer:
    """A question's result: answered right at some point, and right on the first try."""

    correct: bool
    first_try: bool


@dataclass(frozen=True)
class Attempt:
    """One graded answer to a question.

    ``at`` is when it was given (UTC), or None for a result carried over from a version 1
    file, whose times were not kept. ``response`` is the answer as given: an option's index
    (single choice), a sorted list of indices (multiple), the text typed (numeric), or the
    place chosen for each item (match); None when it was not kept.
    """

    at: datetime | None
    correct: bool
    response: Any = None

    def to_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {"at": self.at.isoformat() if self.at else None,
                                "correct": self.correct}
        if self.response is not None:
            data["response"] = self.response
        return data


def parse_time(value: Any, naive_as_utc: bool = True) -> datetime | None:
    """A saved ISO 8601 time, or None if it is not one. A time without a zone is taken as
    UTC, or (``naive_as_utc=False``) refused."""
    if not isinstance(value, str):
        return None
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        return None
    if parsed.tzinfo is None:
        return parsed.replace(tzinfo=UTC) if naive_as_utc else None
    return parsed


def _attempt_from_json(entry: Any) -> Attempt | None:
    """An :class:`Attempt` from its saved form, or None if the entry is damaged."""
    if not isinstance(entry, dict) or not isinstance(entry.get("correct"), bool):
        return None
    at = entry.get("at")
    if at is not None:
        at = parse_time(at)
        if at is None:
            return None
    return Attempt(at=at, correct=entry["correct"], response=entry.get("response"))


def migrate_v1(raw: dict[str, Any]) -> dict[str, Any]:
    """A version 1 file's content in the version 2 format, keeping every result.

    A question answered right on the first try becomes one right attempt; right later, a
    wrong attempt then a right one; never right, one wrong attempt. Their times are not
    known (``"at": null``); the schedule counts them as given on the day of the migration.
    """
    notebooks: dict[str, Any] = {}
    for notebook, questions in (raw.get("notebooks") or {}).items():
        if not isinstance(questions, dict):
            notebooks[notebook] = questions  # dropped, and counted, on reading
            continue
        for question_id, entry in questions.items():
            if not (isinstance(entry, dict) and isinstance(entry.get("correct"), bool)
                    and isinstance(entry.get("first_try"), bool)):
                notebooks.setdefault(notebook, {})[question_id] = entry  # dropped on reading
                continue
            if entry["first_try"]:
                outcomes = [True]
            else:
                outcomes = [False, True] if entry["correct"] else [False]
            notebooks.setdefault(notebook, {})[question_id] = {
                "attempts": [{"at": None, "correct": ok} for ok in outcomes]}
    return {"version": VERSION, "notebooks": notebooks,
            "learner": {"migrated_from_version": 1, "migrated_at": now().isoformat()}}


@dataclass
class Results:
    """Every saved attempt, by notebook and question id, and facts about the learner's file.

    Reading never raises: what cannot be used is counted in ``problems``. This is the part
    of :class:`Progress` that a class report also uses, on copies learners shared.
    """

    attempts: dict[str, dict[str, list[Attempt]]] = field(default_factory=dict)
    learner: dict[str, Any] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)

    @classmethod
    def from_json(cls, raw: Any) -> Results:
        """Results from a file's parsed JSON (any version this code knows).

        A file that is not a course progress file at all, or is from a newer version, gives
        empty results and one problem saying so; damaged entries are skipped and counted.
        """
        results = cls()
        if not isinstance(raw, dict) or not isinstance(raw.get("notebooks"), dict):
            results.problems.append("is not in the expected format")
            return results
        version = raw.get("version", 1)
        if not isinstance(version, int) or isinstance(version, bool) or version < 1:
            results.problems.append("is not in the expected format")
            return results
        if version > VERSION:
            results.problems.append(f"was written by a newer version of the course "
                                    f"(format {version}; this one reads up to {VERSION})")
            return results
        if version == 1:
            raw = migrate_v1(raw)
        learner = raw.get("learner")
        results.learner = dict(learner) if isinstance(learner, dict) else {}
        dropped = 0
        for notebook, questions in raw["notebooks"].items():
            if not isinstance(questions, dict):
                dropped += 1
                continue
            for question_id, entry in questions.items():
                saved = entry.get("attempts") if isinstance(entry, dict) else None
                if not isinstance(saved, list):
                    dropped += 1
                    continue
                attempts = [a for a in map(_attempt_from_json, saved) if a is not None]
                dropped += len(saved) - len(attempts)
                if attempts:
                    results.attempts.setdefault(str(notebook), {})[str(question_id)] = attempts
        if dropped:
            results.problems.append(f"had {dropped} saved result(s) that were damaged and "
                                    "were skipped")
        return results

    def to_json(self) -> dict[str, Any]:
        """The version 2 form written to disk."""
        return {"version": VERSION, "learner": self.learner, "notebooks": {
            nb: {q: {"attempts": [a.to_json() for a in attempts]}
                 for q, attempts in questions.items()}
            for nb, questions in self.attempts.items()}}

    @property
    def answers(self) -> dict[str, dict[str, Answer]]:
        """Each question's result (right at some point; right on the first try)."""
        return {nb: {q: Answer(correct=any(a.correct for a in attempts),
                               first_try=attempts[0].correct)
                     for q, attempts in questions.items()}
                for nb, questions in self.attempts.items()}


@dataclass
class Progress:
    """The learner's saved results, and any problem met while reading or writing them."""

    path: Path
    results: Results = field(default_factory=Results)
    warnings: list[str] = field(default_factory=list)
    #: Attempts recorded since the last save that worked (the disk was full, say): they are
    #: kept here and written with the next save that works.
    unsaved: list[tuple[str, str, Attempt]] = field(default_factory=list, repr=False)
    #: The file's bytes when :attr:`results` holds exactly what they say (after a read or a
    #: save that worked), else None. While the file still has these bytes, taking in what
    #: other notebooks saved has nothing to take in, and the file need not be parsed again.
    synced: bytes | None = field(default=None, repr=False)

    # --- reading --------------------------------------------------------------------------
    @classmethod
    def load(cls, path: Path | None = None) -> Progress:
        """Read the file if there is one; never raises for a missing or damaged file.

        A version 1 file is copied to ``<name>.v1`` before it is read in the new format,
        and the new format is written at once, so the old file is never lost.
        """
        progress = cls(path or default_path())
        if not progress.path.exists():
            return progress
        data = progress._read_bytes()
        raw = None if data is None else progress._parse(data)
        if raw is None:
            return progress
        results = Results.from_json(raw)
        if results.problems and not results.attempts and not results.learner:
            progress._set_aside(results.problems[0])
            return progress
        progress.results = results
        progress.synced = None if results.problems else data
        for problem in results.problems:
            progress.warnings.append(f"Your saved quiz progress {problem}; the others were "
                                     "kept.")
        if isinstance(raw, dict) and raw.get("version", 1) == 1:
            progress._keep_v1_copy()
            progress.save()
        return progress

    def _read_bytes(self) -> bytes | None:
        try:
            return self.path.read_bytes()
        except OSError as err:
            self._set_aside(f"could not be read ({type(err).__name__})")
            return None

    def _parse(self, data: bytes) -> Any:
        try:
            return json.loads(data.decode("utf-8"))
        except (UnicodeDecodeError, json.JSONDecodeError) as err:
            self._set_aside(f"could not be read ({type(err).__name__})")
            return None

    def _keep_v1_copy(self) -> None:
        copy = self.path.with_name(self.path.name + ".v1")
        number = 1
        while copy.exists():  # an earlier copy is never overwritten
            number += 1
            copy = self.path.with_name(f"{self.path.name}.v1-{number}")
        try:
            shutil.copy2(self.path, copy)
            self.warnings.append("Your saved quiz progress was moved to the course's new "
                                 f"format; the old file was kept as {copy.name}.")
        except OSError as err:
            self.warnings.append(f"Could not keep a copy of the old progress file: {err}.")

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

    # --- what is saved --------------------------------------------------------------------
    @property
    def attempts(self) -> dict[str, dict[str, list[Attempt]]]:
        """Every saved attempt, by notebook and question id, oldest first."""
        return self.results.attempts

    @property
    def answers(self) -> dict[str, dict[str, Answer]]:
        """Each question's result: right at some point, and right on the first try."""
        return self.results.answers

    @property
    def learner(self) -> dict[str, Any]:
        """Facts about this file, not about the learner's identity: when the review schedule
        was last started again, whether the file was migrated, its sharing id."""
        return self.results.learner

    def share_id(self) -> str:
        """A random id for this learner's shared copies, made once and kept in the file.

        It is not derived from any name: it only lets a class report tell that two copies
        come from the same learner, so the newer replaces the older.
        """
        self._merge_from_disk()
        if not isinstance(self.learner.get("share_id"), str):
            self.learner["share_id"] = secrets.token_hex(8)
            self.save()
        return str(self.learner["share_id"])

    # --- writing --------------------------------------------------------------------------
    def record(self, notebook: str, question_id: str, correct: bool,
               response: Any = None, at: datetime | None = None) -> None:
        """Save one graded attempt (``at`` defaults to now). Never raises on a write error."""
        attempt = Attempt(at=at or now(), correct=bool(correct), response=_jsonable(response))
        self.unsaved.append((notebook, question_id, attempt))
        if not self._merge_from_disk():  # then the copy here holds all but this attempt
            self._add(notebook, question_id, attempt)
        self.save()

    def _add(self, notebook: str, question_id: str, attempt: Attempt) -> None:
        attempts = self.attempts.setdefault(notebook, {}).setdefault(question_id, [])
        attempts.append(attempt)
        if len(attempts) > MAX_ATTEMPTS:  # keep the first (it fixes "first try") and the latest
            del attempts[1:len(attempts) - MAX_ATTEMPTS + 1]

    def reset(self, notebook: str | None = None) -> None:
        """Forget one notebook's results, or all of them."""
        self._merge_from_disk()
        if notebook is None:
            self.attempts.clear()
            self.unsaved.clear()
        else:
            self.attempts.pop(notebook, None)
            self.unsaved = [entry for entry in self.unsaved if entry[0] != notebook]
        self.save()

    def restart_schedule(self, at: datetime | None = None) -> None:
        """Start the review schedule again from ``at`` (now): attempts before it stay saved,
        but the schedule no longer counts them."""
        self._merge_from_disk()
        self.learner["schedule_since"] = (at or now()).isoformat()
        self.save()

    def _merge_from_disk(self) -> bool:
        """Take in what other notebooks saved since this one read the file; True if the
        file was read (then the copy here is the file's, plus the :attr:`unsaved` attempts).

        Each open notebook has its own kernel and its own copy of the results; without this,
        saving one notebook's answer would overwrite answers another notebook saved meanwhile.
        The file on disk wins: after a reset made in another notebook, older answers held
        here are not brought back, except the ones this notebook could not save yet. A file
        that cannot be read is left for the next save.
        """
        try:
            data = self.path.read_bytes()
        except OSError:
            return False  # no file yet, or it cannot be read: keep what this copy holds
        if data != self.synced:  # another notebook saved since: read what it wrote
            try:
                raw = json.loads(data.decode("utf-8"))
            except (UnicodeDecodeError, json.JSONDecodeError):
                return False  # keep what this copy holds; the next save replaces the file
            on_disk = Results.from_json(raw)
            if on_disk.problems and not on_disk.attempts and not on_disk.learner:
                return False
            self.results = on_disk
            self.synced = None if on_disk.problems else data
        if self.unsaved:
            self.synced = None  # from here on, this copy holds more than the file
        for notebook, question_id, attempt in self.unsaved:
            self._add(notebook, question_id, attempt)
        return True

    def save(self) -> None:
        """Write the file atomically; a failure is reported as a warning, not raised.

        The file on disk is replaced only by a complete new one, so when the disk is full or
        read-only the results saved before stay as they were, and no half-written temporary
        file is left behind. The next save that works takes the warning away again.
        """
        temporary: str | None = None
        self.synced = None
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            with tempfile.NamedTemporaryFile("w", encoding="utf-8", dir=self.path.parent,
                                             delete=False, suffix=".tmp") as handle:
                temporary = handle.name
                # One write of compact JSON: json's C encoder makes this about 8 times
                # faster than an indented dump (2 ms instead of 15 for a full file), which
                # matters because every Check saves the whole file.
                text = json.dumps(self.results.to_json(), sort_keys=True, ensure_ascii=False)
                handle.write(text)
            os.replace(temporary, self.path)
        except OSError as err:
            if temporary is not None:
                Path(temporary).unlink(missing_ok=True)
            self.warnings = [w for w in self.warnings if not w.startswith(SAVE_FAILED)]
            self.warnings.append(f"{SAVE_FAILED} to {self.path} ({_plain(err)}). Results "
                                 "saved before are kept; keep this notebook open, and your "
                                 "new answers are saved as soon as saving works again.")
        else:
            self.unsaved.clear()
            self.synced = text.encode("utf-8")
            self.warnings = [w for w in self.warnings if not w.startswith(SAVE_FAILED)]

    # --- summarising ----------------------------------------------------------------------
    def correct_count(self, notebook: str) -> int:
        """How many of a notebook's questions have been answered right."""
        return sum(a.correct for a in self.answers.get(notebook, {}).values())


def _plain(err: OSError) -> str:
    """An operating-system error in a few plain words: "no space left on device"."""
    return (err.strerror or type(err).__name__).lower()


def _jsonable(response: Any) -> Any:
    """The answer in a form JSON keeps: sets become sorted lists; anything odd, its text."""
    if response is None or isinstance(response, (bool, int, float, str)):
        return response
    if isinstance(response, (set, frozenset)):
        return sorted(_jsonable(r) for r in response)
    if isinstance(response, (list, tuple)):
        return [_jsonable(r) for r in response]
    return str(response)
