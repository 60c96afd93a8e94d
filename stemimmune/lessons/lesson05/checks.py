"""Checks for exercise 05: incidence of acute GVHD by donor type, differences, and a chart.

The learner's functions work on a cohort table with one row per patient and the columns
``patient``, ``donor_type`` and ``acute_gvhd`` (True or False), like the simulated cohort of
:mod:`.simulated_cohort`. An incidence here is a **fraction between 0 and 1**
(0.4 means 40 % of the patients), never a percentage; only the chart shows percent.

Each checker runs the learner's function on small hand-made tables with easy numbers and
raises :class:`CheckFailed` with a sentence that names the likely slip.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from typing import Any

import matplotlib.pyplot as plt
import pandas as pd

from stemimmune.engine.checking import (
    CheckFailed,
    NotAnswered,
    as_float,
    bar_axes,
    call_learner,
    figure_of,
    passed,
)

TOLERANCE = 0.005  # relative tolerance for every number checked here
FRACTION = "fraction of patients, from 0 to 1"
Hint = tuple[float, str]


def make_cohort(counts: dict[str, tuple[int, int]]) -> pd.DataFrame:
    """A cohort table: for each donor type, (patients, patients with acute GVHD).

    The rows are interleaved across donor types, so a function that relies on the order of
    the rows, rather than on the ``donor_type`` column, gets the wrong answer.
    """
    groups = [[(donor, i < with_gvhd) for i in range(patients)]
              for donor, (patients, with_gvhd) in counts.items()]
    rows = []
    for position in range(max((len(g) for g in groups), default=0)):
        rows += [group[position] for group in groups if position < len(group)]
    table = pd.DataFrame(rows, columns=["donor_type", "acute_gvhd"])
    table["acute_gvhd"] = table["acute_gvhd"].astype(bool)
    table.insert(0, "patient", [f"T{i + 1:03d}" for i in range(len(table))])
    return table


#: Two small tables with easy numbers: 4 of 10, 6 of 8 and 0 of 5; then 7 of 20 and 10 of 16.
SAMPLE_COUNTS: dict[str, tuple[int, int]] = {"matched sibling": (10, 4), "unrelated": (8, 6),
                                             "autologous": (5, 0)}
OTHER_COUNTS: dict[str, tuple[int, int]] = {"matched sibling": (20, 7), "unrelated": (16, 10)}


def _incidence(counts: dict[str, tuple[int, int]], donor: str) -> float:
    patients, with_gvhd = counts[donor]
    return with_gvhd / patients


def _close(value: float, expected: float) -> bool:
    return math.isclose(value, expected, rel_tol=TOLERANCE, abs_tol=1e-9)


def _as_number(value: Any, call: str, units: str) -> float:
    """The learner's result as a float, or a CheckFailed that says what it is instead."""
    if value is None:
        raise CheckFailed(f"{call} returned None: did you forget the `return` line?")
    if isinstance(value, (pd.Series, pd.DataFrame)):
        raise CheckFailed(f"{call} returned a whole pandas {type(value).__name__}, not one "
                          "number. Keep only this donor type's rows, then take one number "
                          "from the acute_gvhd column, for example with .mean().")
    if isinstance(value, (bool, str, bytes)) or not hasattr(value, "__float__"):
        raise CheckFailed(f"{call} should return a single number (a {units}), but it "
                          f"returned a {type(value).__name__}: {value!r:.60}.")
    number = as_float(value, f"{call} should return a single number (a {units}), but it "
                             f"returned a {type(value).__name__} that is not one usable "
                             "number.")
    if math.isnan(number):
        raise CheckFailed(f"{call} returned nan (not a number). That happens when no row is "
                          "selected: check that you compare the donor_type column with the "
                          "donor type you were given, spelled exactly the same.")
    if not math.isfinite(number):
        raise CheckFailed(f"{call} returned {number}; it should be a finite number.")
    return number


def _compare(value: float, expected: float, call: str, hints: Sequence[Hint]) -> None:
    """Pass if ``value`` is close to ``expected``; otherwise name the likely slip."""
    if _close(value, expected):
        return
    for wrong, advice in hints:
        if _close(value, wrong):
            raise CheckFailed(f"{call} returned {value:.4g}. {advice}")
    raise CheckFailed(f"{call} returned {value:.4g}; expected about {expected:.4g}.")


