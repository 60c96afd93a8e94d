"""Exercise 03 checkers: right answers pass; each slip gets its own plain sentence."""

from __future__ import annotations

import math

import pytest

from stemimmune.engine.checking import CheckFailed, NotAnswered
from stemimmune.lessons.lesson03 import checks as ex03


def unanswered(*_args):
    raise NotAnswered()


# Reference answers, written the way the solution notebook writes them ----------------------
def risk(events, total):
    if total <= 0:
        raise ValueError("total must be more than 0")
    if events < 0:
        raise ValueError("events cannot be negative")
    if events > total:
        raise ValueError("events cannot be more than total")
    return events / total


def risk_ratio(treated, control):
    return treated / control


def absolute_risk_reduction(treated, control):
    return control - treated


def number_needed_to_treat(treated, control):
    reduction = absolute_risk_reduction(treated, control)
    if reduction <= 0:
        raise ValueError("the treatment does not lower the risk")
    return math.ceil(1 / reduction)


def test_reference_answers_pass(capsys):
    ex03.check_risk(risk)
    ex03.check_risk_ratio(risk_ratio)
    ex03.check_absolute_risk_reduction(absolute_risk_reduction)
    ex03.check_number_needed_to_treat(number_needed_to_treat)
    out = capsys.readouterr().out
    assert out.count("✔") == 4
    assert "about 2 patients" in out


def test_the_mist_numbers_are_the_published_counts():
    assert (ex03.HSCT_EVENTS, ex03.HSCT_TOTAL, ex03.DMT_EVENTS, ex03.DMT_TOTAL) == \
        (3, 52, 34, 51)


# Task 1: risk ------------------------------------------------------------------------------
def no_checks(events, total):
    return events / total


def checks_total_only(events, total):
    if total <= 0:
        raise ValueError("total must be more than 0")
    return events / total


def checks_without_message(events, total):
    if total <= 0 or events > total or events < 0:
        raise ValueError()
    return events / total


def misses_negative_total(events, total):
    if total == 0 or events < 0 or events > abs(total):
        raise ValueError("impossible counts")
    return events / total


@pytest.mark.parametrize("function, message", [
    (unanswered, "Not answered yet"),
    (lambda e, t: e / t * 100, "looks like a percentage.*do not multiply by 100"),
    (lambda e, t: t / e, "divided the total by the events"),
    (lambda e, t: e / (t - e), "odds"),
    (lambda e, t: e / (t + 1), "expected about"),
    (lambda e, t: None, "forget the `return`"),
    (lambda e, t: f"{e}/{t}", "single number"),
    (lambda e, t: [e / t], "single number"),
    (lambda e, t: math.nan, "finite"),
    (no_checks, r"risk\(3, 0\) stopped with ZeroDivisionError.*raise ValueError"),
    (checks_total_only, r"risk\(5, 3\) returned 1.66.*impossible"),
    (checks_without_message, "without a message"),
    (misses_negative_total, r"risk\(2, -10\).*cannot be negative"),
    ("risk", "should be a function"),
])
def test_risk_explains_what_is_wrong(function, message):
    with pytest.raises(CheckFailed, match=message):
        ex03.check_risk(function)


def test_negative_events_are_refused():
    def allows_negative(events, total):
        if total <= 0 or events > total:
            raise ValueError("impossible counts")
        return events / total
    with pytest.raises(CheckFailed, match=r"risk\(-1, 10\).*events cannot be negative"):
        ex03.check_risk(allows_negative)


# Task 2: risk ratio ------------------------------------------------------------------------
@pytest.mark.parametrize("function, message", [
    (unanswered, "Not answered yet"),
    (lambda t, c: c / t, "upside down"),
    (lambda t, c: t / c * 100, "no unit.*do not multiply by 100"),
    (lambda t, c: c - t, "difference between the risks"),
    (lambda t, c: t - c, "That is a difference"),
    (lambda t, c: t * c, "expected about"),
    (lambda t, c: "0.5", "single number"),
    (lambda t, c: None, "forget the `return`"),
])
def test_risk_ratio_explains_what_is_wrong(function, message):
    with pytest.raises(CheckFailed, match=message):
        ex03.check_risk_ratio(function)


# Task 3: absolute risk reduction -----------------------------------------------------------
@pytest.mark.parametrize("function, message", [
    (unanswered, "Not answered yet"),
    (lambda t, c: t - c, "sign is reversed"),
    (lambda t, c: (c - t) * 100, "percentage points.*do not multiply by 100"),
    (lambda t, c: 1 - t / c, "relative risk reduction"),
    (lambda t, c: c + t, "expected about"),
    (lambda t, c: math.inf, "finite"),
])
def test_absolute_risk_reduction_explains_what_is_wrong(function, message):
    with pytest.raises(CheckFailed, match=message):
        ex03.check_absolute_risk_reduction(function)


# Task 4: number needed to treat ------------------------------------------------------------
def no_guard(treated, control):
    return math.ceil(1 / (control - treated))


@pytest.mark.parametrize("function, message", [
    (unanswered, "Not answered yet"),
    (lambda t, c: 1 / (c - t), "before rounding.*math.ceil"),
    (lambda t, c: math.floor(1 / (c - t)), "Round up, not down"),
    (lambda t, c: round(1 / (c - t)), "Round up, not down"),
    (lambda t, c: math.ceil(1 / ((c - t) * 100)), "as a fraction.*not in percentage points"),
    (lambda t, c: c - t, "absolute risk reduction itself"),
    (lambda t, c: 100, "expected about 4"),
    (no_guard, r"number_needed_to_treat\(0.5, 0.2\) returned -3.*raises the risk"),
    (lambda t, c: "4 patients", "single number"),
])
def test_number_needed_to_treat_explains_what_is_wrong(function, message):
    with pytest.raises(CheckFailed, match=message):
        ex03.check_number_needed_to_treat(function)


def test_equal_risks_must_be_refused_not_divided_by_zero():
    def guards_harm_only(treated, control):
        if control < treated:
            raise ValueError("the treatment raises the risk")
        return math.ceil(1 / (control - treated))
    with pytest.raises(CheckFailed, match=r"\(0.3, 0.3\) stopped with ZeroDivisionError"):
        ex03.check_number_needed_to_treat(guards_harm_only)
