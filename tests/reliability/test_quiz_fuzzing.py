"""Every question of every quizzes/*.toml, driven through the real widgets with every answer
(and many non-answers) a learner can give: no exception escapes, every click gives
feedback, and the verdict agrees with the answer key.

Single choice: every option, and no selection (None). Multiple selection: every subset
of the boxes, the empty one included. Match: every assignment of a choice or a blank to
each item when there are at most MAX_MATCH_ASSIGNMENTS of them; otherwise each item in
each place (and blank, and None) with the other items right, blank, or in the same place,
plus every item in the same place. Numeric: the key in several notations, values just
inside and outside the tolerance, the exact boundaries, each hint range, and invalid
input. grade() is also called directly with values of the wrong type.
"""

from __future__ import annotations

import html
import itertools
import math
import re

import pytest

from stemimmune.engine.progress import Progress
from stemimmune.engine.quizzes import (
    Question,
    Quiz,
    QuizFile,
    Result,
    grade,
    keyed_response,
    load_quiz_file,
    show_number,
)

from . import _support as s

QUIZ_FILES = sorted((s.ROOT / "quizzes").glob("*.toml"))
QUESTIONS = [(path.stem, q) for path in QUIZ_FILES for q in load_quiz_file(path).questions]
MAX_MATCH_ASSIGNMENTS = 16_384
#: The message grade() gives when a grader itself failed: a bug, never a learner's fault.
INTERNAL_ERROR = "could not be checked"

INVALID_NUMBERS = ["", " ", "abc", "1e400", "-1e400", "nan", "NaN", "inf", "-inf",
                   "Infinity", "½", "1,2,3", "3,8", "1.2.3", "--1", "+", "e5", "1e", "0x1F",
                   "10^400", "1 × 10^99999", "١٢٣abc", "💉", "\x00", "\t\n",
                   "9" * 5000, "1" * 100_000 + "x", "x" * 100_000, "1e308*10"]
#: Inputs that are numbers after all; each must still be graded without trouble.
ODD_BUT_NUMBERS = ["-0", "+0", "0", "٣", "1_000", "1e-400", "  42  ", "42%", "3.8 million",
                   "3.8×10⁶", "−5", "1e308", "-1e308", "9" * 300]

#: grade() with values a widget never produces; it must return a plain Result.
WRONG_TYPES = {"int 0": 0, "int -1": -1, "int 10**400": 10**400, "float 1.5": 1.5,
               "nan": math.nan, "inf": math.inf, "True": True, "str '0'": "0",
               "bytes": b"0", "empty list": [], "list [0]": [0], "list [None]": [None],
               "list of dicts": [{}], "empty dict": {}, "dict": {"a": 1}, "dict {0: 1}": {0: 1},
               "empty set": set(), "set {0}": {0}, "None": None, "object()": object(),
               "empty tuple": (), "range": range(3), "function": print, "complex": 1j,
               "list [inf]": [math.inf], "list [nan]": [math.nan]}


def says_correct(feedback: str) -> bool:
    """The verdict line ("Correct." or "Correct: …"), not a word such as "Correction"."""
    return re.search(r"\bCorrect[.:]", feedback) is not None


class Exploding:
    """A hostile value: every operation raises. grade() may fall back, but never raise."""

    def _boom(self, *_args, **_kwargs):
        raise RuntimeError("boom")

    __eq__ = __iter__ = __len__ = __int__ = __float__ = __index__ = __str__ = __bool__ = _boom
    __hash__ = object.__hash__


def question_id(item):
    notebook, question = item
    return f"{notebook}::{question.id}"


@pytest.fixture
def make_card(tmp_path):
    """A fresh card for a question, in a Quiz that saves progress to a throwaway file."""
    def make(notebook: str, question: Question):
        quiz = Quiz(QuizFile(notebook, (question,)), Progress.load(tmp_path / "p.json"))
        return quiz.ask(question.id)
    return make


def click(card, where: str, answer: object) -> str:
    """Press Check; fail, naming the question and answer, if anything goes wrong."""
    try:
        card.check()
    except Exception as err:  # noqa: BLE001 - any escape is the failure we look for
        pytest.fail(f"{where}: Check raised {type(err).__name__}: {err} for {answer!r:.80}")
    feedback = card.feedback
    assert feedback.strip(), f"{where}: no feedback for {answer!r:.80}"
    assert INTERNAL_ERROR not in feedback, (
        f"{where}: the grader failed internally for {answer!r:.80}: {feedback}")
    return feedback


def match_assignments(question: Question) -> list[tuple]:
    places = ["", *question.choices]
    if len(places) ** len(question.items) <= MAX_MATCH_ASSIGNMENTS:
        return list(itertools.product(places, repeat=len(question.items)))
    right = [item.answer for item in question.items]
    n = len(question.items)
    found = {tuple(right), ("",) * n, (None,) * n}
    found.update((place,) * n for place in places)
    for i, place in itertools.product(range(n), [*places, None]):
        for others in (right, [""] * n, [place] * n):
            assignment = list(others)
            assignment[i] = place
            found.add(tuple(assignment))
    return sorted(found, key=repr)


@pytest.mark.parametrize("item", [i for i in QUESTIONS if i[1].kind == "single"],
                         ids=question_id)
