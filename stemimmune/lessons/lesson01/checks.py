"""Checks for exercise 01: blood cells per second, shares of production, and a bar chart."""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

import matplotlib.pyplot as plt
import pandas as pd

from stemimmune.engine.checking import (
    CheckFailed,
    bar_axes,
    call_learner,
    expect_close,
    expect_number,
    figure_of,
    passed,
)

SECONDS_PER_DAY = 24 * 60 * 60
#: A small table with easy numbers, so a wrong share is easy to spot in a message.
SAMPLE = pd.DataFrame({"cell_type": ["Type A", "Type B", "Type C"],
                       "lineage": ["myeloid", "myeloid", "lymphoid"],
                       "cells_per_day": [500.0, 300.0, 200.0]})


def check_per_second(per_second: Callable[[float], float]) -> None:
    """Task 1: ``per_second(cells_per_day)`` turns a daily count into a count per second."""
    for per_day in (SECONDS_PER_DAY, 0.33e12):
        result = call_learner(per_second, "per_second", per_day)
        value = expect_number(result, f"per_second({per_day:g})", "cells per second")
        expect_close(value, per_day / SECONDS_PER_DAY, f"per_second({per_day:g})",
                     "cells per second", hints={
                         60.0: "That is per minute: divide by 60 once more.",
                         3600.0: "That is per hour: divide by 60 and by 60 again.",
                         float(SECONDS_PER_DAY): "That is still per day: divide by the "
                                                 "number of seconds in a day.",
                         1 / SECONDS_PER_DAY: "You divided by the seconds in a day twice.",
                     })
    passed("per_second is right: 0.33 × 10¹² cells a day is about 3.8 million a second.")


def _as_numbers(result: Any, name: str, length: int) -> list[float]:
    if isinstance(result, (pd.DataFrame, str, bytes, dict)) or result is None:
        raise CheckFailed(f"{name} should return one number per row (a pandas Series or a "
                          f"list), but it returned {type(result).__name__}.")
    try:
        numbers = [float(x) for x in result]
    except (TypeError, ValueError):
        raise CheckFailed(f"{name} should return numbers, one per row; got {result!r:.80}."
                          ) from None
    except OverflowError:  # an int beyond the float range, e.g. 10**400
        raise CheckFailed(f"{name} should return shares in percent, one per row, but some "
                          "are too large to be numbers (more than 10^308).") from None
    if len(numbers) != length:
        raise CheckFailed(f"{name} returned {len(numbers)} values for a table of {length} "
                          "rows: it should give one share per row.")
    if any(math.isnan(x) for x in numbers):
        raise CheckFailed(f"{name} returned NaN (not a number) for some rows: "
                          "check the column name 'cells_per_day'.")
    return numbers


def check_shares(shares_percent: Callable[[pd.DataFrame], Any]) -> None:
    """Task 2: ``shares_percent(table)`` gives each row's share of the total, in percent."""
    result = call_learner(shares_percent, "shares_percent", SAMPLE.copy())
    numbers = _as_numbers(result, "shares_percent", len(SAMPLE))
    expected = [50.0, 30.0, 20.0]
    if all(math.isclose(n, e / 100, rel_tol=1e-6) for n, e in zip(numbers, expected)):
        raise CheckFailed("Your shares are fractions (they add up to 1). The task asks for "
                          "percent: multiply by 100.")
    if not all(math.isclose(n, e, rel_tol=1e-6) for n, e in zip(numbers, expected)):
        raise CheckFailed(f"For rows of 500, 300 and 200 cells a day, shares_percent gave "
                          f"{[round(n, 3) for n in numbers]}; expected [50, 30, 20] "
                          "(each row divided by the total of the column, times 100).")
    passed("shares_percent is right: each row's share of the total, in percent.")




def check_plot(plot_production: Callable[[pd.DataFrame], Any]) -> None:
    """Task 3: ``plot_production(table)`` draws a labelled bar chart on a log scale."""
    fig = figure_of(call_learner(plot_production, "plot_production", SAMPLE.copy()),
                    "plot_production")
    try:
        ax = bar_axes(fig)
        if len(ax.patches) != len(SAMPLE):
            raise CheckFailed(f"For a table of {len(SAMPLE)} rows the chart has "
                              f"{len(ax.patches)} bars; draw one bar per cell type.")
        problems = []
        if ax.get_yscale() != "log":
            problems.append("the y-axis should be on a log scale (ax.set_yscale('log')), "
                            "because the counts differ a hundredfold")
        if not ax.get_title().strip():
            problems.append("the chart needs a title")
        if not ax.get_xlabel().strip():
            problems.append("the x-axis needs a label")
        if "day" not in ax.get_ylabel().lower():
            problems.append("the y-axis label should give the unit, cells per day")
        if problems:
            raise CheckFailed("Almost there: " + "; ".join(problems) + ".")
    finally:
        plt.close(fig)
    passed("plot_production draws one bar per cell type, on a log scale, with labels.")
