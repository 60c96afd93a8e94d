"""Sharing a copy of one's results with an instructor: set-up, privacy, and plain failures."""

from __future__ import annotations

import errno
import json
import os
import stat
from datetime import UTC, datetime
from pathlib import Path

import pytest

from stemimmune.engine.progress import Progress, SharingSetup, share_results, sharing, sharing_setup
from stemimmune.engine.review import ShareButton

T0 = datetime(2026, 3, 10, 14, 0, 5, tzinfo=UTC)
USER = "zebra-learner-7"
HUB = {"JUPYTERHUB_USER": USER}

needs_permissions = pytest.mark.skipif(os.geteuid() == 0, reason="root ignores file permissions")


@pytest.fixture(autouse=True)
def no_system_config(tmp_path, monkeypatch):
    """The machine's own /etc/stemimmune/sharing.toml, if any, is never read by these tests."""
    monkeypatch.setattr(sharing, "SYSTEM_CONFIG", tmp_path / "etc" / "sharing.toml")


@pytest.fixture
def folder(tmp_path):
    shared = tmp_path / "shared"
    shared.mkdir()
    return shared


@pytest.fixture
def progress(tmp_path):
    saved = Progress.load(tmp_path / "home" / "progress.json")
    saved.record("01-understanding-stem-cells", "totipotent-which", False, response=1, at=T0)
    saved.record("01-understanding-stem-cells", "totipotent-which", True, response=0, at=T0)
    saved.record("04-current-research-reading-the-evidence", "false-alarms", True,
                 response="10", at=T0)
    return saved


def config(tmp_path, text: str) -> dict[str, str]:
    path = tmp_path / "sharing.toml"
    path.write_text(text, "utf-8")
    return {"STEMIMMUNE_SHARING_CONFIG": str(path)}


def setup_for(folder: Path, with_name: bool = False) -> SharingSetup:
    return SharingSetup(folder, with_name, "a test")


# --- where the set-up comes from ----------------------------------------------------------
def test_the_environment_variable_sets_the_folder(folder):
    setup = sharing_setup({"STEMIMMUNE_SHARE_FOLDER": str(folder)})
    assert setup.ready and setup.folder == folder and setup.with_name is False
    assert "STEMIMMUNE_SHARE_FOLDER" in setup.source and setup.problem == ""


@pytest.mark.parametrize("value, named", [("yes", True), ("TRUE", True), ("1", True),
                                          ("no", False), ("", False)])
def test_the_environment_says_whether_names_are_shared(folder, value, named):
    setup = sharing_setup({"STEMIMMUNE_SHARE_FOLDER": str(folder),
                           "STEMIMMUNE_SHARE_WITH_NAME": value})
    assert setup.with_name is named


def test_a_config_file_sets_the_folder(tmp_path, folder):
    environ = config(tmp_path, f'folder = "{folder}"\nwith_name = true\n')
    setup = sharing_setup(environ)
    assert setup.ready and setup.folder == folder and setup.with_name is True
    assert str(tmp_path / "sharing.toml") in setup.source


def test_the_system_config_file_is_read_when_no_variable_names_one(tmp_path, folder):
    sharing.SYSTEM_CONFIG.parent.mkdir()
    sharing.SYSTEM_CONFIG.write_text(f'folder = "{folder}"\n', "utf-8")
    setup = sharing_setup({})
    assert setup.folder == folder and setup.with_name is False


def test_the_environment_variable_wins_over_a_config_file(tmp_path, folder):
    environ = config(tmp_path, 'folder = "/somewhere/else"\n')
    environ["STEMIMMUNE_SHARE_FOLDER"] = str(folder)
    assert sharing_setup(environ).folder == folder


def test_with_neither_sharing_is_not_set_up(tmp_path):
    assert sharing_setup({}) == SharingSetup()
    assert not SharingSetup().ready


def test_a_set_up_file_named_but_missing_is_reported(tmp_path):
    setup = sharing_setup({"STEMIMMUNE_SHARING_CONFIG": str(tmp_path / "missing.toml")})
    assert not setup.ready and "does not exist" in setup.problem


@pytest.mark.parametrize("text", ['folder = ""\n', "folder = 3\n", 'with_name = true\n',
                                  'folder = "/srv/x"\nwith_name = "yes"\n'])
def test_a_config_file_with_a_bad_value_gives_a_plain_problem(tmp_path, text):
    setup = sharing_setup(config(tmp_path, text))
    assert not setup.ready
    assert "sharing.toml needs a line such as" in setup.problem
    assert 'folder = "/srv/stemimmune/shared"' in setup.problem