# Task 1 ----------------------------------------------------------------------------------
def _incidence_hints(counts: dict[str, tuple[int, int]], donor: str) -> list[Hint]:
    patients, with_gvhd = counts[donor]
    everyone = sum(n for n, _ in counts.values())
    expected = with_gvhd / patients
    hints: list[Hint] = []
    if with_gvhd:
        hints += [
            (100 * expected, "That looks like a percentage. Return a fraction between 0 and "
                             "1: do not multiply by 100."),
            (float(with_gvhd), "That is a count of patients. Divide it by the number of "
                               "patients with this donor type."),
            (with_gvhd / everyone, "You divided by every patient in the table. Divide by "
                                   "the patients with this donor type only."),
        ]
    if with_gvhd < patients:
        hints.append((1 - expected, "That is the share of patients WITHOUT acute GVHD. "
                                    "Count the rows where acute_gvhd is True."))
    return hints


def check_incidence(incidence: Callable[[pd.DataFrame, str], Any]) -> None:
    """Task 1: ``incidence(table, donor_type)`` = share of that donor type with acute GVHD."""
    for counts in (SAMPLE_COUNTS, OTHER_COUNTS):
        table = make_cohort(counts)
        for donor in counts:
            call = f"incidence(table, {donor!r})"
            result = call_learner(incidence, "incidence", table.copy(), donor)
            value = _as_number(result, call, FRACTION)
            _compare(value, _incidence(counts, donor), call, _incidence_hints(counts, donor))
            if not 0 <= value <= 1:
                raise CheckFailed(f"{call} returned {value:.4g}, but an incidence is a "
                                  "fraction between 0 and 1.")
    passed("incidence is right: for example 4 of 10 matched-sibling patients is 0.4.")


def _expect_error(function: Callable[..., Any], error: type[Exception], args: tuple[Any, ...],
                  call: str, why: str, fix: str) -> None:
    """The learner's function should refuse ``args`` with ``error`` and a message."""
    wanted = error.__name__
    try:
        result = function(*args)
    except NotAnswered:
        raise CheckFailed("Not answered yet: finish `incidence` in the cell above, run it, "
                          "then run this check again.") from None
    except error as err:
        if not str(err).strip():
            raise CheckFailed(f"{call} raised {wanted}, which is right, but without a "
                              f"message. Say what is wrong, for example "
                              f"raise {wanted}(\"{fix}\").") from None
        return
    except Exception as err:  # the learner's own error, e.g. ZeroDivisionError
        raise CheckFailed(f"{call} stopped with {type(err).__name__}: {err}. {why}: check "
                          f"for it first and raise {wanted}(\"{fix}\").") from None
    shown = f"{result:.4g}" if isinstance(result, float) else repr(result)
    raise CheckFailed(f"{call} returned {shown:.60}, but {why}. Check for it first and "
                      f"raise {wanted}(\"{fix}\").")


def check_incidence_refuses(incidence: Callable[[pd.DataFrame, str], Any]) -> None:
    """Task 1: unknown donor types, empty tables and non-tables are refused, with a message."""
    if not callable(incidence):
        raise CheckFailed("`incidence` should be a function (defined with def), but it is a "
                          f"{type(incidence).__name__}.")
    table = make_cohort(SAMPLE_COUNTS)
    empty = table.iloc[0:0].copy()
    cases = (
        (ValueError, (table, "haploidentical"), "incidence(table, 'haploidentical')",
         "no patient in the table has the donor type 'haploidentical'",
         "unknown donor type: haploidentical"),
        (ValueError, (empty, "unrelated"), "incidence(empty_table, 'unrelated')",
         "the table is empty, so there are no patients to divide by",
         "the table has no patients"),
        (TypeError, (table.to_dict(orient="list"), "unrelated"),
         "incidence(a_dictionary, 'unrelated')",
         "the first argument is a dictionary of lists, not a pandas DataFrame",
         "table must be a pandas DataFrame"),
        (TypeError, ("cohort.csv", "unrelated"), "incidence('cohort.csv', 'unrelated')",
         "the first argument is a piece of text (a file name?), not a pandas DataFrame",
         "table must be a pandas DataFrame"),
    )
    for error, args, call, why, fix in cases:
        _expect_error(incidence, error, args, call, why, fix)
    passed("incidence refuses an unknown donor type, an empty table and input that is not "
           "a table, each with a message.")


