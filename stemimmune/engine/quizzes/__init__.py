"""Quizzes: questions kept in a TOML file per notebook, graded, and shown as ipywidgets.

A notebook calls ``Quiz.for_notebook(...)`` and then ``quiz.show("question-id")`` where the
question belongs. :func:`load_quiz_file` reads and validates a quiz file against
``quiz_schema.json``; :func:`grade` marks any response and always returns a :class:`Result`
(it never raises on a learner's input). :class:`QuizCard` is one question's card,
:class:`AnswerPanel` the anywidget inside it, and :class:`CourseProgress` the course map of
scores across every lesson's quiz, read from the saved progress file. :class:`ConfirmRow`
asks Yes or No before a button forgets anything.
"""

from .cards import Quiz, QuizCard, ScoreCard, render_result
from .confirm import ConfirmRow
from .course_map import CourseProgress, LessonScore, course_scores, scores_as_html, scores_as_text
from .maths import mathml, with_maths
from .panel import AnswerPanel
from .questions import (
    KINDS,
    Hint,
    MatchItem,
    NumberInputError,
    Option,
    Question,
    QuizFile,
    QuizFileError,
    Result,
    grade,
    keyed_response,
    load_quiz_file,
    parse_number,
    show_number,
)

__all__ = [
    "KINDS", "AnswerPanel", "ConfirmRow", "CourseProgress", "Hint", "LessonScore", "MatchItem",
    "NumberInputError", "Option", "Question", "Quiz", "QuizCard", "QuizFile", "QuizFileError",
    "Result", "ScoreCard", "course_scores", "grade", "keyed_response", "load_quiz_file",
    "mathml", "parse_number", "render_result", "scores_as_html", "scores_as_text",
    "show_number", "with_maths",
]