def test_a_config_file_that_is_not_toml_gives_a_plain_problem(tmp_path):
    setup = sharing_setup(config(tmp_path, "folder = = nope"))
    assert not setup.ready and "could not be read" in setup.problem
    assert "Traceback" not in setup.problem


def test_a_config_file_in_a_folder_the_learner_cannot_enter_gives_a_problem(tmp_path,
                                                                          monkeypatch):
    hidden = tmp_path / "locked" / "sharing.toml"
    real_stat = Path.stat

    def stat_(self, *args, **kwargs):
        if self == hidden:
            raise PermissionError(errno.EACCES, "Permission denied", str(self))
        return real_stat(self, *args, **kwargs)

    monkeypatch.setattr(Path, "stat", stat_)
    setup = sharing_setup({"STEMIMMUNE_SHARING_CONFIG": str(hidden)})
    assert not setup.ready


# --- what a copy carries ------------------------------------------------------------------
def test_a_copy_is_named_by_share_id_and_carries_no_name(progress, folder):
    outcome = share_results(progress, setup_for(folder), at=T0, environ=HUB)
    share_id = progress.share_id()
    assert outcome.shared and outcome.path == folder / f"{share_id}.json"
    text = outcome.path.read_text("utf-8")
    assert USER not in text and USER not in outcome.path.name
    data = json.loads(text)
    assert data["shared"] == {"at": "2026-03-10T14:00:05+00:00", "share_id": share_id}
    assert data["notebooks"] == progress.results.to_json()["notebooks"]
    assert "with no name or username written in it." in outcome.message
    assert "to 2 questions in 2 lessons" in outcome.message


def test_a_copy_with_name_carries_the_username_and_says_so(progress, folder):
    outcome = share_results(progress, setup_for(folder, with_name=True), at=T0, environ=HUB)
    assert outcome.path == folder / f"{USER}.json"
    assert json.loads(outcome.path.read_text("utf-8"))["shared"]["name"] == USER
    assert "with your username" in outcome.message


def test_an_odd_username_makes_a_safe_file_name(progress, folder):
    outcome = share_results(progress, setup_for(folder, with_name=True), at=T0,
                            environ={"JUPYTERHUB_USER": "../alice smith"})
    assert outcome.path.parent == folder and "/" not in outcome.path.name[:-5]
    assert not outcome.path.name.startswith(".")


def test_a_copy_is_readable_by_owner_and_group_only(progress, folder):
    outcome = share_results(progress, setup_for(folder), at=T0, environ=HUB)
    assert stat.S_IMODE(outcome.path.stat().st_mode) == 0o640


def test_sharing_again_replaces_the_earlier_copy(progress, folder):
    share_results(progress, setup_for(folder), at=T0, environ=HUB)
    progress.record("02-how-therapy-affects-the-immune-system", "cord-blood-weeks", True,
                    response="19", at=T0)
    later = datetime(2026, 3, 11, 9, tzinfo=UTC)
    outcome = share_results(Progress.load(progress.path), setup_for(folder), at=later,
                            environ=HUB)
    assert sorted(folder.iterdir()) == [outcome.path]
    data = json.loads(outcome.path.read_text("utf-8"))
    assert data["shared"]["at"] == later.isoformat()
    assert "02-how-therapy-affects-the-immune-system" in data["notebooks"]


def test_no_temporary_file_is_left_after_a_share(progress, folder):
    outcome = share_results(progress, setup_for(folder), at=T0, environ=HUB)
    assert [p.name for p in folder.iterdir()] == [outcome.path.name]


# --- when it cannot work ------------------------------------------------------------------
def test_not_set_up_says_so_plainly(progress):
    outcome = share_results(progress, SharingSetup(), at=T0, environ=HUB)
    assert not outcome.shared and outcome.path is None
    assert outcome.message.startswith("Sharing is not set up here, so nothing was sent.")


def test_a_bad_config_file_is_named_in_the_message(tmp_path, progress):
    outcome = share_results(progress, None, at=T0, environ=config(tmp_path, "folder = 3\n"))
    assert outcome.message.startswith("The sharing set-up file ")
    assert "Sharing is not set up here" in outcome.message


def test_a_missing_folder_gives_a_plain_message(progress, tmp_path):
    missing = tmp_path / "not-made-yet"
    outcome = share_results(progress, setup_for(missing), at=T0, environ=HUB)
    assert not outcome.shared and "does not exist" in outcome.message
    assert str(missing) in outcome.message and not missing.exists()


