"""The quiz widgets, driven the way a learner drives them: set a value, press Check."""

from __future__ import annotations

import pytest

from stemimmune.engine.quizzes import Hint, MatchItem, Option, Question, Quiz, QuizFile

QUESTIONS = (
    Question("single-q", "single", "Where do T cells mature?", "The thymus.", options=(
        Option("Thymus", True, "Yes: T is for thymus."),
        Option("Liver", False, "No: the liver is not where T cells mature."))),
    Question("multi-q", "multiple", "Which are lymphoid?", "B, T and NK.", options=(
        Option("B cell", True, "Lymphoid."), Option("Neutrophil", False, "Myeloid."),
        Option("T cell", True, "Lymphoid."))),
    Question("num-q", "numeric", "Seconds in a day?", "24×60×60.", answer=86400,
             tolerance=0.5, units="seconds", feedback_correct="Right.",
             feedback_low="Too low.", feedback_high="Too high.",
             hints=(Hint(1439.5, 1440.5, "That is minutes."),)),
    Question("match-q", "match", "Place each cell", "Potency ladder.",
             choices=("totipotent", "pluripotent"), items=(
                 MatchItem("Zygote", "totipotent", "It can make a whole organism."),
                 MatchItem("iPS cell", "pluripotent", "All body tissues, not placenta."))),
)


@pytest.fixture
def quiz():
    return Quiz(QuizFile("99-test", QUESTIONS))


def click(card):
    card.check()
    return card.feedback


def test_single_choice_feedback_and_retry(quiz):
    card = quiz.ask("single-q")
    assert "Choose one answer first" in click(card)
    assert card.explanation.value == ""
    card.panel.value = 1
    assert "Not quite" in click(card) and "not where T cells mature" in card.feedback
    assert "Try again" in card.explanation.value and "The thymus" not in card.explanation.value
    card.panel.value = 0
    assert "Correct" in click(card) and "T is for thymus" in card.feedback
    assert "The thymus" in card.explanation.value


def test_explanation_shows_after_second_wrong_try(quiz):
    card = quiz.ask("single-q")
    card.panel.value = 1
    click(card)
    click(card)
    assert "The thymus" in card.explanation.value


def test_multiple_selection_explains_each_wrong_choice(quiz):
    card = quiz.ask("multi-q")
    assert "No box is ticked" in click(card)
    card.panel.value = [1]
    feedback = click(card)
    assert "You ticked" in feedback and "Myeloid." in feedback and "You left out" in feedback
    card.panel.value = [0, 2]
    assert "Correct" in click(card)


@pytest.mark.parametrize("typed, expected", [
    ("", "empty"), ("abc", "not a number"), ("1e400", "too large"),
    ("ünïcødé", "not a number"), ("1440", "That is minutes"), ("90000", "Too high"),
    ("86,400", "Correct"),
])
def test_numeric_box_answers_every_input_plainly(quiz, typed, expected):
    card = quiz.ask("num-q")
    card.panel.value = typed
    assert expected in click(card)


def test_match_dropdowns(quiz):
    card = quiz.ask("match-q")
    assert "2 of 2 items have no place" in click(card)
    card.panel.value = ["pluripotent", "pluripotent"]
    assert "1 of 2 items are misplaced" in click(card)
    card.panel.value = ["totipotent", "pluripotent"]
    assert "Correct" in click(card)


def test_score_counts_correct_and_first_tries(quiz):
    score = quiz.score()
    assert "0 of 4 correct. 4 not answered yet." in score.summary()
    single, num = quiz.ask("single-q"), quiz.ask("num-q")
    single.panel.value = 0
    click(single)
    num.panel.value = "5"
    click(num)
    num.panel.value = "86400"
    click(num)
    assert score.summary() == ("Your score for this notebook: 2 of 4 correct "
                               "(1 on the first try). 2 not answered yet.")
    assert "2 of 4 correct" in score.widget.value


def test_invalid_input_does_not_count_as_an_attempt(quiz):
    card = quiz.ask("num-q")
    card.panel.value = "oops"
    click(card)
    assert quiz.attempted_ids == set()


def test_static_render_lists_question_and_options(quiz):
    bundle = quiz.ask("single-q")._repr_mimebundle_()
    assert "application/vnd.jupyter.widget-view+json" in bundle
    assert "Where do T cells mature?" in bundle["text/plain"]
    assert "Thymus" in bundle["text/plain"] and "Liver" in bundle["text/html"]
    match_text = quiz.ask("match-q")._repr_mimebundle_()["text/plain"]
    assert "totipotent" in match_text and "Zygote" in match_text
    assert "Seconds in a day?" in quiz.ask("num-q")._repr_mimebundle_()["text/html"]
    assert "score" in quiz.score()._repr_mimebundle_()["text/plain"]


