"""Today's review set, chosen from saved attempts and the course's quiz files."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone

import pytest
from anchors import notebook_anchors
from conftest import ROOT

from stemimmune.engine.progress import Progress
from stemimmune.engine.review import (
    CAP,
    ReviewItem,
    long_date,
    plan_review,
    read_quiz_files,
    section_anchor,
    summary_sentence,
)

TODAY = date(2026, 3, 10)
SKIP = ["00-welcome", "07-course-review"]
FILES = read_quiz_files(ROOT / "quizzes", skip=SKIP)
LESSONS = [f.notebook for f in FILES]


def at(day: int, hour: int = 12) -> datetime:
    """``day`` days after TODAY (negative: before), at ``hour`` UTC."""
    return datetime(TODAY.year, TODAY.month, TODAY.day, hour, tzinfo=UTC) + timedelta(days=day)


def question(lesson: int, index: int) -> tuple[str, str]:
    """(notebook, question id) of the ``index``-th question of lesson ``lesson`` (1 to 6)."""
    quiz_file = FILES[lesson - 1]
    return quiz_file.notebook, quiz_file.questions[index].id


@pytest.fixture
def progress(tmp_path):
    return Progress.load(tmp_path / "progress.json")


def plan(progress, today=TODAY, **kwargs):
    return plan_review(FILES, progress.results, today, tz=UTC, **kwargs)


def keys(review_plan) -> list[tuple[str, str]]:
    return [(item.notebook, item.question.id) for item in review_plan.items]


def test_read_quiz_files_gives_lessons_01_to_06_in_course_order():
    assert LESSONS == sorted(LESSONS) and len(LESSONS) == 6
    assert [name[:2] for name in LESSONS] == ["01", "02", "03", "04", "05", "06"]


def test_read_quiz_files_skips_a_file_that_cannot_be_read(tmp_path):
    (tmp_path / "01-broken.toml").write_text("this is = = not toml", "utf-8")
    (tmp_path / "02-ok.toml").write_text(
        (ROOT / "quizzes" / "01-understanding-stem-cells.toml").read_text("utf-8"), "utf-8")
    assert [f.notebook for f in read_quiz_files(tmp_path)] == ["01-understanding-stem-cells"]


def test_a_new_learner_gets_the_first_question_of_each_lesson(progress):
    starter = plan(progress)
    assert starter.kind == "starter" and starter.waiting == 0 and starter.due_count == 0
    assert keys(starter) == [question(lesson, 0) for lesson in range(1, 7)]
    assert all(item.state is None and item.reason == "a starter question"
               for item in starter.items)
    assert "starter set" in summary_sentence(starter) and "(6 questions)" in \
        summary_sentence(starter)


def test_after_restarting_the_schedule_the_learner_gets_the_starter_set(progress):
    notebook, qid = question(2, 3)
    progress.record(notebook, qid, False, at=at(-1))
    assert plan(progress).kind == "due"
    progress.restart_schedule(at=at(0, hour=8))
    restarted = plan(progress)
    assert restarted.kind == "starter" and restarted.schedule == {}
    assert progress.attempts[notebook][qid]  # the attempt is still saved


def test_answers_to_questions_no_longer_in_the_quiz_files_are_ignored(progress):
    progress.record(LESSONS[0], "a-question-that-was-removed", False, at=at(-1))
    progress.record("99-a-lesson-that-was-removed", "q1", False, at=at(-1))
    assert plan(progress).kind == "starter"
    notebook, qid = question(1, 2)
    progress.record(notebook, qid, False, at=at(-1))
    assert list(plan(progress).schedule) == [(notebook, qid)]


def test_nothing_due_plan_says_when_the_next_questions_are_due(progress):
    progress.record(*question(1, 0), True, at=at(0))
    progress.record(*question(2, 0), True, at=at(0))
    progress.record(*question(3, 0), False, at=at(0))
    progress.record(*question(3, 0), True, at=at(0, hour=13))
    progress.record(*question(4, 0), True, at=at(-3))
    progress.record(*question(4, 0), True, at=at(-2))  # box 2: due 3 days later, tomorrow
    progress.record(*question(5, 0), True, at=at(-2))
    progress.record(*question(5, 0), True, at=at(-1))  # box 2: due the day after tomorrow
    quiet = plan(progress)
    assert quiet.kind == "nothing due" and quiet.items == () and quiet.due_count == 0
    assert quiet.next_due == TODAY + timedelta(days=1)
    assert quiet.next_due_count == 4
    sentence = summary_sentence(quiet)
    assert "Nothing is due for review today" in sentence
    assert f"The next 4 questions are due on {long_date(quiet.next_due)}." in sentence


def test_the_next_due_sentence_says_question_for_one(progress):
    progress.record(*question(1, 0), True, at=at(0))
    sentence = summary_sentence(plan(progress))
    assert "The next question is due on Wednesday 11 March 2026." in sentence


def test_at_most_ten_are_asked_and_the_rest_wait(progress):
    wrong = [(f.notebook, q.id) for f in FILES for q in f.questions][:13]
    for key in wrong:
        progress.record(*key, False, at=at(-1))
    today = plan(progress)
    assert CAP == 10 and len(today.items) == 10 and today.waiting == 3
    assert today.due_count == 13 and keys(today) == wrong[:10]
    assert "3 more are due and will come in your next sitting." in summary_sentence(today)


def test_the_cap_can_be_changed(progress):
    for index in range(3):
        progress.record(*question(1, index), False, at=at(-1))
    small = plan(progress, cap=2)
    assert len(small.items) == 2 and small.waiting == 1


def test_order_is_wrong_first_then_oldest_due_then_course_order(progress):
    late_lesson_wrong = question(6, 0)
    early_lesson_wrong = question(1, 1)
    due_long_ago = question(5, 0)      # right 5 days ago: due 4 days ago
    due_today_early = question(2, 0)   # right yesterday: due today
    due_today_late = question(4, 0)    # right yesterday: due today
    not_due = question(3, 0)           # right today: due tomorrow
    progress.record(*due_today_late, True, at=at(-1))
    progress.record(*late_lesson_wrong, False, at=at(-2))
    progress.record(*due_today_early, True, at=at(-1))
    progress.record(*not_due, True, at=at(0))
    progress.record(*early_lesson_wrong, False, at=at(-2))
    progress.record(*due_long_ago, True, at=at(-5))
    today = plan(progress)
    assert keys(today) == [early_lesson_wrong, late_lesson_wrong, due_long_ago,
                           due_today_early, due_today_late]
    assert [item.state.box for item in today.items] == [0, 0, 1, 1, 1]


def test_an_older_wrong_answer_comes_before_a_newer_one(progress):
    progress.record(*question(1, 0), False, at=at(-1))
    progress.record(*question(6, 0), False, at=at(-3))
    assert keys(plan(progress)) == [question(6, 0), question(1, 0)]


def test_the_reasons_are_in_a_learners_words(progress):
    progress.record(*question(1, 0), False, at=at(-1))
    progress.record(*question(2, 0), True, at=at(-1))
    first, second = plan(progress).items
    assert first.reason == "you answered it wrong last time"
    assert second.reason == "due again: you last got it right on Monday 9 March 2026"
    assert summary_sentence(plan(progress)) == (
        "Today's review: 2 questions (1 you answered wrong last time and 1 due again after "
        "a right answer).")


def test_the_same_inputs_give_the_same_plan(progress):
    for lesson in range(1, 7):
        progress.record(*question(lesson, 1), lesson % 2 == 0, at=at(-lesson))
    again = Progress.load(progress.path)
    assert plan(progress) == plan(again) == plan_review(FILES, again.results, TODAY, tz=UTC)
    assert keys(plan(progress)) == keys(plan(again))


def test_the_time_zone_decides_which_day_an_attempt_was_on(progress):
    progress.record(*question(1, 0), False, at=datetime(2026, 3, 10, 23, 30, tzinfo=UTC))
    assert plan_review(FILES, progress.results, TODAY, tz=UTC).kind == "due"
    east = plan_review(FILES, progress.results, TODAY, tz=timezone(timedelta(hours=2)))
    assert east.kind == "nothing due" and east.next_due == TODAY + timedelta(days=1)


def test_boxes_count_every_scheduled_question(progress):
    progress.record(*question(1, 0), False, at=at(-1))
    progress.record(*question(2, 0), True, at=at(-1))
    progress.record(*question(3, 0), True, at=at(-5))
    progress.record(*question(3, 0), True, at=at(-4))
    assert plan(progress).boxes() == {0: 1, 1: 1, 2: 1, 3: 0, 4: 0}


def test_migrated_results_count_on_the_day_of_the_migration(tmp_path):
    path = tmp_path / "progress.json"
    notebook, qid = question(1, 0)
    path.write_text('{"version": 2, "learner": {"migrated_from_version": 1, "migrated_at": '
                    '"2026-03-09T08:00:00+00:00"}, "notebooks": {"' + notebook + '": {"' + qid
                    + '": {"attempts": [{"at": null, "correct": true}]}}}}', "utf-8")
    migrated = plan(Progress.load(path))
    assert migrated.kind == "due" and keys(migrated) == [(notebook, qid)]
    assert migrated.items[0].state.last_answered == date(2026, 3, 9)


def test_a_link_goes_to_the_section_in_the_lesson():
    notebook, qid = question(4, 1)
    item = ReviewItem(notebook, FILES[3].get(qid), None)
    assert item.link == "04-current-research-reading-the-evidence.ipynb#2.-A-fair-comparison"
    assert item.where_taught == ("Lesson 04 · Current research reading the evidence, "
                                 "section 2. A fair comparison")
    assert section_anchor(" 3. Whose cells? Autologous and allogeneic ") == \
        "3.-Whose-cells?-Autologous-and-allogeneic"


@pytest.mark.parametrize("quiz_file", FILES, ids=LESSONS)
def test_every_review_link_lands_on_a_heading_of_its_notebook(quiz_file):
    notebook = ROOT / "notebooks" / f"{quiz_file.notebook}.ipynb"
    anchors = notebook_anchors(notebook)
    for q in quiz_file.questions:
        target = ReviewItem(quiz_file.notebook, q, None).link
        file, _, anchor = target.partition("#")
        assert file == notebook.name and anchor, f"{q.id}: {target}"
        assert anchor in anchors, f"{q.id}: no heading #{anchor} in {file}"