@needs_permissions
def test_a_read_only_folder_gives_a_plain_message(progress, folder):
    folder.chmod(0o500)
    try:
        outcome = share_results(progress, setup_for(folder), at=T0, environ=HUB)
        assert not outcome.shared and "permission denied" in outcome.message
        assert list(folder.iterdir()) == []
    finally:
        folder.chmod(0o700)


def test_a_folder_refusing_the_file_gives_a_plain_message(progress, folder, monkeypatch):
    """The same as a read-only folder, for runs as root (which ignores permissions)."""
    def refuse(*args, **kwargs):
        raise PermissionError(errno.EACCES, "Permission denied")

    monkeypatch.setattr(sharing.tempfile, "mkstemp", refuse)
    outcome = share_results(progress, setup_for(folder), at=T0, environ=HUB)
    assert not outcome.shared and "(permission denied)" in outcome.message
    assert list(folder.iterdir()) == []


def test_a_write_that_fails_half_way_leaves_no_temporary_file(progress, folder, monkeypatch):
    progress.share_id()  # made and saved before the disk "fills up"

    def full_disk(data, out, **kwargs):
        out.write('{"half": ')
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(sharing.json, "dump", full_disk)
    outcome = share_results(progress, setup_for(folder), at=T0, environ=HUB)
    assert not outcome.shared and "no space left on device" in outcome.message.lower()
    assert list(folder.iterdir()) == []


@pytest.mark.filterwarnings("ignore::pytest.PytestUnhandledThreadExceptionWarning")
def test_a_folder_behind_a_locked_folder_gives_a_plain_message(progress, tmp_path,
                                                               monkeypatch):
    behind = tmp_path / "instructors-only" / "shared"
    real_stat = Path.stat

    def stat_(self, *args, **kwargs):
        if self == behind:
            raise PermissionError(errno.EACCES, "Permission denied", str(self))
        return real_stat(self, *args, **kwargs)

    monkeypatch.setattr(Path, "stat", stat_)
    outcome = share_results(progress, setup_for(behind), at=T0, environ=HUB, wait=2)
    assert not outcome.shared and "still being written" not in outcome.message


# --- the button ---------------------------------------------------------------------------
def test_the_button_is_labelled_and_explains_what_is_sent(progress, folder):
    button = ShareButton(setup_for(folder), progress, environ=HUB)
    assert button.button.description == "Share my results with my instructor"
    intro = button.intro.value
    assert "name and username are not written in the copy" in intro
    # no name written is not anonymous: the learner is told their account can show it
    assert "saved under your own account" in intro and "tell whose copy it is" in intro


def test_the_button_names_the_username_when_the_setup_asks(progress, folder):
    button = ShareButton(setup_for(folder, with_name=True), progress, environ=HUB)
    assert f"your username, {USER}," in button.explanation()


def test_pressing_share_shows_the_message_in_the_status(progress, folder):
    button = ShareButton(setup_for(folder), progress, environ=HUB)
    message = button.share()
    assert message.startswith("Shared at ") and message in button.status.value
    assert len(list(folder.iterdir())) == 1


def test_clicking_the_button_shares(progress, folder):
    button = ShareButton(setup_for(folder), progress, environ=HUB)
    button.button.click()
    assert "Shared at " in button.status.value


def test_the_button_says_when_sharing_is_not_set_up(progress):
    button = ShareButton(progress=progress, environ=dict(HUB))
    assert button.explanation().startswith("Sharing is not set up here")
    assert "Sharing is not set up here" in button.intro.value
    assert "nothing was sent" in button.share() and "nothing was sent" in button.status.value


def test_the_button_explains_a_bad_config_file(tmp_path, progress):
    button = ShareButton(progress=progress, environ=config(tmp_path, "folder = 3\n"))
    assert "The sharing set-up file" in button.explanation()


def test_share_never_raises_and_says_so_plainly(progress, folder, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("a bug")

    monkeypatch.setattr("stemimmune.engine.review.share.share_results", broken)
    message = ShareButton(setup_for(folder), progress, environ=HUB).share()
    assert message.startswith("Sharing did not work (RuntimeError); nothing was lost.")


def test_the_static_button_reads_as_text(progress, folder):
    bundle = ShareButton(setup_for(folder), progress, environ=HUB)._repr_mimebundle_()
    assert "Share my results with my instructor" in bundle["text/html"]
    assert bundle["text/plain"] == ("[Share my results with my instructor: run the notebook "
                                    "to use it]")