def test_asking_twice_returns_the_same_card_and_unknown_ids_say_so(quiz):
    assert quiz.ask("single-q") is quiz.ask("single-q")
    with pytest.raises(KeyError, match="known ids"):
        quiz.ask("nope")


def test_question_numbers_follow_the_file(quiz):
    assert "Question 3." in quiz.ask("num-q").prompt.value


def test_results_survive_a_kernel_restart(tmp_path):
    """A new Quiz (as after a restart) picks up what the learner answered before."""
    from stemimmune.engine.progress import Progress

    store = tmp_path / "progress.json"
    first = Quiz(QuizFile("99-test", QUESTIONS), Progress.load(store))
    card = first.ask("single-q")
    card.panel.value = 0
    click(card)
    restarted = Quiz(QuizFile("99-test", QUESTIONS), Progress.load(store))
    assert restarted.score().summary().startswith(
        "Your score for this notebook: 1 of 4 correct (1 on the first try).")
    restarted.reset_progress()
    assert Quiz(QuizFile("99-test", QUESTIONS), Progress.load(store)).correct_ids == set()


def test_a_damaged_progress_file_is_reported_not_raised(tmp_path, capsys, monkeypatch):
    store = tmp_path / "progress.json"
    store.write_text("{ broken", "utf-8")
    quiz_file = tmp_path / "99-test.toml"
    quiz_file.write_text(
        'notebook = "99-test"\n[[questions]]\nid = "a"\nkind = "single"\nprompt = "p"\n'
        'explanation = "e"\n[[questions.options]]\ntext = "x"\ncorrect = true\n'
        'feedback = "f1"\n[[questions.options]]\ntext = "y"\ncorrect = false\n'
        'feedback = "f2"\n', "utf-8")
    monkeypatch.setenv("STEMIMMUNE_PROGRESS_FILE", str(store))
    quiz = Quiz.from_file(quiz_file)
    assert "could not be read" in capsys.readouterr().out
    assert quiz.correct_ids == set()
    assert (tmp_path / "progress.json.unreadable").exists()


def test_a_progress_file_that_cannot_be_saved_is_shown_in_the_score(tmp_path):
    from stemimmune.engine.progress import Progress

    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x")
    quiz = Quiz(QuizFile("99-test", QUESTIONS), Progress.load(blocker / "progress.json"))
    score = quiz.score()
    card = quiz.ask("single-q")
    card.panel.value = 0
    click(card)
    assert "1 of 4 correct" in score.summary()
    assert "Could not save your quiz results" in score.widget.value


def test_the_answer_panel_names_its_controls_for_assistive_technology(quiz):
    """What the browser module needs to name the group and label each control."""
    single, num, match = quiz.ask("single-q"), quiz.ask("num-q"), quiz.ask("match-q")
    assert single.panel.label == "Question 1. Where do T cells mature?"
    assert single.panel.options == ["A. Thymus", "B. Liver"] and single.panel.value is None
    assert num.panel.units == "seconds" and num.panel.value == ""
    assert match.panel.items == ["Zygote", "iPS cell"] and match.panel.value == ["", ""]
    assert quiz.ask("multi-q").panel.value == []


def test_formulas_are_maths_in_the_live_card_and_text_in_static_renders():
    question = Question(
        "ratio-q", "numeric", "What share is 34 of 51, in per cent?",
        "34 ÷ 51 = 0.667, or 66.7%.", answer=66.7, tolerance=0.1, units="%",
        feedback_correct="Right: 34 ÷ 51 × 100 = 66.67.", feedback_low="Too low.",
        feedback_high="Too high.",
        maths=(("34 ÷ 51 = 0.667", r"\frac{34}{51} = 0.667"),
               ("34 ÷ 51 × 100 = 66.67", r"\frac{34}{51} \times 100 = 66.67")))
    card = Quiz(QuizFile("99-test", (question,))).ask("ratio-q")
    card.panel.value = "66.7"
    feedback = click(card)
    assert "<mfrac>" in feedback and "34 ÷ 51" not in feedback
    assert "<mfrac>" in card.explanation.value and "or 66.7%" in card.explanation.value
    bundle = card._repr_mimebundle_()
    assert "<math" not in bundle["text/html"] and "<math" not in bundle["text/plain"]
