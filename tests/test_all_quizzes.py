"""Every question in the course: its key grades right, everything else grades wrong,
every option explains itself, and each notebook asks each of its questions."""

from __future__ import annotations

import itertools
import re

import pytest
from conftest import LESSONS, QUIZ_FILES, ROOT, read_notebook

from stemimmune.engine.quizzes import grade, keyed_response, load_quiz_file

ALL = [(path.stem, q) for path in QUIZ_FILES for q in load_quiz_file(path).questions]


def ids(item):
    return f"{item[0]}:{item[1].id}"


def test_every_lesson_has_a_quiz_file():
    assert {p.stem for p in LESSONS} <= {p.stem for p in QUIZ_FILES}


@pytest.mark.parametrize("path", QUIZ_FILES, ids=lambda p: p.stem)
def test_quiz_file_names_its_notebook(path):
    assert load_quiz_file(path).notebook == path.stem


@pytest.mark.parametrize("item", ALL, ids=ids)
def test_keyed_answer_grades_correct(item):
    _, q = item
    assert grade(q, keyed_response(q)).correct is True


@pytest.mark.parametrize("item", ALL, ids=ids)
def test_every_other_answer_grades_wrong_with_feedback(item):
    _, q = item
    if q.kind == "single":
        for i, option in enumerate(q.options):
            result = grade(q, i)
            assert result.correct is option.correct
            assert option.feedback in result.details
    elif q.kind == "multiple":
        key = keyed_response(q)
        for size in range(1, len(q.options) + 1):
            for chosen in itertools.combinations(range(len(q.options)), size):
                result = grade(q, set(chosen))
                assert result.correct is (set(chosen) == key)
                assert result.details
    elif q.kind == "numeric":
        for value in (q.answer - 3 * q.tolerance, q.answer + 3 * q.tolerance):
            result = grade(q, repr(value))
            assert result.correct is False and result.details
        for hint in q.hints:
            middle = (hint.min + hint.max) / 2
            assert abs(middle - q.answer) > q.tolerance, "a hint overlaps the right answer"
            assert grade(q, repr(middle)).details == (hint.feedback,)
    else:
        for index, item_ in enumerate(q.items):
            for choice in q.choices:
                if choice == item_.answer:
                    continue
                response = [i.answer for i in q.items]
                response[index] = choice
                result = grade(q, response)
                assert result.correct is False
                assert any(item_.feedback in d for d in result.details)


@pytest.mark.parametrize("item", ALL, ids=ids)
def test_every_option_has_its_own_feedback(item):
    _, q = item
    texts = [o.feedback for o in q.options] + [i.feedback for i in q.items]
    if q.kind == "numeric":
        texts = [q.feedback_correct, q.feedback_low, q.feedback_high] + [
            h.feedback for h in q.hints]
    assert all(t.strip() for t in texts)
    assert len(set(texts)) == len(texts), "two options share the same feedback"
    assert q.explanation.strip()


ASK = re.compile(r"""quiz\.ask\(["']([a-z0-9-]+)["']\)""")


@pytest.mark.parametrize("lesson", LESSONS, ids=lambda p: p.stem)
def test_lesson_asks_every_question_once_and_shows_score(lesson):
    nb = read_notebook(lesson)
    code = [c.source for c in nb.cells if c.cell_type == "code"]
    asked = [m for src in code for m in ASK.findall(src)]
    in_file = [q.id for q in load_quiz_file(ROOT / "quizzes" / f"{lesson.stem}.toml").questions]
    assert sorted(asked) == sorted(in_file)
    assert asked == in_file, "questions should appear in the order the quiz file lists them"
    assert any("quiz.score()" in src for src in code[-3:]), "the score belongs at the end"


@pytest.mark.parametrize("path", QUIZ_FILES, ids=lambda p: p.stem)
def test_each_question_names_a_heading_of_its_notebook(path):
    """``section`` is the heading a learner goes back to; it must still exist."""
    notebook = ROOT / "notebooks" / f"{path.stem}.ipynb"
    headings = {line.lstrip("#").strip() for cell in read_notebook(notebook).cells
                if cell.cell_type == "markdown" for line in cell.source.splitlines()
                if line.startswith("#")}
    stale = [f"{q.id}: {q.section!r}" for q in load_quiz_file(path).questions
             if q.section and q.section not in headings]
    assert not stale, "sections that are no heading of the notebook:\n" + "\n".join(stale)


def test_formulas_in_the_quizzes_become_mathml():
    """Each [maths] formula is in the question's text and converts to MathML."""
    from stemimmune.engine.quizzes import mathml

    formulas = [(q.id, text, latex) for _, q in ALL for text, latex in q.maths]
    assert len(formulas) >= 8
    for question_id, text, latex in formulas:
        assert mathml(latex).startswith("<math"), (question_id, text)


@pytest.mark.parametrize("path", QUIZ_FILES, ids=lambda p: p.stem[:2])
def test_a_quiz_files_title_is_its_lessons_short_title(path):
    """The title a question carries away from its lesson (the review, the class report) is
    the lesson's heading without its number, up to any colon, as the course map shows it."""
    quiz_file = load_quiz_file(path)
    lesson = read_notebook(ROOT / "notebooks" / f"{quiz_file.notebook}.ipynb")
    heading = next(line[2:] for cell in lesson.cells if cell.cell_type == "markdown"
                   for line in cell.source.splitlines() if line.startswith("# "))
    assert quiz_file.title == heading.split(" · ", 1)[1].split(": ")[0]
    assert quiz_file.lesson == f"{path.stem[:2]} · {quiz_file.title}"
