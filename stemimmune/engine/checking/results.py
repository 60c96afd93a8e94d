"""What every exercise checker shares: the two exceptions, and calling learner code safely."""

from __future__ import annotations

import math
from collections.abc import Callable
from numbers import Real
from typing import Any

from matplotlib.axes import Axes
from matplotlib.figure import Figure


class NotAnswered(NotImplementedError):
    """Raised by an exercise stub that the learner has not filled in yet."""

    def __init__(self, message: str = "") -> None:
        super().__init__(message or "Not answered yet: replace this line with your code, "
                                    "then run the cell again.")

    def _render_traceback_(self) -> list[str]:  # IPython shows these lines instead
        return [f"✎ {self}"]


class CheckFailed(AssertionError):
    """A check that did not pass; the message says what was expected, in plain words."""

    def _render_traceback_(self) -> list[str]:  # IPython shows these lines instead
        return [f"✘ {self}"]


def passed(message: str) -> None:
    """Print a check's success line."""
    print(f"✔ {message}")


def call_learner(function: Any, name: str, *args: Any) -> Any:
    """Call the learner's function; turn any error into a CheckFailed that explains it."""
    if not callable(function):
        raise CheckFailed(f"`{name}` should be a function (defined with def), "
                          f"but it is a {type(function).__name__}.")
    try:
        return function(*args)
    except NotAnswered:
        raise CheckFailed(f"Not answered yet: write the body of `{name}` in the cell above, "
                          "run that cell, then run this check again.") from None
    except Exception as err:
        raise CheckFailed(f"`{name}` stopped with an error: {type(err).__name__}: {err}. "
                          "It should return its answer without an error: run it on its "
                          "own to see where it stops.") from None


def as_float(value: Any, problem: str) -> float:
    """``float(value)``, or :class:`CheckFailed` with ``problem`` when that cannot be done
    (an array of several values, text, or an int beyond the float range such as 10**400)."""
    try:
        return float(value)
    except (TypeError, ValueError, OverflowError):
        raise CheckFailed(problem) from None


def expect_number(value: Any, name: str, units: str) -> float:
    """Check that a result is a single finite number and return it as a float."""
    if value is None:
        raise CheckFailed(f"{name} returned None: did you forget the `return` line?")
    if isinstance(value, bool) or not isinstance(value, (int, float)) and \
            not hasattr(value, "__float__"):
        raise CheckFailed(f"{name} should be a single number (in {units}), "
                          f"but it is a {type(value).__name__}: {value!r:.80}.")
    try:
        number = float(value)
    except OverflowError:  # an int beyond the float range, e.g. 10**400
        raise CheckFailed(f"{name} should be a finite number (in {units}), but it is too "
                          "large to be one (more than 10^308): check the formula.") from None
    except (TypeError, ValueError):  # e.g. a numpy array of several values
        raise CheckFailed(f"{name} should be a single number (in {units}), but it is a "
                          f"{type(value).__name__} that cannot be read as one number.") from None
    if not math.isfinite(number):
        raise CheckFailed(f"{name} should be a finite number (in {units}), but it is {number}.")
    return number


def expect_close(value: float, expected: float, name: str, units: str,
                 rel_tol: float = 0.01, hints: dict[float, str] | None = None) -> None:
    """Check a number against the expected one; ``hints`` map a wrong ratio to advice.

    For example ``hints={1/60: "...did you divide by minutes, not seconds?"}`` fires when
    value/expected is within the tolerance of 1/60.
    """
    if math.isclose(value, expected, rel_tol=rel_tol):
        return
    if expected and hints:
        ratio = value / expected
        for wrong_ratio, advice in hints.items():
            if math.isclose(ratio, wrong_ratio, rel_tol=rel_tol):
                raise CheckFailed(f"{name} is {value:.4g} {units}. {advice}")
    raise CheckFailed(f"{name} is {value:.4g} {units}; expected about {expected:.3g} {units} "
                      f"(within {rel_tol:.0%}).")


def check_with_inputs(function: Callable[..., Any], name: str,
                      cases: list[tuple[tuple[Any, ...], Any]]) -> None:
    """Run ``function`` on each input and compare with the expected output (exact match)."""
    for args, expected in cases:
        got = call_learner(function, name, *args)
        if got != expected:
            shown = ", ".join(repr(a) for a in args)
            raise CheckFailed(f"{name}({shown}) returned {got!r}; expected {expected!r}.")


def expect_value_error(function: Callable[..., Any], name: str, args: tuple[Any, ...],
                       why: str, fix: str) -> None:
    """The learner's function should refuse ``args`` with a ValueError that has a message.

    ``why`` says what is wrong with the input; ``fix`` is the message to suggest.
    """
    call = f"{name}({', '.join(map(repr, args))})"
    try:
        result = function(*args)
    except NotAnswered:
        raise CheckFailed(f"Not answered yet: finish `{name}` in the cell above, run it, "
                          "then run this check again.") from None
    except ValueError as err:
        if not str(err).strip():
            raise CheckFailed(f"{call} raised ValueError, which is right, but without a "
                              "message. Say what is wrong, for example "
                              f"raise ValueError(\"{fix}\").") from None
        return
    except Exception as err:  # the learner's own error, e.g. ZeroDivisionError
        raise CheckFailed(f"{call} stopped with {type(err).__name__}: {err}. {why}; check "
                          f"for it first and raise ValueError(\"{fix}\").") from None
    try:
        shown = (f"{float(result):.4g}" if isinstance(result, Real)
                 and not isinstance(result, bool) else f"{result!r:.60}")
    except (OverflowError, ValueError):  # an int too large for a float, or to write out
        shown = f"a {type(result).__name__} too large to show"
    raise CheckFailed(f"{call} returned {shown}, but {why}. Check for it first and "
                      f"raise ValueError(\"{fix}\").")


def figure_of(result: Any, name: str) -> Figure:
    """The Figure a plotting function returned (an Axes is accepted too)."""
    if isinstance(result, Axes):
        return result.figure
    if isinstance(result, Figure):
        return result
    raise CheckFailed(f"{name} should return the matplotlib Figure it drew "
                      f"(for example `return fig`), but it returned {type(result).__name__}.")


def bar_axes(fig: Figure) -> Axes:
    """The first set of axes in ``fig`` that has bars, or CheckFailed saying there are none."""
    axes = [ax for ax in fig.axes if ax.patches]
    if not axes:
        raise CheckFailed("The figure has no bars: draw them with ax.bar(...).")
    return axes[0]
