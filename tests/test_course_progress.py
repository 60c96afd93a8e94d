"""The welcome notebook's course-wide score table: reads saved results, resets on request."""

from __future__ import annotations

from conftest import QUIZ_FILES, ROOT

from stemimmune.engine.progress import Progress
from stemimmune.engine.quizzes import CourseProgress, LessonScore, course_scores, load_quiz_file

QUIZZES = ROOT / "quizzes"


def first_question(notebook_index: int) -> tuple[str, str]:
    quiz_file = load_quiz_file(QUIZ_FILES[notebook_index])
    return quiz_file.notebook, quiz_file.questions[0].id


def test_every_quiz_file_gets_a_row_in_course_order(tmp_path):
    scores = course_scores(QUIZZES, Progress.load(tmp_path / "p.json"))
    assert [s.notebook for s in scores] == [load_quiz_file(p).notebook for p in QUIZ_FILES]
    assert all(s.total >= 1 and s.correct == 0 for s in scores)


def test_saved_answers_show_up_per_lesson(tmp_path):
    saved = Progress.load(tmp_path / "p.json")
    notebook, question = first_question(1)
    saved.record(notebook, question, correct=False)
    saved.record(notebook, question, correct=True)
    saved.record(notebook, "a-question-that-was-removed", correct=True)
    row = {s.notebook: s for s in course_scores(QUIZZES, Progress.load(saved.path))}[notebook]
    assert (row.correct, row.first_try) == (1, 0)


def test_titles_and_status_read_plainly():
    score = LessonScore("03-conditions-that-might-benefit", total=4, correct=1, first_try=1)
    assert score.title == "03 · Conditions that might benefit"
    assert score.status == "3 to go"
    assert LessonScore("x", 2, 2, 0).status == "all correct"
    assert LessonScore("x", 2, 0, 0).status == "not started"


def test_refresh_picks_up_answers_saved_by_another_notebook(tmp_path):
    table = CourseProgress.from_folder(QUIZZES, Progress.load(tmp_path / "p.json"))
    assert "Whole course: <b>0 of" in table.table.value
    notebook, question = first_question(2)
    Progress.load(tmp_path / "p.json").record(notebook, question, correct=True)
    table.refresh_button.click()
    assert "Whole course: <b>1 of" in table.table.value
    assert "read again" in table.message.value


def test_reset_asks_first_and_can_be_cancelled(tmp_path):
    path = tmp_path / "p.json"
    notebook, question = first_question(1)
    Progress.load(path).record(notebook, question, correct=True)
    table = CourseProgress.from_folder(QUIZZES, Progress.load(path))
    table.reset_button.click()
    assert table.confirm_row.layout.display == "flex" and "cannot be undone" in table.message.value
    table.cancel_button.click()
    assert Progress.load(path).correct_count(notebook) == 1
    table.reset_button.click()
    table.confirm_button.click()
    assert Progress.load(path).answers == {}
    assert "Whole course: <b>0 of" in table.table.value
    assert "forgotten" in table.message.value


def test_a_damaged_progress_file_is_reported_not_raised(tmp_path):
    path = tmp_path / "p.json"
    path.write_text("{ this is not json", "utf-8")
    table = CourseProgress.from_folder(QUIZZES, Progress.load(path))
    assert "could not be read" in table.message.value
    assert (tmp_path / "p.json.unreadable").exists()


def test_static_renders_list_the_scores_as_text(tmp_path):
    bundle = CourseProgress.from_folder(QUIZZES, Progress.load(tmp_path / "p.json")
                                        )._repr_mimebundle_()
    assert bundle["text/plain"].startswith("Your quiz scores so far:")
    assert "00 · Welcome" in bundle["text/plain"]
    assert "<table>" in bundle["text/html"]
