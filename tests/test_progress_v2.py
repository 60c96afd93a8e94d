"""The progress file, version 2: every graded attempt kept, older and foreign files handled."""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime, timedelta

import pytest

from stemimmune.engine.progress import (
    MAX_ATTEMPTS,
    VERSION,
    Answer,
    Attempt,
    Progress,
    Results,
    store,
)

T0 = datetime(2026, 3, 2, 10, 0, 0, tzinfo=UTC)

V1_CONTENT = {"version": 1, "notebooks": {"01-x": {
    "right-first": {"correct": True, "first_try": True},
    "right-later": {"correct": True, "first_try": False},
    "never-right": {"correct": False, "first_try": False}}}}


@pytest.fixture
def path(tmp_path):
    return tmp_path / "home" / ".stemimmune" / "progress.json"


def write(path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, "utf-8")


def on_disk(path) -> dict:
    return json.loads(path.read_text("utf-8"))


# --- what is saved ------------------------------------------------------------------------
@pytest.mark.parametrize("response, saved", [
    (2, 2),                          # single choice: the option's index
    ({2, 0}, [0, 2]),                # multiple: sorted indices
    ("86,400", "86,400"),            # numeric: the text as typed
    (["totipotent", ""], ["totipotent", ""]),  # match: a place per item
])
def test_an_attempt_is_saved_with_time_correctness_and_response(path, response, saved):
    Progress.load(path).record("01-x", "q1", correct=True, response=response, at=T0)
    entry = on_disk(path)["notebooks"]["01-x"]["q1"]["attempts"]
    assert entry == [{"at": "2026-03-02T10:00:00+00:00", "correct": True, "response": saved}]
    assert Progress.load(path).attempts["01-x"]["q1"] == [Attempt(T0, True, saved)]


def test_the_file_says_it_is_version_2(path):
    Progress.load(path).record("01-x", "q1", correct=False, at=T0)
    assert on_disk(path)["version"] == VERSION == 2


def test_an_attempt_without_a_response_has_no_response_key(path):
    Progress.load(path).record("01-x", "q1", correct=False, at=T0)
    assert on_disk(path)["notebooks"]["01-x"]["q1"]["attempts"] == [
        {"at": "2026-03-02T10:00:00+00:00", "correct": False}]


def test_answers_are_worked_out_from_the_attempts(path):
    saved = Progress.load(path)
    for question, outcomes in {"wrong-then-right": [False, True],
                               "right-then-wrong": [True, False],
                               "only-wrong": [False, False]}.items():
        for minute, ok in enumerate(outcomes):
            saved.record("01-x", question, ok, at=T0 + timedelta(minutes=minute))
    answers = Progress.load(path).answers["01-x"]
    assert answers == {"wrong-then-right": Answer(correct=True, first_try=False),
                       "right-then-wrong": Answer(correct=True, first_try=True),
                       "only-wrong": Answer(correct=False, first_try=False)}
    assert Progress.load(path).correct_count("01-x") == 2
    assert Progress.load(path).correct_count("no-such-notebook") == 0


def test_results_from_json_reads_a_version_2_file_without_touching_disk():
    raw = {"version": 2, "learner": {"share_id": "abc"}, "notebooks": {"01-x": {"q1": {
        "attempts": [{"at": "2026-03-02T10:00:00+00:00", "correct": False, "response": 1},
                     {"at": "2026-03-02T10:01:00+00:00", "correct": True, "response": 0}]}}}}
    results = Results.from_json(raw)
    assert results.problems == [] and results.learner == {"share_id": "abc"}
    assert results.attempts["01-x"]["q1"][1] == Attempt(T0 + timedelta(minutes=1), True, 0)
    assert results.to_json() == raw


