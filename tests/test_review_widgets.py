"""Today's review and the welcome notebook's reminder, driven in-process as a learner would."""

from __future__ import annotations

import html
from datetime import UTC, date, datetime

import pytest
from conftest import ROOT

from stemimmune.engine.progress import Attempt, Progress, store
from stemimmune.engine.quizzes import keyed_response
from stemimmune.engine.review import (
    ReviewsDue,
    TodaysReview,
    plan_review,
    read_quiz_files,
    summary_sentence,
)

TODAY = date(2026, 3, 10)
YESTERDAY_NOON = datetime(2026, 3, 9, 12, tzinfo=UTC)
NOW = datetime(2026, 3, 10, 9, 30, tzinfo=UTC)
SKIP = ["00-welcome", "07-course-review"]
FILES = read_quiz_files(ROOT / "quizzes", skip=SKIP)
THERAPY = "02-how-therapy-affects-the-immune-system"
EVIDENCE = "04-current-research-reading-the-evidence"
REVIEW_LINK = "07-course-review.ipynb#Today's-review"


@pytest.fixture(autouse=True)
def fixed_clock(monkeypatch):
    """Attempts saved by a card, and a restart, are stamped NOW, not the real time."""
    monkeypatch.setattr(store, "now", lambda: NOW)


@pytest.fixture
def progress(tmp_path):
    return Progress.load(tmp_path / "progress.json")


@pytest.fixture
def review(progress):
    """Two questions answered wrong yesterday: lesson 02's single choice, lesson 04's boxes."""
    progress.record(THERAPY, "autologous-gvhd", False, response=1, at=YESTERDAY_NOON)
    progress.record(EVIDENCE, "clinical-end-points", False, response=[3], at=YESTERDAY_NOON)
    return TodaysReview(FILES, progress, today=TODAY, tz=UTC)


def saved(progress, notebook, qid) -> list[Attempt]:
    return Progress.load(progress.path).attempts[notebook][qid]


def test_cards_are_named_review_question_n(review):
    assert [(c.name, c.number) for c in review.cards] == [("Review question", 1),
                                                          ("Review question", 2)]
    assert "<b>Review question 1.</b>" in review.cards[0].prompt.value
    assert review.cards[1].panel.label.startswith("Review question 2. ")


def test_the_cards_follow_the_plan(review):
    assert [c.question.id for c in review.cards] == ["autologous-gvhd", "clinical-end-points"]
    assert review.plan.kind == "due"


def test_answering_a_card_saves_it_under_its_own_lesson(review, progress):
    card = review.cards[0]
    card.panel.value = keyed_response(card.question)
    card.check()
    assert "Correct" in card.feedback
    assert saved(progress, THERAPY, "autologous-gvhd")[-1] == Attempt(NOW, True, 0)
    assert "07-course-review" not in Progress.load(progress.path).attempts


def test_a_multiple_choice_answer_is_saved_as_sorted_indices(review, progress):
    card = review.cards[1]
    card.panel.value = [2, 0]
    card.check()
    assert saved(progress, EVIDENCE, "clinical-end-points")[-1] == Attempt(NOW, False, [0, 2])


def test_an_empty_answer_is_not_saved(review, progress):
    review.cards[0].check()
    assert len(saved(progress, THERAPY, "autologous-gvhd")) == 1


def test_answering_updates_the_schedule_view(review):
    before = review.schedule_view.value
    assert "<td>Answered wrong last time (due at once)</td><td>2</td>" in before
    card = review.cards[0]
    card.panel.value = keyed_response(card.question)
    card.check()
    after = review.schedule_view.value
    assert after != before
    assert "<td>Answered wrong last time (due at once)</td><td>1</td>" in after
    assert "<td>Box 1: due 1 day after a right answer</td><td>1</td>" in after
    assert "Wednesday 11 March 2026" in after  # the answered question's new due day


def test_restart_asks_first_and_no_changes_nothing(review, progress):
    before = progress.path.read_bytes()
    review.restart_button.click()
    assert review.confirm_row.layout.display == "flex"
    assert "Start your review schedule again?" in review.message.value
    review.cancel_button.click()
    assert review.confirm_row.layout.display == "none"
    assert "Nothing was changed" in review.message.value
    assert progress.path.read_bytes() == before
    assert "schedule_since" not in Progress.load(progress.path).learner


