"""What every exercise checker shares: plain-language failures and calling learner code safely.

An exercise's test cell calls a checker from its lesson (``stemimmune.lessons.lessonNN.checks``).
The checker calls the learner's function through :func:`call_learner`, compares with what the
lesson expects, and raises :class:`CheckFailed` with a sentence the learner can act on;
Jupyter shows that sentence instead of a traceback, and nbgrader gives the cell no points.
An unfilled stub raises :class:`NotAnswered`. :func:`passed` prints a check's success line.
"""

from .results import (
    CheckFailed,
    NotAnswered,
    as_float,
    bar_axes,
    call_learner,
    check_with_inputs,
    expect_close,
    expect_number,
    expect_value_error,
    figure_of,
    passed,
)

__all__ = [
    "CheckFailed", "NotAnswered", "as_float", "bar_axes", "call_learner", "check_with_inputs",
    "expect_close", "expect_number", "expect_value_error", "figure_of", "passed",
]
