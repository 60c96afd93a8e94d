"""Saved quiz progress: kept outside the course, survives reloading, survives damage."""

from __future__ import annotations

import json

import pytest

from stemimmune.engine.progress import Progress
from stemimmune.engine.progress import store as progress_module


@pytest.fixture
def path(tmp_path):
    return tmp_path / "home" / ".stemimmune" / "progress.json"


def test_default_path_is_in_home_unless_overridden(monkeypatch, tmp_path):
    monkeypatch.delenv(progress_module.ENV_VAR, raising=False)
    monkeypatch.setenv("HOME", str(tmp_path))
    assert progress_module.default_path() == tmp_path / ".stemimmune" / "progress.json"
    monkeypatch.setenv(progress_module.ENV_VAR, str(tmp_path / "elsewhere.json"))
    assert progress_module.default_path() == tmp_path / "elsewhere.json"


def test_results_survive_a_fresh_load(path):
    saved = Progress.load(path)
    saved.record("01-x", "q1", correct=False)
    saved.record("01-x", "q1", correct=True)
    saved.record("01-x", "q2", correct=True)
    again = Progress.load(path)
    assert again.answers["01-x"]["q1"] == progress_module.Answer(correct=True, first_try=False)
    assert again.answers["01-x"]["q2"] == progress_module.Answer(correct=True, first_try=True)
    assert again.correct_count("01-x") == 2 and again.warnings == []


def test_a_later_wrong_answer_does_not_undo_a_right_one(path):
    saved = Progress.load(path)
    saved.record("01-x", "q1", correct=True)
    saved.record("01-x", "q1", correct=False)
    assert Progress.load(path).answers["01-x"]["q1"].correct is True


def test_reset_one_notebook_or_all(path):
    saved = Progress.load(path)
    saved.record("01-x", "q1", correct=True)
    saved.record("02-y", "q1", correct=True)
    saved.reset("01-x")
    assert set(Progress.load(path).answers) == {"02-y"}
    saved.reset()
    assert Progress.load(path).answers == {}


def test_unreadable_file_is_reported_and_set_aside_not_deleted(path):
    path.parent.mkdir(parents=True)
    path.write_text("{ not json", "utf-8")
    loaded = Progress.load(path)
    assert loaded.answers == {} and "could not be read" in loaded.warnings[0]
    assert (path.parent / "progress.json.unreadable").read_text() == "{ not json"
    loaded.record("01-x", "q1", correct=True)
    assert Progress.load(path).correct_count("01-x") == 1


def test_damaged_entries_are_skipped_and_the_rest_kept(path):
    path.parent.mkdir(parents=True)
    path.write_text(json.dumps({"version": 1, "notebooks": {
        "01-x": {"good": {"correct": True, "first_try": True}, "bad": {"correct": "yes"}},
        "02-y": "nonsense"}}), "utf-8")
    loaded = Progress.load(path)
    assert loaded.correct_count("01-x") == 1
    assert "2 saved result(s)" in loaded.warnings[0]


@pytest.mark.parametrize("content", ["[]", '"text"', '{"notebooks": 3}', "\xff\xfe"])
def test_wrong_shapes_are_set_aside(path, content):
    path.parent.mkdir(parents=True)
    path.write_bytes(content.encode("latin-1"))
    loaded = Progress.load(path)
    assert loaded.answers == {} and loaded.warnings


def test_a_folder_that_cannot_be_written_gives_a_warning_not_an_error(tmp_path):
    blocker = tmp_path / "file-not-folder"
    blocker.write_text("x")
    stuck = Progress.load(blocker / "progress.json")
    stuck.record("01-x", "q1", correct=True)
    assert "Could not save" in stuck.warnings[-1]


def test_saving_resumes_when_the_folder_can_be_written_again(tmp_path):
    """One plain warning while saving fails (not one per answer), gone once a save works;
    the answers given meanwhile are saved then too."""
    from stemimmune.engine.progress import SAVE_FAILED

    blocker = tmp_path / "home"
    blocker.write_text("x")  # the progress file's folder cannot be made
    progress = Progress.load(blocker / "progress.json")
    progress.record("01-x", "q1", correct=False)
    progress.record("01-x", "q1", correct=True)
    failed = [w for w in progress.warnings if w.startswith(SAVE_FAILED)]
    assert len(failed) == 1 and "Results saved before are kept" in failed[0]
    blocker.unlink()
    progress.record("01-x", "q2", correct=True)
    assert not any(w.startswith(SAVE_FAILED) for w in progress.warnings)
    again = Progress.load(blocker / "progress.json")
    assert len(again.attempts["01-x"]["q1"]) == 2 and again.correct_count("01-x") == 2
    assert list(blocker.iterdir()) == [blocker / "progress.json"]  # no temporary file left


def test_two_open_notebooks_do_not_overwrite_each_others_answers(path):
    welcome, lesson = Progress.load(path), Progress.load(path)  # two kernels, one file
    lesson.record("01-x", "q1", correct=True)
    welcome.record("00-w", "q1", correct=True)
    again = Progress.load(path)
    assert again.correct_count("01-x") == 1 and again.correct_count("00-w") == 1


def test_a_reset_made_elsewhere_is_not_undone_by_an_open_notebook(path):
    lesson, welcome = Progress.load(path), Progress.load(path)
    lesson.record("01-x", "q1", correct=True)
    welcome.reset()
    lesson.record("01-x", "q2", correct=True)
    assert set(Progress.load(path).answers["01-x"]) == {"q2"}


def test_an_unchanged_file_is_not_parsed_again_but_a_changed_one_is(path, monkeypatch):
    """Each Check saves the whole file; while no other notebook has written to it, the copy
    here is already the file's, so it is not read into objects again (that took most of a
    Check's time with a full file). After another notebook saves, it is."""
    lesson, welcome = Progress.load(path), Progress.load(path)
    lesson.record("01-x", "q1", correct=True)
    parsed = []
    real = progress_module.Results.from_json
    monkeypatch.setattr(progress_module.Results, "from_json",
                        classmethod(lambda cls, raw: parsed.append(1) or real(raw)))
    lesson.record("01-x", "q2", correct=True)
    lesson.record("01-x", "q2", correct=False)
    assert parsed == []  # the file still held what this copy last wrote
    welcome.record("00-w", "q1", correct=True)  # another notebook's kernel saves
    lesson.record("01-x", "q3", correct=True)
    assert len(parsed) >= 1
    again = Progress.load(path)
    assert again.correct_count("00-w") == 1 and again.correct_count("01-x") == 3
    assert len(again.attempts["01-x"]["q2"]) == 2


def test_the_file_is_compact_json_that_reads_back_the_same(path):
    progress = Progress.load(path)
    progress.record("01-x", "q1", correct=True, response=[0, 2])
    text = path.read_text("utf-8")
    assert "\n" not in text and json.loads(text)["version"] == 2
    assert Progress.load(path).results.to_json() == progress.results.to_json()
