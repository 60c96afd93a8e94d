"""Exercise 02 checkers: a right answer passes every check; each kind of wrong answer gets a
sentence that says what to fix."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from stemimmune.engine.checking import CheckFailed, NotAnswered
from stemimmune.lessons.lesson02 import checks as ex02


def answer(counts):
    """A correct engraftment_day, written the way the exercise asks."""
    if not isinstance(counts, pd.Series):
        raise TypeError("counts must be a pandas Series of daily counts")
    days, values = list(counts.index), list(counts)
    meets = [not pd.isna(v) and v >= 0.5 for v in values]
    for i in range(len(values) - 2):
        if meets[i] and meets[i + 1] and meets[i + 2]:
            return days[i]
    return None


def unanswered(_counts):
    raise NotAnswered()


def with_rule(meets, *, start=0, type_check=True, result=lambda days, i: days[i]):
    """An engraftment_day built from a (possibly wrong) per-day rule."""
    def engraftment_day(counts):
        if type_check and not isinstance(counts, pd.Series):
            raise TypeError("not a Series")
        days, values = list(counts.index), list(counts)
        for i in range(len(values) - 2):
            if all(meets(v) for v in values[i:i + 3]):
                return result(days, i + start)
        return None
    return engraftment_day


def first_day_at_threshold(counts):
    for day, value in counts.items():
        if value >= 0.5:
            return day
    return None


def runs_off_the_end(counts):
    values = list(counts)
    for i in range(len(values)):
        if values[i] >= 0.5 and values[i + 1] >= 0.5 and values[i + 2] >= 0.5:
            return counts.index[i]
    return None


def checks_two_days(counts):
    values = list(counts)
    for i in range(len(values) - 1):
        if values[i] >= 0.5 and values[i + 1] >= 0.5:
            return counts.index[i]
    return None


def empty_breaks(counts):
    counts.iloc[0]  # fails on an empty series
    return answer(counts)


def no_type_check(counts):
    days, values = list(counts.index), list(counts)
    for i in range(len(values) - 2):
        if all(not pd.isna(v) and v >= 0.5 for v in values[i:i + 3]):
            return days[i]
    return None


def silent_on_wrong_type(counts):
    if not isinstance(counts, pd.Series):
        return None
    return answer(counts)


def test_the_answer_passes_every_check(capsys):
    for check in ex02.CHECKS:
        check(answer)
    assert capsys.readouterr().out.count("✔") == len(ex02.CHECKS)


def test_a_list_of_days_or_numpy_integers_also_pass():
    ex02.check_ordinary(lambda c: None if answer(c) is None else int(answer(c)))
    ex02.check_ordinary(lambda c: None if answer(c) is None else float(answer(c)))


@pytest.mark.parametrize("check", ex02.CHECKS, ids=lambda c: c.__name__)
def test_every_check_says_not_answered_yet(check):
    with pytest.raises(CheckFailed, match="Not answered yet"):
        check(unanswered)


@pytest.mark.parametrize("check", ex02.CHECKS, ids=lambda c: c.__name__)
def test_every_check_wants_a_function(check):
    with pytest.raises(CheckFailed, match="should be a function"):
        check(42)


@pytest.mark.parametrize("function, message", [
    (lambda c: None, "returned None.*engraft on day 11.*`return` line"),
    (with_rule(lambda v: v > 0.5), "exactly 0.5 counts.*>="),
    (with_rule(lambda v: v >= 0.5, result=lambda days, i: days[i + 2]), "first day of the run"),
    (with_rule(lambda v: v >= 0.5, result=lambda days, i: days[i + 1]), "first day of the run"),
    (with_rule(lambda v: v >= 0.5, result=lambda days, i: i), "position.*starts on day 5"),
    (lambda c: f"day {answer(c)}", "one day number.*str"),
    (lambda c: [answer(c)], "one day number.*list"),
    (lambda c: math.nan, "NaN"),
    (lambda c: True, "one day number.*bool"),
    (lambda c: 1 / 0, "ZeroDivisionError.*day 0: 0.02"),
])
def test_ordinary_explains_what_is_wrong(function, message):
    with pytest.raises(CheckFailed, match=message):
        ex02.check_ordinary(function)


@pytest.mark.parametrize("function, message", [
    (first_day_at_threshold, "returned 0.*should return None"),
    (runs_off_the_end, "IndexError.*fewer than 3 days are left"),
    (empty_breaks, "IndexError.*empty series.*return None"),
    (lambda c: -1, "returned -1.*should return None"),
])
def test_never_engrafts_explains_what_is_wrong(function, message):
    with pytest.raises(CheckFailed, match=message):
        ex02.check_never_engrafts(function)


@pytest.mark.parametrize("function, message", [
    (first_day_at_threshold, "dips to 0.4 on day 3"),
    (checks_two_days, "Check all three days"),
])
def test_dip_explains_what_is_wrong(function, message):
    with pytest.raises(CheckFailed, match=message):
        ex02.check_dip(function)


@pytest.mark.parametrize("function, message", [
    (with_rule(lambda v: not v < 0.5), "day 3 is missing \\(NaN\\)"),
    (with_rule(lambda v: v >= 0.5), "TypeError.*pd.isna"),
    (with_rule(lambda v: v is None or v >= 0.5), "day 2 is missing \\(None\\)"),
])
def test_missing_values_explain_what_is_wrong(function, message):
    with pytest.raises(CheckFailed, match=message):
        ex02.check_missing_values(function)


@pytest.mark.parametrize("function, message", [
    (no_type_check, "AttributeError.*raise TypeError"),
    (silent_on_wrong_type, "returned None instead of stopping with an error.*str"),
    (lambda c: 3, "returned 3 instead of stopping"),
])
def test_wrong_type_explains_what_is_wrong(function, message):
    with pytest.raises(CheckFailed, match=message):
        ex02.check_wrong_type(function)


def test_value_error_is_accepted_for_wrong_types():
    def strict(counts):
        if not isinstance(counts, pd.Series):
            raise ValueError("counts must be a Series")
        return answer(counts)
    ex02.check_wrong_type(strict)


def test_learner_changes_to_the_input_do_not_leak_between_cases():
    def clears(counts):
        result = answer(counts)
        counts[:] = 0.0
        return result
    for check in ex02.CHECKS[:-1]:
        check(clears)


def test_make_counts_and_show():
    counts = ex02.make_counts([0.1, None, 0.7], first_day=3, dtype="object")
    assert list(counts.index) == [3, 4, 5] and counts.index.name == "day"
    assert ex02._show(counts) == "[day 3: 0.1, day 4: missing, day 5: 0.7]"
    assert ex02._show(ex02.make_counts([])) == "an empty series"