# --- version 1 files ----------------------------------------------------------------------
def test_a_version_1_file_is_migrated_keeping_every_result(path, monkeypatch):
    monkeypatch.setattr(store, "now", lambda: T0)
    write(path, json.dumps(V1_CONTENT))
    loaded = Progress.load(path)
    assert loaded.attempts["01-x"] == {
        "right-first": [Attempt(None, True)],
        "right-later": [Attempt(None, False), Attempt(None, True)],
        "never-right": [Attempt(None, False)]}
    assert loaded.answers["01-x"]["right-later"] == Answer(correct=True, first_try=False)
    assert loaded.correct_count("01-x") == 2


def test_migration_keeps_a_byte_for_byte_copy_of_the_old_file(path):
    old = json.dumps(V1_CONTENT, indent=3) + "\n"
    write(path, old)
    Progress.load(path)
    assert (path.parent / "progress.json.v1").read_bytes() == old.encode("utf-8")


def test_migration_rewrites_the_file_as_version_2(path, monkeypatch):
    monkeypatch.setattr(store, "now", lambda: T0)
    write(path, json.dumps(V1_CONTENT))
    Progress.load(path)
    raw = on_disk(path)
    assert raw["version"] == 2
    assert raw["learner"] == {"migrated_from_version": 1,
                              "migrated_at": "2026-03-02T10:00:00+00:00"}
    assert raw["notebooks"]["01-x"]["right-first"] == {"attempts": [{"at": None,
                                                                     "correct": True}]}


def test_migration_tells_the_learner_plainly_once(path):
    write(path, json.dumps(V1_CONTENT))
    warnings = Progress.load(path).warnings
    assert len(warnings) == 1
    assert "new format" in warnings[0] and "progress.json.v1" in warnings[0]
    assert "Traceback" not in warnings[0] and "{" not in warnings[0]
    assert Progress.load(path).warnings == []  # already migrated: nothing more to say


def test_a_version_1_file_without_a_version_key_is_migrated_too(path):
    write(path, json.dumps({"notebooks": V1_CONTENT["notebooks"]}))
    assert Progress.load(path).correct_count("01-x") == 2
    assert on_disk(path)["version"] == 2


def test_a_second_version_1_file_is_kept_too(path):
    write(path.parent / "progress.json.v1", "an earlier copy")
    old = json.dumps(V1_CONTENT)
    write(path, old)
    Progress.load(path)
    kept = [p.read_text("utf-8") for p in path.parent.iterdir() if p != path]
    assert old in kept


# --- files that cannot be used ------------------------------------------------------------
@pytest.mark.parametrize("content, why", [
    ("{ not json", "could not be read"),
    (json.dumps({"name": "a file of some other program"}), "not in the expected format"),
    (json.dumps({"version": "two", "notebooks": {}}), "not in the expected format"),
    (json.dumps({"version": 3, "notebooks": {"01-x": {}}}), "newer version of the course"),
])
def test_an_unusable_file_is_set_aside_untouched_with_a_plain_message(path, content, why):
    write(path, content)
    loaded = Progress.load(path)
    assert loaded.attempts == {} and len(loaded.warnings) == 1
    assert why in loaded.warnings[0] and "progress.json.unreadable" in loaded.warnings[0]
    assert "Traceback" not in loaded.warnings[0]
    assert (path.parent / "progress.json.unreadable").read_text("utf-8") == content
    assert not path.exists()


def test_a_newer_file_is_never_overwritten_by_a_later_save(path):
    newer = json.dumps({"version": 3, "notebooks": {}, "something": "new"})
    write(path, newer)
    Progress.load(path).record("01-x", "q1", True, at=T0)
    assert (path.parent / "progress.json.unreadable").read_text("utf-8") == newer
    assert on_disk(path)["version"] == 2


def test_setting_aside_twice_keeps_both_old_files(path):
    write(path, "{ first")
    Progress.load(path)
    write(path, "{ second")
    warning = Progress.load(path).warnings[0]
    assert "progress.json.unreadable-2" in warning
    assert (path.parent / "progress.json.unreadable").read_text("utf-8") == "{ first"
    assert (path.parent / "progress.json.unreadable-2").read_text("utf-8") == "{ second"


