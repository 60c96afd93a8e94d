"""A copy of a learner's saved results, put by their choice in a folder their instructor set up.

Nothing is shared unless the learner presses the button, and nothing can be shared unless
an instructor (or hub admin) set up a folder, in one of two ways (the first found wins):

1. the environment variable ``STEMIMMUNE_SHARE_FOLDER`` (on JupyterHub:
   ``c.Spawner.environment``), with ``STEMIMMUNE_SHARE_WITH_NAME=yes`` if copies should
   carry the learner's username;
2. a small TOML file, ``/etc/stemimmune/sharing.toml`` (or the path in
   ``STEMIMMUNE_SHARING_CONFIG``)::

       folder = "/srv/stemimmune/shared"
       with_name = false

A copy is the learner's progress file as it is (every attempt, no name written in it), plus
when it was shared and the file's random share id, and the username only when the set-up
asks for it (the button says so first). No name in the file is not the same as anonymous:
on a hub where each learner is a Unix user, the copy is owned by the learner's account, and
the messages below say so. It is named ``<share id>.json`` (or ``<username>.json``), so
sharing again replaces the learner's earlier copy. It is written readable by its owner and
the folder's group only (mode 0640), so on a hub where the folder belongs to the
instructors' group, learners cannot read each other's copies. See ``docs/jupyterhub.md``,
section 9.
"""

from __future__ import annotations

import getpass
import json
import os
import re
import tempfile
import threading
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from .store import Progress, now

SHARE_FOLDER_VAR = "STEMIMMUNE_SHARE_FOLDER"
WITH_NAME_VAR = "STEMIMMUNE_SHARE_WITH_NAME"
CONFIG_VAR = "STEMIMMUNE_SHARING_CONFIG"
SYSTEM_CONFIG = Path("/etc/stemimmune/sharing.toml")
#: How long the button waits for the copy to be written before letting the learner go on.
WAIT_SECONDS = 5.0
_YES = {"1", "yes", "true", "on"}


@dataclass(frozen=True)
class SharingSetup:
    """Where copies go, whether they carry a name, and where that was set."""

    folder: Path | None = None
    with_name: bool = False
    source: str = ""   #: for example "the environment variable STEMIMMUNE_SHARE_FOLDER"
    problem: str = ""  #: a set-up file that could not be read, in plain words

    @property
    def ready(self) -> bool:
        """True when a folder is set up."""
        return self.folder is not None


