"""Exercise checkers: right answers pass; wrong ones get a sentence that says what to fix."""

from __future__ import annotations

import math

import matplotlib.pyplot as plt
import pytest

from stemimmune.engine.checking import CheckFailed, NotAnswered
from stemimmune.lessons.lesson01 import checks as ex01


def unanswered(*_args):
    raise NotAnswered()


def test_not_answered_renders_one_plain_line():
    assert NotAnswered()._render_traceback_()[0].startswith("✎ Not answered yet")
    assert CheckFailed("x")._render_traceback_() == ["✘ x"]


# Task 1 ------------------------------------------------------------------------------------
def test_per_second_passes(capsys):
    ex01.check_per_second(lambda n: n / 86400)
    assert "✔" in capsys.readouterr().out


@pytest.mark.parametrize("function, message", [
    (unanswered, "Not answered yet"),
    (lambda n: n / 1440, "per minute"),
    (lambda n: n / 24, "per hour"),
    (lambda n: n, "still per day"),
    (lambda n: n / 86400 / 86400, "twice"),
    (lambda n: n / 1000, "expected about"),
    (lambda n: None, "forget the `return`"),
    (lambda n: "3.8 million", "single number"),
    (lambda n: [n], "single number"),
    (lambda n: math.nan, "finite"),
    (lambda n: math.inf, "finite"),
    (lambda n: 1 / 0, "ZeroDivisionError"),
    (42, "should be a function"),
    (None, "should be a function"),
])
def test_per_second_explains_what_is_wrong(function, message):
    with pytest.raises(CheckFailed, match=message):
        ex01.check_per_second(function)


# Task 2 ------------------------------------------------------------------------------------
def test_shares_pass_with_series_or_list():
    ex01.check_shares(lambda t: t["cells_per_day"] / t["cells_per_day"].sum() * 100)
    ex01.check_shares(lambda t: [50, 30, 20])


@pytest.mark.parametrize("function, message", [
    (unanswered, "Not answered yet"),
    (lambda t: t["cells_per_day"] / t["cells_per_day"].sum(), "multiply by 100"),
    (lambda t: t["cells_per_day"], "expected \\[50, 30, 20\\]"),
    (lambda t: t, "one number per row"),
    (lambda t: None, "one number per row"),
    (lambda t: "50,30,20", "one number per row"),
    (lambda t: [50, 50], "2 values for a table of 3"),
    (lambda t: [math.nan] * 3, "NaN"),
    (lambda t: ["a", "b", "c"], "should return numbers"),
    (lambda t: t["cells per day"], "KeyError"),
    (lambda t: [], "0 values"),
    (lambda t: [1e308 * 10] * 3, "expected"),
])
def test_shares_explain_what_is_wrong(function, message):
    with pytest.raises(CheckFailed, match=message):
        ex01.check_shares(function)


# Task 3 ------------------------------------------------------------------------------------
def good_plot(table):
    fig, ax = plt.subplots()
    ax.bar(table["cell_type"], table["cells_per_day"])
    ax.set_yscale("log")
    ax.set_title("Blood cells")
    ax.set_xlabel("Cell type")
    ax.set_ylabel("Cells per day")
    return fig


def test_plot_passes_and_accepts_axes():
    ex01.check_plot(good_plot)
    ex01.check_plot(lambda t: good_plot(t).axes[0])


def linear_plot(table):
    fig = good_plot(table)
    fig.axes[0].set_yscale("linear")
    fig.axes[0].set_title("")
    return fig


@pytest.mark.parametrize("function, message", [
    (unanswered, "Not answered yet"),
    (lambda t: None, "should return the matplotlib Figure"),
    (lambda t: plt.subplots()[0], "no bars"),
    (linear_plot, "log scale.*needs a title"),
])
def test_plot_explains_what_is_wrong(function, message):
    with pytest.raises(CheckFailed, match=message):
        ex01.check_plot(function)
    plt.close("all")