def test_damaged_entries_are_skipped_counted_and_the_rest_kept(path):
    good = {"at": "2026-03-02T10:00:00+00:00", "correct": True}
    write(path, json.dumps({"version": 2, "notebooks": {
        "01-x": {"q1": {"attempts": [good, {"correct": "yes"}, {"at": "yesterday",
                                                                "correct": True}]},
                 "q2": {"no attempts": []},
                 "q3": {"attempts": [{"at": 5, "correct": False}]}},
        "02-y": "nonsense"}}))
    loaded = Progress.load(path)
    assert loaded.attempts == {"01-x": {"q1": [Attempt(T0, True)]}}
    assert len(loaded.warnings) == 1 and "5 saved result(s)" in loaded.warnings[0]
    assert path.exists()  # the readable part stays in place


def test_a_time_without_a_zone_is_read_as_utc():
    results = Results.from_json({"version": 2, "notebooks": {"01-x": {"q1": {
        "attempts": [{"at": "2026-03-02T10:00:00", "correct": True}]}}}})
    assert results.attempts["01-x"]["q1"][0].at == T0


# --- keeping the file small and shared safely ---------------------------------------------
def test_at_most_max_attempts_are_kept_and_the_first_stays(path):
    saved = Progress.load(path)
    saved.record("01-x", "q1", False, response=1, at=T0)
    later = [T0 + timedelta(minutes=m) for m in range(1, MAX_ATTEMPTS + 10)]
    for when in later:
        saved.record("01-x", "q1", True, response=0, at=when)
    attempts = Progress.load(path).attempts["01-x"]["q1"]
    assert len(attempts) == MAX_ATTEMPTS
    assert attempts[0] == Attempt(T0, False, 1)
    assert [a.at for a in attempts[1:]] == later[-(MAX_ATTEMPTS - 1):]  # the latest ones
    assert Progress.load(path).answers["01-x"]["q1"] == Answer(True, first_try=False)


def test_two_progress_objects_on_one_file_keep_each_others_attempts(path):
    lesson, review = Progress.load(path), Progress.load(path)  # two kernels, one file
    lesson.record("01-x", "q1", False, at=T0)
    review.record("01-x", "q1", True, at=T0 + timedelta(minutes=1))
    review.record("02-y", "q1", True, at=T0 + timedelta(minutes=2))
    lesson.record("03-z", "q1", True, at=T0 + timedelta(minutes=3))
    again = Progress.load(path)
    assert [a.correct for a in again.attempts["01-x"]["q1"]] == [False, True]
    assert set(again.attempts) == {"01-x", "02-y", "03-z"}


def test_restart_schedule_keeps_every_attempt(path):
    saved = Progress.load(path)
    saved.record("01-x", "q1", True, at=T0)
    saved.restart_schedule(at=T0 + timedelta(days=1))
    again = Progress.load(path)
    assert again.learner["schedule_since"] == "2026-03-03T10:00:00+00:00"
    assert again.attempts["01-x"]["q1"] == [Attempt(T0, True)]
    assert again.correct_count("01-x") == 1


def test_reset_keeps_the_facts_about_the_file(path):
    saved = Progress.load(path)
    saved.record("01-x", "q1", True, at=T0)
    share_id = saved.share_id()
    saved.reset()
    assert Progress.load(path).learner["share_id"] == share_id


def test_share_id_is_stable_across_loads(path):
    first = Progress.load(path).share_id()
    assert Progress.load(path).share_id() == first
    assert on_disk(path)["learner"]["share_id"] == first


def test_share_id_is_random_looking_and_not_the_username(path, tmp_path, monkeypatch):
    monkeypatch.setenv("JUPYTERHUB_USER", "alice")
    monkeypatch.setenv("USER", "alice")
    first = Progress.load(path).share_id()
    other = Progress.load(tmp_path / "other" / "progress.json").share_id()
    assert re.fullmatch(r"[0-9a-f]{16}", first) and first != other
    assert "alice" not in first


def test_share_id_made_in_one_kernel_is_seen_by_another(path):
    lesson, review = Progress.load(path), Progress.load(path)
    assert review.share_id() == lesson.share_id()