# Task 2 ----------------------------------------------------------------------------------
def check_difference(incidence_difference: Callable[[pd.DataFrame, str, str], Any]) -> None:
    """Task 2: ``incidence_difference(table, a, b)`` = incidence of a minus incidence of b."""
    for counts, first, second in ((SAMPLE_COUNTS, "unrelated", "matched sibling"),
                                  (SAMPLE_COUNTS, "matched sibling", "autologous"),
                                  (OTHER_COUNTS, "unrelated", "matched sibling")):
        table = make_cohort(counts)
        call = f"incidence_difference(table, {first!r}, {second!r})"
        result = call_learner(incidence_difference, "incidence_difference", table.copy(),
                              first, second)
        value = _as_number(result, call, "difference of two fractions")
        a, b = _incidence(counts, first), _incidence(counts, second)
        hints: list[Hint] = [
            (b - a, "The sign is reversed: subtract the second donor type's incidence from "
                    "the first one's."),
            (100 * (a - b), "That looks like percentage points. Return the difference of "
                            "two fractions: do not multiply by 100."),
        ]
        if b:
            hints += [(a / b, "That is a ratio (one incidence divided by the other). The "
                              "task asks for a difference: subtract."),
                      ((a - b) / b, "That is the relative difference (divided by the second "
                                    "incidence). Return the plain difference.")]
        _compare(value, a - b, call, hints)
    passed("incidence_difference is right: the first donor type's incidence minus the "
           "second's, as a fraction.")


# Task 3 ----------------------------------------------------------------------------------


def _matches(heights: list[float], expected: list[float]) -> bool:
    return len(heights) == len(expected) and all(
        _close(h, e) for h, e in zip(sorted(heights), sorted(expected)))


def check_plot(plot_incidence: Callable[[pd.DataFrame], Any]) -> None:
    """Task 3: ``plot_incidence(table)`` draws one labelled bar per donor type, in percent."""
    table = make_cohort(SAMPLE_COUNTS)
    fig = figure_of(call_learner(plot_incidence, "plot_incidence", table.copy()),
                    "plot_incidence")
    try:
        ax = bar_axes(fig)
        heights = [patch.get_height() for patch in ax.patches]
        expected = [100 * _incidence(SAMPLE_COUNTS, d) for d in SAMPLE_COUNTS]
        if len(heights) != len(expected):
            raise CheckFailed(f"For a table with {len(expected)} donor types the chart has "
                              f"{len(heights)} bars; draw one bar per donor type.")
        if _matches(heights, [e / 100 for e in expected]):
            raise CheckFailed("The bars show fractions (0.4 for 40%). The chart should show "
                              "percent: multiply each incidence by 100 for the chart.")
        if _matches(heights, [float(w) for _, w in SAMPLE_COUNTS.values()]):
            raise CheckFailed("The bars show counts of patients with acute GVHD. Show each "
                              "donor type's incidence in percent instead.")
        if not _matches(heights, expected):
            shown = ", ".join(f"{h:.3g}" for h in heights)
            raise CheckFailed(f"For groups with 4 of 10, 6 of 8 and 0 of 5 patients with "
                              f"acute GVHD the bars are {shown}; expected 40, 75 and 0 "
                              "(percent).")
        problems = []
        title = ax.get_title().strip()
        if not title:
            problems.append("the chart needs a title")
        elif "simulated" not in title.lower():
            problems.append("the title should say that the data are simulated")
        if not ax.get_xlabel().strip():
            problems.append("the x-axis needs a label (for example 'Donor type')")
        ylabel = ax.get_ylabel().lower()
        if not ylabel.strip():
            problems.append("the y-axis needs a label with its unit, percent")
        elif "%" not in ylabel and "percent" not in ylabel:
            problems.append("the y-axis label should give the unit: % of patients")
        if problems:
            raise CheckFailed("Almost there: " + "; ".join(problems) + ".")
    finally:
        plt.close(fig)
    passed("plot_incidence draws one bar per donor type in percent, with a title that says "
           "the data are simulated and labelled axes.")
