"""Checks for exercise 02: finding the day of neutrophil engraftment in daily counts.

The rule the learner codes: neutrophil engraftment (neutrophil recovery) is the first of 3
consecutive days with an absolute neutrophil count (ANC) of at least 0.5 × 10⁹/L, counted
after the post-transplant nadir (Sureda et al., Bone Marrow Transplant 2024). In the
exercise every series starts after the nadir, and a missing count (NaN or None) does not
meet the threshold, so it breaks the run. ``engraftment_day(counts)`` takes a pandas Series
of daily counts whose index holds the day numbers, returns the day number (an index label)
of engraftment, or ``None`` if the counts never engraft; anything that is not a Series
raises TypeError or ValueError.

Each checker runs the learner's function on small hand-made series with a known answer and
raises :class:`CheckFailed` with a sentence that points at the likely mistake.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from typing import Any

import pandas as pd

from stemimmune.engine.checking import CheckFailed, NotAnswered, as_float, call_learner, passed

NAME = "engraftment_day"
THRESHOLD = 0.5
RUN_LENGTH = 3


def make_counts(values: Sequence[Any], first_day: int = 0, dtype: str = "float64") -> pd.Series:
    """A daily count series like the exercise's: one value per day, index = day number."""
    days = range(first_day, first_day + len(values))
    return pd.Series(list(values), index=pd.Index(days, name="day"), dtype=dtype,
                     name="neutrophils_1e9_per_L")


def _show(counts: pd.Series) -> str:
    """The series written out for a message: 'day 0: 0.1, day 1: 0.3, …'."""
    if counts.empty:
        return "an empty series"
    shown = ", ".join(f"day {d}: {'missing' if pd.isna(v) else f'{v:g}'}"
                      for d, v in counts.items())
    return f"[{shown}]"


def _is_missing(value: Any) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value))


def _first_day_at_threshold(counts: pd.Series) -> Any:
    """The first day with a count of at least the threshold, ignoring how long it lasts."""
    for day, value in counts.items():
        if not _is_missing(value) and value >= THRESHOLD:
            return day
    return None


def _run(function: Callable[[pd.Series], Any], counts: pd.Series, hint: str = "") -> Any:
    """Call the learner's function on a copy of ``counts``; explain any error it raises."""
    try:
        return call_learner(function, NAME, counts.copy())
    except CheckFailed as failed:
        message = str(failed)
        if "Not answered yet" in message or "should be a function" in message:
            raise
        raise CheckFailed(f"{message} It happened for the counts {_show(counts)}."
                          + (f" {hint}" if hint else "")) from None


def _as_day(result: Any, counts: pd.Series) -> Any:
    """Check that a result is a single day number (or None) and return it."""
    if result is None:
        return None
    if isinstance(result, bool) or not isinstance(result, (int, float)) and \
            not hasattr(result, "__index__") and not hasattr(result, "__float__"):
        raise CheckFailed(f"{NAME} should return one day number (a label from the series' "
                          f"index) or None, but for the counts {_show(counts)} it returned "
                          f"a {type(result).__name__}: {result!r:.80}.")
    number = as_float(result, f"{NAME} should return one day number (a label from the "
                      f"series' index) or None, but for the counts {_show(counts)} it "
                      f"returned a {type(result).__name__} that is not one usable number.")
    if math.isnan(number):
        raise CheckFailed(f"{NAME} returned NaN (not a number) for the counts {_show(counts)}. "
                          "Return the day number itself, or None if the counts never engraft.")
    return number