def test_single_choice_every_option(make_card, item):
    notebook, question = item
    card, where = make_card(*item), f"{notebook}::{question.id}"
    card.panel.value = None
    assert "Choose one answer" in click(card, where, None)
    for index, option in enumerate(question.options):
        card.panel.value = index
        feedback = click(card, where, f"option {index}")
        assert says_correct(feedback) == option.correct, f"{where}: option {index}: {feedback}"
        assert html.escape(option.feedback, quote=False) in feedback, where


@pytest.mark.parametrize("item", [i for i in QUESTIONS if i[1].kind == "multiple"],
                         ids=question_id)
def test_multiple_selection_every_subset(make_card, item):
    notebook, question = item
    card, where = make_card(*item), f"{notebook}::{question.id}"
    key = keyed_response(question)
    n = len(question.options)
    for size in range(n + 1):
        for subset in itertools.combinations(range(n), size):
            card.panel.value = list(subset)
            feedback = click(card, where, set(subset))
            if not subset:
                assert "No box is ticked" in feedback, f"{where}: empty selection: {feedback}"
            else:
                assert says_correct(feedback) == (set(subset) == key), (
                    f"{where}: ticked {sorted(subset)}: {feedback}")


@pytest.mark.parametrize("item", [i for i in QUESTIONS if i[1].kind == "match"],
                         ids=question_id)
def test_match_every_assignment(make_card, item):
    notebook, question = item
    card, where = make_card(*item), f"{notebook}::{question.id}"
    right = [i.answer for i in question.items]
    for assignment in match_assignments(question):
        card.panel.value = list(assignment)
        feedback = click(card, where, assignment)
        blanks = sum(place in ("", None) for place in assignment)
        wrong = sum(place != answer for place, answer in zip(assignment, right))
        if blanks:
            assert f"{blanks} of {len(right)} items have no place" in feedback, (
                f"{where}: {assignment}: {feedback}")
        elif wrong:
            assert f"{wrong} of {len(right)} items are misplaced" in feedback, (
                f"{where}: {assignment}: {feedback}")
        else:
            assert says_correct(feedback), f"{where}: {assignment}: {feedback}"


def numeric_cases(question: Question) -> list[tuple[str, bool | None]]:
    """(typed text, must it be correct? None = only a plain, graded answer is required)."""
    answer, tol = question.answer, question.tolerance
    step = max(tol * 0.01, abs(answer) * 1e-9, 1e-9)
    values = [answer + tol + step, answer - tol - step, answer * 10 + 1, -abs(answer) - 1]
    values += [answer + tol / 2, answer - tol / 2] if tol > 0 else []
    values += [(hint.min + hint.max) / 2 for hint in question.hints]
    cases: list[tuple[str, bool | None]] = [(repr(answer), True), (f" {answer!r} ", True)]
    cases += [(repr(v), abs(v - answer) <= tol) for v in values]
    # the key in other notations (rounded, so maybe just outside), and the exact boundaries
    cases += [(text, None) for text in (f"{answer:g}", show_number(answer), f"{answer:e}",
                                        repr(answer + tol), repr(answer - tol))]
    return cases


@pytest.mark.parametrize("item", [i for i in QUESTIONS if i[1].kind == "numeric"],
                         ids=question_id)
def test_numeric_answer_boundaries_and_invalid_input(make_card, item):
    notebook, question = item
    card, where = make_card(*item), f"{notebook}::{question.id}"
    for typed, correct in numeric_cases(question):
        card.panel.value = typed
        feedback = click(card, where, typed)
        assert card.last_result.graded, f"{where}: {typed!r} was not read as a number"
        if correct is not None:
            assert says_correct(feedback) == correct, f"{where}: {typed!r}: {feedback}"
    for hint in question.hints:
        middle = (hint.min + hint.max) / 2
        if abs(middle - question.answer) > question.tolerance:
            card.panel.value = repr(middle)
            assert html.escape(hint.feedback, quote=False) in click(card, where, middle), where
    attempts = card.attempts
    for typed in INVALID_NUMBERS:
        card.panel.value = typed
        click(card, where, typed)
        assert not card.last_result.graded, (
            f"{where}: {typed!r:.40} was graded as {card.last_result.headline!r}")
    assert card.attempts == attempts, f"{where}: invalid input counted as an attempt"
    for typed in ODD_BUT_NUMBERS:
        card.panel.value = typed
        click(card, where, typed)


@pytest.mark.parametrize("item", QUESTIONS, ids=question_id)
def test_grade_with_wrong_types_returns_a_plain_result(item):
    notebook, question = item
    where = f"{notebook}::{question.id}"
    for label, value in WRONG_TYPES.items():
        try:
            result = grade(question, value)
        except Exception as err:  # noqa: BLE001
            pytest.fail(f"{where}: grade() raised {type(err).__name__} for {label}: {err}")
        assert isinstance(result, Result), f"{where}: {label}: {result!r}"
        assert isinstance(result.headline, str) and result.headline.strip(), where
        assert all(isinstance(d, str) for d in result.details), where
        assert INTERNAL_ERROR not in result.headline, (
            f"{where}: the grader failed internally for {label}: {result.headline}")
    for value in (Exploding(), [Exploding()], {Exploding()}):
        result = grade(question, value)  # a fallback message is fine; raising is not
        assert isinstance(result, Result) and result.headline.strip(), where


def test_every_quiz_file_was_fuzzed():
    kinds = {q.kind for _, q in QUESTIONS}
    assert len(QUIZ_FILES) >= 6 and kinds == {"single", "multiple", "numeric", "match"}