def sharing_setup(environ: Mapping[str, str] | None = None) -> SharingSetup:
    """The instructor's set-up, from the environment or the set-up file; never raises."""
    environ = os.environ if environ is None else environ
    folder = environ.get(SHARE_FOLDER_VAR, "").strip()
    if folder:
        return SharingSetup(Path(folder).expanduser(),
                            environ.get(WITH_NAME_VAR, "").strip().lower() in _YES,
                            f"the environment variable {SHARE_FOLDER_VAR}")
    named = environ.get(CONFIG_VAR, "").strip()
    config = Path(named or SYSTEM_CONFIG)
    try:
        if not config.exists():
            return SharingSetup(problem=f"the sharing set-up file {config}, named by "
                                        f"{CONFIG_VAR}, does not exist" if named else "")
        data = tomllib.loads(config.read_text("utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as err:
        return SharingSetup(problem=f"the sharing set-up file {config} could not be read "
                                    f"({type(err).__name__})")
    folder, with_name = data.get("folder"), data.get("with_name", False)
    if not isinstance(folder, str) or not folder.strip() or not isinstance(with_name, bool):
        return SharingSetup(problem=f"the sharing set-up file {config} needs a line such as "
                                    'folder = "/srv/stemimmune/shared" (and with_name = '
                                    "true or false)")
    return SharingSetup(Path(folder.strip()).expanduser(), with_name, f"the file {config}")


def learner_name(environ: Mapping[str, str] | None = None) -> str:
    """The learner's username: JupyterHub's ``JUPYTERHUB_USER``, else the login name."""
    environ = os.environ if environ is None else environ
    name = environ.get("JUPYTERHUB_USER", "").strip()
    if not name:
        try:
            name = getpass.getuser()
        except (KeyError, OSError):
            name = "unknown"
    return name


def what_is_sent(setup: SharingSetup, name: str) -> str:
    """One sentence for the learner, before they press the button: what a copy carries."""
    if not setup.ready:
        return ("Sharing is not set up here: no instructor has given this course a folder "
                "to share into, so the button will not send anything.")
    sent = ("Pressing it puts a copy of every quiz answer you have saved (which question, "
            "what you chose, when, right or wrong) in your instructor's folder. ")
    if setup.with_name:
        return sent + (f"The copy carries your username, {name}, because your instructor's "
                       "set-up asks for it.")
    return sent + ("Your name and username are not written in the copy, but on most class "
                   "hubs it is saved under your own account, so your instructor can still "
                   "tell whose copy it is.")


@dataclass(frozen=True)
class ShareOutcome:
    """What happened when the learner pressed Share."""

    shared: bool
    message: str
    path: Path | None = None


def share_results(progress: Progress, setup: SharingSetup | None = None,
                  at: datetime | None = None, environ: Mapping[str, str] | None = None,
                  wait: float = WAIT_SECONDS) -> ShareOutcome:
    """Write a copy of the learner's results into the set-up folder; never raises.

    The copy is written on a helper thread, and the learner waits at most ``wait`` seconds
    (a stuck network folder must not freeze their notebook).
    """
    setup = sharing_setup(environ) if setup is None else setup
    if not setup.ready:
        why = f"{setup.problem[0].upper()}{setup.problem[1:]}. " if setup.problem else ""
        return ShareOutcome(False, f"{why}Sharing is not set up here, so nothing was sent. "
                                   "If your instructor expects your results, tell them: the "
                                   "course's hub guide says how to set it up.")
    outcome: list[ShareOutcome] = []

    def write() -> None:
        try:
            outcome.append(_write_copy(progress, setup, at or now(), environ))
        except OSError as err:  # e.g. a folder above the sharing folder cannot be entered
            outcome.append(ShareOutcome(False, f"Could not reach the sharing folder "
                                               f"({_reason(err)}), so nothing was sent. "
                                               "Please tell your instructor."))
        except Exception as err:  # noqa: BLE001 - the learner must never see a traceback
            outcome.append(ShareOutcome(False, f"Sharing did not work ({type(err).__name__}),"
                                               " so nothing was sent. Please tell your "
                                               "instructor."))

    worker = threading.Thread(target=write, daemon=True)
    worker.start()
    worker.join(wait)
    if not outcome:
        return ShareOutcome(False, "The sharing folder is slow to answer; your copy is still "
                                   "being written. You can go on working.")
    return outcome[0]


def _write_copy(progress: Progress, setup: SharingSetup, at: datetime,
                environ: Mapping[str, str] | None) -> ShareOutcome:
    folder = setup.folder
    assert folder is not None
    if not folder.is_dir():
        return ShareOutcome(False, f"The sharing folder {folder} does not exist, so nothing "
                                   "was sent. Please tell your instructor.")
    share_id = progress.share_id()
    data = progress.results.to_json()
    data["shared"] = {"at": at.isoformat(), "share_id": share_id}
    file_name = f"{share_id}.json"
    if setup.with_name:
        name = learner_name(environ)
        data["shared"]["name"] = name
        file_name = f"{re.sub(r'[^A-Za-z0-9._-]', '_', name).lstrip('.') or share_id}.json"
    target = folder / file_name
    try:
        handle, temporary = tempfile.mkstemp(dir=folder, prefix=".share-", suffix=".tmp")
        try:
            os.fchmod(handle, 0o640)  # owner and the folder's group (the instructors) only
            with os.fdopen(handle, "w", encoding="utf-8") as out:
                json.dump(data, out, indent=1, sort_keys=True, ensure_ascii=False)
            os.replace(temporary, target)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise
    except OSError as err:
        return ShareOutcome(False, f"Could not write into the sharing folder "
                                   f"({_reason(err)}), so nothing was sent. Please tell your "
                                   "instructor.")
    answers = sum(len(questions) for questions in progress.attempts.values())
    lessons = len(progress.attempts)
    named = ("your username" if setup.with_name
             else "no name or username written in it")
    return ShareOutcome(True, f"Shared at {at.astimezone().strftime('%H:%M %Z')}: your answers "
                              f"to {answers} question{'s' if answers != 1 else ''} in "
                              f"{lessons} lesson{'s' if lessons != 1 else ''}, with {named}. "
                              "Sharing again replaces this copy.", target)


def _reason(err: OSError) -> str:
    """An operating-system error in a few plain words."""
    if isinstance(err, PermissionError):
        return "permission denied"
    return (err.strerror or type(err).__name__).lower()