def _expect(function: Callable[[pd.Series], Any], counts: pd.Series, expected: Any,
            *, error_hint: str = "", wrong: dict[Any, str] | None = None) -> None:
    """Run one case and compare with the expected day; ``wrong`` maps a wrong day to advice."""
    result = _run(function, counts, error_hint)
    day = _as_day(result, counts)
    if expected is None:
        if day is None:
            return
        raise CheckFailed(f"For the counts {_show(counts)}, {NAME} returned {result!r}, but the "
                          f"count never stays at {THRESHOLD} or more for {RUN_LENGTH} days in a "
                          "row, so it should return None.")
    if day is None:
        extra = ""
        if counts.loc[expected] == THRESHOLD:
            extra = (f" Note that a count of exactly {THRESHOLD} counts: the rule says at least "
                     f"{THRESHOLD} (>=), not more than {THRESHOLD} (>).")
        raise CheckFailed(f"For the counts {_show(counts)}, {NAME} returned None, but the counts "
                          f"engraft on day {expected}.{extra} (If you see None for every series, "
                          "check that your function ends with a `return` line.)")
    if day == expected:
        return
    shown = int(day) if day.is_integer() else day
    advice = (wrong or {}).get(shown, "")
    if not advice and shown in (expected + 1, expected + 2):
        advice = (f"Day {shown} is inside the run of {RUN_LENGTH} days that starts on day "
                  f"{expected}: return the first day of the run, not a later one.")
    if not advice and counts.index[0] != 0 and 0 <= shown < len(counts) \
            and counts.index[int(shown)] == expected:
        advice = (f"{shown} is the position of that day in the series, not its day number: this "
                  f"series starts on day {counts.index[0]}. Use the index labels, for example "
                  "`for day, value in counts.items():`.")
    if not advice and shown == _first_day_at_threshold(counts):
        advice = (f"Day {shown} is the first day at {THRESHOLD} or more, but the count does not "
                  f"stay there for {RUN_LENGTH} days in a row: all {RUN_LENGTH} days must meet "
                  "the threshold.")
    raise CheckFailed(f"For the counts {_show(counts)}, {NAME} returned {result!r}; expected day "
                      f"{expected}. " + (advice or f"Look for the first day that starts "
                                         f"{RUN_LENGTH} days in a row at {THRESHOLD} or more."))


def check_ordinary(engraftment_day: Callable[[pd.Series], Any]) -> None:
    """An ordinary recovery, a series that starts on day 5, and a count of exactly 0.5."""
    _expect(engraftment_day, make_counts(
        [0.02, 0.01, 0.03, 0.05, 0.04, 0.08, 0.1, 0.15, 0.2, 0.31, 0.42, 0.61, 0.9, 1.3, 1.8,
         2.2, 2.5, 2.4]), 11)
    _expect(engraftment_day, make_counts([0.1, 0.2, 0.3, 0.55, 0.7, 0.9, 1.2], first_day=5), 8)
    _expect(engraftment_day, make_counts([0.2, 0.3, 0.5, 0.5, 0.6, 0.9]), 2,
            wrong={3: f"A count of exactly {THRESHOLD} counts: the rule says at least "
                      f"{THRESHOLD} (>=), not more than {THRESHOLD} (>)."})
    passed(f"{NAME} finds the first of {RUN_LENGTH} days in a row at {THRESHOLD} or more, "
           "and reports it as a day number.")


def check_never_engrafts(engraftment_day: Callable[[pd.Series], Any]) -> None:
    """Series that never engraft: low throughout, short runs, a run cut off at the end, empty."""
    end_hint = (f"Near the end of the series fewer than {RUN_LENGTH} days are left: stop "
                f"looking when there is no room left for {RUN_LENGTH} days.")
    _expect(engraftment_day, make_counts([0.01, 0.02, 0.05, 0.1, 0.2, 0.3, 0.4, 0.45]), None,
            error_hint=end_hint)
    _expect(engraftment_day, make_counts([0.6, 0.1, 0.7, 0.8, 0.2, 0.9, 0.4]), None,
            error_hint=end_hint)
    _expect(engraftment_day, make_counts([0.1, 0.2, 0.3, 0.6, 0.7]), None, error_hint=end_hint)
    _expect(engraftment_day, make_counts([]), None,
            error_hint="An empty series has no days at all: it never engrafts, so return None.")
    passed(f"{NAME} returns None when the counts never stay at {THRESHOLD} or more for "
           f"{RUN_LENGTH} days in a row, including for an empty series.")