def test_restart_yes_sets_schedule_since_and_keeps_the_answers(review, progress):
    review.restart_button.click()
    review.confirm_button.click()
    again = Progress.load(progress.path)
    assert again.learner["schedule_since"] == NOW.isoformat()
    assert len(again.attempts[THERAPY]["autologous-gvhd"]) == 1
    assert review.confirm_row.layout.display == "none"
    assert "starts again from now" in review.message.value
    assert "is empty" in review.schedule_view.value
    assert plan_review(FILES, again.results, TODAY, tz=UTC).kind == "starter"


def test_the_line_above_a_question_links_to_where_it_is_taught(review):
    line = review.item_html(1, review.plan.items[0])
    assert "Review question 1 of 2" in line and "you answered it wrong last time" in line
    assert (f'<a href="{THERAPY}.ipynb#3.-Whose-cells?-Autologous-and-allogeneic">'
            "Lesson 02 · How stem cell therapy affects the immune system, section 3. Whose cells? "
            "Autologous and allogeneic</a>") in line


def test_the_summary_counts_wrong_and_due_again(review):
    assert summary_sentence(review.plan) == (
        "Today's review: 2 questions (2 you answered wrong last time).")


def test_the_static_schedule_is_readable_html(review):
    bundle = review.schedule_widget_bundle()
    assert "application/vnd.jupyter.widget-view+json" in bundle
    text = bundle["text/html"]
    assert "Your schedule:" in text and "2 questions are scheduled" in text
    assert "Traceback" not in text and "Error" not in text
    assert bundle["text/plain"] == "Your review schedule (run the notebook to see yours)."


def test_the_static_cards_show_the_question_and_options(review):
    bundle = review.cards[1]._repr_mimebundle_()
    question = review.cards[1].question
    assert bundle["text/html"].count("Review question 2.") == 1
    assert all(html.escape(option.text, quote=False) in bundle["text/html"]
               for option in question.options)
    assert bundle["text/plain"].startswith(f"Review question 2. {question.prompt}")
    assert "Traceback" not in bundle["text/html"] + bundle["text/plain"]


def test_an_empty_schedule_says_so_in_words(progress):
    starter = TodaysReview(FILES, progress, today=TODAY, tz=UTC)
    assert starter.plan.kind == "starter" and len(starter.cards) == 6
    assert "is empty" in starter.schedule_widget_bundle()["text/html"]


def test_one_scheduled_question_reads_in_the_singular(progress):
    progress.record(THERAPY, "autologous-gvhd", False, at=YESTERDAY_NOON)
    text = TodaysReview(FILES, progress, today=TODAY, tz=UTC).schedule_view.value
    assert "1 question is scheduled" in text


def test_from_folder_prints_a_file_problem_instead_of_raising(tmp_path, capsys):
    path = tmp_path / "progress.json"
    path.write_text("{ not json", "utf-8")
    review = TodaysReview.from_folder(ROOT / "quizzes", skip=SKIP,
                                      progress=Progress.load(path), today=TODAY)
    assert "could not be read" in capsys.readouterr().out
    assert review.progress.warnings == [] and review.plan.kind == "starter"


# --- the welcome notebook's one line ------------------------------------------------------
def reminder(progress) -> ReviewsDue:
    return ReviewsDue(plan_review(FILES, progress.results, TODAY, tz=UTC), REVIEW_LINK,
                      "Today's review")


def test_a_new_learner_is_told_how_reviews_work(progress):
    assert reminder(progress).sentence() == (
        "No reviews yet: answer questions in the lessons, and they will come back for review "
        "after 1, 3, 7 and 21 days.")


def test_a_learner_with_reviews_due_is_told_how_many(review, progress):
    assert reminder(progress).sentence() == "Reviews due today: 2 questions."
    progress.record(THERAPY, "autologous-gvhd", True, at=NOW)
    assert reminder(progress).sentence() == "Reviews due today: 1 question."


def test_a_learner_with_nothing_due_is_told_the_next_day(progress):
    progress.record(THERAPY, "autologous-gvhd", True, at=NOW)
    assert reminder(progress).sentence() == (
        "No reviews are due today. The next is on Wednesday 11 March 2026.")


def test_the_reminder_links_to_the_review(review, progress):
    line = reminder(progress)
    assert line._repr_html_() == (
        "<p><b>Reviews due today: 2 questions.</b> Your review is in "
        "<a href=\"07-course-review.ipynb#Today&#x27;s-review\">Today&#x27;s review</a>.</p>")
    assert repr(line) == "Reviews due today: 2 questions. Your review is in Today's review."


def test_the_reminder_reads_the_quiz_folder(review, progress):
    line = ReviewsDue.from_folder(ROOT / "quizzes", REVIEW_LINK, "Today's review", skip=SKIP,
                                  progress=progress, today=TODAY)
    assert line.plan.kind == "due" and line.plan.due_count == 2