def check_dip(engraftment_day: Callable[[pd.Series], Any]) -> None:
    """A count that dips below 0.5 on the second, or the third, day of a would-be run."""
    dip_second = make_counts([0.1, 0.2, 0.6, 0.4, 0.7, 0.8, 0.9, 1.1])
    _expect(engraftment_day, dip_second, 4, wrong={2: (
        f"Day 2 is the first day at {THRESHOLD} or more, but the count dips to 0.4 on day 3, the "
        "second day of that run, so the run is broken. All three days must meet the threshold.")})
    dip_third = make_counts([0.2, 0.55, 0.6, 0.45, 0.8, 0.9, 1.0])
    _expect(engraftment_day, dip_third, 4, wrong={1: (
        "Days 1 and 2 are at 0.5 or more, but day 3 dips to 0.45, so the run from day 1 is "
        "broken. Check all three days, not only the first two.")})
    passed(f"{NAME} does not count a run that dips below {THRESHOLD} before its third day.")


def check_missing_values(engraftment_day: Callable[[pd.Series], Any]) -> None:
    """Missing counts (NaN, or None in a series of Python objects) do not meet the threshold."""
    missing_hint = ("A missing count (NaN or None) cannot be compared with 0.5; test for it "
                    "first with `pd.isna(value)` and treat it as not meeting the threshold "
                    "(in this exercise, a missing count breaks the run).")
    nan_gap = make_counts([0.1, 0.3, 0.6, float("nan"), 0.7, 0.8, 0.9])
    _expect(engraftment_day, nan_gap, 4, error_hint=missing_hint, wrong={2: (
        "The count on day 3 is missing (NaN). A missing count does not meet the threshold, so "
        "the run that starts on day 2 is broken.")})
    none_gap = make_counts([0.2, 0.6, None, 0.7, 0.9, 1.2], dtype="object")
    _expect(engraftment_day, none_gap, 3, error_hint=missing_hint, wrong={1: (
        "The count on day 2 is missing (None). A missing count does not meet the threshold, so "
        "the run that starts on day 1 is broken.")})
    _expect(engraftment_day, make_counts([float("nan")] * 5), None, error_hint=missing_hint)
    passed(f"{NAME} treats a missing count (NaN or None) as not meeting the threshold.")


def check_wrong_type(engraftment_day: Callable[[pd.Series], Any]) -> None:
    """Anything that is not a pandas Series must stop with a TypeError or ValueError."""
    if not callable(engraftment_day):
        call_learner(engraftment_day, NAME)  # raises the plain 'should be a function' message
    for bad in ("0.2, 0.6, 0.7, 0.8", 0.7, 12, None):
        try:
            result = engraftment_day(bad)
        except NotAnswered:
            raise CheckFailed(f"Not answered yet: write the body of `{NAME}` in the cell above, "
                              "run that cell, then run this check again.") from None
        except (TypeError, ValueError):
            continue
        except Exception as err:  # any other error: the learner did not check the type
            raise CheckFailed(f"{NAME}({bad!r}) stopped with {type(err).__name__}: {err}. The "
                              "task asks for a TypeError when counts is not a pandas Series: "
                              "check the type first, for example `if not isinstance(counts, "
                              "pd.Series): raise TypeError(...)`.") from None
        raise CheckFailed(f"{NAME}({bad!r}) returned {result!r} instead of stopping with an "
                          f"error. Given a {type(bad).__name__} rather than a pandas Series, it "
                          "should raise a TypeError (or ValueError) that says what it expected.")
    passed(f"{NAME} refuses input that is not a pandas Series, with a TypeError or ValueError.")


#: Every check of the exercise, in the order the exercise runs them.
CHECKS: tuple[Callable[[Callable[[pd.Series], Any]], None], ...] = (
    check_ordinary, check_never_engrafts, check_dip, check_missing_values, check_wrong_type)
